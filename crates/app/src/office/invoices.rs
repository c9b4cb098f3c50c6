//! Invoices and the payments against them.

use chrono::NaiveDate;
use storegister_company::CompanyRepository;
use storegister_contact_book::{ContactBook, ContactBookRepository};
use storegister_contract::ContractRepository;
use storegister_invoice::{Invoice, InvoiceRepository, Money, TransactionType};
use storegister_kernel::{CompanyId, ContractId, InvoiceId, Store};

use super::{InvoiceRef, OfficeError, OfficeService, TenantRef, company, invoice, tenant};

/// An invoice to create.
#[derive(Clone, Debug)]
pub struct NewInvoice {
    /// The tenant.
    pub tenant: TenantRef,
    /// The contract it belongs to, which must be the tenant's.
    pub contract: Option<ContractId>,
    /// The invoice number, unique in the company.
    pub number: String,
    /// The amount charged, as written (e.g. "125.50").
    pub amount: String,
    /// The due date.
    pub due: NaiveDate,
    /// The invoice date; today when `None`.
    pub date: Option<NaiveDate>,
    /// What it charges for.
    pub transaction_type: TransactionType,
}

/// A payment recorded against an invoice.
#[derive(Clone, Debug)]
pub struct PaymentRecorded {
    /// The invoice as it was before the payment.
    pub invoice: Invoice,
    /// The amount paid.
    pub amount: Money,
    /// What is still owed on it now.
    pub balance: Money,
}

impl<S> OfficeService<S>
where
    S: Store,
    S::Repo: CompanyRepository + ContactBookRepository + ContractRepository + InvoiceRepository,
{
    /// Creates an invoice for a tenant (of one of the tenant's contracts, if one is named); the
    /// invoice and its tenant.
    pub async fn create_invoice(
        &self,
        company_id: CompanyId,
        new: NewInvoice,
    ) -> Result<(Invoice, ContactBook), OfficeError> {
        let now = self.clock.now().naive_utc();
        let date = new.date.unwrap_or_else(|| self.clock.today());
        self.store
            .run(move |repo| {
                let company = company(repo, company_id)?;
                let tenant = tenant(repo, company_id, &new.tenant)?;
                if let Some(id) = new.contract {
                    let contract = repo
                        .find_contract(company_id, id)?
                        .ok_or(OfficeError::UnknownContract(id))?;
                    if contract.contact_id != tenant.id {
                        return Err(OfficeError::ContractOfAnotherTenant(
                            contract.contract_number,
                        ));
                    }
                }
                let invoice = Invoice {
                    id: InvoiceId::new_random(),
                    company_id,
                    contact_id: tenant.id,
                    contract_id: new.contract,
                    transact_id: new.number.trim().to_owned(),
                    transact_date: date,
                    due_date: new.due,
                    transaction_type: new.transaction_type,
                    currency: company.currency,
                    gross_minor: Money::parse(&new.amount, company.currency)?.minor,
                    paid_minor: 0,
                    cancelled: false,
                    created_at: now,
                };
                invoice.validate()?;
                repo.insert_invoice(&invoice)?;
                Ok((invoice, tenant))
            })
            .await
    }

    /// The company's invoices, or one tenant's.
    pub async fn invoices(
        &self,
        company_id: CompanyId,
        tenant_ref: Option<TenantRef>,
    ) -> Result<Vec<Invoice>, OfficeError> {
        self.store
            .run(move |repo| {
                company(repo, company_id)?;
                let tenant = match &tenant_ref {
                    Some(tenant_ref) => Some(tenant(repo, company_id, tenant_ref)?.id),
                    None => None,
                };
                Ok(repo.list_invoices(company_id, tenant)?)
            })
            .await
    }

    /// Cancels an invoice nothing was paid on; the invoice as it was.
    pub async fn cancel_invoice(
        &self,
        company_id: CompanyId,
        invoice_ref: InvoiceRef,
    ) -> Result<Invoice, OfficeError> {
        self.store
            .run(move |repo| {
                company(repo, company_id)?;
                let invoice = invoice(repo, company_id, &invoice_ref)?;
                invoice.check_cancel()?;
                // conditional: a payment landing in between keeps it from being cancelled
                if !repo.cancel_invoice(company_id, invoice.id)? {
                    return Err(OfficeError::CancelRaced);
                }
                Ok(invoice)
            })
            .await
    }

    /// Records a payment of at most the invoice's balance.
    pub async fn record_payment(
        &self,
        company_id: CompanyId,
        invoice_ref: InvoiceRef,
        amount: String,
    ) -> Result<PaymentRecorded, OfficeError> {
        self.store
            .run(move |repo| {
                let company = company(repo, company_id)?;
                let invoice = invoice(repo, company_id, &invoice_ref)?;
                let amount = Money::parse(&amount, company.currency)?;
                invoice.check_payment(amount)?;
                // the conditional update re-checks the balance, should a payment land between
                if !repo.record_payment(company_id, invoice.id, amount.minor)? {
                    return Err(OfficeError::PaymentRaced);
                }
                let balance =
                    Money::from_minor(invoice.balance().minor - amount.minor, company.currency);
                Ok(PaymentRecorded {
                    invoice,
                    amount,
                    balance,
                })
            })
            .await
    }
}
