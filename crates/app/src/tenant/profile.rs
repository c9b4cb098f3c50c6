//! The tenant's own data: tenant information (profile, insights, contracts, unpaid invoices),
//! the profile, and its update.

use chrono::NaiveDate;
use storegister_company::CompanyRepository;
use storegister_contact_book::fields::AddressKind;
use storegister_contact_book::{
    AddressForm, ContactBook, ContactBookRepository, ContactForm, Country, PostalAddress,
    ReferenceData, Region, validate_address, validate_contact,
};
use storegister_contract::{ContractDetails, ContractRepository};
use storegister_invoice::{Invoice, InvoiceRepository};
use storegister_kernel::{
    CompanyId, ContactId, Expected, Rule, Store, StoreError, Transactional, Violation, Violations,
};
use uuid::Uuid;

use super::insights::Insights;
use super::records::{Held, Lists, RecordsKey, current};
use super::{TenantService, currency_of};
use crate::credential::CredentialRepository;
use crate::error::TenantError;
use crate::fields::Field;
use crate::session::{Session, SessionCheck, SessionRepository, accepts, authorize};

/// The names behind an address's region and country ids.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReferenceNames {
    /// The region, if the address has one.
    pub region: Option<Region>,
    /// The country, if the address has one.
    pub country: Option<Country>,
}

/// A tenant's profile with the reference data its addresses point at.
#[derive(Clone, Debug)]
pub struct Profile {
    /// The contact.
    pub contact: ContactBook,
    /// Region and country of the home address.
    pub home: ReferenceNames,
    /// Region and country of the communication address, if there is one.
    pub communication: Option<ReferenceNames>,
}

/// Everything the portal's first page shows.
#[derive(Clone, Debug)]
pub struct TenantInfo {
    /// The profile.
    pub profile: Profile,
    /// Counts and sums.
    pub insights: Insights,
    /// Every contract, newest first.
    pub contracts: Vec<ContractDetails>,
    /// Unpaid invoices, oldest due date first.
    pub unpaid_invoices: Vec<Invoice>,
    /// Today (UTC), the day `isOverdue` and the insights are computed against.
    pub today: NaiveDate,
}

fn names(
    repo: &mut impl ReferenceData,
    address: &PostalAddress,
) -> Result<ReferenceNames, StoreError> {
    Ok(ReferenceNames {
        region: match address.region {
            Some(id) => repo.find_region(id)?,
            None => None,
        },
        country: match address.country {
            Some(id) => repo.find_country(id)?,
            None => None,
        },
    })
}

fn profile_of(repo: &mut impl ReferenceData, contact: ContactBook) -> Result<Profile, StoreError> {
    let home = names(repo, &contact.details.address)?;
    let communication = match &contact.communication_address {
        Some(address) => Some(names(repo, address)?),
        None => None,
    };
    Ok(Profile {
        contact,
        home,
        communication,
    })
}

impl<S, H> TenantService<S, H>
where
    S: Store,
    S::Repo: ContactBookRepository + CredentialRepository + SessionRepository + ReferenceData,
{
    /// The tenant's profile.
    pub async fn profile(&self, session: Session) -> Result<Profile, TenantError> {
        let now = self.ports.clock.now().naive_utc();
        self.ports
            .store
            .run(move |repo| {
                let contact = authorize(repo, &session, now)?;
                Ok(profile_of(repo, contact)?)
            })
            .await
    }
}

/// What GET /v1/tenant/ shows of the store, read with the session check in one round trip
/// where the store can.
pub trait TenantOverviewRepository {
    /// The tenant's contact and session check (as [`SessionRepository::find_authorized`]),
    /// its contracts (as [`ContractRepository::contracts_of_tenant`]) and its unpaid invoices
    /// (as [`InvoiceRepository::unpaid_invoices`]), together; `None` when the contact, its
    /// credential or the session is missing.
    fn find_authorized_overview(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        session: Uuid,
    ) -> Result<Option<TenantOverview>, StoreError>;
}

