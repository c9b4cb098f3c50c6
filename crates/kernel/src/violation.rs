use std::fmt;

/// One rule a request broke: a documented error code, a human message, and the request field
/// at fault (when exactly one field is).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// The documented error code, for example `INVALID_PARAM_FIRSTNAME`.
    pub code: &'static str,
    /// A sentence for a developer reading the response.
    pub message: String,
    /// The request field at fault, spelled as in the request (camelCase).
    pub field: Option<&'static str>,
}

impl Violation {
    /// A violation of one field's rule.
    pub fn field(code: &'static str, field: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            field: Some(field),
        }
    }

    /// A violation that belongs to no single field.
    pub fn general(code: &'static str, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            field: None,
        }
    }
}

/// Every rule a request broke, in the order of the request's fields; never empty once returned
/// as an error.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Violations(Vec<Violation>);

impl Violations {
    /// An empty collector.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records one violation.
    pub fn push(&mut self, violation: Violation) {
        self.0.push(violation);
    }

    /// Records the violation of a check that failed, passing a value through when it held.
    pub fn check<T>(&mut self, result: Result<T, Violation>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(violation) => {
                self.push(violation);
                None
            }
        }
    }

    /// Adds every violation of another collector, keeping their order.
    pub fn extend(&mut self, other: Violations) {
        self.0.extend(other.0);
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The recorded violations, in order.
    pub fn as_slice(&self) -> &[Violation] {
        &self.0
    }

    /// Whether a violation with this code was recorded.
    pub fn has_code(&self, code: &str) -> bool {
        self.0.iter().any(|v| v.code == code)
    }

    /// `Ok(value)` when nothing was recorded, else the violations.
    pub fn into_result<T>(self, value: impl FnOnce() -> T) -> Result<T, Violations> {
        if self.0.is_empty() {
            Ok(value())
        } else {
            Err(self)
        }
    }
}

impl From<Violation> for Violations {
    fn from(value: Violation) -> Self {
        Self(vec![value])
    }
}

impl IntoIterator for Violations {
    type Item = Violation;
    type IntoIter = std::vec::IntoIter<Violation>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl fmt::Display for Violations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let codes: Vec<&str> = self.0.iter().map(|v| v.code).collect();
        write!(f, "invalid input: {}", codes.join(", "))
    }
}

impl std::error::Error for Violations {}
