//! Rental contracts and what they rent: properties (storage sites) and their units.

mod contract;
mod property;

pub use contract::{
    Contract, ContractDetails, ContractError, ContractRepository, ContractStatus, PaymentPeriod,
};
pub use property::{
    Property, PropertyError, PropertyRepository, SizeUnit, Unit, UnitRepository, parse_size,
};
