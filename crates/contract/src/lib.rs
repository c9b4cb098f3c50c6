//! Rental contracts and what they rent: properties (storage sites) and their units.
//!
//! For now this holds the property, which registration refers to (`propertyInfoId`); units and
//! contracts follow with the tenant portal.

use chrono::NaiveDateTime;
use storegister_kernel::{CompanyId, PropertyId, StoreError};

/// A storage site of a company.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Property {
    /// Identifier.
    pub id: PropertyId,
    /// The owning company.
    pub company_id: CompanyId,
    /// Display name.
    pub name: String,
    /// Street address.
    pub address: Option<String>,
    /// City.
    pub city: Option<String>,
    /// When it was created (UTC).
    pub created_at: NaiveDateTime,
}

/// Storage of properties, scoped to one company.
pub trait PropertyRepository {
    /// The company's property with this id, if any.
    fn find_property(
        &mut self,
        company: CompanyId,
        id: PropertyId,
    ) -> Result<Option<Property>, StoreError>;

    /// Stores a new property.
    fn insert_property(&mut self, property: &Property) -> Result<(), StoreError>;
}
