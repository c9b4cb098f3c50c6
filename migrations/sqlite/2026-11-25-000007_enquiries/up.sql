-- Enquiries: every lead form posted, as it was posted. A form for a known address changes
-- nothing stored about the contact (an anonymous post is no proof of anything): it is kept
-- here, as another enquiry of that contact, for the company to read.

CREATE TABLE enquiries (
    id TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    contact_id TEXT NOT NULL REFERENCES contact_books (id) ON DELETE CASCADE,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    email TEXT NOT NULL,
    phone_number TEXT NOT NULL,
    address TEXT,
    city TEXT,
    postal_code TEXT,
    region_id INTEGER,
    country_id INTEGER,
    property_id TEXT,
    created_at TIMESTAMP NOT NULL
);

CREATE INDEX enquiries_by_contact ON enquiries (contact_id, company_id, created_at);
