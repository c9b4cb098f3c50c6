-- Sessions: every token names one (claim "sid"); a request is served only while its session
-- is live, on every process. Logout ends one; a password change ends the others.

CREATE TABLE sessions (
    id uuid PRIMARY KEY,
    company_id uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    contact_id uuid NOT NULL REFERENCES contact_books (id) ON DELETE CASCADE,
    created_at timestamp NOT NULL,
    last_used_at timestamp NOT NULL,
    expires_at timestamp NOT NULL,
    ended_at timestamp,
    user_agent text
);

CREATE INDEX sessions_by_contact ON sessions (contact_id, company_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
