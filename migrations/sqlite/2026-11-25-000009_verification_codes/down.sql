DROP TABLE verification_codes;
ALTER TABLE contact_books DROP COLUMN email_verified;
