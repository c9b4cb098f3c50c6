//! Receipts, allocations, credit notes, payment vouchers and the ledger.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::max;
use diesel::prelude::*;
use storegister_invoice::{
    Allocation, Books, CreditNote, CreditNoteLine, DateRange, EntryKind, Invoice, LedgerEnd,
    LedgerEntry, Page, Paged, PaymentVoucher, Receipt, ReceiptLine, TransactionRepository,
};
use storegister_kernel::{CompanyId, ContactId, InvoiceId, StoreError};
use uuid::Uuid;

use super::Repo;
use crate::connection::DbConnection;
use crate::error::store_error;
use crate::rows::InvoiceRow;
use crate::schema::{
    allocations, contact_books, credit_notes, invoices, ledger_entries, payment_vouchers, receipts,
};
use crate::types::DbUuid;

/// A row of `receipts`.
#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = receipts)]
struct ReceiptRow {
    id: DbUuid,
    company_id: DbUuid,
    contact_id: DbUuid,
    transact_id: String,
    transact_date: NaiveDate,
    payment_method: String,
    gross_minor: i64,
    allocated_minor: i64,
    created_at: NaiveDateTime,
}

impl From<&Receipt> for ReceiptRow {
    fn from(r: &Receipt) -> Self {
        Self {
            id: DbUuid(r.id),
            company_id: DbUuid(r.company_id.uuid()),
            contact_id: DbUuid(r.contact_id.uuid()),
            transact_id: r.transact_id.clone(),
            transact_date: r.transact_date,
            payment_method: r.payment_method.clone(),
            gross_minor: r.gross_minor,
            allocated_minor: r.allocated_minor,
            created_at: r.created_at,
        }
    }
}

impl From<ReceiptRow> for Receipt {
    fn from(r: ReceiptRow) -> Self {
        Self {
            id: r.id.0,
            company_id: CompanyId(r.company_id.0),
            contact_id: ContactId(r.contact_id.0),
            transact_id: r.transact_id,
            transact_date: r.transact_date,
            payment_method: r.payment_method,
            gross_minor: r.gross_minor,
            allocated_minor: r.allocated_minor,
            created_at: r.created_at,
        }
    }
}

/// A row of `allocations`.
#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = allocations)]
struct AllocationRow {
    id: DbUuid,
    company_id: DbUuid,
    receipt_id: DbUuid,
    invoice_id: DbUuid,
    amount_minor: i64,
    created_at: NaiveDateTime,
}

impl From<&Allocation> for AllocationRow {
    fn from(a: &Allocation) -> Self {
        Self {
            id: DbUuid(a.id),
            company_id: DbUuid(a.company_id.uuid()),
            receipt_id: DbUuid(a.receipt_id),
            invoice_id: DbUuid(a.invoice_id.uuid()),
            amount_minor: a.amount_minor,
            created_at: a.created_at,
        }
    }
}

impl From<AllocationRow> for Allocation {
    fn from(a: AllocationRow) -> Self {
        Self {
            id: a.id.0,
            company_id: CompanyId(a.company_id.0),
            receipt_id: a.receipt_id.0,
            invoice_id: InvoiceId(a.invoice_id.0),
            amount_minor: a.amount_minor,
            created_at: a.created_at,
        }
    }
}

/// A row of `credit_notes`.
#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = credit_notes)]
struct CreditNoteRow {
    id: DbUuid,
    company_id: DbUuid,
    contact_id: DbUuid,
    invoice_id: DbUuid,
    transact_id: String,
    transact_date: NaiveDate,
    amount_minor: i64,
    reason: String,
    created_at: NaiveDateTime,
}

impl From<&CreditNote> for CreditNoteRow {
    fn from(c: &CreditNote) -> Self {
        Self {
            id: DbUuid(c.id),
            company_id: DbUuid(c.company_id.uuid()),
            contact_id: DbUuid(c.contact_id.uuid()),
            invoice_id: DbUuid(c.invoice_id.uuid()),
            transact_id: c.transact_id.clone(),
            transact_date: c.transact_date,
            amount_minor: c.amount_minor,
            reason: c.reason.clone(),
            created_at: c.created_at,
        }
    }
}

