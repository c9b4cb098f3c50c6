//! Work the server does on its own, on a timer: deleting password attempts that have left
//! the attempt window (so the table holds at most one window of attempts), sessions that
//! expired or ended a day ago and one-time codes that expired a day ago.

use std::time::Duration;

use actix_web::web;
use storegister_kernel::{Chain, StoreError};

use crate::state::AppState;

/// Deletes the password attempts (of every company) older than the attempt window; how many.
pub async fn prune_password_attempts(state: &AppState) -> Result<usize, StoreError> {
    state.tenants.prune_password_attempts().await
}

/// Prunes the password attempts and the sessions once per attempt window (at least a minute
/// and at most an hour apart) for as long as the server runs; several server processes doing
/// it at once is harmless.
pub async fn prune_periodically(state: web::Data<AppState>) {
    let limit = state.tenants.policy().attempt_limit;
    let every = limit
        .window
        .clamp(Duration::from_secs(60), Duration::from_secs(3600));
    let mut ticks = actix_web::rt::time::interval(every);
    loop {
        ticks.tick().await;
        if limit.max_attempts > 0 {
            match prune_password_attempts(&state).await {
                Ok(0) => {}
                Ok(pruned) => log::debug!("pruned {pruned} old password attempts"),
                Err(error) => log::warn!("pruning password attempts failed: {}", Chain(&error)),
            }
        }
        state.clients.forget_idle();
        match state.tenants.prune_sessions().await {
            Ok(0) => {}
            Ok(pruned) => log::debug!("pruned {pruned} ended or expired sessions"),
            Err(error) => log::warn!("pruning sessions failed: {}", Chain(&error)),
        }
        match state.tenants.prune_verification_codes().await {
            Ok(0) => {}
            Ok(pruned) => log::debug!("pruned {pruned} expired one-time codes"),
            Err(error) => log::warn!("pruning one-time codes failed: {}", Chain(&error)),
        }
    }
}

/// Delivers the mail outbox every `mail_poll` for as long as the server runs. Every process
/// does it; a mail is claimed before it is sent, so none is sent twice in normal operation.
/// An outage of the database or of the mail server is logged once, and its end too.
pub async fn deliver_mail_periodically(state: web::Data<AppState>) {
    let mut ticks = actix_web::rt::time::interval(state.mail_poll);
    let mut failing = false;
    loop {
        ticks.tick().await;
        match state.mail.deliver_due().await {
            Ok(delivered) => {
                metrics::counter!("storegister_mails_sent_total").increment(delivered.sent as u64);
                metrics::counter!("storegister_mails_failed_total")
                    .increment(delivered.failed as u64);
                if failing {
                    log::info!("mail delivery works again");
                    failing = false;
                }
                if delivered.failed > 0 {
                    log::warn!(
                        "{} mail(s) could not be sent this time; they are retried later",
                        delivered.failed
                    );
                }
            }
            Err(error) if !failing => {
                log::warn!("mail delivery failed: {}", Chain(&error));
                failing = true;
            }
            Err(_) => {}
        }
    }
}
