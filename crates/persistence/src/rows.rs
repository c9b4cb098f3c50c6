//! Row types of the tables and their conversions to and from the domain types.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use storegister_app::Credential;
use storegister_company::{ApiKey, Company};
use storegister_contact_book::{
    ContactBook, ContactDetails, Country, CountryId, Email, PostalAddress, ProfileImage, Region,
    RegionId,
};
use storegister_contract::{Contract, Property, Unit};
use storegister_invoice::{Currency, Invoice, Money};
use storegister_kernel::StoreError;

use crate::schema::{
    api_keys, companies, contact_books, contracts, countries, credentials, invoices, properties,
    regions, units,
};
use crate::types::DbUuid;

fn corrupt(what: &str) -> StoreError {
    StoreError::failed(format!("stored {what} is not valid"))
}

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = companies)]
pub(crate) struct CompanyRow {
    pub id: DbUuid,
    pub name: String,
    pub currency: String,
    pub created_at: NaiveDateTime,
}

impl From<&Company> for CompanyRow {
    fn from(c: &Company) -> Self {
        Self {
            id: c.id.uuid().into(),
            name: c.name.clone(),
            currency: c.currency.code().to_owned(),
            created_at: c.created_at,
        }
    }
}

impl TryFrom<CompanyRow> for Company {
    type Error = StoreError;

    fn try_from(row: CompanyRow) -> Result<Self, StoreError> {
        Ok(Company {
            id: row.id.0.into(),
            name: row.name,
            currency: currency(&row.currency)?,
            created_at: row.created_at,
        })
    }
}

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = api_keys)]
pub(crate) struct ApiKeyRow {
    pub id: DbUuid,
    pub company_id: DbUuid,
    pub name: String,
    pub prefix: String,
    pub digest: String,
    pub created_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
}

impl From<&ApiKey> for ApiKeyRow {
    fn from(k: &ApiKey) -> Self {
        Self {
            id: k.id.into(),
            company_id: k.company_id.uuid().into(),
            name: k.name.clone(),
            prefix: k.prefix.clone(),
            digest: k.digest.clone(),
            created_at: k.created_at,
            revoked_at: k.revoked_at,
        }
    }
}

impl From<ApiKeyRow> for ApiKey {
    fn from(row: ApiKeyRow) -> Self {
        ApiKey {
            id: row.id.0,
            company_id: row.company_id.0.into(),
            name: row.name,
            prefix: row.prefix,
            digest: row.digest,
            created_at: row.created_at,
            revoked_at: row.revoked_at,
        }
    }
}

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = countries)]
pub(crate) struct CountryRow {
    pub id: i32,
    pub name: String,
    pub iso_code2: String,
    pub iso_code3: String,
    pub dialing_code: String,
}

impl From<CountryRow> for Country {
    fn from(row: CountryRow) -> Self {
        Country {
            id: CountryId(row.id),
            name: row.name,
            iso_code2: row.iso_code2,
            iso_code3: row.iso_code3,
            dialing_code: row.dialing_code,
        }
    }
}

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = regions)]
pub(crate) struct RegionRow {
    pub id: i32,
    pub country_id: i32,
    pub name: String,
    pub code: String,
}

impl From<RegionRow> for Region {
    fn from(row: RegionRow) -> Self {
        Region {
            id: RegionId(row.id),
            country_id: CountryId(row.country_id),
            name: row.name,
            code: row.code,
        }
    }
}

impl From<&Region> for RegionRow {
    fn from(r: &Region) -> Self {
        Self {
            id: r.id.0,
            country_id: r.country_id.0,
            name: r.name.clone(),
            code: r.code.clone(),
        }
    }
}

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = properties)]
pub(crate) struct PropertyRow {
    pub id: DbUuid,
    pub company_id: DbUuid,
    pub name: String,
    pub address: Option<String>,
    pub city: Option<String>,
    pub created_at: NaiveDateTime,
}

impl From<&Property> for PropertyRow {
    fn from(p: &Property) -> Self {
        Self {
            id: p.id.uuid().into(),
            company_id: p.company_id.uuid().into(),
            name: p.name.clone(),
            address: p.address.clone(),
            city: p.city.clone(),
            created_at: p.created_at,
        }
    }
}

impl From<PropertyRow> for Property {
    fn from(row: PropertyRow) -> Self {
        Property {
            id: row.id.0.into(),
            company_id: row.company_id.0.into(),
            name: row.name,
            address: row.address,
            city: row.city,
            created_at: row.created_at,
        }
    }
}

#[derive(Queryable, QueryableByName, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = contact_books, treat_none_as_null = true)]
pub(crate) struct ContactRow {
    pub id: DbUuid,
    pub company_id: DbUuid,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub email_normalized: String,
    pub phone_number: String,
    pub address: Option<String>,
    pub city: Option<String>,
    pub postal_code: Option<String>,
    pub region_id: Option<i32>,
    pub country_id: Option<i32>,
    pub has_communication_address: bool,
    pub comm_address: Option<String>,
    pub comm_city: Option<String>,
    pub comm_postal_code: Option<String>,
    pub comm_region_id: Option<i32>,
    pub comm_country_id: Option<i32>,
    pub property_id: Option<DbUuid>,
    pub profile_image_id: Option<DbUuid>,
    pub profile_image_content_type: Option<String>,
    pub profile_image_size: Option<i64>,
    pub profile_image_updated_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub email_verified: bool,
}

