//! Rental contracts.

use chrono::NaiveDate;
use storegister_company::CompanyRepository;
use storegister_contact_book::{ContactBook, ContactBookRepository};
use storegister_contract::{
    Contract, ContractDetails, ContractRepository, ContractStatus, PaymentPeriod, UnitRepository,
};
use storegister_invoice::Money;
use storegister_kernel::{CompanyId, ContractId, Store, UnitId};

use super::{OfficeError, OfficeService, TenantRef, company, tenant};

/// A contract to create.
#[derive(Clone, Debug)]
pub struct NewContract {
    /// The tenant.
    pub tenant: TenantRef,
    /// The unit rented.
    pub unit: UnitId,
    /// The first day.
    pub start: NaiveDate,
    /// The last day, if known.
    pub end: Option<NaiveDate>,
    /// Rent per period in the company's currency, as written (e.g. "125.50").
    pub rent: String,
    /// How often rent is invoiced.
    pub period: PaymentPeriod,
    /// The deposit, as written.
    pub deposit: String,
    /// The contract number; generated when `None`.
    pub number: Option<String>,
    /// `ACTIVE` or `TERMINATING` (a contract does not start out ended).
    pub status: ContractStatus,
}

impl<S> OfficeService<S>
where
    S: Store,
    S::Repo: CompanyRepository + ContactBookRepository + UnitRepository + ContractRepository,
{
    /// Creates a contract between the company and one of its contacts for one of its units;
    /// the contract and its tenant.
    pub async fn create_contract(
        &self,
        company_id: CompanyId,
        new: NewContract,
    ) -> Result<(Contract, ContactBook), OfficeError> {
        if new.status == ContractStatus::Ended {
            return Err(OfficeError::NewContractEnded);
        }
        let now = self.clock.now().naive_utc();
        self.store
            .run(move |repo| {
                let company = company(repo, company_id)?;
                let tenant = tenant(repo, company_id, &new.tenant)?;
                if repo.find_unit(company_id, new.unit)?.is_none() {
                    return Err(OfficeError::UnknownUnit(new.unit));
                }
                let id = ContractId::generate();
                let contract = Contract {
                    id,
                    company_id,
                    contact_id: tenant.id,
                    unit_id: new.unit,
                    contract_number: new
                        .number
                        .map(|n| n.trim().to_owned())
                        .unwrap_or_else(|| format!("C-{}", &id.to_string()[..8].to_uppercase())),
                    status: new.status,
                    start_date: new.start,
                    end_date: new.end,
                    rent: Money::parse(&new.rent, company.currency)?,
                    payment_period: new.period,
                    deposit: Money::parse(&new.deposit, company.currency)?,
                    created_at: now,
                };
                contract.validate()?;
                repo.insert_contract(&contract)?;
                Ok((contract, tenant))
            })
            .await
    }

    /// Ends a contract on `date` (today when `None`).
    pub async fn end_contract(
        &self,
        company_id: CompanyId,
        id: ContractId,
        date: Option<NaiveDate>,
    ) -> Result<Contract, OfficeError> {
        let date = date.unwrap_or_else(|| self.clock.today());
        self.store
            .run(move |repo| {
                company(repo, company_id)?;
                let contract = repo
                    .find_contract(company_id, id)?
                    .ok_or(OfficeError::UnknownContract(id))?;
                let ended = contract.end(date)?;
                repo.update_contract_status(&ended)?;
                Ok(ended)
            })
            .await
    }

    /// A tenant's contracts with their units and properties, newest first.
    pub async fn contracts(
        &self,
        company_id: CompanyId,
        tenant_ref: TenantRef,
    ) -> Result<Vec<ContractDetails>, OfficeError> {
        self.store
            .run(move |repo| {
                company(repo, company_id)?;
                let tenant = tenant(repo, company_id, &tenant_ref)?;
                Ok(repo.contracts_of_tenant(company_id, tenant.id)?)
            })
            .await
    }
}
