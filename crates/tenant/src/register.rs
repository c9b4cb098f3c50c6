use storegister_contact_book::fields::Field;
use storegister_contact_book::{
    ContactBook, ContactBookRepository, ContactForm, rules, validate_contact,
};
use storegister_contract::PropertyRepository;
use storegister_kernel::{
    Clock, CompanyId, ContactId, Input, PropertyId, Store, StoreError, Transactional, Violation,
    Violations,
};
use uuid::Uuid;

use crate::credential::{Credential, CredentialRepository};
use crate::error::TenantError;
use crate::login::{PASSWORD, USER_NAME, check_password_policy};
use crate::ports::{PasswordHasher, Session, TenantRepository, TokenIssuer};

const CAN_CREATE_LOGIN_CREDENTIALS: Field = Field {
    name: "canCreateLoginCredentials",
    code: "INVALID_INPUT_PARAM",
    label: "canCreateLoginCredentials",
};

const PROPERTY_INFO_ID: Field = Field {
    name: "propertyInfoId",
    code: "INVALID_PARAM_PROPERTY_INFO_ID",
    label: "property",
};

/// A registration as the client sent it.
#[derive(Clone, Debug, Default)]
pub struct RegisterForm {
    /// `userName`: the login e-mail; required with credentials.
    pub user_name: Input<String>,
    /// `password`; required with credentials.
    pub password: Input<String>,
    /// `canCreateLoginCredentials`: a tenant when true, a lead otherwise.
    pub can_create_login_credentials: Input<bool>,
    /// The contact's details.
    pub contact: ContactForm,
    /// `propertyInfoId`: one of the company's properties, optional.
    pub property_info_id: Input<String>,
}

/// A successful registration.
#[derive(Clone, Debug)]
pub struct Registered {
    /// The stored contact (new, or the existing lead it updated).
    pub contact: ContactBook,
    /// A session token, when credentials were created.
    pub token: Option<String>,
}

struct Credentials {
    user_name: String,
    password: String,
}

