use chrono::NaiveDateTime;
use diesel::prelude::*;
use storegister_contact_book::{ContactBook, ContactBookRepository, ProfileImage};
use storegister_kernel::{CompanyId, ContactId, StoreError};
use uuid::Uuid;

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
            .get_result(&mut self.conn.db)
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
            .get_result(&mut self.conn.db)
            .optional()
            .map(|row| row.map(ContactBook::from))
            .map_err(store_error)
    }

    fn insert_contact(&mut self, contact: &ContactBook) -> Result<(), StoreError> {
        diesel::insert_into(contact_books::table)
            .values(ContactRow::from(contact))
            .execute(&mut self.conn.db)
            .map(drop)
            .map_err(store_error)
    }

    fn count_contacts(&mut self, company: CompanyId) -> Result<u64, StoreError> {
        contact_books::table
            .filter(contact_books::company_id.eq(DbUuid(company.uuid())))
            .count()
            .get_result::<i64>(&mut self.conn.db)
            .map(|n| u64::try_from(n).unwrap_or(0))
            .map_err(store_error)
    }

    fn taken_emails(
        &mut self,
        company: CompanyId,
        emails: &[String],
    ) -> Result<Vec<String>, StoreError> {
        let mut taken = Vec::new();
        for chunk in emails.chunks(super::BATCH_ROWS) {
            let found: Vec<String> = contact_books::table
                .filter(contact_books::company_id.eq(DbUuid(company.uuid())))
                .filter(contact_books::email_normalized.eq_any(chunk))
                .select(contact_books::email_normalized)
                .load(&mut self.conn.db)
                .map_err(store_error)?;
            taken.extend(found);
        }
        Ok(taken)
    }

    fn insert_contacts(&mut self, contacts: &[ContactBook]) -> Result<(), StoreError> {
        for chunk in contacts.chunks(super::BATCH_ROWS) {
            let rows: Vec<ContactRow> = chunk.iter().map(ContactRow::from).collect();
            super::insert_batch!(&mut self.conn.db, contact_books::table, &rows)
                .map_err(store_error)?;
        }
        Ok(())
    }

    fn update_contact(&mut self, contact: &ContactBook) -> Result<(), StoreError> {
        let updated = diesel::update(
            contact_books::table
                .filter(contact_books::id.eq(DbUuid(contact.id.uuid())))
                .filter(contact_books::company_id.eq(DbUuid(contact.company_id.uuid()))),
        )
        .set(ContactRow::from(contact))
        .execute(&mut self.conn.db)
        .map_err(store_error)?;
        match updated {
            1 => Ok(()),
            n => Err(StoreError::failed(format!(
                "{n} contacts updated instead of 1"
            ))),
        }
    }

    fn set_email_verified(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        verified: bool,
    ) -> Result<(), StoreError> {
        diesel::update(
            contact_books::table
                .filter(contact_books::id.eq(DbUuid(contact.uuid())))
                .filter(contact_books::company_id.eq(DbUuid(company.uuid()))),
        )
        .set(contact_books::email_verified.eq(verified))
        .execute(&mut self.conn.db)
        .map(drop)
        .map_err(store_error)
    }

    fn replace_profile_image(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        expected: Option<Uuid>,
        new: Option<&ProfileImage>,
        now: NaiveDateTime,
    ) -> Result<bool, StoreError> {
        use contact_books::dsl;
        let changes = (
            dsl::profile_image_id.eq(new.map(|i| DbUuid(i.id))),
            dsl::profile_image_content_type.eq(new.map(|i| i.content_type.clone())),
            dsl::profile_image_size.eq(new.map(|i| i.size)),
            dsl::profile_image_updated_at.eq(new.map(|i| i.updated_at)),
            dsl::updated_at.eq(now),
        );
        let target = dsl::contact_books
            .filter(dsl::id.eq(DbUuid(contact.uuid())))
            .filter(dsl::company_id.eq(DbUuid(company.uuid())));
        let updated = match expected {
            Some(current) => {
                diesel::update(target.filter(dsl::profile_image_id.eq(DbUuid(current))))
                    .set(changes)
                    .execute(&mut self.conn.db)
            }
            None => diesel::update(target.filter(dsl::profile_image_id.is_null()))
                .set(changes)
                .execute(&mut self.conn.db),
        };
        updated.map(|n| n == 1).map_err(store_error)
    }
}
