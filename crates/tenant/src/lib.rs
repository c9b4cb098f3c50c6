//! The tenant use cases, one function each, written against ports: the repositories of the
//! domain crates, a password hasher, a token issuer and a clock.
//!
//! Every use case runs synchronously (the HTTP layer calls it off the async workers) and
//! decides itself how long it holds a database connection: never while bcrypt runs.

mod credential;
mod error;
mod login;
mod ports;
mod register;

pub use credential::{Credential, CredentialRepository, PASSWORD_MAX_BYTES, PASSWORD_MIN_BYTES};
pub use error::TenantError;
pub use login::{LoggedIn, LoginForm, login};
pub use ports::{HashError, PasswordHasher, Session, TenantRepository, TokenError, TokenIssuer};
pub use register::{RegisterForm, Registered, register};
