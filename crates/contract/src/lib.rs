//! Rental contracts and what they rent: properties (storage sites) and their units.

mod contract;
mod property;

pub use contract::{Contract, ContractDetails, ContractRepository, ContractStatus, PaymentPeriod};
pub use property::{Property, PropertyRepository, SizeUnit, Unit, UnitRepository};
