use chrono::NaiveDateTime;
use storegister_kernel::{CompanyId, ContactId, PropertyId};
use unicode_normalization::UnicodeNormalization;
use uuid::Uuid;

use crate::reference::{CountryId, RegionId};

/// A validated e-mail address: as the person typed it (trimmed) and its normalised form, which
/// identifies the contact within a company.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email {
    value: String,
}

impl Email {
    /// Wraps an address that already passed validation (see [`crate::rules`]).
    pub fn from_validated(value: impl Into<String>) -> Self {
        Self {
            value: value.into(),
        }
    }

    /// The address as given, trimmed.
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// The form used to compare addresses (see [`normalize_email`]).
    pub fn normalized(&self) -> String {
        normalize_email(&self.value)
    }
}

/// The comparison form of an e-mail address or user name: trimmed, Unicode NFKC (so that
/// look-alike spellings such as full-width letters fold into one) and lower-cased. Stored
/// beside each address, under the database's unique key, so one identity is one contact.
pub fn normalize_email(value: &str) -> String {
    value.trim().nfkc().collect::<String>().to_lowercase()
}

/// A postal address; every part is optional.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PostalAddress {
    /// Street and number.
    pub address: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Postal or ZIP code.
    pub postal_code: Option<String>,
    /// State, county or province; `None` is the documented region 0.
    pub region: Option<RegionId>,
    /// Country (ISO 3166-1 numeric code).
    pub country: Option<CountryId>,
}

/// The details a person gives about themselves, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactDetails {
    /// Given name, 2 to 60 characters.
    pub first_name: String,
    /// Family name, 2 to 60 characters.
    pub last_name: String,
    /// Phone number, at most 15 characters.
    pub phone_number: String,
    /// E-mail address, at most 100 characters; identifies the contact within its company.
    pub email: Email,
    /// Home address.
    pub address: PostalAddress,
}

/// The stored profile picture of a contact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileImage {
    /// The random identifier (122 random bits) the picture is stored and served under.
    pub id: Uuid,
    /// The detected content type (`image/jpeg`, `image/png`, `image/webp`).
    pub content_type: String,
    /// Size in bytes.
    pub size: i64,
    /// When it was uploaded (UTC).
    pub updated_at: NaiveDateTime,
}

/// A contact book entry of one company: a lead, or a tenant when it has credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactBook {
    /// Identifier.
    pub id: ContactId,
    /// The company the contact belongs to.
    pub company_id: CompanyId,
    /// Name, phone, e-mail and home address.
    pub details: ContactDetails,
    /// Where mail should go when not to the home address.
    pub communication_address: Option<PostalAddress>,
    /// The property the contact enquired about or registered at.
    pub property_info_id: Option<PropertyId>,
    /// The profile picture.
    pub profile_image: Option<ProfileImage>,
    /// Whether the owner of the e-mail address proved it (with a mailed code).
    pub email_verified: bool,
    /// When the entry was created (UTC).
    pub created_at: NaiveDateTime,
    /// When the entry last changed (UTC).
    pub updated_at: NaiveDateTime,
}

/// A lead form as it was posted: kept for every post, also (and above all) for an address the
/// company knows already, whose stored details an anonymous post must not change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Enquiry {
    /// Its id.
    pub id: Uuid,
    /// The company.
    pub company_id: CompanyId,
    /// The contact of its address.
    pub contact_id: ContactId,
    /// The details as posted.
    pub details: ContactDetails,
    /// The property the form named, if any.
    pub property_info_id: Option<PropertyId>,
    /// When it was posted (UTC).
    pub created_at: NaiveDateTime,
}
