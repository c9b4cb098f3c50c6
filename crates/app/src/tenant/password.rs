//! Changing the password: a concurrency stamp is requested first, then presented with the
//! change, so that a repeated or concurrent duplicate change fails instead of applying twice.

use chrono::TimeDelta;
use secrecy::{ExposeSecret, SecretString};
use storegister_contact_book::ContactBookRepository;
use storegister_kernel::{
    ContactId, Expected, Input, Rule, Store, StoreError, Transactional, Violation, Violations,
};
use uuid::Uuid;

use super::TenantService;
use super::login::required_password;
use crate::attempts::{PasswordAttemptRepository, PendingAttempt, admit_attempt, clear_attempts};
use crate::credential::{Credential, CredentialRepository, PasswordChange, check_password_policy};
use crate::error::TenantError;
use crate::fields::Field;
use crate::ports::PasswordHasher;
use crate::session::{Session, SessionRepository, authorize};

/// A password change as the client sent it.
#[derive(Clone, Debug, Default)]
pub struct ChangePasswordForm {
    /// `existingPassword`.
    pub existing_password: Input<SecretString>,
    /// `newPassword`.
    pub new_password: Input<SecretString>,
    /// `concurrencyStamp`, from the change-password request.
    pub concurrency_stamp: Input<String>,
}

/// A successful password change.
#[derive(Clone, Debug)]
pub struct PasswordChanged {
    /// The tenant.
    pub contact_id: ContactId,
    /// A fresh session token: every earlier one is revoked.
    pub token: String,
}

/// A validated password change.
struct Change {
    existing: SecretString,
    new: SecretString,
    stamp: Uuid,
}

impl<S, H> TenantService<S, H>
where
    S: Store,
    S::Repo: ContactBookRepository + CredentialRepository + SessionRepository,
{
    /// The concurrency stamp for a password change: the tenant's current one while it is
    /// valid (so no request can supersede a change another session has in progress), else a
    /// fresh one, valid for the policy's stamp lifetime.
    pub async fn request_password_change(&self, session: Session) -> Result<Uuid, TenantError> {
        let now = self.ports.clock.now().naive_utc();
        let expires_at =
            now + TimeDelta::from_std(self.ports.policy.stamp_ttl).unwrap_or(TimeDelta::MAX);
        self.ports
            .store
            .run(move |repo| {
                authorize(repo, &session, now)?;
                repo.issue_concurrency_stamp(
                    session.company_id,
                    session.contact_id,
                    Uuid::new_v4(),
                    expires_at,
                    now,
                )
                .map_err(|e| match e {
                    StoreError::Unavailable(_) => TenantError::Store(e),
                    other => TenantError::StampCreateFailed(other),
                })?
                .ok_or(TenantError::NoCredentials)
            })
            .await
    }
}

impl<S, H> TenantService<S, H>
where
    S: Store,
    S::Repo: ContactBookRepository
        + CredentialRepository
        + SessionRepository
        + PasswordAttemptRepository,
    H: PasswordHasher,
{
    /// Changes the password if the concurrency stamp is current and the existing password
    /// matches; in one conditional update the hash is replaced, the stamp consumed and the
    /// security stamp rotated. A wrong existing password leaves the stamp valid. The existing
    /// password counts against the user name's attempt limit, like a login.
    ///
    /// Nothing that can fail runs after the change is stored, so a stored change is always
    /// answered as one: the new token is issued before, the attempts are cleared best-effort
    /// after.
    pub async fn change_password(
        &self,
        session: Session,
        form: ChangePasswordForm,
    ) -> Result<PasswordChanged, TenantError> {
        let Change {
            existing,
            new,
            stamp,
        } = validate_change(form)?;
        let limit = self.ports.policy.attempt_limit;
        let now = self.ports.clock.now().naive_utc();
        let check_new = new.clone();
        // unanswered (however this ends), the attempt is forgotten
        let (pending, slot) = PendingAttempt::new(&self.ports.store);
        let credential = self
            .ports
            .store
            .run(move |repo| {
                let credential = current_credential(repo, &session, stamp, now)?;
                if let Err(rule) = check_password_policy(&check_new, Some(&credential.user_name)) {
                    return Err(Violations::from(Violation::new(Field::NewPassword, rule)).into());
                }
                let current = credential.concurrency_stamp == Some(stamp)
                    && credential
                        .concurrency_stamp_expires_at
                        .is_some_and(|at| at > now);
                if !current {
                    return Err(TenantError::ChangePasswordFailed);
                }
                // a stolen session must not be a way to guess the password: the existing
                // password is an attempt on the user name like a login
                let attempt =
                    admit_attempt(repo, limit, session.company_id, &credential.user_name, now)?;
                slot.fill(repo, attempt)?;
                Ok(credential)
            })
            .await?;

        // both bcrypt computations run with no connection held; the attempt is answered only
        // once both are done, so an overloaded hasher leaves it uncounted
        let verified = self
            .ports
            .hasher
            .verify(existing, credential.password_hash.clone())
            .await?;
        if !verified {
            pending.answered();
            return Err(TenantError::MismatchExistingPassword);
        }
        let password_hash = self.ports.hasher.hash(new).await?;
        pending.answered();

        let change = PasswordChange {
            company: session.company_id,
            contact: session.contact_id,
            stamp,
            now,
            password_hash,
            security_stamp: Uuid::new_v4(),
        };
        let token = self.ports.tokens.issue(&Session {
            security_stamp: change.security_stamp,
            ..session
        })?;
        // the change and the end of every other session are one
        let changed = self
            .ports
            .store
            .run(move |repo| {
                repo.transaction(|repo| {
                    if !repo.change_password(&change)? {
                        return Err(TenantError::ChangePasswordFailed);
                    }
                    repo.end_sessions(
                        change.company,
                        change.contact,
                        Some(session.session_id),
                        change.now,
                    )?;
                    Ok(())
                })
            })
            .await;
        changed?;
        let user_name = credential.user_name;
        let company = session.company_id;
        self.ports
            .store
            .spawn(move |repo| clear_attempts(repo, limit, company, &user_name))
            .await;
        Ok(PasswordChanged {
            contact_id: session.contact_id,
            token,
        })
    }
}

