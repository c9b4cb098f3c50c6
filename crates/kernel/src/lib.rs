//! The shared kernel of the StoRegister domain: identifiers, field validation outcomes, the
//! storage ports every use case talks to, and the clock.
//!
//! Nothing here knows about HTTP or SQL; the adapters in `storegister-persistence` and
//! `storegister-api` implement or consume these types.

mod clock;
mod ids;
mod input;
mod store;
mod violation;

pub use clock::{Clock, FixedClock, SystemClock};
pub use ids::{CompanyId, ContactId, ContractId, InvoiceId, PropertyId, UnitId};
pub use input::Input;
pub use store::{Cause, Chain, Store, StoreError, Transactional};
pub use violation::{Expected, Rule, Violation, Violations};
