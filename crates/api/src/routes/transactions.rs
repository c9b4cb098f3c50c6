//! The Tenant Transaction API: five paginated lists of a tenant's money matters.

use actix_web::{HttpResponse, web};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use storegister_app::{ListQuery, Listed};
use storegister_invoice::{
    CreditNoteLine, Currency, DateRange, EntryKind, Invoice, LedgerEntry, Money, Page,
    PaymentVoucher, ReceiptLine,
};
use utoipa::{IntoParams, ToSchema};

use super::tenant::MoneyDto;
use crate::envelope::PagedEnvelope;
use crate::error::ApiError;
use crate::extract::TenantSession;
use crate::state::AppState;

/// The query of every list: which page, between which dates.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// The page, from 1 (default 1) to 1,000,000; past the last page: an empty page.
    #[param(minimum = 1, maximum = 1000000, value_type = Option<u64>)]
    page_number: Option<String>,
    /// Items per page, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100, value_type = Option<u64>)]
    page_size: Option<String>,
    /// Only entries dated on or after this day (`YYYY-MM-DD`).
    #[param(value_type = Option<String>, format = Date)]
    from_date: Option<String>,
    /// Only entries dated on or before this day (`YYYY-MM-DD`).
    #[param(value_type = Option<String>, format = Date)]
    to_date: Option<String>,
}

/// The highest page number asked for: beyond any list, and far from overflowing an offset.
const MAX_PAGE_NUMBER: u64 = 1_000_000;

fn bad_page(message: &str) -> ApiError {
    ApiError::InvalidParam("INVALID_PARAM_PAGE", message.to_owned())
}

fn bad_date(message: String) -> ApiError {
    ApiError::InvalidParam("INVALID_PARAM_DATE", message)
}

/// A positive decimal integer, digits only.
fn number(text: &str) -> Option<u64> {
    let text = text.trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// A day written `YYYY-MM-DD`, exactly.
fn day(text: &str, name: &str) -> Result<NaiveDate, ApiError> {
    let text = text.trim();
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    shaped
        .then(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| bad_date(format!("{name} must be a date written YYYY-MM-DD")))
}

impl ListParams {
    /// The page and dates asked for, or the documented refusal.
    fn query(&self) -> Result<ListQuery, ApiError> {
        let page_number = match &self.page_number {
            None => 1,
            Some(text) => number(text)
                .filter(|n| (1..=MAX_PAGE_NUMBER).contains(n))
                .ok_or_else(|| bad_page("pageNumber must be an integer from 1 to 1000000"))?,
        };
        let page_size = match &self.page_size {
            None => 20,
            Some(text) => number(text)
                .filter(|n| (1..=Page::MAX_SIZE).contains(n))
                .ok_or_else(|| bad_page("pageSize must be an integer from 1 to 100"))?,
        };
        let from = self
            .from_date
            .as_deref()
            .map(|d| day(d, "fromDate"))
            .transpose()?;
        let to = self
            .to_date
            .as_deref()
            .map(|d| day(d, "toDate"))
            .transpose()?;
        if let (Some(from), Some(to)) = (from, to)
            && from > to
        {
            return Err(bad_date("fromDate must not be after toDate".into()));
        }
        Ok(ListQuery {
            page: Page {
                number: page_number,
                size: page_size,
            },
            dates: DateRange { from, to },
        })
    }
}

/// An invoice of the list, in any state.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct InvoiceLineDto {
    #[schema(format = Uuid)]
    id: String,
    transact_id: String,
    #[schema(value_type = String, format = Date)]
    transact_date: NaiveDate,
    #[schema(value_type = String, format = Date)]
    due_date: NaiveDate,
    /// `RENTAL`, `CUSTOM`, `LATE_FEE` or `DEPOSIT`.
    #[schema(value_type = String)]
    transaction_type: &'static str,
    /// Its label, e.g. "Rental Invoice".
    #[schema(value_type = String)]
    transaction_type_value: &'static str,
    /// The contract's id, or null.
    #[schema(format = Uuid)]
    rental_info_id: Option<String>,
    gross_amount: MoneyDto,
    paid_amount: MoneyDto,
    credited_amount: MoneyDto,
    balance_amount: MoneyDto,
    /// `UNPAID`, `PARTIALLY_PAID`, `PAID` or `CANCELLED`.
    #[schema(value_type = String)]
    status: &'static str,
    is_overdue: bool,
    /// Cancelled after it was posted (a reversal line offsets it in the ledger).
    is_reversed: bool,
}

