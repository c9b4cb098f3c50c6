use secrecy::SecretString;
use storegister_contact_book::fields::ContactField;
use storegister_contact_book::{
    ContactBook, ContactBookRepository, ContactForm, Enquiry, EnquiryRepository, ReferenceData,
    rules, validate_contact,
};
use storegister_contract::PropertyRepository;
use storegister_kernel::{
    CompanyId, ContactId, Expected, Input, PropertyId, Rule, Store, StoreError, Transactional,
    Violation, Violations,
};
use uuid::Uuid;

use super::login::required_password;
use super::{TenantService, new_session};
use crate::credential::{Credential, CredentialRepository, check_password_policy};
use crate::error::TenantError;
use crate::fields::Field;
use crate::ports::PasswordHasher;
use crate::session::{Session, SessionRepository};

/// A registration as the client sent it.
#[derive(Clone, Debug, Default)]
pub struct RegisterForm {
    /// `userName`: the login e-mail; required with credentials.
    pub user_name: Input<String>,
    /// `password`; required with credentials.
    pub password: Input<SecretString>,
    /// `canCreateLoginCredentials`: a tenant when true, a lead otherwise.
    pub can_create_login_credentials: Input<bool>,
    /// The contact's details.
    pub contact: ContactForm,
    /// `propertyInfoId`: one of the company's properties, optional.
    pub property_info_id: Input<String>,
    /// The client's `User-Agent`, kept with the session of a new tenant.
    pub user_agent: Option<String>,
}

/// A successful registration.
#[derive(Clone, Debug)]
pub struct Registered {
    /// The stored contact (new, or the existing lead it updated).
    pub contact: ContactBook,
    /// A session token, when credentials were created.
    pub token: Option<String>,
}

impl<S, H> TenantService<S, H>
where
    S: Store,
    S::Repo: ContactBookRepository
        + EnquiryRepository
        + ReferenceData
        + PropertyRepository
        + CredentialRepository
        + SessionRepository,
    H: PasswordHasher,
{
    /// Registers a tenant (with credentials) or a lead (contact only) in a company.
    ///
    /// A contact is identified within its company by e-mail. A lead form is kept as an
    /// enquiry and changes nothing stored about a known address. With credentials, an e-mail
    /// that has them already is refused, and an existing lead becomes a tenant. Everything is
    /// written in one transaction.
    pub async fn register(
        &self,
        company: CompanyId,
        form: RegisterForm,
    ) -> Result<Registered, TenantError> {
        let mut violations = Violations::new();
        let with_credentials = match form.can_create_login_credentials {
            Input::Absent => false,
            Input::Given(value) => value,
            Input::Invalid => {
                violations.push(Violation::new(
                    Field::CanCreateLoginCredentials,
                    Rule::WrongType(Expected::Boolean),
                ));
                false
            }
        };
        let credentials = if with_credentials {
            let user_name = violations.check(rules::email(form.user_name, Field::UserName));
            let user_name = user_name.map(|u| u.normalized());
            // with credentials the user name is the contact's own address: anything else
            // would let a form attach a login to somebody else's e-mail
            let email = rules::email(form.contact.email_id.clone(), ContactField::Email).ok();
            if let (Some(user_name), Some(email)) = (&user_name, email)
                && *user_name != email.normalized()
            {
                violations.push(Violation::new(Field::TenantUserName, Rule::NotTheEmail));
            }
            let password = violations.check(
                required_password(form.password, Field::Password).and_then(|password| {
                    check_password_policy(&password, user_name.as_deref())
                        .map_err(|rule| Violation::new(Field::Password, rule))?;
                    Ok(password)
                }),
            );
            user_name.zip(password)
        } else {
            None
        };

        // validation asks the store about countries, regions and the property
        let (contact, property) = (form.contact, form.property_info_id);
        let (details, property) = self
            .ports
            .store
            .run(move |repo| {
                let details = validate_contact(contact, repo)?;
                let property = property_of(repo, company, property)?;
                Ok::<_, StoreError>((details, property))
            })
            .await?;
        let details = match details {
            Ok(details) => Some(details),
            Err(more) => {
                violations.extend(more.widen());
                None
            }
        };
        let property = violations.check(property);
        let details = match details {
            Some(details) if violations.is_empty() => details,
            _ => return Err(TenantError::Invalid(violations)),
        };

        // bcrypt runs with no connection held
        let hashed = match credentials {
            Some((user_name, password)) => {
                Some((user_name, self.ports.hasher.hash(password).await?))
            }
            None => None,
        };

        let now = self.ports.clock.now().naive_utc();
        let (policy, user_agent) = (self.ports.policy, form.user_agent);
        let (contact, session) = self
            .ports
            .store
            .run(move |repo| {
                repo.transaction(|repo| {
                    let (contact, credential) =
                        save_registration(repo, company, details, property.flatten(), hashed, now)?;
                    // a new tenant's first session begins with the registration
                    let session = match credential {
                        Some(credential) => {
                            let stored = new_session(&contact, user_agent, now, policy);
                            repo.insert_session(&stored)?;
                            Some(Session {
                                contact_id: contact.id,
                                company_id: company,
                                security_stamp: credential.security_stamp,
                                session_id: stored.id,
                            })
                        }
                        None => None,
                    };
                    Ok::<_, TenantError>((contact, session))
                })
            })
            .await?;

        let token = match session {
            Some(session) => Some(self.ports.tokens.issue(&session)?),
            None => None,
        };
        Ok(Registered { contact, token })
    }
}

