use std::fmt;
use std::str::FromStr;

use chrono::{NaiveDate, NaiveDateTime};
use storegister_invoice::Money;
use storegister_kernel::{CompanyId, ContactId, ContractId, StoreError, UnitId};

use crate::property::{Property, Unit};

/// Where a contract is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ContractStatus {
    /// Running.
    Active,
    /// Notice given: running until its end date.
    Terminating,
    /// Over.
    Ended,
}

impl ContractStatus {
    /// The contract's spelling: `ACTIVE`, `TERMINATING`, `ENDED`.
    pub fn as_str(self) -> &'static str {
        match self {
            ContractStatus::Active => "ACTIVE",
            ContractStatus::Terminating => "TERMINATING",
            ContractStatus::Ended => "ENDED",
        }
    }

    /// Whether the tenant still rents the unit (active or terminating).
    pub fn is_running(self) -> bool {
        !matches!(self, ContractStatus::Ended)
    }
}

impl FromStr for ContractStatus {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_uppercase().as_str() {
            "ACTIVE" => Ok(ContractStatus::Active),
            "TERMINATING" => Ok(ContractStatus::Terminating),
            "ENDED" => Ok(ContractStatus::Ended),
            other => Err(format!(
                "contract status must be ACTIVE, TERMINATING or ENDED, not {other:?}"
            )),
        }
    }
}

impl fmt::Display for ContractStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How often rent is invoiced.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PaymentPeriod {
    /// Every month.
    Monthly,
    /// Every three months.
    Quarterly,
    /// Every year.
    Yearly,
}

impl PaymentPeriod {
    /// The contract's spelling: `MONTHLY`, `QUARTERLY`, `YEARLY`.
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentPeriod::Monthly => "MONTHLY",
            PaymentPeriod::Quarterly => "QUARTERLY",
            PaymentPeriod::Yearly => "YEARLY",
        }
    }

    /// How many months one period spans.
    pub fn months(self) -> u32 {
        match self {
            PaymentPeriod::Monthly => 1,
            PaymentPeriod::Quarterly => 3,
            PaymentPeriod::Yearly => 12,
        }
    }
}

impl FromStr for PaymentPeriod {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_uppercase().as_str() {
            "MONTHLY" => Ok(PaymentPeriod::Monthly),
            "QUARTERLY" => Ok(PaymentPeriod::Quarterly),
            "YEARLY" => Ok(PaymentPeriod::Yearly),
            other => Err(format!(
                "payment period must be MONTHLY, QUARTERLY or YEARLY, not {other:?}"
            )),
        }
    }
}

impl fmt::Display for PaymentPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A rental agreement between a company and a tenant for one unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contract {
    /// Identifier.
    pub id: ContractId,
    /// The company.
    pub company_id: CompanyId,
    /// The tenant.
    pub contact_id: ContactId,
    /// The unit rented.
    pub unit_id: UnitId,
    /// The contract number, unique within the company.
    pub contract_number: String,
    /// Where it is in its life.
    pub status: ContractStatus,
    /// First day of the rental.
    pub start_date: NaiveDate,
    /// Last day, once known.
    pub end_date: Option<NaiveDate>,
    /// Rent per payment period.
    pub rent: Money,
    /// How often rent is invoiced.
    pub payment_period: PaymentPeriod,
    /// The deposit.
    pub deposit: Money,
    /// When it was stored (UTC).
    pub created_at: NaiveDateTime,
}

/// Why a contract cannot be stored or changed as asked.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ContractError {
    /// The contract number is blank, longer than 50 characters or holds control characters.
    #[error("the contract number must be 1 to 50 characters without control characters")]
    InvalidNumber,
    /// It would end before it starts.
    #[error("the end date must not be before the start date")]
    EndsBeforeStart,
    /// A negative rent or deposit, or two currencies.
    #[error("rent and deposit must not be negative and must be in the company's currency")]
    InvalidAmounts,
    /// It has ended already.
    #[error("the contract has ended already")]
    AlreadyEnded,
}