impl InvoiceLineDto {
    fn new(invoice: &Invoice, today: NaiveDate) -> Self {
        Self {
            id: invoice.id.to_string(),
            transact_id: invoice.transact_id.clone(),
            transact_date: invoice.transact_date,
            due_date: invoice.due_date,
            transaction_type: invoice.transaction_type.as_str(),
            transaction_type_value: invoice.transaction_type.label(),
            rental_info_id: invoice.contract_id.map(|c| c.to_string()),
            gross_amount: invoice.gross().into(),
            paid_amount: invoice.paid().into(),
            credited_amount: invoice.credited().into(),
            balance_amount: invoice.balance().into(),
            status: invoice.status().as_str(),
            is_overdue: invoice.is_overdue(today),
            is_reversed: invoice.reversed,
        }
    }
}

/// A credit note: an amount taken off one invoice.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CreditNoteDto {
    #[schema(format = Uuid)]
    id: String,
    transact_id: String,
    #[schema(value_type = String, format = Date)]
    transact_date: NaiveDate,
    /// `CREDIT_NOTE`.
    #[schema(value_type = String)]
    transaction_type: &'static str,
    #[schema(value_type = String)]
    transaction_type_value: &'static str,
    amount: MoneyDto,
    #[schema(format = Uuid)]
    invoice_id: String,
    invoice_transact_id: String,
    reason: String,
}

/// What a receipt paid of one invoice.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AllocationDto {
    #[schema(format = Uuid)]
    invoice_id: String,
    invoice_transact_id: String,
    amount: MoneyDto,
}

/// A receipt voucher: money received from the tenant.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ReceiptDto {
    #[schema(format = Uuid)]
    id: String,
    transact_id: String,
    #[schema(value_type = String, format = Date)]
    transact_date: NaiveDate,
    /// `RECEIPT`.
    #[schema(value_type = String)]
    transaction_type: &'static str,
    #[schema(value_type = String)]
    transaction_type_value: &'static str,
    payment_method: String,
    gross_amount: MoneyDto,
    /// The part not allocated to an invoice.
    advance_amount: MoneyDto,
    allocations: Vec<AllocationDto>,
}

/// A payment voucher: money paid to the tenant.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PaymentVoucherDto {
    #[schema(format = Uuid)]
    id: String,
    transact_id: String,
    #[schema(value_type = String, format = Date)]
    transact_date: NaiveDate,
    /// `PAYMENT`.
    #[schema(value_type = String)]
    transaction_type: &'static str,
    #[schema(value_type = String)]
    transaction_type_value: &'static str,
    gross_amount: MoneyDto,
    reason: String,
}

/// A ledger entry's type: its code and name.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct EntryTypeDto {
    /// `RENTAL`, `CUSTOM`, `LATE_FEE`, `DEPOSIT`, `CREDIT_NOTE`, `RECEIPT`, `PAYMENT`,
    /// `REVERSAL` or `CANCELLATION`.
    #[schema(value_type = String)]
    code: &'static str,
    /// e.g. "Rental Invoice".
    #[schema(value_type = String)]
    name: &'static str,
}

/// One line of the tenant's account statement.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LedgerEntryDto {
    #[schema(format = Uuid)]
    id: String,
    /// 1 for the oldest entry.
    ledger_index: i64,
    transact_id: String,
    #[schema(value_type = String, format = Date)]
    transact_date: NaiveDate,
    transaction_type: EntryTypeDto,
    /// The contract's number, or null.
    rental_transact_id: Option<String>,
    /// The invoice a credit note, receipt or reversal refers to, or null.
    #[schema(format = Uuid)]
    reference_book_info_id: Option<String>,
    reference_book_info_transact_id: Option<String>,
    /// What the entry charges, or null.
    payment: Option<MoneyDto>,
    /// What the entry credits (received or taken off), or null.
    receipt: Option<MoneyDto>,
    /// What the tenant owes after the entry; negative: in credit.
    balance: MoneyDto,
}

fn money(minor: i64, currency: Currency) -> MoneyDto {
    Money::from_minor(minor, currency).into()
}