impl From<CreditNoteRow> for CreditNote {
    fn from(c: CreditNoteRow) -> Self {
        Self {
            id: c.id.0,
            company_id: CompanyId(c.company_id.0),
            contact_id: ContactId(c.contact_id.0),
            invoice_id: InvoiceId(c.invoice_id.0),
            transact_id: c.transact_id,
            transact_date: c.transact_date,
            amount_minor: c.amount_minor,
            reason: c.reason,
            created_at: c.created_at,
        }
    }
}

/// A row of `payment_vouchers`.
#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = payment_vouchers)]
struct VoucherRow {
    id: DbUuid,
    company_id: DbUuid,
    contact_id: DbUuid,
    transact_id: String,
    transact_date: NaiveDate,
    amount_minor: i64,
    reason: String,
    created_at: NaiveDateTime,
}

impl From<&PaymentVoucher> for VoucherRow {
    fn from(v: &PaymentVoucher) -> Self {
        Self {
            id: DbUuid(v.id),
            company_id: DbUuid(v.company_id.uuid()),
            contact_id: DbUuid(v.contact_id.uuid()),
            transact_id: v.transact_id.clone(),
            transact_date: v.transact_date,
            amount_minor: v.amount_minor,
            reason: v.reason.clone(),
            created_at: v.created_at,
        }
    }
}

impl From<VoucherRow> for PaymentVoucher {
    fn from(v: VoucherRow) -> Self {
        Self {
            id: v.id.0,
            company_id: CompanyId(v.company_id.0),
            contact_id: ContactId(v.contact_id.0),
            transact_id: v.transact_id,
            transact_date: v.transact_date,
            amount_minor: v.amount_minor,
            reason: v.reason,
            created_at: v.created_at,
        }
    }
}

/// A row of `ledger_entries`.
#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = ledger_entries)]
pub(crate) struct LedgerRow {
    id: DbUuid,
    company_id: DbUuid,
    contact_id: DbUuid,
    ledger_index: i64,
    kind: String,
    document_id: DbUuid,
    transact_id: String,
    transact_date: NaiveDate,
    contract_number: Option<String>,
    reference_id: Option<DbUuid>,
    reference_transact_id: Option<String>,
    charge_minor: i64,
    credit_minor: i64,
    balance_minor: i64,
    created_at: NaiveDateTime,
}

impl From<&LedgerEntry> for LedgerRow {
    fn from(e: &LedgerEntry) -> Self {
        Self {
            id: DbUuid(e.id),
            company_id: DbUuid(e.company_id.uuid()),
            contact_id: DbUuid(e.contact_id.uuid()),
            ledger_index: e.ledger_index,
            kind: e.kind.code().to_owned(),
            document_id: DbUuid(e.document_id),
            transact_id: e.transact_id.clone(),
            transact_date: e.transact_date,
            contract_number: e.contract_number.clone(),
            reference_id: e.reference_id.map(DbUuid),
            reference_transact_id: e.reference_transact_id.clone(),
            charge_minor: e.charge_minor,
            credit_minor: e.credit_minor,
            balance_minor: e.balance_minor,
            created_at: e.created_at,
        }
    }
}

impl TryFrom<LedgerRow> for LedgerEntry {
    type Error = StoreError;

    fn try_from(e: LedgerRow) -> Result<Self, StoreError> {
        Ok(Self {
            id: e.id.0,
            company_id: CompanyId(e.company_id.0),
            contact_id: ContactId(e.contact_id.0),
            ledger_index: e.ledger_index,
            kind: EntryKind::parse(&e.kind)
                .ok_or_else(|| StoreError::failed(format!("unknown ledger entry {:?}", e.kind)))?,
            document_id: e.document_id.0,
            transact_id: e.transact_id,
            transact_date: e.transact_date,
            contract_number: e.contract_number,
            reference_id: e.reference_id.map(|r| r.0),
            reference_transact_id: e.reference_transact_id,
            charge_minor: e.charge_minor,
            credit_minor: e.credit_minor,
            balance_minor: e.balance_minor,
            created_at: e.created_at,
        })
    }
}

