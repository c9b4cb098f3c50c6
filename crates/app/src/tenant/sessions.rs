//! The tenant's own sessions: logging out, listing them, ending the others.

use storegister_contact_book::ContactBookRepository;
use storegister_kernel::Store;
use uuid::Uuid;

use super::TenantService;
use crate::credential::CredentialRepository;
use crate::error::TenantError;
use crate::session::{Session, SessionRepository, StoredSession, authorize};

/// A live session as its tenant sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionInfo {
    /// The session.
    pub session: StoredSession,
    /// Whether it is the one the request came with.
    pub current: bool,
}

impl<S, H> TenantService<S, H>
where
    S: Store,
    S::Repo: ContactBookRepository + CredentialRepository + SessionRepository,
{
    /// Ends the session the request came with (its token stops working on every process);
    /// the session's id.
    pub async fn logout(&self, session: Session) -> Result<Uuid, TenantError> {
        let now = self.ports.clock.now().naive_utc();
        self.ports
            .store
            .run(move |repo| {
                authorize(repo, &session, now)?;
                repo.end_session(
                    session.company_id,
                    session.contact_id,
                    session.session_id,
                    now,
                )?;
                Ok(session.session_id)
            })
            .await
    }

    /// The tenant's live sessions, newest first, the current one marked.
    pub async fn sessions(&self, session: Session) -> Result<Vec<SessionInfo>, TenantError> {
        let now = self.ports.clock.now().naive_utc();
        self.ports
            .store
            .run(move |repo| {
                authorize(repo, &session, now)?;
                let live = repo.live_sessions(session.company_id, session.contact_id, now)?;
                Ok(live
                    .into_iter()
                    .map(|stored| SessionInfo {
                        current: stored.id == session.session_id,
                        session: stored,
                    })
                    .collect())
            })
            .await
    }

    /// Ends every live session of the tenant but the current one; how many.
    pub async fn end_other_sessions(&self, session: Session) -> Result<usize, TenantError> {
        let now = self.ports.clock.now().naive_utc();
        self.ports
            .store
            .run(move |repo| {
                authorize(repo, &session, now)?;
                Ok(repo.end_sessions(
                    session.company_id,
                    session.contact_id,
                    Some(session.session_id),
                    now,
                )?)
            })
            .await
    }
}
