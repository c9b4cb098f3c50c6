//! The `X-API-Key` check in front of every `/v1` route.
//!
//! Keys are looked up by SHA-256 digest. Answers (found or not) are cached for a few seconds so
//! that the hot path costs no database round trip; a revoked key therefore stops working at
//! most `auth.api_key_cache_seconds` after revocation, in every process.

use std::collections::HashMap;
use std::sync::RwLock;
use std::time::{Duration, Instant};

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, ResponseError, web};
use storegister_auth::api_key;
use storegister_kernel::CompanyId;

use crate::error::ApiError;
use crate::state::AppState;

/// The request headers a key is read from, the documented one first.
pub const API_KEY_HEADERS: [&str; 2] = ["x-api-key", "api-key"];

/// The cache stops growing here; it is emptied rather than evicted entry by entry, which is
/// fine for a cache whose entries live seconds.
const MAX_ENTRIES: usize = 10_000;

/// The company a request's API key belongs to, put in the request's extensions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApiCompany(pub CompanyId);

/// A short-lived cache of key digest → company (or "no such key").
pub struct ApiKeyCache {
    ttl: Duration,
    entries: RwLock<HashMap<String, (Option<CompanyId>, Instant)>>,
}

impl ApiKeyCache {
    /// A cache keeping answers for `ttl` (zero disables it).
    pub fn new(ttl: Duration) -> Self {
        Self {
            ttl,
            entries: RwLock::new(HashMap::new()),
        }
    }

    /// The cached answer for a digest, if fresh.
    fn get(&self, digest: &str) -> Option<Option<CompanyId>> {
        let entries = self.entries.read().ok()?;
        let (company, at) = entries.get(digest)?;
        (at.elapsed() < self.ttl).then_some(*company)
    }

    fn put(&self, digest: String, company: Option<CompanyId>) {
        if self.ttl.is_zero() {
            return;
        }
        if let Ok(mut entries) = self.entries.write() {
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
            entries.insert(digest, (company, Instant::now()));
        }
    }
}

/// The presented key: the first of [`API_KEY_HEADERS`] that is present and not blank.
fn presented_key(req: &ServiceRequest) -> Option<String> {
    API_KEY_HEADERS.iter().find_map(|name| {
        let value = req.headers().get(*name)?.to_str().ok()?.trim();
        (!value.is_empty()).then(|| value.to_owned())
    })
}

/// Middleware: refuses requests without a valid key (401 `INVALID_API_KEY`) before their body
/// is read, and records the key's company for the handlers.
pub async fn require_api_key(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    match company_of(&req).await {
        Ok(company) => {
            req.extensions_mut().insert(ApiCompany(company));
            Ok(next.call(req).await?.map_into_left_body())
        }
        Err(error) => {
            let response = error.error_response();
            Ok(req.into_response(response).map_into_right_body())
        }
    }
}

async fn company_of(req: &ServiceRequest) -> Result<CompanyId, ApiError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| ApiError::internal("application state missing"))?;
    let key = presented_key(req).ok_or(ApiError::InvalidApiKey)?;
    let digest = api_key::digest(&key);
    let company = match state.api_keys.get(&digest) {
        Some(company) => company,
        None => {
            let company = state.tenants.company_of_api_key(digest.clone()).await?;
            state.api_keys.put(digest, company);
            company
        }
    };
    company.ok_or(ApiError::InvalidApiKey)
}
