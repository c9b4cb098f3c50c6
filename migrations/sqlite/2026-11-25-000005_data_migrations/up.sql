-- Data migrations done in code (what SQL alone cannot do on both backends, such as folding
-- stored e-mail addresses with Unicode NFKC), each recorded once by name.

CREATE TABLE data_migrations (
    name TEXT PRIMARY KEY,
    applied_at TIMESTAMP NOT NULL
);
