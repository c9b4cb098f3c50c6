//! The response envelope every endpoint answers with.

use serde::Serialize;
use utoipa::ToSchema;

/// A successful response: `{ "data", "succeeded": true, "status": "SUCCESS", "errors": null }`,
/// keys in this order.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Envelope<T> {
    /// The payload.
    pub data: Option<T>,
    /// Whether the request succeeded.
    pub succeeded: bool,
    /// `SUCCESS` or `ERROR`.
    #[schema(value_type = String)]
    pub status: &'static str,
    /// `null` on success; otherwise at least one error.
    pub errors: Option<Vec<ErrorItem>>,
}

/// A page of a list: the success envelope with `pagination` after `errors`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PagedEnvelope<T> {
    /// The page's items.
    pub data: T,
    /// Always `true`.
    pub succeeded: bool,
    /// Always `SUCCESS`.
    #[schema(value_type = String)]
    pub status: &'static str,
    /// Always `null`.
    pub errors: Option<Vec<ErrorItem>>,
    /// Where the page is in the list.
    pub pagination: Pagination,
}

/// Where a page is in its list.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Pagination {
    /// The page, from 1.
    page_number: u64,
    /// Items per page.
    page_size: u64,
    /// How many pages the list has (0 when it is empty).
    total_pages: u64,
    /// How many items the list has.
    total_count: u64,
}

impl<T: Serialize> PagedEnvelope<T> {
    /// A page of `total` items in all.
    pub fn new(data: T, page: storegister_invoice::Page, total: u64) -> Self {
        Self {
            data,
            succeeded: true,
            status: "SUCCESS",
            errors: None,
            pagination: Pagination {
                page_number: page.number,
                page_size: page.size,
                total_pages: page.pages(total),
                total_count: total,
            },
        }
    }
}

/// A failed response: `{ "data": null, "succeeded": false, "status": "ERROR", "errors": […] }`.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // only its schema is used; failures are rendered by `Envelope::failure`
pub struct ErrorEnvelope {
    /// Always `null`.
    #[schema(value_type = Option<String>)]
    data: Option<()>,
    /// Always `false`.
    succeeded: bool,
    /// Always `ERROR`.
    #[schema(value_type = String, pattern = "^ERROR$")]
    status: String,
    /// At least one error.
    #[schema(min_items = 1)]
    errors: Vec<ErrorItem>,
}

/// A success without data: `{ "data": null, "succeeded": true, "status", "errors": null }`,
/// where `status` is `SUCCESS`, or `VERIFICATION_REQUIRED` when the outcome waits on a code
/// mailed to the address.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoDataEnvelope {
    /// Always `null`.
    #[schema(value_type = Option<String>)]
    data: Option<()>,
    /// Always `true`.
    succeeded: bool,
    /// `SUCCESS` or `VERIFICATION_REQUIRED`.
    #[schema(value_type = String, pattern = "^(SUCCESS|VERIFICATION_REQUIRED)$")]
    status: &'static str,
    /// Always `null`.
    #[schema(value_type = Option<Vec<ErrorItem>>)]
    errors: Option<Vec<ErrorItem>>,
}

impl NoDataEnvelope {
    /// The answer of a request done (`SUCCESS`) with nothing to return.
    pub fn done() -> Self {
        Self::with_status("SUCCESS")
    }

    /// The answer of a registration that waits on a mailed code.
    pub fn verification_required() -> Self {
        Self::with_status("VERIFICATION_REQUIRED")
    }

    fn with_status(status: &'static str) -> Self {
        Self {
            data: None,
            succeeded: true,
            status,
            errors: None,
        }
    }
}

/// One error of a failed request.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrorItem {
    /// The documented error code, e.g. `INVALID_PARAM_FIRSTNAME`.
    #[schema(value_type = String)]
    pub code: &'static str,
    /// A sentence for the developer.
    pub message: String,
    /// The request field at fault, when one is.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<String>)]
    pub field: Option<&'static str>,
}

impl<T: Serialize> Envelope<T> {
    /// A success carrying `data`.
    pub fn success(data: T) -> Self {
        Self {
            data: Some(data),
            succeeded: true,
            status: "SUCCESS",
            errors: None,
        }
    }
}

impl Envelope<()> {
    /// A failure with these errors.
    pub fn failure(errors: Vec<ErrorItem>) -> Self {
        Self {
            data: None,
            succeeded: false,
            status: "ERROR",
            errors: Some(errors),
        }
    }
}
