use chrono::NaiveDateTime;
use diesel::prelude::*;
use storegister_contact_book::{
    ContactDetails, CountryId, Email, Enquiry, EnquiryRepository, PostalAddress, RegionId,
};
use storegister_kernel::{CompanyId, ContactId, PropertyId, StoreError};

use super::Repo;
use crate::error::store_error;
use crate::schema::enquiries;
use crate::types::DbUuid;

/// A row of `enquiries`.
#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = enquiries)]
struct EnquiryRow {
    id: DbUuid,
    company_id: DbUuid,
    contact_id: DbUuid,
    first_name: String,
    last_name: String,
    email: String,
    phone_number: String,
    address: Option<String>,
    city: Option<String>,
    postal_code: Option<String>,
    region_id: Option<i32>,
    country_id: Option<i32>,
    property_id: Option<DbUuid>,
    created_at: NaiveDateTime,
}

impl From<&Enquiry> for EnquiryRow {
    fn from(e: &Enquiry) -> Self {
        let d = &e.details;
        Self {
            id: DbUuid(e.id),
            company_id: DbUuid(e.company_id.uuid()),
            contact_id: DbUuid(e.contact_id.uuid()),
            first_name: d.first_name.clone(),
            last_name: d.last_name.clone(),
            email: d.email.as_str().to_owned(),
            phone_number: d.phone_number.clone(),
            address: d.address.address.clone(),
            city: d.address.city.clone(),
            postal_code: d.address.postal_code.clone(),
            region_id: d.address.region.map(|r| r.0),
            country_id: d.address.country.map(|c| c.0),
            property_id: e.property_info_id.map(|p| DbUuid(p.uuid())),
            created_at: e.created_at,
        }
    }
}

impl From<EnquiryRow> for Enquiry {
    fn from(row: EnquiryRow) -> Self {
        Self {
            id: row.id.0,
            company_id: CompanyId(row.company_id.0),
            contact_id: ContactId(row.contact_id.0),
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
            property_info_id: row.property_id.map(|p| PropertyId(p.0)),
            created_at: row.created_at,
        }
    }
}

impl EnquiryRepository for Repo {
    fn insert_enquiry(&mut self, enquiry: &Enquiry) -> Result<(), StoreError> {
        diesel::insert_into(enquiries::table)
            .values(EnquiryRow::from(enquiry))
            .execute(&mut self.conn.db)
            .map(drop)
            .map_err(store_error)
    }

    fn enquiries_of(
        &mut self,
        company: CompanyId,
        contact: ContactId,
    ) -> Result<Vec<Enquiry>, StoreError> {
        enquiries::table
            .filter(enquiries::contact_id.eq(DbUuid(contact.uuid())))
            .filter(enquiries::company_id.eq(DbUuid(company.uuid())))
            .order((enquiries::created_at.asc(), enquiries::id.asc()))
            .select(EnquiryRow::as_select())
            .load(&mut self.conn.db)
            .map(|rows| rows.into_iter().map(Enquiry::from).collect())
            .map_err(store_error)
    }
}
