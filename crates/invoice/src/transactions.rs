//! A tenant's money matters besides invoices: receipt vouchers (money received, allocated to
//! invoices, the rest kept as an advance), credit notes (an amount taken off one invoice),
//! payment vouchers (money paid to the tenant) and the ledger that puts them all in one account
//! statement with running balances.
//!
//! The rules, all in integer minor units of the company's one currency:
//! - an invoice's balance = gross − allocated receipts − credit notes, never below zero;
//! - a receipt's advance = gross − what is allocated of it to invoices;
//! - the ledger balance after an entry = the one before + what it charges − what it credits, so
//!   the newest one = the open invoices' balances − the advances + the payment vouchers;
//! - a payment voucher pays out the tenant's credit (what the company owes the tenant: the
//!   negative of the ledger balance), never more.

use chrono::{NaiveDate, NaiveDateTime};
use storegister_kernel::{CompanyId, ContactId, InvoiceId, StoreError};
use uuid::Uuid;

use crate::invoice::{Invoice, TransactionType};
use crate::money::Money;

/// Money received from a tenant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    /// Identifier.
    pub id: Uuid,
    /// The company.
    pub company_id: CompanyId,
    /// The tenant who paid.
    pub contact_id: ContactId,
    /// The voucher number, unique within the company.
    pub transact_id: String,
    /// When the money came in.
    pub transact_date: NaiveDate,
    /// How it was paid (`CARD`, `BANK_TRANSFER`, …, as the office records it).
    pub payment_method: String,
    /// The amount received, in minor units.
    pub gross_minor: i64,
    /// What is allocated of it to invoices, in minor units.
    pub allocated_minor: i64,
    /// When it was stored (UTC).
    pub created_at: NaiveDateTime,
}

impl Receipt {
    /// The part not allocated to an invoice.
    pub fn advance_minor(&self) -> i64 {
        self.gross_minor.saturating_sub(self.allocated_minor).max(0)
    }
}

/// A part of a receipt applied to an invoice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Allocation {
    /// Identifier.
    pub id: Uuid,
    /// The company.
    pub company_id: CompanyId,
    /// The receipt the money comes from.
    pub receipt_id: Uuid,
    /// The invoice it pays.
    pub invoice_id: InvoiceId,
    /// The amount, in minor units (above zero).
    pub amount_minor: i64,
    /// When it was made (UTC).
    pub created_at: NaiveDateTime,
}

/// An amount taken off one invoice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreditNote {
    /// Identifier.
    pub id: Uuid,
    /// The company.
    pub company_id: CompanyId,
    /// The tenant.
    pub contact_id: ContactId,
    /// The invoice it credits.
    pub invoice_id: InvoiceId,
    /// The credit note number, unique within the company.
    pub transact_id: String,
    /// Its date.
    pub transact_date: NaiveDate,
    /// The amount taken off, in minor units.
    pub amount_minor: i64,
    /// Why.
    pub reason: String,
    /// When it was stored (UTC).
    pub created_at: NaiveDateTime,
}

/// Money paid to a tenant (a deposit refund, an advance paid back).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaymentVoucher {
    /// Identifier.
    pub id: Uuid,
    /// The company.
    pub company_id: CompanyId,
    /// The tenant paid.
    pub contact_id: ContactId,
    /// The voucher number, unique within the company.
    pub transact_id: String,
    /// When it was paid.
    pub transact_date: NaiveDate,
    /// The amount, in minor units.
    pub amount_minor: i64,
    /// Why.
    pub reason: String,
    /// When it was stored (UTC).
    pub created_at: NaiveDateTime,
}

/// What a ledger entry records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EntryKind {
    /// An invoice of this type: charges its gross amount.
    Invoice(TransactionType),
    /// A credit note: credits its amount.
    CreditNote,
    /// A receipt voucher: credits the money received.
    Receipt,
    /// A payment voucher: charges the money paid out.
    PaymentVoucher,
    /// The reversal of an invoice: credits what the invoice still charged.
    Reversal,
    /// The cancellation of an invoice nothing was paid or credited on: credits its gross.
    Cancellation,
}