/// A tenant's contact, session check, contracts and unpaid invoices, read together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TenantOverview {
    /// The contact.
    pub contact: ContactBook,
    /// What the session check needs.
    pub check: SessionCheck,
    /// The contracts, newest first, with their units and properties.
    pub contracts: Vec<ContractDetails>,
    /// The unpaid invoices, by due date.
    pub unpaid: Vec<Invoice>,
}

impl<S, H> TenantService<S, H>
where
    S: Store,
    S::Repo: ContactBookRepository
        + CredentialRepository
        + SessionRepository
        + ReferenceData
        + CompanyRepository
        + ContractRepository
        + InvoiceRepository
        + TenantOverviewRepository,
{
    /// The tenant's profile, insights, contracts and unpaid invoices, read with a fixed number
    /// of queries whatever the number of contracts and invoices.
    pub async fn tenant_info(&self, session: Session) -> Result<TenantInfo, TenantError> {
        let now = self.ports.clock.now().naive_utc();
        let known = self.currencies.get(session.company_id);
        let key = RecordsKey::Overview(session.contact_id);
        let held = self.records.get(key);
        let (profile, currency, (contracts, unpaid_invoices), read_at) = self
            .ports
            .store
            .run(move |repo| {
                let (contact, lists, read_at) = match held_overview(repo, &session, now, held)? {
                    Some((contact, lists)) => (contact, lists, None),
                    None => read_overview(repo, &session, now)?,
                };
                let currency = currency_of(repo, session.company_id, known)?;
                let profile = profile_of(repo, contact)?;
                Ok::<_, TenantError>((profile, currency, lists, read_at))
            })
            .await?;
        if known.is_none() {
            self.currencies.put(session.company_id, currency);
        }
        if let Some(version) = read_at {
            let lists = Lists::Overview(contracts.clone(), unpaid_invoices.clone());
            self.records.put(key, version, lists);
        }

        let today = self.ports.clock.today();
        let plain: Vec<_> = contracts.iter().map(|c| c.contract.clone()).collect();
        let insights = Insights::compute(today, currency, &plain, &unpaid_invoices);
        Ok(TenantInfo {
            profile,
            insights,
            contracts,
            unpaid_invoices,
            today,
        })
    }
}

/// Contracts and unpaid invoices.
type OverviewLists = (Vec<ContractDetails>, Vec<Invoice>);

/// The contact and the lists held in memory, when the session check (one narrow read) accepts
/// the session and finds the tenant's records still at the version they were read at.
fn held_overview(
    repo: &mut (impl ContactBookRepository + CredentialRepository + SessionRepository),
    session: &Session,
    now: chrono::NaiveDateTime,
    held: Option<std::sync::Arc<Held>>,
) -> Result<Option<(ContactBook, OverviewLists)>, TenantError> {
    let Some(held) = held else {
        return Ok(None);
    };
    let Some((contact, check)) =
        repo.find_authorized(session.company_id, session.contact_id, session.session_id)?
    else {
        return Ok(None);
    };
    match current(Some(&held), check.records_version) {
        Some(Lists::Overview(contracts, unpaid)) if accepts(repo, session, &check, now)? => {
            Ok(Some((contact, (contracts.clone(), unpaid.clone()))))
        }
        _ => Ok(None),
    }
}

