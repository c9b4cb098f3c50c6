//! Changing the password: a concurrency stamp is requested first, then presented with the
//! change, so that a repeated or concurrent duplicate change fails instead of applying twice.

use std::time::Duration;

use chrono::TimeDelta;
use storegister_contact_book::fields::Field;
use storegister_kernel::{
    Clock, ContactId, Input, Store, StoreError, Transactional, Violation, Violations,
};
use uuid::Uuid;

use crate::attempts::{AttemptLimit, admit_attempt, answered, clear_attempts};
use crate::credential::{CredentialRepository, PasswordChange};
use crate::error::TenantError;
use crate::login::check_password_policy;
use crate::ports::{PasswordHasher, Session, TenantRepository, TokenIssuer};
use crate::profile::authorize;

const EXISTING_PASSWORD: Field = Field {
    name: "existingPassword",
    code: "INVALID_PARAM_EXISTING_PASSWORD",
    label: "existing password",
};
const NEW_PASSWORD: Field = Field {
    name: "newPassword",
    code: "INVALID_PARAM_NEW_PASSWORD",
    label: "new password",
};
const CONCURRENCY_STAMP: Field = Field {
    name: "concurrencyStamp",
    code: "INVALID_PARAM_CONCURRENCY_STAMP",
    label: "concurrency stamp",
};

/// Issues a fresh concurrency stamp for the tenant's credential, replacing any earlier one,
/// valid for `ttl`.
pub fn request_password_change<S>(
    store: &S,
    clock: &dyn Clock,
    session: &Session,
    ttl: Duration,
) -> Result<Uuid, TenantError>
where
    S: Store,
    S::Repo: TenantRepository,
{
    let mut repo = store.repo()?;
    authorize(&mut repo, session)?;
    let now = clock.now().naive_utc();
    let expires_at = now + TimeDelta::from_std(ttl).unwrap_or(TimeDelta::MAX);
    let stamp = Uuid::new_v4();
    let stored = repo
        .set_concurrency_stamp(
            session.company_id,
            session.contact_id,
            stamp,
            expires_at,
            now,
        )
        .map_err(|e| match e {
            StoreError::Unavailable(_) => TenantError::Store(e),
            other => TenantError::StampCreateFailed(other),
        })?;
    if !stored {
        return Err(TenantError::NoCredentials);
    }
    Ok(stamp)
}

/// A password change as the client sent it.
#[derive(Clone, Debug, Default)]
pub struct ChangePasswordForm {
    /// `existingPassword`.
    pub existing_password: Input<String>,
    /// `newPassword`.
    pub new_password: Input<String>,
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

fn required(input: Input<String>, field: Field) -> Result<String, Violation> {
    match input {
        Input::Given(value) if !value.trim().is_empty() => Ok(value),
        Input::Invalid => Err(Violation::field(
            field.code,
            field.name,
            format!("{} must be a string", field.label),
        )),
        _ => Err(Violation::field(
            field.code,
            field.name,
            format!("{} is required", field.label),
        )),
    }
}

/// Changes the password if the concurrency stamp is current and the existing password matches;
/// in one conditional update the hash is replaced, the stamp consumed and the security stamp
/// rotated. A wrong existing password leaves the stamp valid. The existing password counts
/// against the user name's [`AttemptLimit`], like a login.
pub fn change_password<S>(
    store: &S,
    hasher: &dyn PasswordHasher,
    tokens: &dyn TokenIssuer,
    clock: &dyn Clock,
    limit: AttemptLimit,
    session: &Session,
    form: ChangePasswordForm,
) -> Result<PasswordChanged, TenantError>
where
    S: Store,
    S::Repo: TenantRepository,
{
    let mut violations = Violations::new();
    let existing = violations.check(required(form.existing_password, EXISTING_PASSWORD));
    let new = violations.check(required(form.new_password, NEW_PASSWORD).and_then(|new| {
        check_password_policy(&new, None)
            .map_err(|v| Violation::field(NEW_PASSWORD.code, NEW_PASSWORD.name, v.message))?;
        Ok(new)
    }));
    let stamp = violations.check(
        required(form.concurrency_stamp, CONCURRENCY_STAMP).and_then(|stamp| {
            Uuid::parse_str(stamp.trim()).map_err(|_| {
                Violation::field(
                    CONCURRENCY_STAMP.code,
                    CONCURRENCY_STAMP.name,
                    "concurrency stamp must be a GUID",
                )
            })
        }),
    );
    let (Some(existing), Some(new), Some(stamp)) = (existing, new, stamp) else {
        return Err(TenantError::Invalid(violations));
    };
    if new == existing {
        return Err(TenantError::Invalid(
            Violation::field(
                NEW_PASSWORD.code,
                NEW_PASSWORD.name,
                "new password must differ from the existing one",
            )
            .into(),
        ));
    }

    let credential = {
        let mut repo = store.repo()?;
        match authorize(&mut repo, session) {
            Ok((_, credential)) => credential,
            Err(TenantError::TokenRevoked) => {
                // a replay of a change that succeeded carries the token that change revoked:
                // it is the documented CHANGE_PASSWORD_FAILED, unless the stamp is current
                // (requested from a newer session), which this old session may not use
                let current = repo
                    .find_credential(session.company_id, session.contact_id)?
                    .and_then(|c| c.concurrency_stamp);
                return Err(if current == Some(stamp) {
                    TenantError::TokenRevoked
                } else {
                    TenantError::ChangePasswordFailed
                });
            }
            Err(other) => return Err(other),
        }
    };
    if let Err(violation) = check_password_policy(&new, Some(&credential.user_name)) {
        return Err(TenantError::Invalid(
            Violation::field(NEW_PASSWORD.code, NEW_PASSWORD.name, violation.message).into(),
        ));
    }
    let now = clock.now().naive_utc();
    let current = credential.concurrency_stamp == Some(stamp)
        && credential
            .concurrency_stamp_expires_at
            .is_some_and(|at| at > now);
    if !current {
        return Err(TenantError::ChangePasswordFailed);
    }
    // a stolen session must not be a way to guess the password: the existing password is
    // an attempt on the user name like a login
    let attempt = admit_attempt(
        &mut store.repo()?,
        limit,
        session.company_id,
        &credential.user_name,
        now,
    )?;
    // bcrypt with no connection held
    let verified = hasher.verify(&existing, &credential.password_hash);
    if !answered(store, attempt, verified)? {
        return Err(TenantError::MismatchExistingPassword);
    }
    let change = PasswordChange {
        company: session.company_id,
        contact: session.contact_id,
        stamp,
        now,
        password_hash: hasher.hash(&new)?,
        security_stamp: Uuid::new_v4(),
    };

    let mut repo = store.repo()?;
    let changed = repo.transaction(|repo| repo.change_password(&change))?;
    if !changed {
        return Err(TenantError::ChangePasswordFailed);
    }
    clear_attempts(&mut repo, limit, session.company_id, &credential.user_name)?;
    drop(repo);
    let token = tokens.issue(&Session {
        security_stamp: change.security_stamp,
        ..*session
    })?;
    Ok(PasswordChanged {
        contact_id: session.contact_id,
        token,
    })
}
