use diesel::prelude::*;
use storegister_kernel::{CompanyId, ContactId, StoreError};
use storegister_tenant::{Credential, CredentialRepository};

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
            .first(&mut *self.conn)
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
            .first(&mut *self.conn)
            .optional()
            .map(|row| row.map(Credential::from))
            .map_err(store_error)
    }

    fn insert_credential(&mut self, credential: &Credential) -> Result<(), StoreError> {
        diesel::insert_into(credentials::table)
            .values(CredentialRow::from(credential))
            .execute(&mut *self.conn)
            .map(drop)
            .map_err(store_error)
    }
}
