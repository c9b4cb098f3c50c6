//! Sessions: who a token speaks for, the session row every token names (claim `sid`), and
//! the check every tenant request makes against the store before it reads or writes anything.
//!
//! A request is served only while its session is live: logout ends one, a password change
//! ends the tenant's others, an operator can end them all. Kept in the database, so every
//! process sees an ended session at once.

use chrono::{NaiveDateTime, TimeDelta};
use storegister_contact_book::{ContactBook, ContactBookRepository};
use storegister_kernel::{CompanyId, ContactId, StoreError};
use uuid::Uuid;

use crate::credential::CredentialRepository;
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
    /// The stored session the token belongs to.
    pub session_id: Uuid,
}

/// Checks a session against the store at `now`: the contact must exist
/// ([`TenantError::NoRecords`]), the token's security stamp must still be its credential's,
/// and its stored session must be live ([`TenantError::TokenRevoked`] otherwise). Notes the
/// session's use, coarsely. Returns the tenant's contact.
pub fn authorize(
    repo: &mut (impl ContactBookRepository + CredentialRepository + SessionRepository),
    session: &Session,
    now: NaiveDateTime,
) -> Result<ContactBook, TenantError> {
    // the common case in one read: the contact with only what the check needs of its
    // credential and session
    if let Some((contact, check)) =
        repo.find_authorized(session.company_id, session.contact_id, session.session_id)?
        && accepts(repo, session, &check, now)?
    {
        return Ok(contact);
    }
    // refused: read again, one by one, to say why
    let contact = repo
        .find_contact(session.company_id, session.contact_id)?
        .ok_or(TenantError::NoRecords)?;
    match repo.find_credential(session.company_id, session.contact_id)? {
        Some(credential) if credential.security_stamp == session.security_stamp => {}
        _ => return Err(TenantError::TokenRevoked),
    }
    let stored = repo
        .find_session(session.company_id, session.contact_id, session.session_id)?
        .filter(|stored| stored.is_live(now))
        .ok_or(TenantError::TokenRevoked)?;
    if now - stored.last_used_at >= TimeDelta::seconds(LAST_USED_GRANULARITY_SECONDS) {
        repo.touch_session(stored.id, now)?;
    }
    Ok(contact)
}

/// Whether a check read with the tenant's contact accepts the token at `now` (stamp current,
/// session live); notes the session's use, coarsely, when it does.
pub(crate) fn accepts(
    repo: &mut impl SessionRepository,
    session: &Session,
    check: &SessionCheck,
    now: NaiveDateTime,
) -> Result<bool, TenantError> {
    if check.security_stamp != session.security_stamp || !check.is_live(now) {
        return Ok(false);
    }
    if now - check.last_used_at >= TimeDelta::seconds(LAST_USED_GRANULARITY_SECONDS) {
        repo.touch_session(session.session_id, now)?;
    }
    Ok(true)
}

/// What checking a token needs of its tenant's credential and session: read with the contact
/// in one narrow row (no password hash, nothing else the check does not use).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct SessionCheck {
    /// The credential's current security stamp.
    pub security_stamp: Uuid,
    /// When a request last used the session (coarse).
    pub last_used_at: NaiveDateTime,
    /// When the session's token expires.
    pub expires_at: NaiveDateTime,
    /// When the session was ended, if it was.
    pub ended_at: Option<NaiveDateTime>,
    /// The tenant's records version: raised by every write to its contracts, invoices or
    /// ledger and by a change to a unit or property it rents, so lists kept in memory at this
    /// number are still the tenant's.
    pub records_version: i64,
}

/// Without the security stamp, like the credential's.
impl std::fmt::Debug for SessionCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SessionCheck")
            .field("last_used_at", &self.last_used_at)
            .field("expires_at", &self.expires_at)
            .field("ended_at", &self.ended_at)
            .field("records_version", &self.records_version)
            .finish_non_exhaustive()
    }
}

impl SessionCheck {
    /// Whether requests may use the session at `now`.
    pub fn is_live(&self, now: NaiveDateTime) -> bool {
        self.ended_at.is_none() && self.expires_at > now
    }
}

/// How often a live session's `last_used_at` is written at most: the list shows it coarse,
/// and a write per request would cost every read.
pub const LAST_USED_GRANULARITY_SECONDS: i64 = 300;

/// The longest user agent kept with a session.
pub const USER_AGENT_MAX_CHARS: usize = 200;

/// A session as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredSession {
    /// Its id (the token's `sid`).
    pub id: Uuid,
    /// The tenant's company.
    pub company_id: CompanyId,
    /// The tenant.
    pub contact_id: ContactId,
    /// When it began (a login, a registration).
    pub created_at: NaiveDateTime,
    /// When a request last used it (coarse).
    pub last_used_at: NaiveDateTime,
    /// When its token expires.
    pub expires_at: NaiveDateTime,
    /// When it was ended (logout, password change, an operator), if it was.
    pub ended_at: Option<NaiveDateTime>,
    /// The client's `User-Agent` when it began, cut to [`USER_AGENT_MAX_CHARS`].
    pub user_agent: Option<String>,
}

impl StoredSession {
    /// Whether requests may use it at `now`.
    pub fn is_live(&self, now: NaiveDateTime) -> bool {
        self.ended_at.is_none() && self.expires_at > now
    }
}

/// A `User-Agent` as kept: trimmed, without control characters, cut; blank is none.
pub fn user_agent(header: Option<&str>) -> Option<String> {
    let kept: String = header?
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(USER_AGENT_MAX_CHARS)
        .collect();
    (!kept.is_empty()).then_some(kept)
}

/// Storage of sessions, scoped to one company.
pub trait SessionRepository {
    /// Stores a new session.
    fn insert_session(&mut self, session: &StoredSession) -> Result<(), StoreError>;

    /// A tenant's session by id, live or not.
    fn find_session(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        id: Uuid,
    ) -> Result<Option<StoredSession>, StoreError>;

    /// The tenant's contact with what checking its session needs of the credential and the
    /// session (live or not), in one read; `None` when any of them is missing.
    fn find_authorized(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        id: Uuid,
    ) -> Result<Option<(ContactBook, SessionCheck)>, StoreError>;

    /// Sets `last_used_at`.
    fn touch_session(&mut self, id: Uuid, at: NaiveDateTime) -> Result<(), StoreError>;

    /// Ends the tenant's live sessions, all of them or all but `keep`; how many.
    fn end_sessions(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        keep: Option<Uuid>,
        at: NaiveDateTime,
    ) -> Result<usize, StoreError>;

    /// Ends one live session of the tenant; whether it was live.
    fn end_session(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        id: Uuid,
        at: NaiveDateTime,
    ) -> Result<bool, StoreError>;

    /// The tenant's live sessions at `now`, newest first.
    fn live_sessions(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        now: NaiveDateTime,
    ) -> Result<Vec<StoredSession>, StoreError>;

    /// Deletes every session (of every company) that expired or ended before `before`; how
    /// many.
    fn prune_sessions(&mut self, before: NaiveDateTime) -> Result<usize, StoreError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_agents_are_trimmed_cleaned_and_cut() {
        assert_eq!(user_agent(None), None);
        assert_eq!(user_agent(Some("   ")), None);
        assert_eq!(
            user_agent(Some(" curl/8.5\u{7}.0 ")),
            Some("curl/8.5.0".to_owned())
        );
        assert_eq!(
            user_agent(Some(&"x".repeat(500))).map(|a| a.len()),
            Some(USER_AGENT_MAX_CHARS)
        );
    }
}