/// Stores ledger rows in as few statements as possible.
pub(crate) fn insert_ledger_rows(
    conn: &mut DbConnection,
    entries: &[LedgerEntry],
) -> Result<(), StoreError> {
    for chunk in entries.chunks(super::BATCH_ROWS / 2) {
        let rows: Vec<LedgerRow> = chunk.iter().map(LedgerRow::from).collect();
        super::insert_batch!(conn, ledger_entries::table, &rows).map_err(store_error)?;
    }
    Ok(())
}

/// Stores receipt and allocation rows in as few statements as possible (their amounts are
/// already in the receipts' and invoices' totals).
pub(crate) fn insert_receipt_rows(
    conn: &mut DbConnection,
    receipts: &[Receipt],
    allocations: &[Allocation],
) -> Result<(), StoreError> {
    for chunk in receipts.chunks(super::BATCH_ROWS) {
        let rows: Vec<ReceiptRow> = chunk.iter().map(ReceiptRow::from).collect();
        super::insert_batch!(conn, receipts::table, &rows).map_err(store_error)?;
    }
    for chunk in allocations.chunks(super::BATCH_ROWS) {
        let rows: Vec<AllocationRow> = chunk.iter().map(AllocationRow::from).collect();
        super::insert_batch!(conn, allocations::table, &rows).map_err(store_error)?;
    }
    Ok(())
}

/// Stores credit note and payment voucher rows in as few statements as possible (their
/// amounts are already in the invoices' totals).
pub(crate) fn insert_note_rows(
    conn: &mut DbConnection,
    notes: &[CreditNote],
    vouchers: &[PaymentVoucher],
) -> Result<(), StoreError> {
    for chunk in notes.chunks(super::BATCH_ROWS) {
        let rows: Vec<CreditNoteRow> = chunk.iter().map(CreditNoteRow::from).collect();
        super::insert_batch!(conn, credit_notes::table, &rows).map_err(store_error)?;
    }
    for chunk in vouchers.chunks(super::BATCH_ROWS) {
        let rows: Vec<VoucherRow> = chunk.iter().map(VoucherRow::from).collect();
        super::insert_batch!(conn, payment_vouchers::table, &rows).map_err(store_error)?;
    }
    Ok(())
}

/// The tenant's newest ledger number as a scalar subquery (one round trip on PostgreSQL;
/// SQLite would prepare it again at every call, for the `LIMIT 1` diesel binds).
macro_rules! newest_entry {
    ($tenant:expr, $owner:expr) => {{
        use $crate::schema::ledger_entries;
        let newest = diesel::alias!(ledger_entries as newest);
        newest
            .filter(newest.field(ledger_entries::contact_id).eq($tenant))
            .filter(newest.field(ledger_entries::company_id).eq($owner))
            .select(diesel::dsl::max(newest.field(ledger_entries::ledger_index)))
            .single_value()
    }};
}
pub(super) use newest_entry;

/// The tenant's newest ledger number, which is the ledger's size (0: no entries).
pub(super) fn newest_number(
    conn: &mut DbConnection,
    tenant: DbUuid,
    owner: DbUuid,
) -> Result<i64, StoreError> {
    ledger_entries::table
        .filter(ledger_entries::contact_id.eq(tenant))
        .filter(ledger_entries::company_id.eq(owner))
        .select(max(ledger_entries::ledger_index))
        .get_result::<Option<i64>>(conn)
        .map(|last| last.unwrap_or(0))
        .map_err(store_error)
}

pub(super) fn count(total: i64) -> u64 {
    u64::try_from(total).unwrap_or(0)
}

