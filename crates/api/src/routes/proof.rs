//! Proof of an e-mail address with a mailed code: `POST /v1/register/verify`,
//! `POST /v1/password/forgot` and `POST /v1/password/reset`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use storegister_app::{ResetForm, Verified, VerifyForm};
use utoipa::ToSchema;

use super::account::AuthData;
use super::{respond, with_token};
use crate::api_keys::ApiCompany;
use crate::clients::PasswordClient;
use crate::envelope::NoDataEnvelope;
use crate::error::ApiError;
use crate::extract::{JsonBody, user_agent};
use crate::input::Lenient;
use crate::state::AppState;

/// The body of `POST /v1/register/verify`.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct VerifyRequest {
    /// The address the code was mailed to.
    #[schema(value_type = String, example = "laurent@example.com")]
    user_name: Lenient<String>,
    /// The 8 digits of the mailed code, as text.
    #[schema(value_type = String, example = "04718255")]
    code: Lenient<SecretString>,
    /// The password of the new login; needed when the code completes a registration.
    #[schema(value_type = Option<String>, example = "Super@123")]
    password: Lenient<SecretString>,
}

/// The body of `POST /v1/password/forgot`.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct ForgotPasswordRequest {
    /// The login's e-mail address.
    #[schema(value_type = String, example = "laurent@example.com")]
    user_name: Lenient<String>,
}

/// The body of `POST /v1/password/reset`.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct ResetPasswordRequest {
    /// The login's e-mail address.
    #[schema(value_type = String, example = "laurent@example.com")]
    user_name: Lenient<String>,
    /// The 8 digits of the mailed code, as text.
    #[schema(value_type = String, example = "04718255")]
    code: Lenient<SecretString>,
    /// The new password: 8–72 bytes, not built from the user name, not a common one.
    #[schema(value_type = String, example = "Super@123")]
    new_password: Lenient<SecretString>,
}

/// `POST /v1/register/verify`.
#[utoipa::path(
    post,
    path = "/v1/register/verify",
    tag = "account",
    summary = "Prove an address with the mailed code",
    description = "For a lead's address (after a registration answered 202 VERIFICATION_REQUIRED) it completes the registration with the password given here: 201 with the register response (contact and token). For a new tenant's address it confirms the address (password not needed): 200 with the contact id. Each try counts against the address's attempt limit; a code is single use, valid 15 minutes and dead after 5 wrong tries.",
    request_body = VerifyRequest,
    security(("api_key" = [])),
    responses(
        (status = 200, description = "The address is confirmed; data is the contact id", body = crate::envelope::Envelope<String>),
        (status = 201, description = "The registration is complete", body = crate::envelope::Envelope<AuthData>),
        (status = 400, description = "INVALID_INPUT_PARAM, INVALID_PARAM_USER_NAME, INVALID_VERIFICATION_CODE (wrong, expired, used or dead: one code for all), INVALID_PARAM_USER_PASSWORD (missing or failing the policy when completing a registration)", body = crate::envelope::ErrorEnvelope),
        (status = 401, description = "INVALID_API_KEY", body = crate::envelope::ErrorEnvelope),
        (status = 413, description = "PAYLOAD_TOO_LARGE", body = crate::envelope::ErrorEnvelope),
        (status = 415, description = "UNSUPPORTED_MEDIA_TYPE", body = crate::envelope::ErrorEnvelope),
        (status = 429, description = "TOO_MANY_REQUESTS: the address was tried too often, or this client is over its request budget; `Retry-After` says when to try again", body = crate::envelope::ErrorEnvelope,
            headers(("Retry-After" = u64, description = "Seconds until a request is admitted again"))),
        (status = 500, description = "TENANT_REGISTERATION_FAILED, SOMETHING_WENT_WRONG", body = crate::envelope::ErrorEnvelope),
        (status = 503, description = "SERVICE_UNAVAILABLE: the database cannot be reached, or too many passwords are being hashed at once (then with `Retry-After: 1`)", body = crate::envelope::ErrorEnvelope,
            headers(("Retry-After" = u64, description = "Seconds to wait, when password hashing is overloaded")))
    )
)]
pub async fn verify(
    _client: PasswordClient,
    req: HttpRequest,
    state: web::Data<AppState>,
    company: ApiCompany,
    JsonBody(body): JsonBody<VerifyRequest>,
) -> Result<HttpResponse, ApiError> {
    let form = VerifyForm {
        user_name: body.user_name.into_input(),
        code: body.code.into_input(),
        password: body.password.into_input(),
        user_agent: user_agent(&req),
    };
    Ok(match state.tenants.verify(company.0, form).await? {
        Verified::Registered(registered) => respond(
            StatusCode::CREATED,
            AuthData::new(&registered.contact, registered.token),
        ),
        Verified::Confirmed(contact) => respond(StatusCode::OK, contact.to_string()),
    })
}

