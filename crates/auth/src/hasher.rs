//! bcrypt password hashing that can pause between slices of its work.
//!
//! A bcrypt verification at cost 12 keeps a core busy for a few hundred milliseconds, and the
//! kernel lets it run for milliseconds at a time before a waiting reader gets the core. So the
//! expensive part of bcrypt (its 2^cost key-expansion rounds) is run here in steps, with a
//! caller-supplied `pace` function called between steps: the API server uses it to let other
//! requests run first, and to drop the work of a client that went away (`pace` answers `false`;
//! see `storegister-api`'s `hashing` module). The cipher itself is the
//! RustCrypto `blowfish` crate's; the `bcrypt` crate parses hashes and is the reference the
//! tests compare every output with.

use std::str::FromStr;

use base64::Engine;
use base64::alphabet::BCRYPT;
use base64::engine::general_purpose::{GeneralPurpose, NO_PAD};
use bcrypt::HashParts;
use blowfish::Blowfish;
use storegister_tenant::{HashError, PASSWORD_MAX_BYTES, PasswordHasher};
use subtle::ConstantTimeEq;

/// bcrypt's own base64: its alphabet, no padding.
const BASE_64: GeneralPurpose = GeneralPurpose::new(&BCRYPT, NO_PAD);
/// `pace` is called after every this many key-expansion rounds (about 0.2 ms of work on the
/// benchmark machine; a call that does nothing costs nanoseconds).
const ROUNDS_PER_STEP: u64 = 4;
const MIN_COST: u32 = 4;
const MAX_COST: u32 = 31;
/// bcrypt keys on at most 72 bytes.
const KEY_BYTES: usize = 72;
const SALT_BYTES: usize = 16;
/// bcrypt encodes 23 of the 24 bytes it computes.
const DIGEST_BYTES: usize = 23;

/// bcrypt password hashing at a configured cost.
pub struct BcryptHasher {
    cost: u32,
    dummy_hash: String,
}

impl BcryptHasher {
    /// A hasher at `cost` (4 to 31). Computes the dummy hash used to make unknown users cost as
    /// much as known ones, so construction takes one bcrypt round.
    pub fn new(cost: u32) -> Result<Self, HashError> {
        if !(MIN_COST..=MAX_COST).contains(&cost) {
            return Err(HashError::Failed(format!(
                "bcrypt cost {cost} is not within 4 to 31"
            )));
        }
        let mut hasher = Self {
            cost,
            dummy_hash: String::new(),
        };
        hasher.dummy_hash = hasher.hash_pacing("storegister-dummy-password", &mut go_on)?;
        Ok(hasher)
    }

    /// The cost new hashes are made with.
    pub fn cost(&self) -> u32 {
        self.cost
    }

    /// [`PasswordHasher::hash`], calling `pace` between steps of the work;
    /// [`HashError::Abandoned`] when `pace` answers `false`.
    pub fn hash_pacing(
        &self,
        password: &str,
        pace: &mut dyn FnMut() -> bool,
    ) -> Result<String, HashError> {
        // bcrypt would silently ignore everything after byte 72; our policy refuses instead
        if password.len() > PASSWORD_MAX_BYTES {
            return Err(HashError::Failed("password longer than 72 bytes".into()));
        }
        let mut salt = [0u8; SALT_BYTES];
        getrandom::fill(&mut salt).map_err(|e| HashError::Failed(e.to_string()))?;
        let digest = eks_blowfish_digest(self.cost, &salt, password.as_bytes(), pace)?;
        Ok(format!(
            "$2b${:02}${}{}",
            self.cost,
            BASE_64.encode(salt),
            BASE_64.encode(digest)
        ))
    }

