use chrono::NaiveDateTime;
use diesel::prelude::*;
use storegister_company::{ApiKey, Company, CompanyRepository};
use storegister_kernel::{CompanyId, StoreError};
use uuid::Uuid;

use super::Repo;
use crate::error::store_error;
use crate::rows::{ApiKeyRow, CompanyRow};
use crate::schema::{api_keys, companies};
use crate::types::DbUuid;

impl CompanyRepository for Repo {
    fn insert_company(&mut self, company: &Company) -> Result<(), StoreError> {
        diesel::insert_into(companies::table)
            .values(CompanyRow::from(company))
            .execute(&mut self.conn.db)
            .map(drop)
            .map_err(store_error)
    }

    fn find_company(&mut self, id: CompanyId) -> Result<Option<Company>, StoreError> {
        companies::table
            .find(DbUuid(id.uuid()))
            .select(CompanyRow::as_select())
            .get_result(&mut self.conn.db)
            .optional()
            .map_err(store_error)?
            .map(Company::try_from)
            .transpose()
    }

    fn insert_api_key(&mut self, key: &ApiKey) -> Result<(), StoreError> {
        diesel::insert_into(api_keys::table)
            .values(ApiKeyRow::from(key))
            .execute(&mut self.conn.db)
            .map(drop)
            .map_err(store_error)
    }

    fn list_api_keys(&mut self, company: CompanyId) -> Result<Vec<ApiKey>, StoreError> {
        api_keys::table
            .filter(api_keys::company_id.eq(DbUuid(company.uuid())))
            .order((api_keys::created_at, api_keys::prefix))
            .select(ApiKeyRow::as_select())
            .load(&mut self.conn.db)
            .map(|rows| rows.into_iter().map(ApiKey::from).collect())
            .map_err(store_error)
    }

    fn find_api_keys(&mut self, id_or_prefix: &str) -> Result<Vec<ApiKey>, StoreError> {
        let query = api_keys::table.select(ApiKeyRow::as_select());
        let rows = match Uuid::parse_str(id_or_prefix.trim()) {
            Ok(id) => query
                .filter(api_keys::id.eq(DbUuid(id)))
                .load(&mut self.conn.db),
            Err(_) => {
                let prefix = id_or_prefix.trim();
                if prefix.is_empty() {
                    return Ok(Vec::new());
                }
                // the prefix is matched literally: LIKE's wildcards in it are escaped
                let escaped: String = prefix
                    .chars()
                    .flat_map(|c| match c {
                        '%' | '_' | '\\' => vec!['\\', c],
                        c => vec![c],
                    })
                    .collect();
                query
                    .filter(api_keys::prefix.like(format!("{escaped}%")).escape('\\'))
                    .order(api_keys::created_at)
                    .load(&mut self.conn.db)
                    // SQLite's LIKE ignores case; prefixes are case-sensitive
                    .map(|rows| {
                        rows.into_iter()
                            .filter(|row: &ApiKeyRow| row.prefix.starts_with(prefix))
                            .collect()
                    })
            }
        };
        rows.map(|rows| rows.into_iter().map(ApiKey::from).collect())
            .map_err(store_error)
    }

    fn revoke_api_key(&mut self, id: Uuid, at: NaiveDateTime) -> Result<bool, StoreError> {
        diesel::update(
            api_keys::table
                .filter(api_keys::id.eq(DbUuid(id)))
                .filter(api_keys::revoked_at.is_null()),
        )
        .set(api_keys::revoked_at.eq(Some(at)))
        .execute(&mut self.conn.db)
        .map(|n| n == 1)
        .map_err(store_error)
    }

    fn company_for_key_digest(&mut self, digest: &str) -> Result<Option<CompanyId>, StoreError> {
        api_keys::table
            .filter(api_keys::digest.eq(digest))
            .filter(api_keys::revoked_at.is_null())
            .select(api_keys::company_id)
            .get_result::<DbUuid>(&mut self.conn.db)
            .optional()
            .map(|id| id.map(|id| id.0.into()))
            .map_err(store_error)
    }
}