impl LedgerEntryDto {
    fn new(entry: &LedgerEntry, currency: Currency) -> Self {
        let kind: EntryKind = entry.kind;
        Self {
            id: entry.id.to_string(),
            ledger_index: entry.ledger_index,
            transact_id: entry.transact_id.clone(),
            transact_date: entry.transact_date,
            transaction_type: EntryTypeDto {
                code: kind.code(),
                name: kind.label(),
            },
            rental_transact_id: entry.contract_number.clone(),
            reference_book_info_id: entry.reference_id.map(|r| r.to_string()),
            reference_book_info_transact_id: entry.reference_transact_id.clone(),
            payment: (entry.charge_minor != 0).then(|| money(entry.charge_minor, currency)),
            receipt: (entry.credit_minor != 0).then(|| money(entry.credit_minor, currency)),
            balance: money(entry.balance_minor, currency),
        }
    }
}

/// The page's envelope.
fn respond<T, D: Serialize>(
    listed: Listed<T>,
    query: ListQuery,
    dto: impl Fn(&T, Currency, NaiveDate) -> D,
) -> HttpResponse {
    let Listed {
        page,
        currency,
        today,
    } = listed;
    let items: Vec<D> = page
        .items
        .iter()
        .map(|item| dto(item, currency, today))
        .collect();
    HttpResponse::Ok().json(PagedEnvelope::new(items, query.page, page.total))
}

