//! The contact book: a person a storage company knows, either a lead (contact details only,
//! for example from a website enquiry form) or a tenant (a lead with login credentials).
//!
//! This crate holds the entities, the validation rules of every contact field, the reference
//! data (countries and regions) and the repository ports the persistence layer implements.

mod contact;
pub mod fields;
mod image;
mod reference;
mod repository;
pub mod rules;

pub use contact::{
    ContactBook, ContactDetails, Email, Enquiry, PostalAddress, ProfileImage, normalize_email,
};
pub use image::{IMAGE_TYPES, detect_image_type};
pub use reference::{Country, CountryId, Region, RegionId};
pub use repository::{
    ContactBookRepository, EnquiryRepository, PictureRepository, ReferenceData, StoredPicture,
};
pub use rules::{AddressForm, ContactForm, validate_address, validate_contact};
