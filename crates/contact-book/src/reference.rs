use serde::Serialize;

/// A country's ISO 3166-1 numeric code, used as its identifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct CountryId(pub i32);

/// A region's identifier; 0 means "no region" and is never stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct RegionId(pub i32);

/// A country of ISO 3166-1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 numeric code.
    pub id: CountryId,
    /// English short name.
    pub name: String,
    /// ISO 3166-1 alpha-2 code.
    pub iso_code2: String,
    /// ISO 3166-1 alpha-3 code.
    pub iso_code3: String,
    /// International dialing code without the plus sign, for example `45`; empty if none.
    pub dialing_code: String,
}

/// A state, county or province of a country.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Region {
    /// Identifier, never 0.
    pub id: RegionId,
    /// The country it belongs to.
    pub country_id: CountryId,
    /// Name.
    pub name: String,
    /// Short code, for example `IDF`; empty if none.
    pub code: String,
}
