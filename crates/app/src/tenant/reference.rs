//! The reference data forms offer: countries and their regions.

use storegister_contact_book::{Country, CountryId, ReferenceData, Region};
use storegister_kernel::Store;

use super::TenantService;
use crate::error::TenantError;

impl<S, H> TenantService<S, H>
where
    S: Store,
    S::Repo: ReferenceData,
{
    /// Every country, by name.
    pub async fn countries(&self) -> Result<Vec<Country>, TenantError> {
        Ok(self.ports.store.run(|repo| repo.list_countries()).await?)
    }

    /// The regions of a country by name; `None` for an unknown country.
    pub async fn regions(&self, country: CountryId) -> Result<Option<Vec<Region>>, TenantError> {
        let regions = self
            .ports
            .store
            .run(move |repo| match repo.find_country(country)? {
                Some(_) => repo.list_regions(country).map(Some),
                None => Ok(None),
            })
            .await?;
        Ok(regions)
    }
}