    /// [`PasswordHasher::verify`], calling `pace` between steps of the work;
    /// [`HashError::Abandoned`] when `pace` answers `false`.
    pub fn verify_pacing(
        &self,
        password: &str,
        hash: &str,
        pace: &mut dyn FnMut() -> bool,
    ) -> Result<bool, HashError> {
        if password.len() > PASSWORD_MAX_BYTES {
            return Ok(false);
        }
        let Ok(parts) = HashParts::from_str(hash) else {
            return Ok(false);
        };
        let cost = parts.get_cost();
        let mut stored = [0u8; DIGEST_BYTES];
        // a parsed hash is 60 ASCII bytes whose last 31 encode the digest
        let decoded = hash
            .get(29..)
            .and_then(|encoded| BASE_64.decode_slice(encoded, &mut stored).ok());
        if decoded != Some(DIGEST_BYTES) || !(MIN_COST..=MAX_COST).contains(&cost) {
            return Ok(false);
        }
        let digest = eks_blowfish_digest(cost, &parts.get_salt_raw(), password.as_bytes(), pace)?;
        Ok(digest.ct_eq(&stored).into())
    }

    /// [`PasswordHasher::verify_dummy`], calling `pace` between steps of the work.
    pub fn verify_dummy_pacing(
        &self,
        password: &str,
        pace: &mut dyn FnMut() -> bool,
    ) -> Result<(), HashError> {
        self.verify_pacing(password, &self.dummy_hash, pace)
            .map(drop)
    }
}

impl PasswordHasher for BcryptHasher {
    fn hash(&self, password: &str) -> Result<String, HashError> {
        self.hash_pacing(password, &mut go_on)
    }

    fn verify(&self, password: &str, hash: &str) -> Result<bool, HashError> {
        self.verify_pacing(password, hash, &mut go_on)
    }

    fn verify_dummy(&self, password: &str) -> Result<(), HashError> {
        self.verify_dummy_pacing(password, &mut go_on)
    }
}

/// The `pace` of a computation nobody paces.
fn go_on() -> bool {
    true
}

