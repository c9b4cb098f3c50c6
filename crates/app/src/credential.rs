//! Credentials (what makes a contact a tenant) and the password policy.

use std::collections::HashSet;
use std::sync::OnceLock;

use chrono::NaiveDateTime;
use secrecy::{ExposeSecret, SecretString};
use storegister_contact_book::normalize_email;
use storegister_kernel::{CompanyId, ContactId, Rule, StoreError};
use uuid::Uuid;

/// The shortest password accepted, in bytes.
pub const PASSWORD_MIN_BYTES: usize = 8;
/// The longest password accepted, in bytes: bcrypt ignores anything beyond, so longer ones are
/// refused rather than silently truncated.
pub const PASSWORD_MAX_BYTES: usize = 72;

/// The login of a tenant: a contact with credentials is a tenant, one without is a lead.
#[derive(Clone, PartialEq, Eq)]
pub struct Credential {
    /// The contact these credentials belong to (one credential per contact).
    pub contact_id: ContactId,
    /// The contact's company.
    pub company_id: CompanyId,
    /// The login name, normalised (trimmed, lower-case); unique within the company.
    pub user_name: String,
    /// bcrypt hash of the password.
    pub password_hash: String,
    /// Rotated by a password change; tokens carrying an older stamp are refused.
    pub security_stamp: Uuid,
    /// The stamp a password change must present, issued by the change-password request.
    pub concurrency_stamp: Option<Uuid>,
    /// When the concurrency stamp stops being accepted (UTC).
    pub concurrency_stamp_expires_at: Option<NaiveDateTime>,
    /// When the credentials were created (UTC).
    pub created_at: NaiveDateTime,
    /// When they last changed (UTC).
    pub updated_at: NaiveDateTime,
}

impl std::fmt::Debug for Credential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // never print the hash or the stamps
        f.debug_struct("Credential")
            .field("contact_id", &self.contact_id)
            .field("company_id", &self.company_id)
            .field("user_name", &self.user_name)
            .finish_non_exhaustive()
    }
}

/// Storage of credentials, scoped to one company.
pub trait CredentialRepository {
    /// The credentials of a company with this normalised user name.
    fn find_credential_by_user_name(
        &mut self,
        company: CompanyId,
        user_name: &str,
    ) -> Result<Option<Credential>, StoreError>;

    /// The credentials of a contact.
    fn find_credential(
        &mut self,
        company: CompanyId,
        contact: ContactId,
    ) -> Result<Option<Credential>, StoreError>;

    /// Stores new credentials; [`StoreError::Duplicate`] if the contact has some already or
    /// the user name is taken in the company.
    fn insert_credential(&mut self, credential: &Credential) -> Result<(), StoreError>;

    /// Stores many new credentials in as few statements as possible.
    fn insert_credentials(&mut self, credentials: &[Credential]) -> Result<(), StoreError>;

    /// Gives the contact the concurrency stamp `stamp`, valid until `expires_at`, unless its
    /// current stamp is still valid at `now` (a conditional update: a valid stamp is never
    /// superseded). The stamp valid now, the new one or the one kept; `None` if the contact
    /// has no credentials.
    fn issue_concurrency_stamp(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        stamp: Uuid,
        expires_at: NaiveDateTime,
        now: NaiveDateTime,
    ) -> Result<Option<Uuid>, StoreError>;

    /// Replaces the password hash by `new_hash` of the same password (a rehash at another
    /// cost), only if the stored hash is still `old_hash` (a concurrent password change wins);
    /// whether it was replaced. Sessions are left alone: the password did not change.
    fn rehash_password(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        old_hash: &str,
        new_hash: &str,
    ) -> Result<bool, StoreError>;

    /// Replaces the password hash and the security stamp and consumes the concurrency stamp,
    /// only if `stamp` is the contact's current, unexpired concurrency stamp at `now` (a
    /// conditional update: of two identical concurrent calls, one gets `true`).
    fn change_password(&mut self, change: &PasswordChange) -> Result<bool, StoreError>;

