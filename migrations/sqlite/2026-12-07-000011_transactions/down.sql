DROP TABLE ledger_entries;
DROP TABLE payment_vouchers;
DROP TABLE credit_notes;
DROP TABLE allocations;
DROP TABLE receipts;
DROP INDEX invoices_by_tenant_date;
ALTER TABLE invoices DROP COLUMN reversed;
ALTER TABLE invoices DROP COLUMN credited_minor;
DELETE FROM data_migrations WHERE name = 'carry-payments-into-receipts';
