-- A tenant's open invoices (GET /v1/tenant/) straight from an index, however long the tenant's
-- history: the predicate is the query's own, written with the column first (SQLite
-- matches the term only in that order), so both planners prove it applies.
CREATE INDEX invoices_open ON invoices (company_id, contact_id, due_date, transact_id)
    WHERE NOT cancelled AND gross_minor > paid_minor + credited_minor;
