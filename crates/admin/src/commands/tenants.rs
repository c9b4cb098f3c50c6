//! `tenant sessions revoke`.

use storegister_app::TenantRef;
use storegister_kernel::CompanyId;

use super::{Office, parse_id};
use crate::cli::{SessionsCommand, TenantCommand};
use crate::views::RevokedSessionsView;
use crate::{AdminError, Report};

pub(super) async fn tenant(office: &Office, command: TenantCommand) -> Result<Report, AdminError> {
    let TenantCommand::Sessions(SessionsCommand::Revoke { company, tenant }) = command;
    let company: CompanyId = parse_id(&company.company, "company")?;
    let ended = office
        .revoke_sessions(company, TenantRef::parse(&tenant))
        .await?;
    Ok(Report::new(
        vec![format!("ended {ended} session(s) of {tenant}")],
        RevokedSessionsView { ended },
    ))
}
