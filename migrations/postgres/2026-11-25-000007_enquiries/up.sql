-- Enquiries: every lead form posted, as it was posted. A form for a known address changes
-- nothing stored about the contact (an anonymous post is no proof of anything): it is kept
-- here, as another enquiry of that contact, for the company to read.

CREATE TABLE enquiries (
    id uuid PRIMARY KEY,
    company_id uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    contact_id uuid NOT NULL REFERENCES contact_books (id) ON DELETE CASCADE,
    first_name text NOT NULL,
    last_name text NOT NULL,
    email text NOT NULL,
    phone_number text NOT NULL,
    address text,
    city text,
    postal_code text,
    region_id integer,
    country_id integer,
    property_id uuid,
    created_at timestamp NOT NULL
);

CREATE INDEX enquiries_by_contact ON enquiries (contact_id, company_id, created_at);
