use diesel::prelude::*;
use storegister_contract::{Contract, ContractDetails, ContractRepository, Property, Unit};
use storegister_kernel::{CompanyId, ContactId, StoreError};

use super::Repo;
use crate::error::store_error;
use crate::rows::{ContractRow, PropertyRow, UnitRow};
use crate::schema::{contracts, properties, units};
use crate::types::DbUuid;

impl ContractRepository for Repo {
    fn contracts_of_tenant(
        &mut self,
        company: CompanyId,
        contact: ContactId,
    ) -> Result<Vec<ContractDetails>, StoreError> {
        let rows: Vec<(ContractRow, UnitRow, PropertyRow)> = contracts::table
            .inner_join(units::table.inner_join(properties::table))
            .filter(contracts::company_id.eq(DbUuid(company.uuid())))
            .filter(contracts::contact_id.eq(DbUuid(contact.uuid())))
            .order((
                contracts::start_date.desc(),
                contracts::created_at.desc(),
                contracts::contract_number.desc(),
            ))
            .select((
                ContractRow::as_select(),
                UnitRow::as_select(),
                PropertyRow::as_select(),
            ))
            .load(&mut *self.conn)
            .map_err(store_error)?;
        rows.into_iter()
            .map(|(contract, unit, property)| {
                Ok(ContractDetails {
                    contract: Contract::try_from(contract)?,
                    unit: Unit::try_from(unit)?,
                    property: Property::from(property),
                })
            })
            .collect()
    }

    fn insert_contract(&mut self, contract: &Contract) -> Result<(), StoreError> {
        diesel::insert_into(contracts::table)
            .values(ContractRow::from(contract))
            .execute(&mut *self.conn)
            .map(drop)
            .map_err(store_error)
    }
}
