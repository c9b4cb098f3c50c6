//! Adapters for the authentication ports of the tenant use cases, and API key handling.
//!
//! - [`BcryptHasher`]: passwords, through the `bcrypt` crate on a pool of threads of its own,
//!   with a dummy hash of the same cost for unknown users.
//! - [`JwtCodec`]: HS256 session tokens carrying contact, company and security stamp.
//! - [`CodeKeeper`]: one-time codes that prove an e-mail address, stored as a keyed digest.
//! - [`api_key`]: random API keys, their visible prefix and their SHA-256 digest.

pub mod api_key;
mod codes;
mod hashing;
mod jwt;

pub use api_key::ApiKeyMinter;
pub use codes::{CodeKeeper, InvalidKey, random_code};
pub use hashing::{BcryptHasher, HasherSetupError, HashingOptions, Share, TrackedRequest};
pub use jwt::{JwtCodec, TokenRejection};