impl From<&ContactBook> for ContactRow {
    fn from(c: &ContactBook) -> Self {
        let home = &c.details.address;
        let comm = c.communication_address.clone().unwrap_or_default();
        let image = c.profile_image.as_ref();
        Self {
            id: c.id.uuid().into(),
            company_id: c.company_id.uuid().into(),
            first_name: c.details.first_name.clone(),
            last_name: c.details.last_name.clone(),
            email: c.details.email.as_str().to_owned(),
            email_normalized: c.details.email.normalized(),
            phone_number: c.details.phone_number.clone(),
            address: home.address.clone(),
            city: home.city.clone(),
            postal_code: home.postal_code.clone(),
            region_id: home.region.map(|r| r.0),
            country_id: home.country.map(|c| c.0),
            has_communication_address: c.communication_address.is_some(),
            comm_address: comm.address,
            comm_city: comm.city,
            comm_postal_code: comm.postal_code,
            comm_region_id: comm.region.map(|r| r.0),
            comm_country_id: comm.country.map(|c| c.0),
            property_id: c.property_info_id.map(|p| p.uuid().into()),
            profile_image_id: image.map(|i| i.id.into()),
            profile_image_content_type: image.map(|i| i.content_type.clone()),
            profile_image_size: image.map(|i| i.size),
            profile_image_updated_at: image.map(|i| i.updated_at),
            created_at: c.created_at,
            updated_at: c.updated_at,
            email_verified: c.email_verified,
        }
    }
}

impl From<ContactRow> for ContactBook {
    fn from(row: ContactRow) -> Self {
        let communication_address = row.has_communication_address.then(|| PostalAddress {
            address: row.comm_address,
            city: row.comm_city,
            postal_code: row.comm_postal_code,
            region: row.comm_region_id.map(RegionId),
            country: row.comm_country_id.map(CountryId),
        });
        let profile_image = match (
            row.profile_image_id,
            row.profile_image_content_type,
            row.profile_image_size,
            row.profile_image_updated_at,
        ) {
            (Some(id), Some(content_type), Some(size), Some(updated_at)) => Some(ProfileImage {
                id: id.0,
                content_type,
                size,
                updated_at,
            }),
            _ => None,
        };
        ContactBook {
            id: row.id.0.into(),
            company_id: row.company_id.0.into(),
            details: ContactDetails {
                first_name: row.first_name,
                last_name: row.last_name,
                phone_number: row.phone_number,
                email: Email::from_validated(row.email),
                address: PostalAddress {
                    address: row.address,
                    city: row.city,
                    postal_code: row.postal_code,
                    region: row.region_id.map(RegionId),
                    country: row.country_id.map(CountryId),
                },
            },
            communication_address,
            property_info_id: row.property_id.map(|p| p.0.into()),
            profile_image,
            email_verified: row.email_verified,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = credentials)]
pub(crate) struct CredentialRow {
    pub contact_id: DbUuid,
    pub company_id: DbUuid,
    pub user_name: String,
    pub password_hash: String,
    pub security_stamp: DbUuid,
    pub concurrency_stamp: Option<DbUuid>,
    pub concurrency_stamp_expires_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl From<&Credential> for CredentialRow {
    fn from(c: &Credential) -> Self {
        Self {
            contact_id: c.contact_id.uuid().into(),
            company_id: c.company_id.uuid().into(),
            user_name: c.user_name.clone(),
            password_hash: c.password_hash.clone(),
            security_stamp: c.security_stamp.into(),
            concurrency_stamp: c.concurrency_stamp.map(Into::into),
            concurrency_stamp_expires_at: c.concurrency_stamp_expires_at,
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
    }
}

impl From<CredentialRow> for Credential {
    fn from(row: CredentialRow) -> Self {
        Credential {
            contact_id: row.contact_id.0.into(),
            company_id: row.company_id.0.into(),
            user_name: row.user_name,
            password_hash: row.password_hash,
            security_stamp: row.security_stamp.0,
            concurrency_stamp: row.concurrency_stamp.map(|s| s.0),
            concurrency_stamp_expires_at: row.concurrency_stamp_expires_at,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

fn currency(code: &str) -> Result<Currency, StoreError> {
    code.parse().map_err(|_| corrupt("currency"))
}

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = units)]
pub(crate) struct UnitRow {
    pub id: DbUuid,
    pub company_id: DbUuid,
    pub property_id: DbUuid,
    pub unit_number: String,
    pub size_hundredths: i64,
    pub size_unit: String,
    pub storage_type: String,
    pub created_at: NaiveDateTime,
}

impl From<&Unit> for UnitRow {
    fn from(u: &Unit) -> Self {
        Self {
            id: u.id.uuid().into(),
            company_id: u.company_id.uuid().into(),
            property_id: u.property_id.uuid().into(),
            unit_number: u.unit_number.clone(),
            size_hundredths: u.size_hundredths,
            size_unit: u.size_unit.as_str().to_owned(),
            storage_type: u.storage_type.clone(),
            created_at: u.created_at,
        }
    }
}

impl TryFrom<UnitRow> for Unit {
    type Error = StoreError;

    fn try_from(row: UnitRow) -> Result<Self, StoreError> {
        Ok(Unit {
            id: row.id.0.into(),
            company_id: row.company_id.0.into(),
            property_id: row.property_id.0.into(),
            unit_number: row.unit_number,
            size_hundredths: row.size_hundredths,
            size_unit: row.size_unit.parse().map_err(|_| corrupt("size unit"))?,
            storage_type: row.storage_type,
            created_at: row.created_at,
        })
    }
}

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = contracts)]
pub(crate) struct ContractRow {
    pub id: DbUuid,
    pub company_id: DbUuid,
    pub contact_id: DbUuid,
    pub unit_id: DbUuid,
    pub contract_number: String,
    pub status: String,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub currency: String,
    pub rent_minor: i64,
    pub payment_period: String,
    pub deposit_minor: i64,
    pub created_at: NaiveDateTime,
}

impl From<&Contract> for ContractRow {
    fn from(c: &Contract) -> Self {
        Self {
            id: c.id.uuid().into(),
            company_id: c.company_id.uuid().into(),
            contact_id: c.contact_id.uuid().into(),
            unit_id: c.unit_id.uuid().into(),
            contract_number: c.contract_number.clone(),
            status: c.status.as_str().to_owned(),
            start_date: c.start_date,
            end_date: c.end_date,
            currency: c.rent.currency.code().to_owned(),
            rent_minor: c.rent.minor,
            payment_period: c.payment_period.as_str().to_owned(),
            deposit_minor: c.deposit.minor,
            created_at: c.created_at,
        }
    }
}

impl TryFrom<ContractRow> for Contract {
    type Error = StoreError;

