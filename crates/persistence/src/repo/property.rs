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
            .get_result(&mut self.conn.db)
            .optional()
            .map(|row| row.map(Property::from))
            .map_err(store_error)
    }

    fn list_properties(&mut self, company: CompanyId) -> Result<Vec<Property>, StoreError> {
        properties::table
            .filter(properties::company_id.eq(DbUuid(company.uuid())))
            .order((properties::name, properties::created_at))
            .select(PropertyRow::as_select())
            .load(&mut self.conn.db)
            .map(|rows| rows.into_iter().map(Property::from).collect())
            .map_err(store_error)
    }

    fn insert_property(&mut self, property: &Property) -> Result<(), StoreError> {
        diesel::insert_into(properties::table)
            .values(PropertyRow::from(property))
            .execute(&mut self.conn.db)
            .map(drop)
            .map_err(store_error)
    }
}

impl UnitRepository for Repo {
    fn insert_units(&mut self, units: &[Unit]) -> Result<(), StoreError> {
        for chunk in units.chunks(super::BATCH_ROWS) {
            let rows: Vec<UnitRow> = chunk.iter().map(UnitRow::from).collect();
            super::insert_batch!(&mut self.conn.db, units::table, &rows).map_err(store_error)?;
        }
        Ok(())
    }

    fn list_units(
        &mut self,
        company: CompanyId,
        property: Option<PropertyId>,
    ) -> Result<Vec<Unit>, StoreError> {
        let mut query = units::table
            .filter(units::company_id.eq(DbUuid(company.uuid())))
            .order((units::property_id, units::unit_number))
            .select(UnitRow::as_select())
            .into_boxed();
        if let Some(property) = property {
            query = query.filter(units::property_id.eq(DbUuid(property.uuid())));
        }
        query
            .load(&mut self.conn.db)
            .map_err(store_error)?
            .into_iter()
            .map(Unit::try_from)
            .collect()
    }

    fn find_unit(&mut self, company: CompanyId, id: UnitId) -> Result<Option<Unit>, StoreError> {
        units::table
            .filter(units::id.eq(DbUuid(id.uuid())))
            .filter(units::company_id.eq(DbUuid(company.uuid())))
            .select(UnitRow::as_select())
            .get_result(&mut self.conn.db)
            .optional()
            .map_err(store_error)?
            .map(Unit::try_from)
            .transpose()
    }

    fn insert_unit(&mut self, unit: &Unit) -> Result<(), StoreError> {
        diesel::insert_into(units::table)
            .values(UnitRow::from(unit))
            .execute(&mut self.conn.db)
            .map(drop)
            .map_err(store_error)
    }
}
