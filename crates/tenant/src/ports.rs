use storegister_contact_book::{ContactBookRepository, ReferenceData};
use storegister_contract::PropertyRepository;
use storegister_kernel::{CompanyId, ContactId, Transactional};
use uuid::Uuid;

use crate::credential::CredentialRepository;

/// Every repository port the tenant use cases need, implemented by one repository type.
pub trait TenantRepository:
    ContactBookRepository + ReferenceData + PropertyRepository + CredentialRepository + Transactional
{
}

impl<T> TenantRepository for T where
    T: ContactBookRepository
        + ReferenceData
        + PropertyRepository
        + CredentialRepository
        + Transactional
{
}

/// Why a password could not be hashed.
#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(pub String);

/// Hashes and verifies passwords (bcrypt in production). Slow on purpose: call it with no
/// database connection held.
pub trait PasswordHasher: Send + Sync {
    /// A salted hash of the password.
    fn hash(&self, password: &str) -> Result<String, HashError>;

    /// Whether the password matches the hash; `false` for a malformed hash.
    fn verify(&self, password: &str, hash: &str) -> bool;

    /// Spends the time of one [`verify`](Self::verify) against a hash of the same cost, so that
    /// an unknown user name takes as long to refuse as a wrong password.
    fn verify_dummy(&self, password: &str);
}

/// Who a session token speaks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Session {
    /// The tenant.
    pub contact_id: ContactId,
    /// The company whose API key the token was issued under.
    pub company_id: CompanyId,
    /// The tenant's security stamp when the token was issued; a password change rotates it,
    /// which revokes every earlier token.
    pub security_stamp: Uuid,
}

/// Why a session token could not be issued.
#[derive(Debug, thiserror::Error)]
#[error("token could not be issued: {0}")]
pub struct TokenError(pub String);

/// Issues session tokens (signed JWTs in production).
pub trait TokenIssuer: Send + Sync {
    /// A token for the session, valid for the configured time.
    fn issue(&self, session: &Session) -> Result<String, TokenError>;
}
