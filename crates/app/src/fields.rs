//! The fields of the tenant use cases' forms, in the domain's terms; the API names them for
//! clients.

use storegister_contact_book::fields::ContactField;

/// A field of a registration, login, profile or password form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// The login name (an e-mail address).
    UserName,
    /// The login name as the tenant's own e-mail address (with credentials they are one).
    TenantUserName,
    /// The password of a registration or login.
    Password,
    /// Whether a registration creates login credentials.
    CanCreateLoginCredentials,
    /// The property a registration names.
    PropertyInfoId,
    /// The current password, in a password change.
    ExistingPassword,
    /// The new password, in a password change.
    NewPassword,
    /// The concurrency stamp of a password change.
    ConcurrencyStamp,
    /// A mailed one-time code.
    VerificationCode,
    /// The communication address as a whole (for a value that is no address at all).
    CommunicationAddress,
    /// A field of the contact's details.
    Contact(ContactField),
}

impl From<ContactField> for Field {
    fn from(field: ContactField) -> Self {
        Field::Contact(field)
    }
}
