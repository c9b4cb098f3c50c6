//! `invoice …` and `payment …`.

use storegister_app::{
    InvoiceRef, NewCreditNote, NewInvoice, NewPaymentVoucher, NewReceipt, TenantRef,
};
use storegister_invoice::Money;
use storegister_kernel::CompanyId;

use super::{Office, parse_choice, parse_date, parse_id};
use crate::cli::{
    CreditNoteCommand, InvoiceCommand, PaymentCommand, ReceiptCommand, VoucherCommand,
};
use crate::views::{CancelledView, InvoiceView, PaymentView, PostedView, ReceiptView};
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
        InvoiceCommand::Reverse {
            company,
            invoice,
            date,
        } => {
            let company: CompanyId = parse_id(&company.company, "company")?;
            let date = date.map(|d| parse_date(&d, "--date")).transpose()?;
            let invoice = office
                .reverse_invoice(company, InvoiceRef::parse(&invoice), date)
                .await?;
            Ok(Report::new(
                vec![format!(
                    "reversed invoice {}; {} paid on it went back to its receipts as advance",
                    invoice.transact_id,
                    invoice.paid().formatted()
                )],
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
    let (recorded, after) = office
        .record_payment(company, InvoiceRef::parse(&invoice), amount)
        .await?;
    let paid = recorded
        .paid
        .first()
        .map(|(_, amount)| *amount)
        .unwrap_or_else(|| after.paid());
    Ok(Report::new(
        vec![format!(
            "recorded {} against {} (receipt {}); balance now {}",
            paid.formatted(),
            after.transact_id,
            recorded.receipt.transact_id,
            after.balance().formatted()
        )],
        PaymentView {
            invoice_id: after.id.to_string(),
            receipt_id: recorded.receipt.id.to_string(),
            paid: paid.major(),
            balance: after.balance().major(),
        },
    ))
}

/// An `INVOICE=AMOUNT` argument.
fn allocation(text: &str) -> Result<(InvoiceRef, String), AdminError> {
    match text.rsplit_once('=') {
        Some((invoice, amount)) if !invoice.trim().is_empty() && !amount.trim().is_empty() => {
            Ok((InvoiceRef::parse(invoice.trim()), amount.trim().to_owned()))
        }
        _ => Err(AdminError::Invalid(format!(
            "--allocate takes INVOICE=AMOUNT (an invoice id or number and an amount), not {text:?}"
        ))),
    }
}

fn receipt_lines(recorded: &storegister_app::ReceiptRecorded, verb: &str) -> Vec<String> {
    let receipt = &recorded.receipt;
    let currency = recorded.currency;
    let mut lines = vec![format!(
        "{verb} receipt {} of {} from {}",
        receipt.transact_id,
        Money::from_minor(receipt.gross_minor, currency).formatted(),
        recorded.tenant.details.email.as_str()
    )];
    for (number, amount) in &recorded.paid {
        lines.push(format!("  {} to invoice {number}", amount.formatted()));
    }
    lines.push(format!(
        "  advance left: {}",
        Money::from_minor(receipt.advance_minor(), currency).formatted()
    ));
    lines.push(receipt.id.to_string());
    lines
}

pub(super) async fn receipt(
    office: &Office,
    command: ReceiptCommand,
) -> Result<Report, AdminError> {
    match command {
        ReceiptCommand::Record {
            company,
            tenant,
            amount,
            number,
            date,
            method,
            allocations,
        } => {
            let company: CompanyId = parse_id(&company.company, "company")?;
            let allocations = if allocations.is_empty() {
                None
            } else {
                Some(
                    allocations
                        .iter()
                        .map(|a| allocation(a))
                        .collect::<Result<Vec<_>, _>>()?,
                )
            };
            let recorded = office
                .record_receipt(
                    company,
                    NewReceipt {
                        tenant: TenantRef::parse(&tenant),
                        number,
                        amount,
                        date: date.map(|d| parse_date(&d, "--date")).transpose()?,
                        payment_method: method,
                        allocations,
                    },
                )
                .await?;
            Ok(Report::new(
                receipt_lines(&recorded, "recorded"),
                ReceiptView::from(&recorded),
            ))
        }
        ReceiptCommand::Allocate { company, receipt } => {
            let company: CompanyId = parse_id(&company.company, "company")?;
            let recorded = office.allocate_advance(company, receipt).await?;
            Ok(Report::new(
                receipt_lines(&recorded, "allocated"),
                ReceiptView::from(&recorded),
            ))
        }
    }
}

pub(super) async fn credit_note(
    office: &Office,
    command: CreditNoteCommand,
) -> Result<Report, AdminError> {
    let CreditNoteCommand::Issue {
        company,
        invoice,
        amount,
        reason,
        number,
        date,
    } = command;
    let company: CompanyId = parse_id(&company.company, "company")?;
    let posted = office
        .issue_credit_note(
            company,
            NewCreditNote {
                invoice: InvoiceRef::parse(&invoice),
                number,
                amount,
                date: date.map(|d| parse_date(&d, "--date")).transpose()?,
                reason,
            },
        )
        .await?;
    let note = &posted.record;
    Ok(Report::created(
        format!(
            "issued credit note {} on invoice {}; the tenant's balance is now {}",
            note.transact_id,
            posted
                .entry
                .reference_transact_id
                .clone()
                .unwrap_or_default(),
            posted.entry.balance_minor
        ),
        note.id.to_string(),
        PostedView::of(note.id, &note.transact_id, &posted.entry),
    ))
}

pub(super) async fn voucher(
    office: &Office,
    command: VoucherCommand,
) -> Result<Report, AdminError> {
    let VoucherCommand::Pay {
        company,
        tenant,
        amount,
        reason,
        number,
        date,
    } = command;
    let company: CompanyId = parse_id(&company.company, "company")?;
    let posted = office
        .pay_voucher(
            company,
            NewPaymentVoucher {
                tenant: TenantRef::parse(&tenant),
                number,
                amount,
                date: date.map(|d| parse_date(&d, "--date")).transpose()?,
                reason,
            },
        )
        .await?;
    let voucher = &posted.record;
    Ok(Report::created(
        format!(
            "paid voucher {}; the tenant's balance is now {}",
            voucher.transact_id,
            Money::from_minor(posted.entry.balance_minor, posted.currency).formatted()
        ),
        voucher.id.to_string(),
        PostedView::of(voucher.id, &voucher.transact_id, &posted.entry),
    ))
}
