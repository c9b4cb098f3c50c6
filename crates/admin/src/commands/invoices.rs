//! `invoice …` and `payment …`.

use storegister_app::{InvoiceRef, NewInvoice, TenantRef};
use storegister_kernel::CompanyId;

use super::{Office, parse_choice, parse_date, parse_id};
use crate::cli::{InvoiceCommand, PaymentCommand};
use crate::views::{CancelledView, InvoiceView, PaymentView};
use crate::{AdminError, Report};

pub(super) async fn invoice(
    office: &Office,
    command: InvoiceCommand,
) -> Result<Report, AdminError> {
    match command {
        InvoiceCommand::Create {
            company,
            tenant,
            contract,
            number,
            amount,
            due,
            date,
            transaction_type,
        } => {
            let company: CompanyId = parse_id(&company.company, "company")?;
            let new = NewInvoice {
                tenant: TenantRef::parse(&tenant),
                contract: contract.map(|c| parse_id(&c, "contract")).transpose()?,
                number,
                amount,
                due: parse_date(&due, "--due")?,
                date: date.map(|d| parse_date(&d, "--date")).transpose()?,
                transaction_type: parse_choice(&transaction_type)?,
            };
            let (invoice, tenant) = office.create_invoice(company, new).await?;
            Ok(Report::created(
                format!(
                    "created invoice {} of {} for {}, due {}",
                    invoice.transact_id,
                    invoice.gross().formatted(),
                    tenant.details.email.as_str(),
                    invoice.due_date
                ),
                invoice.id.to_string(),
                InvoiceView::from(&invoice),
            ))
        }
        InvoiceCommand::List { company, tenant } => {
            let company: CompanyId = parse_id(&company.company, "company")?;
            let tenant = tenant.as_deref().map(TenantRef::parse);
            let found = office.invoices(company, tenant).await?;
            let lines = found
                .iter()
                .map(|i| {
                    format!(
                        "{}  {}  due {}  {}  paid {}  balance {}{}",
                        i.id,
                        i.transact_id,
                        i.due_date,
                        i.gross().formatted(),
                        i.paid().formatted(),
                        i.balance().formatted(),
                        if i.cancelled { "  cancelled" } else { "" }
                    )
                })
                .collect();
            let views: Vec<_> = found.iter().map(InvoiceView::from).collect();
            Ok(Report::new(lines, views))
        }
        InvoiceCommand::Cancel { company, invoice } => {
            let company: CompanyId = parse_id(&company.company, "company")?;
            let invoice = office
                .cancel_invoice(company, InvoiceRef::parse(&invoice))
                .await?;
            Ok(Report::new(
                vec![format!("cancelled invoice {}", invoice.transact_id)],
                CancelledView::from(&invoice),
            ))
        }
    }
}

pub(super) async fn payment(
    office: &Office,
    command: PaymentCommand,
) -> Result<Report, AdminError> {
    let PaymentCommand::Record {
        company,
        invoice,
        amount,
    } = command;
    let company: CompanyId = parse_id(&company.company, "company")?;
    let recorded = office
        .record_payment(company, InvoiceRef::parse(&invoice), amount)
        .await?;
    Ok(Report::new(
        vec![format!(
            "recorded {} against {}; balance now {}",
            recorded.amount.formatted(),
            recorded.invoice.transact_id,
            recorded.balance.formatted()
        )],
        PaymentView {
            invoice_id: recorded.invoice.id.to_string(),
            paid: recorded.amount.major(),
            balance: recorded.balance.major(),
        },
    ))
}