    fn try_from(row: ContractRow) -> Result<Self, StoreError> {
        let currency = currency(&row.currency)?;
        Ok(Contract {
            id: row.id.0.into(),
            company_id: row.company_id.0.into(),
            contact_id: row.contact_id.0.into(),
            unit_id: row.unit_id.0.into(),
            contract_number: row.contract_number,
            status: row.status.parse().map_err(|_| corrupt("contract status"))?,
            start_date: row.start_date,
            end_date: row.end_date,
            rent: Money::from_minor(row.rent_minor, currency),
            payment_period: row
                .payment_period
                .parse()
                .map_err(|_| corrupt("payment period"))?,
            deposit: Money::from_minor(row.deposit_minor, currency),
            created_at: row.created_at,
        })
    }
}

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = invoices)]
pub(crate) struct InvoiceRow {
    pub id: DbUuid,
    pub company_id: DbUuid,
    pub contact_id: DbUuid,
    pub contract_id: Option<DbUuid>,
    pub transact_id: String,
    pub transact_date: NaiveDate,
    pub due_date: NaiveDate,
    pub transaction_type: String,
    pub currency: String,
    pub gross_minor: i64,
    pub paid_minor: i64,
    pub cancelled: bool,
    pub created_at: NaiveDateTime,
    pub credited_minor: i64,
    pub reversed: bool,
}

impl From<&Invoice> for InvoiceRow {
    fn from(i: &Invoice) -> Self {
        Self {
            id: i.id.uuid().into(),
            company_id: i.company_id.uuid().into(),
            contact_id: i.contact_id.uuid().into(),
            contract_id: i.contract_id.map(|c| c.uuid().into()),
            transact_id: i.transact_id.clone(),
            transact_date: i.transact_date,
            due_date: i.due_date,
            transaction_type: i.transaction_type.as_str().to_owned(),
            currency: i.currency.code().to_owned(),
            gross_minor: i.gross_minor,
            paid_minor: i.paid_minor,
            cancelled: i.cancelled,
            created_at: i.created_at,
            credited_minor: i.credited_minor,
            reversed: i.reversed,
        }
    }
}

impl TryFrom<InvoiceRow> for Invoice {
    type Error = StoreError;

    fn try_from(row: InvoiceRow) -> Result<Self, StoreError> {
        Ok(Invoice {
            id: row.id.0.into(),
            company_id: row.company_id.0.into(),
            contact_id: row.contact_id.0.into(),
            contract_id: row.contract_id.map(|c| c.0.into()),
            transact_id: row.transact_id,
            transact_date: row.transact_date,
            due_date: row.due_date,
            transaction_type: row
                .transaction_type
                .parse()
                .map_err(|_| corrupt("transaction type"))?,
            currency: currency(&row.currency)?,
            gross_minor: row.gross_minor,
            paid_minor: row.paid_minor,
            credited_minor: row.credited_minor,
            cancelled: row.cancelled,
            reversed: row.reversed,
            created_at: row.created_at,
        })
    }
}
