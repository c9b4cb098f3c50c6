use storegister_kernel::{CompanyId, ContactId, StoreError};

use crate::contact::ContactBook;
use crate::reference::{Country, CountryId, Region, RegionId};

/// Storage of contact book entries, always scoped to one company.
pub trait ContactBookRepository {
    /// The entry of a company with this normalised e-mail address.
    fn find_contact_by_email(
        &mut self,
        company: CompanyId,
        email_normalized: &str,
    ) -> Result<Option<ContactBook>, StoreError>;

    /// The entry of a company with this id.
    fn find_contact(
        &mut self,
        company: CompanyId,
        id: ContactId,
    ) -> Result<Option<ContactBook>, StoreError>;

    /// Stores a new entry; [`StoreError::Duplicate`] if its e-mail is taken in its company.
    fn insert_contact(&mut self, contact: &ContactBook) -> Result<(), StoreError>;

    /// Replaces the stored details, addresses and property of an existing entry.
    fn update_contact(&mut self, contact: &ContactBook) -> Result<(), StoreError>;
}

/// Countries and regions, the same for every company.
pub trait ReferenceData {
    /// One country.
    fn find_country(&mut self, id: CountryId) -> Result<Option<Country>, StoreError>;

    /// One region.
    fn find_region(&mut self, id: RegionId) -> Result<Option<Region>, StoreError>;

    /// Every country, by name.
    fn list_countries(&mut self) -> Result<Vec<Country>, StoreError>;

    /// The regions of a country, by name.
    fn list_regions(&mut self, country: CountryId) -> Result<Vec<Region>, StoreError>;

    /// Stores a region; [`StoreError::Duplicate`] if its id is taken.
    fn insert_region(&mut self, region: &Region) -> Result<(), StoreError>;
}
