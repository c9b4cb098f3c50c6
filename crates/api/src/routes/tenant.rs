//! The tenant portal: `GET /v1/tenant/`, the profile, the display picture and the password.
//! Every handler needs `X-API-Key` and `X-Token`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use storegister_contact_book::{Country, Region};
use storegister_contract::ContractDetails;
use storegister_invoice::{Invoice, Money};
use storegister_tenant::{
    ChangePasswordForm, CommunicationAddressInput, Insights, Profile, ProfileForm, ReferenceNames,
};
use utoipa::ToSchema;

use super::respond;
use crate::error::ApiError;
use crate::extract::{JsonBody, TenantSession};
use crate::input::{AddressRequest, ContactRequest, Lenient};
use crate::routes::reference::CountryDto;
use crate::state::AppState;

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
    phone_number: String,
    address: Option<String>,
    city: Option<String>,
    postal_code: Option<String>,
    region: Option<RegionRef>,
    country: Option<CountryDto>,
    profile_image_info_path: Option<ImageInfo>,
    communication_address: Option<AddressDto>,
}

/// The public URL of a picture, on the host the request came to.
pub fn picture_url(req: &HttpRequest, id: uuid::Uuid) -> String {
    let info = req.connection_info();
    format!(
        "{}://{}/files/profile-images/{}",
        info.scheme(),
        info.host(),
        id.hyphenated()
    )
}

impl ContactBookDto {
    fn new(req: &HttpRequest, profile: Profile) -> Self {
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
                unit_number: unit.unit_number,
                // hundredths are exact; the division is for display only
                size: unit.size_hundredths as f64 / 100.0,
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

/// The `data` of `GET /v1/tenant/profile`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[serde(rename_all = "camelCase")]
pub struct ProfileDto {
    contact_book: ContactBookDto,
}

/// `GET /v1/tenant/` (and without the slash).
#[utoipa::path(
    get,
    path = "/v1/tenant/",
    tag = "tenant",
    summary = "Tenant information",
    description = "The profile, insights, every contract (newest first) and the unpaid invoices (oldest due date first), against today's date in UTC.",
    security(("api_key" = [], "token" = [])),
    responses(
        (status = 200, description = "The tenant's information", body = crate::envelope::Envelope<TenantInfoDto>),
        (status = 401, description = "INVALID_API_KEY, INVALID_TOKEN, TOKEN_EXPIRED", body = crate::envelope::ErrorEnvelope),
        (status = 404, description = "NO_RECORDS_FOUND", body = crate::envelope::ErrorEnvelope),
        (status = 500, description = "SOMETHING_WENT_WRONG", body = crate::envelope::ErrorEnvelope),
        (status = 503, description = "SERVICE_UNAVAILABLE", body = crate::envelope::ErrorEnvelope)
    )
)]
pub async fn tenant_info(
    req: HttpRequest,
    state: web::Data<AppState>,
    TenantSession(session): TenantSession,
) -> Result<HttpResponse, ApiError> {
    let run = state.clone();
    let info = web::block(move || {
        storegister_tenant::tenant_info(&run.database, run.clock.as_ref(), &session)
    })
    .await??;
    let today = info.today;
    Ok(respond(
        StatusCode::OK,
        TenantInfoDto {
            contact_book: ContactBookDto::new(&req, info.profile),
            insights: info.insights.into(),
            contracts: info.contracts.into_iter().map(ContractDto::from).collect(),
            unpaid_invoices: info
                .unpaid_invoices
                .into_iter()
                .map(|invoice| InvoiceDto::new(invoice, today))
                .collect(),
        },
    ))
}

/// `GET /v1/tenant` without the trailing slash: the same as [`tenant_info`].
#[utoipa::path(
    get,
    path = "/v1/tenant",
    tag = "tenant",
    summary = "Tenant information (without the trailing slash)",
    security(("api_key" = [], "token" = [])),
    responses(
        (status = 200, description = "The tenant's information", body = crate::envelope::Envelope<TenantInfoDto>),
        (status = 401, description = "INVALID_API_KEY, INVALID_TOKEN, TOKEN_EXPIRED", body = crate::envelope::ErrorEnvelope),
        (status = 404, description = "NO_RECORDS_FOUND", body = crate::envelope::ErrorEnvelope),
        (status = 500, description = "SOMETHING_WENT_WRONG", body = crate::envelope::ErrorEnvelope),
        (status = 503, description = "SERVICE_UNAVAILABLE", body = crate::envelope::ErrorEnvelope)
    )
)]
pub async fn tenant_info_without_slash(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: TenantSession,
) -> Result<HttpResponse, ApiError> {
    tenant_info(req, state, session).await
}

