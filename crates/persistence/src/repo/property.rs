use diesel::prelude::*;
use storegister_contract::{Property, PropertyRepository, Unit, UnitRepository};
use storegister_kernel::{CompanyId, PropertyId, StoreError, UnitId};

use super::Repo;
use crate::error::store_error;
use crate::rows::{PropertyRow, UnitRow};
use crate::schema::{properties, units};
use crate::types::DbUuid;

impl PropertyRepository for Repo {
    fn find_property(
        &mut self,
        company: CompanyId,
        id: PropertyId,
    ) -> Result<Option<Property>, StoreError> {
        properties::table
            .filter(properties::id.eq(DbUuid(id.uuid())))
            .filter(properties::company_id.eq(DbUuid(company.uuid())))
            .select(PropertyRow::as_select())
            .first(&mut *self.conn)
            .optional()
            .map(|row| row.map(Property::from))
            .map_err(store_error)
    }

    fn insert_property(&mut self, property: &Property) -> Result<(), StoreError> {
        diesel::insert_into(properties::table)
            .values(PropertyRow::from(property))
            .execute(&mut *self.conn)
            .map(drop)
            .map_err(store_error)
    }
}

impl UnitRepository for Repo {
    fn find_unit(&mut self, company: CompanyId, id: UnitId) -> Result<Option<Unit>, StoreError> {
        units::table
            .filter(units::id.eq(DbUuid(id.uuid())))
            .filter(units::company_id.eq(DbUuid(company.uuid())))
            .select(UnitRow::as_select())
            .first(&mut *self.conn)
            .optional()
            .map_err(store_error)?
            .map(Unit::try_from)
            .transpose()
    }

    fn insert_unit(&mut self, unit: &Unit) -> Result<(), StoreError> {
        diesel::insert_into(units::table)
            .values(UnitRow::from(unit))
            .execute(&mut *self.conn)
            .map(drop)
            .map_err(store_error)
    }
}
