//! The StoRegister Tenant API over HTTP.
//!
//! A request flows: [`startup::app`] routes it; `/v1` routes pass the API key middleware
//! ([`api_keys`]); the handler ([`routes`]) takes its inputs through the extractors
//! ([`extract`]), awaits one use case of [`state::Tenants`], and answers with the
//! [`envelope`]. Every failure becomes an [`error::ApiError`], mapped once to the HTTP status
//! and error code; validation outcomes get their wire names in [`vocabulary`].

pub mod api_keys;
pub mod clients;
pub mod contract;
pub mod envelope;
pub mod error;
pub mod extract;
pub mod housekeeping;
pub mod input;
pub mod observe;
pub mod openapi;
pub mod routes;
pub mod startup;
pub mod state;
pub mod vocabulary;

pub use startup::{RunOptions, app, run};
pub use state::{AppState, StartError};
