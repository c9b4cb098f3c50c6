use chrono::NaiveDateTime;
use diesel::dsl::{count_star, min};
use diesel::prelude::*;
use storegister_app::{AttemptCount, PasswordAttemptRepository};
use storegister_kernel::{CompanyId, StoreError};
use uuid::Uuid;

use super::Repo;
use crate::error::store_error;
use crate::schema::password_attempts;
use crate::types::DbUuid;

impl PasswordAttemptRepository for Repo {
    fn count_password_attempts(
        &mut self,
        company: CompanyId,
        user_name: &str,
        since: NaiveDateTime,
    ) -> Result<AttemptCount, StoreError> {
        let (attempts, oldest) = password_attempts::table
            .filter(password_attempts::company_id.eq(DbUuid(company.uuid())))
            .filter(password_attempts::user_name.eq(user_name))
            .filter(password_attempts::attempted_at.gt(since))
            .select((count_star(), min(password_attempts::attempted_at)))
            .get_result::<(i64, Option<NaiveDateTime>)>(&mut self.conn.db)
            .map_err(store_error)?;
        Ok(AttemptCount {
            attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
            oldest,
        })
    }

    fn record_password_attempt(
        &mut self,
        company: CompanyId,
        user_name: &str,
        at: NaiveDateTime,
    ) -> Result<Uuid, StoreError> {
        let id = Uuid::new_v4();
        diesel::insert_into(password_attempts::table)
            .values((
                password_attempts::id.eq(DbUuid(id)),
                password_attempts::company_id.eq(DbUuid(company.uuid())),
                password_attempts::user_name.eq(user_name),
                password_attempts::attempted_at.eq(at),
            ))
            .execute(&mut self.conn.db)
            .map(|_| id)
            .map_err(store_error)
    }

    fn forget_password_attempt(&mut self, id: Uuid) -> Result<(), StoreError> {
        diesel::delete(password_attempts::table.filter(password_attempts::id.eq(DbUuid(id))))
            .execute(&mut self.conn.db)
            .map(drop)
            .map_err(store_error)
    }

    fn clear_password_attempts(
        &mut self,
        company: CompanyId,
        user_name: &str,
    ) -> Result<(), StoreError> {
        diesel::delete(
            password_attempts::table
                .filter(password_attempts::company_id.eq(DbUuid(company.uuid())))
                .filter(password_attempts::user_name.eq(user_name)),
        )
        .execute(&mut self.conn.db)
        .map(drop)
        .map_err(store_error)
    }

    fn prune_password_attempts(&mut self, before: NaiveDateTime) -> Result<usize, StoreError> {
        diesel::delete(password_attempts::table.filter(password_attempts::attempted_at.lt(before)))
            .execute(&mut self.conn.db)
            .map_err(store_error)
    }
}
