//! `POST /v1/login` and `POST /v1/register`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use storegister_app::{LoginForm, RegisterForm, Registration};
use storegister_contact_book::ContactBook;
use utoipa::ToSchema;

use super::respond;
use crate::api_keys::ApiCompany;
use crate::clients::PasswordClient;
use crate::envelope::NoDataEnvelope;
use crate::error::ApiError;
use crate::extract::{JsonBody, user_agent};
use crate::input::{ContactRequest, Lenient};
use crate::state::AppState;

/// The body of `POST /v1/login`.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct LoginRequest {
    /// The e-mail address registered as user name.
    #[schema(value_type = String, example = "laurent@example.com")]
    user_name: Lenient<String>,
    /// The password.
    #[schema(value_type = String, example = "Super@123")]
    password: Lenient<SecretString>,
}

impl LoginRequest {
    /// The login as the use case takes it, from a client with this `User-Agent`.
    fn into_form(self, user_agent: Option<String>) -> LoginForm {
        LoginForm {
            user_name: self.user_name.into_input(),
            password: self.password.into_input(),
            user_agent,
        }
    }
}

/// The body of `POST /v1/register`, with the documentation example's spellings as aliases.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct RegisterRequest {
    /// The login e-mail; required with credentials.
    #[schema(value_type = Option<String>)]
    user_name: Lenient<String>,
    /// 8–72 bytes, not the user name; required with credentials.
    #[schema(value_type = Option<String>)]
    password: Lenient<SecretString>,
    /// True: a tenant with login credentials; false or absent: a lead.
    #[schema(value_type = Option<bool>)]
    can_create_login_credentials: Lenient<bool>,
    #[serde(flatten)]
    contact: ContactRequest,
    /// One of the company's properties.
    #[schema(value_type = Option<String>, format = Uuid)]
    property_info_id: Lenient<String>,
}

impl RegisterRequest {
    /// The registration as the use case takes it, from a client with this `User-Agent`.
    fn into_form(self, user_agent: Option<String>) -> RegisterForm {
        RegisterForm {
            user_name: self.user_name.into_input(),
            password: self.password.into_input(),
            can_create_login_credentials: self.can_create_login_credentials.into_input(),
            contact: self.contact.into_form(),
            property_info_id: self.property_info_id.into_input(),
            user_agent,
        }
    }
}

/// `authContactBookInfo`: the contact as login and registration return it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[serde(rename_all = "camelCase")]
pub struct AuthContactBookInfo {
    #[schema(format = Uuid)]
    id: String,
    first_name: String,
    last_name: String,
    email: String,
    phone_number: String,
    address: Option<String>,
    city: Option<String>,
    region: i32,
    postal_code: Option<String>,
    country: i32,
}

impl From<&ContactBook> for AuthContactBookInfo {
    fn from(contact: &ContactBook) -> Self {
        let details = &contact.details;
        Self {
            id: contact.id.to_string(),
            first_name: details.first_name.clone(),
            last_name: details.last_name.clone(),
            email: details.email.as_str().to_owned(),
            phone_number: details.phone_number.clone(),
            address: details.address.address.clone(),
            city: details.address.city.clone(),
            region: details.address.region.map_or(0, |r| r.0),
            postal_code: details.address.postal_code.clone(),
            country: details.address.country.map_or(0, |c| c.0),
        }
    }
}

/// The `data` of login and registration.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[serde(rename_all = "camelCase")]
pub struct AuthData {
    auth_contact_book_info: AuthContactBookInfo,
    /// The session token (a JWT); absent for a lead.
    #[serde(skip_serializing_if = "Option::is_none")]
    token: Option<String>,
}

impl AuthData {
    /// The contact, and its token if it has one.
    pub(crate) fn new(contact: &ContactBook, token: Option<String>) -> Self {
        Self {
            auth_contact_book_info: AuthContactBookInfo::from(contact),
            token,
        }
    }
}

/// `POST /v1/login`.
#[utoipa::path(
    post,
    path = "/v1/login",
    tag = "account",
    summary = "Log a tenant in",
    description = "Checks the user name and password; answers the contact and a session token.",
    request_body = LoginRequest,
    security(("api_key" = [])),
    responses(
        (status = 200, description = "Logged in", body = crate::envelope::Envelope<AuthData>),
        (status = 400, description = "INVALID_INPUT_PARAM, INVALID_PARAM_USER_NAME, INVALID_PARAM_USER_PASSWORD", body = crate::envelope::ErrorEnvelope),
        (status = 401, description = "INVALID_API_KEY, INVALID_USER_LOGIN", body = crate::envelope::ErrorEnvelope),
        (status = 413, description = "PAYLOAD_TOO_LARGE", body = crate::envelope::ErrorEnvelope),
        (status = 415, description = "UNSUPPORTED_MEDIA_TYPE", body = crate::envelope::ErrorEnvelope),
        (status = 429, description = "TOO_MANY_REQUESTS: the user name was tried too often, or this client is over its request budget or its password checks in flight; `Retry-After` says when to try again", body = crate::envelope::ErrorEnvelope,
            headers(("Retry-After" = u64, description = "Seconds until a request is admitted again"))),
        (status = 500, description = "SOMETHING_WENT_WRONG", body = crate::envelope::ErrorEnvelope),
        (status = 503, description = "SERVICE_UNAVAILABLE: the database cannot be reached, or too many passwords are being checked at once (then with `Retry-After: 1`)", body = crate::envelope::ErrorEnvelope,
            headers(("Retry-After" = u64, description = "Seconds to wait, when the password checks are overloaded")))
    )
)]
pub async fn login(
    _client: PasswordClient,
    req: HttpRequest,
    state: web::Data<AppState>,
    company: ApiCompany,
    JsonBody(body): JsonBody<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let form = body.into_form(user_agent(&req));
    // dropped, and with it a bcrypt not yet started, if the client goes away while it waits
    let logged_in = state.tenants.login(company.0, form).await?;
    Ok(respond(
        StatusCode::OK,
        AuthData::new(&logged_in.contact, Some(logged_in.token)),
    ))
}

