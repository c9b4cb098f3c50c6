//! The figures the portal shows above a tenant's contracts and invoices.

use chrono::NaiveDate;
use storegister_contract::Contract;
use storegister_invoice::{Currency, Invoice, Money};

/// A tenant's situation at a glance, computed against one day (today, in UTC).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Insights {
    /// Contracts still running (active or terminating).
    pub active_contracts: usize,
    /// Every contract, ended ones included.
    pub total_contracts: usize,
    /// Invoices with something owed (not cancelled, balance above zero).
    pub unpaid_invoices: usize,
    /// Unpaid invoices whose due date has passed.
    pub overdue_invoices: usize,
    /// What is owed on all unpaid invoices.
    pub total_outstanding: Money,
    /// What is owed on overdue invoices.
    pub total_overdue: Money,
    /// The earliest due date, today or later, of an unpaid invoice.
    pub next_due_date: Option<NaiveDate>,
    /// What is owed on the invoices due on `next_due_date`.
    pub next_due_amount: Option<Money>,
}

impl Insights {
    /// Computes the insights from a tenant's contracts and invoices (any invoices: paid and
    /// cancelled ones count for nothing). Amounts are in `currency`, the company's.
    pub fn compute(
        today: NaiveDate,
        currency: Currency,
        contracts: &[Contract],
        invoices: &[Invoice],
    ) -> Self {
        let unpaid: Vec<&Invoice> = invoices.iter().filter(|i| i.is_unpaid()).collect();
        let overdue: Vec<&Invoice> = unpaid
            .iter()
            .copied()
            .filter(|i| i.is_overdue(today))
            .collect();
        let next_due_date = unpaid
            .iter()
            .map(|i| i.due_date)
            .filter(|due| *due >= today)
            .min();
        let next_due_amount = next_due_date.map(|date| {
            total(
                currency,
                unpaid.iter().copied().filter(|i| i.due_date == date),
            )
        });
        Self {
            active_contracts: contracts.iter().filter(|c| c.status.is_running()).count(),
            total_contracts: contracts.len(),
            unpaid_invoices: unpaid.len(),
            overdue_invoices: overdue.len(),
            total_outstanding: total(currency, unpaid.iter().copied()),
            total_overdue: total(currency, overdue.iter().copied()),
            next_due_date,
            next_due_amount,
        }
    }
}

fn total<'a>(currency: Currency, invoices: impl Iterator<Item = &'a Invoice>) -> Money {
    let minor = invoices.fold(0i64, |sum, i| sum.saturating_add(i.balance().minor));
    Money::from_minor(minor, currency)
}

#[cfg(test)]
mod tests {
    use storegister_contract::{ContractStatus, PaymentPeriod};
    use storegister_invoice::TransactionType;
    use storegister_kernel::{CompanyId, ContactId, ContractId, InvoiceId, UnitId};

    use super::*;

    fn eur() -> Currency {
        "EUR".parse().unwrap()
    }

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn contract(status: ContractStatus) -> Contract {
        Contract {
            id: ContractId::generate(),
            company_id: CompanyId::generate(),
            contact_id: ContactId::generate(),
            unit_id: UnitId::generate(),
            contract_number: "C-1".into(),
            status,
            start_date: date("2025-01-01"),
            end_date: None,
            rent: Money::from_minor(9900, eur()),
            payment_period: PaymentPeriod::Monthly,
            deposit: Money::from_minor(19800, eur()),
            created_at: date("2025-01-01").into(),
        }
    }

    fn invoice(gross: i64, paid: i64, due: &str, cancelled: bool) -> Invoice {
        Invoice {
            id: InvoiceId::generate(),
            company_id: CompanyId::generate(),
            contact_id: ContactId::generate(),
            contract_id: None,
            transact_id: "INV".into(),
            transact_date: date("2026-01-01"),
            due_date: date(due),
            transaction_type: TransactionType::Rental,
            currency: eur(),
            gross_minor: gross,
            paid_minor: paid,
            credited_minor: 0,
            cancelled,
            reversed: false,
            created_at: date("2026-01-01").into(),
        }
    }

    #[test]
    fn insights_count_and_sum_what_is_owed() {
        let today = date("2026-03-15");
        let contracts = [
            contract(ContractStatus::Active),
            contract(ContractStatus::Terminating),
            contract(ContractStatus::Ended),
        ];
        let invoices = [
            invoice(9900, 0, "2026-02-01", false),    // overdue
            invoice(9900, 4900, "2026-03-01", false), // overdue, 50.00 owed
            invoice(9900, 0, "2026-03-15", false),    // due today: not overdue, next due
            invoice(2500, 0, "2026-03-15", false),    // also due today
            invoice(9900, 0, "2026-04-01", false),    // later
            invoice(9900, 9900, "2026-01-01", false), // paid
            invoice(9900, 0, "2026-01-01", true),     // cancelled
        ];
        let insights = Insights::compute(today, eur(), &contracts, &invoices);
        assert_eq!(insights.active_contracts, 2);
        assert_eq!(insights.total_contracts, 3);
        assert_eq!(insights.unpaid_invoices, 5);
        assert_eq!(insights.overdue_invoices, 2);
        assert_eq!(
            insights.total_outstanding.minor,
            9900 + 5000 + 9900 + 2500 + 9900
        );
        assert_eq!(insights.total_overdue.minor, 9900 + 5000);
        assert_eq!(insights.next_due_date, Some(today));
        assert_eq!(insights.next_due_amount.map(|m| m.minor), Some(9900 + 2500));
    }

    #[test]
    fn nothing_owed_means_zeros_and_no_next_due_date() {
        let insights = Insights::compute(
            date("2026-03-15"),
            eur(),
            &[],
            &[invoice(100, 100, "2026-01-01", false)],
        );
        assert_eq!(insights.unpaid_invoices, 0);
        assert_eq!(insights.total_outstanding, Money::zero(eur()));
        assert_eq!(insights.total_overdue, Money::zero(eur()));
        assert_eq!(insights.next_due_date, None);
        assert_eq!(insights.next_due_amount, None);
    }

    #[test]
    fn only_overdue_invoices_mean_no_next_due_date() {
        let insights = Insights::compute(
            date("2026-03-15"),
            eur(),
            &[],
            &[invoice(100, 0, "2026-03-14", false)],
        );
        assert_eq!(insights.overdue_invoices, 1);
        assert_eq!(insights.next_due_date, None);
    }
}
