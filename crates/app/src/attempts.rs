//! The password attempt limit: how many times a user name may be tried (a login, or the
//! existing password of a password change) within a window, before `TOO_MANY_REQUESTS`.
//!
//! Attempts are stored (in the database, through [`PasswordAttemptRepository`]) so that every
//! API process counts the same ones. An attempt is recorded *before* bcrypt runs and counted
//! again after recording, so that concurrent attempts cannot slip past the limit together; a
//! successful login or password change clears the user name's attempts. Unknown user names
//! are limited exactly like known ones, so the limit tells nothing about who exists.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{NaiveDateTime, TimeDelta};
use storegister_kernel::{CompanyId, Store, StoreError};
use uuid::Uuid;

use crate::error::TenantError;

/// How many password attempts a user name gets within a window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AttemptLimit {
    /// Attempts allowed within `window`; 0 turns the limit off.
    pub max_attempts: u32,
    /// The sliding window attempts are counted in.
    pub window: Duration,
}

impl AttemptLimit {
    /// No limit at all.
    pub const OFF: AttemptLimit = AttemptLimit {
        max_attempts: 0,
        window: Duration::ZERO,
    };
}

/// The attempts of one user name within a window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AttemptCount {
    /// How many.
    pub attempts: u32,
    /// When the oldest of them was made.
    pub oldest: Option<NaiveDateTime>,
}

/// Storage of password attempts, scoped to one company.
pub trait PasswordAttemptRepository {
    /// The attempts on a normalised user name made after `since`.
    fn count_password_attempts(
        &mut self,
        company: CompanyId,
        user_name: &str,
        since: NaiveDateTime,
    ) -> Result<AttemptCount, StoreError>;

    /// Records an attempt on a normalised user name at `at`; its id.
    fn record_password_attempt(
        &mut self,
        company: CompanyId,
        user_name: &str,
        at: NaiveDateTime,
    ) -> Result<Uuid, StoreError>;

    /// Forgets one attempt (one that got no answer).
    fn forget_password_attempt(&mut self, id: Uuid) -> Result<(), StoreError>;

    /// Forgets every attempt on a user name (after a success).
    fn clear_password_attempts(
        &mut self,
        company: CompanyId,
        user_name: &str,
    ) -> Result<(), StoreError>;

    /// Deletes the attempts of every company made before `before`; how many.
    fn prune_password_attempts(&mut self, before: NaiveDateTime) -> Result<usize, StoreError>;
}

/// An attempt admitted under the limit (nothing recorded when the limit is off).
#[derive(Debug)]
#[must_use = "an admitted attempt must be answered"]
pub(crate) struct Admitted(Option<Uuid>);

/// Records an attempt on `user_name` at `now`, or refuses it with
/// [`TenantError::TooManyAttempts`] if the limit is reached.
pub(crate) fn admit_attempt<R: PasswordAttemptRepository + ?Sized>(
    repo: &mut R,
    limit: AttemptLimit,
    company: CompanyId,
    user_name: &str,
    now: NaiveDateTime,
) -> Result<Admitted, TenantError> {
    if limit.max_attempts == 0 {
        return Ok(Admitted(None));
    }
    let window = TimeDelta::from_std(limit.window).unwrap_or(TimeDelta::MAX);
    let since = now.checked_sub_signed(window).unwrap_or(NaiveDateTime::MIN);
    let refuse = |count: AttemptCount| TenantError::TooManyAttempts {
        retry_after: retry_after(count.oldest, window, now),
    };
    // a refused attempt is not recorded: a flood of them writes nothing
    let before = repo.count_password_attempts(company, user_name, since)?;
    if before.attempts >= limit.max_attempts {
        return Err(refuse(before));
    }
    let id = repo.record_password_attempt(company, user_name, now)?;
    // concurrent attempts may have been recorded since the first count
    let after = repo.count_password_attempts(company, user_name, since)?;
    if after.attempts > limit.max_attempts {
        return Err(refuse(after));
    }
    Ok(Admitted(Some(id)))
}

