-- Password attempts (logins and password changes) per user name, for the attempt limit.
-- Kept in the database so that every API process behind a load balancer counts the same.

CREATE TABLE password_attempts (
    id uuid PRIMARY KEY,
    company_id uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    user_name text NOT NULL,
    attempted_at timestamp NOT NULL
);

CREATE INDEX password_attempts_by_user_name
    ON password_attempts (company_id, user_name, attempted_at);
CREATE INDEX password_attempts_by_time ON password_attempts (attempted_at);
