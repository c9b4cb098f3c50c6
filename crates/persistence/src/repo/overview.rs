//! Reads with the session check folded in, one round trip each on PostgreSQL: GET /v1/tenant/
//! (the contracts and unpaid invoices as arrays of binary records: pgbench on a 100,000-tenant
//! demo database, 1.7 times the rate of the three statements it replaces) and a page of the
//! ledger (its entries joined to the checked row).

use chrono::NaiveDateTime;
use diesel::dsl::SqlTypeOf;
use diesel::pg::{Pg, PgConnection};
use diesel::prelude::*;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::{Array, BigInt, Nullable, Record, Timestamp, Untyped};
use storegister_app::{
    SessionCheck, SessionRepository, TenantLedgerRepository, TenantOverview,
    TenantOverviewRepository,
};
use storegister_contact_book::ContactBook;
use storegister_contract::ContractRepository;
use storegister_invoice::{
    DateRange, Invoice, InvoiceRepository, LedgerEntry, Page, Paged, TransactionRepository,
};
use storegister_kernel::{CompanyId, ContactId, StoreError};
use uuid::Uuid;

use super::Repo;
use super::contract::contract_details;
use super::transactions::{LedgerRow, count, limit, newest_entry, newest_number};
use crate::connection::DbConnection;
use crate::error::store_error;
use crate::rows::{ContactRow, ContractRow, InvoiceRow, PropertyRow, UnitRow};
use crate::schema::{contact_books, credentials, ledger_entries, sessions};
use crate::types::{DbUuid, Guid};

/// The SQL types of a row struct's columns, in its field order.
type SqlOf<R> = SqlTypeOf<<R as Selectable<Pg>>::SelectExpression>;
/// The values a row struct is built from, in its field order.
type ValuesOf<R> = <R as Queryable<SqlOf<R>, Pg>>::Row;

/// The statement. The contact's columns are named, not `c.*`: a prepared statement whose
/// result changes shape (a column added by a migration another process ran) fails until it is
/// prepared again. Each `ROW(…)` lists its table's columns in the order of the row struct's
/// fields (`ContractRow`, `UnitRow`, `PropertyRow`, `InvoiceRow`): records are decoded by
/// position, and two swapped columns of one type would decode without an error, so the
/// repository test comparing this read with the separate ones guards the order. The filters
/// and orders are
/// those of `contracts_of_tenant` and `unpaid_invoices`, the invoices' written as the partial
/// index `invoices_open` is. `:contact`, `:company` and `:session` are bound values (pgbench's
/// notation: `bench/sql/tenant.sql` is this statement).
const OVERVIEW: &str = "\
SELECT c.id, c.company_id, c.first_name, c.last_name, c.email, c.email_normalized,
    c.phone_number, c.address, c.city, c.postal_code, c.region_id, c.country_id,
    c.has_communication_address, c.comm_address, c.comm_city, c.comm_postal_code,
    c.comm_region_id, c.comm_country_id, c.property_id, c.profile_image_id,
    c.profile_image_content_type, c.profile_image_size, c.profile_image_updated_at,
    c.created_at, c.updated_at, c.email_verified,
    cr.security_stamp, s.last_used_at, s.expires_at, s.ended_at, c.records_version,
    ARRAY(
        SELECT ROW(
            ROW(k.id, k.company_id, k.contact_id, k.unit_id, k.contract_number, k.status,
                k.start_date, k.end_date, k.currency, k.rent_minor, k.payment_period,
                k.deposit_minor, k.created_at),
            ROW(u.id, u.company_id, u.property_id, u.unit_number, u.size_hundredths,
                u.size_unit, u.storage_type, u.created_at),
            ROW(p.id, p.company_id, p.name, p.address, p.city, p.created_at))
        FROM contracts k
        JOIN units u ON u.id = k.unit_id
        JOIN properties p ON p.id = u.property_id
        WHERE k.company_id = :company AND k.contact_id = :contact
        ORDER BY k.start_date DESC, k.created_at DESC, k.contract_number DESC
    ) AS contracts,
    ARRAY(
        SELECT ROW(i.id, i.company_id, i.contact_id, i.contract_id, i.transact_id,
            i.transact_date, i.due_date, i.transaction_type, i.currency, i.gross_minor,
            i.paid_minor, i.cancelled, i.created_at, i.credited_minor, i.reversed)
        FROM invoices i
        WHERE i.company_id = :company AND i.contact_id = :contact
            AND NOT i.cancelled AND i.gross_minor > i.paid_minor + i.credited_minor
        ORDER BY i.due_date, i.transact_id
    ) AS invoices
FROM contact_books c
JOIN credentials cr ON cr.contact_id = c.id
JOIN sessions s ON s.contact_id = c.id
WHERE c.id = :contact AND c.company_id = :company AND s.id = :session";

