use storegister_kernel::{Cause, StoreError, Violations};

use crate::fields::Field;
use crate::ports::{HashError, TokenError};
use crate::verification::CodeError;

/// Why a tenant use case refused or failed. Failures keep their cause for the log.
#[derive(Debug, thiserror::Error)]
pub enum TenantError {
    /// The request broke validation rules.
    #[error("{0}")]
    Invalid(Violations<Field>),
    /// Unknown user name, wrong password, or a contact without credentials: deliberately one.
    #[error("invalid user name or password")]
    InvalidLogin,
    /// The user name was tried too often within the attempt window.
    #[error("too many password attempts; retry after {retry_after} s")]
    TooManyAttempts {
        /// Whole seconds until an attempt is admitted again.
        retry_after: u64,
    },
    /// The e-mail or user name already has credentials in this company.
    #[error("user name already exists")]
    UserNameTaken,
    /// Storing the contact failed.
    #[error("contact creation failed")]
    ContactCreationFailed(#[source] StoreError),
    /// Storing the credentials failed.
    #[error("tenant registration failed")]
    RegistrationFailed(#[source] StoreError),
    /// The token's contact no longer exists.
    #[error("no records found")]
    NoRecords,
    /// The token's security stamp is no longer current (the password changed since).
    #[error("session token revoked")]
    TokenRevoked,
    /// The contact has no credentials.
    #[error("the contact has no login credentials")]
    NoCredentials,
    /// The e-mail belongs to another contact of the company.
    #[error("e-mail address belongs to another contact")]
    EmailTaken,
    /// The existing password given does not match.
    #[error("existing password does not match")]
    MismatchExistingPassword,
    /// The concurrency stamp is unknown, expired, used or superseded.
    #[error("change password failed: stale concurrency stamp")]
    ChangePasswordFailed,
    /// Storing a new concurrency stamp failed.
    #[error("concurrency stamp creation failed")]
    StampCreateFailed(#[source] StoreError),
    /// The one-time code is wrong, expired, used or dead, or the address has none:
    /// deliberately one.
    #[error("invalid verification code")]
    InvalidVerificationCode,
    /// No one-time code could be made.
    #[error(transparent)]
    Code(#[from] CodeError),
    /// The upload is not a picture we keep (400 `INVALID_PARAM_FILES`).
    #[error("invalid picture")]
    InvalidPicture(#[source] crate::ports::PictureRefusal),
    /// The uploaded picture could not be stored.
    #[error("image upload failed")]
    ImageUploadFailed(#[source] Cause),
    /// The store failed outside the steps above.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The password hasher failed or was overloaded.
    #[error(transparent)]
    Hash(#[from] HashError),
    /// The token issuer failed.
    #[error(transparent)]
    Token(#[from] TokenError),
}

impl From<Violations<Field>> for TenantError {
    fn from(value: Violations<Field>) -> Self {
        TenantError::Invalid(value)
    }
}
