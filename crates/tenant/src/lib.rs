//! The tenant use cases, one function each, written against ports: the repositories of the
//! domain crates, a password hasher, a token issuer and a clock.
//!
//! Every use case runs synchronously (the HTTP layer calls it off the async workers) and
//! decides itself how long it holds a database connection: never while bcrypt runs.

mod attempts;
mod credential;
mod error;
mod insights;
mod login;
mod password;
mod picture;
mod ports;
mod profile;
mod register;

pub use attempts::{AttemptCount, AttemptLimit, PasswordAttemptRepository};
pub use credential::{
    Credential, CredentialRepository, PASSWORD_MAX_BYTES, PASSWORD_MIN_BYTES, PasswordChange,
};
pub use error::TenantError;
pub use insights::Insights;
pub use login::{LoggedIn, LoginForm, login};
pub use password::{ChangePasswordForm, PasswordChanged, change_password, request_password_change};
pub use picture::{NewPicture, change_display_picture, picture_key, profile_picture};
pub use ports::{
    FileError, FileStore, HashError, PasswordHasher, Session, TenantRepository, TokenError,
    TokenIssuer,
};
pub use profile::{
    CommunicationAddressInput, Profile, ProfileForm, ReferenceNames, TenantInfo, get_profile,
    tenant_info, update_profile,
};
pub use register::{RegisterForm, Registered, register};
