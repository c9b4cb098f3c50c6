//! Proving an address with a mailed code: completing a registration for a lead's address
//! (`POST /v1/register/verify`), confirming a new tenant's address, and recovering a password
//! (`POST /v1/password/forgot`, `POST /v1/password/reset`).

use secrecy::{ExposeSecret, SecretString};
use storegister_company::CompanyRepository;
use storegister_contact_book::{ContactBook, ContactBookRepository, rules};
use storegister_kernel::{
    CompanyId, ContactId, Expected, Input, Rule, Store, Transactional, Violation, Violations,
};
use uuid::Uuid;

use super::codes::{Recipient, check_code, mail_code};
use super::login::required_password;
use super::{Registered, TenantService, new_session};
use crate::attempts::{PasswordAttemptRepository, admit_attempt, clear_attempts};
use crate::credential::{Credential, CredentialRepository, check_password_policy};
use crate::error::TenantError;
use crate::fields::Field;
use crate::mail::MailOutbox;
use crate::ports::PasswordHasher;
use crate::session::{Session, SessionRepository};
use crate::verification::{CodePurpose, VerificationCode, VerificationCodeRepository, code_shape};

/// `POST /v1/register/verify` as the client sent it.
#[derive(Clone, Debug, Default)]
pub struct VerifyForm {
    /// `userName`: the address the code was mailed to.
    pub user_name: Input<String>,
    /// `code`: the mailed code.
    pub code: Input<SecretString>,
    /// `password`: the tenant's password, when the code completes a registration.
    pub password: Input<SecretString>,
    /// The client's `User-Agent`, kept with the session of a completed registration.
    pub user_agent: Option<String>,
}

/// What a verified code did.
#[derive(Clone, Debug)]
pub enum Verified {
    /// A lead became a tenant, with its first session (answered 201 like a registration).
    Registered(Box<Registered>),
    /// A tenant's address is confirmed (answered 200 with the contact's id).
    Confirmed(ContactId),
}

/// `POST /v1/password/reset` as the client sent it.
#[derive(Clone, Debug, Default)]
pub struct ResetForm {
    /// `userName`: the login the code was mailed for.
    pub user_name: Input<String>,
    /// `code`: the mailed code.
    pub code: Input<SecretString>,
    /// `newPassword`.
    pub new_password: Input<SecretString>,
    /// The client's `User-Agent`, kept with the new session.
    pub user_agent: Option<String>,
}

/// A recovered password.
#[derive(Clone, Debug)]
pub struct PasswordReset {
    /// The tenant.
    pub contact_id: ContactId,
    /// The token of the new session: every other one has ended.
    pub token: String,
}

/// The code field: required, and the shape of a code (anything else cannot be one, and is
/// refused like a wrong code, before anything is looked up or counted).
fn typed_code(input: Input<SecretString>) -> Result<String, Violation<Field>> {
    let field = Field::VerificationCode;
    match input {
        Input::Given(code) => {
            code_shape(code.expose_secret()).ok_or(Violation::new(field, Rule::NotACode))
        }
        Input::Invalid => Err(Violation::new(field, Rule::WrongType(Expected::Text))),
        Input::Absent => Err(Violation::new(field, Rule::Required)),
    }
}

/// The password sent with a verification: only needed, and checked, when the code completes
/// a registration.
fn optional_password(input: Input<SecretString>) -> Result<Option<SecretString>, Violation<Field>> {
    match input {
        Input::Given(password) if !password.expose_secret().trim().is_empty() => Ok(Some(password)),
        Input::Invalid => Err(Violation::new(
            Field::Password,
            Rule::WrongType(Expected::Text),
        )),
        _ => Ok(None),
    }
}

