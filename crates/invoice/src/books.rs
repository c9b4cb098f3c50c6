//! A tenant's books kept in memory by the same rules the use cases apply in the database: for
//! seeding a believable history in bulk (the demo), and for checking the rules end to end.

use chrono::{NaiveDate, NaiveDateTime};
use storegister_kernel::{CompanyId, ContactId, ContractId, InvoiceId};
use uuid::Uuid;

use crate::invoice::{Invoice, TransactionType};
use crate::money::{Currency, Money};
use crate::transactions::{
    Allocation, CreditNote, LedgerEnd, LedgerEntry, MoneyError, PaymentVoucher, Posting, Receipt,
    allocate, credit, pay_out, release,
};

/// One tenant's documents and ledger.
#[derive(Clone, Debug)]
pub struct Books {
    company: CompanyId,
    tenant: ContactId,
    currency: Currency,
    now: NaiveDateTime,
    /// The invoices, with their paid and credited totals.
    pub invoices: Vec<Invoice>,
    /// The receipts, with their allocated totals.
    pub receipts: Vec<Receipt>,
    /// The receipts' allocations.
    pub allocations: Vec<Allocation>,
    /// The credit notes.
    pub credit_notes: Vec<CreditNote>,
    /// The payment vouchers.
    pub vouchers: Vec<PaymentVoucher>,
    /// The ledger, oldest entry first.
    pub ledger: Vec<LedgerEntry>,
    /// The ledger's end.
    pub end: LedgerEnd,
}

/// An invoice to add to [`Books`].
#[derive(Clone, Debug)]
pub struct Charge<'a> {
    /// Its number.
    pub number: String,
    /// What it charges for.
    pub kind: TransactionType,
    /// Its date.
    pub date: NaiveDate,
    /// Its due date.
    pub due: NaiveDate,
    /// The amount, in minor units.
    pub gross_minor: i64,
    /// The contract it belongs to: id and number.
    pub contract: Option<(ContractId, &'a str)>,
}

impl Books {
    /// Empty books of a tenant; `now` stamps every record.
    pub fn new(
        company: CompanyId,
        tenant: ContactId,
        currency: Currency,
        now: NaiveDateTime,
    ) -> Self {
        Self {
            company,
            tenant,
            currency,
            now,
            invoices: Vec::new(),
            receipts: Vec::new(),
            allocations: Vec::new(),
            credit_notes: Vec::new(),
            vouchers: Vec::new(),
            ledger: Vec::new(),
            end: LedgerEnd::default(),
        }
    }

    /// Books continuing a stored ledger that ends at `end` (its documents are not loaded:
    /// only new ones are kept here).
    pub fn continuing(mut self, end: LedgerEnd) -> Self {
        self.end = end;
        self
    }

    fn post(&mut self, posting: Posting) {
        let (entries, end) = self
            .end
            .append(self.company, self.tenant, vec![posting], self.now);
        self.ledger.extend(entries);
        self.end = end;
    }

    fn money(&self, minor: i64) -> Money {
        Money::from_minor(minor, self.currency)
    }

    fn invoice_mut(&mut self, id: InvoiceId) -> Option<&mut Invoice> {
        self.invoices.iter_mut().find(|i| i.id == id)
    }

    /// Issues an invoice.
    pub fn invoice(&mut self, charge: Charge<'_>) -> InvoiceId {
        let invoice = Invoice {
            id: InvoiceId::generate_ordered(),
            company_id: self.company,
            contact_id: self.tenant,
            contract_id: charge.contract.map(|(id, _)| id),
            transact_id: charge.number,
            transact_date: charge.date,
            due_date: charge.due,
            transaction_type: charge.kind,
            currency: self.currency,
            gross_minor: charge.gross_minor,
            paid_minor: 0,
            credited_minor: 0,
            cancelled: false,
            reversed: false,
            created_at: self.now,
        };
        let contract_number = charge.contract.map(|(_, n)| n.to_owned());
        self.post(Posting::invoice(&invoice, contract_number));
        let id = invoice.id;
        self.invoices.push(invoice);
        id
    }