/// The contact and the lists read from the store, with the records version they were read at
/// when it is known (the one read that returns them all).
fn read_overview(
    repo: &mut (
             impl ContactBookRepository
             + CredentialRepository
             + SessionRepository
             + ContractRepository
             + InvoiceRepository
             + TenantOverviewRepository
         ),
    session: &Session,
    now: chrono::NaiveDateTime,
) -> Result<(ContactBook, OverviewLists, Option<i64>), TenantError> {
    match repo.find_authorized_overview(
        session.company_id,
        session.contact_id,
        session.session_id,
    )? {
        Some(overview) if accepts(repo, session, &overview.check, now)? => Ok((
            overview.contact,
            (overview.contracts, overview.unpaid),
            Some(overview.check.records_version),
        )),
        // refused (authorize says why), or accepted in between
        _ => Ok((
            authorize(repo, session, now)?,
            (
                repo.contracts_of_tenant(session.company_id, session.contact_id)?,
                repo.unpaid_invoices(session.company_id, session.contact_id)?,
            ),
            None,
        )),
    }
}

/// What a profile update says about the communication address.
#[derive(Clone, Debug, Default)]
pub enum CommunicationAddressInput {
    /// Not in the request: left as it is.
    #[default]
    Unchanged,
    /// `null`: removed.
    Remove,
    /// An object: replaced by it.
    Replace(AddressForm),
    /// Something that is neither an object nor null.
    Invalid,
}

/// A profile update as the client sent it.
#[derive(Clone, Debug, Default)]
pub struct ProfileForm {
    /// Name, phone, e-mail and home address, with the registration rules.
    pub contact: ContactForm,
    /// The communication address.
    pub communication_address: CommunicationAddressInput,
}

impl<S, H> TenantService<S, H>
where
    S: Store,
    S::Repo: ContactBookRepository + CredentialRepository + SessionRepository + ReferenceData,
{
    /// Replaces the tenant's details, home address and (unless left out) communication
    /// address. The login user name does not change. Returns the contact's id.
    pub async fn update_profile(
        &self,
        session: Session,
        form: ProfileForm,
    ) -> Result<ContactId, TenantError> {
        let now = self.ports.clock.now().naive_utc();
        self.ports
            .store
            .run(move |repo| {
                let contact = authorize(repo, &session, now)?;
                let updated = validate_update(repo, contact, form)?;
                let updated = ContactBook {
                    updated_at: now,
                    ..updated
                };
                repo.transaction(|repo| {
                    if let Some(other) = repo.find_contact_by_email(
                        session.company_id,
                        &updated.details.email.normalized(),
                    )? && other.id != updated.id
                    {
                        return Err(TenantError::EmailTaken);
                    }
                    repo.update_contact(&updated).map_err(|e| match e {
                        StoreError::Duplicate(_) => TenantError::EmailTaken,
                        other => TenantError::Store(other),
                    })
                })?;
                Ok(updated.id)
            })
            .await
    }
}

/// The contact as the update would leave it, or every rule the update broke, in request order.
fn validate_update(
    repo: &mut impl ReferenceData,
    contact: ContactBook,
    form: ProfileForm,
) -> Result<ContactBook, TenantError> {
    let mut violations = Violations::new();
    let details = match validate_contact(form.contact, repo)? {
        Ok(details) => Some(details),
        Err(more) => {
            violations.extend(more.widen());
            None
        }
    };
    let communication_address = match form.communication_address {
        CommunicationAddressInput::Unchanged => Some(contact.communication_address.clone()),
        CommunicationAddressInput::Remove => Some(None),
        CommunicationAddressInput::Replace(address) => {
            match validate_address(address, AddressKind::Communication, repo)? {
                Ok(address) => Some(Some(address)),
                Err(more) => {
                    violations.extend(more.widen());
                    None
                }
            }
        }
        CommunicationAddressInput::Invalid => {
            violations.push(Violation::new(
                Field::CommunicationAddress,
                Rule::WrongType(Expected::ObjectOrNull),
            ));
            None
        }
    };
    let (Some(details), Some(communication_address)) = (details, communication_address) else {
        return Err(TenantError::Invalid(violations));
    };
    // a new address is not proved by the old one's code
    let email_verified =
        contact.email_verified && details.email.normalized() == contact.details.email.normalized();
    Ok(ContactBook {
        details,
        communication_address,
        email_verified,
        ..contact
    })
}
