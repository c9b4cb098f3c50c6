//! The tenant's transaction lists: invoices of every state, credit notes, receipts, payment
//! vouchers and the ledger, a page at a time, newest first.

use chrono::NaiveDate;
use storegister_company::CompanyRepository;
use storegister_contact_book::ContactBookRepository;
use storegister_invoice::{
    CreditNoteLine, Currency, DateRange, Invoice, LedgerEntry, Page, Paged, PaymentVoucher,
    ReceiptLine, TransactionRepository,
};
use storegister_kernel::{CompanyId, ContactId, Store, StoreError};

use super::{TenantService, currency_of};
use crate::credential::CredentialRepository;
use crate::error::TenantError;
use crate::session::{Session, SessionRepository, authorize};

/// Which page of a list, between which dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListQuery {
    /// The page.
    pub page: Page,
    /// The dates (`transactDate`) it is filtered by.
    pub dates: DateRange,
}

/// A page of a tenant's list, with what it is shown with.
#[derive(Clone, Debug)]
pub struct Listed<T> {
    /// The page and the list's size.
    pub page: Paged<T>,
    /// The company's currency, of every amount.
    pub currency: Currency,
    /// Today (UTC), for what is overdue.
    pub today: NaiveDate,
}

impl<S, H> TenantService<S, H>
where
    S: Store,
    S::Repo: ContactBookRepository
        + CredentialRepository
        + SessionRepository
        + CompanyRepository
        + TransactionRepository,
{
    /// A page of the tenant's invoices of every state.
    pub async fn invoice_list(
        &self,
        session: Session,
        query: ListQuery,
    ) -> Result<Listed<Invoice>, TenantError> {
        self.list(session, query, |repo, company, contact, dates, page| {
            repo.invoice_page(company, contact, dates, page)
        })
        .await
    }

    /// A page of the tenant's credit notes.
    pub async fn credit_note_list(
        &self,
        session: Session,
        query: ListQuery,
    ) -> Result<Listed<CreditNoteLine>, TenantError> {
        self.list(session, query, |repo, company, contact, dates, page| {
            repo.credit_note_page(company, contact, dates, page)
        })
        .await
    }

    /// A page of the tenant's receipts with their allocations.
    pub async fn receipt_list(
        &self,
        session: Session,
        query: ListQuery,
    ) -> Result<Listed<ReceiptLine>, TenantError> {
        self.list(session, query, |repo, company, contact, dates, page| {
            repo.receipt_page(company, contact, dates, page)
        })
        .await
    }

    /// A page of the tenant's payment vouchers.
    pub async fn payment_voucher_list(
        &self,
        session: Session,
        query: ListQuery,
    ) -> Result<Listed<PaymentVoucher>, TenantError> {
        self.list(session, query, |repo, company, contact, dates, page| {
            repo.payment_voucher_page(company, contact, dates, page)
        })
        .await
    }

    /// A page of the tenant's ledger.
    pub async fn ledger_list(
        &self,
        session: Session,
        query: ListQuery,
    ) -> Result<Listed<LedgerEntry>, TenantError> {
        self.list(session, query, |repo, company, contact, dates, page| {
            repo.ledger_page(company, contact, dates, page)
        })
        .await
    }

    /// Authorises the session and reads one page, in one unit of work.
    async fn list<T, F>(
        &self,
        session: Session,
        query: ListQuery,
        read: F,
    ) -> Result<Listed<T>, TenantError>
    where
        T: Send + 'static,
        F: FnOnce(
                &mut S::Repo,
                CompanyId,
                ContactId,
                DateRange,
                Page,
            ) -> Result<Paged<T>, StoreError>
            + Send
            + 'static,
    {
        let now = self.ports.clock.now().naive_utc();
        let today = self.ports.clock.today();
        let known = self.currencies.get(session.company_id);
        let listed = self
            .ports
            .store
            .run(move |repo| {
                authorize(repo, &session, now)?;
                let currency = currency_of(repo, session.company_id, known)?;
                let page = read(
                    repo,
                    session.company_id,
                    session.contact_id,
                    query.dates,
                    query.page,
                )?;
                Ok::<_, TenantError>(Listed {
                    page,
                    currency,
                    today,
                })
            })
            .await?;
        if known.is_none() {
            self.currencies.put(session.company_id, listed.currency);
        }
        Ok(listed)
    }
}
