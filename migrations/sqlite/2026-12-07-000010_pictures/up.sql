-- Pictures live in the database, where every process reads them: any number of replicas
-- serve every picture, and a picture's bytes are written in the transaction that makes it the
-- contact's (a crash leaves no orphan). Pictures stored as files by earlier versions are
-- moved in by each process at start-up (and by `storegister-admin migrate`) from its
-- storage.path.
CREATE TABLE pictures (
    id TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    contact_id TEXT NOT NULL REFERENCES contact_books (id) ON DELETE CASCADE,
    content_type TEXT NOT NULL,
    bytes BLOB NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE INDEX pictures_by_contact ON pictures (contact_id);
