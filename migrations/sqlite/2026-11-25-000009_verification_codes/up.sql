-- Proof of an e-mail address: one-time codes mailed to it, stored only as a keyed digest.
-- A code claims a lead's address for a registration (claim), confirms a new tenant's address
-- (confirm) or recovers a password (reset); it is single use (used_at), dead after its tries,
-- and issuing a new one ends the earlier ones of the same contact and purpose.

ALTER TABLE contact_books ADD COLUMN email_verified BOOLEAN NOT NULL DEFAULT 0;

CREATE TABLE verification_codes (
    id TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    contact_id TEXT NOT NULL REFERENCES contact_books (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    digest TEXT NOT NULL,
    tries INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);

CREATE INDEX verification_codes_by_contact ON verification_codes (contact_id, purpose);
CREATE INDEX verification_codes_by_expiry ON verification_codes (expires_at);
