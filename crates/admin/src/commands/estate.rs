//! `property …` and `unit …`.

use storegister_app::{NewProperty, NewUnit};
use storegister_kernel::{CompanyId, PropertyId};

use super::{Office, parse_choice, parse_id};
use crate::cli::{PropertyCommand, UnitCommand};
use crate::views::{PropertyView, UnitView};
use crate::{AdminError, Report};

pub(super) async fn property(
    office: &Office,
    command: PropertyCommand,
) -> Result<Report, AdminError> {
    match command {
        PropertyCommand::Create {
            company,
            name,
            address,
            city,
        } => {
            let company: CompanyId = parse_id(&company.company, "company")?;
            let new = NewProperty {
                name,
                address,
                city,
            };
            let property = office.create_property(company, new).await?;
            Ok(Report::created(
                format!("created property {:?}", property.name),
                property.id.to_string(),
                PropertyView::from(&property),
            ))
        }
        PropertyCommand::List { company } => {
            let company: CompanyId = parse_id(&company.company, "company")?;
            let found = office.properties(company).await?;
            let lines = found
                .iter()
                .map(|p| format!("{}  {}  {}", p.id, p.name, p.city.as_deref().unwrap_or("")))
                .collect();
            let views: Vec<_> = found.iter().map(PropertyView::from).collect();
            Ok(Report::new(lines, views))
        }
    }
}

pub(super) async fn unit(office: &Office, command: UnitCommand) -> Result<Report, AdminError> {
    match command {
        UnitCommand::Create {
            company,
            property,
            number,
            size,
            size_unit,
            storage_type,
        } => {
            let company: CompanyId = parse_id(&company.company, "company")?;
            let new = NewUnit {
                property: parse_id(&property, "property")?,
                number,
                size,
                size_unit: parse_choice(&size_unit)?,
                storage_type,
            };
            let unit = office.create_unit(company, new).await?;
            Ok(Report::created(
                format!("created unit {}", unit.unit_number),
                unit.id.to_string(),
                UnitView::from(&unit),
            ))
        }
        UnitCommand::List { company, property } => {
            let company: CompanyId = parse_id(&company.company, "company")?;
            let property = property
                .map(|p| parse_id::<PropertyId>(&p, "property"))
                .transpose()?;
            let found = office.units(company, property).await?;
            let lines = found
                .iter()
                .map(|u| {
                    format!(
                        "{}  {}  {} {}  {}",
                        u.id,
                        u.unit_number,
                        u.size(),
                        u.size_unit,
                        u.storage_type
                    )
                })
                .collect();
            let views: Vec<_> = found.iter().map(UnitView::from).collect();
            Ok(Report::new(lines, views))
        }
    }
}
