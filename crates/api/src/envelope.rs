//! The response envelope every endpoint answers with.

use serde::Serialize;

/// `{ "data", "succeeded", "status", "errors" }`, keys in this order.
#[derive(Debug, Serialize)]
pub struct Envelope<T: Serialize> {
    /// The payload; `null` on failure.
    pub data: Option<T>,
    /// Whether the request succeeded.
    pub succeeded: bool,
    /// `SUCCESS` or `ERROR`.
    pub status: &'static str,
    /// `null` on success; otherwise at least one error.
    pub errors: Option<Vec<ErrorItem>>,
}

/// One error of a failed request.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct ErrorItem {
    /// The documented error code.
    pub code: &'static str,
    /// A sentence for the developer.
    pub message: String,
    /// The request field at fault, when one is.
    #[serde(skip_serializing_if = "Option::is_none")]
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