impl EntryKind {
    /// The stored and wire code: the invoice's type, `CREDIT_NOTE`, `RECEIPT`, `PAYMENT`,
    /// `REVERSAL`.
    pub fn code(self) -> &'static str {
        match self {
            EntryKind::Invoice(kind) => kind.as_str(),
            EntryKind::CreditNote => "CREDIT_NOTE",
            EntryKind::Receipt => "RECEIPT",
            EntryKind::PaymentVoucher => "PAYMENT",
            EntryKind::Reversal => "REVERSAL",
            EntryKind::Cancellation => "CANCELLATION",
        }
    }

    /// Its label.
    pub fn label(self) -> &'static str {
        match self {
            EntryKind::Invoice(kind) => kind.label(),
            EntryKind::CreditNote => "Credit Note",
            EntryKind::Receipt => "Receipt Voucher",
            EntryKind::PaymentVoucher => "Payment Voucher",
            EntryKind::Reversal => "Invoice Reversal",
            EntryKind::Cancellation => "Invoice Cancellation",
        }
    }

    /// The kind of a stored code.
    pub fn parse(code: &str) -> Option<Self> {
        Some(match code {
            "CREDIT_NOTE" => EntryKind::CreditNote,
            "RECEIPT" => EntryKind::Receipt,
            "PAYMENT" => EntryKind::PaymentVoucher,
            "REVERSAL" => EntryKind::Reversal,
            "CANCELLATION" => EntryKind::Cancellation,
            other => EntryKind::Invoice(other.parse().ok()?),
        })
    }
}

/// One line of a tenant's account statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LedgerEntry {
    /// Identifier.
    pub id: Uuid,
    /// The company.
    pub company_id: CompanyId,
    /// The tenant.
    pub contact_id: ContactId,
    /// Its place in the tenant's ledger: 1 for the oldest entry, no gaps.
    pub ledger_index: i64,
    /// What it records.
    pub kind: EntryKind,
    /// The document it comes from (the invoice, credit note, receipt or voucher).
    pub document_id: Uuid,
    /// The document's number.
    pub transact_id: String,
    /// The document's date.
    pub transact_date: NaiveDate,
    /// The number of the contract it belongs to, if any.
    pub contract_number: Option<String>,
    /// The invoice a credit note, receipt or reversal refers to.
    pub reference_id: Option<Uuid>,
    /// That invoice's number.
    pub reference_transact_id: Option<String>,
    /// What it charges the tenant, in minor units (0 if it charges nothing).
    pub charge_minor: i64,
    /// What it credits the tenant, in minor units (0 if it credits nothing).
    pub credit_minor: i64,
    /// What the tenant owes after it (negative: in credit), in minor units.
    pub balance_minor: i64,
    /// When it was posted (UTC).
    pub created_at: NaiveDateTime,
}

/// A ledger entry before it has a place: the ledger gives it its index and balance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Posting {
    /// What it records.
    pub kind: EntryKind,
    /// The document it comes from.
    pub document_id: Uuid,
    /// The document's number.
    pub transact_id: String,
    /// The document's date.
    pub transact_date: NaiveDate,
    /// The contract's number, if any.
    pub contract_number: Option<String>,
    /// The invoice it refers to: id and number.
    pub reference: Option<(Uuid, String)>,
    /// What it charges, in minor units.
    pub charge_minor: i64,
    /// What it credits, in minor units.
    pub credit_minor: i64,
}

/// The end of a tenant's ledger: its last index and balance (0 and 0 when empty).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LedgerEnd {
    /// The last entry's index.
    pub index: i64,
    /// The balance after it, in minor units.
    pub balance_minor: i64,
}

impl LedgerEnd {
    /// The entries `postings` become, appended after this end, in order; and the new end.
    pub fn append(
        self,
        company_id: CompanyId,
        contact_id: ContactId,
        postings: Vec<Posting>,
        now: NaiveDateTime,
    ) -> (Vec<LedgerEntry>, LedgerEnd) {
        let mut end = self;
        let entries = postings
            .into_iter()
            .map(|posting| {
                end.index += 1;
                end.balance_minor = end
                    .balance_minor
                    .saturating_add(posting.charge_minor)
                    .saturating_sub(posting.credit_minor);
                let (reference_id, reference_transact_id) = posting.reference.unzip();
                LedgerEntry {
                    id: Uuid::now_v7(),
                    company_id,
                    contact_id,
                    ledger_index: end.index,
                    kind: posting.kind,
                    document_id: posting.document_id,
                    transact_id: posting.transact_id,
                    transact_date: posting.transact_date,
                    contract_number: posting.contract_number,
                    reference_id,
                    reference_transact_id,
                    charge_minor: posting.charge_minor,
                    credit_minor: posting.credit_minor,
                    balance_minor: end.balance_minor,
                    created_at: now,
                }
            })
            .collect();
        (entries, end)
    }
}

