//! Extractors: the API key's company, the tenant's session token, and JSON bodies.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use futures_util::StreamExt;
use serde::de::DeserializeOwned;
use storegister_app::Session;
use storegister_auth::TokenRejection;
use storegister_kernel::CompanyId;

use crate::api_keys::ApiCompany;
use crate::error::ApiError;
use crate::state::AppState;

/// The client's `User-Agent`, as a session keeps it.
pub fn user_agent(req: &HttpRequest) -> Option<String> {
    storegister_app::user_agent(
        req.headers()
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok()),
    )
}

/// The request headers a session token is read from, the documented one first.
pub const TOKEN_HEADERS: [&str; 2] = ["x-token", "token"];

impl FromRequest for ApiCompany {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(
            req.extensions()
                .get::<ApiCompany>()
                .copied()
                .ok_or(ApiError::InvalidApiKey),
        )
    }
}

/// The tenant a valid session token speaks for, issued under the request's API key company.
///
/// Signature and expiry are checked here; whether the token was revoked by a password change
/// (its security stamp) is checked by the use case against the database.
#[derive(Clone, Copy, Debug)]
pub struct TenantSession(pub Session);

impl FromRequest for TenantSession {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(tenant_session(req))
    }
}

fn tenant_session(req: &HttpRequest) -> Result<TenantSession, ApiError> {
    let company: CompanyId = req
        .extensions()
        .get::<ApiCompany>()
        .map(|c| c.0)
        .ok_or(ApiError::InvalidApiKey)?;
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| ApiError::internal("application state missing"))?;
    let token = TOKEN_HEADERS
        .iter()
        .find_map(|name| {
            let value = req.headers().get(*name)?.to_str().ok()?.trim();
            (!value.is_empty()).then_some(value)
        })
        .ok_or(ApiError::InvalidToken(
            "an X-Token header with the session token is required",
        ))?;
    let session = state
        .tokens
        .verify(token)
        .map_err(|rejection| match rejection {
            TokenRejection::Expired => ApiError::TokenExpired,
            TokenRejection::Invalid => ApiError::InvalidToken("the session token is not valid"),
        })?;
    if session.company_id != company {
        return Err(ApiError::InvalidToken(
            "the session token was not issued for this API key's company",
        ));
    }
    Ok(TenantSession(session))
}

/// A JSON request body, read up to the configured limit and parsed leniently.
///
/// A body with a content type other than JSON is refused with 415; one without a content type
/// is tried as JSON. A missing, empty or malformed body, or one that is not an object, is 400
/// `INVALID_INPUT_PARAM`; a body over the limit is 413, refused as soon as the limit is passed.
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for JsonBody<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let (limit, deadline) = req
            .app_data::<web::Data<AppState>>()
            .map_or((64 * 1024, Duration::from_secs(60)), |state| {
                (state.json_limit, state.body_read_timeout)
            });
        let checked = check_content(req, limit);
        let mut payload = payload.take();
        Box::pin(async move {
            checked?;
            let read = async {
                let mut body = web::BytesMut::new();
                while let Some(chunk) = payload.next().await {
                    let chunk = chunk.map_err(|e| {
                        ApiError::InvalidInput(format!("request body could not be read: {e}"))
                    })?;
                    if body.len() + chunk.len() > limit {
                        return Err(too_large(limit));
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(body)
            };
            let body = within_deadline(deadline, read).await?;
            if body.iter().all(u8::is_ascii_whitespace) {
                return Err(ApiError::InvalidInput(
                    "a JSON object is required as the request body".into(),
                ));
            }
            let value: serde_json::Value = serde_json::from_slice(&body).map_err(|e| {
                ApiError::InvalidInput(format!("request body is not valid JSON: {e}"))
            })?;
            if !value.is_object() {
                return Err(ApiError::InvalidInput(
                    "the request body must be a JSON object".into(),
                ));
            }
            serde_json::from_value(value)
                .map(JsonBody)
                .map_err(|e| ApiError::InvalidInput(format!("request body is not acceptable: {e}")))
        })
    }
}

fn check_content(req: &HttpRequest, limit: usize) -> Result<(), ApiError> {
    if let Some(content_type) = req.headers().get(header::CONTENT_TYPE) {
        let json = content_type
            .to_str()
            .ok()
            .and_then(|v| v.split(';').next())
            .map(|essence| {
                let essence = essence.trim().to_ascii_lowercase();
                essence == "application/json" || essence.ends_with("+json")
            })
            .unwrap_or(false);
        if !json {
            return Err(ApiError::UnsupportedMediaType(
                "the request body must be application/json".into(),
            ));
        }
    }
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    match declared {
        Some(length) if length > limit => Err(too_large(limit)),
        _ => Ok(()),
    }
}

fn too_large(limit: usize) -> ApiError {
    ApiError::PayloadTooLarge(format!("the request body must be at most {limit} bytes"))
}

/// The body, unless it takes longer than `limit` to arrive: a client that trickles its body
/// in (or stops sending) would otherwise hold its connection and memory for ever.
pub(crate) async fn within_deadline<T>(
    limit: Duration,
    read: impl Future<Output = Result<T, ApiError>>,
) -> Result<T, ApiError> {
    actix_web::rt::time::timeout(limit, read)
        .await
        .unwrap_or(Err(ApiError::BodyTimeout))
}