/// The fields of a change, each checked in request order; the new password must differ from
/// the existing one.
fn validate_change(form: ChangePasswordForm) -> Result<Change, TenantError> {
    let mut violations = Violations::new();
    let existing = violations.check(required_password(
        form.existing_password,
        Field::ExistingPassword,
    ));
    let new = violations.check(
        required_password(form.new_password, Field::NewPassword).and_then(|new| {
            check_password_policy(&new, None)
                .map_err(|rule| Violation::new(Field::NewPassword, rule))?;
            Ok(new)
        }),
    );
    let stamp = violations.check(concurrency_stamp(form.concurrency_stamp));
    let (Some(existing), Some(new), Some(stamp)) = (existing, new, stamp) else {
        return Err(TenantError::Invalid(violations));
    };
    if new.expose_secret() == existing.expose_secret() {
        return Err(TenantError::Invalid(
            Violation::new(Field::NewPassword, Rule::PasswordUnchanged).into(),
        ));
    }
    Ok(Change {
        existing,
        new,
        stamp,
    })
}

fn concurrency_stamp(input: Input<String>) -> Result<Uuid, Violation<Field>> {
    let field = Field::ConcurrencyStamp;
    match input {
        Input::Given(stamp) if !stamp.trim().is_empty() => {
            Uuid::parse_str(stamp.trim()).map_err(|_| Violation::new(field, Rule::NotAGuid))
        }
        Input::Invalid => Err(Violation::new(field, Rule::WrongType(Expected::Text))),
        _ => Err(Violation::new(field, Rule::Required)),
    }
}

/// The session's credential, if the session is still valid.
///
/// A replay of a change that succeeded carries the token that change revoked: it is the
/// documented [`TenantError::ChangePasswordFailed`], unless the stamp is current (requested
/// from a newer session), which this old session may not use.
fn current_credential(
    repo: &mut (impl ContactBookRepository + CredentialRepository + SessionRepository),
    session: &Session,
    stamp: Uuid,
    now: chrono::NaiveDateTime,
) -> Result<Credential, TenantError> {
    // the full credential (its hash above all) only here: the session check reads none of it
    let credential = match authorize(repo, session, now) {
        Ok(_) => repo.find_credential(session.company_id, session.contact_id)?,
        Err(TenantError::TokenRevoked) => None,
        Err(other) => return Err(other),
    };
    match credential {
        Some(credential) if credential.security_stamp == session.security_stamp => Ok(credential),
        // revoked, before the check or between it and this read (a duplicate that committed
        // meanwhile is a replay like any other)
        _ => {
            let current = repo
                .find_credential(session.company_id, session.contact_id)?
                .and_then(|c| c.concurrency_stamp);
            Err(if current == Some(stamp) {
                TenantError::TokenRevoked
            } else {
                TenantError::ChangePasswordFailed
            })
        }
    }
}
