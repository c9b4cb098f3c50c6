//! Work the server does on its own, on a timer: deleting password attempts that have left
//! the attempt window, so the table holds at most one window of attempts.

use std::time::Duration;

use actix_web::web;
use storegister_kernel::{Chain, StoreError};

use crate::state::AppState;

/// Deletes the password attempts (of every company) older than the attempt window; how many.
pub async fn prune_password_attempts(state: &AppState) -> Result<usize, StoreError> {
    state.tenants.prune_password_attempts().await
}

/// Prunes the password attempts once per window (at least once a minute apart) for as long
/// as the server runs; several server processes doing it at once is harmless.
pub async fn prune_password_attempts_periodically(state: web::Data<AppState>) {
    let limit = state.tenants.policy().attempt_limit;
    if limit.max_attempts == 0 {
        return;
    }
    let mut ticks = actix_web::rt::time::interval(limit.window.max(Duration::from_secs(60)));
    loop {
        ticks.tick().await;
        match prune_password_attempts(&state).await {
            Ok(0) => {}
            Ok(pruned) => log::debug!("pruned {pruned} old password attempts"),
            Err(error) => log::warn!("pruning password attempts failed: {}", Chain(&error)),
        }
    }
}