pub(super) fn limit(page: Page) -> (i64, i64) {
    (
        i64::try_from(page.size).unwrap_or(i64::MAX),
        i64::try_from(page.offset()).unwrap_or(i64::MAX),
    )
}

/// Applies a date range to a query on `$table::transact_date`.
macro_rules! dated {
    ($query:expr, $column:expr, $dates:expr) => {{
        let mut query = $query;
        if let Some(from) = $dates.from {
            query = query.filter($column.ge(from));
        }
        if let Some(to) = $dates.to {
            query = query.filter($column.le(to));
        }
        query
    }};
}

/// One page of a scoped query, newest first, and the scope's size: `$scope` makes the query
/// (twice: once counted, once loaded).
macro_rules! paged {
    ($conn:expr, $scope:expr, $order:expr, $row:ty, $page:expr) => {{
        let total: i64 = $scope().count().get_result($conn).map_err(store_error)?;
        let (size, offset) = limit($page);
        let rows: Vec<$row> = $scope()
            .order($order)
            .limit(size)
            .offset(offset)
            .select(<$row>::as_select())
            .load($conn)
            .map_err(store_error)?;
        (rows, count(total))
    }};
}

impl TransactionRepository for Repo {
    fn lock_ledger(
        &mut self,
        company: CompanyId,
        contact: ContactId,
    ) -> Result<LedgerEnd, StoreError> {
        let owner = contact_books::table
            .filter(contact_books::id.eq(DbUuid(contact.uuid())))
            .filter(contact_books::company_id.eq(DbUuid(company.uuid())))
            .select(contact_books::id);
        // SQLite's write transactions are serial already (BEGIN IMMEDIATE); PostgreSQL locks
        // the tenant's row, so two writers of one ledger take turns
        let found = match &mut self.conn.db {
            DbConnection::Pg(pg) => owner.for_update().get_result::<DbUuid>(pg).optional(),
            DbConnection::Sqlite(sqlite) => owner.get_result::<DbUuid>(sqlite).optional(),
        }
        .map_err(store_error)?;
        if found.is_none() {
            return Err(StoreError::failed("no such tenant to post to"));
        }
        let last = ledger_entries::table
            .filter(ledger_entries::contact_id.eq(DbUuid(contact.uuid())))
            .order(ledger_entries::ledger_index.desc())
            .select((ledger_entries::ledger_index, ledger_entries::balance_minor));
        // the newest entry only (LIMIT 1): once per money change, so SQLite parsing it again
        // each time does not matter
        #[allow(clippy::disallowed_methods)]
        let last = last
            .first::<(i64, i64)>(&mut self.conn.db)
            .optional()
            .map_err(store_error)?;
        Ok(
            last.map_or(LedgerEnd::default(), |(index, balance_minor)| LedgerEnd {
                index,
                balance_minor,
            }),
        )
    }

    fn insert_ledger_entries(&mut self, entries: &[LedgerEntry]) -> Result<(), StoreError> {
        insert_ledger_rows(&mut self.conn.db, entries)
    }

    fn insert_receipt(&mut self, receipt: &Receipt) -> Result<(), StoreError> {
        diesel::insert_into(receipts::table)
            .values(ReceiptRow::from(receipt))
            .execute(&mut self.conn.db)
            .map(drop)
            .map_err(store_error)
    }

    fn allocate(&mut self, allocations: &[Allocation]) -> Result<(), StoreError> {
        for allocation in allocations {
            diesel::insert_into(allocations::table)
                .values(AllocationRow::from(allocation))
                .execute(&mut self.conn.db)
                .map_err(store_error)?;
            let amount = allocation.amount_minor;
            diesel::update(receipts::table.find(DbUuid(allocation.receipt_id)))
                .set(receipts::allocated_minor.eq(receipts::allocated_minor + amount))
                .execute(&mut self.conn.db)
                .map_err(store_error)?;
            let paid = diesel::update(
                invoices::table
                    .find(DbUuid(allocation.invoice_id.uuid()))
                    .filter(invoices::cancelled.eq(false))
                    .filter(
                        (invoices::paid_minor + invoices::credited_minor + amount)
                            .le(invoices::gross_minor),
                    ),
            )
            .set(invoices::paid_minor.eq(invoices::paid_minor + amount))
            .execute(&mut self.conn.db)
            .map_err(store_error)?;
            if paid != 1 {
                return Err(StoreError::failed(
                    "an allocation above the invoice's balance",
                ));
            }
        }
        Ok(())
    }

