//! The ports the use cases need besides the repositories: password hashing, session tokens,
//! pictures and API key generation.

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

/// A picture as we keep it: decoded and encoded again by us, so that nothing of the upload
/// but its pixels survives (no metadata such as a GPS position, no second file hidden in it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CleanPicture {
    /// The encoded bytes.
    pub bytes: Vec<u8>,
    /// Their content type: `image/jpeg`, `image/png` or `image/webp`.
    pub content_type: &'static str,
}

/// Why an upload is not kept as a picture.
#[derive(Debug, thiserror::Error)]
pub enum PictureRefusal {
    /// Not a JPEG, PNG or WebP picture that decodes.
    #[error("not a JPEG, PNG or WebP picture")]
    NotAPicture,
    /// It would decode to more pixels than allowed (a decompression bomb, or just too big).
    #[error("the picture has {pixels} pixels, more than {limit}")]
    TooManyPixels {
        /// Width × height as the file declares them.
        pixels: u64,
        /// The limit.
        limit: u64,
    },
    /// The processing itself failed.
    #[error("the picture could not be processed")]
    Failed(#[source] Cause),
}

/// The answer of a [`PictureCodec`], computed elsewhere.
pub type PictureFuture =
    std::pin::Pin<Box<dyn Future<Output = Result<CleanPicture, PictureRefusal>> + Send>>;

/// Turns an upload into a [`CleanPicture`] (the `image` crate in production). Slow (decoding
/// and encoding take milliseconds to seconds), so asynchronous: it runs off the async workers
/// and without a database connection held.
pub trait PictureCodec: Send + Sync {
    /// The upload decoded under the pixel limit and encoded again in its own format.
    fn clean(&self, upload: Vec<u8>) -> PictureFuture;
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
