//! `company …` and `api-key …`.

use secrecy::ExposeSecret;
use storegister_kernel::CompanyId;

use super::{Office, parse_id};
use crate::cli::{ApiKeyCommand, CompanyCommand};
use crate::views::{ApiKeyView, CompanyView, RevokedKeyView};
use crate::{AdminError, Report};

pub(super) async fn company(
    office: &Office,
    command: CompanyCommand,
) -> Result<Report, AdminError> {
    let CompanyCommand::Create { name, currency } = command;
    let company = office.create_company(&name, &currency).await?;
    Ok(Report::created(
        format!("created company {:?} ({})", company.name, company.currency),
        company.id.to_string(),
        CompanyView::from(&company),
    ))
}

pub(super) async fn api_key(office: &Office, command: ApiKeyCommand) -> Result<Report, AdminError> {
    match command {
        ApiKeyCommand::Create { company, name } => {
            let company: CompanyId = parse_id(&company, "company")?;
            let created = office.create_api_key(company, &name).await?;
            let (key, secret) = (created.key, created.secret.expose_secret().to_owned());
            Ok(Report::new(
                vec![
                    format!(
                        "created API key {:?} ({}) for company {}",
                        key.name, key.prefix, key.company_id
                    ),
                    "store it now: it is shown only this once".into(),
                    secret.clone(),
                ],
                ApiKeyView::new(&key, Some(secret)),
            ))
        }
        ApiKeyCommand::List { company } => {
            let company: CompanyId = parse_id(&company, "company")?;
            let keys = office.api_keys(company).await?;
            let mut lines = vec![format!(
                "{:<36}  {:<11}  {:<19}  {:<7}  name",
                "id", "prefix", "created (UTC)", "status"
            )];
            lines.extend(keys.iter().map(|key| {
                format!(
                    "{:<36}  {:<11}  {:<19}  {:<7}  {}",
                    key.id,
                    key.prefix,
                    key.created_at.format("%Y-%m-%d %H:%M:%S"),
                    if key.revoked_at.is_some() {
                        "revoked"
                    } else {
                        "active"
                    },
                    key.name
                )
            }));
            let views: Vec<_> = keys.iter().map(|key| ApiKeyView::new(key, None)).collect();
            Ok(Report::new(lines, views))
        }
        ApiKeyCommand::Revoke { prefix_or_id } => {
            let key = office.revoke_api_key(&prefix_or_id).await?;
            Ok(Report::new(
                vec![format!("revoked API key {} ({})", key.prefix, key.id)],
                RevokedKeyView::from(&key),
            ))
        }
    }
}
