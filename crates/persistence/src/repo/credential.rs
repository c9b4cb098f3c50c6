use chrono::NaiveDateTime;
use diesel::prelude::*;
use storegister_app::{Credential, CredentialRepository, PasswordChange};
use storegister_kernel::{CompanyId, ContactId, StoreError};
use uuid::Uuid;

use super::Repo;
use crate::error::store_error;
use crate::rows::CredentialRow;
use crate::schema::credentials;
use crate::types::DbUuid;

impl CredentialRepository for Repo {
    fn find_credential_by_user_name(
        &mut self,
        company: CompanyId,
        user_name: &str,
    ) -> Result<Option<Credential>, StoreError> {
        credentials::table
            .filter(credentials::company_id.eq(DbUuid(company.uuid())))
            .filter(credentials::user_name.eq(user_name))
            .select(CredentialRow::as_select())
            .get_result(&mut self.conn.db)
            .optional()
            .map(|row| row.map(Credential::from))
            .map_err(store_error)
    }

    fn find_credential(
        &mut self,
        company: CompanyId,
        contact: ContactId,
    ) -> Result<Option<Credential>, StoreError> {
        credentials::table
            .filter(credentials::contact_id.eq(DbUuid(contact.uuid())))
            .filter(credentials::company_id.eq(DbUuid(company.uuid())))
            .select(CredentialRow::as_select())
            .get_result(&mut self.conn.db)
            .optional()
            .map(|row| row.map(Credential::from))
            .map_err(store_error)
    }

    fn insert_credential(&mut self, credential: &Credential) -> Result<(), StoreError> {
        diesel::insert_into(credentials::table)
            .values(CredentialRow::from(credential))
            .execute(&mut self.conn.db)
            .map(drop)
            .map_err(store_error)
    }

    fn insert_credentials(&mut self, credentials: &[Credential]) -> Result<(), StoreError> {
        for chunk in credentials.chunks(super::BATCH_ROWS) {
            let rows: Vec<CredentialRow> = chunk.iter().map(CredentialRow::from).collect();
            super::insert_batch!(&mut self.conn.db, credentials::table, &rows)
                .map_err(store_error)?;
        }
        Ok(())
    }

    fn issue_concurrency_stamp(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        stamp: Uuid,
        expires_at: NaiveDateTime,
        now: NaiveDateTime,
    ) -> Result<Option<Uuid>, StoreError> {
        let of_contact = || {
            credentials::table
                .filter(credentials::contact_id.eq(DbUuid(contact.uuid())))
                .filter(credentials::company_id.eq(DbUuid(company.uuid())))
        };
        // a change can consume the kept stamp between the two statements: then issue again
        for _ in 0..2 {
            // the WHERE clause keeps a valid stamp: of two concurrent requests, one sets it
            // and the other reads it back
            let issued = diesel::update(
                of_contact().filter(
                    credentials::concurrency_stamp_expires_at
                        .is_null()
                        .or(credentials::concurrency_stamp_expires_at.le(now))
                        .or(credentials::concurrency_stamp.is_null()),
                ),
            )
            .set((
                credentials::concurrency_stamp.eq(Some(DbUuid(stamp))),
                credentials::concurrency_stamp_expires_at.eq(Some(expires_at)),
                credentials::updated_at.eq(now),
            ))
            .execute(&mut self.conn.db)
            .map_err(store_error)?;
            if issued == 1 {
                return Ok(Some(stamp));
            }
            let current: Option<(Option<DbUuid>, Option<NaiveDateTime>)> = of_contact()
                .select((
                    credentials::concurrency_stamp,
                    credentials::concurrency_stamp_expires_at,
                ))
                .get_result(&mut self.conn.db)
                .optional()
                .map_err(store_error)?;
            match current {
                None => return Ok(None),
                Some((Some(kept), Some(until))) if until > now => return Ok(Some(kept.0)),
                Some(_) => {}
            }
        }
        Err(StoreError::failed(
            "the concurrency stamp kept changing concurrently",
        ))
    }

    fn rehash_password(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        old_hash: &str,
        new_hash: &str,
    ) -> Result<bool, StoreError> {
        diesel::update(
            credentials::table
                .filter(credentials::contact_id.eq(DbUuid(contact.uuid())))
                .filter(credentials::company_id.eq(DbUuid(company.uuid())))
                .filter(credentials::password_hash.eq(old_hash)),
        )
        .set(credentials::password_hash.eq(new_hash))
        .execute(&mut self.conn.db)
        .map(|n| n == 1)
        .map_err(store_error)
    }

    fn change_password(&mut self, change: &PasswordChange) -> Result<bool, StoreError> {
        // the WHERE clause is the optimistic-concurrency check: a second identical request
        // finds the stamp consumed and updates nothing
        diesel::update(
            credentials::table
                .filter(credentials::contact_id.eq(DbUuid(change.contact.uuid())))
                .filter(credentials::company_id.eq(DbUuid(change.company.uuid())))
                .filter(credentials::concurrency_stamp.eq(DbUuid(change.stamp)))
                .filter(credentials::concurrency_stamp_expires_at.gt(change.now)),
        )
        .set((
            credentials::password_hash.eq(&change.password_hash),
            credentials::security_stamp.eq(DbUuid(change.security_stamp)),
            credentials::concurrency_stamp.eq(None::<DbUuid>),
            credentials::concurrency_stamp_expires_at.eq(None::<NaiveDateTime>),
            credentials::updated_at.eq(change.now),
        ))
        .execute(&mut self.conn.db)
        .map(|n| n == 1)
        .map_err(store_error)
    }

    fn reset_password(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        password_hash: &str,
        security_stamp: Uuid,
        now: NaiveDateTime,
    ) -> Result<bool, StoreError> {
        diesel::update(
            credentials::table
                .filter(credentials::contact_id.eq(DbUuid(contact.uuid())))
                .filter(credentials::company_id.eq(DbUuid(company.uuid()))),
        )
        .set((
            credentials::password_hash.eq(password_hash),
            credentials::security_stamp.eq(DbUuid(security_stamp)),
            credentials::concurrency_stamp.eq(None::<DbUuid>),
            credentials::concurrency_stamp_expires_at.eq(None::<NaiveDateTime>),
            credentials::updated_at.eq(now),
        ))
        .execute(&mut self.conn.db)
        .map(|n| n == 1)
        .map_err(store_error)
    }
}