/// `GET /v1/tenant/profile`.
#[utoipa::path(
    get,
    path = "/v1/tenant/profile",
    tag = "tenant",
    summary = "The tenant's profile",
    security(("api_key" = [], "token" = [])),
    responses(
        (status = 200, description = "The profile", body = crate::envelope::Envelope<ProfileDto>),
        (status = 401, description = "INVALID_API_KEY, INVALID_TOKEN, TOKEN_EXPIRED", body = crate::envelope::ErrorEnvelope),
        (status = 404, description = "NO_RECORDS_FOUND", body = crate::envelope::ErrorEnvelope),
        (status = 500, description = "SOMETHING_WENT_WRONG", body = crate::envelope::ErrorEnvelope),
        (status = 503, description = "SERVICE_UNAVAILABLE", body = crate::envelope::ErrorEnvelope)
    )
)]
pub async fn get_profile(
    req: HttpRequest,
    state: web::Data<AppState>,
    TenantSession(session): TenantSession,
) -> Result<HttpResponse, ApiError> {
    let run = state.clone();
    let profile =
        web::block(move || storegister_tenant::get_profile(&run.database, &session)).await??;
    Ok(respond(
        StatusCode::OK,
        ProfileDto {
            contact_book: ContactBookDto::new(&req, profile),
        },
    ))
}

/// `communicationAddress` in a profile update: absent, `null`, or an object.
#[derive(Debug, Default)]
pub struct CommunicationField(CommunicationAddressInput);

/// Never sent back; written as `null` for the OpenAPI description's defaults.
impl Serialize for CommunicationField {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_none()
    }
}

impl<'de> Deserialize<'de> for CommunicationField {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(CommunicationField(
            match Value::deserialize(deserializer)? {
                Value::Null => CommunicationAddressInput::Remove,
                value @ Value::Object(_) => match serde_json::from_value::<AddressRequest>(value) {
                    Ok(address) => CommunicationAddressInput::Replace(address.into_form()),
                    Err(_) => CommunicationAddressInput::Invalid,
                },
                _ => CommunicationAddressInput::Invalid,
            },
        ))
    }
}

/// The body of `PUT /v1/tenant/profile`.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct ProfileRequest {
    #[serde(flatten)]
    contact: ContactRequest,
    /// An object replaces it, `null` removes it, absent keeps it.
    #[schema(value_type = Option<AddressRequest>)]
    communication_address: CommunicationField,
}

/// `PUT /v1/tenant/profile`: `data` is the contact id.
#[utoipa::path(
    put,
    path = "/v1/tenant/profile",
    tag = "tenant",
    summary = "Update the tenant's profile",
    description = "Replaces name, phone, e-mail and home address with the registration rules; communicationAddress: an object replaces it, null removes it, absent keeps it. The login user name does not change.",
    request_body = ProfileRequest,
    security(("api_key" = [], "token" = [])),
    responses(
        (status = 200, description = "The contact id", body = crate::envelope::Envelope<String>),
        (status = 400, description = "INVALID_INPUT_PARAM, INVALID_PARAM_FIRSTNAME, INVALID_PARAM_LASTNAME, INVALID_PARAM_CONTACT_NUMBER, INVALID_PARAM_EMAIL_ID, INVALID_PARAM_ADDRESS, INVALID_PARAM_CITY, INVALID_PARAM_REGION, INVALID_PARAM_COUNTRY, INVALID_PARAM_POSTAL_CODE", body = crate::envelope::ErrorEnvelope),
        (status = 401, description = "INVALID_API_KEY, INVALID_TOKEN, TOKEN_EXPIRED", body = crate::envelope::ErrorEnvelope),
        (status = 404, description = "NO_RECORDS_FOUND", body = crate::envelope::ErrorEnvelope),
        (status = 409, description = "USER_NAME_ALREADY_EXISTS", body = crate::envelope::ErrorEnvelope),
        (status = 413, description = "PAYLOAD_TOO_LARGE", body = crate::envelope::ErrorEnvelope),
        (status = 415, description = "UNSUPPORTED_MEDIA_TYPE", body = crate::envelope::ErrorEnvelope),
        (status = 500, description = "SOMETHING_WENT_WRONG", body = crate::envelope::ErrorEnvelope),
        (status = 503, description = "SERVICE_UNAVAILABLE", body = crate::envelope::ErrorEnvelope)
    )
)]
pub async fn update_profile(
    state: web::Data<AppState>,
    TenantSession(session): TenantSession,
    JsonBody(body): JsonBody<ProfileRequest>,
) -> Result<HttpResponse, ApiError> {
    let form = ProfileForm {
        contact: body.contact.into_form(),
        communication_address: body.communication_address.0,
    };
    let run = state.clone();
    let id = web::block(move || {
        storegister_tenant::update_profile(&run.database, run.clock.as_ref(), &session, form)
    })
    .await??;
    Ok(respond(StatusCode::OK, id.to_string()))
}

