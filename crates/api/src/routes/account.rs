//! `POST /v1/login` and `POST /v1/register`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use storegister_contact_book::ContactBook;
use storegister_tenant::{LoginForm, RegisterForm};

use super::respond;
use crate::api_keys::ApiCompany;
use crate::error::ApiError;
use crate::extract::JsonBody;
use crate::input::{ContactRequest, Lenient};
use crate::state::AppState;

/// The body of `POST /v1/login`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct LoginRequest {
    user_name: Lenient<String>,
    password: Lenient<String>,
}

/// The body of `POST /v1/register`, with the documentation example's spellings as aliases.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct RegisterRequest {
    user_name: Lenient<String>,
    password: Lenient<String>,
    can_create_login_credentials: Lenient<bool>,
    #[serde(flatten)]
    contact: ContactRequest,
    property_info_id: Lenient<String>,
}

/// `authContactBookInfo`: the contact as login and registration return it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthContactBookInfo {
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
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthData {
    auth_contact_book_info: AuthContactBookInfo,
    #[serde(skip_serializing_if = "Option::is_none")]
    token: Option<String>,
}

/// `POST /v1/login`.
pub async fn login(
    state: web::Data<AppState>,
    company: ApiCompany,
    JsonBody(body): JsonBody<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let form = LoginForm {
        user_name: body.user_name.into_input(),
        password: body.password.into_input(),
    };
    let _permit = state
        .hash_permits
        .acquire()
        .await
        .map_err(ApiError::internal)?;
    let run = state.clone();
    let logged_in = web::block(move || {
        storegister_tenant::login(&run.database, &run.hasher, &run.tokens, company.0, form)
    })
    .await??;
    Ok(respond(
        StatusCode::OK,
        AuthData {
            auth_contact_book_info: AuthContactBookInfo::from(&logged_in.contact),
            token: Some(logged_in.token),
        },
    ))
}

/// `POST /v1/register`: 201 with a token for a tenant, without one for a lead.
pub async fn register(
    state: web::Data<AppState>,
    company: ApiCompany,
    JsonBody(body): JsonBody<RegisterRequest>,
) -> Result<HttpResponse, ApiError> {
    let form = RegisterForm {
        user_name: body.user_name.into_input(),
        password: body.password.into_input(),
        can_create_login_credentials: body.can_create_login_credentials.into_input(),
        contact: body.contact.into_form(),
        property_info_id: body.property_info_id.into_input(),
    };
    let _permit = state
        .hash_permits
        .acquire()
        .await
        .map_err(ApiError::internal)?;
    let run = state.clone();
    let registered = web::block(move || {
        storegister_tenant::register(
            &run.database,
            &run.hasher,
            &run.tokens,
            run.clock.as_ref(),
            company.0,
            form,
        )
    })
    .await??;
    Ok(respond(
        StatusCode::CREATED,
        AuthData {
            auth_contact_book_info: AuthContactBookInfo::from(&registered.contact),
            token: registered.token,
        },
    ))
}
