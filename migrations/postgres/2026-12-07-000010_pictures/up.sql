-- Pictures live in the database, where every process reads them: any number of replicas
-- serve every picture, and a picture's bytes are written in the transaction that makes it the
-- contact's (a crash leaves no orphan). Pictures stored as files by earlier versions are
-- moved in by each process at start-up (and by `storegister-admin migrate`) from its
-- storage.path.
CREATE TABLE pictures (
    id uuid PRIMARY KEY,
    company_id uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    contact_id uuid NOT NULL REFERENCES contact_books (id) ON DELETE CASCADE,
    content_type text NOT NULL,
    bytes bytea NOT NULL,
    created_at timestamp NOT NULL
);

CREATE INDEX pictures_by_contact ON pictures (contact_id);
