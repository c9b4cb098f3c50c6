use secrecy::SecretString;
use storegister_company::CompanyRepository;
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

use super::codes::{Recipient, mail_already_registered, mail_code};
use super::login::required_password;
use super::{AccountPolicy, TenantService, new_session};
use crate::credential::{Credential, CredentialRepository, check_password_policy};
use crate::error::TenantError;
use crate::fields::Field;
use crate::mail::MailOutbox;
use crate::ports::PasswordHasher;
use crate::session::{Session, SessionRepository};
use crate::verification::{CodePurpose, OneTimeCodes, VerificationCodeRepository};

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

/// A registration that created a contact.
#[derive(Clone, Debug)]
pub struct Registered {
    /// The contact (new, or the one a lead form was recorded for).
    pub contact: ContactBook,
    /// A session token, when credentials were created.
    pub token: Option<String>,
}

/// How a registration ended.
#[derive(Clone, Debug)]
pub enum Registration {
    /// A lead or a new tenant: answered 201.
    Created(Box<Registered>),
    /// The address must be proved first: a mail went to it, nothing of the request was kept
    /// (answered 202 `VERIFICATION_REQUIRED`).
    VerificationRequired,
}

/// What a registration stored, before its token is issued.
enum Saved {
    Lead(ContactBook),
    Tenant(ContactBook, Session),
    Pending,
}

/// A validated registration, as stored.
struct Posted {
    company: CompanyId,
    details: storegister_contact_book::ContactDetails,
    property: Option<PropertyId>,
    now: chrono::NaiveDateTime,
}

impl<S, H> TenantService<S, H>
where
    S: Store,
    S::Repo: ContactBookRepository
        + EnquiryRepository
        + ReferenceData
        + PropertyRepository
        + CredentialRepository
        + SessionRepository
        + VerificationCodeRepository
        + MailOutbox
        + CompanyRepository,
    H: PasswordHasher,
{
    /// Registers a tenant (with credentials) or a lead (contact only) in a company.
    ///
    /// A contact is identified within its company by e-mail. A lead form is kept as an
    /// enquiry and changes nothing stored about a known address. With credentials, an address
    /// a contact has already is never handed over: a mail goes to it (a code to complete the
    /// registration for a lead, a notice for a tenant) and the answer is
    /// [`Registration::VerificationRequired`], the same for both; a new address becomes a
    /// tenant at once (mailed a code to confirm it), unless the policy wants every
    /// registration proved first. The password is hashed in every case, so the answer takes
    /// as long whichever it is. Everything is written in one transaction.
    pub async fn register(
        &self,
        company: CompanyId,
        form: RegisterForm,
    ) -> Result<Registration, TenantError> {
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

        let posted = Posted {
            company,
            details,
            property: property.flatten(),
            now: self.ports.clock.now().naive_utc(),
        };
        let (policy, user_agent) = (self.ports.policy, form.user_agent);
        let codes = self.ports.codes.clone();
        let saved = self
            .ports
            .store
            .run(move |repo| {
                repo.transaction(|repo| match hashed {
                    None => save_enquiry(repo, posted).map(Saved::Lead),
                    Some((user_name, hash)) => save_tenant(
                        repo,
                        codes.as_ref(),
                        policy,
                        posted,
                        Credentials {
                            user_name,
                            hash,
                            user_agent,
                        },
                    ),
                })
            })
            .await?;

        Ok(match saved {
            Saved::Lead(contact) => Registration::Created(Box::new(Registered {
                contact,
                token: None,
            })),
            Saved::Tenant(contact, session) => Registration::Created(Box::new(Registered {
                contact,
                token: Some(self.ports.tokens.issue(&session)?),
            })),
            Saved::Pending => Registration::VerificationRequired,
        })
    }
}

/// The credentials of a registration, the password hashed.
struct Credentials {
    user_name: String,
    hash: String,
    user_agent: Option<String>,
}

/// Stores a registration with credentials.
///
/// An address no contact has becomes a tenant (its first session begins, a code to confirm
/// the address is mailed); with the policy's `registration_requires_verification`, it becomes
/// a lead with a mailed code that completes the registration instead. An address a contact
/// has already changes nothing: its lead is mailed a code to complete the registration, its
/// tenant a notice; the posted password is dropped either way.
fn save_tenant<R>(
    repo: &mut R,
    codes: &dyn OneTimeCodes,
    policy: AccountPolicy,
    posted: Posted,
    credentials: Credentials,
) -> Result<Saved, TenantError>
where
    R: ContactBookRepository
        + CredentialRepository
        + SessionRepository
        + VerificationCodeRepository
        + MailOutbox
        + CompanyRepository,
{
    let Posted { company, now, .. } = posted;
    let existing = repo
        .find_contact_by_email(company, &posted.details.email.normalized())
        .map_err(TenantError::ContactCreationFailed)?;
    if let Some(existing) = existing {
        let to = Recipient {
            company,
            contact: existing.id,
            address: existing.details.email.as_str(),
        };
        match repo.find_credential(company, existing.id)? {
            Some(_) => mail_already_registered(repo, to, now)?,
            None => mail_code(repo, codes, policy, to, CodePurpose::Claim, now)?,
        }
        return Ok(Saved::Pending);
    }
    // an address whose contact's e-mail changed since it registered
    if let Some(other) = repo.find_credential_by_user_name(company, &credentials.user_name)? {
        let to = Recipient {
            company,
            contact: other.contact_id,
            address: &credentials.user_name,
        };
        mail_already_registered(repo, to, now)?;
        return Ok(Saved::Pending);
    }

    let contact = new_contact(company, posted.details, posted.property, now);
    repo.insert_contact(&contact).map_err(creation_failed)?;
    let to = Recipient {
        company,
        contact: contact.id,
        address: contact.details.email.as_str(),
    };
    if policy.registration_requires_verification {
        mail_code(repo, codes, policy, to, CodePurpose::Claim, now)?;
        return Ok(Saved::Pending);
    }
    let credential = Credential {
        contact_id: contact.id,
        company_id: company,
        user_name: credentials.user_name,
        password_hash: credentials.hash,
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
    mail_code(repo, codes, policy, to, CodePurpose::Confirm, now)?;
    // a new tenant's first session begins with the registration
    let stored = new_session(&contact, credentials.user_agent, now, policy);
    repo.insert_session(&stored)?;
    let session = Session {
        contact_id: contact.id,
        company_id: company,
        security_stamp: credential.security_stamp,
        session_id: stored.id,
    };
    Ok(Saved::Tenant(contact, session))
}

/// Keeps a lead form as an enquiry of the contact of its address (created if none has it);
/// the contact as the answer shows it: its id, and the details as posted.
fn save_enquiry(
    repo: &mut (impl ContactBookRepository + EnquiryRepository),
    posted: Posted,
) -> Result<ContactBook, TenantError> {
    let Posted {
        company,
        details,
        property,
        now,
    } = posted;
    let existing = repo
        .find_contact_by_email(company, &details.email.normalized())
        .map_err(TenantError::ContactCreationFailed)?;
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
        id: ContactId::generate(),
        company_id: company,
        details,
        communication_address: None,
        property_info_id: property,
        profile_image: None,
        email_verified: false,
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
