//! The wire vocabulary of validation errors: each domain field's name as a client sends it,
//! its documented StoRegister error code, and a sentence for each broken rule. The domain
//! speaks in [`Field`]s and [`Rule`]s; this is the one place they become words.

use storegister_app::fields::Field;
use storegister_contact_book::fields::{AddressKind, AddressPart, ContactField};
use storegister_kernel::{Expected, Rule, Violation, Violations};

use crate::envelope::ErrorItem;

/// How a field is named to clients.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Wire {
    /// Its name in the request body (camelCase; dotted when nested).
    pub name: &'static str,
    /// The error code reported when it is invalid.
    pub code: &'static str,
    /// How messages name it.
    pub label: &'static str,
}

const fn wire(name: &'static str, code: &'static str, label: &'static str) -> Wire {
    Wire { name, code, label }
}

/// The wire names of a field.
pub fn describe(field: Field) -> Wire {
    match field {
        Field::UserName => wire("userName", "INVALID_PARAM_USER_NAME", "user name"),
        Field::TenantUserName => wire("userName", "INVALID_PARAM_TENANT_USER_NAME", "user name"),
        Field::Password => wire("password", "INVALID_PARAM_USER_PASSWORD", "password"),
        Field::CanCreateLoginCredentials => wire(
            "canCreateLoginCredentials",
            "INVALID_INPUT_PARAM",
            "canCreateLoginCredentials",
        ),
        Field::PropertyInfoId => wire(
            "propertyInfoId",
            "INVALID_PARAM_PROPERTY_INFO_ID",
            "propertyInfoId",
        ),
        Field::ExistingPassword => wire(
            "existingPassword",
            "INVALID_PARAM_EXISTING_PASSWORD",
            "existing password",
        ),
        Field::NewPassword => wire("newPassword", "INVALID_PARAM_NEW_PASSWORD", "new password"),
        Field::ConcurrencyStamp => wire(
            "concurrencyStamp",
            "INVALID_PARAM_CONCURRENCY_STAMP",
            "concurrency stamp",
        ),
        Field::VerificationCode => wire("code", "INVALID_VERIFICATION_CODE", "code"),
        Field::CommunicationAddress => wire(
            "communicationAddress",
            "INVALID_INPUT_PARAM",
            "communicationAddress",
        ),
        Field::Contact(field) => describe_contact(field),
    }
}

fn describe_contact(field: ContactField) -> Wire {
    use AddressKind::{Communication, Home};
    use AddressPart::{City, Country, PostalCode, Region, Street};
    match field {
        ContactField::FirstName => wire("firstName", "INVALID_PARAM_FIRSTNAME", "first name"),
        ContactField::LastName => wire("lastName", "INVALID_PARAM_LASTNAME", "last name"),
        ContactField::PhoneNumber => wire(
            "phoneNumber",
            "INVALID_PARAM_CONTACT_NUMBER",
            "phone number",
        ),
        ContactField::Email => wire("emailId", "INVALID_PARAM_EMAIL_ID", "e-mail address"),
        ContactField::Address(kind, part) => {
            let name = match (kind, part) {
                (Home, Street) => "address",
                (Home, City) => "city",
                (Home, Region) => "region",
                (Home, Country) => "countryId",
                (Home, PostalCode) => "zipCode",
                (Communication, Street) => "communicationAddress.address",
                (Communication, City) => "communicationAddress.city",
                (Communication, Region) => "communicationAddress.region",
                (Communication, Country) => "communicationAddress.countryId",
                (Communication, PostalCode) => "communicationAddress.zipCode",
            };
            let (code, label) = match part {
                Street => ("INVALID_PARAM_ADDRESS", "address"),
                City => ("INVALID_PARAM_CITY", "city"),
                Region => ("INVALID_PARAM_REGION", "region"),
                Country => ("INVALID_PARAM_COUNTRY", "country"),
                PostalCode => ("INVALID_PARAM_POSTAL_CODE", "postal code"),
            };
            wire(name, code, label)
        }
    }
}

