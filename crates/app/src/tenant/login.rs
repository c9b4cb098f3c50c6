use secrecy::{ExposeSecret, SecretString};
use storegister_contact_book::{ContactBook, ContactBookRepository, rules};
use storegister_kernel::{CompanyId, Expected, Input, Rule, Store, Violation, Violations};

use super::{TenantService, new_session};
use crate::attempts::{PasswordAttemptRepository, PendingAttempt, admit_attempt, clear_attempts};
use crate::credential::{Credential, CredentialRepository};
use crate::error::TenantError;
use crate::fields::Field;
use crate::ports::PasswordHasher;
use crate::session::{Session, SessionRepository};

/// A login as the client sent it.
#[derive(Clone, Debug, Default)]
pub struct LoginForm {
    /// `userName`: the e-mail the tenant registered with.
    pub user_name: Input<String>,
    /// `password`.
    pub password: Input<SecretString>,
    /// The client's `User-Agent`, kept with the session (see [`crate::user_agent`]).
    pub user_agent: Option<String>,
}

/// A successful login.
#[derive(Clone, Debug)]
pub struct LoggedIn {
    /// The tenant.
    pub contact: ContactBook,
    /// The session token.
    pub token: String,
}

impl<S, H> TenantService<S, H>
where
    S: Store,
    S::Repo: CredentialRepository,
    H: PasswordHasher,
{
    /// Stores a fresh hash of a password just verified against a hash of another cost (the
    /// configured cost changed), so that every stored hash converges on it; best effort: the
    /// login succeeded whatever becomes of this.
    async fn rehash(&self, company: CompanyId, credential: &Credential, password: SecretString) {
        let Ok(fresh) = self.ports.hasher.hash(password).await else {
            return;
        };
        let (contact, old) = (credential.contact_id, credential.password_hash.clone());
        self.ports
            .store
            .spawn(move |repo| {
                repo.rehash_password(company, contact, &old, &fresh)
                    .map(drop)
            })
            .await;
    }
}

/// A password field that must be given and not blank (its policy is checked apart).
pub(crate) fn required_password(
    input: Input<SecretString>,
    field: Field,
) -> Result<SecretString, Violation<Field>> {
    match input {
        Input::Given(password) if !password.expose_secret().trim().is_empty() => Ok(password),
        Input::Invalid => Err(Violation::new(field, Rule::WrongType(Expected::Text))),
        _ => Err(Violation::new(field, Rule::Required)),
    }
}

impl<S, H> TenantService<S, H>
where
    S: Store,
    S::Repo: ContactBookRepository
        + CredentialRepository
        + PasswordAttemptRepository
        + SessionRepository,
    H: PasswordHasher,
{
    /// Checks a tenant's user name and password, begins a session and issues its token.
    ///
    /// An unknown user name, a wrong password and a lead without credentials are refused alike,
    /// with [`TenantError::InvalidLogin`] after one bcrypt verification each, so that neither
    /// the answer nor its timing tells them apart. Every attempt counts against the user
    /// name's attempt limit (checked before bcrypt runs); a successful login clears them.
    pub async fn login(
        &self,
        company: CompanyId,
        form: LoginForm,
    ) -> Result<LoggedIn, TenantError> {
        let form_user_agent = form.user_agent;
        let mut violations = Violations::new();
        let user_name = violations.check(rules::email(form.user_name, Field::UserName));
        let password = violations.check(required_password(form.password, Field::Password));
        let (Some(user_name), Some(password)) = (user_name, password) else {
            return Err(TenantError::Invalid(violations));
        };

        let user_name = user_name.normalized();
        let limit = self.ports.policy.attempt_limit;
        let now = self.ports.clock.now().naive_utc();
        let name = user_name.clone();
        // unanswered (however this ends), the attempt is forgotten
        let (pending, slot) = PendingAttempt::new(&self.ports.store);
        let found = self
            .ports
            .store
            .run(move |repo| {
                let attempt = admit_attempt(repo, limit, company, &name, now)?;
                slot.fill(repo, attempt)?;
                let found = match repo.find_credential_by_user_name(company, &name)? {
                    Some(credential) => repo
                        .find_contact(company, credential.contact_id)?
                        .map(|contact| (credential, contact)),
                    None => None,
                };
                Ok::<_, TenantError>(found)
            })
            .await?;

        // bcrypt runs with no connection held
        let Some((credential, contact)) = found else {
            self.ports.hasher.verify_dummy(password).await?;
            pending.answered();
            return Err(TenantError::InvalidLogin);
        };
        let rehash = self
            .ports
            .hasher
            .needs_rehash(&credential.password_hash)
            .then(|| password.clone());
        let verified = self
            .ports
            .hasher
            .verify(password, credential.password_hash.clone())
            .await?;
        pending.answered();
        if !verified {
            return Err(TenantError::InvalidLogin);
        }
        if let Some(password) = rehash {
            self.rehash(company, &credential, password).await;
        }
        let stored = new_session(&contact, form_user_agent, now, self.ports.policy);
        let session = Session {
            contact_id: contact.id,
            company_id: company,
            security_stamp: credential.security_stamp,
            session_id: stored.id,
        };
        self.ports
            .store
            .run(move |repo| repo.insert_session(&stored))
            .await?;
        let token = self.ports.tokens.issue(&session)?;
        // best effort: the login succeeded whatever becomes of the clean-up
        self.ports
            .store
            .spawn(move |repo| clear_attempts(repo, limit, company, &user_name))
            .await;
        Ok(LoggedIn { contact, token })
    }
}

#[cfg(test)]
mod tests {
    use storegister_kernel::Input;

    use super::*;
    use crate::{ChangePasswordForm, RegisterForm};

    #[test]
    fn no_form_prints_a_password() {
        let secret = || Input::Given(SecretString::from("Super@123"));
        let printed = [
            format!(
                "{:?}",
                LoginForm {
                    user_name: Input::Given("me@example.com".into()),
                    password: secret(),
                    user_agent: None,
                }
            ),
            format!(
                "{:?}",
                RegisterForm {
                    password: secret(),
                    ..RegisterForm::default()
                }
            ),
            format!(
                "{:?}",
                ChangePasswordForm {
                    existing_password: secret(),
                    new_password: secret(),
                    ..ChangePasswordForm::default()
                }
            ),
        ];
        for printed in printed {
            assert!(!printed.contains("Super@123"), "{printed}");
            assert!(printed.contains("REDACTED"), "{printed}");
        }
    }
}
