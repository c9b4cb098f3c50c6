//! Validation of contact data. Lengths count characters (not bytes) after trimming; a blank
//! optional field counts as not given; control characters are refused everywhere.
//!
//! The checks are generic over the field type, so that a use case can apply them to fields of
//! its own (a user name is checked as an e-mail address, for example).

use email_address::{EmailAddress, Options};
use storegister_kernel::{Expected, Input, Rule, StoreError, Violation, Violations};

use crate::contact::{ContactDetails, Email, PostalAddress};
use crate::fields::{AddressKind, AddressPart, ContactField};
use crate::reference::{CountryId, RegionId};
use crate::repository::ReferenceData;

/// Contact details as a request sent them.
#[derive(Clone, Debug, Default)]
pub struct ContactForm {
    /// `firstName`, required.
    pub first_name: Input<String>,
    /// `lastName`, required.
    pub last_name: Input<String>,
    /// `phoneNumber`, required.
    pub phone_number: Input<String>,
    /// `emailId`, required.
    pub email_id: Input<String>,
    /// The home address.
    pub address: AddressForm,
}

/// A postal address as a request sent it.
#[derive(Clone, Debug, Default)]
pub struct AddressForm {
    /// Street and number, 2 to 250 characters.
    pub address: Input<String>,
    /// City, 2 to 60 characters.
    pub city: Input<String>,
    /// Region id; 0 or absent means none.
    pub region: Input<i64>,
    /// Country id; 0 or absent means none.
    pub country_id: Input<i64>,
    /// Postal code, 4 to 15 characters.
    pub zip_code: Input<String>,
}

/// The longest e-mail address accepted.
pub const EMAIL_MAX_CHARS: usize = 100;
/// The longest phone number accepted.
pub const PHONE_MAX_CHARS: usize = 15;

/// Validates contact details; the store is asked whether the country and region exist.
///
/// Violations come in the order of the request's fields.
pub fn validate_contact(
    form: ContactForm,
    refs: &mut impl ReferenceData,
) -> Result<Result<ContactDetails, Violations<ContactField>>, StoreError> {
    let mut violations = Violations::new();
    let first_name = violations.check(required_text(
        form.first_name,
        ContactField::FirstName,
        2,
        60,
    ));
    let last_name = violations.check(required_text(form.last_name, ContactField::LastName, 2, 60));
    let phone_number = violations.check(phone(form.phone_number, ContactField::PhoneNumber));
    let email = violations.check(email(form.email_id, ContactField::Email));
    let address = match validate_address(form.address, AddressKind::Home, refs)? {
        Ok(address) => Some(address),
        Err(more) => {
            violations.extend(more);
            None
        }
    };
    Ok(
        match (first_name, last_name, phone_number, email, address) {
            (Some(first_name), Some(last_name), Some(phone_number), Some(email), Some(address))
                if violations.is_empty() =>
            {
                Ok(ContactDetails {
                    first_name,
                    last_name,
                    phone_number,
                    email,
                    address,
                })
            }
            _ => Err(violations),
        },
    )
}

