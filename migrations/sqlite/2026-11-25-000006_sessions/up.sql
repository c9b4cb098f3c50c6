-- Sessions: every token names one (claim "sid"); a request is served only while its session
-- is live, on every process. Logout ends one; a password change ends the others.

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    contact_id TEXT NOT NULL REFERENCES contact_books (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    ended_at TIMESTAMP,
    user_agent TEXT
);

CREATE INDEX sessions_by_contact ON sessions (contact_id, company_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
