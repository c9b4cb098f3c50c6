-- The mail outbox: a mail is queued in the same transaction as what it announces, and every
-- API process delivers what is due, each mail claimed first (claimed_by, claimed_until) so that
-- two processes do not send it twice; a failed try is retried later (next_attempt_at), and a
-- mail is given up (failed_at) after its last try.

CREATE TABLE mail_outbox (
    id uuid PRIMARY KEY,
    company_id uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    to_address text NOT NULL,
    subject text NOT NULL,
    body_text text NOT NULL,
    created_at timestamp NOT NULL,
    next_attempt_at timestamp NOT NULL,
    attempts integer NOT NULL DEFAULT 0,
    claimed_by uuid,
    claimed_until timestamp,
    sent_at timestamp,
    failed_at timestamp,
    last_error text
);

CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at);