/// `POST /v1/register`: 201 with a token for a new tenant, without one for a lead; 202
/// `VERIFICATION_REQUIRED` when the address must be proved first.
#[utoipa::path(
    post,
    path = "/v1/register",
    tag = "account",
    summary = "Register a tenant or a lead",
    description = "With canCreateLoginCredentials a tenant (credentials and a token; a code to confirm the address is mailed), else a lead (contact only; a known address changes nothing stored and is recorded as another enquiry). With credentials, an address a contact has already (lead or tenant) answers 202 VERIFICATION_REQUIRED and changes nothing: a mail goes to the address, and a lead's registration completes through POST /v1/register/verify. With auth.registration_requires_verification every registration with credentials answers 202.",
    request_body = RegisterRequest,
    security(("api_key" = [])),
    responses(
        (status = 201, description = "Registered", body = crate::envelope::Envelope<AuthData>),
        (status = 202, description = "VERIFICATION_REQUIRED: a code or a notice was mailed to the address; data is null", body = crate::envelope::NoDataEnvelope),
        (status = 400, description = "INVALID_INPUT_PARAM, INVALID_PARAM_USER_NAME, INVALID_PARAM_TENANT_USER_NAME, INVALID_PARAM_USER_PASSWORD, INVALID_PARAM_FIRSTNAME, INVALID_PARAM_LASTNAME, INVALID_PARAM_CONTACT_NUMBER, INVALID_PARAM_EMAIL_ID, INVALID_PARAM_ADDRESS, INVALID_PARAM_CITY, INVALID_PARAM_REGION, INVALID_PARAM_COUNTRY, INVALID_PARAM_POSTAL_CODE, INVALID_PARAM_PROPERTY_INFO_ID", body = crate::envelope::ErrorEnvelope),
        (status = 401, description = "INVALID_API_KEY", body = crate::envelope::ErrorEnvelope),
        (status = 409, description = "USER_NAME_ALREADY_EXISTS: only when two registrations of one new address race, and this one lost", body = crate::envelope::ErrorEnvelope),
        (status = 413, description = "PAYLOAD_TOO_LARGE", body = crate::envelope::ErrorEnvelope),
        (status = 415, description = "UNSUPPORTED_MEDIA_TYPE", body = crate::envelope::ErrorEnvelope),
        (status = 429, description = "TOO_MANY_REQUESTS: this client is over its request budget or its password checks in flight; `Retry-After` says when to try again", body = crate::envelope::ErrorEnvelope,
            headers(("Retry-After" = u64, description = "Seconds until a request is admitted again"))),
        (status = 500, description = "CONTACT_CREATION_FAILED, TENANT_REGISTERATION_FAILED, SOMETHING_WENT_WRONG", body = crate::envelope::ErrorEnvelope),
        (status = 503, description = "SERVICE_UNAVAILABLE: the database cannot be reached, or too many passwords are being checked at once (then with `Retry-After: 1`)", body = crate::envelope::ErrorEnvelope,
            headers(("Retry-After" = u64, description = "Seconds to wait, when the password checks are overloaded")))
    )
)]
pub async fn register(
    _client: PasswordClient,
    req: HttpRequest,
    state: web::Data<AppState>,
    company: ApiCompany,
    JsonBody(body): JsonBody<RegisterRequest>,
) -> Result<HttpResponse, ApiError> {
    let form = body.into_form(user_agent(&req));
    Ok(match state.tenants.register(company.0, form).await? {
        Registration::Created(registered) => respond(
            StatusCode::CREATED,
            AuthData::new(&registered.contact, registered.token),
        ),
        Registration::VerificationRequired => {
            HttpResponse::Accepted().json(NoDataEnvelope::verification_required())
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_request_prints_a_password() {
        let login: LoginRequest =
            serde_json::from_str(r#"{"userName":"me@example.com","password":"Super@123"}"#)
                .unwrap();
        let register: RegisterRequest =
            serde_json::from_str(r#"{"userName":"me@example.com","password":"Super@123"}"#)
                .unwrap();
        for printed in [format!("{login:?}"), format!("{register:?}")] {
            assert!(!printed.contains("Super@123"), "{printed}");
        }
        assert!(format!("{login:?}").contains("me@example.com"));
    }
}
