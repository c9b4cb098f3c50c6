use diesel::prelude::*;
use storegister_invoice::{Invoice, InvoiceRepository};
use storegister_kernel::{CompanyId, ContactId, InvoiceId, StoreError};

use super::Repo;
use crate::error::store_error;
use crate::rows::InvoiceRow;
use crate::schema::invoices;
use crate::types::DbUuid;

impl InvoiceRepository for Repo {
    fn unpaid_invoices(
        &mut self,
        company: CompanyId,
        contact: ContactId,
    ) -> Result<Vec<Invoice>, StoreError> {
        let rows: Vec<InvoiceRow> = super::on_backend!(&mut self.conn.db, |conn| invoices::table
            .filter(invoices::company_id.eq(DbUuid(company.uuid())))
            .filter(invoices::contact_id.eq(DbUuid(contact.uuid())))
            // written as the partial index `invoices_open` is (no bound value, the column first),
            // or neither planner uses it
            .filter(diesel::dsl::not(invoices::cancelled))
            .filter(invoices::gross_minor.gt(invoices::paid_minor + invoices::credited_minor))
            .order((invoices::due_date.asc(), invoices::transact_id.asc()))
            .select(InvoiceRow::as_select())
            .load(conn))
        .map_err(store_error)?;
        rows.into_iter().map(Invoice::try_from).collect()
    }

    fn insert_invoice(&mut self, invoice: &Invoice) -> Result<(), StoreError> {
        diesel::insert_into(invoices::table)
            .values(InvoiceRow::from(invoice))
            .execute(&mut self.conn.db)
            .map(drop)
            .map_err(store_error)
    }

    fn insert_invoices(&mut self, invoices: &[Invoice]) -> Result<(), StoreError> {
        for chunk in invoices.chunks(super::BATCH_ROWS) {
            let rows: Vec<InvoiceRow> = chunk.iter().map(InvoiceRow::from).collect();
            super::insert_batch!(&mut self.conn.db, invoices::table, &rows).map_err(store_error)?;
        }
        Ok(())
    }

    fn find_invoice(
        &mut self,
        company: CompanyId,
        id: InvoiceId,
    ) -> Result<Option<Invoice>, StoreError> {
        invoices::table
            .filter(invoices::id.eq(DbUuid(id.uuid())))
            .filter(invoices::company_id.eq(DbUuid(company.uuid())))
            .select(InvoiceRow::as_select())
            .get_result(&mut self.conn.db)
            .optional()
            .map_err(store_error)?
            .map(Invoice::try_from)
            .transpose()
    }

    fn find_invoice_by_number(
        &mut self,
        company: CompanyId,
        number: &str,
    ) -> Result<Option<Invoice>, StoreError> {
        invoices::table
            .filter(invoices::transact_id.eq(number))
            .filter(invoices::company_id.eq(DbUuid(company.uuid())))
            .select(InvoiceRow::as_select())
            .get_result(&mut self.conn.db)
            .optional()
            .map_err(store_error)?
            .map(Invoice::try_from)
            .transpose()
    }

    fn list_invoices(
        &mut self,
        company: CompanyId,
        contact: Option<ContactId>,
    ) -> Result<Vec<Invoice>, StoreError> {
        let mut query = invoices::table
            .filter(invoices::company_id.eq(DbUuid(company.uuid())))
            .order((invoices::due_date, invoices::transact_id))
            .select(InvoiceRow::as_select())
            .into_boxed();
        if let Some(contact) = contact {
            query = query.filter(invoices::contact_id.eq(DbUuid(contact.uuid())));
        }
        query
            .load(&mut self.conn.db)
            .map_err(store_error)?
            .into_iter()
            .map(Invoice::try_from)
            .collect()
    }
}
