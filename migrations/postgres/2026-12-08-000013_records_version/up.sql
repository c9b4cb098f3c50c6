-- A number every write to a tenant's contracts, invoices or ledger raises, in the same
-- transaction: a process may serve a tenant's lists again from memory only while the number it
-- read them at is still the tenant's (read with the session check, so writes made by any
-- process, tool or hand are seen). Raised by triggers, so no writer can forget it. Statement
-- triggers: a bulk insert raises each tenant's number once per statement, not once per row.
ALTER TABLE contact_books ADD COLUMN records_version bigint NOT NULL DEFAULT 0;

-- for contracts, invoices and ledger_entries: the tenants of the rows written
CREATE FUNCTION raise_records_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- a contract shows its unit and property: written contracts take turns with a change to
    -- either (whose trigger raises only the renters it can see), so no tenant is read at a
    -- number that change will not raise
    IF TG_TABLE_NAME = 'contracts' AND TG_OP <> 'DELETE' THEN
        PERFORM 1 FROM units u JOIN properties p ON p.id = u.property_id
        WHERE u.id IN (SELECT unit_id FROM new_rows) FOR SHARE OF u, p;
    END IF;
    IF TG_OP = 'INSERT' THEN
        UPDATE contact_books SET records_version = records_version + 1
        WHERE id IN (SELECT contact_id FROM new_rows);
    ELSIF TG_OP = 'UPDATE' THEN
        UPDATE contact_books SET records_version = records_version + 1
        WHERE id IN (SELECT contact_id FROM new_rows UNION SELECT contact_id FROM old_rows);
    ELSE
        UPDATE contact_books SET records_version = records_version + 1
        WHERE id IN (SELECT contact_id FROM old_rows);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER contracts_inserted AFTER INSERT ON contracts
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION raise_records_version();
CREATE TRIGGER contracts_updated AFTER UPDATE ON contracts
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION raise_records_version();
CREATE TRIGGER contracts_deleted AFTER DELETE ON contracts
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION raise_records_version();

CREATE TRIGGER invoices_inserted AFTER INSERT ON invoices
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION raise_records_version();
CREATE TRIGGER invoices_updated AFTER UPDATE ON invoices
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION raise_records_version();
CREATE TRIGGER invoices_deleted AFTER DELETE ON invoices
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION raise_records_version();

CREATE TRIGGER ledger_entries_inserted AFTER INSERT ON ledger_entries
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION raise_records_version();
CREATE TRIGGER ledger_entries_updated AFTER UPDATE ON ledger_entries
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION raise_records_version();
CREATE TRIGGER ledger_entries_deleted AFTER DELETE ON ledger_entries
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION raise_records_version();

-- emptied by TRUNCATE (which fires no row or DELETE trigger): every tenant
CREATE FUNCTION raise_every_records_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE contact_books SET records_version = records_version + 1;
    RETURN NULL;
END
$$;

CREATE TRIGGER contracts_truncated AFTER TRUNCATE ON contracts
    FOR EACH STATEMENT EXECUTE FUNCTION raise_every_records_version();
CREATE TRIGGER invoices_truncated AFTER TRUNCATE ON invoices
    FOR EACH STATEMENT EXECUTE FUNCTION raise_every_records_version();
CREATE TRIGGER ledger_entries_truncated AFTER TRUNCATE ON ledger_entries
    FOR EACH STATEMENT EXECUTE FUNCTION raise_every_records_version();

-- a unit or property shown with a contract: the tenants renting it (neither can be deleted
-- while a contract points at it)
CREATE FUNCTION raise_records_version_of_renters() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'units' THEN
        UPDATE contact_books SET records_version = records_version + 1
        WHERE id IN (SELECT k.contact_id FROM contracts k WHERE k.unit_id IN (SELECT id FROM new_rows));
    ELSE
        UPDATE contact_books SET records_version = records_version + 1
        WHERE id IN (SELECT k.contact_id FROM contracts k JOIN units u ON u.id = k.unit_id
                     WHERE u.property_id IN (SELECT id FROM new_rows));
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER units_updated AFTER UPDATE ON units
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION raise_records_version_of_renters();
CREATE TRIGGER properties_updated AFTER UPDATE ON properties
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION raise_records_version_of_renters();
