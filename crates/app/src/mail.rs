//! Mail, through a transactional outbox: a use case queues a mail in the same transaction as
//! what it announces, and [`MailService::deliver_due`], run by every API process on a timer,
//! delivers what is due, with retries and backoff. A mail is claimed before it is sent, so two
//! processes do not send it twice; one that dies mid-way leaves its claim to expire, and the
//! mail is sent later (at least once, never lost).

use std::future::Future;
use std::time::Duration;

use chrono::{NaiveDateTime, TimeDelta};
use storegister_kernel::{Cause, Clock, CompanyId, Store, StoreError};
use uuid::Uuid;

/// A mail to send.
#[derive(Clone, PartialEq, Eq)]
pub struct Mail {
    /// Its id (also the `Message-ID`'s left part, and the `.eml` file's name).
    pub id: Uuid,
    /// The company it is sent for (its name is in the text).
    pub company_id: CompanyId,
    /// The recipient's address.
    pub to: String,
    /// The subject.
    pub subject: String,
    /// The plain text.
    pub text: String,
    /// When it was queued (UTC).
    pub created_at: NaiveDateTime,
}

impl std::fmt::Debug for Mail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // the text may hold a one-time code: never in a log
        f.debug_struct("Mail")
            .field("id", &self.id)
            .field("company_id", &self.company_id)
            .field("subject", &self.subject)
            .finish_non_exhaustive()
    }
}

/// A queued mail with its delivery state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueuedMail {
    /// The mail.
    pub mail: Mail,
    /// Failed tries so far.
    pub attempts: u32,
}

/// The outbox, in the database.
pub trait MailOutbox {
    /// Queues a mail, due at once.
    fn queue_mail(&mut self, mail: &Mail) -> Result<(), StoreError>;

    /// Up to `limit` mails due at `now` (unsent, not given up, not claimed by a live claim),
    /// oldest due first.
    fn due_mails(
        &mut self,
        now: NaiveDateTime,
        limit: usize,
    ) -> Result<Vec<QueuedMail>, StoreError>;

    /// Claims a due mail for `claimer` until `until`; whether this claimer got it (of two
    /// claiming at once, one does).
    fn claim_mail(
        &mut self,
        id: Uuid,
        claimer: Uuid,
        until: NaiveDateTime,
        now: NaiveDateTime,
    ) -> Result<bool, StoreError>;

    /// Marks a claimed mail sent.
    fn mark_mail_sent(
        &mut self,
        id: Uuid,
        claimer: Uuid,
        at: NaiveDateTime,
    ) -> Result<(), StoreError>;

    /// Records a failed try of a claimed mail at `at`: due again at `retry_at`, or given up
    /// (`None`).
    fn mark_mail_failed(
        &mut self,
        id: Uuid,
        claimer: Uuid,
        retry_at: Option<NaiveDateTime>,
        error: &str,
        at: NaiveDateTime,
    ) -> Result<(), StoreError>;
}

/// Why a mail could not be sent.
#[derive(Debug, thiserror::Error)]
#[error("the mail could not be sent")]
pub struct MailError(#[source] pub Cause);

/// Sends mails (SMTP, or files for development). Slow: asynchronous.
pub trait MailTransport: Send + Sync + 'static {
    /// Sends one mail.
    fn send(&self, mail: Mail) -> impl Future<Output = Result<(), MailError>> + Send;
}

/// How delivery retries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeliveryPolicy {
    /// Tries before a mail is given up.
    pub max_attempts: u32,
    /// How long a claim holds: a process that died mid-send frees the mail after it.
    pub lease: Duration,
    /// Mails taken per round.
    pub batch: usize,
}

impl DeliveryPolicy {
    /// When a mail that failed `attempts` times is due again: 2^attempts seconds later, at
    /// most an hour; `None` once it has had all its tries.
    pub fn retry_at(&self, attempts: u32, now: NaiveDateTime) -> Option<NaiveDateTime> {
        if attempts >= self.max_attempts {
            return None;
        }
        let seconds = 2_i64.saturating_pow(attempts.min(20)).min(3600);
        now.checked_add_signed(TimeDelta::seconds(seconds))
    }
}

/// What one round of delivery did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Delivered {
    /// Mails sent.
    pub sent: usize,
    /// Mails that failed this time (and will be retried or were given up).
    pub failed: usize,
}

/// Delivers the outbox: one per process, its claims in its own name.
pub struct MailService<S, T> {
    store: S,
    transport: T,
    clock: std::sync::Arc<dyn Clock>,
    policy: DeliveryPolicy,
    claimer: Uuid,
}

impl<S, T> MailService<S, T>
where
    S: Store,
    S::Repo: MailOutbox,
    T: MailTransport,
{
    /// The delivery of this process.
    pub fn new(
        store: S,
        transport: T,
        clock: std::sync::Arc<dyn Clock>,
        policy: DeliveryPolicy,
    ) -> Self {
        Self {
            store,
            transport,
            clock,
            policy,
            claimer: Uuid::new_v4(),
        }
    }

    /// Sends the mails due now, each claimed first; how many went and how many failed.
    pub async fn deliver_due(&self) -> Result<Delivered, StoreError> {
        let now = self.clock.now().naive_utc();
        let batch = self.policy.batch;
        let due = self
            .store
            .run(move |repo| repo.due_mails(now, batch))
            .await?;
        let mut delivered = Delivered::default();
        for queued in due {
            let (id, claimer) = (queued.mail.id, self.claimer);
            let until = now
                .checked_add_signed(
                    TimeDelta::from_std(self.policy.lease).unwrap_or(TimeDelta::MAX),
                )
                .unwrap_or(NaiveDateTime::MAX);
            let claimed = self
                .store
                .run(move |repo| repo.claim_mail(id, claimer, until, now))
                .await?;
            if !claimed {
                continue;
            }
            match self.transport.send(queued.mail).await {
                Ok(()) => {
                    let at = self.clock.now().naive_utc();
                    self.store
                        .run(move |repo| repo.mark_mail_sent(id, claimer, at))
                        .await?;
                    delivered.sent += 1;
                }
                Err(error) => {
                    let at = self.clock.now().naive_utc();
                    let retry_at = self.policy.retry_at(queued.attempts + 1, at);
                    let reason = storegister_kernel::Chain(&error).to_string();
                    self.store
                        .run(move |repo| repo.mark_mail_failed(id, claimer, retry_at, &reason, at))
                        .await?;
                    delivered.failed += 1;
                }
            }
        }
        Ok(delivered)
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    #[test]
    fn retries_back_off_to_an_hour_then_give_up() {
        let policy = DeliveryPolicy {
            max_attempts: 13,
            lease: Duration::from_secs(60),
            batch: 10,
        };
        let now = NaiveDate::from_ymd_opt(2026, 11, 25)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .unwrap();
        let after = |attempts| {
            policy
                .retry_at(attempts, now)
                .map(|at| (at - now).num_seconds())
        };
        assert_eq!(after(1), Some(2));
        assert_eq!(after(5), Some(32));
        assert_eq!(after(12), Some(3600));
        assert_eq!(after(13), None);
    }

    #[test]
    fn a_mail_prints_no_text() {
        let mail = Mail {
            id: Uuid::new_v4(),
            company_id: CompanyId::generate(),
            to: "me@example.com".into(),
            subject: "Your code".into(),
            text: "12345678".into(),
            created_at: NaiveDateTime::MIN,
        };
        let printed = format!("{mail:?}");
        assert!(!printed.contains("12345678") && !printed.contains("me@example.com"));
    }
}
