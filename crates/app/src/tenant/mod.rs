//! The tenant use cases: registration and login (with the API key alone), and the portal
//! (with a session): tenant information, profile, picture, password.
//!
//! [`TenantService`] holds the ports, built once at start-up; each use case is one of its
//! methods, in an `impl` block that asks for just the repository ports it uses.

mod access;
mod codes;
mod insights;
mod login;
mod password;
mod picture;
mod profile;
mod records;
mod reference;
mod register;
mod sessions;
mod transactions;
mod verify;

use std::sync::Arc;
use std::time::Duration;

use storegister_invoice::Currency;
use storegister_kernel::{Clock, CompanyId};

pub use insights::Insights;
pub use login::{LoggedIn, LoginForm};
pub use password::{ChangePasswordForm, PasswordChanged};
pub use profile::{
    CommunicationAddressInput, Profile, ProfileForm, ReferenceNames, TenantInfo, TenantOverview,
    TenantOverviewRepository,
};
pub use register::{RegisterForm, Registered, Registration};
pub use sessions::SessionInfo;
pub use transactions::{ListQuery, Listed, TenantLedgerRepository};
pub use verify::{PasswordReset, ResetForm, Verified, VerifyForm};

use crate::attempts::AttemptLimit;
use crate::ports::{PictureCodec, TokenIssuer};
use crate::verification::OneTimeCodes;

/// The account rules an operator configures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AccountPolicy {
    /// How often a user name may be tried (logins and password changes).
    pub attempt_limit: AttemptLimit,
    /// How long a change-password concurrency stamp stays valid.
    pub stamp_ttl: Duration,
    /// How long a session (and its token) lasts.
    pub session_ttl: Duration,
    /// How long a mailed one-time code stays valid.
    pub code_ttl: Duration,
    /// How many wrong tries kill a one-time code.
    pub code_tries: u32,
    /// Whether every registration with credentials waits for a mailed code, so that no answer
    /// tells whether an address is known.
    pub registration_requires_verification: bool,
}

/// What a [`TenantService`] is built from.
pub struct TenantPorts<S, H> {
    /// The database.
    pub store: S,
    /// Password hashing.
    pub hasher: H,
    /// Session tokens.
    pub tokens: Arc<dyn TokenIssuer>,
    /// The time.
    pub clock: Arc<dyn Clock>,
    /// Cleans uploaded pictures.
    pub pictures: Arc<dyn PictureCodec>,
    /// One-time codes that prove an e-mail address.
    pub codes: Arc<dyn OneTimeCodes>,
    /// The account rules.
    pub policy: AccountPolicy,
    /// How many bytes of recently served pictures to keep in memory (0: none).
    pub picture_cache_bytes: usize,
    /// How many bytes of tenants' lists (tenant information, ledger pages) to keep in memory,
    /// served again while the tenant's records version is unchanged (0: none).
    pub records_cache_bytes: usize,
}

/// The tenant use cases, over the ports they run on.
pub struct TenantService<S, H> {
    ports: TenantPorts<S, H>,
    currencies: Currencies,
    pictures: picture::PictureCache,
    records: records::RecordsCache,
}

/// Each company's currency, as read once: a company is never changed after it is created (no
/// port updates one), so a value once read stays true. Bounded by the number of companies with
/// a valid API key; emptied past [`Currencies::MAX`] all the same.
#[derive(Default)]
struct Currencies(std::sync::RwLock<std::collections::HashMap<CompanyId, Currency>>);

impl Currencies {
    const MAX: usize = 10_000;

    fn get(&self, company: CompanyId) -> Option<Currency> {
        self.0.read().ok()?.get(&company).copied()
    }

    fn put(&self, company: CompanyId, currency: Currency) {
        if let Ok(mut known) = self.0.write() {
            if known.len() >= Self::MAX {
                known.clear();
            }
            known.insert(company, currency);
        }
    }
}

/// The company's currency: `known` (from [`Currencies`]) or else read, inside the unit of work
/// that needs it; the caller puts a value read into the cache once the work is done.
fn currency_of(
    repo: &mut impl storegister_company::CompanyRepository,
    company: CompanyId,
    known: Option<Currency>,
) -> Result<Currency, crate::error::TenantError> {
    match known {
        Some(currency) => Ok(currency),
        None => Ok(repo
            .find_company(company)?
            .ok_or(crate::error::TenantError::NoRecords)?
            .currency),
    }
}

/// A new session of a tenant, from `now` for the policy's session lifetime.
fn new_session(
    contact: &storegister_contact_book::ContactBook,
    user_agent: Option<String>,
    now: chrono::NaiveDateTime,
    policy: AccountPolicy,
) -> crate::session::StoredSession {
    crate::session::StoredSession {
        id: uuid::Uuid::new_v4(),
        company_id: contact.company_id,
        contact_id: contact.id,
        created_at: now,
        last_used_at: now,
        expires_at: now
            .checked_add_signed(
                chrono::TimeDelta::from_std(policy.session_ttl).unwrap_or(chrono::TimeDelta::MAX),
            )
            .unwrap_or(chrono::NaiveDateTime::MAX),
        ended_at: None,
        user_agent,
    }
}

impl<S, H> TenantService<S, H> {
    /// The service over these ports.
    pub fn new(ports: TenantPorts<S, H>) -> Self {
        Self {
            pictures: picture::PictureCache::new(ports.picture_cache_bytes),
            records: records::RecordsCache::new(ports.records_cache_bytes),
            currencies: Currencies::default(),
            ports,
        }
    }

    /// The account rules it applies.
    pub fn policy(&self) -> AccountPolicy {
        self.ports.policy
    }
}
