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
use uuid::Uuid;

use super::records::{Lists, RecordsKey, current};
use super::{TenantService, currency_of};
use crate::credential::CredentialRepository;
use crate::error::TenantError;
use crate::session::{Session, SessionCheck, SessionRepository, accepts, authorize};

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
        + TransactionRepository
        + TenantLedgerRepository,
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

    /// A page of the tenant's ledger. Without dates (the portal's statement) the session
    /// check and the page are one read where the store can.
    pub async fn ledger_list(
        &self,
        session: Session,
        query: ListQuery,
    ) -> Result<Listed<LedgerEntry>, TenantError> {
        if query.dates != DateRange::default() {
            return self
                .list(session, query, |repo, company, contact, dates, page| {
                    repo.ledger_page(company, contact, dates, page)
                })
                .await;
        }
        let now = self.ports.clock.now().naive_utc();
        let key = RecordsKey::ledger(session.contact_id, query.page);
        let held = self.records.get(key);
        let (listed, read_at) = self
            .listed(
                move |repo| {
                    let (company, contact) = (session.company_id, session.contact_id);
                    if let Some(held) = held
                        && let Some((_, check)) =
                            repo.find_authorized(company, contact, session.session_id)?
                        && let Some(Lists::Ledger(page)) =
                            current(Some(&held), check.records_version)
                        && accepts(repo, &session, &check, now)?
                    {
                        return Ok((page.clone(), None));
                    }
                    match repo.find_authorized_ledger_page(
                        company,
                        contact,
                        session.session_id,
                        query.page,
                    )? {
                        Some((check, page)) if accepts(repo, &session, &check, now)? => {
                            Ok((page, Some(check.records_version)))
                        }
                        // refused (authorize says why), or accepted in between
                        _ => {
                            authorize(repo, &session, now)?;
                            let page =
                                repo.ledger_page(company, contact, query.dates, query.page)?;
                            Ok((page, None))
                        }
                    }
                },
                session.company_id,
            )
            .await?;
        if let Some(version) = read_at {
            self.records
                .put(key, version, Lists::Ledger(listed.page.clone()));
        }
        Ok(listed)
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
        let (listed, ()) = self
            .listed(
                move |repo| {
                    authorize(repo, &session, now)?;
                    let page = read(
                        repo,
                        session.company_id,
                        session.contact_id,
                        query.dates,
                        query.page,
                    )?;
                    Ok((page, ()))
                },
                session.company_id,
            )
            .await?;
        Ok(listed)
    }

    /// A page read by `page` (which checks the session), with the company's currency and
    /// today's date, in one unit of work; with what else `page` returned.
    async fn listed<T, X, F>(
        &self,
        page: F,
        company: CompanyId,
    ) -> Result<(Listed<T>, X), TenantError>
    where
        T: Send + 'static,
        X: Send + 'static,
        F: FnOnce(&mut S::Repo) -> Result<(Paged<T>, X), TenantError> + Send + 'static,
    {
        let today = self.ports.clock.today();
        let known = self.currencies.get(company);
        let listed = self
            .ports
            .store
            .run(move |repo| {
                let (page, extra) = page(repo)?;
                let currency = currency_of(repo, company, known)?;
                let listed = Listed {
                    page,
                    currency,
                    today,
                };
                Ok::<_, TenantError>((listed, extra))
            })
            .await?;
        if known.is_none() {
            self.currencies.put(company, listed.0.currency);
        }
        Ok(listed)
    }
}

/// A page of the tenant's ledger read with the session check in one round trip where the
/// store can.
pub trait TenantLedgerRepository {
    /// What checking the session needs (as [`SessionRepository::find_authorized`]) and a page
    /// of the tenant's whole ledger (as [`TransactionRepository::ledger_page`] without dates),
    /// together; `None` when the contact, its credential or the session is missing.
    fn find_authorized_ledger_page(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        session: Uuid,
        page: Page,
    ) -> Result<Option<(SessionCheck, Paged<LedgerEntry>)>, StoreError>;
}
