//! `contract …`.

use storegister_app::{NewContract, TenantRef};
use storegister_kernel::{CompanyId, ContractId};

use super::{Office, parse_choice, parse_date, parse_id};
use crate::cli::ContractCommand;
use crate::views::ContractView;
use crate::{AdminError, Report};

pub(super) async fn contract(
    office: &Office,
    command: ContractCommand,
) -> Result<Report, AdminError> {
    match command {
        ContractCommand::Create {
            company,
            tenant,
            unit,
            start,
            end,
            rent,
            period,
            deposit,
            number,
            status,
        } => {
            let company: CompanyId = parse_id(&company.company, "company")?;
            let new = NewContract {
                tenant: TenantRef::parse(&tenant),
                unit: parse_id(&unit, "unit")?,
                start: parse_date(&start, "--start")?,
                end: end.map(|e| parse_date(&e, "--end")).transpose()?,
                rent,
                period: parse_choice(&period)?,
                deposit,
                number,
                status: parse_choice(&status)?,
            };
            let (contract, tenant) = office.create_contract(company, new).await?;
            Ok(Report::created(
                format!(
                    "created contract {} for {} ({}, {} {})",
                    contract.contract_number,
                    tenant.details.email.as_str(),
                    contract.status,
                    contract.rent.formatted(),
                    contract.payment_period
                ),
                contract.id.to_string(),
                ContractView::from(&contract),
            ))
        }
        ContractCommand::End {
            company,
            contract,
            date,
        } => {
            let company: CompanyId = parse_id(&company.company, "company")?;
            let id: ContractId = parse_id(&contract, "contract")?;
            let date = date.map(|d| parse_date(&d, "--date")).transpose()?;
            let ended = office.end_contract(company, id, date).await?;
            let day = ended.end_date.map_or_else(String::new, |d| d.to_string());
            Ok(Report::new(
                vec![format!("ended contract {} on {day}", ended.contract_number)],
                ContractView::from(&ended),
            ))
        }
        ContractCommand::List { company, tenant } => {
            let company: CompanyId = parse_id(&company.company, "company")?;
            let found = office.contracts(company, TenantRef::parse(&tenant)).await?;
            let lines = found
                .iter()
                .map(|d| {
                    let c = &d.contract;
                    format!(
                        "{}  {}  {}  {} {}  {} to {}  {} {}",
                        c.id,
                        c.contract_number,
                        c.status,
                        d.property.name,
                        d.unit.unit_number,
                        c.start_date,
                        c.end_date.map_or("-".to_owned(), |e| e.to_string()),
                        c.rent.formatted(),
                        c.payment_period
                    )
                })
                .collect();
            let views: Vec<_> = found
                .iter()
                .map(|d| ContractView::from(&d.contract))
                .collect();
            Ok(Report::new(lines, views))
        }
    }
}
