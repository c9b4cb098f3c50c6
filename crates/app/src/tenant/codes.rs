//! Issuing and checking the one-time codes that prove an e-mail address, and the mails that
//! carry them. Both run inside the caller's unit of work, so a code and its mail are stored
//! together or not at all.

use chrono::{NaiveDateTime, TimeDelta};
use secrecy::ExposeSecret;
use storegister_company::CompanyRepository;
use storegister_kernel::{CompanyId, ContactId};
use uuid::Uuid;

use super::AccountPolicy;
use crate::error::TenantError;
use crate::mail::{Mail, MailOutbox};
use crate::verification::{
    CodePurpose, MintedCode, OneTimeCodes, VerificationCode, VerificationCodeRepository,
};

/// Where a mail about a contact goes, and for which company.
pub(super) struct Recipient<'a> {
    pub(super) company: CompanyId,
    pub(super) contact: ContactId,
    pub(super) address: &'a str,
}

/// Issues a fresh code of `purpose` to the recipient (ending the earlier ones of that purpose)
/// and queues the mail that carries it.
pub(super) fn mail_code<R>(
    repo: &mut R,
    codes: &dyn OneTimeCodes,
    policy: AccountPolicy,
    to: Recipient<'_>,
    purpose: CodePurpose,
    now: NaiveDateTime,
) -> Result<(), TenantError>
where
    R: VerificationCodeRepository + MailOutbox + CompanyRepository + ?Sized,
{
    repo.end_verification_codes(to.company, to.contact, purpose, now)?;
    let MintedCode(code) = codes.mint()?;
    let id = Uuid::new_v4();
    let expires_at = now
        .checked_add_signed(TimeDelta::from_std(policy.code_ttl).unwrap_or(TimeDelta::MAX))
        .unwrap_or(NaiveDateTime::MAX);
    repo.insert_verification_code(&VerificationCode {
        id,
        company_id: to.company,
        contact_id: to.contact,
        purpose,
        digest: codes.digest(id, code.expose_secret()),
        tries: 0,
        created_at: now,
        expires_at,
        used_at: None,
    })?;
    let company = company_name(repo, to.company)?;
    let minutes = policy.code_ttl.as_secs().div_ceil(60);
    let code = code.expose_secret();
    let (subject, text) = match purpose {
        CodePurpose::Claim => (
            format!("{company}: your code to create your login"),
            format!(
                "Someone, hopefully you, asked to create a login to the tenant portal of \
                 {company} with this e-mail address.\n\nYour code:\n\n{code}\n\n\
                 Enter it with the password you want within {minutes} minutes. If it was not \
                 you, ignore this mail: nothing changes without the code.\n"
            ),
        ),
        CodePurpose::Confirm => (
            format!("{company}: confirm your e-mail address"),
            format!(
                "Welcome to the tenant portal of {company}.\n\nTo confirm this e-mail \
                 address, enter this code within {minutes} minutes:\n\n{code}\n\n\
                 If you did not register, ignore this mail.\n"
            ),
        ),
        CodePurpose::Reset => (
            format!("{company}: your code to choose a new password"),
            format!(
                "Someone, hopefully you, asked to choose a new password for the tenant portal \
                 of {company}.\n\nYour code:\n\n{code}\n\n\
                 Enter it with your new password within {minutes} minutes. If it was not you, \
                 ignore this mail: your password stays as it is.\n"
            ),
        ),
    };
    queue(repo, to, subject, text, now)
}

/// Queues the mail telling a tenant that someone tried to register with their address (which
/// has a login already) and how to recover the password.
pub(super) fn mail_already_registered<R>(
    repo: &mut R,
    to: Recipient<'_>,
    now: NaiveDateTime,
) -> Result<(), TenantError>
where
    R: MailOutbox + CompanyRepository + ?Sized,
{
    let company = company_name(repo, to.company)?;
    let subject = format!("{company}: you already have a login");
    let text = format!(
        "Someone, hopefully you, tried to register at the tenant portal of {company} with this \
         e-mail address, which already has a login there. Nothing was changed.\n\n\
         If it was you, log in with your password, or choose a new one with \"Forgot \
         password\". If it was not you, ignore this mail.\n"
    );
    queue(repo, to, subject, text, now)
}

fn queue<R>(
    repo: &mut R,
    to: Recipient<'_>,
    subject: String,
    text: String,
    now: NaiveDateTime,
) -> Result<(), TenantError>
where
    R: MailOutbox + ?Sized,
{
    repo.queue_mail(&Mail {
        id: Uuid::new_v4(),
        company_id: to.company,
        to: to.address.to_owned(),
        subject,
        text: wrap(&text, 72),
        created_at: now,
    })?;
    Ok(())
}

/// The text with its lines broken between words at `width` characters, as plain-text mail is
/// read (and sent as 7-bit text rather than quoted-printable); a longer word keeps its line.
fn wrap(text: &str, width: usize) -> String {
    let mut wrapped = String::with_capacity(text.len() + text.len() / width);
    for line in text.split('\n') {
        let mut length = 0;
        for word in line.split(' ').filter(|w| !w.is_empty()) {
            let chars = word.chars().count();
            if length > 0 && length + 1 + chars > width {
                wrapped.push('\n');
                length = 0;
            } else if length > 0 {
                wrapped.push(' ');
                length += 1;
            }
            wrapped.push_str(word);
            length += chars;
        }
        wrapped.push('\n');
    }
    wrapped.pop();
    wrapped
}

fn company_name<R>(repo: &mut R, company: CompanyId) -> Result<String, TenantError>
where
    R: CompanyRepository + ?Sized,
{
    Ok(repo
        .find_company(company)?
        .map_or_else(|| "your storage company".to_owned(), |c| c.name))
}

/// The live code of the contact, among these purposes, that the typed code is; a wrong code
/// counts one try against each live one and is [`TenantError::InvalidVerificationCode`], as is
/// a contact with no live code.
pub(super) fn check_code<R>(
    repo: &mut R,
    codes: &dyn OneTimeCodes,
    policy: AccountPolicy,
    (company, contact): (CompanyId, ContactId),
    purposes: &[CodePurpose],
    typed: &str,
    now: NaiveDateTime,
) -> Result<VerificationCode, TenantError>
where
    R: VerificationCodeRepository + ?Sized,
{
    let live = repo.live_verification_codes(company, contact, purposes, policy.code_tries, now)?;
    if let Some(found) = live
        .iter()
        .find(|code| codes.matches(code.id, typed, &code.digest))
    {
        return Ok(found.clone());
    }
    let ids: Vec<Uuid> = live.iter().map(|code| code.id).collect();
    if !ids.is_empty() {
        repo.count_verification_try(&ids)?;
    }
    Err(TenantError::InvalidVerificationCode)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_wrapped_between_words_keeping_paragraphs() {
        let text = "one two three four five\n\n12345678\n";
        assert_eq!(wrap(text, 9), "one two\nthree\nfour five\n\n12345678\n");
        assert_eq!(
            wrap("averyveryverylongword x", 5),
            "averyveryverylongword\nx"
        );
    }
}
