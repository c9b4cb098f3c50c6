//! Contacts, from the back office: their enquiries.

use storegister_company::CompanyRepository;
use storegister_contact_book::{ContactBookRepository, Enquiry, EnquiryRepository};
use storegister_kernel::{CompanyId, Store};

use super::{OfficeError, OfficeService, TenantRef, company, tenant};

impl<S> OfficeService<S>
where
    S: Store,
    S::Repo: CompanyRepository + ContactBookRepository + EnquiryRepository,
{
    /// Every lead form posted for a contact's address, oldest first, as posted.
    pub async fn enquiries(
        &self,
        company_id: CompanyId,
        contact: TenantRef,
    ) -> Result<Vec<Enquiry>, OfficeError> {
        self.store
            .run(move |repo| {
                company(repo, company_id)?;
                let contact = tenant(repo, company_id, &contact)?;
                Ok(repo.enquiries_of(company_id, contact.id)?)
            })
            .await
    }
}