/// bcrypt's core: the expensive key setup of Blowfish ("EksBlowfish") over the password and
/// salt, then "OrpheanBeholderScryDoubt" encrypted 64 times; the first 23 bytes of the result.
/// Stops with [`HashError::Abandoned`] as soon as `pace` answers `false`.
fn eks_blowfish_digest(
    cost: u32,
    salt: &[u8; SALT_BYTES],
    password: &[u8],
    pace: &mut dyn FnMut() -> bool,
) -> Result<[u8; DIGEST_BYTES], HashError> {
    // the key is the password as a C string (with its terminating NUL), cut at 72 bytes
    let mut key = [0u8; KEY_BYTES];
    let length = password.len().min(KEY_BYTES);
    key[..length].copy_from_slice(&password[..length]);
    let key = &key[..(length + 1).min(KEY_BYTES)];

    let mut state = Blowfish::bc_init_state();
    state.salted_expand_key(salt, key);
    for round in 1..=(1u64 << cost) {
        state.bc_expand_key(key);
        state.bc_expand_key(salt);
        if round % ROUNDS_PER_STEP == 0 && !pace() {
            return Err(HashError::Abandoned);
        }
    }

    let mut text = [0u32; 6];
    for (word, bytes) in text
        .iter_mut()
        .zip(b"OrpheanBeholderScryDoubt".chunks_exact(4))
    {
        *word = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
    }
    for pair in text.chunks_exact_mut(2) {
        let mut block = [pair[0], pair[1]];
        for _ in 0..64 {
            block = state.bc_encrypt(block);
        }
        pair.copy_from_slice(&block);
    }
    let mut output = [0u8; 24];
    for (chunk, word) in output.chunks_exact_mut(4).zip(text) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    let mut digest = [0u8; DIGEST_BYTES];
    digest.copy_from_slice(&output[..DIGEST_BYTES]);
    Ok(digest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let hasher = BcryptHasher::new(4).unwrap();
        let hash = hasher.hash("Super@123").unwrap();
        assert!(hash.starts_with("$2b$04$"));
        assert_eq!(hash.len(), 60);
        assert!(hasher.verify("Super@123", &hash).unwrap());
        assert!(!hasher.verify("Super@124", &hash).unwrap());
        assert!(!hasher.verify("Super@123", "not a hash").unwrap());
        assert!(!hasher.verify("Super@123", &hash[..59]).unwrap());
    }

    #[test]
    fn passwords_beyond_72_bytes_are_not_truncated() {
        let hasher = BcryptHasher::new(4).unwrap();
        assert!(hasher.hash(&"x".repeat(73)).is_err());
        let hash = hasher.hash(&"x".repeat(72)).unwrap();
        assert!(hasher.verify(&"x".repeat(72), &hash).unwrap());
        assert!(!hasher.verify(&"x".repeat(73), &hash).unwrap());
    }

    #[test]
    fn costs_outside_bcrypts_range_are_refused() {
        assert!(BcryptHasher::new(3).is_err());
        assert!(BcryptHasher::new(32).is_err());
    }

    /// Every output must be exactly what the `bcrypt` crate computes, for passwords of every
    /// length up to the limit (the NUL terminator is cut at 72), non-ASCII ones and any salt.
    #[test]
    fn hashes_are_the_reference_implementations() {
        let mut passwords: Vec<String> = (0..=PASSWORD_MAX_BYTES).map(|n| "p".repeat(n)).collect();
        passwords.extend(["Super@123", "pässwörd ✓", "tab\tand\nnewline"].map(String::from));
        for (n, password) in passwords.iter().enumerate() {
            let mut salt = [0u8; SALT_BYTES];
            getrandom::fill(&mut salt).unwrap();
            let cost = 4 + (n % 2) as u32;
            let reference = bcrypt::hash_with_salt(password, cost, salt)
                .unwrap()
                .to_string();
            let ours = eks_blowfish_digest(cost, &salt, password.as_bytes(), &mut go_on).unwrap();
            assert_eq!(
                &reference[29..],
                BASE_64.encode(ours),
                "password {password:?}"
            );
            assert!(
                BcryptHasher::new(4)
                    .unwrap()
                    .verify(password, &reference)
                    .unwrap()
            );
        }
    }

    #[test]
    fn hashes_of_other_implementations_and_prefixes_verify() {
        let hasher = BcryptHasher::new(4).unwrap();
        // a published test vector (jBCrypt), and the same hash under the other prefixes
        let vector = "$2a$06$m0CrhHm10qJ3lXRY.5zDGO3rS2KdeeWLuGmsfGlMfOxih58VYVfxe";
        assert!(hasher.verify("a", vector).unwrap());
        assert!(!hasher.verify("b", vector).unwrap());
        for prefix in ["$2b$", "$2y$", "$2x$"] {
            assert!(
                hasher
                    .verify("a", &format!("{prefix}{}", &vector[4..]))
                    .unwrap()
            );
        }
        let made_by_the_crate = bcrypt::hash("Super@123", 5).unwrap();
        assert!(hasher.verify("Super@123", &made_by_the_crate).unwrap());
        let ours = hasher.hash("Super@123").unwrap();
        assert!(bcrypt::verify("Super@123", &ours).unwrap());
    }

    #[test]
    fn pace_is_called_between_steps_of_the_work() {
        let hasher = BcryptHasher::new(4).unwrap();
        let mut steps = 0;
        let mut count = || {
            steps += 1;
            true
        };
        let hash = hasher.hash_pacing("Super@123", &mut count).unwrap();
        assert!(
            hasher
                .verify_pacing("Super@123", &hash, &mut count)
                .unwrap()
        );
        assert_eq!(steps, 2 * (1 << 4) / ROUNDS_PER_STEP);
    }

    #[test]
    fn the_work_stops_at_the_step_pace_says_no() {
        let hasher = BcryptHasher::new(4).unwrap();
        let hash = hasher.hash("Super@123").unwrap();
        let mut steps = 0;
        let mut twice = || {
            steps += 1;
            steps < 2
        };
        let verified = hasher.verify_pacing("Super@123", &hash, &mut twice);
        assert!(matches!(verified, Err(HashError::Abandoned)));
        assert_eq!(steps, 2, "no step after the refusal");
        let hashed = hasher.hash_pacing("Super@123", &mut || false);
        assert!(matches!(hashed, Err(HashError::Abandoned)));
        let dummy = hasher.verify_dummy_pacing("Super@123", &mut || false);
        assert!(matches!(dummy, Err(HashError::Abandoned)));
    }
}