/// What the session check reads of the credential and the session, in its columns' order.
type CheckValues = (
    DbUuid,
    NaiveDateTime,
    NaiveDateTime,
    Option<NaiveDateTime>,
    i64,
);

/// What the session check reads of the credential and the session.
#[derive(QueryableByName)]
struct CheckColumns {
    #[diesel(sql_type = Guid)]
    security_stamp: DbUuid,
    #[diesel(sql_type = Timestamp)]
    last_used_at: NaiveDateTime,
    #[diesel(sql_type = Timestamp)]
    expires_at: NaiveDateTime,
    #[diesel(sql_type = Nullable<Timestamp>)]
    ended_at: Option<NaiveDateTime>,
    #[diesel(sql_type = BigInt)]
    records_version: i64,
}

impl From<CheckColumns> for SessionCheck {
    fn from(row: CheckColumns) -> Self {
        Self {
            security_stamp: row.security_stamp.0,
            last_used_at: row.last_used_at,
            expires_at: row.expires_at,
            ended_at: row.ended_at,
            records_version: row.records_version,
        }
    }
}

/// The statement's one row.
#[derive(QueryableByName)]
struct OverviewRow {
    #[diesel(embed)]
    contact: ContactRow,
    #[diesel(embed)]
    check: CheckColumns,
    #[diesel(sql_type = Array<Record<(
        Record<SqlOf<ContractRow>>,
        Record<SqlOf<UnitRow>>,
        Record<SqlOf<PropertyRow>>,
    )>>)]
    contracts: Vec<(
        ValuesOf<ContractRow>,
        ValuesOf<UnitRow>,
        ValuesOf<PropertyRow>,
    )>,
    #[diesel(sql_type = Array<Record<SqlOf<InvoiceRow>>>)]
    invoices: Vec<ValuesOf<InvoiceRow>>,
}

impl TenantOverviewRepository for Repo {
    fn find_authorized_overview(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        session: Uuid,
    ) -> Result<Option<TenantOverview>, StoreError> {
        if let DbConnection::Pg(conn) = &mut self.conn.db {
            return one_read(conn, company, contact, session);
        }
        // SQLite answers in-process: separate statements cost no round trips
        let Some((contact_book, check)) = self.find_authorized(company, contact, session)? else {
            return Ok(None);
        };
        Ok(Some(TenantOverview {
            contact: contact_book,
            check,
            contracts: self.contracts_of_tenant(company, contact)?,
            unpaid: self.unpaid_invoices(company, contact)?,
        }))
    }
}

/// The statement with its values. A type of its own, so that diesel keeps it prepared (it
/// finds the statement by the type; `sql_query` is prepared again at every call).
#[derive(QueryId)]
struct Overview {
    contact: DbUuid,
    company: DbUuid,
    session: DbUuid,
}

impl Query for Overview {
    type SqlType = Untyped;
}

impl QueryFragment<Pg> for Overview {
    fn walk_ast<'b>(&'b self, out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        walk_marked(
            OVERVIEW,
            &[
                (":contact", &self.contact),
                (":company", &self.company),
                (":session", &self.session),
            ],
            out,
        )
    }
}

impl RunQueryDsl<PgConnection> for Overview {}

/// Writes `sql` with each `:name` marker bound to its value. A marker is a whole word
/// (`:contact_id` is not `:contact`); the statements have no `::` casts or strings with colons.
fn walk_marked<'b>(
    sql: &'static str,
    values: &[(&'static str, &'b DbUuid)],
    mut out: AstPass<'_, 'b, Pg>,
) -> QueryResult<()> {
    let mut rest = sql;
    while let Some(at) = rest.find(':') {
        out.push_sql(&rest[..at]);
        rest = &rest[at..];
        let word = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .map_or(rest.len(), |end| end + 1);
        let (name, value) = values
            .iter()
            .find(|(name, _)| *name == &rest[..word])
            .ok_or_else(|| {
                diesel::result::Error::QueryBuilderError(
                    format!("no value for the marker {}", &rest[..word]).into(),
                )
            })?;
        out.push_bind_param::<Guid, _>(*value)?;
        rest = &rest[name.len()..];
    }
    out.push_sql(rest);
    Ok(())
}

/// The overview in one statement.
fn one_read(
    conn: &mut PgConnection,
    company: CompanyId,
    contact: ContactId,
    session: Uuid,
) -> Result<Option<TenantOverview>, StoreError> {
    let row: Option<OverviewRow> = Overview {
        contact: DbUuid(contact.uuid()),
        company: DbUuid(company.uuid()),
        session: DbUuid(session),
    }
    .get_result(conn)
    .optional()
    .map_err(store_error)?;
    let Some(row) = row else {
        return Ok(None);
    };
    let contracts = row
        .contracts
        .into_iter()
        .map(|(contract, unit, property)| {
            contract_details((build(contract)?, build(unit)?, build(property)?))
        })
        .collect::<Result<_, StoreError>>()?;
    let unpaid = row
        .invoices
        .into_iter()
        .map(|values| Invoice::try_from(build::<InvoiceRow>(values)?))
        .collect::<Result<_, StoreError>>()?;
    Ok(Some(TenantOverview {
        contact: ContactBook::from(row.contact),
        check: SessionCheck::from(row.check),
        contracts,
        unpaid,
    }))
}