impl Posting {
    /// The posting of a new invoice: its gross amount charged.
    pub fn invoice(invoice: &Invoice, contract_number: Option<String>) -> Self {
        Self {
            kind: EntryKind::Invoice(invoice.transaction_type),
            document_id: invoice.id.uuid(),
            transact_id: invoice.transact_id.clone(),
            transact_date: invoice.transact_date,
            contract_number,
            reference: None,
            charge_minor: invoice.gross_minor,
            credit_minor: 0,
        }
    }

    /// The posting of a receipt: the money received credited (referring to the invoice, when
    /// it went to exactly one).
    pub fn receipt(receipt: &Receipt, only_invoice: Option<(Uuid, String)>) -> Self {
        Self {
            kind: EntryKind::Receipt,
            document_id: receipt.id,
            transact_id: receipt.transact_id.clone(),
            transact_date: receipt.transact_date,
            contract_number: None,
            reference: only_invoice,
            charge_minor: 0,
            credit_minor: receipt.gross_minor,
        }
    }

    /// The posting of a credit note on `invoice`.
    pub fn credit_note(
        note: &CreditNote,
        invoice: &Invoice,
        contract_number: Option<String>,
    ) -> Self {
        Self {
            kind: EntryKind::CreditNote,
            document_id: note.id,
            transact_id: note.transact_id.clone(),
            transact_date: note.transact_date,
            contract_number,
            reference: Some((invoice.id.uuid(), invoice.transact_id.clone())),
            charge_minor: 0,
            credit_minor: note.amount_minor,
        }
    }

    /// The posting of a payment voucher: the money paid out charged.
    pub fn payment_voucher(voucher: &PaymentVoucher) -> Self {
        Self {
            kind: EntryKind::PaymentVoucher,
            document_id: voucher.id,
            transact_id: voucher.transact_id.clone(),
            transact_date: voucher.transact_date,
            contract_number: None,
            reference: None,
            charge_minor: voucher.amount_minor,
            credit_minor: 0,
        }
    }

    /// The posting of `invoice`'s reversal (or cancellation, `reversed` false) on `date`: what
    /// it still charged credited.
    pub fn reversal(
        invoice: &Invoice,
        date: NaiveDate,
        contract_number: Option<String>,
        reversed: bool,
    ) -> Self {
        Self {
            kind: if reversed {
                EntryKind::Reversal
            } else {
                EntryKind::Cancellation
            },
            document_id: invoice.id.uuid(),
            transact_id: invoice.transact_id.clone(),
            transact_date: date,
            contract_number,
            reference: Some((invoice.id.uuid(), invoice.transact_id.clone())),
            charge_minor: 0,
            credit_minor: invoice.reversal_minor(),
        }
    }
}

/// Why money cannot be recorded as asked.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// Amounts are above zero.
    #[error("the amount must be above zero")]
    NotPositive,
    /// An invoice named for an allocation is cancelled, or another tenant's.
    #[error("invoice {0} is cancelled, or not this tenant's")]
    NotOpen(String),
    /// More allocated to an invoice than it owes.
    #[error("{allocated} for invoice {invoice} is more than the balance of {balance}")]
    AboveBalance {
        /// The invoice's number.
        invoice: String,
        /// The amount asked, formatted.
        allocated: String,
        /// Its balance, formatted.
        balance: String,
    },
    /// More allocated than received.
    #[error("the allocations add up to {allocated}, more than the {received} received")]
    AboveReceived {
        /// The allocations' total, formatted.
        allocated: String,
        /// The receipt's amount, formatted.
        received: String,
    },
    /// A credit note takes more off than the invoice still charges.
    #[error(
        "a credit note of {asked} on invoice {invoice}, which charges {left} after its credit notes"
    )]
    CreditAboveInvoice {
        /// The invoice's number.
        invoice: String,
        /// The amount asked, formatted.
        asked: String,
        /// What the invoice still charges, formatted.
        left: String,
    },
    /// A payment voucher above the tenant's credit.
    #[error("a payment of {asked} is more than the tenant's credit of {credit}")]
    AboveCredit {
        /// The amount asked, formatted.
        asked: String,
        /// The tenant's credit, formatted.
        credit: String,
    },
}

