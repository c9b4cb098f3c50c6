use std::fmt;
use std::str::FromStr;

use chrono::NaiveDateTime;
use storegister_kernel::{CompanyId, PropertyId, StoreError, UnitId};

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

/// Whether a unit is measured by floor area or by volume.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SizeUnit {
    /// Square metres.
    SquareMetres,
    /// Cubic metres.
    CubicMetres,
}

impl SizeUnit {
    /// The contract's spelling: `m2` or `m3`.
    pub fn as_str(self) -> &'static str {
        match self {
            SizeUnit::SquareMetres => "m2",
            SizeUnit::CubicMetres => "m3",
        }
    }
}

impl FromStr for SizeUnit {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "m2" => Ok(SizeUnit::SquareMetres),
            "m3" => Ok(SizeUnit::CubicMetres),
            other => Err(format!("size unit must be m2 or m3, not {other:?}")),
        }
    }
}

impl fmt::Display for SizeUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A rentable unit inside a property.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    /// Identifier.
    pub id: UnitId,
    /// The owning company.
    pub company_id: CompanyId,
    /// The property it is in.
    pub property_id: PropertyId,
    /// Its number on site, e.g. `A-101`; unique within the property.
    pub unit_number: String,
    /// Its size in hundredths of the size unit (1250 is 12.5 m²): sizes are exact.
    pub size_hundredths: i64,
    /// m² or m³.
    pub size_unit: SizeUnit,
    /// Free text such as "Indoor", "Container", "Climate controlled".
    pub storage_type: String,
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

/// Storage of units, scoped to one company.
pub trait UnitRepository {
    /// The company's unit with this id, if any.
    fn find_unit(&mut self, company: CompanyId, id: UnitId) -> Result<Option<Unit>, StoreError>;

    /// Stores a new unit; [`StoreError::Duplicate`] if its number is taken in its property.
    fn insert_unit(&mut self, unit: &Unit) -> Result<(), StoreError>;
}
