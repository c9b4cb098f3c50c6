use std::fmt;
use std::str::FromStr;

use chrono::{NaiveDate, NaiveDateTime};
use storegister_kernel::{CompanyId, ContactId, ContractId, InvoiceId, StoreError};

use crate::money::{Currency, Money};

/// What an invoice charges for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TransactionType {
    /// Periodic rent of a unit.
    Rental,
    /// Anything else agreed with the tenant.
    Custom,
    /// A fee for paying late.
    LateFee,
    /// The contract's deposit.
    Deposit,
}

impl TransactionType {
    /// The contract's spelling: `RENTAL`, `CUSTOM`, `LATE_FEE`, `DEPOSIT`.
    pub fn as_str(self) -> &'static str {
        match self {
            TransactionType::Rental => "RENTAL",
            TransactionType::Custom => "CUSTOM",
            TransactionType::LateFee => "LATE_FEE",
            TransactionType::Deposit => "DEPOSIT",
        }
    }
}

impl FromStr for TransactionType {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_uppercase().as_str() {
            "RENTAL" => Ok(TransactionType::Rental),
            "CUSTOM" => Ok(TransactionType::Custom),
            "LATE_FEE" => Ok(TransactionType::LateFee),
            "DEPOSIT" => Ok(TransactionType::Deposit),
            other => Err(format!(
                "transaction type must be RENTAL, CUSTOM, LATE_FEE or DEPOSIT, not {other:?}"
            )),
        }
    }
}

impl fmt::Display for TransactionType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An invoice issued to a tenant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invoice {
    /// Identifier.
    pub id: InvoiceId,
    /// The issuing company.
    pub company_id: CompanyId,
    /// The tenant invoiced.
    pub contact_id: ContactId,
    /// The contract it belongs to, if any.
    pub contract_id: Option<ContractId>,
    /// The invoice number (`transactId`), unique within the company.
    pub transact_id: String,
    /// When it was issued.
    pub transact_date: NaiveDate,
    /// When it must be paid.
    pub due_date: NaiveDate,
    /// What it charges for.
    pub transaction_type: TransactionType,
    /// The currency of every amount on it.
    pub currency: Currency,
    /// The amount charged, in minor units.
    pub gross_minor: i64,
    /// The amount paid so far (receipts allocated to it), in minor units.
    pub paid_minor: i64,
    /// The amount taken off by credit notes, in minor units.
    pub credited_minor: i64,
    /// A cancelled invoice is owed by nobody.
    pub cancelled: bool,
    /// Cancelled after it was posted: its ledger line stays, a reversal line offsets it.
    pub reversed: bool,
    /// When it was stored (UTC).
    pub created_at: NaiveDateTime,
}

/// Why an invoice cannot be stored as given.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum InvoiceError {
    /// The invoice number is blank, longer than 50 characters or holds control characters.
    #[error("the invoice number must be 1 to 50 characters without control characters")]
    InvalidNumber,
    /// Due before it was issued.
    #[error("the due date must not be before the invoice date")]
    DueBeforeDate,
    /// A negative amount, or more paid and credited than charged.
    #[error("amounts must not be negative and the paid amount not above the gross amount")]
    InvalidAmounts,
}

/// Why a payment cannot be recorded.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum PaymentError {
    /// Nothing is owed on a cancelled invoice.
    #[error("the invoice is cancelled")]
    Cancelled,
    /// Payments are positive.
    #[error("the payment must be above zero")]
    NotPositive,
    /// Paying more than is owed is refused.
    #[error("the payment of {paid} is more than the balance of {balance}")]
    ExceedsBalance {
        /// The payment, formatted.
        paid: String,
        /// The balance, formatted.
        balance: String,
    },
}

/// Why an invoice cannot be cancelled or reversed.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum CancelError {
    /// It is cancelled already.
    #[error("the invoice is cancelled already")]
    AlreadyCancelled,
    /// Payments or credit notes were recorded against it: it must be reversed instead.
    #[error("the invoice has payments or credit notes recorded against it: reverse it instead")]
    HasPayments,
}

/// Where an invoice stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InvoiceStatus {
    /// Nothing paid or credited, something owed.
    Unpaid,
    /// Something paid or credited, something still owed.
    PartiallyPaid,
    /// Nothing owed any more.
    Paid,
    /// Cancelled or reversed: owed by nobody.
    Cancelled,
}

impl InvoiceStatus {
    /// The contract's spelling: `UNPAID`, `PARTIALLY_PAID`, `PAID`, `CANCELLED`.
    pub fn as_str(self) -> &'static str {
        match self {
            InvoiceStatus::Unpaid => "UNPAID",
            InvoiceStatus::PartiallyPaid => "PARTIALLY_PAID",
            InvoiceStatus::Paid => "PAID",
            InvoiceStatus::Cancelled => "CANCELLED",
        }
    }
}

