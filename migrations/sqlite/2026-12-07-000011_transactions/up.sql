-- The Tenant Transaction API: receipts (money received, allocated to invoices, the rest kept
-- as an advance), credit notes, payment vouchers, reversed invoices, and the ledger: one row
-- per entry of a tenant's account statement, numbered from 1 without gaps, with the running
-- balance, so that any page is an index range. Payments recorded before (invoices.paid_minor)
-- become receipts allocated to their invoices, and the ledgers are built, by the data
-- migration that follows (persistence/src/ledger.rs).

ALTER TABLE invoices ADD COLUMN credited_minor BIGINT NOT NULL DEFAULT 0;
ALTER TABLE invoices ADD COLUMN reversed BOOLEAN NOT NULL DEFAULT 0;
CREATE INDEX invoices_by_tenant_date ON invoices (contact_id, transact_date, id);

CREATE TABLE receipts (
    id TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    contact_id TEXT NOT NULL REFERENCES contact_books (id) ON DELETE CASCADE,
    transact_id TEXT NOT NULL,
    transact_date DATE NOT NULL,
    payment_method TEXT NOT NULL,
    gross_minor BIGINT NOT NULL CHECK (gross_minor > 0),
    allocated_minor BIGINT NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (company_id, transact_id),
    CHECK (allocated_minor >= 0 AND allocated_minor <= gross_minor)
);
CREATE INDEX receipts_by_tenant_date ON receipts (contact_id, transact_date, id);

CREATE TABLE allocations (
    id TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    receipt_id TEXT NOT NULL REFERENCES receipts (id) ON DELETE CASCADE,
    invoice_id TEXT NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX allocations_by_receipt ON allocations (receipt_id);
CREATE INDEX allocations_by_invoice ON allocations (invoice_id);

CREATE TABLE credit_notes (
    id TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    contact_id TEXT NOT NULL REFERENCES contact_books (id) ON DELETE CASCADE,
    invoice_id TEXT NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    transact_id TEXT NOT NULL,
    transact_date DATE NOT NULL,
    amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
    reason TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (company_id, transact_id)
);
CREATE INDEX credit_notes_by_tenant_date ON credit_notes (contact_id, transact_date, id);

CREATE TABLE payment_vouchers (
    id TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    contact_id TEXT NOT NULL REFERENCES contact_books (id) ON DELETE CASCADE,
    transact_id TEXT NOT NULL,
    transact_date DATE NOT NULL,
    amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
    reason TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (company_id, transact_id)
);
CREATE INDEX payment_vouchers_by_tenant_date ON payment_vouchers (contact_id, transact_date, id);

CREATE TABLE ledger_entries (
    id TEXT PRIMARY KEY,
    company_id TEXT NOT NULL REFERENCES companies (id) ON DELETE CASCADE,
    contact_id TEXT NOT NULL REFERENCES contact_books (id) ON DELETE CASCADE,
    ledger_index BIGINT NOT NULL,
    kind TEXT NOT NULL,
    document_id TEXT NOT NULL,
    transact_id TEXT NOT NULL,
    transact_date DATE NOT NULL,
    contract_number TEXT,
    reference_id TEXT,
    reference_transact_id TEXT,
    charge_minor BIGINT NOT NULL,
    credit_minor BIGINT NOT NULL,
    balance_minor BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (contact_id, ledger_index)
);
CREATE INDEX ledger_entries_by_date ON ledger_entries (contact_id, transact_date, ledger_index);