/// The sentence for a broken rule, naming the field by `label`.
pub fn message(rule: &Rule, label: &str) -> String {
    match rule {
        Rule::Required => format!("{label} is required"),
        Rule::WrongType(expected) => {
            let kind = match expected {
                Expected::Text => "a string",
                Expected::IntegerId => "an integer id",
                Expected::Boolean => "true or false",
                Expected::GuidText => "a GUID string",
                Expected::ObjectOrNull => "an object or null",
            };
            format!("{label} must be {kind}")
        }
        Rule::ControlCharacters => format!("{label} must not contain control characters"),
        Rule::InvisibleCharacters => {
            format!("{label} must not contain invisible or direction-changing characters")
        }
        Rule::NotTheEmail => format!("{label} must be the same address as emailId"),
        Rule::NotACode => format!("{label} must be the 8 digits of the mailed code"),
        Rule::Characters { min, max } => format!("{label} must be {min} to {max} characters"),
        Rule::TooLong { max } => format!("{label} must be at most {max} characters"),
        Rule::PasswordBytes { min, max } => {
            format!("password must be {min} to {max} bytes long")
        }
        Rule::PasswordIsUserName => "password must not be made from the user name".to_owned(),
        Rule::PasswordCommon => {
            "password is one of the most common passwords; choose another".to_owned()
        }
        Rule::PasswordUnchanged => format!("{label} must differ from the existing one"),
        Rule::NotAnEmail => format!("{label} is not a valid e-mail address"),
        Rule::NotAPhoneNumber => {
            format!("{label} may hold only digits, spaces, + - ( ) . and at least 3 digits")
        }
        Rule::NotAGuid => format!("{label} must be a GUID"),
        Rule::UnknownReference(id) => format!("{label} {id} does not exist"),
        Rule::RegionOutsideCountry(id) => {
            format!("{label} {id} does not belong to the given country")
        }
        Rule::NotOfCompany => format!("{label} is not a property of this company"),
    }
}

/// One violation as an error item.
pub fn item(violation: &Violation<Field>) -> ErrorItem {
    let wire = describe(violation.field);
    ErrorItem {
        code: wire.code,
        message: message(&violation.rule, wire.label),
        field: Some(wire.name),
    }
}

/// Every violation as an error item, in the order the domain found them (request order).
pub fn items(violations: &Violations<Field>) -> Vec<ErrorItem> {
    violations.as_slice().iter().map(item).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contact_fields_keep_their_documented_codes_and_names() {
        let home = |part| Field::Contact(ContactField::Address(AddressKind::Home, part));
        let mail = |part| Field::Contact(ContactField::Address(AddressKind::Communication, part));
        assert_eq!(
            describe(home(AddressPart::Country)),
            wire("countryId", "INVALID_PARAM_COUNTRY", "country")
        );
        assert_eq!(
            describe(mail(AddressPart::PostalCode)),
            wire(
                "communicationAddress.zipCode",
                "INVALID_PARAM_POSTAL_CODE",
                "postal code"
            )
        );
        assert_eq!(
            describe(Field::Contact(ContactField::PhoneNumber)).code,
            "INVALID_PARAM_CONTACT_NUMBER"
        );
    }

    #[test]
    fn messages_name_the_field_and_the_rule() {
        let violation = Violation::new(
            Field::Contact(ContactField::FirstName),
            Rule::Characters { min: 2, max: 60 },
        );
        assert_eq!(
            item(&violation),
            ErrorItem {
                code: "INVALID_PARAM_FIRSTNAME",
                message: "first name must be 2 to 60 characters".into(),
                field: Some("firstName"),
            }
        );
        assert_eq!(
            message(&Rule::UnknownReference(4242), "country"),
            "country 4242 does not exist"
        );
        assert_eq!(
            message(&Rule::WrongType(Expected::GuidText), "propertyInfoId"),
            "propertyInfoId must be a GUID string"
        );
    }
}
