//! Work the server does on its own, on a timer: deleting password attempts that have left
//! the attempt window, so the table holds at most one window of attempts.

use std::time::Duration;

use actix_web::web;
use chrono::TimeDelta;
use storegister_kernel::{Store, StoreError};
use storegister_tenant::PasswordAttemptRepository;

use crate::state::AppState;

/// Deletes the password attempts (of every company) older than the attempt window; how many.
pub fn prune_password_attempts(state: &AppState) -> Result<usize, StoreError> {
    let window = TimeDelta::from_std(state.attempt_limit.window).unwrap_or(TimeDelta::MAX);
    let now = state.clock.now().naive_utc();
    let before = now.checked_sub_signed(window).unwrap_or(now);
    state.database.repo()?.prune_password_attempts(before)
}

/// Prunes the password attempts once per window (at least once a minute apart) for as long
/// as the server runs; several server processes doing it at once is harmless.
pub async fn prune_password_attempts_periodically(state: web::Data<AppState>) {
    if state.attempt_limit.max_attempts == 0 {
        return;
    }
    let mut ticks =
        actix_web::rt::time::interval(state.attempt_limit.window.max(Duration::from_secs(60)));
    loop {
        ticks.tick().await;
        let run = state.clone();
        match web::block(move || prune_password_attempts(&run)).await {
            Ok(Ok(0)) => {}
            Ok(Ok(pruned)) => log::debug!("pruned {pruned} old password attempts"),
            Ok(Err(error)) => log::warn!("pruning password attempts failed: {error}"),
            Err(error) => log::warn!("pruning password attempts failed: {error}"),
        }
    }
}
