//! Adapters for the authentication ports of the tenant use cases, and API key handling.
//!
//! - [`BcryptHasher`]: passwords, with a dummy hash of the same cost for unknown users.
//! - [`JwtCodec`]: HS256 session tokens carrying contact, company and security stamp.
//! - [`api_key`]: random API keys, their visible prefix and their SHA-256 digest.

pub mod api_key;
mod hasher;
mod jwt;

pub use hasher::BcryptHasher;
pub use jwt::{JwtCodec, TokenRejection};