/// Validates one postal address; the store is asked whether its country and region exist and
/// whether the region belongs to the country.
pub fn validate_address(
    form: AddressForm,
    kind: AddressKind,
    refs: &mut impl ReferenceData,
) -> Result<Result<PostalAddress, Violations<ContactField>>, StoreError> {
    let field = |part| ContactField::Address(kind, part);
    let mut violations = Violations::new();
    let address = violations.check(optional_text(
        form.address,
        field(AddressPart::Street),
        2,
        250,
    ));
    let city = violations.check(optional_text(form.city, field(AddressPart::City), 2, 60));

    let country_field = field(AddressPart::Country);
    let country = match reference_id(form.country_id, country_field) {
        Ok(Some(id)) => match refs.find_country(CountryId(id))? {
            Some(country) => Ok(Some(country.id)),
            None => Err(Violation::new(
                country_field,
                Rule::UnknownReference(id.into()),
            )),
        },
        Ok(None) => Ok(None),
        Err(violation) => Err(violation),
    };
    let region_field = field(AddressPart::Region);
    let region = match reference_id(form.region, region_field) {
        Ok(Some(id)) => match refs.find_region(RegionId(id))? {
            Some(region) if Some(region.country_id) == country.as_ref().ok().copied().flatten() => {
                Ok(Some(region.id))
            }
            Some(_) => Err(Violation::new(
                region_field,
                Rule::RegionOutsideCountry(id.into()),
            )),
            None => Err(Violation::new(
                region_field,
                Rule::UnknownReference(id.into()),
            )),
        },
        Ok(None) => Ok(None),
        Err(violation) => Err(violation),
    };
    // reported in request order: region comes before countryId
    let region = violations.check(region);
    let country = violations.check(country);
    let postal_code = violations.check(optional_text(
        form.zip_code,
        field(AddressPart::PostalCode),
        4,
        15,
    ));

    Ok(violations.into_result(|| PostalAddress {
        address: address.flatten(),
        city: city.flatten(),
        postal_code: postal_code.flatten(),
        region: region.flatten(),
        country: country.flatten(),
    }))
}

/// A required text field: trimmed, `min..=max` characters, no control characters.
pub fn required_text<F: Copy>(
    input: Input<String>,
    field: F,
    min: usize,
    max: usize,
) -> Result<String, Violation<F>> {
    match optional_text(input, field, min, max) {
        Ok(Some(value)) => Ok(value),
        Ok(None) => Err(Violation::new(field, Rule::Required)),
        Err(violation) => Err(violation),
    }
}

/// An optional text field: absent or blank is `None`; otherwise as [`required_text`].
pub fn optional_text<F: Copy>(
    input: Input<String>,
    field: F,
    min: usize,
    max: usize,
) -> Result<Option<String>, Violation<F>> {
    let value = match input {
        Input::Absent => return Ok(None),
        Input::Invalid => return Err(Violation::new(field, Rule::WrongType(Expected::Text))),
        Input::Given(value) => value,
    };
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    if value.chars().any(char::is_control) {
        return Err(Violation::new(field, Rule::ControlCharacters));
    }
    if value.chars().any(is_invisible) {
        return Err(Violation::new(field, Rule::InvisibleCharacters));
    }
    let chars = value.chars().count();
    if chars < min || chars > max {
        return Err(Violation::new(field, Rule::Characters { min, max }));
    }
    Ok(Some(value.to_owned()))
}

/// Zero-width characters and the bidirectional embeddings, overrides, isolates and marks:
/// invisible in text, they make two names look alike or a name read in another order.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{061C}'
            | '\u{FEFF}'
    )
}

/// A required e-mail address of at most [`EMAIL_MAX_CHARS`] characters, with a domain that has
/// a dot, and without display text or an IP literal.
pub fn email<F: Copy>(input: Input<String>, field: F) -> Result<Email, Violation<F>> {
    let value = required_text(input, field, 1, usize::MAX)?;
    if value.chars().count() > EMAIL_MAX_CHARS {
        return Err(Violation::new(
            field,
            Rule::TooLong {
                max: EMAIL_MAX_CHARS,
            },
        ));
    }
    let options = Options {
        minimum_sub_domains: 2,
        allow_domain_literal: false,
        allow_display_text: false,
    };
    match EmailAddress::parse_with_options(&value, options) {
        Ok(_) => Ok(Email::from_validated(value)),
        Err(_) => Err(Violation::new(field, Rule::NotAnEmail)),
    }
}

/// A required phone number: at most [`PHONE_MAX_CHARS`] characters of digits, spaces and
/// `+-().`, a `+` only in front, and at least 3 digits.
fn phone<F: Copy>(input: Input<String>, field: F) -> Result<String, Violation<F>> {
    let value = required_text(input, field, 1, PHONE_MAX_CHARS)?;
    let allowed = value
        .char_indices()
        .all(|(i, c)| c.is_ascii_digit() || " -().".contains(c) || (c == '+' && i == 0));
    let digits = value.chars().filter(char::is_ascii_digit).count();
    if allowed && digits >= 3 {
        Ok(value)
    } else {
        Err(Violation::new(field, Rule::NotAPhoneNumber))
    }
}