impl TransactionType {
    /// Its label, as the ledger and the lists show it.
    pub fn label(self) -> &'static str {
        match self {
            TransactionType::Rental => "Rental Invoice",
            TransactionType::Custom => "Custom Invoice",
            TransactionType::LateFee => "Late Fee Invoice",
            TransactionType::Deposit => "Deposit Invoice",
        }
    }
}

impl Invoice {
    /// Checks the invoice's own rules.
    pub fn validate(&self) -> Result<(), InvoiceError> {
        let number = self.transact_id.as_str();
        let chars = number.chars().count();
        if number.trim() != number
            || chars == 0
            || chars > 50
            || number.chars().any(char::is_control)
        {
            return Err(InvoiceError::InvalidNumber);
        }
        if self.due_date < self.transact_date {
            return Err(InvoiceError::DueBeforeDate);
        }
        if self.gross_minor < 0
            || self.paid_minor < 0
            || self.credited_minor < 0
            || self.paid_minor.saturating_add(self.credited_minor) > self.gross_minor
        {
            return Err(InvoiceError::InvalidAmounts);
        }
        Ok(())
    }

    /// Whether a payment of `amount` may be recorded: partial payments are fine, paying more
    /// than the balance is not.
    pub fn check_payment(&self, amount: Money) -> Result<(), PaymentError> {
        if self.cancelled {
            return Err(PaymentError::Cancelled);
        }
        if amount.minor <= 0 {
            return Err(PaymentError::NotPositive);
        }
        let balance = self.balance();
        if amount.minor > balance.minor || amount.currency != self.currency {
            return Err(PaymentError::ExceedsBalance {
                paid: amount.formatted(),
                balance: balance.formatted(),
            });
        }
        Ok(())
    }

    /// Whether the invoice may be cancelled: not already, and nothing paid or credited on it
    /// (a posted invoice is reversed instead).
    pub fn check_cancel(&self) -> Result<(), CancelError> {
        if self.cancelled {
            Err(CancelError::AlreadyCancelled)
        } else if self.paid_minor > 0 || self.credited_minor > 0 {
            Err(CancelError::HasPayments)
        } else {
            Ok(())
        }
    }

    /// Whether the invoice may be reversed: anything not cancelled already.
    pub fn check_reverse(&self) -> Result<(), CancelError> {
        if self.cancelled {
            Err(CancelError::AlreadyCancelled)
        } else {
            Ok(())
        }
    }

    /// What a reversal takes off: what the invoice still charges after its credit notes.
    pub fn reversal_minor(&self) -> i64 {
        self.gross_minor.saturating_sub(self.credited_minor).max(0)
    }

    /// The amount taken off by credit notes.
    pub fn credited(&self) -> Money {
        Money::from_minor(self.credited_minor, self.currency)
    }

    /// Where it stands.
    pub fn status(&self) -> InvoiceStatus {
        if self.cancelled {
            InvoiceStatus::Cancelled
        } else if self.balance().minor == 0 {
            InvoiceStatus::Paid
        } else if self.paid_minor > 0 || self.credited_minor > 0 {
            InvoiceStatus::PartiallyPaid
        } else {
            InvoiceStatus::Unpaid
        }
    }

    /// The amount charged.
    pub fn gross(&self) -> Money {
        Money::from_minor(self.gross_minor, self.currency)
    }

    /// The amount paid so far.
    pub fn paid(&self) -> Money {
        Money::from_minor(self.paid_minor, self.currency)
    }

    /// What is still owed: gross minus paid minus credited (never negative: more is refused);
    /// nothing on a cancelled invoice.
    pub fn balance(&self) -> Money {
        let owed = if self.cancelled {
            0
        } else {
            self.gross_minor
                .saturating_sub(self.paid_minor)
                .saturating_sub(self.credited_minor)
                .max(0)
        };
        Money::from_minor(owed, self.currency)
    }

    /// Whether anything is owed on it: not cancelled and a positive balance.
    pub fn is_unpaid(&self) -> bool {
        !self.cancelled && self.balance().minor > 0
    }

    /// Whether it is unpaid and its due date has passed (due today is not overdue yet).
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.is_unpaid() && self.due_date < today
    }
}

/// Storage of invoices, scoped to one company.
pub trait InvoiceRepository {
    /// The tenant's unpaid invoices (not cancelled, balance above zero), oldest due date first.
    fn unpaid_invoices(
        &mut self,
        company: CompanyId,
        contact: ContactId,
    ) -> Result<Vec<Invoice>, StoreError>;

