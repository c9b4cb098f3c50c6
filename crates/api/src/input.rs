//! Lenient reading of request fields: a field of the wrong JSON type is reported with that
//! field's own error code instead of failing the whole body.

use secrecy::SecretString;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use storegister_contact_book::{AddressForm, ContactForm};
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

/// Written as `null`: requests are never sent back; this serves the defaults of the OpenAPI
/// description only (and a password field must never be written anywhere).
impl<T> Serialize for Lenient<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_none()
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

/// Passwords: strings, wrapped at once so that no `Debug` or log can show them.
impl FromJson for SecretString {
    fn from_json(value: Value) -> Option<Self> {
        String::from_json(value).map(SecretString::from)
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

/// A postal address in a request, with the documentation example's spellings as aliases.
#[derive(Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct AddressRequest {
    /// Street and number, 2–250 characters.
    #[schema(value_type = Option<String>)]
    address: Lenient<String>,
    /// City, 2–60 characters.
    #[schema(value_type = Option<String>)]
    city: Lenient<String>,
    /// Region id; 0 or absent is none. Must belong to the country.
    #[schema(value_type = Option<i64>)]
    region: Lenient<i64>,
    /// Country id (ISO 3166-1 numeric); alias `country`.
    #[serde(alias = "country")]
    #[schema(value_type = Option<i64>)]
    country_id: Lenient<i64>,
    /// Postal code, 4–15 characters; alias `postalCode`.
    #[serde(alias = "postalCode")]
    #[schema(value_type = Option<String>)]
    zip_code: Lenient<String>,
}

impl AddressRequest {
    /// The address as the domain validates it.
    pub fn into_form(self) -> AddressForm {
        AddressForm {
            address: self.address.into_input(),
            city: self.city.into_input(),
            region: self.region.into_input(),
            country_id: self.country_id.into_input(),
            zip_code: self.zip_code.into_input(),
        }
    }
}

/// Contact details in a request (registration and profile update share them).
#[derive(Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, rename_all = "camelCase")]
pub struct ContactRequest {
    /// Required, 2–60 characters.
    #[schema(value_type = String)]
    first_name: Lenient<String>,
    /// Required, 2–60 characters.
    #[schema(value_type = String)]
    last_name: Lenient<String>,
    /// Required, at most 15 characters.
    #[schema(value_type = String)]
    phone_number: Lenient<String>,
    /// Required e-mail address, at most 100 characters; alias `email`.
    #[serde(alias = "email")]
    #[schema(value_type = String)]
    email_id: Lenient<String>,
    #[serde(flatten)]
    address: AddressRequest,
}

impl ContactRequest {
    /// The details as the domain validates them.
    pub fn into_form(self) -> ContactForm {
        ContactForm {
            first_name: self.first_name.into_input(),
            last_name: self.last_name.into_input(),
            phone_number: self.phone_number.into_input(),
            email_id: self.email_id.into_input(),
            address: self.address.into_form(),
        }
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
