//! Invoices and the money around them: receipts (allocated to invoices, the rest an advance),
//! credit notes, payment vouchers, cancellations and reversals. Every change of a tenant's
//! money takes the tenant's ledger first, so changes of one tenant's books happen one after
//! the other, and posts its ledger lines in the same transaction.

use chrono::NaiveDate;
use storegister_company::CompanyRepository;
use storegister_contact_book::{ContactBook, ContactBookRepository};
use storegister_contract::ContractRepository;
use storegister_invoice::{
    Allocation, CreditNote, Currency, Invoice, InvoiceRepository, LedgerEntry, Money,
    PaymentVoucher, Posting, Receipt, TransactionRepository, TransactionType, allocate, credit,
    pay_out, release,
};
use storegister_kernel::{CompanyId, ContractId, InvoiceId, Store, Transactional};
use uuid::Uuid;

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

/// Money received from a tenant.
#[derive(Clone, Debug)]
pub struct NewReceipt {
    /// The tenant who paid.
    pub tenant: TenantRef,
    /// The voucher number; one is made up when `None`.
    pub number: Option<String>,
    /// The amount received, as written.
    pub amount: String,
    /// When it came in; today when `None`.
    pub date: Option<NaiveDate>,
    /// How it was paid.
    pub payment_method: String,
    /// The invoices it pays and how much of each; `None`: the open invoices, oldest due first.
    pub allocations: Option<Vec<(InvoiceRef, String)>>,
}

/// A credit note to issue.
#[derive(Clone, Debug)]
pub struct NewCreditNote {
    /// The invoice it credits.
    pub invoice: InvoiceRef,
    /// Its number; one is made up when `None`.
    pub number: Option<String>,
    /// The amount taken off, as written.
    pub amount: String,
    /// Its date; today when `None`.
    pub date: Option<NaiveDate>,
    /// Why.
    pub reason: String,
}

/// Money to pay to a tenant.
#[derive(Clone, Debug)]
pub struct NewPaymentVoucher {
    /// The tenant.
    pub tenant: TenantRef,
    /// Its number; one is made up when `None`.
    pub number: Option<String>,
    /// The amount, as written.
    pub amount: String,
    /// When it is paid; today when `None`.
    pub date: Option<NaiveDate>,
    /// Why (a deposit refund, an advance paid back).
    pub reason: String,
}

/// A recorded receipt.
#[derive(Clone, Debug)]
pub struct ReceiptRecorded {
    /// The receipt, its allocations included in `allocated_minor`.
    pub receipt: Receipt,
    /// The invoices paid: number and amount.
    pub paid: Vec<(String, Money)>,
    /// Its tenant.
    pub tenant: ContactBook,
    /// The company's currency.
    pub currency: Currency,
}

/// A money change and the ledger line it posted.
#[derive(Clone, Debug)]
pub struct Posted<T> {
    /// What was recorded.
    pub record: T,
    /// The tenant's ledger line for it.
    pub entry: LedgerEntry,
    /// The company's currency.
    pub currency: Currency,
}

/// A number for a document the office gave none: a prefix and random characters.
fn number(prefix: &str) -> String {
    let random = Uuid::new_v4().simple().to_string();
    format!("{prefix}-{}", random[..10].to_ascii_uppercase())
}

/// A document number as given: 1 to 50 characters, no control characters.
fn checked_number(given: Option<String>, prefix: &str) -> Result<String, OfficeError> {
    let number = given.map_or_else(|| number(prefix), |n| n.trim().to_owned());
    let chars = number.chars().count();
    if chars == 0 || chars > 50 || number.chars().any(char::is_control) {
        return Err(OfficeError::Invoice(
            storegister_invoice::InvoiceError::InvalidNumber,
        ));
    }
    Ok(number)
}

/// A reason: 1 to 200 characters, no control characters.
fn checked_reason(reason: String) -> Result<String, OfficeError> {
    let reason = reason.trim().to_owned();
    let chars = reason.chars().count();
    if chars == 0 || chars > 200 || reason.chars().any(char::is_control) {
        return Err(OfficeError::Reason);
    }
    Ok(reason)
}

