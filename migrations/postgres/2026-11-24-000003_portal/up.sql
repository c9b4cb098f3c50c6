-- Units, contracts and invoices for the tenant portal. Money is integer minor units.

CREATE TABLE units (
    id uuid PRIMARY KEY,
    company_id uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    property_id uuid NOT NULL REFERENCES properties (id) ON DELETE CASCADE,
    unit_number text NOT NULL,
    size_hundredths bigint NOT NULL CHECK (size_hundredths > 0),
    size_unit text NOT NULL CHECK (size_unit IN ('m2', 'm3')),
    storage_type text NOT NULL,
    created_at timestamp NOT NULL,
    UNIQUE (property_id, unit_number)
);
CREATE INDEX units_company ON units (company_id);

CREATE TABLE contracts (
    id uuid PRIMARY KEY,
    company_id uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    contact_id uuid NOT NULL REFERENCES contact_books (id) ON DELETE CASCADE,
    unit_id uuid NOT NULL REFERENCES units (id),
    contract_number text NOT NULL,
    status text NOT NULL CHECK (status IN ('ACTIVE', 'TERMINATING', 'ENDED')),
    start_date date NOT NULL,
    end_date date CHECK (end_date IS NULL OR end_date >= start_date),
    currency text NOT NULL,
    rent_minor bigint NOT NULL CHECK (rent_minor >= 0),
    payment_period text NOT NULL CHECK (payment_period IN ('MONTHLY', 'QUARTERLY', 'YEARLY')),
    deposit_minor bigint NOT NULL CHECK (deposit_minor >= 0),
    created_at timestamp NOT NULL,
    UNIQUE (company_id, contract_number)
);
CREATE INDEX contracts_tenant ON contracts (company_id, contact_id);
CREATE INDEX contracts_unit ON contracts (unit_id);

CREATE TABLE invoices (
    id uuid PRIMARY KEY,
    company_id uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    contact_id uuid NOT NULL REFERENCES contact_books (id) ON DELETE CASCADE,
    contract_id uuid REFERENCES contracts (id) ON DELETE SET NULL,
    transact_id text NOT NULL,
    transact_date date NOT NULL,
    due_date date NOT NULL,
    transaction_type text NOT NULL CHECK (transaction_type IN ('RENTAL', 'CUSTOM', 'LATE_FEE', 'DEPOSIT')),
    currency text NOT NULL,
    gross_minor bigint NOT NULL CHECK (gross_minor >= 0),
    paid_minor bigint NOT NULL CHECK (paid_minor >= 0 AND paid_minor <= gross_minor),
    cancelled boolean NOT NULL,
    created_at timestamp NOT NULL,
    UNIQUE (company_id, transact_id)
);
CREATE INDEX invoices_tenant ON invoices (company_id, contact_id, due_date);
CREATE INDEX invoices_contract ON invoices (contract_id);
