use diesel::prelude::*;
use storegister_contract::{Contract, ContractDetails, ContractRepository, Property, Unit};
use storegister_kernel::{CompanyId, ContactId, ContractId, StoreError};

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
        let rows: Vec<(ContractRow, UnitRow, PropertyRow)> =
            super::on_backend!(&mut self.conn.db, |conn| contracts::table
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
                .load(conn))
            .map_err(store_error)?;
        rows.into_iter().map(contract_details).collect()
    }

    fn insert_contract(&mut self, contract: &Contract) -> Result<(), StoreError> {
        diesel::insert_into(contracts::table)
            .values(ContractRow::from(contract))
            .execute(&mut self.conn.db)
            .map(drop)
            .map_err(store_error)
    }

    fn insert_contracts(&mut self, contracts: &[Contract]) -> Result<(), StoreError> {
        for chunk in contracts.chunks(super::BATCH_ROWS) {
            let rows: Vec<ContractRow> = chunk.iter().map(ContractRow::from).collect();
            super::insert_batch!(&mut self.conn.db, contracts::table, &rows)
                .map_err(store_error)?;
        }
        Ok(())
    }

    fn find_contract(
        &mut self,
        company: CompanyId,
        id: ContractId,
    ) -> Result<Option<Contract>, StoreError> {
        contracts::table
            .filter(contracts::id.eq(DbUuid(id.uuid())))
            .filter(contracts::company_id.eq(DbUuid(company.uuid())))
            .select(ContractRow::as_select())
            .get_result(&mut self.conn.db)
            .optional()
            .map_err(store_error)?
            .map(Contract::try_from)
            .transpose()
    }

    fn update_contract_status(&mut self, contract: &Contract) -> Result<bool, StoreError> {
        diesel::update(
            contracts::table
                .filter(contracts::id.eq(DbUuid(contract.id.uuid())))
                .filter(contracts::company_id.eq(DbUuid(contract.company_id.uuid()))),
        )
        .set((
            contracts::status.eq(contract.status.as_str()),
            contracts::end_date.eq(contract.end_date),
        ))
        .execute(&mut self.conn.db)
        .map(|n| n == 1)
        .map_err(store_error)
    }
}

/// A contract with its unit and property, from their rows.
pub(super) fn contract_details(
    (contract, unit, property): (ContractRow, UnitRow, PropertyRow),
) -> Result<ContractDetails, StoreError> {
    Ok(ContractDetails {
        contract: Contract::try_from(contract)?,
        unit: Unit::try_from(unit)?,
        property: Property::from(property),
    })
}