/// A reference id: absent or 0 is `None`; it must be a positive 32-bit integer.
fn reference_id<F: Copy>(input: Input<i64>, field: F) -> Result<Option<i32>, Violation<F>> {
    match input {
        Input::Absent | Input::Given(0) => Ok(None),
        Input::Given(id) => match i32::try_from(id) {
            Ok(id) if id > 0 => Ok(Some(id)),
            _ => Err(Violation::new(field, Rule::UnknownReference(id))),
        },
        Input::Invalid => Err(Violation::new(field, Rule::WrongType(Expected::IntegerId))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reference::{Country, Region};

    /// Denmark (208) with region 1, France (250) with region 205.
    struct Refs;

    impl ReferenceData for Refs {
        fn find_country(&mut self, id: CountryId) -> Result<Option<Country>, StoreError> {
            Ok([208, 250].contains(&id.0).then(|| Country {
                id,
                name: String::new(),
                iso_code2: String::new(),
                iso_code3: String::new(),
                dialing_code: String::new(),
            }))
        }
        fn find_region(&mut self, id: RegionId) -> Result<Option<Region>, StoreError> {
            let country = match id.0 {
                1 => 208,
                205 => 250,
                _ => return Ok(None),
            };
            Ok(Some(Region {
                id,
                country_id: CountryId(country),
                name: String::new(),
                code: String::new(),
            }))
        }
        fn list_countries(&mut self) -> Result<Vec<Country>, StoreError> {
            Ok(vec![])
        }
        fn list_regions(&mut self, _: CountryId) -> Result<Vec<Region>, StoreError> {
            Ok(vec![])
        }
        fn insert_region(&mut self, _: &Region) -> Result<(), StoreError> {
            Ok(())
        }
    }

    fn given(s: &str) -> Input<String> {
        Input::Given(s.to_owned())
    }

    fn valid_form() -> ContactForm {
        ContactForm {
            first_name: given("Laurent"),
            last_name: given("Guertin"),
            phone_number: given("+33 10000000"),
            email_id: given(" Laurent@Example.com "),
            address: AddressForm {
                address: given("93, avenue de Amandier"),
                city: given("BOBIGNY"),
                region: Input::Given(205),
                country_id: Input::Given(250),
                zip_code: given("93000"),
            },
        }
    }

    fn fields(form: ContactForm) -> Vec<ContactField> {
        match validate_contact(form, &mut Refs).unwrap() {
            Ok(_) => vec![],
            Err(v) => v.as_slice().iter().map(|v| v.field).collect(),
        }
    }

    use AddressPart::*;
    use ContactField::*;

    fn home(part: AddressPart) -> ContactField {
        Address(AddressKind::Home, part)
    }

    #[test]
    fn the_documented_example_is_valid_and_trimmed() {
        let details = validate_contact(valid_form(), &mut Refs).unwrap().unwrap();
        assert_eq!(details.email.as_str(), "Laurent@Example.com");
        assert_eq!(details.email.normalized(), "laurent@example.com");
        assert_eq!(details.address.region, Some(RegionId(205)));
        assert_eq!(details.address.country, Some(CountryId(250)));
    }

    #[test]
    fn names_count_characters_not_bytes() {
        let mut form = valid_form();
        form.first_name = given(&"é".repeat(60));
        form.last_name = given("Øl");
        assert!(fields(form).is_empty());
        let mut form = valid_form();
        form.first_name = given(&"é".repeat(61));
        form.last_name = given(" A ");
        assert_eq!(fields(form), [FirstName, LastName]);
    }

    #[test]
    fn every_faulty_field_is_reported_in_request_order() {
        let form = ContactForm {
            first_name: Input::Absent,
            last_name: Input::Invalid,
            phone_number: given("call me"),
            email_id: given("not-an-email"),
            address: AddressForm {
                address: given("x"),
                city: given(&"c".repeat(61)),
                region: Input::Given(999),
                country_id: Input::Given(4242),
                zip_code: given("123"),
            },
        };
        assert_eq!(
            fields(form),
            [
                FirstName,
                LastName,
                PhoneNumber,
                Email,
                home(Street),
                home(City),
                home(Region),
                home(Country),
                home(PostalCode),
            ]
        );
    }

    #[test]
    fn blank_optional_fields_are_not_given() {
        let mut form = valid_form();
        form.address = AddressForm {
            address: given("  "),
            city: Input::Absent,
            region: Input::Given(0),
            country_id: Input::Absent,
            zip_code: given(""),
        };
        let details = validate_contact(form, &mut Refs).unwrap().unwrap();
        assert_eq!(details.address, PostalAddress::default());
    }

    #[test]
    fn a_region_must_belong_to_the_given_country() {
        let mut form = valid_form();
        form.address.region = Input::Given(1);
        assert_eq!(fields(form), [home(Region)]);
        let mut form = valid_form();
        form.address.country_id = Input::Absent;
        assert_eq!(fields(form), [home(Region)]);
    }

    #[test]
    fn out_of_range_and_negative_ids_are_refused() {
        let mut form = valid_form();
        form.address.country_id = Input::Given(i64::MAX);
        form.address.region = Input::Given(-5);
        assert_eq!(fields(form), [home(Region), home(Country)]);
    }

    #[test]
    fn emails_are_checked_for_shape_and_length() {
        for bad in [
            "a@b",
            "Name <a@example.com>",
            "a@[127.0.0.1]",
            "@example.com",
            "a b@example.com",
        ] {
            let mut form = valid_form();
            form.email_id = given(bad);
            assert_eq!(fields(form), [Email], "{bad}");
        }
        let mut form = valid_form();
        let long = |n| {
            format!(
                "{}@{}.{}.com",
                "a".repeat(20),
                "b".repeat(60),
                "c".repeat(n)
            )
        };
        form.email_id = given(&long(15));
        assert_eq!(fields(form), [Email]);
        let mut form = valid_form();
        form.email_id = given(&long(14));
        assert!(fields(form).is_empty());
    }

    #[test]
    fn phone_numbers_allow_common_punctuation_only() {
        for good in ["10000000", "+45 12 34 56 78", "(030) 123-456", "0129226366"] {
            let mut form = valid_form();
            form.phone_number = given(good);
            assert!(fields(form).is_empty(), "{good}");
        }
        for bad in ["1234567890123456", "12+34", "phone", "12", "+45 12\u{0}34"] {
            let mut form = valid_form();
            form.phone_number = given(bad);
            assert_eq!(fields(form), [PhoneNumber], "{bad}");
        }
    }

    #[test]
    fn invisible_and_direction_changing_characters_are_refused() {
        let mut form = valid_form();
        form.first_name = given("Lau\u{200B}rent");
        form.last_name = given("\u{202E}nitreuG");
        form.email_id = given("laurent\u{2066}@example.com");
        assert_eq!(fields(form), [FirstName, LastName, Email]);
    }

    #[test]
    fn addresses_fold_to_one_identity() {
        let full_width = "\u{FF44}\u{FF55}\u{FF50}\u{FF45}@example.com";
        assert_eq!(crate::normalize_email(full_width), "dupe@example.com");
        assert_eq!(
            crate::normalize_email("  Dupe@Example.COM "),
            "dupe@example.com"
        );
    }

    #[test]
    fn control_characters_are_refused() {
        let mut form = valid_form();
        form.first_name = given("Lau\u{0}rent");
        form.address.city = given("Bob\nigny");
        assert_eq!(fields(form), [FirstName, home(City)]);
    }
}
