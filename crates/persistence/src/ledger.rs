//! Carrying the payments recorded before receipts existed into receipts, and building every
//! tenant's ledger, once, after the schema migration that made them (so that no amount
//! changes meaning on upgrade).
//!
//! Before, a payment only added to an invoice's `paid_minor`. Each invoice with something paid
//! gets one receipt of that amount (number `RV-` and the invoice's, dated the invoice's date,
//! method `UNRECORDED`), allocated to it in full: its balance and status stay what they were.
//! Then each tenant's ledger is written from its invoices (cancelled ones, which were cancelled
//! before anything was paid, get their cancellation line) and these receipts, oldest first.

use std::collections::HashMap;

use chrono::{NaiveDateTime, Utc};
use diesel::prelude::*;
use storegister_invoice::{Allocation, Invoice, LedgerEnd, Posting, Receipt};
use storegister_kernel::{ContactId, StoreError};
use uuid::Uuid;

use crate::connection::DbConnection;
use crate::error::store_error;
use crate::repo::transactions::{insert_ledger_rows, insert_receipt_rows};
use crate::rows::InvoiceRow;
use crate::schema::{contracts, data_migrations, invoices};
use crate::types::DbUuid;

/// The name this migration is recorded under in `data_migrations`.
pub const CARRY_PAYMENTS: &str = "carry-payments-into-receipts";

/// What carrying did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CarryReport {
    /// Whether it ran now (false: recorded as done before).
    pub ran: bool,
    /// Receipts made from recorded payments.
    pub receipts: usize,
    /// Ledger entries written.
    pub entries: usize,
}

/// Carries recorded payments into receipts and builds the ledgers, unless done before.
pub fn carry(conn: &mut DbConnection) -> Result<CarryReport, StoreError> {
    let done = data_migrations::table
        .find(CARRY_PAYMENTS)
        .select(data_migrations::name)
        .get_result::<String>(conn)
        .optional()
        .map_err(store_error)?;
    if done.is_some() {
        return Ok(CarryReport::default());
    }
    let now = Utc::now().naive_utc();
    let rows: Vec<InvoiceRow> = invoices::table
        .order((
            invoices::contact_id,
            invoices::transact_date,
            invoices::created_at,
            // rows an earlier version wrote in one go can share the two above: without a
            // last key each backend would choose, and the ledger's order would differ
            invoices::transact_id,
            invoices::id,
        ))
        .select(InvoiceRow::as_select())
        .load(conn)
        .map_err(store_error)?;
    let numbers: HashMap<DbUuid, String> = contracts::table
        .select((contracts::id, contracts::contract_number))
        .load::<(DbUuid, String)>(conn)
        .map_err(store_error)?
        .into_iter()
        .collect();
    let mut report = CarryReport {
        ran: true,
        ..CarryReport::default()
    };
    let mut receipts = Vec::new();
    let mut allocations = Vec::new();
    let mut entries = Vec::new();
    let mut tenant: Option<(ContactId, LedgerEnd)> = None;
    for row in rows {
        let invoice = Invoice::try_from(row)?;
        let end = match tenant {
            Some((contact, end)) if contact == invoice.contact_id => end,
            _ => LedgerEnd::default(),
        };
        let contract_number = invoice
            .contract_id
            .and_then(|c| numbers.get(&DbUuid(c.uuid())).cloned());
        let mut postings = vec![Posting::invoice(&invoice, contract_number.clone())];
        if invoice.paid_minor > 0 {
            let receipt = carried(&invoice, now);
            allocations.push(Allocation {
                id: Uuid::now_v7(),
                company_id: invoice.company_id,
                receipt_id: receipt.id,
                invoice_id: invoice.id,
                amount_minor: invoice.paid_minor,
                created_at: now,
            });
            postings.push(Posting::receipt(
                &receipt,
                Some((invoice.id.uuid(), invoice.transact_id.clone())),
            ));
            receipts.push(receipt);
        }
        if invoice.cancelled {
            postings.push(Posting::reversal(
                &invoice,
                invoice.transact_date,
                contract_number,
                invoice.reversed,
            ));
        }
        let (posted, end) = end.append(invoice.company_id, invoice.contact_id, postings, now);
        entries.extend(posted);
        tenant = Some((invoice.contact_id, end));
    }
    report.receipts = receipts.len();
    report.entries = entries.len();
    insert_receipt_rows(conn, &receipts, &allocations)?;
    insert_ledger_rows(conn, &entries)?;
    diesel::insert_into(data_migrations::table)
        .values((
            data_migrations::name.eq(CARRY_PAYMENTS),
            data_migrations::applied_at.eq(now),
        ))
        .execute(conn)
        .map_err(store_error)?;
    Ok(report)
}

/// The receipt a payment recorded on `invoice` becomes.
fn carried(invoice: &Invoice, now: NaiveDateTime) -> Receipt {
    let mut number = format!("RV-{}", invoice.transact_id);
    if number.chars().count() > 50 {
        number = format!("RV-{}", invoice.id.uuid().simple());
    }
    Receipt {
        id: Uuid::now_v7(),
        company_id: invoice.company_id,
        contact_id: invoice.contact_id,
        transact_id: number,
        transact_date: invoice.transact_date,
        payment_method: "UNRECORDED".into(),
        gross_minor: invoice.paid_minor,
        allocated_minor: invoice.paid_minor,
        created_at: now,
    }
}
