//! API keys: `sr_` followed by 43 URL-safe characters (32 random bytes). Only a SHA-256 digest
//! and a short prefix are stored. SHA-256 rather than bcrypt is right here: the key has 256
//! bits of entropy, so nothing is gained by a slow hash, and every request checks one.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use storegister_app::{KeyError, KeyMinter, MintedKey};

/// What every key starts with, so a leaked key is recognisable for what it is.
pub const KEY_PREFIX: &str = "sr_";
/// How many characters of a key are stored and shown to tell keys apart.
pub const VISIBLE_PREFIX_CHARS: usize = 11;

/// Why a key could not be generated.
#[derive(Debug, thiserror::Error)]
#[error("the operating system's random generator failed")]
pub struct RandomError(#[source] pub(crate) getrandom::Error);

/// A fresh random key.
pub fn generate() -> Result<MintedKey, RandomError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(RandomError)?;
    let secret = format!("{KEY_PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes));
    Ok(MintedKey {
        prefix: secret.chars().take(VISIBLE_PREFIX_CHARS).collect(),
        digest: digest(&secret),
        secret: secret.into(),
    })
}

/// The lower-case hex SHA-256 digest of a key as presented (surrounding white space ignored).
pub fn digest(key: &str) -> String {
    use std::fmt::Write;
    let hash = Sha256::digest(key.trim().as_bytes());
    let mut hex = String::with_capacity(64);
    for byte in hash {
        // writing to a String cannot fail
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

/// The API key generator the back office uses.
#[derive(Clone, Copy, Debug, Default)]
pub struct ApiKeyMinter;

impl KeyMinter for ApiKeyMinter {
    fn mint(&self) -> Result<MintedKey, KeyError> {
        generate().map_err(|e| KeyError(e.into()))
    }
}

#[cfg(test)]
mod tests {
    use secrecy::ExposeSecret;

    use super::*;

    #[test]
    fn keys_are_random_prefixed_and_digested() {
        let a = generate().unwrap();
        let b = generate().unwrap();
        let secret = a.secret.expose_secret();
        assert_ne!(secret, b.secret.expose_secret());
        assert!(secret.starts_with("sr_"));
        assert_eq!(secret.len(), 3 + 43);
        assert_eq!(a.prefix, secret[..11]);
        assert_eq!(a.digest, digest(secret));
        assert_eq!(a.digest.len(), 64);
        assert!(!format!("{a:?}").contains(secret));
    }

    #[test]
    fn the_digest_is_sha256() {
        assert_eq!(
            digest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
