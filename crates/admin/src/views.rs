//! What `--json` prints: one serialisable view per kind of record, in the admin command's own
//! shape (flat amounts in major units with the currency beside them, ids as strings), built
//! from the domain values the use cases return.

use serde::Serialize;
use storegister_company::{ApiKey, Company};
use storegister_contact_book::Enquiry;
use storegister_contract::{Contract, Property, Unit};
use storegister_invoice::Invoice;

fn timestamp(at: chrono::NaiveDateTime) -> String {
    at.and_utc().to_rfc3339()
}

/// A company.
#[derive(Serialize)]
pub struct CompanyView {
    id: String,
    name: String,
    currency: &'static str,
}

impl From<&Company> for CompanyView {
    fn from(company: &Company) -> Self {
        Self {
            id: company.id.to_string(),
            name: company.name.clone(),
            currency: company.currency.code(),
        }
    }
}

/// An API key (never the key itself, but when it was just created).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiKeyView {
    id: String,
    company_id: String,
    name: String,
    prefix: String,
    created_at: String,
    revoked_at: Option<String>,
    /// The key, shown once at creation.
    #[serde(skip_serializing_if = "Option::is_none")]
    api_key: Option<String>,
}

impl ApiKeyView {
    /// The key as stored, with the key itself when it was just created.
    pub fn new(key: &ApiKey, secret: Option<String>) -> Self {
        Self {
            id: key.id.to_string(),
            company_id: key.company_id.to_string(),
            name: key.name.clone(),
            prefix: key.prefix.clone(),
            created_at: timestamp(key.created_at),
            revoked_at: key.revoked_at.map(timestamp),
            api_key: secret,
        }
    }
}

/// A key just revoked.
#[derive(Serialize)]
pub struct RevokedKeyView {
    id: String,
    prefix: String,
    revoked: bool,
}

impl From<&ApiKey> for RevokedKeyView {
    fn from(key: &ApiKey) -> Self {
        Self {
            id: key.id.to_string(),
            prefix: key.prefix.clone(),
            revoked: key.revoked_at.is_some(),
        }
    }
}

/// A property.
#[derive(Serialize)]
pub struct PropertyView {
    id: String,
    name: String,
    address: Option<String>,
    city: Option<String>,
}

impl From<&Property> for PropertyView {
    fn from(property: &Property) -> Self {
        Self {
            id: property.id.to_string(),
            name: property.name.clone(),
            address: property.address.clone(),
            city: property.city.clone(),
        }
    }
}

/// A unit.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UnitView {
    id: String,
    property_id: String,
    unit_number: String,
    size: f64,
    size_unit: &'static str,
    storage_type: String,
}

impl From<&Unit> for UnitView {
    fn from(unit: &Unit) -> Self {
        Self {
            id: unit.id.to_string(),
            property_id: unit.property_id.to_string(),
            unit_number: unit.unit_number.clone(),
            size: unit.size(),
            size_unit: unit.size_unit.as_str(),
            storage_type: unit.storage_type.clone(),
        }
    }
}

/// A contract.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContractView {
    id: String,
    contract_number: String,
    tenant_id: String,
    unit_id: String,
    status: &'static str,
    start_date: String,
    end_date: Option<String>,
    rent: f64,
    payment_period: &'static str,
    deposit: f64,
    currency: &'static str,
}

impl From<&Contract> for ContractView {
    fn from(contract: &Contract) -> Self {
        Self {
            id: contract.id.to_string(),
            contract_number: contract.contract_number.clone(),
            tenant_id: contract.contact_id.to_string(),
            unit_id: contract.unit_id.to_string(),
            status: contract.status.as_str(),
            start_date: contract.start_date.to_string(),
            end_date: contract.end_date.map(|d| d.to_string()),
            rent: contract.rent.major(),
            payment_period: contract.payment_period.as_str(),
            deposit: contract.deposit.major(),
            currency: contract.rent.currency.code(),
        }
    }
}

/// An invoice.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InvoiceView {
    id: String,
    transact_id: String,
    tenant_id: String,
    contract_id: Option<String>,
    transact_date: String,
    due_date: String,
    transaction_type: &'static str,
    gross: f64,
    paid: f64,
    balance: f64,
    currency: &'static str,
    cancelled: bool,
}

