use chrono::NaiveDateTime;
use diesel::prelude::*;
use storegister_app::{CodePurpose, VerificationCode, VerificationCodeRepository};
use storegister_kernel::{CompanyId, ContactId, StoreError};
use uuid::Uuid;

use super::Repo;
use crate::error::store_error;
use crate::schema::verification_codes;
use crate::types::DbUuid;

/// A row of `verification_codes`.
#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = verification_codes)]
struct CodeRow {
    id: DbUuid,
    company_id: DbUuid,
    contact_id: DbUuid,
    purpose: String,
    digest: String,
    tries: i32,
    created_at: NaiveDateTime,
    expires_at: NaiveDateTime,
    used_at: Option<NaiveDateTime>,
}

impl From<&VerificationCode> for CodeRow {
    fn from(code: &VerificationCode) -> Self {
        Self {
            id: DbUuid(code.id),
            company_id: DbUuid(code.company_id.uuid()),
            contact_id: DbUuid(code.contact_id.uuid()),
            purpose: code.purpose.as_str().to_owned(),
            digest: code.digest.clone(),
            tries: i32::try_from(code.tries).unwrap_or(i32::MAX),
            created_at: code.created_at,
            expires_at: code.expires_at,
            used_at: code.used_at,
        }
    }
}

impl CodeRow {
    /// The code, if its purpose is one we know (a row of a newer version is not).
    fn into_code(self) -> Option<VerificationCode> {
        Some(VerificationCode {
            id: self.id.0,
            company_id: CompanyId(self.company_id.0),
            contact_id: ContactId(self.contact_id.0),
            purpose: CodePurpose::parse(&self.purpose)?,
            digest: self.digest,
            tries: u32::try_from(self.tries).unwrap_or(0),
            created_at: self.created_at,
            expires_at: self.expires_at,
            used_at: self.used_at,
        })
    }
}

impl VerificationCodeRepository for Repo {
    fn insert_verification_code(&mut self, code: &VerificationCode) -> Result<(), StoreError> {
        diesel::insert_into(verification_codes::table)
            .values(CodeRow::from(code))
            .execute(&mut self.conn.db)
            .map(drop)
            .map_err(store_error)
    }

    fn live_verification_codes(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        purposes: &[CodePurpose],
        max_tries: u32,
        now: NaiveDateTime,
    ) -> Result<Vec<VerificationCode>, StoreError> {
        let purposes: Vec<&str> = purposes.iter().map(|p| p.as_str()).collect();
        verification_codes::table
            .filter(verification_codes::contact_id.eq(DbUuid(contact.uuid())))
            .filter(verification_codes::company_id.eq(DbUuid(company.uuid())))
            .filter(verification_codes::purpose.eq_any(purposes))
            .filter(verification_codes::used_at.is_null())
            .filter(verification_codes::expires_at.gt(now))
            .filter(verification_codes::tries.lt(i32::try_from(max_tries).unwrap_or(i32::MAX)))
            .order(verification_codes::created_at.desc())
            .select(CodeRow::as_select())
            .load(&mut self.conn.db)
            .map(|rows| rows.into_iter().filter_map(CodeRow::into_code).collect())
            .map_err(store_error)
    }

    fn count_verification_try(&mut self, ids: &[Uuid]) -> Result<(), StoreError> {
        let ids: Vec<DbUuid> = ids.iter().copied().map(DbUuid).collect();
        diesel::update(verification_codes::table.filter(verification_codes::id.eq_any(ids)))
            .set(verification_codes::tries.eq(verification_codes::tries + 1))
            .execute(&mut self.conn.db)
            .map(drop)
            .map_err(store_error)
    }

    fn use_verification_code(&mut self, id: Uuid, now: NaiveDateTime) -> Result<bool, StoreError> {
        // the WHERE clause makes it single use: of two concurrent uses, one updates the row
        diesel::update(
            verification_codes::table
                .filter(verification_codes::id.eq(DbUuid(id)))
                .filter(verification_codes::used_at.is_null()),
        )
        .set(verification_codes::used_at.eq(Some(now)))
        .execute(&mut self.conn.db)
        .map(|n| n == 1)
        .map_err(store_error)
    }

    fn end_verification_codes(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        purpose: CodePurpose,
        now: NaiveDateTime,
    ) -> Result<usize, StoreError> {
        diesel::update(
            verification_codes::table
                .filter(verification_codes::contact_id.eq(DbUuid(contact.uuid())))
                .filter(verification_codes::company_id.eq(DbUuid(company.uuid())))
                .filter(verification_codes::purpose.eq(purpose.as_str()))
                .filter(verification_codes::used_at.is_null()),
        )
        .set(verification_codes::used_at.eq(Some(now)))
        .execute(&mut self.conn.db)
        .map_err(store_error)
    }

    fn prune_verification_codes(&mut self, before: NaiveDateTime) -> Result<usize, StoreError> {
        diesel::delete(verification_codes::table.filter(verification_codes::expires_at.lt(before)))
            .execute(&mut self.conn.db)
            .map_err(store_error)
    }
}
