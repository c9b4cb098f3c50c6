use storegister_kernel::{StoreError, Violations};

use crate::ports::{HashError, TokenError};

/// Why a tenant use case refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum TenantError {
    /// The request broke validation rules.
    #[error("{0}")]
    Invalid(Violations),
    /// Unknown user name, wrong password, or a contact without credentials: deliberately one.
    #[error("invalid user name or password")]
    InvalidLogin,
    /// The e-mail or user name already has credentials in this company.
    #[error("user name already exists")]
    UserNameTaken,
    /// Storing the contact failed.
    #[error("contact creation failed: {0}")]
    ContactCreationFailed(#[source] StoreError),
    /// Storing the credentials failed.
    #[error("tenant registration failed: {0}")]
    RegistrationFailed(#[source] StoreError),
    /// The store failed outside the steps above.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The password hasher failed.
    #[error(transparent)]
    Hash(#[from] HashError),
    /// The token issuer failed.
    #[error(transparent)]
    Token(#[from] TokenError),
}

impl From<Violations> for TenantError {
    fn from(value: Violations) -> Self {
        TenantError::Invalid(value)
    }
}