impl Contract {
    /// Checks the contract's own rules.
    pub fn validate(&self) -> Result<(), ContractError> {
        let number = self.contract_number.as_str();
        let chars = number.chars().count();
        if number.trim() != number
            || chars == 0
            || chars > 50
            || number.chars().any(char::is_control)
        {
            return Err(ContractError::InvalidNumber);
        }
        if self.end_date.is_some_and(|end| end < self.start_date) {
            return Err(ContractError::EndsBeforeStart);
        }
        if self.rent.minor < 0
            || self.deposit.minor < 0
            || self.rent.currency != self.deposit.currency
        {
            return Err(ContractError::InvalidAmounts);
        }
        Ok(())
    }

    /// The contract ended on `date`.
    pub fn end(&self, date: NaiveDate) -> Result<Contract, ContractError> {
        if self.status == ContractStatus::Ended {
            return Err(ContractError::AlreadyEnded);
        }
        if date < self.start_date {
            return Err(ContractError::EndsBeforeStart);
        }
        Ok(Contract {
            status: ContractStatus::Ended,
            end_date: Some(date),
            ..self.clone()
        })
    }
}

/// A contract with the unit and property it rents, as the tenant portal shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContractDetails {
    /// The contract.
    pub contract: Contract,
    /// The unit.
    pub unit: Unit,
    /// The unit's property.
    pub property: Property,
}

/// Storage of contracts, scoped to one company.
pub trait ContractRepository {
    /// Every contract of a tenant with its unit and property, newest (by start date) first, in
    /// one query.
    fn contracts_of_tenant(
        &mut self,
        company: CompanyId,
        contact: ContactId,
    ) -> Result<Vec<ContractDetails>, StoreError>;

    /// Stores a new contract; [`StoreError::Duplicate`] if its number is taken in the company.
    fn insert_contract(&mut self, contract: &Contract) -> Result<(), StoreError>;

    /// Stores many new contracts in as few statements as possible.
    fn insert_contracts(&mut self, contracts: &[Contract]) -> Result<(), StoreError>;

    /// The company's contract with this id.
    fn find_contract(
        &mut self,
        company: CompanyId,
        id: ContractId,
    ) -> Result<Option<Contract>, StoreError>;

    /// Stores a contract's new status and end date; `false` if it does not exist.
    fn update_contract_status(&mut self, contract: &Contract) -> Result<bool, StoreError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contracts_end_once_and_not_before_they_start() {
        let eur = "EUR".parse().unwrap();
        let contract = Contract {
            id: ContractId::generate(),
            company_id: CompanyId::generate(),
            contact_id: ContactId::generate(),
            unit_id: UnitId::generate(),
            contract_number: "C-1".into(),
            status: ContractStatus::Active,
            start_date: "2026-01-01".parse().unwrap(),
            end_date: None,
            rent: Money::from_minor(100, eur),
            payment_period: PaymentPeriod::Monthly,
            deposit: Money::from_minor(0, eur),
            created_at: NaiveDate::default().into(),
        };
        assert!(contract.validate().is_ok());
        let ended = contract.end("2026-06-30".parse().unwrap()).unwrap();
        assert_eq!(ended.status, ContractStatus::Ended);
        assert_eq!(
            ended.end(ended.start_date),
            Err(ContractError::AlreadyEnded)
        );
        assert_eq!(
            contract.end("2025-12-31".parse().unwrap()),
            Err(ContractError::EndsBeforeStart)
        );
        let mut bad = contract.clone();
        bad.contract_number = "".into();
        assert_eq!(bad.validate(), Err(ContractError::InvalidNumber));
        bad = contract.clone();
        bad.rent = Money::from_minor(-1, eur);
        assert_eq!(bad.validate(), Err(ContractError::InvalidAmounts));
    }

    #[test]
    fn enums_use_the_contract_spelling() {
        for s in [
            ContractStatus::Active,
            ContractStatus::Terminating,
            ContractStatus::Ended,
        ] {
            assert_eq!(s.as_str().parse::<ContractStatus>().unwrap(), s);
        }
        for p in [
            PaymentPeriod::Monthly,
            PaymentPeriod::Quarterly,
            PaymentPeriod::Yearly,
        ] {
            assert_eq!(p.as_str().parse::<PaymentPeriod>().unwrap(), p);
        }
        assert!("WEEKLY".parse::<PaymentPeriod>().is_err());
        assert!(ContractStatus::Terminating.is_running());
        assert!(!ContractStatus::Ended.is_running());
    }
}