/// `POST /v1/password/forgot`.
#[utoipa::path(
    post,
    path = "/v1/password/forgot",
    tag = "account",
    summary = "Mail a code to choose a new password",
    description = "Always 202 with data null and status SUCCESS, whether or not the address is known; a code (valid 15 minutes) is mailed if the address has a login. A new code replaces the previous one.",
    request_body = ForgotPasswordRequest,
    security(("api_key" = [])),
    responses(
        (status = 202, description = "Accepted; data is null", body = crate::envelope::NoDataEnvelope),
        (status = 400, description = "INVALID_INPUT_PARAM, INVALID_PARAM_USER_NAME (not an e-mail address)", body = crate::envelope::ErrorEnvelope),
        (status = 401, description = "INVALID_API_KEY", body = crate::envelope::ErrorEnvelope),
        (status = 413, description = "PAYLOAD_TOO_LARGE", body = crate::envelope::ErrorEnvelope),
        (status = 415, description = "UNSUPPORTED_MEDIA_TYPE", body = crate::envelope::ErrorEnvelope),
        (status = 429, description = "TOO_MANY_REQUESTS: this client is over its request budget; `Retry-After` says when to try again", body = crate::envelope::ErrorEnvelope,
            headers(("Retry-After" = u64, description = "Seconds until a request is admitted again"))),
        (status = 500, description = "SOMETHING_WENT_WRONG", body = crate::envelope::ErrorEnvelope),
        (status = 503, description = "SERVICE_UNAVAILABLE: the database cannot be reached", body = crate::envelope::ErrorEnvelope)
    )
)]
pub async fn forgot_password(
    _client: PasswordClient,
    state: web::Data<AppState>,
    company: ApiCompany,
    JsonBody(body): JsonBody<ForgotPasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    state
        .tenants
        .forgot_password(company.0, body.user_name.into_input())
        .await?;
    Ok(HttpResponse::Accepted().json(NoDataEnvelope::done()))
}

/// `POST /v1/password/reset`.
#[utoipa::path(
    post,
    path = "/v1/password/reset",
    tag = "account",
    summary = "Choose a new password with the mailed code",
    description = "Sets the new password, ends every session of the tenant and begins a new one, whose token is in the X-Token response header; the address counts as verified. Each try counts against the address's attempt limit.",
    request_body = ResetPasswordRequest,
    security(("api_key" = [])),
    responses(
        (status = 200, description = "The contact id", body = crate::envelope::Envelope<String>,
            headers(("X-Token" = String, description = "The token of the new session"))),
        (status = 400, description = "INVALID_INPUT_PARAM, INVALID_PARAM_USER_NAME, INVALID_VERIFICATION_CODE (wrong, expired, used or dead, or no login: one code for all), INVALID_PARAM_NEW_PASSWORD", body = crate::envelope::ErrorEnvelope),
        (status = 401, description = "INVALID_API_KEY", body = crate::envelope::ErrorEnvelope),
        (status = 413, description = "PAYLOAD_TOO_LARGE", body = crate::envelope::ErrorEnvelope),
        (status = 415, description = "UNSUPPORTED_MEDIA_TYPE", body = crate::envelope::ErrorEnvelope),
        (status = 429, description = "TOO_MANY_REQUESTS: the address was tried too often, or this client is over its request budget; `Retry-After` says when to try again", body = crate::envelope::ErrorEnvelope,
            headers(("Retry-After" = u64, description = "Seconds until a request is admitted again"))),
        (status = 500, description = "SOMETHING_WENT_WRONG", body = crate::envelope::ErrorEnvelope),
        (status = 503, description = "SERVICE_UNAVAILABLE: the database cannot be reached, or too many passwords are being hashed at once (then with `Retry-After: 1`)", body = crate::envelope::ErrorEnvelope,
            headers(("Retry-After" = u64, description = "Seconds to wait, when password hashing is overloaded")))
    )
)]
pub async fn reset_password(
    _client: PasswordClient,
    req: HttpRequest,
    state: web::Data<AppState>,
    company: ApiCompany,
    JsonBody(body): JsonBody<ResetPasswordRequest>,
) -> Result<HttpResponse, ApiError> {
    let form = ResetForm {
        user_name: body.user_name.into_input(),
        code: body.code.into_input(),
        new_password: body.new_password.into_input(),
        user_agent: user_agent(&req),
    };
    let reset = state.tenants.reset_password(company.0, form).await?;
    Ok(with_token(
        respond(StatusCode::OK, reset.contact_id.to_string()),
        &reset.token,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_request_prints_a_code_or_password() {
        let verify: VerifyRequest = serde_json::from_str(
            r#"{"userName":"me@example.com","code":"04718255","password":"Super@123"}"#,
        )
        .unwrap();
        let reset: ResetPasswordRequest = serde_json::from_str(
            r#"{"userName":"me@example.com","code":"04718255","newPassword":"Super@123"}"#,
        )
        .unwrap();
        for printed in [format!("{verify:?}"), format!("{reset:?}")] {
            assert!(!printed.contains("04718255"), "{printed}");
            assert!(!printed.contains("Super@123"), "{printed}");
        }
    }
}
