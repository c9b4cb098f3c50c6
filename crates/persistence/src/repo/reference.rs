use std::sync::OnceLock;

use diesel::prelude::*;
use storegister_contact_book::{Country, CountryId, ReferenceData, Region, RegionId};
use storegister_kernel::StoreError;

use super::Repo;
use crate::error::store_error;
use crate::rows::{CountryRow, RegionRow};
use crate::schema::{countries, regions};

/// Every country, by name: ISO 3166-1 as a migration ships it, the same in every database and
/// never changed while a process runs, so read once per process.
static COUNTRIES: OnceLock<Vec<Country>> = OnceLock::new();

impl Repo {
    fn countries(&mut self) -> Result<&'static [Country], StoreError> {
        if let Some(countries) = COUNTRIES.get() {
            return Ok(countries);
        }
        let loaded: Vec<Country> = countries::table
            .order(countries::name)
            .select(CountryRow::as_select())
            .load(&mut self.conn.db)
            .map(|rows| rows.into_iter().map(Country::from).collect())
            .map_err(store_error)?;
        // an empty table (a database migrated down) is not cached
        if loaded.is_empty() {
            return Ok(&[]);
        }
        Ok(COUNTRIES.get_or_init(|| loaded))
    }
}

impl ReferenceData for Repo {
    fn find_country(&mut self, id: CountryId) -> Result<Option<Country>, StoreError> {
        Ok(self.countries()?.iter().find(|c| c.id == id).cloned())
    }

    fn find_region(&mut self, id: RegionId) -> Result<Option<Region>, StoreError> {
        regions::table
            .find(id.0)
            .select(RegionRow::as_select())
            .get_result(&mut self.conn.db)
            .optional()
            .map(|row| row.map(Region::from))
            .map_err(store_error)
    }

    fn list_countries(&mut self) -> Result<Vec<Country>, StoreError> {
        Ok(self.countries()?.to_vec())
    }

    fn list_regions(&mut self, country: CountryId) -> Result<Vec<Region>, StoreError> {
        regions::table
            .filter(regions::country_id.eq(country.0))
            .order(regions::name)
            .select(RegionRow::as_select())
            .load(&mut self.conn.db)
            .map(|rows| rows.into_iter().map(Region::from).collect())
            .map_err(store_error)
    }

    fn insert_region(&mut self, region: &Region) -> Result<(), StoreError> {
        diesel::insert_into(regions::table)
            .values(RegionRow::from(region))
            .execute(&mut self.conn.db)
            .map(drop)
            .map_err(store_error)
    }
}