/// Registers a tenant (with credentials) or a lead (contact only) in a company.
///
/// A contact is identified within its company by e-mail: an e-mail that has credentials
/// already is refused; an existing lead is updated in place (same id) and, when credentials are
/// asked for, becomes a tenant. Everything is written in one transaction.
pub fn register<S>(
    store: &S,
    hasher: &dyn PasswordHasher,
    tokens: &dyn TokenIssuer,
    clock: &dyn Clock,
    company: CompanyId,
    form: RegisterForm,
) -> Result<Registered, TenantError>
where
    S: Store,
    S::Repo: TenantRepository,
{
    let mut violations = Violations::new();
    let with_credentials = match form.can_create_login_credentials {
        Input::Absent => false,
        Input::Given(value) => value,
        Input::Invalid => {
            violations.push(Violation::field(
                CAN_CREATE_LOGIN_CREDENTIALS.code,
                CAN_CREATE_LOGIN_CREDENTIALS.name,
                "canCreateLoginCredentials must be true or false",
            ));
            false
        }
    };
    let credentials = if with_credentials {
        let user_name = violations.check(rules::email(form.user_name, USER_NAME));
        let user_name = user_name.map(|u| u.normalized());
        let password = violations.check(required_password(form.password).and_then(|password| {
            check_password_policy(&password, user_name.as_deref()).map(|()| password)
        }));
        match (user_name, password) {
            (Some(user_name), Some(password)) => Some(Credentials {
                user_name,
                password,
            }),
            _ => None,
        }
    } else {
        None
    };

    // validation asks the store about countries, regions and the property
    let (details, property) = {
        let mut repo = store.repo()?;
        let details = match validate_contact(form.contact, &mut repo)? {
            Ok(details) => Some(details),
            Err(more) => {
                violations.extend(more);
                None
            }
        };
        let property = violations.check(property_of(&mut repo, company, form.property_info_id)?);
        (details, property)
    };
    let details = match details {
        Some(details) if violations.is_empty() => details,
        _ => return Err(TenantError::Invalid(violations)),
    };

    // bcrypt runs with no connection held
    let hashed = match &credentials {
        Some(c) => Some((c.user_name.clone(), hasher.hash(&c.password)?)),
        None => None,
    };

    let now = clock.now().naive_utc();
    let mut repo = store.repo()?;
    let (contact, credential) = repo.transaction(|repo| {
        let existing = repo
            .find_contact_by_email(company, &details.email.normalized())
            .map_err(TenantError::ContactCreationFailed)?;
        if let Some(existing) = &existing
            && repo.find_credential(company, existing.id)?.is_some()
        {
            return Err(TenantError::UserNameTaken);
        }
        if let Some((user_name, _)) = &hashed
            && repo
                .find_credential_by_user_name(company, user_name)?
                .is_some()
        {
            return Err(TenantError::UserNameTaken);
        }
        let contact = match existing {
            Some(existing) => {
                let updated = ContactBook {
                    details,
                    property_info_id: property.flatten().or(existing.property_info_id),
                    updated_at: now,
                    ..existing
                };
                repo.update_contact(&updated).map_err(creation_failed)?;
                updated
            }
            None => {
                let created = ContactBook {
                    id: ContactId::new_random(),
                    company_id: company,
                    details,
                    communication_address: None,
                    property_info_id: property.flatten(),
                    profile_image: None,
                    created_at: now,
                    updated_at: now,
                };
                repo.insert_contact(&created).map_err(creation_failed)?;
                created
            }
        };
        let credential = match hashed {
            Some((user_name, password_hash)) => {
                let credential = Credential {
                    contact_id: contact.id,
                    company_id: company,
                    user_name,
                    password_hash,
                    security_stamp: Uuid::new_v4(),
                    concurrency_stamp: None,
                    concurrency_stamp_expires_at: None,
                    created_at: now,
                    updated_at: now,
                };
                repo.insert_credential(&credential).map_err(|e| match e {
                    StoreError::Duplicate(_) => TenantError::UserNameTaken,
                    other => TenantError::RegistrationFailed(other),
                })?;
                Some(credential)
            }
            None => None,
        };
        Ok((contact, credential))
    })?;
    drop(repo);

    let token = match credential {
        Some(credential) => Some(tokens.issue(&Session {
            contact_id: contact.id,
            company_id: company,
            security_stamp: credential.security_stamp,
        })?),
        None => None,
    };
    Ok(Registered { contact, token })
}

/// A concurrent registration of the same e-mail loses the race on the unique index: it is the
/// same conflict as one detected up front.
fn creation_failed(error: StoreError) -> TenantError {
    match error {
        StoreError::Duplicate(_) => TenantError::UserNameTaken,
        other => TenantError::ContactCreationFailed(other),
    }
}

fn required_password(input: Input<String>) -> Result<String, Violation> {
    match input {
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
    }
}

/// The property a registration names: blank is none; anything else must be a GUID of one of
/// the company's properties.
fn property_of(
    repo: &mut impl PropertyRepository,
    company: CompanyId,
    input: Input<String>,
) -> Result<Result<Option<PropertyId>, Violation>, StoreError> {
    let invalid =
        |message: &str| Violation::field(PROPERTY_INFO_ID.code, PROPERTY_INFO_ID.name, message);
    let text = match input {
        Input::Absent => return Ok(Ok(None)),
        Input::Invalid => return Ok(Err(invalid("propertyInfoId must be a GUID string"))),
        Input::Given(text) => text,
    };
    if text.trim().is_empty() {
        return Ok(Ok(None));
    }
    let Ok(id) = text.parse::<PropertyId>() else {
        return Ok(Err(invalid("propertyInfoId must be a GUID")));
    };
    Ok(match repo.find_property(company, id)? {
        Some(_) => Ok(Some(id)),
        None => Err(invalid("propertyInfoId is not a property of this company")),
    })
}
