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
    /// The amount paid so far, in minor units.
    pub paid_minor: i64,
    /// A cancelled invoice is owed by nobody.
    pub cancelled: bool,
    /// When it was stored (UTC).
    pub created_at: NaiveDateTime,
}

impl Invoice {
    /// The amount charged.
    pub fn gross(&self) -> Money {
        Money::from_minor(self.gross_minor, self.currency)
    }

    /// The amount paid so far.
    pub fn paid(&self) -> Money {
        Money::from_minor(self.paid_minor, self.currency)
    }

    /// What is still owed: gross minus paid (never negative: overpayment is refused).
    pub fn balance(&self) -> Money {
        Money::from_minor(
            self.gross_minor.saturating_sub(self.paid_minor).max(0),
            self.currency,
        )
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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invoice(gross: i64, paid: i64, due: &str, cancelled: bool) -> Invoice {
        Invoice {
            id: InvoiceId::new_random(),
            company_id: CompanyId::new_random(),
            contact_id: ContactId::new_random(),
            contract_id: None,
            transact_id: "INV-1".into(),
            transact_date: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            due_date: due.parse().unwrap(),
            transaction_type: TransactionType::Rental,
            currency: "EUR".parse().unwrap(),
            gross_minor: gross,
            paid_minor: paid,
            cancelled,
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
