//! One-time codes that prove an e-mail address: 8 random digits from the operating system's
//! generator, stored as an HMAC-SHA256 of the code and its id under a server key, so that the
//! stored digests alone (a leaked database) do not give the codes away, even though 8 digits
//! are few enough to try them all.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use secrecy::SecretString;
use sha2::Sha256;
use storegister_app::{CODE_DIGITS, CodeError, MintedCode, OneTimeCodes};
use uuid::Uuid;

use crate::api_key::RandomError;

type HmacSha256 = Hmac<Sha256>;

/// What the key signs besides the code, so the key's other uses (session tokens) can never
/// produce a valid code digest.
const CONTEXT: &[u8] = b"storegister verification code v1\0";

/// Makes and checks one-time codes under a server key.
#[derive(Clone)]
pub struct CodeKeeper {
    keyed: HmacSha256,
}

impl std::fmt::Debug for CodeKeeper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CodeKeeper(REDACTED)")
    }
}

/// The key cannot key an HMAC (which takes keys of any length: never in practice).
#[derive(Debug, thiserror::Error)]
#[error("the one-time code key cannot be used")]
pub struct InvalidKey;

impl CodeKeeper {
    /// A keeper whose digests are keyed with `key` (every process that checks a code needs the
    /// key it was issued under).
    pub fn new(key: &[u8]) -> Result<Self, InvalidKey> {
        let keyed = HmacSha256::new_from_slice(key).map_err(|_| InvalidKey)?;
        Ok(Self { keyed })
    }

    fn mac(&self, id: Uuid, code: &str) -> HmacSha256 {
        let mut mac = self.keyed.clone();
        mac.update(CONTEXT);
        mac.update(id.as_bytes());
        mac.update(code.as_bytes());
        mac
    }
}

/// A uniformly random code of [`CODE_DIGITS`] digits.
pub fn random_code() -> Result<String, RandomError> {
    const RANGE: u32 = 100_000_000;
    // the largest multiple of the range below 2^32: values above it would favour low codes
    const LIMIT: u32 = u32::MAX - u32::MAX % RANGE;
    loop {
        let mut bytes = [0u8; 4];
        getrandom::fill(&mut bytes).map_err(RandomError)?;
        let value = u32::from_le_bytes(bytes);
        if value < LIMIT {
            return Ok(format!("{:0width$}", value % RANGE, width = CODE_DIGITS));
        }
    }
}

impl OneTimeCodes for CodeKeeper {
    fn mint(&self) -> Result<MintedCode, CodeError> {
        random_code()
            .map(|code| MintedCode(SecretString::from(code)))
            .map_err(|e| CodeError(e.into()))
    }

    fn digest(&self, id: Uuid, code: &str) -> String {
        URL_SAFE_NO_PAD.encode(self.mac(id, code).finalize().into_bytes())
    }

    fn matches(&self, id: Uuid, code: &str, digest: &str) -> bool {
        let Ok(expected) = URL_SAFE_NO_PAD.decode(digest) else {
            return false;
        };
        self.mac(id, code).verify_slice(&expected).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use secrecy::ExposeSecret;

    use super::*;

    #[test]
    fn codes_are_eight_digits_and_vary() {
        let keeper = CodeKeeper::new(b"a key of the test").unwrap();
        let codes: Vec<String> = (0..50)
            .map(|_| keeper.mint().unwrap().0.expose_secret().to_owned())
            .collect();
        for code in &codes {
            assert_eq!(code.len(), 8, "{code}");
            assert!(code.bytes().all(|b| b.is_ascii_digit()), "{code}");
        }
        let distinct: std::collections::HashSet<_> = codes.iter().collect();
        assert!(distinct.len() > 45, "{distinct:?}");
    }

    #[test]
    fn a_digest_matches_its_code_id_and_key_only() {
        let keeper = CodeKeeper::new(b"a key of the test").unwrap();
        let id = Uuid::new_v4();
        let digest = keeper.digest(id, "12345678");
        assert!(keeper.matches(id, "12345678", &digest));
        assert!(!keeper.matches(id, "12345679", &digest));
        assert!(!keeper.matches(Uuid::new_v4(), "12345678", &digest));
        assert!(
            !CodeKeeper::new(b"another key")
                .unwrap()
                .matches(id, "12345678", &digest)
        );
        assert!(!keeper.matches(id, "12345678", "not base64 !"));
        assert!(!digest.contains("12345678"));
    }
}
