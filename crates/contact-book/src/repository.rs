use chrono::NaiveDateTime;
use storegister_kernel::{CompanyId, ContactId, StoreError};
use uuid::Uuid;

use crate::contact::{ContactBook, Enquiry, ProfileImage};
use crate::reference::{Country, CountryId, Region, RegionId};

/// Storage of contact book entries, always scoped to one company.
pub trait ContactBookRepository {
    /// The entry of a company with this normalised e-mail address.
    fn find_contact_by_email(
        &mut self,
        company: CompanyId,
        email_normalized: &str,
    ) -> Result<Option<ContactBook>, StoreError>;

    /// The entry of a company with this id.
    fn find_contact(
        &mut self,
        company: CompanyId,
        id: ContactId,
    ) -> Result<Option<ContactBook>, StoreError>;

    /// Stores a new entry; [`StoreError::Duplicate`] if its e-mail is taken in its company.
    fn insert_contact(&mut self, contact: &ContactBook) -> Result<(), StoreError>;

    /// How many entries the company has.
    fn count_contacts(&mut self, company: CompanyId) -> Result<u64, StoreError>;

    /// Which of `emails` (normalised) belong to an entry of the company, lead or tenant: bulk
    /// tools add only the rest.
    fn taken_emails(
        &mut self,
        company: CompanyId,
        emails: &[String],
    ) -> Result<Vec<String>, StoreError>;

    /// Stores many new entries in as few statements as possible.
    fn insert_contacts(&mut self, contacts: &[ContactBook]) -> Result<(), StoreError>;

    /// Replaces the stored details, addresses and property of an existing entry;
    /// [`StoreError::Duplicate`] if its new e-mail is another entry's.
    fn update_contact(&mut self, contact: &ContactBook) -> Result<(), StoreError>;

    /// Records whether the contact proved its e-mail address.
    fn set_email_verified(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        verified: bool,
    ) -> Result<(), StoreError>;

    /// Sets the contact's picture to `new`, only if its current picture is still `expected`
    /// (a conditional update); `false` when it was not (a concurrent change, or no contact).
    fn replace_profile_image(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        expected: Option<Uuid>,
        new: Option<&ProfileImage>,
        now: NaiveDateTime,
    ) -> Result<bool, StoreError>;
}

/// A picture's bytes, kept where every process reads them (the database).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredPicture {
    /// Its content type.
    pub content_type: String,
    /// The encoded picture.
    pub bytes: Vec<u8>,
    /// When it was stored (UTC).
    pub created_at: NaiveDateTime,
}

/// The stored pictures.
pub trait PictureRepository {
    /// Stores the bytes of a contact's picture under the picture's id.
    fn insert_picture(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        image: &ProfileImage,
        bytes: &[u8],
    ) -> Result<(), StoreError>;

    /// The picture stored under this id, whoever it belongs to: its unguessable id is what
    /// grants access to it.
    fn find_picture(&mut self, id: Uuid) -> Result<Option<StoredPicture>, StoreError>;

    /// Whether a picture is stored under this id, without reading its bytes.
    fn picture_exists(&mut self, id: Uuid) -> Result<bool, StoreError>;

    /// Deletes a picture's bytes (deleting a missing one is no error).
    fn delete_picture(&mut self, id: Uuid) -> Result<(), StoreError>;
}

/// Countries and regions, the same for every company.
pub trait ReferenceData {
    /// One country.
    fn find_country(&mut self, id: CountryId) -> Result<Option<Country>, StoreError>;

    /// One region.
    fn find_region(&mut self, id: RegionId) -> Result<Option<Region>, StoreError>;

    /// Every country, by name.
    fn list_countries(&mut self) -> Result<Vec<Country>, StoreError>;

    /// The regions of a country, by name.
    fn list_regions(&mut self, country: CountryId) -> Result<Vec<Region>, StoreError>;

    /// Stores a region; [`StoreError::Duplicate`] if its id is taken.
    fn insert_region(&mut self, region: &Region) -> Result<(), StoreError>;
}

/// Storage of enquiries, scoped to one company.
pub trait EnquiryRepository {
    /// Stores an enquiry.
    fn insert_enquiry(&mut self, enquiry: &Enquiry) -> Result<(), StoreError>;

    /// A contact's enquiries, oldest first.
    fn enquiries_of(
        &mut self,
        company: CompanyId,
        contact: ContactId,
    ) -> Result<Vec<Enquiry>, StoreError>;
}
