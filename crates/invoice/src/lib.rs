//! Invoices and money. Amounts are integer minor units with an ISO 4217 currency; no floating
//! point is ever used in storage or arithmetic.

mod invoice;
mod money;

pub use invoice::{Invoice, InvoiceRepository, TransactionType};
pub use money::{Currency, CurrencyError, Money};
