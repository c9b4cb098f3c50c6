use diesel::prelude::*;
use storegister_contact_book::{Country, CountryId, ReferenceData, Region, RegionId};
use storegister_kernel::StoreError;

use super::Repo;
use crate::error::store_error;
use crate::rows::{CountryRow, RegionRow};
use crate::schema::{countries, regions};

impl ReferenceData for Repo {
    fn find_country(&mut self, id: CountryId) -> Result<Option<Country>, StoreError> {
        countries::table
            .find(id.0)
            .select(CountryRow::as_select())
            .first(&mut self.conn.db)
            .optional()
            .map(|row| row.map(Country::from))
            .map_err(store_error)
    }

    fn find_region(&mut self, id: RegionId) -> Result<Option<Region>, StoreError> {
        regions::table
            .find(id.0)
            .select(RegionRow::as_select())
            .first(&mut self.conn.db)
            .optional()
            .map(|row| row.map(Region::from))
            .map_err(store_error)
    }

    fn list_countries(&mut self) -> Result<Vec<Country>, StoreError> {
        countries::table
            .order(countries::name)
            .select(CountryRow::as_select())
            .load(&mut self.conn.db)
            .map(|rows| rows.into_iter().map(Country::from).collect())
            .map_err(store_error)
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
