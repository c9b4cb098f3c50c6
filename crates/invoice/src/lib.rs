//! Invoices, the money around them (receipts, credit notes, payment vouchers) and the ledger.
//! Amounts are integer minor units with an ISO 4217 currency; no floating point is ever used
//! in storage or arithmetic.

mod books;
mod invoice;
mod money;
mod transactions;

pub use books::{Books, Charge};
pub use invoice::{
    CancelError, Invoice, InvoiceError, InvoiceRepository, InvoiceStatus, PaymentError,
    TransactionType,
};
pub use money::{AmountError, Currency, CurrencyError, Money};
pub use transactions::{
    Allocation, CreditNote, CreditNoteLine, DateRange, EntryKind, LedgerEnd, LedgerEntry,
    MoneyError, Page, Paged, PaymentVoucher, Posting, Receipt, ReceiptLine, TransactionRepository,
    allocate, credit, pay_out, release,
};
