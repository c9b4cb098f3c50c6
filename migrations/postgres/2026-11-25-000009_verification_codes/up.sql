-- Proof of an e-mail address: one-time codes mailed to it, stored only as a keyed digest.
-- A code claims a lead's address for a registration (claim), confirms a new tenant's address
-- (confirm) or recovers a password (reset); it is single use (used_at), dead after its tries,
-- and issuing a new one ends the earlier ones of the same contact and purpose.

ALTER TABLE contact_books ADD COLUMN email_verified boolean NOT NULL DEFAULT false;

CREATE TABLE verification_codes (
    id uuid PRIMARY KEY,
    company_id uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    contact_id uuid NOT NULL REFERENCES contact_books (id) ON DELETE CASCADE,
    purpose text NOT NULL,
    digest text NOT NULL,
    tries integer NOT NULL DEFAULT 0,
    created_at timestamp NOT NULL,
    expires_at timestamp NOT NULL,
    used_at timestamp
);

CREATE INDEX verification_codes_by_contact ON verification_codes (contact_id, purpose);
CREATE INDEX verification_codes_by_expiry ON verification_codes (expires_at);
