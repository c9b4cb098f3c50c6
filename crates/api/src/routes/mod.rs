//! The HTTP handlers, one module per area.

pub mod account;
pub mod health;
pub mod picture;
pub mod reference;
pub mod tenant;

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use serde::Serialize;

use crate::envelope::Envelope;
use crate::error::ApiError;

/// A success envelope with this status.
pub(crate) fn respond<T: Serialize>(status: StatusCode, data: T) -> HttpResponse {
    HttpResponse::build(status).json(Envelope::success(data))
}

/// Fallback for unknown routes.
pub async fn not_found() -> Result<HttpResponse, ApiError> {
    Err(ApiError::NotFound("no endpoint at this path".into()))
}