    fn allocations_to(
        &mut self,
        company: CompanyId,
        invoice: InvoiceId,
    ) -> Result<Vec<Allocation>, StoreError> {
        allocations::table
            .filter(allocations::invoice_id.eq(DbUuid(invoice.uuid())))
            .filter(allocations::company_id.eq(DbUuid(company.uuid())))
            .select(AllocationRow::as_select())
            .load(&mut self.conn.db)
            .map(|rows| rows.into_iter().map(Allocation::from).collect())
            .map_err(store_error)
    }

    fn release(&mut self, company: CompanyId, amounts: &[(Uuid, i64)]) -> Result<(), StoreError> {
        for (id, take) in amounts {
            let Some(allocation) = allocations::table
                .find(DbUuid(*id))
                .filter(allocations::company_id.eq(DbUuid(company.uuid())))
                .select(AllocationRow::as_select())
                .get_result(&mut self.conn.db)
                .optional()
                .map_err(store_error)?
            else {
                return Err(StoreError::failed("no such allocation to release"));
            };
            let take = (*take).min(allocation.amount_minor);
            if take == allocation.amount_minor {
                diesel::delete(allocations::table.find(allocation.id))
                    .execute(&mut self.conn.db)
                    .map_err(store_error)?;
            } else {
                diesel::update(allocations::table.find(allocation.id))
                    .set(allocations::amount_minor.eq(allocations::amount_minor - take))
                    .execute(&mut self.conn.db)
                    .map_err(store_error)?;
            }
            diesel::update(receipts::table.find(allocation.receipt_id))
                .set(receipts::allocated_minor.eq(receipts::allocated_minor - take))
                .execute(&mut self.conn.db)
                .map_err(store_error)?;
            diesel::update(invoices::table.find(allocation.invoice_id))
                .set(invoices::paid_minor.eq(invoices::paid_minor - take))
                .execute(&mut self.conn.db)
                .map_err(store_error)?;
        }
        Ok(())
    }

    fn find_receipt(
        &mut self,
        company: CompanyId,
        id_or_number: &str,
    ) -> Result<Option<Receipt>, StoreError> {
        let query = receipts::table
            .filter(receipts::company_id.eq(DbUuid(company.uuid())))
            .select(ReceiptRow::as_select())
            .into_boxed();
        let query = match Uuid::parse_str(id_or_number.trim()) {
            Ok(id) => query.filter(receipts::id.eq(DbUuid(id))),
            Err(_) => query.filter(receipts::transact_id.eq(id_or_number.trim().to_owned())),
        };
        query
            .get_result(&mut self.conn.db)
            .optional()
            .map(|row| row.map(Receipt::from))
            .map_err(store_error)
    }

    fn insert_credit_note(&mut self, note: &CreditNote) -> Result<(), StoreError> {
        diesel::insert_into(credit_notes::table)
            .values(CreditNoteRow::from(note))
            .execute(&mut self.conn.db)
            .map_err(store_error)?;
        let amount = note.amount_minor;
        let credited = diesel::update(
            invoices::table
                .find(DbUuid(note.invoice_id.uuid()))
                .filter(invoices::cancelled.eq(false))
                .filter(
                    (invoices::paid_minor + invoices::credited_minor + amount)
                        .le(invoices::gross_minor),
                ),
        )
        .set(invoices::credited_minor.eq(invoices::credited_minor + amount))
        .execute(&mut self.conn.db)
        .map_err(store_error)?;
        if credited != 1 {
            return Err(StoreError::failed(
                "a credit note above the invoice's balance",
            ));
        }
        Ok(())
    }

