-- Units, contracts and invoices for the tenant portal. Money is integer minor units.

CREATE TABLE units (
    id TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    property_id TEXT NOT NULL REFERENCES properties (id) ON DELETE CASCADE,
    unit_number TEXT NOT NULL,
    size_hundredths BIGINT NOT NULL CHECK (size_hundredths > 0),
    size_unit TEXT NOT NULL CHECK (size_unit IN ('m2', 'm3')),
    storage_type TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (property_id, unit_number)
);
CREATE INDEX units_company ON units (company_id);

CREATE TABLE contracts (
    id TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    contact_id TEXT NOT NULL REFERENCES contact_books (id) ON DELETE CASCADE,
    unit_id TEXT NOT NULL REFERENCES units (id),
    contract_number TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('ACTIVE', 'TERMINATING', 'ENDED')),
    start_date DATE NOT NULL,
    end_date DATE CHECK (end_date IS NULL OR end_date >= start_date),
    currency TEXT NOT NULL,
    rent_minor BIGINT NOT NULL CHECK (rent_minor >= 0),
    payment_period TEXT NOT NULL CHECK (payment_period IN ('MONTHLY', 'QUARTERLY', 'YEARLY')),
    deposit_minor BIGINT NOT NULL CHECK (deposit_minor >= 0),
    created_at TIMESTAMP NOT NULL,
    UNIQUE (company_id, contract_number)
);
CREATE INDEX contracts_tenant ON contracts (company_id, contact_id);
CREATE INDEX contracts_unit ON contracts (unit_id);

CREATE TABLE invoices (
    id TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    contact_id TEXT NOT NULL REFERENCES contact_books (id) ON DELETE CASCADE,
    contract_id TEXT REFERENCES contracts (id) ON DELETE SET NULL,
    transact_id TEXT NOT NULL,
    transact_date DATE NOT NULL,
    due_date DATE NOT NULL,
    transaction_type TEXT NOT NULL CHECK (transaction_type IN ('RENTAL', 'CUSTOM', 'LATE_FEE', 'DEPOSIT')),
    currency TEXT NOT NULL,
    gross_minor BIGINT NOT NULL CHECK (gross_minor >= 0),
    paid_minor BIGINT NOT NULL CHECK (paid_minor >= 0 AND paid_minor <= gross_minor),
    cancelled BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (company_id, transact_id)
);
CREATE INDEX invoices_tenant ON invoices (company_id, contact_id, due_date);
CREATE INDEX invoices_contract ON invoices (contract_id);
