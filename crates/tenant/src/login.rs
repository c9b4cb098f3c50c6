use storegister_contact_book::fields::Field;
use storegister_contact_book::{ContactBook, ContactBookRepository, rules};
use storegister_kernel::{Clock, CompanyId, Input, Store, Violation, Violations};

use crate::attempts::{AttemptLimit, admit_attempt, answered, clear_attempts};
use crate::credential::{CredentialRepository, PASSWORD_MAX_BYTES, PASSWORD_MIN_BYTES};
use crate::error::TenantError;
use crate::ports::{PasswordHasher, Session, TenantRepository, TokenIssuer};

/// `userName` of login and registration.
pub(crate) const USER_NAME: Field = Field {
    name: "userName",
    code: "INVALID_PARAM_USER_NAME",
    label: "user name",
};

/// `password` of login and registration.
pub(crate) const PASSWORD: Field = Field {
    name: "password",
    code: "INVALID_PARAM_USER_PASSWORD",
    label: "password",
};

/// A login as the client sent it.
#[derive(Clone, Debug, Default)]
pub struct LoginForm {
    /// `userName`: the e-mail the tenant registered with.
    pub user_name: Input<String>,
    /// `password`.
    pub password: Input<String>,
}

/// A successful login.
#[derive(Clone, Debug)]
pub struct LoggedIn {
    /// The tenant.
    pub contact: ContactBook,
    /// The session token.
    pub token: String,
}

/// Checks a tenant's user name and password and issues a session token.
///
/// An unknown user name, a wrong password and a lead without credentials are refused alike,
/// with [`TenantError::InvalidLogin`] after one bcrypt verification each, so that neither the
/// answer nor its timing tells them apart. Every attempt counts against the user name's
/// [`AttemptLimit`] (checked before bcrypt runs); a successful login clears them.
pub fn login<S>(
    store: &S,
    hasher: &dyn PasswordHasher,
    tokens: &dyn TokenIssuer,
    clock: &dyn Clock,
    limit: AttemptLimit,
    company: CompanyId,
    form: LoginForm,
) -> Result<LoggedIn, TenantError>
where
    S: Store,
    S::Repo: TenantRepository,
{
    let mut violations = Violations::new();
    let user_name = violations.check(rules::email(form.user_name, USER_NAME));
    let password = violations.check(match form.password {
        Input::Given(password) if !password.trim().is_empty() => Ok(password),
        Input::Invalid => Err(Violation::field(
            PASSWORD.code,
            PASSWORD.name,
            "password must be a string",
        )),
        _ => Err(Violation::field(
            PASSWORD.code,
            PASSWORD.name,
            "password is required",
        )),
    });
    let (Some(user_name), Some(password)) = (user_name, password) else {
        return Err(TenantError::Invalid(violations));
    };

    let user_name = user_name.normalized();
    let (attempt, found) = {
        let mut repo = store.repo()?;
        let attempt = admit_attempt(
            &mut repo,
            limit,
            company,
            &user_name,
            clock.now().naive_utc(),
        )?;
        let found = match repo.find_credential_by_user_name(company, &user_name)? {
            Some(credential) => repo
                .find_contact(company, credential.contact_id)?
                .map(|contact| (credential, contact)),
            None => None,
        };
        (attempt, found)
    };

    let Some((credential, contact)) = found else {
        answered(store, attempt, hasher.verify_dummy(&password))?;
        return Err(TenantError::InvalidLogin);
    };
    let verified = hasher.verify(&password, &credential.password_hash);
    if !answered(store, attempt, verified)? {
        return Err(TenantError::InvalidLogin);
    }
    clear_attempts(&mut store.repo()?, limit, company, &user_name)?;
    let token = tokens.issue(&Session {
        contact_id: contact.id,
        company_id: company,
        security_stamp: credential.security_stamp,
    })?;
    Ok(LoggedIn { contact, token })
}

/// The password policy: 8 to 72 bytes (bcrypt's limit: longer is refused, never truncated) and
/// not the user name (when a valid one is known).
pub(crate) fn check_password_policy(
    password: &str,
    user_name: Option<&str>,
) -> Result<(), Violation> {
    let bytes = password.len();
    if !(PASSWORD_MIN_BYTES..=PASSWORD_MAX_BYTES).contains(&bytes) {
        return Err(Violation::field(
            PASSWORD.code,
            PASSWORD.name,
            format!("password must be {PASSWORD_MIN_BYTES} to {PASSWORD_MAX_BYTES} bytes long"),
        ));
    }
    if user_name.is_some_and(|name| password.trim().to_lowercase() == name.trim().to_lowercase()) {
        return Err(Violation::field(
            PASSWORD.code,
            PASSWORD.name,
            "password must not be the user name",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_example_password_passes() {
        assert!(check_password_policy("Super@123", Some("laurent@example.com")).is_ok());
    }

    #[test]
    fn passwords_are_8_to_72_bytes() {
        assert!(check_password_policy("1234567", Some("a@example.com")).is_err());
        assert!(check_password_policy("12345678", Some("a@example.com")).is_ok());
        assert!(check_password_policy(&"x".repeat(72), Some("a@example.com")).is_ok());
        assert!(check_password_policy(&"x".repeat(73), Some("a@example.com")).is_err());
        // 37 two-byte characters are 74 bytes: refused although only 37 characters
        assert!(check_password_policy(&"é".repeat(37), Some("a@example.com")).is_err());
    }

    #[test]
    fn the_user_name_is_no_password() {
        let refused = check_password_policy("Tenant@Example.com", Some("tenant@example.com"));
        assert_eq!(refused.unwrap_err().code, "INVALID_PARAM_USER_PASSWORD");
    }
}