/// `GET /v1/transaction/invoice/list`.
#[utoipa::path(
    get,
    path = "/v1/transaction/invoice/list",
    tag = "transactions",
    summary = "The tenant's invoices",
    description = "Invoices of every state (unpaid, partly paid, paid, cancelled), newest first. Cancelled invoices stay listed and count for nothing.",
    params(ListParams),
    security(("api_key" = [], "token" = [])),
    responses(
        (status = 200, description = "A page of invoices", body = PagedEnvelope<Vec<InvoiceLineDto>>),
        (status = 400, description = "INVALID_PARAM_PAGE (pageNumber below 1, pageSize not 1–100, not an integer), INVALID_PARAM_DATE (not YYYY-MM-DD, or fromDate after toDate)", body = crate::envelope::ErrorEnvelope),
        (status = 401, description = "INVALID_API_KEY, INVALID_TOKEN, TOKEN_EXPIRED", body = crate::envelope::ErrorEnvelope),
        (status = 404, description = "NO_RECORDS_FOUND", body = crate::envelope::ErrorEnvelope),
        (status = 500, description = "SOMETHING_WENT_WRONG", body = crate::envelope::ErrorEnvelope),
        (status = 503, description = "SERVICE_UNAVAILABLE", body = crate::envelope::ErrorEnvelope)
    )
)]
pub async fn invoices(
    state: web::Data<AppState>,
    TenantSession(session): TenantSession,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, ApiError> {
    let query = params.query()?;
    let listed = state.tenants.invoice_list(session, query).await?;
    Ok(respond(listed, query, |invoice, _, today| {
        InvoiceLineDto::new(invoice, today)
    }))
}

/// `GET /v1/transaction/credit-note/list`.
#[utoipa::path(
    get,
    path = "/v1/transaction/credit-note/list",
    tag = "transactions",
    summary = "The tenant's credit notes",
    description = "Credit notes (an amount taken off one invoice), newest first.",
    params(ListParams),
    security(("api_key" = [], "token" = [])),
    responses(
        (status = 200, description = "A page of credit notes", body = PagedEnvelope<Vec<CreditNoteDto>>),
        (status = 400, description = "INVALID_PARAM_PAGE, INVALID_PARAM_DATE", body = crate::envelope::ErrorEnvelope),
        (status = 401, description = "INVALID_API_KEY, INVALID_TOKEN, TOKEN_EXPIRED", body = crate::envelope::ErrorEnvelope),
        (status = 404, description = "NO_RECORDS_FOUND", body = crate::envelope::ErrorEnvelope),
        (status = 500, description = "SOMETHING_WENT_WRONG", body = crate::envelope::ErrorEnvelope),
        (status = 503, description = "SERVICE_UNAVAILABLE", body = crate::envelope::ErrorEnvelope)
    )
)]
pub async fn credit_notes(
    state: web::Data<AppState>,
    TenantSession(session): TenantSession,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, ApiError> {
    let query = params.query()?;
    let listed = state.tenants.credit_note_list(session, query).await?;
    Ok(respond(
        listed,
        query,
        |line: &CreditNoteLine, currency, _| CreditNoteDto {
            id: line.note.id.to_string(),
            transact_id: line.note.transact_id.clone(),
            transact_date: line.note.transact_date,
            transaction_type: EntryKind::CreditNote.code(),
            transaction_type_value: EntryKind::CreditNote.label(),
            amount: money(line.note.amount_minor, currency),
            invoice_id: line.note.invoice_id.to_string(),
            invoice_transact_id: line.invoice_transact_id.clone(),
            reason: line.note.reason.clone(),
        },
    ))
}

/// `GET /v1/transaction/voucher/receipt/list`.
#[utoipa::path(
    get,
    path = "/v1/transaction/voucher/receipt/list",
    tag = "transactions",
    summary = "The tenant's receipt vouchers",
    description = "Money received from the tenant, newest first, with what it paid of which invoice; advanceAmount is the part not allocated to an invoice.",
    params(ListParams),
    security(("api_key" = [], "token" = [])),
    responses(
        (status = 200, description = "A page of receipt vouchers", body = PagedEnvelope<Vec<ReceiptDto>>),
        (status = 400, description = "INVALID_PARAM_PAGE, INVALID_PARAM_DATE", body = crate::envelope::ErrorEnvelope),
        (status = 401, description = "INVALID_API_KEY, INVALID_TOKEN, TOKEN_EXPIRED", body = crate::envelope::ErrorEnvelope),
        (status = 404, description = "NO_RECORDS_FOUND", body = crate::envelope::ErrorEnvelope),
        (status = 500, description = "SOMETHING_WENT_WRONG", body = crate::envelope::ErrorEnvelope),
        (status = 503, description = "SERVICE_UNAVAILABLE", body = crate::envelope::ErrorEnvelope)
    )
)]
pub async fn receipts(
    state: web::Data<AppState>,
    TenantSession(session): TenantSession,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, ApiError> {
    let query = params.query()?;
    let listed = state.tenants.receipt_list(session, query).await?;
    Ok(respond(listed, query, |line: &ReceiptLine, currency, _| {
        ReceiptDto {
            id: line.receipt.id.to_string(),
            transact_id: line.receipt.transact_id.clone(),
            transact_date: line.receipt.transact_date,
            transaction_type: EntryKind::Receipt.code(),
            transaction_type_value: EntryKind::Receipt.label(),
            payment_method: line.receipt.payment_method.clone(),
            gross_amount: money(line.receipt.gross_minor, currency),
            advance_amount: money(line.receipt.advance_minor(), currency),
            allocations: line
                .allocations
                .iter()
                .map(|(invoice, number, amount)| AllocationDto {
                    invoice_id: invoice.to_string(),
                    invoice_transact_id: number.clone(),
                    amount: money(*amount, currency),
                })
                .collect(),
        }
    }))
}

/// `GET /v1/transaction/voucher/payment/list`.
#[utoipa::path(
    get,
    path = "/v1/transaction/voucher/payment/list",
    tag = "transactions",
    summary = "The tenant's payment vouchers",
    description = "Money paid to the tenant (a deposit refund, an advance paid back), newest first.",
    params(ListParams),
    security(("api_key" = [], "token" = [])),
    responses(
        (status = 200, description = "A page of payment vouchers", body = PagedEnvelope<Vec<PaymentVoucherDto>>),
        (status = 400, description = "INVALID_PARAM_PAGE, INVALID_PARAM_DATE", body = crate::envelope::ErrorEnvelope),
        (status = 401, description = "INVALID_API_KEY, INVALID_TOKEN, TOKEN_EXPIRED", body = crate::envelope::ErrorEnvelope),
        (status = 404, description = "NO_RECORDS_FOUND", body = crate::envelope::ErrorEnvelope),
        (status = 500, description = "SOMETHING_WENT_WRONG", body = crate::envelope::ErrorEnvelope),
        (status = 503, description = "SERVICE_UNAVAILABLE", body = crate::envelope::ErrorEnvelope)
    )
)]
pub async fn payment_vouchers(
    state: web::Data<AppState>,
    TenantSession(session): TenantSession,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, ApiError> {
    let query = params.query()?;
    let listed = state.tenants.payment_voucher_list(session, query).await?;
    Ok(respond(
        listed,
        query,
        |voucher: &PaymentVoucher, currency, _| PaymentVoucherDto {
            id: voucher.id.to_string(),
            transact_id: voucher.transact_id.clone(),
            transact_date: voucher.transact_date,
            transaction_type: EntryKind::PaymentVoucher.code(),
            transaction_type_value: EntryKind::PaymentVoucher.label(),
            gross_amount: money(voucher.amount_minor, currency),
            reason: voucher.reason.clone(),
        },
    ))
}

/// `GET /v1/transaction/ledger/list`.
#[utoipa::path(
    get,
    path = "/v1/transaction/ledger/list",
    tag = "transactions",
    summary = "The tenant's ledger",
    description = "Every invoice, credit note, receipt, payment voucher, reversal and cancellation as one account statement, newest first (by ledgerIndex: the order they were posted in), each with the balance after it: what the tenant owes, negative when in credit.",
    params(ListParams),
    security(("api_key" = [], "token" = [])),
    responses(
        (status = 200, description = "A page of the ledger", body = PagedEnvelope<Vec<LedgerEntryDto>>),
        (status = 400, description = "INVALID_PARAM_PAGE, INVALID_PARAM_DATE", body = crate::envelope::ErrorEnvelope),
        (status = 401, description = "INVALID_API_KEY, INVALID_TOKEN, TOKEN_EXPIRED", body = crate::envelope::ErrorEnvelope),
        (status = 404, description = "NO_RECORDS_FOUND", body = crate::envelope::ErrorEnvelope),
        (status = 500, description = "SOMETHING_WENT_WRONG", body = crate::envelope::ErrorEnvelope),
        (status = 503, description = "SERVICE_UNAVAILABLE", body = crate::envelope::ErrorEnvelope)
    )
)]
pub async fn ledger(
    state: web::Data<AppState>,
    TenantSession(session): TenantSession,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, ApiError> {
    let query = params.query()?;
    let listed = state.tenants.ledger_list(session, query).await?;
    Ok(respond(
        listed,
        query,
        |entry: &LedgerEntry, currency, _| LedgerEntryDto::new(entry, currency),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(
        number: Option<&str>,
        size: Option<&str>,
        from: Option<&str>,
        to: Option<&str>,
    ) -> ListParams {
        ListParams {
            page_number: number.map(Into::into),
            page_size: size.map(Into::into),
            from_date: from.map(Into::into),
            to_date: to.map(Into::into),
        }
    }

    fn code(result: Result<ListQuery, ApiError>) -> &'static str {
        match result {
            Err(ApiError::InvalidParam(code, _)) => code,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn paging_has_defaults_and_bounds() {
        let query = params(None, None, None, None).query().unwrap();
        assert_eq!(
            query.page,
            Page {
                number: 1,
                size: 20
            }
        );
        let query = params(Some("3"), Some("100"), None, None).query().unwrap();
        assert_eq!(
            query.page,
            Page {
                number: 3,
                size: 100
            }
        );
        for (number, size) in [
            ("0", "20"),
            ("1", "0"),
            ("1", "101"),
            ("-1", "20"),
            ("+2", "20"),
            ("1.5", "20"),
            ("x", "20"),
        ] {
            assert_eq!(
                code(params(Some(number), Some(size), None, None).query()),
                "INVALID_PARAM_PAGE",
                "{number} {size}"
            );
        }
    }

    #[test]
    fn dates_are_strict_and_in_order() {
        let query = params(None, None, Some("2026-01-01"), Some("2026-01-31"))
            .query()
            .unwrap();
        assert_eq!(query.dates.from, Some("2026-01-01".parse().unwrap()));
        for (from, to) in [
            ("2026-1-1", "2026-01-31"),
            ("2026-02-30", "2026-03-01"),
            ("yesterday", "2026-01-01"),
            ("2026-02-01", "2026-01-31"),
        ] {
            assert_eq!(
                code(params(None, None, Some(from), Some(to)).query()),
                "INVALID_PARAM_DATE",
                "{from} {to}"
            );
        }
    }
}
