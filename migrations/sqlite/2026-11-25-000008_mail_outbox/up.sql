-- The mail outbox: a mail is queued in the same transaction as what it announces, and every
-- API process delivers what is due, each mail claimed first (claimed_by, claimed_until) so that
-- two processes do not send it twice; a failed try is retried later (next_attempt_at), and a
-- mail is given up (failed_at) after its last try.

CREATE TABLE mail_outbox (
    id TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    next_attempt_at TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    claimed_by TEXT,
    claimed_until TIMESTAMP,
    sent_at TIMESTAMP,
    failed_at TIMESTAMP,
    last_error TEXT
);

CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at);
