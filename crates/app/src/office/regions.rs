//! Regions (states, counties, provinces) of countries, imported in bulk.

use storegister_contact_book::{CountryId, ReferenceData, Region, RegionId};
use storegister_kernel::{Store, Transactional};

use super::{OfficeError, OfficeService};

/// The longest region name.
const NAME_MAX_CHARS: usize = 100;
/// The longest region code.
const CODE_MAX_CHARS: usize = 20;

/// One region of an import, with the line it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegionRow {
    /// Where it came from (from 1), for messages.
    pub line: usize,
    /// Its country's ISO 3166-1 numeric id.
    pub country: i32,
    /// Its id, above 0.
    pub id: i32,
    /// Its name.
    pub name: String,
    /// Its code (may be empty).
    pub code: String,
}

/// What is wrong with one line of a region import.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RegionProblem {
    /// The name or code is too long, blank (name) or holds control characters.
    #[error(
        "the name must be 1 to {NAME_MAX_CHARS} characters and the code at most {CODE_MAX_CHARS}"
    )]
    Text,
    /// The id is not above 0.
    #[error("{0} is not a region id above 0")]
    Id(i32),
    /// No such country.
    #[error("country {0} does not exist")]
    UnknownCountry(i32),
    /// The id appears on an earlier line.
    #[error("region {0} appears twice")]
    Twice(i32),
    /// A region with the id exists.
    #[error("region {0} exists already")]
    Exists(i32),
}

impl<S> OfficeService<S>
where
    S: Store,
    S::Repo: ReferenceData,
{
    /// Checks every row, then stores all of them in one transaction, or none; how many.
    pub async fn import_regions(&self, rows: Vec<RegionRow>) -> Result<usize, OfficeError> {
        if rows.is_empty() {
            return Err(OfficeError::NoRegions);
        }
        self.store
            .run(move |repo| {
                let mut regions: Vec<Region> = Vec::with_capacity(rows.len());
                for row in rows {
                    let refused = |problem| OfficeError::Region {
                        line: row.line,
                        problem,
                    };
                    let bad = |text: &str, max: usize| {
                        text.chars().count() > max || text.chars().any(char::is_control)
                    };
                    if row.id <= 0 {
                        return Err(refused(RegionProblem::Id(row.id)));
                    }
                    if row.name.is_empty()
                        || bad(&row.name, NAME_MAX_CHARS)
                        || bad(&row.code, CODE_MAX_CHARS)
                    {
                        return Err(refused(RegionProblem::Text));
                    }
                    if repo.find_country(CountryId(row.country))?.is_none() {
                        return Err(refused(RegionProblem::UnknownCountry(row.country)));
                    }
                    if regions.iter().any(|r| r.id.0 == row.id) {
                        return Err(refused(RegionProblem::Twice(row.id)));
                    }
                    if repo.find_region(RegionId(row.id))?.is_some() {
                        return Err(refused(RegionProblem::Exists(row.id)));
                    }
                    regions.push(Region {
                        id: RegionId(row.id),
                        country_id: CountryId(row.country),
                        name: row.name,
                        code: row.code,
                    });
                }
                repo.transaction(|repo| {
                    for region in &regions {
                        repo.insert_region(region)?;
                    }
                    Ok::<_, OfficeError>(regions.len())
                })
            })
            .await
    }
}
