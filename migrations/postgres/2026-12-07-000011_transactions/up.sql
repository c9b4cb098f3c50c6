-- The Tenant Transaction API: receipts (money received, allocated to invoices, the rest kept
-- as an advance), credit notes, payment vouchers, reversed invoices, and the ledger: one row
-- per entry of a tenant's account statement, numbered from 1 without gaps, with the running
-- balance, so that any page is an index range. Payments recorded before (invoices.paid_minor)
-- become receipts allocated to their invoices, and the ledgers are built, by the data
-- migration that follows (persistence/src/ledger.rs).

ALTER TABLE invoices ADD COLUMN credited_minor bigint NOT NULL DEFAULT 0;
ALTER TABLE invoices ADD COLUMN reversed boolean NOT NULL DEFAULT false;
CREATE INDEX invoices_by_tenant_date ON invoices (contact_id, transact_date, id);

CREATE TABLE receipts (
    id uuid PRIMARY KEY,
    company_id uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    contact_id uuid NOT NULL REFERENCES contact_books (id) ON DELETE CASCADE,
    transact_id text NOT NULL,
    transact_date date NOT NULL,
    payment_method text NOT NULL,
    gross_minor bigint NOT NULL CHECK (gross_minor > 0),
    allocated_minor bigint NOT NULL DEFAULT 0,
    created_at timestamp NOT NULL,
    UNIQUE (company_id, transact_id),
    CHECK (allocated_minor >= 0 AND allocated_minor <= gross_minor)
);
CREATE INDEX receipts_by_tenant_date ON receipts (contact_id, transact_date, id);

CREATE TABLE allocations (
    id uuid PRIMARY KEY,
    company_id uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    receipt_id uuid NOT NULL REFERENCES receipts (id) ON DELETE CASCADE,
    invoice_id uuid NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    amount_minor bigint NOT NULL CHECK (amount_minor > 0),
    created_at timestamp NOT NULL
);
CREATE INDEX allocations_by_receipt ON allocations (receipt_id);
CREATE INDEX allocations_by_invoice ON allocations (invoice_id);

CREATE TABLE credit_notes (
    id uuid PRIMARY KEY,
    company_id uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    contact_id uuid NOT NULL REFERENCES contact_books (id) ON DELETE CASCADE,
    invoice_id uuid NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    transact_id text NOT NULL,
    transact_date date NOT NULL,
    amount_minor bigint NOT NULL CHECK (amount_minor > 0),
    reason text NOT NULL,
    created_at timestamp NOT NULL,
    UNIQUE (company_id, transact_id)
);
CREATE INDEX credit_notes_by_tenant_date ON credit_notes (contact_id, transact_date, id);

CREATE TABLE payment_vouchers (
    id uuid PRIMARY KEY,
    company_id uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    contact_id uuid NOT NULL REFERENCES contact_books (id) ON DELETE CASCADE,
    transact_id text NOT NULL,
    transact_date date NOT NULL,
    amount_minor bigint NOT NULL CHECK (amount_minor > 0),
    reason text NOT NULL,
    created_at timestamp NOT NULL,
    UNIQUE (company_id, transact_id)
);
CREATE INDEX payment_vouchers_by_tenant_date ON payment_vouchers (contact_id, transact_date, id);

CREATE TABLE ledger_entries (
    id uuid PRIMARY KEY,
    company_id uuid NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    contact_id uuid NOT NULL REFERENCES contact_books (id) ON DELETE CASCADE,
    ledger_index bigint NOT NULL,
    kind text NOT NULL,
    document_id uuid NOT NULL,
    transact_id text NOT NULL,
    transact_date date NOT NULL,
    contract_number text,
    reference_id uuid,
    reference_transact_id text,
    charge_minor bigint NOT NULL,
    credit_minor bigint NOT NULL,
    balance_minor bigint NOT NULL,
    created_at timestamp NOT NULL,
    UNIQUE (contact_id, ledger_index)
);
CREATE INDEX ledger_entries_by_date ON ledger_entries (contact_id, transact_date, ledger_index);
