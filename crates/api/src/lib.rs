//! The StoRegister Tenant API over HTTP.
//!
//! A request flows: [`startup::app`] routes it; `/v1` routes pass the API key middleware
//! ([`api_keys`]); the handler ([`routes`]) takes its inputs through the extractors
//! ([`extract`]), runs one tenant use case off the async workers (`web::block`), and answers
//! with the [`envelope`]. Every failure becomes an [`error::ApiError`], mapped once to the HTTP
//! status and error code.

pub mod api_keys;
pub mod envelope;
pub mod error;
pub mod extract;
pub mod hashing;
pub mod housekeeping;
pub mod input;
pub mod openapi;
pub mod routes;
pub mod startup;
pub mod state;

pub use startup::{app, run};
pub use state::{AppState, StartError};