    /// Receives money: to the invoices named, or the open ones oldest due first; the rest is
    /// an advance.
    pub fn receive(
        &mut self,
        number: String,
        amount_minor: i64,
        date: NaiveDate,
        method: &str,
        explicit: Option<&[(InvoiceId, i64)]>,
    ) -> Result<Uuid, MoneyError> {
        let explicit: Option<Vec<(InvoiceId, Money)>> =
            explicit.map(|e| e.iter().map(|(id, a)| (*id, self.money(*a))).collect());
        let plan = allocate(
            self.money(amount_minor),
            &self.invoices,
            explicit.as_deref(),
        )?;
        let receipt = Receipt {
            id: Uuid::now_v7(),
            company_id: self.company,
            contact_id: self.tenant,
            transact_id: number,
            transact_date: date,
            payment_method: method.to_owned(),
            gross_minor: amount_minor,
            allocated_minor: plan.iter().map(|(_, a)| a).sum(),
            created_at: self.now,
        };
        for (invoice, take) in &plan {
            if let Some(paid) = self.invoice_mut(*invoice) {
                paid.paid_minor += take;
            }
            self.allocations.push(Allocation {
                id: Uuid::now_v7(),
                company_id: self.company,
                receipt_id: receipt.id,
                invoice_id: *invoice,
                amount_minor: *take,
                created_at: self.now,
            });
        }
        let only = match plan.as_slice() {
            [(id, _)] => self
                .invoices
                .iter()
                .find(|i| i.id == *id)
                .map(|i| (i.id.uuid(), i.transact_id.clone())),
            _ => None,
        };
        self.post(Posting::receipt(&receipt, only));
        let id = receipt.id;
        self.receipts.push(receipt);
        Ok(id)
    }

    fn give_back(&mut self, invoice: InvoiceId, amount: i64) {
        let mine: Vec<Allocation> = self
            .allocations
            .iter()
            .filter(|a| a.invoice_id == invoice)
            .cloned()
            .collect();
        for (id, take) in release(&mine, amount) {
            let Some(allocation) = self.allocations.iter_mut().find(|a| a.id == id) else {
                continue;
            };
            allocation.amount_minor -= take;
            let receipt_id = allocation.receipt_id;
            if let Some(receipt) = self.receipts.iter_mut().find(|r| r.id == receipt_id) {
                receipt.allocated_minor -= take;
            }
            if let Some(paid) = self.invoice_mut(invoice) {
                paid.paid_minor -= take;
            }
        }
        self.allocations.retain(|a| a.amount_minor > 0);
    }

    /// Takes an amount off an invoice; money paid beyond what it then charges goes back to
    /// its receipts as advance.
    pub fn credit_note(
        &mut self,
        invoice: InvoiceId,
        number: String,
        amount_minor: i64,
        date: NaiveDate,
        reason: &str,
        contract_number: Option<String>,
    ) -> Result<Uuid, MoneyError> {
        let target = self
            .invoices
            .iter()
            .find(|i| i.id == invoice)
            .cloned()
            .ok_or_else(|| MoneyError::NotOpen(invoice.to_string()))?;
        let released = credit(&target, self.money(amount_minor))?;
        self.give_back(invoice, released);
        if let Some(credited) = self.invoice_mut(invoice) {
            credited.credited_minor += amount_minor;
        }
        let note = CreditNote {
            id: Uuid::now_v7(),
            company_id: self.company,
            contact_id: self.tenant,
            invoice_id: invoice,
            transact_id: number,
            transact_date: date,
            amount_minor,
            reason: reason.to_owned(),
            created_at: self.now,
        };
        self.post(Posting::credit_note(&note, &target, contract_number));
        let id = note.id;
        self.credit_notes.push(note);
        Ok(id)
    }

    /// Reverses an invoice: what was paid on it goes back to its receipts as advance.
    pub fn reverse(
        &mut self,
        invoice: InvoiceId,
        date: NaiveDate,
        contract_number: Option<String>,
    ) -> Result<(), crate::CancelError> {
        let target = self
            .invoices
            .iter()
            .find(|i| i.id == invoice)
            .cloned()
            .ok_or(crate::CancelError::AlreadyCancelled)?;
        target.check_reverse()?;
        self.give_back(invoice, target.paid_minor);
        if let Some(closed) = self.invoice_mut(invoice) {
            closed.cancelled = true;
            closed.reversed = true;
        }
        self.post(Posting::reversal(&target, date, contract_number, true));
        Ok(())
    }

    /// Pays money to the tenant, at most the tenant's credit.
    pub fn pay_out(
        &mut self,
        number: String,
        amount_minor: i64,
        date: NaiveDate,
        reason: &str,
    ) -> Result<Uuid, MoneyError> {
        pay_out(self.money(amount_minor), self.end.balance_minor)?;
        let voucher = PaymentVoucher {
            id: Uuid::now_v7(),
            company_id: self.company,
            contact_id: self.tenant,
            transact_id: number,
            transact_date: date,
            amount_minor,
            reason: reason.to_owned(),
            created_at: self.now,
        };
        self.post(Posting::payment_voucher(&voucher));
        let id = voucher.id;
        self.vouchers.push(voucher);
        Ok(id)
    }

    /// The open invoices' balances, the advances and the vouchers paid, in minor units.
    pub fn totals(&self) -> (i64, i64, i64) {
        (
            self.invoices.iter().map(|i| i.balance().minor).sum(),
            self.receipts.iter().map(Receipt::advance_minor).sum(),
            self.vouchers.iter().map(|v| v.amount_minor).sum(),
        )
    }
}