    fn insert_payment_voucher(&mut self, voucher: &PaymentVoucher) -> Result<(), StoreError> {
        diesel::insert_into(payment_vouchers::table)
            .values(VoucherRow::from(voucher))
            .execute(&mut self.conn.db)
            .map(drop)
            .map_err(store_error)
    }

    fn close_invoice(
        &mut self,
        company: CompanyId,
        invoice: InvoiceId,
        reversed: bool,
    ) -> Result<bool, StoreError> {
        let target = invoices::table
            .filter(invoices::id.eq(DbUuid(invoice.uuid())))
            .filter(invoices::company_id.eq(DbUuid(company.uuid())))
            .filter(invoices::cancelled.eq(false))
            .filter(invoices::paid_minor.eq(0));
        let changes = (
            invoices::cancelled.eq(true),
            invoices::reversed.eq(reversed),
        );
        let updated = if reversed {
            diesel::update(target)
                .set(changes)
                .execute(&mut self.conn.db)
        } else {
            diesel::update(target.filter(invoices::credited_minor.eq(0)))
                .set(changes)
                .execute(&mut self.conn.db)
        };
        updated.map(|n| n == 1).map_err(store_error)
    }

    fn invoice_page(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        dates: DateRange,
        page: Page,
    ) -> Result<Paged<Invoice>, StoreError> {
        let scope = || {
            dated!(
                invoices::table
                    .filter(invoices::contact_id.eq(DbUuid(contact.uuid())))
                    .filter(invoices::company_id.eq(DbUuid(company.uuid())))
                    .into_boxed(),
                invoices::transact_date,
                dates
            )
        };
        let (rows, total) = paged!(
            &mut self.conn.db,
            scope,
            (invoices::transact_date.desc(), invoices::id.desc()),
            InvoiceRow,
            page
        );
        let items = rows
            .into_iter()
            .map(Invoice::try_from)
            .collect::<Result<_, _>>()?;
        Ok(Paged { items, total })
    }

    fn credit_note_page(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        dates: DateRange,
        page: Page,
    ) -> Result<Paged<CreditNoteLine>, StoreError> {
        let scope = || {
            dated!(
                credit_notes::table
                    .filter(credit_notes::contact_id.eq(DbUuid(contact.uuid())))
                    .filter(credit_notes::company_id.eq(DbUuid(company.uuid())))
                    .into_boxed(),
                credit_notes::transact_date,
                dates
            )
        };
        let (rows, total) = paged!(
            &mut self.conn.db,
            scope,
            (credit_notes::transact_date.desc(), credit_notes::id.desc()),
            CreditNoteRow,
            page
        );
        let notes: Vec<CreditNote> = rows.into_iter().map(CreditNote::from).collect();
        let numbers = invoice_numbers(
            &mut self.conn.db,
            notes.iter().map(|n| n.invoice_id.uuid()).collect(),
        )?;
        let items = notes
            .into_iter()
            .map(|note| CreditNoteLine {
                invoice_transact_id: number_of(&numbers, note.invoice_id.uuid()),
                note,
            })
            .collect();
        Ok(Paged { items, total })
    }