impl<S> OfficeService<S>
where
    S: Store,
    S::Repo: CompanyRepository
        + ContactBookRepository
        + ContractRepository
        + InvoiceRepository
        + TransactionRepository,
{
    /// Creates an invoice for a tenant (of one of the tenant's contracts, if one is named) and
    /// posts it to the tenant's ledger; the invoice and its tenant.
    pub async fn create_invoice(
        &self,
        company_id: CompanyId,
        new: NewInvoice,
    ) -> Result<(Invoice, ContactBook), OfficeError> {
        let now = self.clock.now().naive_utc();
        let date = new.date.unwrap_or_else(|| self.clock.today());
        self.store
            .run(move |repo| {
                repo.transaction(|repo| {
                    let company = company(repo, company_id)?;
                    let tenant = tenant(repo, company_id, &new.tenant)?;
                    let mut contract_number = None;
                    if let Some(id) = new.contract {
                        let contract = repo
                            .find_contract(company_id, id)?
                            .ok_or(OfficeError::UnknownContract(id))?;
                        if contract.contact_id != tenant.id {
                            return Err(OfficeError::ContractOfAnotherTenant(
                                contract.contract_number,
                            ));
                        }
                        contract_number = Some(contract.contract_number);
                    }
                    let invoice = Invoice {
                        id: InvoiceId::generate_ordered(),
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
                        credited_minor: 0,
                        cancelled: false,
                        reversed: false,
                        created_at: now,
                    };
                    invoice.validate()?;
                    let end = repo.lock_ledger(company_id, tenant.id)?;
                    repo.insert_invoice(&invoice)?;
                    let posting = Posting::invoice(&invoice, contract_number);
                    let (entries, _) = end.append(company_id, tenant.id, vec![posting], now);
                    repo.insert_ledger_entries(&entries)?;
                    Ok((invoice, tenant))
                })
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

    /// Cancels an invoice nothing was paid or credited on (one with payments or credit notes
    /// is reversed instead); posts its cancellation; the invoice as it was.
    pub async fn cancel_invoice(
        &self,
        company_id: CompanyId,
        invoice_ref: InvoiceRef,
    ) -> Result<Invoice, OfficeError> {
        self.close(company_id, invoice_ref, false, None).await
    }

    /// Reverses an invoice: what was paid on it goes back to its receipts as advance, it owes
    /// nothing any more, and a reversal line credits what it still charged; the invoice as it
    /// was.
    pub async fn reverse_invoice(
        &self,
        company_id: CompanyId,
        invoice_ref: InvoiceRef,
        date: Option<NaiveDate>,
    ) -> Result<Invoice, OfficeError> {
        self.close(company_id, invoice_ref, true, date).await
    }

    async fn close(
        &self,
        company_id: CompanyId,
        invoice_ref: InvoiceRef,
        reversed: bool,
        date: Option<NaiveDate>,
    ) -> Result<Invoice, OfficeError> {
        let now = self.clock.now().naive_utc();
        let date = date.unwrap_or_else(|| self.clock.today());
        self.store
            .run(move |repo| {
                repo.transaction(|repo| {
                    company(repo, company_id)?;
                    let found = invoice(repo, company_id, &invoice_ref)?;
                    let end = repo.lock_ledger(company_id, found.contact_id)?;
                    // read again under the ledger's lock: nothing changes it meanwhile
                    let target = invoice(repo, company_id, &InvoiceRef::Id(found.id))?;
                    if reversed {
                        target.check_reverse()?;
                        let allocations = repo.allocations_to(company_id, target.id)?;
                        repo.release(company_id, &release(&allocations, target.paid_minor))?;
                    } else {
                        target.check_cancel()?;
                    }
                    if !repo.close_invoice(company_id, target.id, reversed)? {
                        return Err(OfficeError::CancelRaced);
                    }
                    let contract_number = contract_number(repo, company_id, &target)?;
                    let posting = Posting::reversal(&target, date, contract_number, reversed);
                    let (entries, _) =
                        end.append(company_id, target.contact_id, vec![posting], now);
                    repo.insert_ledger_entries(&entries)?;
                    Ok(target)
                })
            })
            .await
    }

    /// Records money received from a tenant: allocated to the invoices named, or to the open
    /// invoices oldest due first; what is left is the tenant's advance.
    pub async fn record_receipt(
        &self,
        company_id: CompanyId,
        new: NewReceipt,
    ) -> Result<ReceiptRecorded, OfficeError> {
        let now = self.clock.now().naive_utc();
        let date = new.date.unwrap_or_else(|| self.clock.today());
        self.store
            .run(move |repo| {
                repo.transaction(|repo| {
                    let company = company(repo, company_id)?;
                    let tenant = tenant(repo, company_id, &new.tenant)?;
                    let transact_id = checked_number(new.number, "RV")?;
                    let method = checked_method(&new.payment_method)?;
                    let amount = Money::parse(&new.amount, company.currency)?;
                    let end = repo.lock_ledger(company_id, tenant.id)?;
                    let invoices = repo.list_invoices(company_id, Some(tenant.id))?;
                    let explicit = match &new.allocations {
                        Some(asked) => Some(
                            asked
                                .iter()
                                .map(|(invoice_ref, amount)| {
                                    let found = invoice(repo, company_id, invoice_ref)?;
                                    Ok((found.id, Money::parse(amount, company.currency)?))
                                })
                                .collect::<Result<Vec<_>, OfficeError>>()?,
                        ),
                        None => None,
                    };
                    let plan = allocate(amount, &invoices, explicit.as_deref())?;
                    let receipt = Receipt {
                        id: Uuid::now_v7(),
                        company_id,
                        contact_id: tenant.id,
                        transact_id,
                        transact_date: date,
                        payment_method: method,
                        gross_minor: amount.minor,
                        allocated_minor: 0,
                        created_at: now,
                    };
                    repo.insert_receipt(&receipt)?;
                    let allocations = allocations_of(&receipt, &plan, now);
                    repo.allocate(&allocations)?;
                    let paid = paid_lines(&invoices, &plan, company.currency);
                    let only = match plan.as_slice() {
                        [(id, _)] => invoices
                            .iter()
                            .find(|i| i.id == *id)
                            .map(|i| (i.id.uuid(), i.transact_id.clone())),
                        _ => None,
                    };
                    let posting = Posting::receipt(&receipt, only);
                    let (entries, _) = end.append(company_id, tenant.id, vec![posting], now);
                    repo.insert_ledger_entries(&entries)?;
                    Ok(ReceiptRecorded {
                        receipt: Receipt {
                            allocated_minor: plan.iter().map(|(_, a)| a).sum(),
                            ..receipt
                        },
                        paid,
                        tenant,
                        currency: company.currency,
                    })
                })
            })
            .await
    }

    /// Applies what is left of a receipt (its advance) to the tenant's open invoices, oldest
    /// due first. The ledger does not change: the money was received already.
    pub async fn allocate_advance(
        &self,
        company_id: CompanyId,
        receipt_ref: String,
    ) -> Result<ReceiptRecorded, OfficeError> {
        let now = self.clock.now().naive_utc();
        self.store
            .run(move |repo| {
                repo.transaction(|repo| {
                    let company = company(repo, company_id)?;
                    let found = repo
                        .find_receipt(company_id, &receipt_ref)?
                        .ok_or_else(|| OfficeError::UnknownReceipt(receipt_ref.clone()))?;
                    repo.lock_ledger(company_id, found.contact_id)?;
                    let receipt = repo
                        .find_receipt(company_id, &found.id.to_string())?
                        .ok_or_else(|| OfficeError::UnknownReceipt(receipt_ref.clone()))?;
                    let tenant = tenant(repo, company_id, &TenantRef::Id(receipt.contact_id))?;
                    let advance = Money::from_minor(receipt.advance_minor(), company.currency);
                    if advance.minor == 0 {
                        return Err(OfficeError::NoAdvance(receipt.transact_id));
                    }
                    let invoices = repo.list_invoices(company_id, Some(receipt.contact_id))?;
                    let plan = allocate(advance, &invoices, None)?;
                    if plan.is_empty() {
                        return Err(OfficeError::NothingOpen(receipt.transact_id));
                    }
                    repo.allocate(&allocations_of(&receipt, &plan, now))?;
                    let paid = paid_lines(&invoices, &plan, company.currency);
                    let allocated =
                        receipt.allocated_minor + plan.iter().map(|(_, a)| a).sum::<i64>();
                    Ok(ReceiptRecorded {
                        receipt: Receipt {
                            allocated_minor: allocated,
                            ..receipt
                        },
                        paid,
                        tenant,
                        currency: company.currency,
                    })
                })
            })
            .await
    }

    /// Takes an amount off an invoice. Its balance never goes below zero: money paid beyond
    /// what it then charges goes back to its receipts as advance.
    pub async fn issue_credit_note(
        &self,
        company_id: CompanyId,
        new: NewCreditNote,
    ) -> Result<Posted<CreditNote>, OfficeError> {
        let now = self.clock.now().naive_utc();
        let date = new.date.unwrap_or_else(|| self.clock.today());
        self.store
            .run(move |repo| {
                repo.transaction(|repo| {
                    let company = company(repo, company_id)?;
                    let transact_id = checked_number(new.number, "CN")?;
                    let reason = checked_reason(new.reason)?;
                    let amount = Money::parse(&new.amount, company.currency)?;
                    let found = invoice(repo, company_id, &new.invoice)?;
                    let end = repo.lock_ledger(company_id, found.contact_id)?;
                    let target = invoice(repo, company_id, &InvoiceRef::Id(found.id))?;
                    let released = credit(&target, amount)?;
                    if released > 0 {
                        let allocations = repo.allocations_to(company_id, target.id)?;
                        repo.release(company_id, &release(&allocations, released))?;
                    }
                    let note = CreditNote {
                        id: Uuid::now_v7(),
                        company_id,
                        contact_id: target.contact_id,
                        invoice_id: target.id,
                        transact_id,
                        transact_date: date,
                        amount_minor: amount.minor,
                        reason,
                        created_at: now,
                    };
                    repo.insert_credit_note(&note)?;
                    let contract_number = contract_number(repo, company_id, &target)?;
                    let posting = Posting::credit_note(&note, &target, contract_number);
                    let (mut entries, _) =
                        end.append(company_id, target.contact_id, vec![posting], now);
                    repo.insert_ledger_entries(&entries)?;
                    let entry = entries.remove(0);
                    Ok(Posted {
                        record: note,
                        entry,
                        currency: company.currency,
                    })
                })
            })
            .await
    }

    /// Pays money to a tenant: at most the tenant's credit (what the company owes: an advance,
    /// or what a credit note gave back).
    pub async fn pay_voucher(
        &self,
        company_id: CompanyId,
        new: NewPaymentVoucher,
    ) -> Result<Posted<PaymentVoucher>, OfficeError> {
        let now = self.clock.now().naive_utc();
        let date = new.date.unwrap_or_else(|| self.clock.today());
        self.store
            .run(move |repo| {
                repo.transaction(|repo| {
                    let company = company(repo, company_id)?;
                    let tenant = tenant(repo, company_id, &new.tenant)?;
                    let transact_id = checked_number(new.number, "PV")?;
                    let reason = checked_reason(new.reason)?;
                    let amount = Money::parse(&new.amount, company.currency)?;
                    let end = repo.lock_ledger(company_id, tenant.id)?;
                    pay_out(amount, end.balance_minor)?;
                    let voucher = PaymentVoucher {
                        id: Uuid::now_v7(),
                        company_id,
                        contact_id: tenant.id,
                        transact_id,
                        transact_date: date,
                        amount_minor: amount.minor,
                        reason,
                        created_at: now,
                    };
                    repo.insert_payment_voucher(&voucher)?;
                    let posting = Posting::payment_voucher(&voucher);
                    let (mut entries, _) = end.append(company_id, tenant.id, vec![posting], now);
                    repo.insert_ledger_entries(&entries)?;
                    let entry = entries.remove(0);
                    Ok(Posted {
                        record: voucher,
                        entry,
                        currency: company.currency,
                    })
                })
            })
            .await
    }

    /// Records a payment of at most an invoice's balance: a receipt allocated to it alone; the
    /// receipt and the invoice after it.
    pub async fn record_payment(
        &self,
        company_id: CompanyId,
        invoice_ref: InvoiceRef,
        amount: String,
    ) -> Result<(ReceiptRecorded, Invoice), OfficeError> {
        let found = self
            .store
            .run({
                let invoice_ref = invoice_ref.clone();
                move |repo| invoice(repo, company_id, &invoice_ref)
            })
            .await?;
        let recorded = self
            .record_receipt(
                company_id,
                NewReceipt {
                    tenant: TenantRef::Id(found.contact_id),
                    number: None,
                    amount: amount.clone(),
                    date: None,
                    payment_method: "UNSPECIFIED".into(),
                    allocations: Some(vec![(invoice_ref, amount)]),
                },
            )
            .await?;
        let after = self
            .store
            .run(move |repo| invoice(repo, company_id, &InvoiceRef::Id(found.id)))
            .await?;
        Ok((recorded, after))
    }
}

/// A payment method: 1 to 30 letters, digits or `_`, upper-cased.
fn checked_method(method: &str) -> Result<String, OfficeError> {
    let method = method.trim().to_ascii_uppercase();
    if method.is_empty()
        || method.len() > 30
        || !method
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_')
    {
        return Err(OfficeError::PaymentMethod(method));
    }
    Ok(method)
}

fn allocations_of(
    receipt: &Receipt,
    plan: &[(InvoiceId, i64)],
    now: chrono::NaiveDateTime,
) -> Vec<Allocation> {
    plan.iter()
        .map(|(invoice, amount)| Allocation {
            id: Uuid::now_v7(),
            company_id: receipt.company_id,
            receipt_id: receipt.id,
            invoice_id: *invoice,
            amount_minor: *amount,
            created_at: now,
        })
        .collect()
}

fn paid_lines(
    invoices: &[Invoice],
    plan: &[(InvoiceId, i64)],
    currency: storegister_invoice::Currency,
) -> Vec<(String, Money)> {
    plan.iter()
        .map(|(id, amount)| {
            let number = invoices
                .iter()
                .find(|i| i.id == *id)
                .map(|i| i.transact_id.clone())
                .unwrap_or_default();
            (number, Money::from_minor(*amount, currency))
        })
        .collect()
}

/// The number of the invoice's contract, if it has one.
fn contract_number(
    repo: &mut impl ContractRepository,
    company_id: CompanyId,
    invoice: &Invoice,
) -> Result<Option<String>, OfficeError> {
    Ok(match invoice.contract_id {
        Some(id) => repo
            .find_contract(company_id, id)?
            .map(|c| c.contract_number),
        None => None,
    })
}
