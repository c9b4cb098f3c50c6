//! The response types of the tenant portal: the shapes of `data`.

use actix_web::HttpRequest;
use serde::Serialize;
use storegister_app::{Insights, Profile, ReferenceNames, SessionInfo, TenantInfo};
use storegister_contact_book::{Country, Region};
use storegister_contract::ContractDetails;
use storegister_invoice::{Invoice, Money};
use utoipa::ToSchema;

use crate::routes::reference::CountryDto;

/// `{ amount, formattedAmount, currency }`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[serde(rename_all = "camelCase")]
pub struct MoneyDto {
    amount: f64,
    formatted_amount: String,
    #[schema(value_type = String)]
    currency: &'static str,
}

impl From<Money> for MoneyDto {
    fn from(money: Money) -> Self {
        Self {
            amount: money.major(),
            formatted_amount: money.formatted(),
            currency: money.currency.code(),
        }
    }
}

/// A region in a profile: `{ id, name }`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegionRef {
    id: i32,
    name: String,
}

fn region_ref(region: Option<Region>) -> Option<RegionRef> {
    region.map(|r| RegionRef {
        id: r.id.0,
        name: r.name,
    })
}

fn country_ref(country: Option<Country>) -> Option<CountryDto> {
    country.map(CountryDto::from)
}

/// `profileImageInfoPath`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[serde(rename_all = "camelCase")]
pub struct ImageInfo {
    url: String,
    content_type: String,
    size: i64,
    updated_at: String,
}

/// `communicationAddress`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[serde(rename_all = "camelCase")]
pub struct AddressDto {
    address: Option<String>,
    city: Option<String>,
    postal_code: Option<String>,
    region: Option<RegionRef>,
    country: Option<CountryDto>,
}

/// `contactBook` as the tenant endpoints show it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[serde(rename_all = "camelCase")]
pub struct ContactBookDto {
    id: String,
    first_name: String,
    last_name: String,
    email: String,
    /// Whether the tenant proved this address with a mailed code.
    email_verified: bool,
    phone_number: String,
    address: Option<String>,
    city: Option<String>,
    postal_code: Option<String>,
    region: Option<RegionRef>,
    country: Option<CountryDto>,
    profile_image_info_path: Option<ImageInfo>,
    communication_address: Option<AddressDto>,
}

/// The public URL of a picture: under `server.public_url`, never under a host a client named
/// (`Host`, `X-Forwarded-Host` are the client's to choose).
pub fn picture_url(req: &HttpRequest, id: uuid::Uuid) -> String {
    let base = req
        .app_data::<actix_web::web::Data<crate::state::AppState>>()
        .map_or("", |state| state.public_url.as_str());
    format!("{base}/files/profile-images/{}", id.hyphenated())
}

impl ContactBookDto {
    /// The contact of a profile, with its picture's URL on the request's host.
    pub fn new(req: &HttpRequest, profile: Profile) -> Self {
        let Profile {
            contact,
            home,
            communication,
        } = profile;
        let details = contact.details;
        let communication_address = contact.communication_address.map(|address| {
            let ReferenceNames { region, country } = communication.unwrap_or_default();
            AddressDto {
                address: address.address,
                city: address.city,
                postal_code: address.postal_code,
                region: region_ref(region),
                country: country_ref(country),
            }
        });
        Self {
            id: contact.id.to_string(),
            first_name: details.first_name,
            last_name: details.last_name,
            email: details.email.as_str().to_owned(),
            email_verified: contact.email_verified,
            phone_number: details.phone_number,
            address: details.address.address,
            city: details.address.city,
            postal_code: details.address.postal_code,
            region: region_ref(home.region),
            country: country_ref(home.country),
            profile_image_info_path: contact.profile_image.map(|image| ImageInfo {
                url: picture_url(req, image.id),
                content_type: image.content_type,
                size: image.size,
                updated_at: image
                    .updated_at
                    .and_utc()
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            }),
            communication_address,
        }
    }
}

/// `insights`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[serde(rename_all = "camelCase")]
pub struct InsightsDto {
    active_contracts: usize,
    total_contracts: usize,
    unpaid_invoices: usize,
    overdue_invoices: usize,
    total_outstanding: MoneyDto,
    total_overdue: MoneyDto,
    next_due_date: Option<String>,
    next_due_amount: Option<MoneyDto>,
}

impl From<Insights> for InsightsDto {
    fn from(i: Insights) -> Self {
        Self {
            active_contracts: i.active_contracts,
            total_contracts: i.total_contracts,
            unpaid_invoices: i.unpaid_invoices,
            overdue_invoices: i.overdue_invoices,
            total_outstanding: i.total_outstanding.into(),
            total_overdue: i.total_overdue.into(),
            next_due_date: i.next_due_date.map(|d| d.to_string()),
            next_due_amount: i.next_due_amount.map(MoneyDto::from),
        }
    }
}