/// An attempt whose password check has not answered yet.
///
/// A check that got no answer (the hasher was overloaded or failed, or the request was
/// dropped because its client went away) gave nobody anything to learn, so its attempt is
/// forgotten when this is dropped unanswered: an overloaded server must not use up its users'
/// attempts. A request can be dropped at any await, even while its attempt is being recorded,
/// so the record and this guard meet in a shared [`AttemptSlot`]: whichever comes second
/// forgets the attempt.
pub(crate) struct PendingAttempt<S>
where
    S: Store,
    S::Repo: PasswordAttemptRepository,
{
    store: S,
    slot: Arc<Mutex<Slot>>,
}

#[derive(Default)]
struct Slot {
    recorded: Option<Uuid>,
    answered: bool,
    abandoned: bool,
}

/// Where the unit of work that records an attempt leaves it for its [`PendingAttempt`].
pub(crate) struct AttemptSlot(Arc<Mutex<Slot>>);

impl AttemptSlot {
    /// Hands the admitted attempt to its guard; forgets it at once if the request is gone.
    pub(crate) fn fill<R: PasswordAttemptRepository + ?Sized>(
        self,
        repo: &mut R,
        attempt: Admitted,
    ) -> Result<(), StoreError> {
        let Some(id) = attempt.0 else {
            return Ok(());
        };
        let abandoned = match self.0.lock() {
            Ok(mut slot) if !slot.abandoned => {
                slot.recorded = Some(id);
                false
            }
            _ => true,
        };
        if abandoned {
            repo.forget_password_attempt(id)?;
        }
        Ok(())
    }
}

impl<S> PendingAttempt<S>
where
    S: Store,
    S::Repo: PasswordAttemptRepository,
{
    /// A guard, and the slot its attempt is to be recorded in.
    pub(crate) fn new(store: &S) -> (Self, AttemptSlot) {
        let slot = Arc::new(Mutex::new(Slot::default()));
        let guard = Self {
            store: store.clone(),
            slot: slot.clone(),
        };
        (guard, AttemptSlot(slot))
    }

    /// The check answered: the attempt stays counted.
    pub(crate) fn answered(self) {
        if let Ok(mut slot) = self.slot.lock() {
            slot.answered = true;
        }
    }
}

impl<S> Drop for PendingAttempt<S>
where
    S: Store,
    S::Repo: PasswordAttemptRepository,
{
    fn drop(&mut self) {
        let forget = match self.slot.lock() {
            Ok(mut slot) if !slot.answered => {
                slot.abandoned = true;
                slot.recorded.take()
            }
            _ => None,
        };
        if let Some(id) = forget {
            // spawned: a dropped request has nobody to wait for it; best effort, an attempt
            // that cannot be forgotten stays counted, as it would have
            drop(
                self.store
                    .spawn(move |repo| repo.forget_password_attempt(id)),
            );
        }
    }
}

/// Clears the attempts on `user_name` after a success, if the limit is on.
pub(crate) fn clear_attempts<R: PasswordAttemptRepository + ?Sized>(
    repo: &mut R,
    limit: AttemptLimit,
    company: CompanyId,
    user_name: &str,
) -> Result<(), StoreError> {
    if limit.max_attempts == 0 {
        return Ok(());
    }
    repo.clear_password_attempts(company, user_name)
}