/// How a receipt's money is applied: to the invoices named, or to the open invoices oldest due
/// first (`explicit` is `None`); the rest is the advance.
///
/// `open` are the tenant's invoices (any state; only open ones take money), `explicit` the
/// invoice ids and amounts asked for.
pub fn allocate(
    received: Money,
    open: &[Invoice],
    explicit: Option<&[(InvoiceId, Money)]>,
) -> Result<Vec<(InvoiceId, i64)>, MoneyError> {
    if received.minor <= 0 {
        return Err(MoneyError::NotPositive);
    }
    let mut left = received.minor;
    let mut plan = Vec::new();
    match explicit {
        Some(asked) => {
            for (id, amount) in asked {
                let invoice = open
                    .iter()
                    .find(|i| i.id == *id && !i.cancelled)
                    .ok_or_else(|| MoneyError::NotOpen(id.to_string()))?;
                if amount.minor <= 0 {
                    return Err(MoneyError::NotPositive);
                }
                let already: i64 = plan.iter().filter(|(i, _)| i == id).map(|(_, a)| *a).sum();
                if amount.minor.saturating_add(already) > invoice.balance().minor {
                    return Err(MoneyError::AboveBalance {
                        invoice: invoice.transact_id.clone(),
                        allocated: amount.formatted(),
                        balance: invoice.balance().formatted(),
                    });
                }
                plan.push((*id, amount.minor));
            }
            let total: i64 = plan.iter().map(|(_, a)| *a).sum();
            if total > received.minor {
                return Err(MoneyError::AboveReceived {
                    allocated: Money::from_minor(total, received.currency).formatted(),
                    received: received.formatted(),
                });
            }
        }
        None => {
            let mut owing: Vec<&Invoice> = open.iter().filter(|i| i.is_unpaid()).collect();
            owing.sort_by(|a, b| {
                (a.due_date, a.transact_date, &a.transact_id).cmp(&(
                    b.due_date,
                    b.transact_date,
                    &b.transact_id,
                ))
            });
            for invoice in owing {
                if left == 0 {
                    break;
                }
                let take = left.min(invoice.balance().minor);
                plan.push((invoice.id, take));
                left -= take;
            }
        }
    }
    Ok(plan)
}

/// What a credit note of `amount` on `invoice` releases of the receipts allocated to it: the
/// invoice's balance never goes below zero, so money paid beyond what it now charges goes back
/// to the receipts as advance. Checks that the credit note is allowed.
pub fn credit(invoice: &Invoice, amount: Money) -> Result<i64, MoneyError> {
    if amount.minor <= 0 {
        return Err(MoneyError::NotPositive);
    }
    if invoice.cancelled {
        return Err(MoneyError::NotOpen(invoice.transact_id.clone()));
    }
    let left = invoice.reversal_minor();
    if amount.minor > left {
        return Err(MoneyError::CreditAboveInvoice {
            invoice: invoice.transact_id.clone(),
            asked: amount.formatted(),
            left: Money::from_minor(left, invoice.currency).formatted(),
        });
    }
    let charged_after = left - amount.minor;
    Ok(invoice.paid_minor.saturating_sub(charged_after).max(0))
}

/// Whether a payment voucher of `amount` may be paid to a tenant whose ledger stands at
/// `balance_minor`: never more than the tenant's credit.
pub fn pay_out(amount: Money, balance_minor: i64) -> Result<(), MoneyError> {
    if amount.minor <= 0 {
        return Err(MoneyError::NotPositive);
    }
    let credit = balance_minor.saturating_neg().max(0);
    if amount.minor > credit {
        return Err(MoneyError::AboveCredit {
            asked: amount.formatted(),
            credit: Money::from_minor(credit, amount.currency).formatted(),
        });
    }
    Ok(())
}

