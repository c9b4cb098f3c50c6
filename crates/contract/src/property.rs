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

impl Unit {
    /// Its size in its unit, for display (the stored hundredths are exact).
    pub fn size(&self) -> f64 {
        self.size_hundredths as f64 / 100.0
    }
}

/// Why a property or unit cannot be stored as given.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum PropertyError {
    /// A name or number is blank, too long or holds control characters.
    #[error("{0} must be 1 to {1} characters without control characters")]
    InvalidText(&'static str, usize),
    /// Sizes are positive.
    #[error("the size must be above zero")]
    InvalidSize,
}

fn check_text(value: &str, what: &'static str, max: usize) -> Result<(), PropertyError> {
    let chars = value.chars().count();
    if value.trim() != value || chars == 0 || chars > max || value.chars().any(char::is_control) {
        Err(PropertyError::InvalidText(what, max))
    } else {
        Ok(())
    }
}

impl Property {
    /// Checks the property's own rules.
    pub fn validate(&self) -> Result<(), PropertyError> {
        check_text(&self.name, "the property name", 200)?;
        for (value, what) in [(&self.address, "the address"), (&self.city, "the city")] {
            if let Some(value) = value {
                check_text(value, what, 250)?;
            }
        }
        Ok(())
    }
}

impl Unit {
    /// Checks the unit's own rules.
    pub fn validate(&self) -> Result<(), PropertyError> {
        check_text(&self.unit_number, "the unit number", 50)?;
        check_text(&self.storage_type, "the storage type", 100)?;
        if self.size_hundredths <= 0 {
            return Err(PropertyError::InvalidSize);
        }
        Ok(())
    }
}

/// Reads a size such as `12.5` into hundredths, exactly.
pub fn parse_size(text: &str) -> Result<i64, PropertyError> {
    let text = text.trim();
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !digits(whole) || (text.contains('.') && !digits(fraction)) || fraction.len() > 2 {
        return Err(PropertyError::InvalidSize);
    }
    let whole: i64 = whole.parse().map_err(|_| PropertyError::InvalidSize)?;
    let fraction: i64 = format!("{fraction:0<2}")
        .parse()
        .map_err(|_| PropertyError::InvalidSize)?;
    let size = whole
        .checked_mul(100)
        .and_then(|w| w.checked_add(fraction))
        .ok_or(PropertyError::InvalidSize)?;
    if size <= 0 {
        return Err(PropertyError::InvalidSize);
    }
    Ok(size)
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

    /// The company's properties, by name.
    fn list_properties(&mut self, company: CompanyId) -> Result<Vec<Property>, StoreError>;
}

/// Storage of units, scoped to one company.
pub trait UnitRepository {
    /// The company's unit with this id, if any.
    fn find_unit(&mut self, company: CompanyId, id: UnitId) -> Result<Option<Unit>, StoreError>;

    /// Stores a new unit; [`StoreError::Duplicate`] if its number is taken in its property.
    fn insert_unit(&mut self, unit: &Unit) -> Result<(), StoreError>;

    /// Stores many new units in as few statements as possible.
    fn insert_units(&mut self, units: &[Unit]) -> Result<(), StoreError>;

    /// The company's units (of one property, if given), by property and number.
    fn list_units(
        &mut self,
        company: CompanyId,
        property: Option<PropertyId>,
    ) -> Result<Vec<Unit>, StoreError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_read_exactly() {
        assert_eq!(parse_size("12.5"), Ok(1250));
        assert_eq!(parse_size("12.75"), Ok(1275));
        assert_eq!(parse_size("3"), Ok(300));
        for bad in ["0", "0.00", "-1", "1.234", "abc", "1.", ".5", ""] {
            assert_eq!(parse_size(bad), Err(PropertyError::InvalidSize), "{bad}");
        }
    }
}
