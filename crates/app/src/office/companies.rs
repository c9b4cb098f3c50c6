//! Companies and their API keys.

use secrecy::SecretString;
use storegister_company::{ApiKey, Company, CompanyRepository};
use storegister_kernel::{CompanyId, Store};
use uuid::Uuid;

use super::{OfficeError, OfficeService, company};

/// The longest API key name.
const KEY_NAME_MAX_CHARS: usize = 100;

/// An API key just created: what is stored about it, and the key itself, which is never
/// available again.
pub struct NewApiKey {
    /// What is stored (digest and prefix only).
    pub key: ApiKey,
    /// The key, to show once.
    pub secret: SecretString,
}

impl<S> OfficeService<S>
where
    S: Store,
    S::Repo: CompanyRepository,
{
    /// Creates a company with a name and the ISO 4217 currency of its rents and invoices.
    pub async fn create_company(&self, name: &str, currency: &str) -> Result<Company, OfficeError> {
        let company = Company::new(name, currency.parse()?, self.clock.now().naive_utc())?;
        let stored = company.clone();
        self.store
            .run(move |repo| repo.insert_company(&stored))
            .await?;
        Ok(company)
    }

    /// Creates an API key for a company, labelled `name` (e.g. "website").
    pub async fn create_api_key(
        &self,
        company_id: CompanyId,
        name: &str,
    ) -> Result<NewApiKey, OfficeError> {
        let name = name.trim().to_owned();
        let chars = name.chars().count();
        if chars == 0 || chars > KEY_NAME_MAX_CHARS || name.chars().any(char::is_control) {
            return Err(OfficeError::KeyName);
        }
        let now = self.clock.now().naive_utc();
        let minted = self.keys.mint()?;
        let key = ApiKey {
            id: Uuid::new_v4(),
            company_id,
            name,
            prefix: minted.prefix,
            digest: minted.digest,
            created_at: now,
            revoked_at: None,
        };
        let stored = key.clone();
        self.store
            .run(move |repo| {
                company(repo, company_id)?;
                repo.insert_api_key(&stored)?;
                Ok::<_, OfficeError>(())
            })
            .await?;
        Ok(NewApiKey {
            key,
            secret: minted.secret,
        })
    }

    /// A company's API keys, revoked ones included.
    pub async fn api_keys(&self, company_id: CompanyId) -> Result<Vec<ApiKey>, OfficeError> {
        self.store
            .run(move |repo| {
                company(repo, company_id)?;
                Ok(repo.list_api_keys(company_id)?)
            })
            .await
    }

    /// Revokes the one key with this id or prefix; requests with it are refused within the
    /// API key cache's lifetime.
    pub async fn revoke_api_key(&self, id_or_prefix: &str) -> Result<ApiKey, OfficeError> {
        let wanted = id_or_prefix.to_owned();
        let now = self.clock.now().naive_utc();
        self.store
            .run(move |repo| {
                let mut found = repo.find_api_keys(&wanted)?;
                let key = match found.len() {
                    1 => found.remove(0),
                    0 => return Err(OfficeError::UnknownApiKey(wanted)),
                    matches => {
                        return Err(OfficeError::AmbiguousApiKey {
                            prefix: wanted,
                            matches,
                        });
                    }
                };
                if !repo.revoke_api_key(key.id, now)? {
                    return Err(OfficeError::KeyRevokedAlready(key.prefix));
                }
                Ok(ApiKey {
                    revoked_at: Some(now),
                    ..key
                })
            })
            .await
    }
}
