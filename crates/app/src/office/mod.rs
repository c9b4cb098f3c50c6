//! The back office: what a storage company's staff do (through the admin command today, any
//! internal tool tomorrow): companies and API keys, properties and units, contracts, invoices
//! and payments, regions.
//!
//! [`OfficeService`] holds the ports; each use case is one of its methods. Inputs are typed
//! (ids, dates, enums) except money amounts, which are parsed in the company's currency;
//! refusals are [`OfficeError`]s, worded by the front end.

mod companies;
mod contacts;
mod contracts;
mod estate;
mod invoices;
mod regions;
mod tenants;

use std::sync::Arc;

use storegister_company::{Company, CompanyError, CompanyRepository};
use storegister_contact_book::{ContactBook, ContactBookRepository, normalize_email};
use storegister_contract::{ContractError, PropertyError};
use storegister_invoice::{
    AmountError, CancelError, CurrencyError, Invoice, InvoiceError, InvoiceRepository, PaymentError,
};
use storegister_kernel::{
    Clock, CompanyId, ContactId, ContractId, InvoiceId, PropertyId, StoreError, UnitId,
};

pub use companies::NewApiKey;
pub use contracts::NewContract;
pub use estate::{NewProperty, NewUnit};
pub use invoices::{
    NewCreditNote, NewInvoice, NewPaymentVoucher, NewReceipt, Posted, ReceiptRecorded,
};
pub use regions::{RegionProblem, RegionRow};

use crate::ports::{KeyError, KeyMinter};

/// The back-office use cases, over the ports they run on.
pub struct OfficeService<S> {
    store: S,
    clock: Arc<dyn Clock>,
    keys: Arc<dyn KeyMinter>,
}

impl<S> OfficeService<S> {
    /// The service over a store, a clock and an API key generator.
    pub fn new(store: S, clock: Arc<dyn Clock>, keys: Arc<dyn KeyMinter>) -> Self {
        Self { store, clock, keys }
    }
}

/// A tenant named by its contact id or its e-mail address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TenantRef {
    /// By id.
    Id(ContactId),
    /// By e-mail address (any case, surrounding spaces ignored).
    Email(String),
}

impl TenantRef {
    /// An id when the text is a GUID, else an e-mail address.
    pub fn parse(text: &str) -> Self {
        match text.parse() {
            Ok(id) => TenantRef::Id(id),
            Err(_) => TenantRef::Email(text.to_owned()),
        }
    }

    fn describe(&self) -> String {
        match self {
            TenantRef::Id(id) => id.to_string(),
            TenantRef::Email(email) => email.clone(),
        }
    }
}

/// An invoice named by its id or its number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InvoiceRef {
    /// By id.
    Id(InvoiceId),
    /// By invoice number (`transactId`).
    Number(String),
}

impl InvoiceRef {
    /// An id when the text is a GUID, else an invoice number.
    pub fn parse(text: &str) -> Self {
        match text.parse() {
            Ok(id) => InvoiceRef::Id(id),
            Err(_) => InvoiceRef::Number(text.to_owned()),
        }
    }

    fn describe(&self) -> String {
        match self {
            InvoiceRef::Id(id) => id.to_string(),
            InvoiceRef::Number(number) => number.clone(),
        }
    }
}