/// Stores a validated registration.
///
/// A lead form (no credentials) is kept as an enquiry; for an address no contact has, a
/// contact is created for it, and for a known one nothing stored changes (an anonymous post
/// proves nothing): the answer echoes what was posted, with the contact's id, so it reads the
/// same whether the address was known or not. With credentials: a new contact and its
/// credentials, or the existing lead of that e-mail converted; [`TenantError::UserNameTaken`]
/// if the e-mail or user name has credentials.
fn save_registration(
    repo: &mut (impl ContactBookRepository + CredentialRepository + EnquiryRepository),
    company: CompanyId,
    details: storegister_contact_book::ContactDetails,
    property: Option<PropertyId>,
    hashed: Option<(String, String)>,
    now: chrono::NaiveDateTime,
) -> Result<(ContactBook, Option<Credential>), TenantError> {
    let existing = repo
        .find_contact_by_email(company, &details.email.normalized())
        .map_err(TenantError::ContactCreationFailed)?;
    let Some((user_name, password_hash)) = hashed else {
        return save_enquiry(repo, company, existing, details, property, now).map(|c| (c, None));
    };
    if let Some(existing) = &existing
        && repo.find_credential(company, existing.id)?.is_some()
    {
        return Err(TenantError::UserNameTaken);
    }
    if repo
        .find_credential_by_user_name(company, &user_name)?
        .is_some()
    {
        return Err(TenantError::UserNameTaken);
    }
    let contact = match existing {
        Some(existing) => {
            let updated = ContactBook {
                details,
                property_info_id: property.or(existing.property_info_id),
                updated_at: now,
                ..existing
            };
            repo.update_contact(&updated).map_err(creation_failed)?;
            updated
        }
        None => {
            let created = new_contact(company, details, property, now);
            repo.insert_contact(&created).map_err(creation_failed)?;
            created
        }
    };
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
    Ok((contact, Some(credential)))
}

/// Keeps a lead form as an enquiry of the contact of its address (created if none has it);
/// the contact as the answer shows it: its id, and the details as posted.
fn save_enquiry(
    repo: &mut (impl ContactBookRepository + EnquiryRepository),
    company: CompanyId,
    existing: Option<ContactBook>,
    details: storegister_contact_book::ContactDetails,
    property: Option<PropertyId>,
    now: chrono::NaiveDateTime,
) -> Result<ContactBook, TenantError> {
    let posted = new_contact(company, details, property, now);
    let contact_id = match existing {
        Some(existing) => existing.id,
        None => {
            repo.insert_contact(&posted).map_err(creation_failed)?;
            posted.id
        }
    };
    repo.insert_enquiry(&Enquiry {
        id: Uuid::new_v4(),
        company_id: company,
        contact_id,
        details: posted.details.clone(),
        property_info_id: property,
        created_at: now,
    })
    .map_err(TenantError::ContactCreationFailed)?;
    Ok(ContactBook {
        id: contact_id,
        ..posted
    })
}

fn new_contact(
    company: CompanyId,
    details: storegister_contact_book::ContactDetails,
    property: Option<PropertyId>,
    now: chrono::NaiveDateTime,
) -> ContactBook {
    ContactBook {
        id: ContactId::new_random(),
        company_id: company,
        details,
        communication_address: None,
        property_info_id: property,
        profile_image: None,
        created_at: now,
        updated_at: now,
    }
}

/// A concurrent registration of the same e-mail loses the race on the unique index: it is the
/// same conflict as one detected up front.
fn creation_failed(error: StoreError) -> TenantError {
    match error {
        StoreError::Duplicate(_) => TenantError::UserNameTaken,
        other => TenantError::ContactCreationFailed(other),
    }
}

/// The property a registration names: blank is none; anything else must be a GUID of one of
/// the company's properties.
fn property_of(
    repo: &mut impl PropertyRepository,
    company: CompanyId,
    input: Input<String>,
) -> Result<Result<Option<PropertyId>, Violation<Field>>, StoreError> {
    let invalid = |rule| Violation::new(Field::PropertyInfoId, rule);
    let text = match input {
        Input::Absent => return Ok(Ok(None)),
        Input::Invalid => return Ok(Err(invalid(Rule::WrongType(Expected::GuidText)))),
        Input::Given(text) => text,
    };
    if text.trim().is_empty() {
        return Ok(Ok(None));
    }
    let Ok(id) = text.parse::<PropertyId>() else {
        return Ok(Err(invalid(Rule::NotAGuid)));
    };
    Ok(match repo.find_property(company, id)? {
        Some(_) => Ok(Some(id)),
        None => Err(invalid(Rule::NotOfCompany)),
    })
}
