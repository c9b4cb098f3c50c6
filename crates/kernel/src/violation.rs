//! Validation outcomes in the domain's own terms: which field broke which rule. The words a
//! client reads (field names as sent, error codes, messages) belong to the adapters that speak
//! to clients, which map these values once.

use std::fmt;

/// The kind of value a field takes, for a value of another kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    /// A string.
    Text,
    /// An integer identifier.
    IntegerId,
    /// `true` or `false`.
    Boolean,
    /// A GUID, as a string.
    GuidText,
    /// An object, or `null`.
    ObjectOrNull,
}

/// A rule a field's value broke.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rule {
    /// Left out, `null` or blank, but required.
    Required,
    /// Sent as a value of another kind.
    WrongType(Expected),
    /// Holds control characters.
    ControlCharacters,
    /// Holds invisible characters (zero-width) or ones that change the text's direction.
    InvisibleCharacters,
    /// Not within `min..=max` characters (after trimming).
    Characters {
        /// The fewest characters allowed.
        min: usize,
        /// The most characters allowed.
        max: usize,
    },
    /// Longer than `max` characters.
    TooLong {
        /// The most characters allowed.
        max: usize,
    },
    /// A password not within `min..=max` bytes.
    PasswordBytes {
        /// The fewest bytes allowed.
        min: usize,
        /// The most bytes allowed.
        max: usize,
    },
    /// A password made from the user name (equal to it, or containing the part before `@`).
    PasswordIsUserName,
    /// A password among the most common ones.
    PasswordCommon,
    /// A new password equal to the existing one.
    PasswordUnchanged,
    /// Not an e-mail address.
    NotAnEmail,
    /// A phone number with other characters than digits and `+-().`, or under 3 digits.
    NotAPhoneNumber,
    /// Not a GUID.
    NotAGuid,
    /// A user name that is not the contact's own e-mail address.
    NotTheEmail,
    /// Not the shape of a one-time code (its digits).
    NotACode,
    /// A reference (country, region) to nothing that exists.
    UnknownReference(i64),
    /// A region that is not in the address's country.
    RegionOutsideCountry(i64),
    /// A record that exists, but not in the request's company.
    NotOfCompany,
}

/// One rule one field broke.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation<F> {
    /// The field at fault.
    pub field: F,
    /// What is wrong with it.
    pub rule: Rule,
}

impl<F> Violation<F> {
    /// `field` broke `rule`.
    pub fn new(field: F, rule: Rule) -> Self {
        Self { field, rule }
    }
}

/// Every rule a request broke, in the order of the request's fields; never empty once returned
/// as an error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violations<F>(Vec<Violation<F>>);

impl<F> Default for Violations<F> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<F> Violations<F> {
    /// An empty collector.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records one violation.
    pub fn push(&mut self, violation: Violation<F>) {
        self.0.push(violation);
    }

    /// Records the violation of a check that failed, passing a value through when it held.
    pub fn check<T>(&mut self, result: Result<T, Violation<F>>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(violation) => {
                self.push(violation);
                None
            }
        }
    }

    /// Adds every violation of another collector, keeping their order.
    pub fn extend(&mut self, other: Violations<F>) {
        self.0.extend(other.0);
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The recorded violations, in order.
    pub fn as_slice(&self) -> &[Violation<F>] {
        &self.0
    }

    /// `Ok(value)` when nothing was recorded, else the violations.
    pub fn into_result<T>(self, value: impl FnOnce() -> T) -> Result<T, Violations<F>> {
        if self.0.is_empty() {
            Ok(value())
        } else {
            Err(self)
        }
    }

    /// The same violations, their fields named in a wider vocabulary (a use case's fields
    /// that include a domain crate's).
    pub fn widen<G: From<F>>(self) -> Violations<G> {
        Violations(
            self.0
                .into_iter()
                .map(|v| Violation::new(G::from(v.field), v.rule))
                .collect(),
        )
    }
}

impl<F> From<Violation<F>> for Violations<F> {
    fn from(value: Violation<F>) -> Self {
        Self(vec![value])
    }
}

impl<F> IntoIterator for Violations<F> {
    type Item = Violation<F>;
    type IntoIter = std::vec::IntoIter<Violation<F>>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<F: fmt::Debug> fmt::Display for Violations<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid input:")?;
        for (n, violation) in self.0.iter().enumerate() {
            let separator = if n == 0 { " " } else { ", " };
            write!(f, "{separator}{:?} {:?}", violation.field, violation.rule)?;
        }
        Ok(())
    }
}

impl<F: fmt::Debug> std::error::Error for Violations<F> {}