    /// Stores a new invoice; [`StoreError::Duplicate`] if its number is taken in the company.
    fn insert_invoice(&mut self, invoice: &Invoice) -> Result<(), StoreError>;

    /// Stores many new invoices in as few statements as possible.
    fn insert_invoices(&mut self, invoices: &[Invoice]) -> Result<(), StoreError>;

    /// The company's invoice with this id.
    fn find_invoice(
        &mut self,
        company: CompanyId,
        id: InvoiceId,
    ) -> Result<Option<Invoice>, StoreError>;

    /// The company's invoice with this number.
    fn find_invoice_by_number(
        &mut self,
        company: CompanyId,
        number: &str,
    ) -> Result<Option<Invoice>, StoreError>;

    /// The company's invoices (of one tenant, if given), by due date.
    fn list_invoices(
        &mut self,
        company: CompanyId,
        contact: Option<ContactId>,
    ) -> Result<Vec<Invoice>, StoreError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invoice(gross: i64, paid: i64, due: &str, cancelled: bool) -> Invoice {
        Invoice {
            id: InvoiceId::generate(),
            company_id: CompanyId::generate(),
            contact_id: ContactId::generate(),
            contract_id: None,
            transact_id: "INV-1".into(),
            transact_date: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            due_date: due.parse().unwrap(),
            transaction_type: TransactionType::Rental,
            currency: "EUR".parse().unwrap(),
            gross_minor: gross,
            paid_minor: paid,
            credited_minor: 0,
            cancelled,
            reversed: false,
            created_at: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap().into(),
        }
    }

    #[test]
    fn balance_is_gross_minus_paid() {
        let partly = invoice(10_000, 2_500, "2026-02-01", false);
        assert_eq!(partly.balance().minor, 7_500);
        assert!(partly.is_unpaid());
        assert!(!invoice(10_000, 10_000, "2026-02-01", false).is_unpaid());
        assert!(!invoice(10_000, 0, "2026-02-01", true).is_unpaid());
    }

    #[test]
    fn overdue_means_unpaid_after_the_due_date() {
        let today: NaiveDate = "2026-02-01".parse().unwrap();
        assert!(invoice(100, 0, "2026-01-31", false).is_overdue(today));
        assert!(!invoice(100, 0, "2026-02-01", false).is_overdue(today));
        assert!(!invoice(100, 100, "2026-01-01", false).is_overdue(today));
        assert!(!invoice(100, 0, "2026-01-01", true).is_overdue(today));
    }

    #[test]
    fn payments_may_be_partial_but_not_above_the_balance() {
        let open = invoice(10_000, 2_500, "2026-02-01", false);
        let eur = "EUR".parse().unwrap();
        assert!(open.check_payment(Money::from_minor(7_500, eur)).is_ok());
        assert!(open.check_payment(Money::from_minor(100, eur)).is_ok());
        assert!(matches!(
            open.check_payment(Money::from_minor(7_501, eur)),
            Err(PaymentError::ExceedsBalance { .. })
        ));
        assert_eq!(
            open.check_payment(Money::from_minor(0, eur)),
            Err(PaymentError::NotPositive)
        );
        let cancelled = invoice(10_000, 0, "2026-02-01", true);
        assert_eq!(
            cancelled.check_payment(Money::from_minor(1, eur)),
            Err(PaymentError::Cancelled)
        );
        assert_eq!(cancelled.check_cancel(), Err(CancelError::AlreadyCancelled));
        assert_eq!(open.check_cancel(), Err(CancelError::HasPayments));
        assert!(
            invoice(10_000, 0, "2026-02-01", false)
                .check_cancel()
                .is_ok()
        );
    }

    #[test]
    fn invoices_are_validated() {
        assert!(invoice(100, 0, "2026-02-01", false).validate().is_ok());
        let mut bad = invoice(100, 0, "2025-12-01", false);
        assert_eq!(bad.validate(), Err(InvoiceError::DueBeforeDate));
        bad = invoice(100, 101, "2026-02-01", false);
        assert_eq!(bad.validate(), Err(InvoiceError::InvalidAmounts));
        bad = invoice(100, 0, "2026-02-01", false);
        bad.transact_id = " ".into();
        assert_eq!(bad.validate(), Err(InvoiceError::InvalidNumber));
    }

    #[test]
    fn transaction_types_use_the_contract_spelling() {
        for t in [
            TransactionType::Rental,
            TransactionType::Custom,
            TransactionType::LateFee,
            TransactionType::Deposit,
        ] {
            assert_eq!(t.as_str().parse::<TransactionType>().unwrap(), t);
        }
        assert!("FEE".parse::<TransactionType>().is_err());
    }
}