    fn receipt_page(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        dates: DateRange,
        page: Page,
    ) -> Result<Paged<ReceiptLine>, StoreError> {
        let scope = || {
            dated!(
                receipts::table
                    .filter(receipts::contact_id.eq(DbUuid(contact.uuid())))
                    .filter(receipts::company_id.eq(DbUuid(company.uuid())))
                    .into_boxed(),
                receipts::transact_date,
                dates
            )
        };
        let (rows, total) = paged!(
            &mut self.conn.db,
            scope,
            (receipts::transact_date.desc(), receipts::id.desc()),
            ReceiptRow,
            page
        );
        let receipts: Vec<Receipt> = rows.into_iter().map(Receipt::from).collect();
        let ids: Vec<DbUuid> = receipts.iter().map(|r| DbUuid(r.id)).collect();
        let allocated: Vec<(DbUuid, DbUuid, String, i64)> = allocations::table
            .inner_join(invoices::table.on(invoices::id.eq(allocations::invoice_id)))
            .filter(allocations::receipt_id.eq_any(ids))
            // as they were made: one receipt's in the order its invoices were paid
            .order((
                allocations::created_at,
                invoices::due_date,
                invoices::transact_id,
            ))
            .select((
                allocations::receipt_id,
                allocations::invoice_id,
                invoices::transact_id,
                allocations::amount_minor,
            ))
            .load(&mut self.conn.db)
            .map_err(store_error)?;
        let items = receipts
            .into_iter()
            .map(|receipt| ReceiptLine {
                allocations: allocated
                    .iter()
                    .filter(|(r, ..)| r.0 == receipt.id)
                    .map(|(_, invoice, number, amount)| {
                        (InvoiceId(invoice.0), number.clone(), *amount)
                    })
                    .collect(),
                receipt,
            })
            .collect();
        Ok(Paged { items, total })
    }

    fn payment_voucher_page(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        dates: DateRange,
        page: Page,
    ) -> Result<Paged<PaymentVoucher>, StoreError> {
        let scope = || {
            dated!(
                payment_vouchers::table
                    .filter(payment_vouchers::contact_id.eq(DbUuid(contact.uuid())))
                    .filter(payment_vouchers::company_id.eq(DbUuid(company.uuid())))
                    .into_boxed(),
                payment_vouchers::transact_date,
                dates
            )
        };
        let (rows, total) = paged!(
            &mut self.conn.db,
            scope,
            (
                payment_vouchers::transact_date.desc(),
                payment_vouchers::id.desc()
            ),
            VoucherRow,
            page
        );
        let items = rows.into_iter().map(PaymentVoucher::from).collect();
        Ok(Paged { items, total })
    }

    fn ledger_page(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        dates: DateRange,
        page: Page,
    ) -> Result<Paged<LedgerEntry>, StoreError> {
        let tenant = DbUuid(contact.uuid());
        let owner = DbUuid(company.uuid());
        if dates == DateRange::default() {
            // the entries are numbered 1..=n without gaps: a page is an index range below the
            // newest entry, as cheap at the end of a long history as at its start
            let (size, offset) = limit(page);
            let (rows, known): (Vec<LedgerRow>, Option<i64>) = match &mut self.conn.db {
                // one round trip: the newest number as a subquery
                DbConnection::Pg(conn) => {
                    let newest = || newest_entry!(tenant, owner);
                    let rows = ledger_entries::table
                        .filter(ledger_entries::contact_id.eq(tenant))
                        .filter(ledger_entries::company_id.eq(owner))
                        .filter(ledger_entries::ledger_index.nullable().between(
                            newest() - offset.saturating_add(size).saturating_sub(1),
                            newest() - offset,
                        ))
                        .order(ledger_entries::ledger_index.desc())
                        .select(LedgerRow::as_select())
                        .load(conn)
                        .map_err(store_error)?;
                    (rows, None)
                }
                // no round trips to save, and diesel's subquery binds a `LIMIT 1`, which makes
                // SQLite prepare the statement again at every call: two statements instead
                DbConnection::Sqlite(conn) => {
                    let last = ledger_entries::table
                        .filter(ledger_entries::contact_id.eq(tenant))
                        .filter(ledger_entries::company_id.eq(owner))
                        .select(max(ledger_entries::ledger_index))
                        .get_result::<Option<i64>>(conn)
                        .map_err(store_error)?
                        .unwrap_or(0);
                    let top = last.saturating_sub(offset);
                    let bottom = top.saturating_sub(size).saturating_add(1);
                    let rows = ledger_entries::table
                        .filter(ledger_entries::contact_id.eq(tenant))
                        .filter(ledger_entries::company_id.eq(owner))
                        .filter(ledger_entries::ledger_index.between(bottom, top))
                        .order(ledger_entries::ledger_index.desc())
                        .select(LedgerRow::as_select())
                        .load(conn)
                        .map_err(store_error)?;
                    (rows, Some(last))
                }
            };
            let items: Vec<LedgerEntry> = rows
                .into_iter()
                .map(LedgerEntry::try_from)
                .collect::<Result<_, _>>()?;
            // the page's first entry is number n - offset; only a page past the end (or of an
            // empty ledger) needs n asked for separately
            let last = match (known, items.first()) {
                (Some(last), _) => last,
                (None, Some(first)) => first.ledger_index.saturating_add(offset),
                (None, None) => newest_number(&mut self.conn.db, tenant, owner)?,
            };
            return Ok(Paged {
                items,
                total: count(last),
            });
        }
        let scope = || {
            dated!(
                ledger_entries::table
                    .filter(ledger_entries::contact_id.eq(tenant))
                    .filter(ledger_entries::company_id.eq(owner))
                    .into_boxed(),
                ledger_entries::transact_date,
                dates
            )
        };
        let (rows, total) = paged!(
            &mut self.conn.db,
            scope,
            ledger_entries::ledger_index.desc(),
            LedgerRow,
            page
        );
        let items = rows
            .into_iter()
            .map(LedgerEntry::try_from)
            .collect::<Result<_, _>>()?;
        Ok(Paged { items, total })
    }

