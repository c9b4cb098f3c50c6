//! The tenant portal: `GET /v1/tenant/`, the profile, the display picture and the password.
//! Every handler needs `X-API-Key` and `X-Token`; each runs one use case of
//! [`Tenants`](crate::state::Tenants) and answers its result in the envelope.

mod requests;
mod responses;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

pub use requests::{ChangePasswordRequest, CommunicationField, ProfileRequest};
pub use responses::{
    AddressDto, ContactBookDto, ContractDto, ImageInfo, InsightsDto, InvoiceDto, MoneyDto,
    ProfileDto, PropertyRef, RegionRef, SessionDto, TenantInfoDto, UnitRef, picture_url,
};

use super::{respond, with_token};
use crate::error::ApiError;
use crate::extract::{JsonBody, TenantSession};
use crate::state::AppState;

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
    let info = state.tenants.tenant_info(session).await?;
    Ok(respond(StatusCode::OK, TenantInfoDto::new(&req, info)))
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
    let profile = state.tenants.profile(session).await?;
    Ok(respond(
        StatusCode::OK,
        ProfileDto {
            contact_book: ContactBookDto::new(&req, profile),
        },
    ))
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
    let id = state
        .tenants
        .update_profile(session, body.into_form())
        .await?;
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
    let stamp = state.tenants.request_password_change(session).await?;
    Ok(respond(StatusCode::OK, stamp.hyphenated().to_string()))
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
    let changed = state
        .tenants
        .change_password(session, body.into_form())
        .await?;
    Ok(with_token(
        respond(StatusCode::OK, changed.contact_id.to_string()),
        &changed.token,
    ))
}

/// `POST /v1/tenant/logout`: ends the session of the request's token; `data` is its id.
#[utoipa::path(
    post,
    path = "/v1/tenant/logout",
    tag = "tenant",
    summary = "Log out",
    description = "Ends the session the token belongs to: the token stops working at once, on every server process. Other sessions of the tenant go on.",
    security(("api_key" = [], "token" = [])),
    responses(
        (status = 200, description = "The ended session's id", body = crate::envelope::Envelope<String>),
        (status = 401, description = "INVALID_API_KEY, INVALID_TOKEN, TOKEN_EXPIRED", body = crate::envelope::ErrorEnvelope),
        (status = 404, description = "NO_RECORDS_FOUND", body = crate::envelope::ErrorEnvelope),
        (status = 500, description = "SOMETHING_WENT_WRONG", body = crate::envelope::ErrorEnvelope),
        (status = 503, description = "SERVICE_UNAVAILABLE", body = crate::envelope::ErrorEnvelope)
    )
)]
pub async fn logout(
    state: web::Data<AppState>,
    TenantSession(session): TenantSession,
) -> Result<HttpResponse, ApiError> {
    let ended = state.tenants.logout(session).await?;
    Ok(respond(StatusCode::OK, ended.hyphenated().to_string()))
}

/// `GET /v1/tenant/sessions`: the tenant's live sessions, newest first.
#[utoipa::path(
    get,
    path = "/v1/tenant/sessions",
    tag = "tenant",
    summary = "The tenant's sessions",
    description = "Every live session (a login or registration not logged out, ended or expired), newest first; `current` marks the request's own. `lastUsedAt` is coarse (written at most every 5 minutes).",
    security(("api_key" = [], "token" = [])),
    responses(
        (status = 200, description = "The live sessions", body = crate::envelope::Envelope<Vec<SessionDto>>),
        (status = 401, description = "INVALID_API_KEY, INVALID_TOKEN, TOKEN_EXPIRED", body = crate::envelope::ErrorEnvelope),
        (status = 404, description = "NO_RECORDS_FOUND", body = crate::envelope::ErrorEnvelope),
        (status = 500, description = "SOMETHING_WENT_WRONG", body = crate::envelope::ErrorEnvelope),
        (status = 503, description = "SERVICE_UNAVAILABLE", body = crate::envelope::ErrorEnvelope)
    )
)]
pub async fn sessions(
    state: web::Data<AppState>,
    TenantSession(session): TenantSession,
) -> Result<HttpResponse, ApiError> {
    let live = state.tenants.sessions(session).await?;
    let views: Vec<SessionDto> = live.into_iter().map(SessionDto::from).collect();
    Ok(respond(StatusCode::OK, views))
}

/// `DELETE /v1/tenant/sessions`: ends every session but the request's own; `data` is how many.
#[utoipa::path(
    delete,
    path = "/v1/tenant/sessions",
    tag = "tenant",
    summary = "End the other sessions",
    description = "Ends every live session of the tenant except the request's own (a lost phone, a shared computer): their tokens stop working at once, on every server process.",
    security(("api_key" = [], "token" = [])),
    responses(
        (status = 200, description = "How many sessions were ended", body = crate::envelope::Envelope<u64>),
        (status = 401, description = "INVALID_API_KEY, INVALID_TOKEN, TOKEN_EXPIRED", body = crate::envelope::ErrorEnvelope),
        (status = 404, description = "NO_RECORDS_FOUND", body = crate::envelope::ErrorEnvelope),
        (status = 500, description = "SOMETHING_WENT_WRONG", body = crate::envelope::ErrorEnvelope),
        (status = 503, description = "SERVICE_UNAVAILABLE", body = crate::envelope::ErrorEnvelope)
    )
)]
pub async fn end_other_sessions(
    state: web::Data<AppState>,
    TenantSession(session): TenantSession,
) -> Result<HttpResponse, ApiError> {
    let ended = state.tenants.end_other_sessions(session).await?;
    Ok(respond(StatusCode::OK, ended))
}
