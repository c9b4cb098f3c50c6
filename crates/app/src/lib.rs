//! The application layer of StoRegister: the use cases, written against ports (the
//! repositories of the domain crates, a password hasher, a token issuer, file storage and a
//! clock), for every front end to call: the HTTP API and the admin command alike.
//!
//! - [`TenantService`]: what tenants do — register, log in, read and update their profile,
//!   picture and password.
//! - [`OfficeService`]: what a storage company's staff do — companies and API keys,
//!   properties, units, contracts, invoices, payments and regions.
//!
//! A use case is an `async` method of its service. It validates its input into the domain's
//! typed outcomes ([`fields::Field`] with the kernel's rules; the front end names them for its
//! audience), runs its database work through the [`Store`](storegister_kernel::Store) off the
//! async workers, holds no connection while it awaits anything else (bcrypt above all), and
//! decides what is atomic.

mod attempts;
mod credential;
mod error;
pub mod fields;
mod mail;
mod office;
mod ports;
mod session;
mod tenant;
mod verification;

pub use attempts::{AttemptCount, AttemptLimit, PasswordAttemptRepository};
pub use credential::{
    Credential, CredentialRepository, PASSWORD_MAX_BYTES, PASSWORD_MIN_BYTES, PasswordChange,
    check_password_policy,
};
pub use error::TenantError;
pub use mail::{
    Delivered, DeliveryPolicy, Mail, MailError, MailOutbox, MailService, MailTransport, QueuedMail,
};
pub use office::{
    InvoiceRef, NewApiKey, NewContract, NewCreditNote, NewInvoice, NewPaymentVoucher, NewProperty,
    NewReceipt, NewUnit, OfficeError, OfficeService, Posted, ReceiptRecorded, RegionProblem,
    RegionRow, TenantRef,
};
pub use ports::{
    CleanPicture, HashError, KeyError, KeyMinter, MintedKey, PasswordHasher, PictureCodec,
    PictureFuture, PictureRefusal, TokenError, TokenIssuer,
};
pub use session::{
    LAST_USED_GRANULARITY_SECONDS, Session, SessionCheck, SessionRepository, StoredSession,
    USER_AGENT_MAX_CHARS, authorize, user_agent,
};
pub use tenant::{
    AccountPolicy, ChangePasswordForm, CommunicationAddressInput, Insights, ListQuery, Listed,
    LoggedIn, LoginForm, PasswordChanged, PasswordReset, Profile, ProfileForm, ReferenceNames,
    RegisterForm, Registered, Registration, ResetForm, SessionInfo, TenantInfo,
    TenantLedgerRepository, TenantOverview, TenantOverviewRepository, TenantPorts, TenantService,
    Verified, VerifyForm,
};
pub use verification::{
    CODE_DIGITS, CodeError, CodePurpose, MintedCode, OneTimeCodes, VerificationCode,
    VerificationCodeRepository, code_shape,
};
