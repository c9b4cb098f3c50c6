//! `contact enquiries`.

use storegister_app::TenantRef;
use storegister_kernel::CompanyId;

use super::{Office, parse_id};
use crate::cli::ContactCommand;
use crate::views::EnquiryView;
use crate::{AdminError, Report};

pub(super) async fn contact(
    office: &Office,
    command: ContactCommand,
) -> Result<Report, AdminError> {
    let ContactCommand::Enquiries { company, contact } = command;
    let company: CompanyId = parse_id(&company.company, "company")?;
    let found = office
        .enquiries(company, TenantRef::parse(&contact))
        .await?;
    let lines = found
        .iter()
        .map(|e| {
            let d = &e.details;
            format!(
                "{}  {}  {} {}  {}  {}",
                e.id,
                e.created_at.format("%Y-%m-%d %H:%M:%S"),
                d.first_name,
                d.last_name,
                d.email.as_str(),
                d.phone_number
            )
        })
        .collect();
    let views: Vec<_> = found.iter().map(EnquiryView::from).collect();
    Ok(Report::new(lines, views))
}
