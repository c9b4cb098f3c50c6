-- A number every write to a tenant's contracts, invoices or ledger raises, in the same
-- transaction: a process may serve a tenant's lists again from memory only while the number it
-- read them at is still the tenant's (read with the session check, so writes made by any
-- process, tool or hand are seen). Raised by triggers, so no writer can forget it.
ALTER TABLE contact_books ADD COLUMN records_version BIGINT NOT NULL DEFAULT 0;

CREATE TRIGGER contracts_inserted AFTER INSERT ON contracts BEGIN
    UPDATE contact_books SET records_version = records_version + 1 WHERE id = NEW.contact_id;
END;
CREATE TRIGGER contracts_updated AFTER UPDATE ON contracts BEGIN
    UPDATE contact_books SET records_version = records_version + 1
    WHERE id IN (OLD.contact_id, NEW.contact_id);
END;
CREATE TRIGGER contracts_deleted AFTER DELETE ON contracts BEGIN
    UPDATE contact_books SET records_version = records_version + 1 WHERE id = OLD.contact_id;
END;

CREATE TRIGGER invoices_inserted AFTER INSERT ON invoices BEGIN
    UPDATE contact_books SET records_version = records_version + 1 WHERE id = NEW.contact_id;
END;
CREATE TRIGGER invoices_updated AFTER UPDATE ON invoices BEGIN
    UPDATE contact_books SET records_version = records_version + 1
    WHERE id IN (OLD.contact_id, NEW.contact_id);
END;
CREATE TRIGGER invoices_deleted AFTER DELETE ON invoices BEGIN
    UPDATE contact_books SET records_version = records_version + 1 WHERE id = OLD.contact_id;
END;

CREATE TRIGGER ledger_entries_inserted AFTER INSERT ON ledger_entries BEGIN
    UPDATE contact_books SET records_version = records_version + 1 WHERE id = NEW.contact_id;
END;
CREATE TRIGGER ledger_entries_updated AFTER UPDATE ON ledger_entries BEGIN
    UPDATE contact_books SET records_version = records_version + 1
    WHERE id IN (OLD.contact_id, NEW.contact_id);
END;
CREATE TRIGGER ledger_entries_deleted AFTER DELETE ON ledger_entries BEGIN
    UPDATE contact_books SET records_version = records_version + 1 WHERE id = OLD.contact_id;
END;

-- a unit or property shown with a contract: the tenants renting it (deleted too: with foreign
-- keys off, as the sqlite3 shell has them, one can be)
CREATE TRIGGER units_updated AFTER UPDATE ON units BEGIN
    UPDATE contact_books SET records_version = records_version + 1
    WHERE id IN (SELECT contact_id FROM contracts WHERE unit_id = NEW.id);
END;
CREATE TRIGGER properties_updated AFTER UPDATE ON properties BEGIN
    UPDATE contact_books SET records_version = records_version + 1
    WHERE id IN (SELECT k.contact_id FROM contracts k JOIN units u ON u.id = k.unit_id
                 WHERE u.property_id = NEW.id);
END;
CREATE TRIGGER units_deleted AFTER DELETE ON units BEGIN
    UPDATE contact_books SET records_version = records_version + 1
    WHERE id IN (SELECT contact_id FROM contracts WHERE unit_id = OLD.id);
END;
CREATE TRIGGER properties_deleted AFTER DELETE ON properties BEGIN
    UPDATE contact_books SET records_version = records_version + 1
    WHERE id IN (SELECT k.contact_id FROM contracts k JOIN units u ON u.id = k.unit_id
                 WHERE u.property_id = OLD.id);
END;