/// Which allocations to release so that `amount` goes back to their receipts: newest first.
pub fn release(allocations: &[Allocation], amount: i64) -> Vec<(Uuid, i64)> {
    let mut newest_first: Vec<&Allocation> = allocations.iter().collect();
    newest_first.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
    let mut left = amount;
    let mut released = Vec::new();
    for allocation in newest_first {
        if left <= 0 {
            break;
        }
        let take = left.min(allocation.amount_minor);
        released.push((allocation.id, take));
        left -= take;
    }
    released
}

/// A page of a list: its number (from 1) and size.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    /// From 1.
    pub number: u64,
    /// 1 to [`Page::MAX_SIZE`].
    pub size: u64,
}

impl Page {
    /// The largest page.
    pub const MAX_SIZE: u64 = 100;

    /// How many items come before it.
    pub fn offset(self) -> u64 {
        (self.number - 1).saturating_mul(self.size)
    }

    /// How many pages `total` items take.
    pub fn pages(self, total: u64) -> u64 {
        total.div_ceil(self.size)
    }
}

/// Dates a list is filtered by (inclusive; either may be open).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DateRange {
    /// From this day.
    pub from: Option<NaiveDate>,
    /// Until this day.
    pub to: Option<NaiveDate>,
}

/// One page of items and how many there are in all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paged<T> {
    /// The page's items, newest first.
    pub items: Vec<T>,
    /// How many items the whole list has.
    pub total: u64,
}

/// A credit note with the number of the invoice it credits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreditNoteLine {
    /// The credit note.
    pub note: CreditNote,
    /// The invoice's number.
    pub invoice_transact_id: String,
}

/// A receipt with what it paid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceiptLine {
    /// The receipt.
    pub receipt: Receipt,
    /// Its allocations: invoice id, invoice number, amount in minor units.
    pub allocations: Vec<(InvoiceId, String, i64)>,
}

/// Storage of receipts, credit notes, payment vouchers and the ledger, scoped to one company.
pub trait TransactionRepository {
    /// Takes the tenant's ledger for this unit of work (other writers of it wait) and answers
    /// its end.
    fn lock_ledger(
        &mut self,
        company: CompanyId,
        contact: ContactId,
    ) -> Result<LedgerEnd, StoreError>;

    /// Appends entries (their indexes follow the ledger's end).
    fn insert_ledger_entries(&mut self, entries: &[LedgerEntry]) -> Result<(), StoreError>;

    /// Stores a receipt; [`StoreError::Duplicate`] if its number is taken.
    fn insert_receipt(&mut self, receipt: &Receipt) -> Result<(), StoreError>;

    /// Stores allocations and adds them to their receipts' allocated and their invoices' paid
    /// amounts.
    fn allocate(&mut self, allocations: &[Allocation]) -> Result<(), StoreError>;

    /// The invoice's allocations.
    fn allocations_to(
        &mut self,
        company: CompanyId,
        invoice: InvoiceId,
    ) -> Result<Vec<Allocation>, StoreError>;

    /// Takes amounts off allocations (deleting those that reach zero) and off their receipts'
    /// allocated and their invoices' paid amounts.
    fn release(&mut self, company: CompanyId, amounts: &[(Uuid, i64)]) -> Result<(), StoreError>;

    /// The company's receipt with this id or number.
    fn find_receipt(
        &mut self,
        company: CompanyId,
        id_or_number: &str,
    ) -> Result<Option<Receipt>, StoreError>;

    /// Stores a credit note and adds it to its invoice's credited amount.
    fn insert_credit_note(&mut self, note: &CreditNote) -> Result<(), StoreError>;

    /// Stores a payment voucher.
    fn insert_payment_voucher(&mut self, voucher: &PaymentVoucher) -> Result<(), StoreError>;

    /// Marks an invoice cancelled (and reversed, if it was posted); `false` if it was
    /// cancelled meanwhile.
    fn close_invoice(
        &mut self,
        company: CompanyId,
        invoice: InvoiceId,
        reversed: bool,
    ) -> Result<bool, StoreError>;

