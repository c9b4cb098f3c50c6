//! What every request and the server's own housekeeping need: the company behind an API key,
//! and the pruning of old password attempts.

use chrono::TimeDelta;
use storegister_company::CompanyRepository;
use storegister_kernel::{CompanyId, Store, StoreError};

use super::TenantService;
use crate::attempts::PasswordAttemptRepository;
use crate::session::SessionRepository;
use crate::verification::VerificationCodeRepository;

impl<S, H> TenantService<S, H>
where
    S: Store,
    S::Repo: CompanyRepository,
{
    /// The company of the live (unrevoked) API key with this digest.
    pub async fn company_of_api_key(
        &self,
        digest: String,
    ) -> Result<Option<CompanyId>, StoreError> {
        self.ports
            .store
            .run(move |repo| repo.company_for_key_digest(&digest))
            .await
    }
}

impl<S, H> TenantService<S, H>
where
    S: Store,
    S::Repo: PasswordAttemptRepository,
{
    /// Deletes the password attempts (of every company) that have left the attempt window;
    /// how many.
    pub async fn prune_password_attempts(&self) -> Result<usize, StoreError> {
        let window =
            TimeDelta::from_std(self.ports.policy.attempt_limit.window).unwrap_or(TimeDelta::MAX);
        let now = self.ports.clock.now().naive_utc();
        let before = now.checked_sub_signed(window).unwrap_or(now);
        self.ports
            .store
            .run(move |repo| repo.prune_password_attempts(before))
            .await
    }
}

impl<S, H> TenantService<S, H>
where
    S: Store,
    S::Repo: SessionRepository,
{
    /// Deletes the sessions (of every company) that expired or ended a day ago or more; how
    /// many. A day of ended sessions stays for a tenant's list to explain itself.
    pub async fn prune_sessions(&self) -> Result<usize, StoreError> {
        let now = self.ports.clock.now().naive_utc();
        let before = now.checked_sub_signed(TimeDelta::days(1)).unwrap_or(now);
        self.ports
            .store
            .run(move |repo| repo.prune_sessions(before))
            .await
    }

    /// Deletes the one-time codes (of every company) that expired a day ago or more; how many.
    pub async fn prune_verification_codes(&self) -> Result<usize, StoreError>
    where
        S::Repo: VerificationCodeRepository,
    {
        let now = self.ports.clock.now().naive_utc();
        let before = now.checked_sub_signed(TimeDelta::days(1)).unwrap_or(now);
        self.ports
            .store
            .run(move |repo| repo.prune_verification_codes(before))
            .await
    }
}
