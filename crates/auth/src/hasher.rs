use storegister_tenant::{HashError, PASSWORD_MAX_BYTES, PasswordHasher};

/// bcrypt password hashing at a configured cost.
pub struct BcryptHasher {
    cost: u32,
    dummy_hash: String,
}

impl BcryptHasher {
    /// A hasher at `cost` (4 to 31). Computes the dummy hash used to make unknown users cost as
    /// much as known ones, so construction takes one bcrypt round.
    pub fn new(cost: u32) -> Result<Self, HashError> {
        let dummy_hash = bcrypt::hash("storegister-dummy-password", cost)
            .map_err(|e| HashError(e.to_string()))?;
        Ok(Self { cost, dummy_hash })
    }

    /// The cost new hashes are made with.
    pub fn cost(&self) -> u32 {
        self.cost
    }
}

impl PasswordHasher for BcryptHasher {
    // bcrypt reads at most 72 bytes; the crate's non-truncating variants also refuse exactly
    // 72, which our policy allows, so the limit is checked here instead
    fn hash(&self, password: &str) -> Result<String, HashError> {
        if password.len() > PASSWORD_MAX_BYTES {
            return Err(HashError("password longer than 72 bytes".into()));
        }
        bcrypt::hash(password, self.cost).map_err(|e| HashError(e.to_string()))
    }

    fn verify(&self, password: &str, hash: &str) -> bool {
        password.len() <= PASSWORD_MAX_BYTES && bcrypt::verify(password, hash).unwrap_or(false)
    }

    fn verify_dummy(&self, password: &str) {
        let _ = bcrypt::verify(password, &self.dummy_hash);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let hasher = BcryptHasher::new(4).unwrap();
        let hash = hasher.hash("Super@123").unwrap();
        assert!(hash.starts_with("$2b$04$"));
        assert!(hasher.verify("Super@123", &hash));
        assert!(!hasher.verify("Super@124", &hash));
        assert!(!hasher.verify("Super@123", "not a hash"));
    }

    #[test]
    fn passwords_beyond_72_bytes_are_not_truncated() {
        let hasher = BcryptHasher::new(4).unwrap();
        assert!(hasher.hash(&"x".repeat(73)).is_err());
        let hash = hasher.hash(&"x".repeat(72)).unwrap();
        assert!(hasher.verify(&"x".repeat(72), &hash));
        assert!(!hasher.verify(&"x".repeat(73), &hash));
    }
}
