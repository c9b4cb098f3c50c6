//! Properties (storage sites) and their units.

use storegister_company::CompanyRepository;
use storegister_contract::{
    Property, PropertyRepository, SizeUnit, Unit, UnitRepository, parse_size,
};
use storegister_kernel::{CompanyId, PropertyId, Store, UnitId};

use super::{OfficeError, OfficeService, company};

/// A property to create.
#[derive(Clone, Debug, Default)]
pub struct NewProperty {
    /// Its name, e.g. "Copenhagen North".
    pub name: String,
    /// Street address.
    pub address: Option<String>,
    /// City.
    pub city: Option<String>,
}

/// A unit to create.
#[derive(Clone, Debug)]
pub struct NewUnit {
    /// The property it is in.
    pub property: PropertyId,
    /// Its number on site, e.g. A-101.
    pub number: String,
    /// Its size as written, e.g. "12.5".
    pub size: String,
    /// m² or m³.
    pub size_unit: SizeUnit,
    /// E.g. Indoor, Container, Climate controlled.
    pub storage_type: String,
}

/// Trimmed; blank is none.
fn optional(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

impl<S> OfficeService<S>
where
    S: Store,
    S::Repo: CompanyRepository + PropertyRepository + UnitRepository,
{
    /// Creates a property of a company.
    pub async fn create_property(
        &self,
        company_id: CompanyId,
        new: NewProperty,
    ) -> Result<Property, OfficeError> {
        let now = self.clock.now().naive_utc();
        self.store
            .run(move |repo| {
                company(repo, company_id)?;
                let property = Property {
                    id: PropertyId::generate(),
                    company_id,
                    name: new.name.trim().to_owned(),
                    address: optional(new.address),
                    city: optional(new.city),
                    created_at: now,
                };
                property.validate()?;
                repo.insert_property(&property)?;
                Ok(property)
            })
            .await
    }

    /// A company's properties.
    pub async fn properties(&self, company_id: CompanyId) -> Result<Vec<Property>, OfficeError> {
        self.store
            .run(move |repo| {
                company(repo, company_id)?;
                Ok(repo.list_properties(company_id)?)
            })
            .await
    }

    /// Creates a unit in one of the company's properties.
    pub async fn create_unit(
        &self,
        company_id: CompanyId,
        new: NewUnit,
    ) -> Result<Unit, OfficeError> {
        let now = self.clock.now().naive_utc();
        self.store
            .run(move |repo| {
                company(repo, company_id)?;
                if repo.find_property(company_id, new.property)?.is_none() {
                    return Err(OfficeError::UnknownProperty(new.property));
                }
                let unit = Unit {
                    id: UnitId::generate(),
                    company_id,
                    property_id: new.property,
                    unit_number: new.number.trim().to_owned(),
                    size_hundredths: parse_size(&new.size)?,
                    size_unit: new.size_unit,
                    storage_type: new.storage_type.trim().to_owned(),
                    created_at: now,
                };
                unit.validate()?;
                repo.insert_unit(&unit)?;
                Ok(unit)
            })
            .await
    }

    /// A company's units, or one property's.
    pub async fn units(
        &self,
        company_id: CompanyId,
        property: Option<PropertyId>,
    ) -> Result<Vec<Unit>, OfficeError> {
        self.store
            .run(move |repo| {
                company(repo, company_id)?;
                Ok(repo.list_units(company_id, property)?)
            })
            .await
    }
}
