//! The HTTP handlers, one module per area.

pub mod account;
pub mod health;
pub mod picture;
pub mod proof;
pub mod reference;
pub mod tenant;
pub mod transactions;

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderName, HeaderValue};
use serde::Serialize;

use crate::envelope::Envelope;
use crate::error::ApiError;

/// A success envelope with this status.
pub(crate) fn respond<T: Serialize>(status: StatusCode, data: T) -> HttpResponse {
    HttpResponse::build(status).json(Envelope::success(data))
}

/// The response with a fresh session token in its `X-Token` header.
pub(crate) fn with_token(mut response: HttpResponse, token: &str) -> HttpResponse {
    // a JWT is always a valid header value
    if let Ok(value) = HeaderValue::from_str(token) {
        response
            .headers_mut()
            .insert(HeaderName::from_static("x-token"), value);
    }
    response
}

/// Fallback for unknown routes.
pub async fn not_found() -> Result<HttpResponse, ApiError> {
    Err(ApiError::NotFound("no endpoint at this path".into()))
}
