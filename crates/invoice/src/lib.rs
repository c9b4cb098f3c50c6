//! Invoices and money. Amounts are integer minor units with an ISO 4217 currency; no floating
//! point is ever used in storage or arithmetic.

mod invoice;
mod money;

pub use invoice::{
    CancelError, Invoice, InvoiceError, InvoiceRepository, PaymentError, TransactionType,
};
pub use money::{AmountError, Currency, CurrencyError, Money};