    /// A page of the tenant's invoices of every state, newest first.
    fn invoice_page(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        dates: DateRange,
        page: Page,
    ) -> Result<Paged<Invoice>, StoreError>;

    /// A page of the tenant's credit notes, newest first.
    fn credit_note_page(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        dates: DateRange,
        page: Page,
    ) -> Result<Paged<CreditNoteLine>, StoreError>;

    /// A page of the tenant's receipts with their allocations, newest first.
    fn receipt_page(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        dates: DateRange,
        page: Page,
    ) -> Result<Paged<ReceiptLine>, StoreError>;

    /// A page of the tenant's payment vouchers, newest first.
    fn payment_voucher_page(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        dates: DateRange,
        page: Page,
    ) -> Result<Paged<PaymentVoucher>, StoreError>;

    /// A page of the tenant's ledger, newest first.
    fn ledger_page(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        dates: DateRange,
        page: Page,
    ) -> Result<Paged<LedgerEntry>, StoreError>;

    /// Stores whole books in few statements (seeding): their invoices with their totals,
    /// receipts, allocations, credit notes, payment vouchers and ledger entries.
    fn insert_books(&mut self, books: &[crate::books::Books]) -> Result<(), StoreError>;

    /// The tenant's receipts with an advance left, oldest first.
    fn receipts_with_advance(
        &mut self,
        company: CompanyId,
        contact: ContactId,
    ) -> Result<Vec<Receipt>, StoreError>;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::books::{Books, Charge};
    use crate::money::Currency;

    fn eur() -> Currency {
        "EUR".parse().unwrap()
    }

