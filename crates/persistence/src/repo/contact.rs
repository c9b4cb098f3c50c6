use diesel::prelude::*;
use storegister_contact_book::{ContactBook, ContactBookRepository};
use storegister_kernel::{CompanyId, ContactId, StoreError};

use super::Repo;
use crate::error::store_error;
use crate::rows::ContactRow;
use crate::schema::contact_books;
use crate::types::DbUuid;

impl ContactBookRepository for Repo {
    fn find_contact_by_email(
        &mut self,
        company: CompanyId,
        email_normalized: &str,
    ) -> Result<Option<ContactBook>, StoreError> {
        contact_books::table
            .filter(contact_books::company_id.eq(DbUuid(company.uuid())))
            .filter(contact_books::email_normalized.eq(email_normalized))
            .select(ContactRow::as_select())
            .first(&mut *self.conn)
            .optional()
            .map(|row| row.map(ContactBook::from))
            .map_err(store_error)
    }

    fn find_contact(
        &mut self,
        company: CompanyId,
        id: ContactId,
    ) -> Result<Option<ContactBook>, StoreError> {
        contact_books::table
            .filter(contact_books::id.eq(DbUuid(id.uuid())))
            .filter(contact_books::company_id.eq(DbUuid(company.uuid())))
            .select(ContactRow::as_select())
            .first(&mut *self.conn)
            .optional()
            .map(|row| row.map(ContactBook::from))
            .map_err(store_error)
    }

    fn insert_contact(&mut self, contact: &ContactBook) -> Result<(), StoreError> {
        diesel::insert_into(contact_books::table)
            .values(ContactRow::from(contact))
            .execute(&mut *self.conn)
            .map(drop)
            .map_err(store_error)
    }

    fn update_contact(&mut self, contact: &ContactBook) -> Result<(), StoreError> {
        let updated = diesel::update(
            contact_books::table
                .filter(contact_books::id.eq(DbUuid(contact.id.uuid())))
                .filter(contact_books::company_id.eq(DbUuid(contact.company_id.uuid()))),
        )
        .set(ContactRow::from(contact))
        .execute(&mut *self.conn)
        .map_err(store_error)?;
        match updated {
            1 => Ok(()),
            n => Err(StoreError::Failed(format!(
                "{n} contacts updated instead of 1"
            ))),
        }
    }
}
