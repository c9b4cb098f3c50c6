//! The ports the use cases need besides the repositories: password hashing, session tokens,
//! file storage and API key generation.

use std::future::Future;

use secrecy::SecretString;
use storegister_kernel::Cause;

use crate::session::Session;

/// Why a password could not be hashed or checked.
#[derive(Debug, thiserror::Error)]
pub enum HashError {
    /// The hasher failed.
    #[error("password hashing failed")]
    Failed(#[source] Cause),
    /// Too many computations are waiting already; try again shortly.
    #[error("password hashing is overloaded")]
    Busy,
}

/// Hashes and verifies passwords (bcrypt in production).
///
/// Slow on purpose, so asynchronous: the computation runs elsewhere and no thread waits for
/// it. Dropping a returned future gives up the computation (not started, or its answer
/// discarded). Call it with no database connection held.
pub trait PasswordHasher: Send + Sync + 'static {
    /// A salted hash of the password.
    fn hash(
        &self,
        password: SecretString,
    ) -> impl Future<Output = Result<String, HashError>> + Send;

    /// Whether the password matches the hash; `Ok(false)` for a malformed hash.
    fn verify(
        &self,
        password: SecretString,
        hash: String,
    ) -> impl Future<Output = Result<bool, HashError>> + Send;

    /// Spends the time of one [`verify`](Self::verify) against a hash of the same cost, so that
    /// an unknown user name takes as long to refuse as a wrong password.
    fn verify_dummy(
        &self,
        password: SecretString,
    ) -> impl Future<Output = Result<(), HashError>> + Send;

    /// Whether a stored hash was made with other settings (another cost) than new hashes are,
    /// so that a login should store a fresh one.
    fn needs_rehash(&self, hash: &str) -> bool;
}

/// Why a session token could not be issued.
#[derive(Debug, thiserror::Error)]
#[error("session token could not be issued")]
pub struct TokenError(#[source] pub Cause);

/// Issues session tokens (signed JWTs in production). Fast: called in place.
pub trait TokenIssuer: Send + Sync {
    /// A token for the session, valid for the configured time.
    fn issue(&self, session: &Session) -> Result<String, TokenError>;
}

/// Why a file could not be stored, read or removed.
#[derive(Debug, thiserror::Error)]
#[error("file storage failed")]
pub struct FileError(#[source] pub Cause);

/// Where uploaded files live (a local folder now; an object store later). Keys are relative
/// paths such as `profile-images/<uuid>`, made by us, never by clients. Blocking: called from
/// inside a store's unit of work, off the async workers.
pub trait FileStore: Send + Sync {
    /// Stores bytes under a key, replacing nothing: keys are fresh.
    fn put(&self, key: &str, bytes: &[u8]) -> Result<(), FileError>;

    /// The bytes under a key, if any.
    fn get(&self, key: &str) -> Result<Option<Vec<u8>>, FileError>;

    /// Removes a key; removing a missing key is not an error.
    fn delete(&self, key: &str) -> Result<(), FileError>;
}

/// A freshly generated API key: the key to show once, and what is stored about it.
pub struct MintedKey {
    /// The key itself; shown once and never stored.
    pub secret: SecretString,
    /// Its first characters, stored to recognise it.
    pub prefix: String,
    /// Its digest, stored to verify it.
    pub digest: String,
}

impl std::fmt::Debug for MintedKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MintedKey")
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

/// Why no API key could be generated.
#[derive(Debug, thiserror::Error)]
#[error("no API key could be generated")]
pub struct KeyError(#[source] pub Cause);

/// Generates API keys (random, with a digest to store).
pub trait KeyMinter: Send + Sync {
    /// A new random key.
    fn mint(&self) -> Result<MintedKey, KeyError>;
}
