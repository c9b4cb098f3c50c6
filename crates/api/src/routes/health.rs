//! Liveness and readiness.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Serialize;

use super::respond;
use crate::error::ApiError;
use crate::state::AppState;

#[derive(Serialize)]
struct Health {
    status: &'static str,
}

#[derive(Serialize)]
struct Ready {
    status: &'static str,
    database: &'static str,
}

/// `GET /health`: the process is up.
pub async fn health() -> HttpResponse {
    respond(StatusCode::OK, Health { status: "UP" })
}

/// `GET /ready`: the database answers; 503 `SERVICE_UNAVAILABLE` otherwise.
pub async fn ready(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let check = state.clone();
    web::block(move || check.database.ping()).await??;
    Ok(respond(
        StatusCode::OK,
        Ready {
            status: "READY",
            database: state.database.backend().name(),
        },
    ))
}
