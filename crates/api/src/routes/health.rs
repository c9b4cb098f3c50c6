//! Liveness and readiness.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Serialize;
use utoipa::ToSchema;

use super::respond;
use crate::error::ApiError;
use crate::state::AppState;

/// Liveness.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Health {
    #[schema(value_type = String)]
    status: &'static str,
}

/// Readiness.
#[derive(Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Ready {
    #[schema(value_type = String)]
    status: &'static str,
    /// `sqlite` or `postgres`.
    #[schema(value_type = String)]
    database: &'static str,
}

/// `GET /health`: the process is up.
#[utoipa::path(get, path = "/health", tag = "operations", summary = "Liveness",
    responses((status = 200, description = "The process runs", body = crate::envelope::Envelope<Health>)))]
pub async fn health() -> HttpResponse {
    respond(StatusCode::OK, Health { status: "UP" })
}

/// `GET /ready`: the database answers and the server is not draining; 503
/// `SERVICE_UNAVAILABLE` otherwise.
#[utoipa::path(get, path = "/ready", tag = "operations", summary = "Readiness",
    responses(
        (status = 200, description = "The database answers", body = crate::envelope::Envelope<Ready>),
        (status = 500, description = "SOMETHING_WENT_WRONG", body = crate::envelope::ErrorEnvelope),
        (status = 503, description = "SERVICE_UNAVAILABLE: the database cannot be reached, or the server is draining before it stops (SIGTERM)", body = crate::envelope::ErrorEnvelope)
    ))]
pub async fn ready(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    if state.is_draining() {
        // the load balancer is to send no more requests here; those it sends are answered
        return Err(ApiError::Draining);
    }
    state.database.ping().await?;
    Ok(respond(
        StatusCode::OK,
        Ready {
            status: "READY",
            database: state.database.backend().name(),
        },
    ))
}
