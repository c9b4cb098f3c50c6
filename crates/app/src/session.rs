//! Sessions: who a token speaks for, and the check every tenant request makes against the
//! store before it reads or writes anything.

use storegister_contact_book::{ContactBook, ContactBookRepository};
use storegister_kernel::{CompanyId, ContactId};
use uuid::Uuid;

use crate::credential::{Credential, CredentialRepository};
use crate::error::TenantError;

/// Who a session token speaks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Session {
    /// The tenant.
    pub contact_id: ContactId,
    /// The company whose API key the token was issued under.
    pub company_id: CompanyId,
    /// The tenant's security stamp when the token was issued; a password change rotates it,
    /// which revokes every earlier token.
    pub security_stamp: Uuid,
}

/// Checks a session against the store: the contact must exist ([`TenantError::NoRecords`])
/// and the token's security stamp must still be its credential's
/// ([`TenantError::TokenRevoked`]: a password change revokes earlier tokens).
pub fn authorize(
    repo: &mut (impl ContactBookRepository + CredentialRepository),
    session: &Session,
) -> Result<(ContactBook, Credential), TenantError> {
    let contact = repo
        .find_contact(session.company_id, session.contact_id)?
        .ok_or(TenantError::NoRecords)?;
    match repo.find_credential(session.company_id, session.contact_id)? {
        Some(credential) if credential.security_stamp == session.security_stamp => {
            Ok((contact, credential))
        }
        _ => Err(TenantError::TokenRevoked),
    }
}