/// Why a back-office use case refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum OfficeError {
    /// No company has this id.
    #[error("no company has the id {0}")]
    UnknownCompany(CompanyId),
    /// The company has no such contact.
    #[error("the company has no contact {0:?}")]
    UnknownTenant(String),
    /// The company has no such property.
    #[error("the company has no property {0}")]
    UnknownProperty(PropertyId),
    /// The company has no such unit.
    #[error("the company has no unit {0}")]
    UnknownUnit(UnitId),
    /// The company has no such contract.
    #[error("the company has no contract {0}")]
    UnknownContract(ContractId),
    /// The company has no such invoice.
    #[error("the company has no invoice {0:?}")]
    UnknownInvoice(String),
    /// No API key has this id or prefix.
    #[error("no API key has the id or prefix {0:?}")]
    UnknownApiKey(String),
    /// Several API keys start with this prefix.
    #[error("{matches} keys start with {prefix:?}")]
    AmbiguousApiKey {
        /// The prefix given.
        prefix: String,
        /// How many keys start with it.
        matches: usize,
    },
    /// The API key (by its prefix) is revoked already.
    #[error("the key {0} was revoked already")]
    KeyRevokedAlready(String),
    /// An API key's name is blank, too long or holds control characters.
    #[error("the key name must be 1 to 100 characters without control characters")]
    KeyName,
    /// A contract cannot start out ended.
    #[error("a new contract cannot be ended")]
    NewContractEnded,
    /// The contract named for an invoice is another tenant's (its number).
    #[error("contract {0} belongs to another tenant")]
    ContractOfAnotherTenant(String),
    /// The invoice changed between reading and cancelling it.
    #[error("the invoice changed meanwhile; it was not cancelled")]
    CancelRaced,
    /// The invoice changed between reading it and recording the payment.
    #[error("the invoice changed meanwhile; the payment was not recorded")]
    PaymentRaced,
    /// The company has no such receipt.
    #[error("the company has no receipt {0:?}")]
    UnknownReceipt(String),
    /// The receipt has nothing left to allocate.
    #[error("receipt {0} has no advance left")]
    NoAdvance(String),
    /// The tenant owes nothing the advance could pay.
    #[error("the tenant of receipt {0} has no open invoice to allocate it to")]
    NothingOpen(String),
    /// A reason is blank, too long or holds control characters.
    #[error("the reason must be 1 to 200 characters without control characters")]
    Reason,
    /// Not a payment method.
    #[error("the payment method must be 1 to 30 letters, digits or _, not {0:?}")]
    PaymentMethod(String),
    /// Money that cannot be recorded as asked.
    #[error(transparent)]
    Money(#[from] storegister_invoice::MoneyError),
    /// A line of a region import is wrong.
    #[error("line {line}: {problem}")]
    Region {
        /// The line (from 1).
        line: usize,
        /// What is wrong with it.
        problem: RegionProblem,
    },
    /// A region import holds no regions.
    #[error("no regions to import")]
    NoRegions,
    /// The company's details break a rule.
    #[error(transparent)]
    Company(#[from] CompanyError),
    /// Not a currency.
    #[error(transparent)]
    Currency(#[from] CurrencyError),
    /// Not an amount of the company's currency.
    #[error(transparent)]
    Amount(#[from] AmountError),
    /// A property's or unit's details break a rule.
    #[error(transparent)]
    Property(#[from] PropertyError),
    /// A contract's details break a rule, or it cannot end so.
    #[error(transparent)]
    Contract(#[from] ContractError),
    /// An invoice's details break a rule.
    #[error(transparent)]
    Invoice(#[from] InvoiceError),
    /// A payment the invoice cannot take.
    #[error(transparent)]
    Payment(#[from] PaymentError),
    /// An invoice that cannot be cancelled.
    #[error(transparent)]
    Cancel(#[from] CancelError),
    /// No API key could be generated.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// The store failed (a duplicate number or name included).
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The company with this id.
fn company(repo: &mut impl CompanyRepository, id: CompanyId) -> Result<Company, OfficeError> {
    repo.find_company(id)?
        .ok_or(OfficeError::UnknownCompany(id))
}

/// A contact of the company, by id or e-mail address.
fn tenant(
    repo: &mut impl ContactBookRepository,
    company: CompanyId,
    tenant: &TenantRef,
) -> Result<ContactBook, OfficeError> {
    let found = match tenant {
        TenantRef::Id(id) => repo.find_contact(company, *id)?,
        TenantRef::Email(email) => repo.find_contact_by_email(company, &normalize_email(email))?,
    };
    found.ok_or_else(|| OfficeError::UnknownTenant(tenant.describe()))
}

/// An invoice of the company, by id or number.
fn invoice(
    repo: &mut impl InvoiceRepository,
    company: CompanyId,
    invoice: &InvoiceRef,
) -> Result<Invoice, OfficeError> {
    let found = match invoice {
        InvoiceRef::Id(id) => repo.find_invoice(company, *id)?,
        InvoiceRef::Number(number) => repo.find_invoice_by_number(company, number.trim())?,
    };
    found.ok_or_else(|| OfficeError::UnknownInvoice(invoice.describe()))
}
