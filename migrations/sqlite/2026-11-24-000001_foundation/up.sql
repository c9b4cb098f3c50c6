-- Companies, API keys, reference data, properties, the contact book and credentials.
-- Times are UTC without a zone; ids are UUIDs.

CREATE TABLE companies (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    currency TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,
    digest TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
CREATE INDEX api_keys_company ON api_keys (company_id);
CREATE INDEX api_keys_prefix ON api_keys (prefix);

CREATE TABLE countries (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    iso_code2 TEXT NOT NULL UNIQUE,
    iso_code3 TEXT NOT NULL UNIQUE,
    dialing_code TEXT NOT NULL
);

CREATE TABLE regions (
    id INTEGER PRIMARY KEY CHECK (id > 0),
    country_id INTEGER NOT NULL REFERENCES countries (id),
    name TEXT NOT NULL,
    code TEXT NOT NULL
);
CREATE INDEX regions_country ON regions (country_id);

CREATE TABLE properties (
    id TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    address TEXT,
    city TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX properties_company ON properties (company_id);

CREATE TABLE contact_books (
    id TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    email TEXT NOT NULL,
    email_normalized TEXT NOT NULL,
    phone_number TEXT NOT NULL,
    address TEXT,
    city TEXT,
    postal_code TEXT,
    region_id INTEGER REFERENCES regions (id),
    country_id INTEGER REFERENCES countries (id),
    has_communication_address BOOLEAN NOT NULL DEFAULT 0,
    comm_address TEXT,
    comm_city TEXT,
    comm_postal_code TEXT,
    comm_region_id INTEGER REFERENCES regions (id),
    comm_country_id INTEGER REFERENCES countries (id),
    property_id TEXT REFERENCES properties (id) ON DELETE SET NULL,
    profile_image_id TEXT,
    profile_image_content_type TEXT,
    profile_image_size BIGINT,
    profile_image_updated_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (company_id, email_normalized)
);
CREATE UNIQUE INDEX contact_books_profile_image ON contact_books (profile_image_id);

CREATE TABLE credentials (
    contact_id TEXT PRIMARY KEY REFERENCES contact_books (id) ON DELETE CASCADE,
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    user_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    security_stamp TEXT NOT NULL,
    concurrency_stamp TEXT,
    concurrency_stamp_expires_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (company_id, user_name)
);
