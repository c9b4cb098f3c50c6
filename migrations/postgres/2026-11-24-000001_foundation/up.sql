-- Companies, API keys, reference data, properties, the contact book and credentials.
-- Times are UTC without a zone; ids are UUIDs.

CREATE TABLE companies (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    currency text NOT NULL,
    created_at timestamp NOT NULL
);

CREATE TABLE api_keys (
    id uuid PRIMARY KEY,
    company_id uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    name text NOT NULL,
    prefix text NOT NULL,
    digest text NOT NULL UNIQUE,
    created_at timestamp NOT NULL,
    revoked_at timestamp
);
CREATE INDEX api_keys_company ON api_keys (company_id);
CREATE INDEX api_keys_prefix ON api_keys (prefix);

CREATE TABLE countries (
    id integer PRIMARY KEY,
    name text NOT NULL,
    iso_code2 text NOT NULL UNIQUE,
    iso_code3 text NOT NULL UNIQUE,
    dialing_code text NOT NULL
);

CREATE TABLE regions (
    id integer PRIMARY KEY CHECK (id > 0),
    country_id integer NOT NULL REFERENCES countries (id),
    name text NOT NULL,
    code text NOT NULL
);
CREATE INDEX regions_country ON regions (country_id);

CREATE TABLE properties (
    id uuid PRIMARY KEY,
    company_id uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    name text NOT NULL,
    address text,
    city text,
    created_at timestamp NOT NULL
);
CREATE INDEX properties_company ON properties (company_id);

CREATE TABLE contact_books (
    id uuid PRIMARY KEY,
    company_id uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    first_name text NOT NULL,
    last_name text NOT NULL,
    email text NOT NULL,
    email_normalized text NOT NULL,
    phone_number text NOT NULL,
    address text,
    city text,
    postal_code text,
    region_id integer REFERENCES regions (id),
    country_id integer REFERENCES countries (id),
    has_communication_address boolean NOT NULL DEFAULT false,
    comm_address text,
    comm_city text,
    comm_postal_code text,
    comm_region_id integer REFERENCES regions (id),
    comm_country_id integer REFERENCES countries (id),
    property_id uuid REFERENCES properties (id) ON DELETE SET NULL,
    profile_image_id uuid,
    profile_image_content_type text,
    profile_image_size bigint,
    profile_image_updated_at timestamp,
    created_at timestamp NOT NULL,
    updated_at timestamp NOT NULL,
    UNIQUE (company_id, email_normalized)
);
CREATE UNIQUE INDEX contact_books_profile_image ON contact_books (profile_image_id);

CREATE TABLE credentials (
    contact_id uuid PRIMARY KEY REFERENCES contact_books (id) ON DELETE CASCADE,
    company_id uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    user_name text NOT NULL,
    password_hash text NOT NULL,
    security_stamp uuid NOT NULL,
    concurrency_stamp uuid,
    concurrency_stamp_expires_at timestamp,
    created_at timestamp NOT NULL,
    updated_at timestamp NOT NULL,
    UNIQUE (company_id, user_name)
);