/// A contract's property.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PropertyRef {
    id: String,
    name: String,
    city: Option<String>,
}

/// A contract's unit.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[serde(rename_all = "camelCase")]
pub struct UnitRef {
    id: String,
    unit_number: String,
    size: f64,
    #[schema(value_type = String)]
    size_unit: &'static str,
    storage_type: String,
}

/// A contract as the tenant sees it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[serde(rename_all = "camelCase")]
pub struct ContractDto {
    id: String,
    contract_number: String,
    #[schema(value_type = String)]
    status: &'static str,
    property: PropertyRef,
    unit: UnitRef,
    start_date: String,
    end_date: Option<String>,
    rent: MoneyDto,
    #[schema(value_type = String)]
    payment_period: &'static str,
    deposit: MoneyDto,
}

impl From<ContractDetails> for ContractDto {
    fn from(details: ContractDetails) -> Self {
        let ContractDetails {
            contract,
            unit,
            property,
        } = details;
        Self {
            id: contract.id.to_string(),
            contract_number: contract.contract_number,
            status: contract.status.as_str(),
            property: PropertyRef {
                id: property.id.to_string(),
                name: property.name,
                city: property.city,
            },
            unit: UnitRef {
                id: unit.id.to_string(),
                size: unit.size(),
                unit_number: unit.unit_number,
                size_unit: unit.size_unit.as_str(),
                storage_type: unit.storage_type,
            },
            start_date: contract.start_date.to_string(),
            end_date: contract.end_date.map(|d| d.to_string()),
            rent: contract.rent.into(),
            payment_period: contract.payment_period.as_str(),
            deposit: contract.deposit.into(),
        }
    }
}

/// An unpaid invoice.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[serde(rename_all = "camelCase")]
pub struct InvoiceDto {
    id: String,
    transact_id: String,
    transact_date: String,
    due_date: String,
    #[schema(value_type = String)]
    transaction_type: &'static str,
    contract_id: Option<String>,
    gross_amount: MoneyDto,
    paid_amount: MoneyDto,
    balance_amount: MoneyDto,
    is_overdue: bool,
}

impl InvoiceDto {
    fn new(invoice: Invoice, today: chrono::NaiveDate) -> Self {
        Self {
            id: invoice.id.to_string(),
            transact_id: invoice.transact_id.clone(),
            transact_date: invoice.transact_date.to_string(),
            due_date: invoice.due_date.to_string(),
            transaction_type: invoice.transaction_type.as_str(),
            contract_id: invoice.contract_id.map(|c| c.to_string()),
            gross_amount: invoice.gross().into(),
            paid_amount: invoice.paid().into(),
            balance_amount: invoice.balance().into(),
            is_overdue: invoice.is_overdue(today),
        }
    }
}

/// The `data` of `GET /v1/tenant/`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[serde(rename_all = "camelCase")]
pub struct TenantInfoDto {
    contact_book: ContactBookDto,
    insights: InsightsDto,
    contracts: Vec<ContractDto>,
    unpaid_invoices: Vec<InvoiceDto>,
}

impl TenantInfoDto {
    /// The tenant information, with picture URLs on the request's host.
    pub fn new(req: &HttpRequest, info: TenantInfo) -> Self {
        let today = info.today;
        Self {
            contact_book: ContactBookDto::new(req, info.profile),
            insights: info.insights.into(),
            contracts: info.contracts.into_iter().map(ContractDto::from).collect(),
            unpaid_invoices: info
                .unpaid_invoices
                .into_iter()
                .map(|invoice| InvoiceDto::new(invoice, today))
                .collect(),
        }
    }
}

/// The `data` of `GET /v1/tenant/profile`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[serde(rename_all = "camelCase")]
pub struct ProfileDto {
    /// The contact.
    pub contact_book: ContactBookDto,
}

/// A live session, in `GET /v1/tenant/sessions`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[serde(rename_all = "camelCase")]
pub struct SessionDto {
    #[schema(format = Uuid)]
    id: String,
    created_at: String,
    last_used_at: String,
    user_agent: Option<String>,
    current: bool,
}

impl From<SessionInfo> for SessionDto {
    fn from(info: SessionInfo) -> Self {
        let at = |t: chrono::NaiveDateTime| {
            t.and_utc()
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        };
        Self {
            id: info.session.id.hyphenated().to_string(),
            created_at: at(info.session.created_at),
            last_used_at: at(info.session.last_used_at),
            user_agent: info.session.user_agent,
            current: info.current,
        }
    }
}