impl From<&Invoice> for InvoiceView {
    fn from(invoice: &Invoice) -> Self {
        Self {
            id: invoice.id.to_string(),
            transact_id: invoice.transact_id.clone(),
            tenant_id: invoice.contact_id.to_string(),
            contract_id: invoice.contract_id.map(|c| c.to_string()),
            transact_date: invoice.transact_date.to_string(),
            due_date: invoice.due_date.to_string(),
            transaction_type: invoice.transaction_type.as_str(),
            gross: invoice.gross().major(),
            paid: invoice.paid().major(),
            balance: invoice.balance().major(),
            currency: invoice.currency.code(),
            cancelled: invoice.cancelled,
        }
    }
}

/// An invoice just cancelled.
#[derive(Serialize)]
pub struct CancelledView {
    id: String,
    cancelled: bool,
}

impl From<&Invoice> for CancelledView {
    fn from(invoice: &Invoice) -> Self {
        Self {
            id: invoice.id.to_string(),
            cancelled: true,
        }
    }
}

/// A payment just recorded.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentView {
    /// The invoice paid.
    pub invoice_id: String,
    /// The receipt recorded for it.
    pub receipt_id: String,
    /// The amount paid.
    pub paid: f64,
    /// What is still owed.
    pub balance: f64,
}

/// A receipt just recorded or allocated.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptView {
    id: String,
    transact_id: String,
    tenant_id: String,
    gross: f64,
    advance: f64,
    allocations: Vec<AllocationView>,
}

/// What a receipt paid of one invoice.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AllocationView {
    invoice_transact_id: String,
    amount: f64,
}

impl From<&storegister_app::ReceiptRecorded> for ReceiptView {
    fn from(recorded: &storegister_app::ReceiptRecorded) -> Self {
        let receipt = &recorded.receipt;
        let major =
            |minor: i64| storegister_invoice::Money::from_minor(minor, recorded.currency).major();
        Self {
            id: receipt.id.to_string(),
            transact_id: receipt.transact_id.clone(),
            tenant_id: receipt.contact_id.to_string(),
            gross: major(receipt.gross_minor),
            advance: major(receipt.advance_minor()),
            allocations: recorded
                .paid
                .iter()
                .map(|(number, amount)| AllocationView {
                    invoice_transact_id: number.clone(),
                    amount: amount.major(),
                })
                .collect(),
        }
    }
}

/// A credit note or payment voucher just posted, with the tenant's balance after it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PostedView {
    id: String,
    transact_id: String,
    ledger_index: i64,
    balance_minor: i64,
}

impl PostedView {
    /// The view of a document and its ledger line.
    pub fn of(id: uuid::Uuid, transact_id: &str, entry: &storegister_invoice::LedgerEntry) -> Self {
        Self {
            id: id.to_string(),
            transact_id: transact_id.to_owned(),
            ledger_index: entry.ledger_index,
            balance_minor: entry.balance_minor,
        }
    }
}

/// How many records an import wrote.
#[derive(Serialize)]
pub struct ImportView {
    /// How many.
    pub imported: usize,
}

/// The migrations a `migrate` applied.
#[derive(Serialize)]
pub struct MigrateView {
    /// Their versions.
    pub applied: Vec<String>,
    /// Pictures moved from files of this machine into the database.
    pub pictures_moved: usize,
    /// Pictures with neither bytes in the database nor a file here.
    pub pictures_missing: usize,
}

/// What `demo` made.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DemoView {
    /// The demo company.
    pub company_id: String,
    /// A fresh API key.
    pub api_key: String,
    /// A tenant to log in as.
    pub user_name: String,
    /// Its password.
    pub password: &'static str,
}

/// Sessions just ended.
#[derive(Serialize)]
pub struct RevokedSessionsView {
    /// How many.
    pub ended: usize,
}

/// A lead form as it was posted.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EnquiryView {
    id: String,
    contact_id: String,
    created_at: String,
    first_name: String,
    last_name: String,
    email: String,
    phone_number: String,
    address: Option<String>,
    city: Option<String>,
    postal_code: Option<String>,
    region: Option<i32>,
    country: Option<i32>,
    property_id: Option<String>,
}

impl From<&Enquiry> for EnquiryView {
    fn from(e: &Enquiry) -> Self {
        let d = &e.details;
        Self {
            id: e.id.to_string(),
            contact_id: e.contact_id.to_string(),
            created_at: timestamp(e.created_at),
            first_name: d.first_name.clone(),
            last_name: d.last_name.clone(),
            email: d.email.as_str().to_owned(),
            phone_number: d.phone_number.clone(),
            address: d.address.address.clone(),
            city: d.address.city.clone(),
            postal_code: d.address.postal_code.clone(),
            region: d.address.region.map(|r| r.0),
            country: d.address.country.map(|c| c.0),
            property_id: e.property_info_id.map(|p| p.to_string()),
        }
    }
}
