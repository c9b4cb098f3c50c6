//! Tenants' sessions, from the back office.

use storegister_company::CompanyRepository;
use storegister_contact_book::ContactBookRepository;
use storegister_kernel::{CompanyId, Store};

use super::{OfficeError, OfficeService, TenantRef, company, tenant};
use crate::session::SessionRepository;

impl<S> OfficeService<S>
where
    S: Store,
    S::Repo: CompanyRepository + ContactBookRepository + SessionRepository,
{
    /// Ends every live session of a tenant (all its tokens stop working on every process); how
    /// many.
    pub async fn revoke_sessions(
        &self,
        company_id: CompanyId,
        tenant_ref: TenantRef,
    ) -> Result<usize, OfficeError> {
        let now = self.clock.now().naive_utc();
        self.store
            .run(move |repo| {
                company(repo, company_id)?;
                let tenant = tenant(repo, company_id, &tenant_ref)?;
                Ok(repo.end_sessions(company_id, tenant.id, None, now)?)
            })
            .await
    }
}