    /// Replaces the password hash and the security stamp and clears the concurrency stamp of
    /// a recovered password (the owner proved the address); whether the contact has
    /// credentials.
    fn reset_password(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        password_hash: &str,
        security_stamp: Uuid,
        now: NaiveDateTime,
    ) -> Result<bool, StoreError>;
}

/// A password change to store, conditional on its concurrency stamp.
#[derive(Clone)]
pub struct PasswordChange {
    /// The contact's company.
    pub company: CompanyId,
    /// The contact.
    pub contact: ContactId,
    /// The concurrency stamp that must still be current.
    pub stamp: Uuid,
    /// The time the stamp must not have expired by, and the new `updated_at`.
    pub now: NaiveDateTime,
    /// The new bcrypt hash.
    pub password_hash: String,
    /// The new security stamp (revoking every earlier token).
    pub security_stamp: Uuid,
}

/// The most common passwords, lower case (`data/COMMON-PASSWORDS.md` says where they come from).
const COMMON_PASSWORDS: &str = include_str!("../data/common-passwords.txt");

/// Whether a password is among the most common ones, ignoring case.
fn is_common(password: &str) -> bool {
    static COMMON: OnceLock<HashSet<&'static str>> = OnceLock::new();
    COMMON
        .get_or_init(|| COMMON_PASSWORDS.lines().collect())
        .contains(password.to_lowercase().as_str())
}

/// Whether a password is made from the user name: equal to it, or containing the part before
/// its `@` (when that part has at least 3 characters), compared in their normalised forms.
fn is_made_from(password: &str, user_name: &str) -> bool {
    let password = normalize_email(password);
    let user_name = normalize_email(user_name);
    let local = user_name.split('@').next().unwrap_or_default();
    password == user_name || (local.chars().count() >= 3 && password.contains(local))
}

/// The password policy: 8 to 72 bytes (bcrypt's limit: longer is refused, never truncated),
/// no control characters, not made from the user name (when a valid one is known), and not
/// among the 10,000 most common passwords.
pub fn check_password_policy(password: &SecretString, user_name: Option<&str>) -> Result<(), Rule> {
    let password = password.expose_secret();
    if !(PASSWORD_MIN_BYTES..=PASSWORD_MAX_BYTES).contains(&password.len()) {
        return Err(Rule::PasswordBytes {
            min: PASSWORD_MIN_BYTES,
            max: PASSWORD_MAX_BYTES,
        });
    }
    if password.chars().any(char::is_control) {
        return Err(Rule::ControlCharacters);
    }
    if user_name.is_some_and(|name| is_made_from(password, name)) {
        return Err(Rule::PasswordIsUserName);
    }
    if is_common(password) {
        return Err(Rule::PasswordCommon);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(password: &str) -> Result<(), Rule> {
        check_password_policy(&password.into(), Some("a@example.com"))
    }

    #[test]
    fn the_documented_example_password_passes() {
        let password = "Super@123".into();
        assert!(check_password_policy(&password, Some("laurent@example.com")).is_ok());
    }

    #[test]
    fn passwords_are_8_to_72_bytes() {
        assert!(check("1234567").is_err());
        assert!(check("abcdefg8").is_ok());
        assert!(check(&"x".repeat(72)).is_ok());
        assert!(check(&"x".repeat(73)).is_err());
        // 37 two-byte characters are 74 bytes: refused although only 37 characters
        assert_eq!(
            check(&"é".repeat(37)),
            Err(Rule::PasswordBytes { min: 8, max: 72 })
        );
    }

    #[test]
    fn the_user_name_is_no_password() {
        let refused =
            check_password_policy(&"Tenant@Example.com".into(), Some("tenant@example.com"));
        assert_eq!(refused, Err(Rule::PasswordIsUserName));
    }
}