    fn money(minor: i64) -> Money {
        Money::from_minor(minor, eur())
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn books() -> Books {
        Books::new(
            CompanyId::generate(),
            ContactId::generate(),
            eur(),
            day("2026-01-01").and_hms_opt(12, 0, 0).unwrap(),
        )
    }

    fn invoice(books: &mut Books, number: &str, gross: i64, due: &str) -> InvoiceId {
        books.invoice(Charge {
            number: number.into(),
            kind: TransactionType::Rental,
            date: day(due) - chrono::Days::new(14),
            due: day(due),
            gross_minor: gross,
            contract: None,
        })
    }

    fn receive(
        books: &mut Books,
        amount: i64,
        date: &str,
        explicit: Option<&[(InvoiceId, i64)]>,
    ) -> Result<Uuid, MoneyError> {
        let number = format!("RV-{}", books.ledger.len());
        books.receive(number, amount, day(date), "CARD", explicit)
    }

    fn credit_note(books: &mut Books, invoice: InvoiceId, amount: i64) -> Result<Uuid, MoneyError> {
        let number = format!("CN-{}", books.ledger.len());
        books.credit_note(invoice, number, amount, day("2026-02-01"), "goodwill", None)
    }

    fn pay(books: &mut Books, amount: i64) -> Result<Uuid, MoneyError> {
        let number = format!("PV-{}", books.ledger.len());
        books.pay_out(number, amount, day("2026-03-01"), "refund")
    }

    fn get(books: &Books, id: InvoiceId) -> &Invoice {
        books.invoices.iter().find(|i| i.id == id).unwrap()
    }

    fn balance(books: &Books, id: InvoiceId) -> i64 {
        get(books, id).balance().minor
    }

    fn advance(books: &Books, id: Uuid) -> i64 {
        books
            .receipts
            .iter()
            .find(|r| r.id == id)
            .unwrap()
            .advance_minor()
    }

    /// Every rule of "Amounts always add up".
    fn assert_adds_up(books: &Books) {
        for invoice in &books.invoices {
            let allocated: i64 = books
                .allocations
                .iter()
                .filter(|a| a.invoice_id == invoice.id)
                .map(|a| a.amount_minor)
                .sum();
            assert_eq!(allocated, invoice.paid_minor, "{}", invoice.transact_id);
            assert!(invoice.validate().is_ok(), "{}", invoice.transact_id);
            if invoice.cancelled {
                assert_eq!(invoice.balance().minor, 0);
                assert_eq!(allocated, 0, "a cancelled invoice holds no money");
            } else {
                assert_eq!(
                    invoice.balance().minor,
                    invoice.gross_minor - allocated - invoice.credited_minor
                );
            }
        }
        for receipt in &books.receipts {
            let allocated: i64 = books
                .allocations
                .iter()
                .filter(|a| a.receipt_id == receipt.id)
                .map(|a| a.amount_minor)
                .sum();
            assert_eq!(allocated, receipt.allocated_minor);
            assert!(allocated <= receipt.gross_minor);
        }
        let (open, advances, vouchers) = books.totals();
        assert_eq!(books.end.balance_minor, open - advances + vouchers);
        for (i, entry) in books.ledger.iter().enumerate() {
            assert_eq!(entry.ledger_index, i as i64 + 1, "no gaps");
        }
        if let Some(last) = books.ledger.last() {
            assert_eq!(last.balance_minor, books.end.balance_minor);
        }
    }

    #[test]
    fn partial_payments_and_oldest_due_first() {
        let mut books = books();
        let march = invoice(&mut books, "INV-3", 9_900, "2026-03-01");
        let january = invoice(&mut books, "INV-1", 9_900, "2026-01-01");
        let february = invoice(&mut books, "INV-2", 9_900, "2026-02-01");
        receive(&mut books, 12_000, "2026-02-10", None).unwrap();
        assert_eq!(balance(&books, january), 0);
        assert_eq!(balance(&books, february), 7_800);
        assert_eq!(balance(&books, march), 9_900);
        assert_eq!(
            get(&books, february).status(),
            crate::InvoiceStatus::PartiallyPaid
        );
        assert_eq!(get(&books, january).status(), crate::InvoiceStatus::Paid);
        assert_eq!(get(&books, march).status(), crate::InvoiceStatus::Unpaid);
        assert_eq!(books.end.balance_minor, 3 * 9_900 - 12_000);
        assert_adds_up(&books);
    }

    #[test]
    fn an_over_payment_is_kept_as_an_advance_and_can_be_paid_out() {
        let mut books = books();
        let only = invoice(&mut books, "INV-1", 5_000, "2026-01-01");
        let receipt = receive(&mut books, 8_000, "2026-01-05", None).unwrap();
        assert_eq!(balance(&books, only), 0);
        assert_eq!(advance(&books, receipt), 3_000);
        assert_eq!(books.end.balance_minor, -3_000, "in credit");
        assert_adds_up(&books);
        assert!(matches!(
            pay(&mut books, 3_001),
            Err(MoneyError::AboveCredit { .. })
        ));
        pay(&mut books, 3_000).unwrap();
        assert_eq!(books.end.balance_minor, 0);
        assert!(pay(&mut books, 1).is_err(), "no credit left");
        assert_adds_up(&books);
    }

    #[test]
    fn explicit_allocations_are_checked() {
        let mut books = books();
        let a = invoice(&mut books, "INV-1", 5_000, "2026-01-01");
        let b = invoice(&mut books, "INV-2", 5_000, "2026-02-01");
        // to the newer one, as the tenant asked
        let receipt = receive(&mut books, 6_000, "2026-01-10", Some(&[(b, 5_000)])).unwrap();
        assert_eq!((balance(&books, a), balance(&books, b)), (5_000, 0));
        assert_eq!(advance(&books, receipt), 1_000);
        assert!(matches!(
            receive(&mut books, 6_000, "2026-01-11", Some(&[(a, 5_001)])),
            Err(MoneyError::AboveBalance { .. })
        ));
        assert!(matches!(
            receive(&mut books, 1_000, "2026-01-11", Some(&[(a, 2_000)])),
            Err(MoneyError::AboveReceived { .. })
        ));
        assert!(matches!(
            receive(
                &mut books,
                1_000,
                "2026-01-11",
                Some(&[(InvoiceId::generate(), 1)])
            ),
            Err(MoneyError::NotOpen(_))
        ));
        assert_eq!(
            receive(&mut books, 0, "2026-01-11", None),
            Err(MoneyError::NotPositive)
        );
        assert!(allocate(money(-5), &books.invoices, None).is_err());
        assert_adds_up(&books);
    }

    #[test]
    fn a_credit_note_on_a_partly_paid_invoice_releases_what_it_no_longer_charges() {
        let mut books = books();
        let inv = invoice(&mut books, "INV-1", 10_000, "2026-01-01");
        let receipt = receive(&mut books, 7_000, "2026-01-05", None).unwrap();
        // 3,000 owed; a credit note of 2,000 leaves 1,000 owed, nothing released
        credit_note(&mut books, inv, 2_000).unwrap();
        assert_eq!(balance(&books, inv), 1_000);
        assert_eq!(advance(&books, receipt), 0);
        assert_adds_up(&books);
        // another 2,500: the invoice now charges 5,500 of which 7,000 were paid: 1,500 go back
        credit_note(&mut books, inv, 2_500).unwrap();
        assert_eq!(balance(&books, inv), 0, "never below zero");
        assert_eq!(advance(&books, receipt), 1_500);
        assert_eq!(books.end.balance_minor, -1_500);
        assert_adds_up(&books);
        // and never more than the invoice still charges
        assert!(matches!(
            credit_note(&mut books, inv, 5_501),
            Err(MoneyError::CreditAboveInvoice { .. })
        ));
        assert_adds_up(&books);
    }

    #[test]
    fn a_reversal_after_a_payment_gives_the_money_back_as_an_advance() {
        let mut books = books();
        let inv = invoice(&mut books, "INV-1", 10_000, "2026-01-01");
        let other = invoice(&mut books, "INV-2", 4_000, "2026-02-01");
        let receipt = receive(&mut books, 6_000, "2026-01-05", Some(&[(inv, 6_000)])).unwrap();
        credit_note(&mut books, inv, 1_000).unwrap();
        assert_eq!(
            get(&books, inv).check_cancel(),
            Err(crate::CancelError::HasPayments)
        );
        books.reverse(inv, day("2026-01-20"), None).unwrap();
        let reversed = get(&books, inv).clone();
        assert_eq!(reversed.status(), crate::InvoiceStatus::Cancelled);
        assert!(reversed.reversed);
        assert_eq!((reversed.balance().minor, reversed.paid_minor), (0, 0));
        assert_eq!(
            advance(&books, receipt),
            6_000,
            "the allocation went back to the receipt"
        );
        assert_eq!(
            books.ledger.last().unwrap().credit_minor,
            9_000,
            "gross − credited"
        );
        assert_eq!(books.ledger.last().unwrap().kind, EntryKind::Reversal);
        assert_eq!(books.end.balance_minor, 4_000 - 6_000);
        assert_adds_up(&books);
        // the advance pays the other invoice later
        let plan = allocate(money(advance(&books, receipt)), &books.invoices, None).unwrap();
        assert_eq!(plan, vec![(other, 4_000)]);
        assert_eq!(
            books.reverse(inv, day("2026-01-21"), None),
            Err(crate::CancelError::AlreadyCancelled)
        );
    }

    #[test]
    fn a_deposit_refund_is_a_credit_note_and_a_payment_voucher() {
        let mut books = books();
        let deposit = invoice(&mut books, "DEP-1", 20_000, "2026-01-01");
        receive(&mut books, 20_000, "2026-01-01", None).unwrap();
        credit_note(&mut books, deposit, 20_000).unwrap();
        assert_eq!(books.end.balance_minor, -20_000);
        pay(&mut books, 20_000).unwrap();
        assert_eq!(books.end.balance_minor, 0);
        assert_adds_up(&books);
    }

    #[test]
    fn entry_kinds_round_trip_their_codes() {
        for kind in [
            EntryKind::Invoice(TransactionType::Rental),
            EntryKind::Invoice(TransactionType::LateFee),
            EntryKind::CreditNote,
            EntryKind::Receipt,
            EntryKind::PaymentVoucher,
            EntryKind::Reversal,
            EntryKind::Cancellation,
        ] {
            assert_eq!(EntryKind::parse(kind.code()), Some(kind));
        }
        assert_eq!(EntryKind::parse("NOPE"), None);
    }

    #[test]
    fn pages_count_and_skip() {
        let page = Page {
            number: 3,
            size: 20,
        };
        assert_eq!(page.offset(), 40);
        assert_eq!(page.pages(41), 3);
        assert_eq!(page.pages(0), 0);
        assert_eq!(
            Page {
                number: 1,
                size: 100
            }
            .pages(100),
            1
        );
    }
}
