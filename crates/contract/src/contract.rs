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
}

#[cfg(test)]
mod tests {
    use super::*;

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