/// Whole seconds until the oldest attempt leaves the window (at least one).
fn retry_after(oldest: Option<NaiveDateTime>, window: TimeDelta, now: NaiveDateTime) -> u64 {
    let Some(free_at) = oldest.and_then(|oldest| oldest.checked_add_signed(window)) else {
        return 1;
    };
    let millis = (free_at - now).num_milliseconds().max(0);
    u64::try_from(millis).map_or(1, |millis| millis.div_ceil(1000).max(1))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use chrono::NaiveDate;

    use super::*;

    /// Attempts in memory, as a store would keep them; `racing` is an attempt another process
    /// records right after this one's next count.
    #[derive(Default)]
    struct Attempts {
        stored: HashMap<(CompanyId, String), Vec<NaiveDateTime>>,
        racing: Option<NaiveDateTime>,
    }

    impl PasswordAttemptRepository for Attempts {
        fn count_password_attempts(
            &mut self,
            company: CompanyId,
            user_name: &str,
            since: NaiveDateTime,
        ) -> Result<AttemptCount, StoreError> {
            let times: Vec<_> = self
                .stored
                .get(&(company, user_name.to_owned()))
                .into_iter()
                .flatten()
                .filter(|at| **at > since)
                .copied()
                .collect();
            if let Some(at) = self.racing.take() {
                self.record_password_attempt(company, user_name, at)?;
            }
            Ok(AttemptCount {
                attempts: times.len() as u32,
                oldest: times.iter().min().copied(),
            })
        }

        fn record_password_attempt(
            &mut self,
            company: CompanyId,
            user_name: &str,
            at: NaiveDateTime,
        ) -> Result<Uuid, StoreError> {
            self.stored
                .entry((company, user_name.to_owned()))
                .or_default()
                .push(at);
            Ok(Uuid::new_v4())
        }

        fn forget_password_attempt(&mut self, _: Uuid) -> Result<(), StoreError> {
            Ok(())
        }

        fn clear_password_attempts(
            &mut self,
            company: CompanyId,
            user_name: &str,
        ) -> Result<(), StoreError> {
            self.stored.remove(&(company, user_name.to_owned()));
            Ok(())
        }

        fn prune_password_attempts(&mut self, _: NaiveDateTime) -> Result<usize, StoreError> {
            Ok(0)
        }
    }

    fn at(minute: u32, second: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 24)
            .and_then(|d| d.and_hms_opt(10, minute, second))
            .unwrap()
    }

    const LIMIT: AttemptLimit = AttemptLimit {
        max_attempts: 3,
        window: Duration::from_secs(15 * 60),
    };

    #[test]
    fn the_attempt_over_the_limit_is_refused_until_the_oldest_leaves_the_window() {
        let (mut repo, company) = (Attempts::default(), CompanyId::generate());
        for minute in [0, 1, 2] {
            let _ = admit_attempt(&mut repo, LIMIT, company, "ann", at(minute, 0)).unwrap();
        }
        match admit_attempt(&mut repo, LIMIT, company, "ann", at(5, 30)) {
            Err(TenantError::TooManyAttempts { retry_after }) => {
                assert_eq!(
                    retry_after,
                    9 * 60 + 30,
                    "until 10:15:00, when 10:00 expires"
                );
            }
            other => panic!("expected too many attempts, got {other:?}"),
        }
        // the refused attempt was not recorded: at 10:15:01 one slot is free again
        let _ = admit_attempt(&mut repo, LIMIT, company, "ann", at(15, 1)).unwrap();
        assert!(admit_attempt(&mut repo, LIMIT, company, "ann", at(15, 2)).is_err());
        // other user names and companies are counted apart
        let _ = admit_attempt(&mut repo, LIMIT, company, "bob", at(15, 2)).unwrap();
        let _ = admit_attempt(&mut repo, LIMIT, CompanyId::generate(), "ann", at(15, 2)).unwrap();
    }

    #[test]
    fn clearing_gives_the_whole_limit_back_and_off_means_off() {
        let (mut repo, company) = (Attempts::default(), CompanyId::generate());
        for second in 0..3 {
            let _ = admit_attempt(&mut repo, LIMIT, company, "ann", at(0, second)).unwrap();
        }
        clear_attempts(&mut repo, LIMIT, company, "ann").unwrap();
        for second in 10..13 {
            let _ = admit_attempt(&mut repo, LIMIT, company, "ann", at(0, second)).unwrap();
        }
        for second in 20..40 {
            let _ =
                admit_attempt(&mut repo, AttemptLimit::OFF, company, "ann", at(0, second)).unwrap();
        }
    }

    #[test]
    fn an_attempt_recorded_concurrently_past_the_limit_is_refused() {
        let (mut repo, company) = (Attempts::default(), CompanyId::generate());
        for second in 0..2 {
            let _ = admit_attempt(&mut repo, LIMIT, company, "ann", at(0, second)).unwrap();
        }
        // another process records the third attempt between this one's count and record
        repo.racing = Some(at(0, 5));
        let outcome = admit_attempt(&mut repo, LIMIT, company, "ann", at(0, 6));
        assert!(matches!(outcome, Err(TenantError::TooManyAttempts { .. })));
    }

    #[test]
    fn retry_after_is_whole_seconds_and_never_zero() {
        let window = TimeDelta::minutes(15);
        assert_eq!(retry_after(Some(at(0, 0)), window, at(14, 59)), 1);
        assert_eq!(retry_after(Some(at(0, 0)), window, at(15, 0)), 1);
        assert_eq!(retry_after(Some(at(0, 0)), window, at(0, 0)), 900);
        assert_eq!(retry_after(None, window, at(0, 0)), 1);
    }
}
