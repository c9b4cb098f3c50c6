use diesel::prelude::*;
use storegister_invoice::{Invoice, InvoiceRepository};
use storegister_kernel::{CompanyId, ContactId, StoreError};

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
        invoices::table
            .filter(invoices::company_id.eq(DbUuid(company.uuid())))
            .filter(invoices::contact_id.eq(DbUuid(contact.uuid())))
            .filter(invoices::cancelled.eq(false))
            .filter(invoices::paid_minor.lt(invoices::gross_minor))
            .order((invoices::due_date.asc(), invoices::transact_id.asc()))
            .select(InvoiceRow::as_select())
            .load(&mut *self.conn)
            .map_err(store_error)?
            .into_iter()
            .map(Invoice::try_from)
            .collect()
    }

    fn insert_invoice(&mut self, invoice: &Invoice) -> Result<(), StoreError> {
        diesel::insert_into(invoices::table)
            .values(InvoiceRow::from(invoice))
            .execute(&mut *self.conn)
            .map(drop)
            .map_err(store_error)
    }
}