impl<S, H> TenantService<S, H>
where
    S: Store,
    S::Repo: ContactBookRepository
        + CredentialRepository
        + SessionRepository
        + PasswordAttemptRepository
        + VerificationCodeRepository
        + MailOutbox
        + CompanyRepository,
    H: PasswordHasher,
{
    /// Checks a mailed code for the address: completes the registration of a lead's address
    /// with the password given here (never one sent with the unproven registration), or
    /// confirms a tenant's address.
    ///
    /// Every try counts against the address's attempt limit, like a login, and a wrong code
    /// counts against the code's own tries; an unknown address, a wrong, expired, used or dead
    /// code are one [`TenantError::InvalidVerificationCode`].
    pub async fn verify(
        &self,
        company: CompanyId,
        form: VerifyForm,
    ) -> Result<Verified, TenantError> {
        let mut violations = Violations::new();
        let user_name = violations.check(rules::email(form.user_name, Field::UserName));
        let code = violations.check(typed_code(form.code));
        let password = violations.check(optional_password(form.password));
        let (Some(user_name), Some(code), Some(password)) = (user_name, code, password) else {
            return Err(TenantError::Invalid(violations));
        };
        let user_name = user_name.normalized();

        let (policy, codes) = (self.ports.policy, self.ports.codes.clone());
        let now = self.ports.clock.now().naive_utc();
        let name = user_name.clone();
        let (contact, found) = self
            .ports
            .store
            .run(move |repo| {
                let _admitted = admit_attempt(repo, policy.attempt_limit, company, &name, now)?;
                let contact = repo
                    .find_contact_by_email(company, &name)?
                    .ok_or(TenantError::InvalidVerificationCode)?;
                let found = check_code(
                    repo,
                    codes.as_ref(),
                    policy,
                    (company, contact.id),
                    &[CodePurpose::Claim, CodePurpose::Confirm],
                    &code,
                    now,
                )?;
                Ok::<_, TenantError>((contact, found))
            })
            .await?;

        if found.purpose == CodePurpose::Confirm {
            let contact_id = contact.id;
            self.ports
                .store
                .run(move |repo| {
                    repo.transaction(|repo| {
                        use_code(repo, &found, now)?;
                        repo.set_email_verified(company, contact_id, true)?;
                        clear_attempts(repo, policy.attempt_limit, company, &user_name)?;
                        Ok::<_, TenantError>(())
                    })
                })
                .await?;
            return Ok(Verified::Confirmed(contact_id));
        }

        // the code is right: now the password it completes the registration with matters
        let password = password
            .ok_or(Violation::new(Field::Password, Rule::Required))
            .and_then(|password| {
                check_password_policy(&password, Some(&user_name))
                    .map_err(|rule| Violation::new(Field::Password, rule))?;
                Ok(password)
            })
            .map_err(|violation| TenantError::Invalid(violation.into()))?;
        // bcrypt runs with no connection held
        let password_hash = self.ports.hasher.hash(password).await?;
        let credential = Credential {
            contact_id: contact.id,
            company_id: company,
            user_name: user_name.clone(),
            password_hash,
            security_stamp: Uuid::new_v4(),
            concurrency_stamp: None,
            concurrency_stamp_expires_at: None,
            created_at: now,
            updated_at: now,
        };
        let stored = new_session(&contact, form.user_agent, now, policy);
        let session = Session {
            contact_id: contact.id,
            company_id: company,
            security_stamp: credential.security_stamp,
            session_id: stored.id,
        };
        // issued before anything is stored, so a stored registration is always answered
        let token = self.ports.tokens.issue(&session)?;
        let contact = self
            .ports
            .store
            .run(move |repo| {
                repo.transaction(|repo| {
                    use_code(repo, &found, now)?;
                    // completed meanwhile with another code: that one won
                    if repo.find_credential(company, contact.id)?.is_some() {
                        return Err(TenantError::InvalidVerificationCode);
                    }
                    repo.insert_credential(&credential)
                        .map_err(TenantError::RegistrationFailed)?;
                    repo.set_email_verified(company, contact.id, true)?;
                    repo.insert_session(&stored)?;
                    clear_attempts(repo, policy.attempt_limit, company, &user_name)?;
                    Ok::<_, TenantError>(ContactBook {
                        email_verified: true,
                        ..contact
                    })
                })
            })
            .await?;
        Ok(Verified::Registered(Box::new(Registered {
            contact,
            token: Some(token),
        })))
    }

    /// Mails a code to recover the password of a login, if the address has one; answers the
    /// same whether it has or not.
    pub async fn forgot_password(
        &self,
        company: CompanyId,
        user_name: Input<String>,
    ) -> Result<(), TenantError> {
        let user_name = rules::email(user_name, Field::UserName)
            .map_err(|violation| TenantError::Invalid(violation.into()))?
            .normalized();
        let (policy, codes) = (self.ports.policy, self.ports.codes.clone());
        let now = self.ports.clock.now().naive_utc();
        self.ports
            .store
            .run(move |repo| {
                repo.transaction(|repo| {
                    let Some(credential) =
                        repo.find_credential_by_user_name(company, &user_name)?
                    else {
                        return Ok(());
                    };
                    let to = Recipient {
                        company,
                        contact: credential.contact_id,
                        address: &credential.user_name,
                    };
                    mail_code(repo, codes.as_ref(), policy, to, CodePurpose::Reset, now)
                })
            })
            .await
    }

    /// Sets a new password with a code mailed by [`forgot_password`](Self::forgot_password):
    /// every session ends, a new one begins, and the address counts as verified. Tries count
    /// like those of [`verify`](Self::verify).
    pub async fn reset_password(
        &self,
        company: CompanyId,
        form: ResetForm,
    ) -> Result<PasswordReset, TenantError> {
        let mut violations = Violations::new();
        let user_name = violations.check(rules::email(form.user_name, Field::UserName));
        let user_name = user_name.map(|u| u.normalized());
        let code = violations.check(typed_code(form.code));
        let new = violations.check(
            required_password(form.new_password, Field::NewPassword).and_then(|new| {
                check_password_policy(&new, user_name.as_deref())
                    .map_err(|rule| Violation::new(Field::NewPassword, rule))?;
                Ok(new)
            }),
        );
        let (Some(user_name), Some(code), Some(new)) = (user_name, code, new) else {
            return Err(TenantError::Invalid(violations));
        };

        let (policy, codes) = (self.ports.policy, self.ports.codes.clone());
        let now = self.ports.clock.now().naive_utc();
        let name = user_name.clone();
        let (credential, contact, found) = self
            .ports
            .store
            .run(move |repo| {
                let _admitted = admit_attempt(repo, policy.attempt_limit, company, &name, now)?;
                let credential = repo
                    .find_credential_by_user_name(company, &name)?
                    .ok_or(TenantError::InvalidVerificationCode)?;
                let contact = repo
                    .find_contact(company, credential.contact_id)?
                    .ok_or(TenantError::InvalidVerificationCode)?;
                let found = check_code(
                    repo,
                    codes.as_ref(),
                    policy,
                    (company, contact.id),
                    &[CodePurpose::Reset],
                    &code,
                    now,
                )?;
                Ok::<_, TenantError>((credential, contact, found))
            })
            .await?;

        // bcrypt runs with no connection held
        let password_hash = self.ports.hasher.hash(new).await?;
        let stored = new_session(&contact, form.user_agent, now, policy);
        let session = Session {
            contact_id: contact.id,
            company_id: company,
            security_stamp: Uuid::new_v4(),
            session_id: stored.id,
        };
        // issued before anything is stored, so a stored reset is always answered
        let token = self.ports.tokens.issue(&session)?;
        let (contact_id, security_stamp) = (contact.id, session.security_stamp);
        self.ports
            .store
            .run(move |repo| {
                repo.transaction(|repo| {
                    use_code(repo, &found, now)?;
                    if !repo.reset_password(
                        company,
                        credential.contact_id,
                        &password_hash,
                        security_stamp,
                        now,
                    )? {
                        return Err(TenantError::InvalidVerificationCode);
                    }
                    repo.end_sessions(company, contact_id, None, now)?;
                    repo.insert_session(&stored)?;
                    repo.set_email_verified(company, contact_id, true)?;
                    clear_attempts(repo, policy.attempt_limit, company, &user_name)?;
                    Ok::<_, TenantError>(())
                })
            })
            .await?;
        Ok(PasswordReset { contact_id, token })
    }
}

/// Uses a checked code; one used meanwhile (by a concurrent request) is no longer valid.
fn use_code(
    repo: &mut (impl VerificationCodeRepository + ?Sized),
    code: &VerificationCode,
    now: chrono::NaiveDateTime,
) -> Result<(), TenantError> {
    if repo.use_verification_code(code.id, now)? {
        Ok(())
    } else {
        Err(TenantError::InvalidVerificationCode)
    }
}