    fn insert_books(&mut self, books: &[Books]) -> Result<(), StoreError> {
        let invoices: Vec<Invoice> = books
            .iter()
            .flat_map(|b| b.invoices.iter().cloned())
            .collect();
        storegister_invoice::InvoiceRepository::insert_invoices(self, &invoices)?;
        let receipts: Vec<Receipt> = books
            .iter()
            .flat_map(|b| b.receipts.iter().cloned())
            .collect();
        let allocations: Vec<Allocation> = books
            .iter()
            .flat_map(|b| b.allocations.iter().cloned())
            .collect();
        insert_receipt_rows(&mut self.conn.db, &receipts, &allocations)?;
        let notes: Vec<CreditNote> = books
            .iter()
            .flat_map(|b| b.credit_notes.iter().cloned())
            .collect();
        let vouchers: Vec<PaymentVoucher> = books
            .iter()
            .flat_map(|b| b.vouchers.iter().cloned())
            .collect();
        insert_note_rows(&mut self.conn.db, &notes, &vouchers)?;
        let entries: Vec<LedgerEntry> = books
            .iter()
            .flat_map(|b| b.ledger.iter().cloned())
            .collect();
        insert_ledger_rows(&mut self.conn.db, &entries)
    }

    fn receipts_with_advance(
        &mut self,
        company: CompanyId,
        contact: ContactId,
    ) -> Result<Vec<Receipt>, StoreError> {
        receipts::table
            .filter(receipts::contact_id.eq(DbUuid(contact.uuid())))
            .filter(receipts::company_id.eq(DbUuid(company.uuid())))
            .filter(receipts::allocated_minor.lt(receipts::gross_minor))
            .order((receipts::transact_date, receipts::created_at, receipts::id))
            .select(ReceiptRow::as_select())
            .load(&mut self.conn.db)
            .map(|rows| rows.into_iter().map(Receipt::from).collect())
            .map_err(store_error)
    }
}

/// The numbers of these invoices.
fn invoice_numbers(
    conn: &mut DbConnection,
    ids: Vec<Uuid>,
) -> Result<Vec<(DbUuid, String)>, StoreError> {
    let ids: Vec<DbUuid> = ids.into_iter().map(DbUuid).collect();
    invoices::table
        .filter(invoices::id.eq_any(ids))
        .select((invoices::id, invoices::transact_id))
        .load(conn)
        .map_err(store_error)
}

fn number_of(numbers: &[(DbUuid, String)], id: Uuid) -> String {
    numbers
        .iter()
        .find(|(i, _)| i.0 == id)
        .map(|(_, n)| n.clone())
        .unwrap_or_default()
}
