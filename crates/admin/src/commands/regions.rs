//! `region import`: reads the CSV file; the use case checks every row and writes all or none.

use std::path::Path;

use storegister_app::{OfficeError, RegionRow};

use super::Office;
use crate::cli::RegionCommand;
use crate::views::ImportView;
use crate::{AdminError, Report};

pub(super) async fn region(office: &Office, command: RegionCommand) -> Result<Report, AdminError> {
    let RegionCommand::Import { file } = command;
    let rows = read_rows(&file)?;
    let imported = match office.import_regions(rows).await {
        Err(OfficeError::NoRegions) => {
            return Err(AdminError::Invalid(format!(
                "{} holds no regions",
                file.display()
            )));
        }
        other => other?,
    };
    Ok(Report::new(
        vec![format!("imported {imported} region(s)")],
        ImportView { imported },
    ))
}

/// The rows of a `country id,region id,name[,code]` file, a header row skipped.
fn read_rows(file: &Path) -> Result<Vec<RegionRow>, AdminError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .trim(csv::Trim::All)
        .flexible(true)
        .from_path(file)
        .map_err(|e| AdminError::Invalid(format!("cannot read {}: {e}", file.display())))?;
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let line = index + 1;
        let record = record.map_err(|e| AdminError::Invalid(format!("line {line}: {e}")))?;
        let field = |i: usize| record.get(i).unwrap_or("").to_owned();
        if line == 1 && field(0).parse::<i32>().is_err() && field(1).parse::<i32>().is_err() {
            continue; // a header row
        }
        if record.len() < 3 || record.len() > 4 {
            return Err(AdminError::Invalid(format!(
                "line {line}: expected country id, region id, name[, code]"
            )));
        }
        let country: i32 = field(0).parse().map_err(|_| {
            AdminError::Invalid(format!("line {line}: {:?} is not a country id", field(0)))
        })?;
        let id: i32 = field(1).parse().map_err(|_| {
            AdminError::Invalid(format!(
                "line {line}: {:?} is not a region id above 0",
                field(1)
            ))
        })?;
        rows.push(RegionRow {
            line,
            country,
            id,
            name: field(2),
            code: field(3),
        });
    }
    Ok(rows)
}
