//! Storage companies and their API keys.
//!
//! A company owns everything else (contacts, credentials, contracts, invoices); an API key
//! belongs to one company and scopes every request made with it. Keys are stored only as a
//! SHA-256 digest plus a short visible prefix; the key itself is shown once, at creation.

use std::fmt;

use chrono::NaiveDateTime;
use storegister_invoice::Currency;
use storegister_kernel::{CompanyId, StoreError};
use uuid::Uuid;

/// A storage company.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Company {
    /// Identifier.
    pub id: CompanyId,
    /// Display name.
    pub name: String,
    /// The currency its rents and invoices are in.
    pub currency: Currency,
    /// When it was created (UTC).
    pub created_at: NaiveDateTime,
}

/// Why a company cannot be created as asked.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum CompanyError {
    /// The name is blank, too long or holds control characters.
    #[error("company name must be 1 to 200 characters without control characters")]
    InvalidName,
}

impl Company {
    /// A new company with a fresh id; the name is trimmed and checked.
    pub fn new(name: &str, currency: Currency, now: NaiveDateTime) -> Result<Self, CompanyError> {
        let name = name.trim();
        let chars = name.chars().count();
        if chars == 0 || chars > 200 || name.chars().any(char::is_control) {
            return Err(CompanyError::InvalidName);
        }
        Ok(Self {
            id: CompanyId::generate(),
            name: name.to_owned(),
            currency,
            created_at: now,
        })
    }
}

/// What is stored about an API key: never the key itself.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey {
    /// Identifier.
    pub id: Uuid,
    /// The company whose data the key reaches.
    pub company_id: CompanyId,
    /// A label chosen by whoever created it, for example "website".
    pub name: String,
    /// The first characters of the key, shown in listings so a key can be recognised.
    pub prefix: String,
    /// Lower-case hex SHA-256 digest of the whole key.
    pub digest: String,
    /// When it was created (UTC).
    pub created_at: NaiveDateTime,
    /// When it was revoked (UTC), if it was.
    pub revoked_at: Option<NaiveDateTime>,
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // the digest is as good as the key against a lookup table of leaked keys: keep it out
        f.debug_struct("ApiKey")
            .field("id", &self.id)
            .field("company_id", &self.company_id)
            .field("name", &self.name)
            .field("prefix", &self.prefix)
            .field("created_at", &self.created_at)
            .field("revoked_at", &self.revoked_at)
            .finish_non_exhaustive()
    }
}

/// Storage of companies and API keys.
pub trait CompanyRepository {
    /// Stores a new company.
    fn insert_company(&mut self, company: &Company) -> Result<(), StoreError>;

    /// The company with this id.
    fn find_company(&mut self, id: CompanyId) -> Result<Option<Company>, StoreError>;

    /// Stores a new API key.
    fn insert_api_key(&mut self, key: &ApiKey) -> Result<(), StoreError>;

    /// The keys of a company, oldest first, revoked ones included.
    fn list_api_keys(&mut self, company: CompanyId) -> Result<Vec<ApiKey>, StoreError>;

    /// The keys whose id is `id`, or whose prefix starts with `prefix`.
    fn find_api_keys(&mut self, id_or_prefix: &str) -> Result<Vec<ApiKey>, StoreError>;

    /// Marks a key revoked; `false` if it did not exist or was revoked already.
    fn revoke_api_key(&mut self, id: Uuid, at: NaiveDateTime) -> Result<bool, StoreError>;

    /// The company of the unrevoked key with this digest.
    fn company_for_key_digest(&mut self, digest: &str) -> Result<Option<CompanyId>, StoreError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> NaiveDateTime {
        chrono::DateTime::from_timestamp(0, 0).unwrap().naive_utc()
    }

    #[test]
    fn company_names_are_trimmed_and_checked() {
        let eur = "EUR".parse().unwrap();
        assert_eq!(
            Company::new("  Acme Storage ", eur, now()).unwrap().name,
            "Acme Storage"
        );
        assert_eq!(
            Company::new("   ", eur, now()),
            Err(CompanyError::InvalidName)
        );
        assert_eq!(
            Company::new("a\u{0}b", eur, now()),
            Err(CompanyError::InvalidName)
        );
        assert_eq!(
            Company::new(&"x".repeat(201), eur, now()),
            Err(CompanyError::InvalidName)
        );
    }
}