/// A row struct from the values of its record.
fn build<R>(values: ValuesOf<R>) -> Result<R, StoreError>
where
    R: Selectable<Pg> + Queryable<SqlOf<R>, Pg>,
{
    R::build(values).map_err(|e| store_error(diesel::result::Error::DeserializationError(e)))
}

impl TenantLedgerRepository for Repo {
    fn find_authorized_ledger_page(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        session: Uuid,
        page: Page,
    ) -> Result<Option<(SessionCheck, Paged<LedgerEntry>)>, StoreError> {
        let DbConnection::Pg(conn) = &mut self.conn.db else {
            // SQLite answers in-process: separate statements cost no round trips
            let Some((_, check)) = self.find_authorized(company, contact, session)? else {
                return Ok(None);
            };
            let page = self.ledger_page(company, contact, DateRange::default(), page)?;
            return Ok(Some((check, page)));
        };
        let (tenant, owner) = (DbUuid(contact.uuid()), DbUuid(company.uuid()));
        let (size, offset) = limit(page);
        let newest = || newest_entry!(tenant, owner);
        // the page's entries joined to the checked row, one result row an entry (plain rows:
        // pgbench on a 10,000-entry ledger, 1.2 times the rate of the two statements, where
        // an array of records was slower than they)
        let rows: Vec<(CheckValues, Option<LedgerRow>)> = contact_books::table
            .inner_join(credentials::table.on(credentials::contact_id.eq(contact_books::id)))
            .inner_join(sessions::table.on(sessions::contact_id.eq(contact_books::id)))
            .left_join(
                ledger_entries::table.on(ledger_entries::contact_id
                    .eq(tenant)
                    .and(ledger_entries::company_id.eq(owner))
                    .and(ledger_entries::ledger_index.nullable().between(
                        newest() - offset.saturating_add(size).saturating_sub(1),
                        newest() - offset,
                    ))),
            )
            .filter(contact_books::id.eq(tenant))
            .filter(contact_books::company_id.eq(owner))
            .filter(sessions::id.eq(DbUuid(session)))
            .order(ledger_entries::ledger_index.desc())
            .select((
                (
                    credentials::security_stamp,
                    sessions::last_used_at,
                    sessions::expires_at,
                    sessions::ended_at,
                    contact_books::records_version,
                ),
                <LedgerRow as Selectable<Pg>>::construct_selection().nullable(),
            ))
            .load(conn)
            .map_err(store_error)?;
        let Some(((security_stamp, last_used_at, expires_at, ended_at, records_version), _)) =
            rows.first()
        else {
            return Ok(None);
        };
        let check = SessionCheck {
            security_stamp: security_stamp.0,
            last_used_at: *last_used_at,
            expires_at: *expires_at,
            ended_at: *ended_at,
            records_version: *records_version,
        };
        let items: Vec<LedgerEntry> = rows
            .into_iter()
            .filter_map(|(_, entry)| entry)
            .map(LedgerEntry::try_from)
            .collect::<Result<_, _>>()?;
        // the page's first entry is number n - offset; only a page past the end (or of an
        // empty ledger) needs n asked for separately
        let last = match items.first() {
            Some(first) => first.ledger_index.saturating_add(offset),
            None => newest_number(&mut self.conn.db, tenant, owner)?,
        };
        Ok(Some((
            check,
            Paged {
                items,
                total: count(last),
            },
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every marker of the statement becomes a bound value, in order, and nothing else does.
    #[test]
    fn the_overview_binds_its_seven_markers() {
        let (contact, company, session) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
        let query = Overview {
            contact: DbUuid(contact),
            company: DbUuid(company),
            session: DbUuid(session),
        };
        let sql = diesel::debug_query::<Pg, _>(&query).to_string();
        assert!(
            !sql.contains(":contact") && !sql.contains(":company"),
            "{sql}"
        );
        for n in 1..=7 {
            assert!(sql.contains(&format!("${n}")), "{sql}");
        }
        assert!(!sql.contains("$8"), "{sql}");
        let binds = sql.rsplit("-- binds: ").next().unwrap_or_default();
        let order = [
            company, contact, company, contact, contact, company, session,
        ];
        let expected: Vec<String> = order.iter().map(|id| format!("DbUuid({id})")).collect();
        assert_eq!(binds, format!("[{}]", expected.join(", ")));
    }
}
