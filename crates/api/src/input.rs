//! Lenient reading of request fields: a field of the wrong JSON type is reported with that
//! field's own error code instead of failing the whole body.

use serde::{Deserialize, Deserializer};
use serde_json::Value;
use storegister_kernel::Input;

/// A request field, read from any JSON value (see [`Input`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lenient<T>(pub Input<T>);

impl<T> Lenient<T> {
    /// The field as the domain takes it.
    pub fn into_input(self) -> Input<T> {
        self.0
    }
}

/// How a JSON value becomes a field of this type.
pub trait FromJson: Sized {
    /// `None` when the value has the wrong type.
    fn from_json(value: Value) -> Option<Self>;
}

impl FromJson for String {
    fn from_json(value: Value) -> Option<Self> {
        match value {
            Value::String(text) => Some(text),
            _ => None,
        }
    }
}

/// Booleans also as the strings `"true"` and `"false"`, which HTML forms send.
impl FromJson for bool {
    fn from_json(value: Value) -> Option<Self> {
        match value {
            Value::Bool(flag) => Some(flag),
            Value::String(text) => match text.trim() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }
}

/// Integers also as decimal strings (`"205"`), which `<select>` values are.
impl FromJson for i64 {
    fn from_json(value: Value) -> Option<Self> {
        match value {
            Value::Number(number) => number.as_i64(),
            Value::String(text) => text.trim().parse().ok(),
            _ => None,
        }
    }
}

impl<'de, T: FromJson> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        Ok(Lenient(match value {
            Value::Null => Input::Absent,
            value => T::from_json(value).map_or(Input::Invalid, Input::Given),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct Form {
        name: Lenient<String>,
        count: Lenient<i64>,
        flag: Lenient<bool>,
    }

    fn read(json: &str) -> Form {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn fields_are_given_absent_or_invalid() {
        let form = read(r#"{"name": "x", "count": "205", "flag": "true"}"#);
        assert_eq!(form.name.0, Input::Given("x".into()));
        assert_eq!(form.count.0, Input::Given(205));
        assert_eq!(form.flag.0, Input::Given(true));

        let form = read(r#"{"name": null}"#);
        assert_eq!(form.name.0, Input::Absent);
        assert_eq!(form.count.0, Input::Absent);

        let form = read(r#"{"name": 5, "count": 2.5, "flag": "yes"}"#);
        assert_eq!(form.name.0, Input::Invalid);
        assert_eq!(form.count.0, Input::Invalid);
        assert_eq!(form.flag.0, Input::Invalid);

        let form = read(r#"{"count": 1e300, "name": ["a"]}"#);
        assert_eq!(form.count.0, Input::Invalid);
        assert_eq!(form.name.0, Input::Invalid);
    }
}
