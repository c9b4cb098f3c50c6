//! Proof of an e-mail address: one-time codes of 8 digits, mailed to the address, stored only as
//! a keyed digest, valid for a while, single use and dead after a few wrong tries.

use std::fmt;

use chrono::NaiveDateTime;
use secrecy::SecretString;
use storegister_kernel::{Cause, CompanyId, ContactId, StoreError};
use uuid::Uuid;

/// How many digits a code has.
pub const CODE_DIGITS: usize = 8;

/// What a code proves the address for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CodePurpose {
    /// Completing a registration with the address of an existing lead.
    Claim,
    /// Confirming a new tenant's address.
    Confirm,
    /// Recovering a forgotten password.
    Reset,
}

impl CodePurpose {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            CodePurpose::Claim => "claim",
            CodePurpose::Confirm => "confirm",
            CodePurpose::Reset => "reset",
        }
    }

    /// The purpose of a stored name.
    pub fn parse(name: &str) -> Option<Self> {
        [Self::Claim, Self::Confirm, Self::Reset]
            .into_iter()
            .find(|p| p.as_str() == name)
    }
}

/// A stored code: its digest, never the code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerificationCode {
    /// Its id (also mixed into the digest, so equal codes have unequal digests).
    pub id: Uuid,
    /// The company.
    pub company_id: CompanyId,
    /// The contact whose address it was mailed to.
    pub contact_id: ContactId,
    /// What it is for.
    pub purpose: CodePurpose,
    /// The keyed digest of the code.
    pub digest: String,
    /// Wrong codes tried against it so far.
    pub tries: u32,
    /// When it was issued (UTC).
    pub created_at: NaiveDateTime,
    /// When it stops being valid (UTC).
    pub expires_at: NaiveDateTime,
    /// When it was used, if it was.
    pub used_at: Option<NaiveDateTime>,
}

/// The stored codes.
pub trait VerificationCodeRepository {
    /// Stores a new code.
    fn insert_verification_code(&mut self, code: &VerificationCode) -> Result<(), StoreError>;

    /// The contact's codes of these purposes that can still be used at `now`: unused,
    /// unexpired, with fewer than `max_tries` wrong tries.
    fn live_verification_codes(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        purposes: &[CodePurpose],
        max_tries: u32,
        now: NaiveDateTime,
    ) -> Result<Vec<VerificationCode>, StoreError>;

    /// Counts one wrong try against each of these codes.
    fn count_verification_try(&mut self, ids: &[Uuid]) -> Result<(), StoreError>;

    /// Uses a code that is still unused (a conditional update: of two concurrent uses, one
    /// gets `true`).
    fn use_verification_code(&mut self, id: Uuid, now: NaiveDateTime) -> Result<bool, StoreError>;

    /// Ends the contact's unused codes of a purpose (a newer one replaces them).
    fn end_verification_codes(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        purpose: CodePurpose,
        now: NaiveDateTime,
    ) -> Result<usize, StoreError>;

    /// Deletes the codes that expired before `before`; how many.
    fn prune_verification_codes(&mut self, before: NaiveDateTime) -> Result<usize, StoreError>;
}

/// Why no code could be made.
#[derive(Debug, thiserror::Error)]
#[error("no one-time code could be made")]
pub struct CodeError(#[source] pub Cause);

/// A fresh code: the digits to mail, never stored.
pub struct MintedCode(pub SecretString);

impl fmt::Debug for MintedCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MintedCode(REDACTED)")
    }
}

/// Makes one-time codes and their digests (random digits and a keyed hash in production).
pub trait OneTimeCodes: Send + Sync {
    /// A random code of [`CODE_DIGITS`] digits.
    fn mint(&self) -> Result<MintedCode, CodeError>;

    /// The digest to store for the code with this id.
    fn digest(&self, id: Uuid, code: &str) -> String;

    /// Whether `code` is the code with this id and stored digest (compared in constant time).
    fn matches(&self, id: Uuid, code: &str, digest: &str) -> bool;
}

/// The code as a client typed it, if it can be one: [`CODE_DIGITS`] ASCII digits once the
/// white space around and inside it (a code copied as `1234 5678`) is left out.
pub fn code_shape(typed: &str) -> Option<String> {
    let code: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    (code.len() == CODE_DIGITS && code.bytes().all(|b| b.is_ascii_digit())).then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_eight_digits_spaces_aside() {
        assert_eq!(code_shape(" 1234 5678 ").as_deref(), Some("12345678"));
        assert_eq!(code_shape("12345678"), Some("12345678".into()));
        assert_eq!(code_shape("1234567"), None);
        assert_eq!(code_shape("123456789"), None);
        assert_eq!(code_shape("1234567a"), None);
        assert_eq!(
            code_shape("１２３４５６７８"),
            None,
            "full-width digits are no code"
        );
    }

    #[test]
    fn purposes_round_trip_their_stored_names() {
        for purpose in [CodePurpose::Claim, CodePurpose::Confirm, CodePurpose::Reset] {
            assert_eq!(CodePurpose::parse(purpose.as_str()), Some(purpose));
        }
        assert_eq!(CodePurpose::parse("other"), None);
    }

    #[test]
    fn a_minted_code_prints_no_digits() {
        let printed = format!("{:?}", MintedCode(SecretString::from("12345678")));
        assert!(!printed.contains("12345678"));
    }
}
