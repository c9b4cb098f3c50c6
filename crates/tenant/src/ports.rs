use storegister_company::CompanyRepository;
use storegister_contact_book::{ContactBookRepository, ReferenceData};
use storegister_contract::{ContractRepository, PropertyRepository};
use storegister_invoice::InvoiceRepository;
use storegister_kernel::{CompanyId, ContactId, Transactional};
use uuid::Uuid;

use crate::attempts::PasswordAttemptRepository;
use crate::credential::CredentialRepository;

/// Every repository port the tenant use cases need, implemented by one repository type.
pub trait TenantRepository:
    ContactBookRepository
    + ReferenceData
    + PropertyRepository
    + CredentialRepository
    + PasswordAttemptRepository
    + ContractRepository
    + InvoiceRepository
    + CompanyRepository
    + Transactional
{
}

impl<T> TenantRepository for T where
    T: ContactBookRepository
        + ReferenceData
        + PropertyRepository
        + CredentialRepository
        + PasswordAttemptRepository
        + ContractRepository
        + InvoiceRepository
        + CompanyRepository
        + Transactional
{
}

/// Why a password could not be hashed or checked.
#[derive(Debug, thiserror::Error)]
pub enum HashError {
    /// The hasher failed.
    #[error("password hashing failed: {0}")]
    Failed(String),
    /// Too many computations are waiting already; try again shortly.
    #[error("password hashing is overloaded")]
    Busy,
    /// The client went away; the computation was dropped.
    #[error("password hashing abandoned: the client went away")]
    Abandoned,
}

/// Hashes and verifies passwords (bcrypt in production). Slow on purpose: call it with no
/// database connection held.
pub trait PasswordHasher: Send + Sync {
    /// A salted hash of the password.
    fn hash(&self, password: &str) -> Result<String, HashError>;

    /// Whether the password matches the hash; `Ok(false)` for a malformed hash.
    fn verify(&self, password: &str, hash: &str) -> Result<bool, HashError>;

    /// Spends the time of one [`verify`](Self::verify) against a hash of the same cost, so that
    /// an unknown user name takes as long to refuse as a wrong password.
    fn verify_dummy(&self, password: &str) -> Result<(), HashError>;
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

/// Why a file could not be stored, read or removed.
#[derive(Debug, thiserror::Error)]
#[error("file storage failed: {0}")]
pub struct FileError(pub String);

/// Where uploaded files live (a local folder now; an object store later). Keys are relative
/// paths such as `profile-images/<uuid>`, made by us, never by clients.
pub trait FileStore: Send + Sync {
    /// Stores bytes under a key, replacing nothing: keys are fresh.
    fn put(&self, key: &str, bytes: &[u8]) -> Result<(), FileError>;

    /// The bytes under a key, if any.
    fn get(&self, key: &str) -> Result<Option<Vec<u8>>, FileError>;

    /// Removes a key; removing a missing key is not an error.
    fn delete(&self, key: &str) -> Result<(), FileError>;
}