/// `GET /v1/tenant/profile/change-password/request`: `data` is the new concurrency stamp.
#[utoipa::path(
    get,
    path = "/v1/tenant/profile/change-password/request",
    tag = "tenant",
    summary = "Request a password change",
    description = "Issues a new concurrency stamp (replacing any earlier one), valid 15 minutes by default.",
    security(("api_key" = [], "token" = [])),
    responses(
        (status = 200, description = "The concurrency stamp", body = crate::envelope::Envelope<String>),
        (status = 400, description = "INVALID_CONTACT_BOOK_DETAILS_INFO", body = crate::envelope::ErrorEnvelope),
        (status = 401, description = "INVALID_API_KEY, INVALID_TOKEN, TOKEN_EXPIRED", body = crate::envelope::ErrorEnvelope),
        (status = 404, description = "NO_RECORDS_FOUND", body = crate::envelope::ErrorEnvelope),
        (status = 500, description = "CONCURRENCY_STAMP_CREATE_FAILED, SOMETHING_WENT_WRONG", body = crate::envelope::ErrorEnvelope),
        (status = 503, description = "SERVICE_UNAVAILABLE", body = crate::envelope::ErrorEnvelope)
    )
)]
pub async fn request_password_change(
    state: web::Data<AppState>,
    TenantSession(session): TenantSession,
) -> Result<HttpResponse, ApiError> {
    let run = state.clone();
    let stamp = web::block(move || {
        storegister_tenant::request_password_change(
            &run.database,
            run.clock.as_ref(),
            &session,
            run.stamp_ttl,
        )
    })
    .await??;
    Ok(respond(StatusCode::OK, stamp.hyphenated().to_string()))
}

/// The body of `PUT /v1/tenant/profile/change-password`.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct ChangePasswordRequest {
    /// The current password.
    #[schema(value_type = String)]
    existing_password: Lenient<String>,
    /// 8–72 bytes, not the user name, not the current password.
    #[schema(value_type = String)]
    new_password: Lenient<String>,
    /// From the change-password request.
    #[schema(value_type = String, format = Uuid)]
    concurrency_stamp: Lenient<String>,
}

/// `PUT /v1/tenant/profile/change-password`: `data` is the contact id; the fresh session token
/// is in the `X-Token` response header.
#[utoipa::path(
    put,
    path = "/v1/tenant/profile/change-password",
    tag = "tenant",
    summary = "Change the password",
    description = "Succeeds only with the current, unexpired concurrency stamp and the right existing password; rotates the security stamp, so earlier tokens stop working. The fresh token is in the X-Token response header.",
    request_body = ChangePasswordRequest,
    security(("api_key" = [], "token" = [])),
    responses(
        (status = 200, description = "The contact id", body = crate::envelope::Envelope<String>,
            headers(("X-Token" = String, description = "A fresh session token"))),
        (status = 400, description = "INVALID_INPUT_PARAM, INVALID_PARAM_EXISTING_PASSWORD, INVALID_PARAM_NEW_PASSWORD, INVALID_PARAM_CONCURRENCY_STAMP, MISMATCH_EXISTING_PASSWORD, INVALID_CONTACT_BOOK_DETAILS_INFO", body = crate::envelope::ErrorEnvelope),
        (status = 401, description = "INVALID_API_KEY, INVALID_TOKEN, TOKEN_EXPIRED", body = crate::envelope::ErrorEnvelope),
        (status = 404, description = "NO_RECORDS_FOUND", body = crate::envelope::ErrorEnvelope),
        (status = 409, description = "CHANGE_PASSWORD_FAILED", body = crate::envelope::ErrorEnvelope),
        (status = 413, description = "PAYLOAD_TOO_LARGE", body = crate::envelope::ErrorEnvelope),
        (status = 415, description = "UNSUPPORTED_MEDIA_TYPE", body = crate::envelope::ErrorEnvelope),
        (status = 429, description = "TOO_MANY_REQUESTS: the user name was tried too often; `Retry-After` says when to try again", body = crate::envelope::ErrorEnvelope,
            headers(("Retry-After" = u64, description = "Seconds until an attempt is admitted again"))),
        (status = 500, description = "SOMETHING_WENT_WRONG", body = crate::envelope::ErrorEnvelope),
        (status = 503, description = "SERVICE_UNAVAILABLE: the database cannot be reached, or too many passwords are being checked at once (then with `Retry-After: 1`)", body = crate::envelope::ErrorEnvelope,
            headers(("Retry-After" = u64, description = "Seconds to wait, when the password checks are overloaded")))
    )
)]
pub async fn change_password(
    state: web::Data<AppState>,
    TenantSession(session): TenantSession,
    JsonBody(body): JsonBody<ChangePasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    let form = ChangePasswordForm {
        existing_password: body.existing_password.into_input(),
        new_password: body.new_password.into_input(),
        concurrency_stamp: body.concurrency_stamp.into_input(),
    };
    let (hasher, _departure) = state.hasher.for_request();
    let run = state.clone();
    let changed = web::block(move || {
        storegister_tenant::change_password(
            &run.database,
            &hasher,
            &run.tokens,
            run.clock.as_ref(),
            run.attempt_limit,
            &session,
            form,
        )
    })
    .await??;
    let mut response = respond(StatusCode::OK, changed.contact_id.to_string());
    if let Ok(value) = actix_web::http::header::HeaderValue::from_str(&changed.token) {
        response.headers_mut().insert(
            actix_web::http::header::HeaderName::from_static("x-token"),
            value,
        );
    }
    Ok(response)
}
