use chrono::NaiveDateTime;
use diesel::prelude::*;
use storegister_app::{SessionCheck, SessionRepository, StoredSession};
use storegister_contact_book::ContactBook;
use storegister_kernel::{CompanyId, ContactId, StoreError};
use uuid::Uuid;

use super::Repo;
use crate::error::store_error;
use crate::rows::ContactRow;
use crate::schema::{contact_books, credentials, sessions};
use crate::types::DbUuid;

/// A row of `sessions`.
#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = sessions)]
struct SessionRow {
    id: DbUuid,
    company_id: DbUuid,
    contact_id: DbUuid,
    created_at: NaiveDateTime,
    last_used_at: NaiveDateTime,
    expires_at: NaiveDateTime,
    ended_at: Option<NaiveDateTime>,
    user_agent: Option<String>,
}

impl From<SessionRow> for StoredSession {
    fn from(row: SessionRow) -> Self {
        Self {
            id: row.id.0,
            company_id: CompanyId(row.company_id.0),
            contact_id: ContactId(row.contact_id.0),
            created_at: row.created_at,
            last_used_at: row.last_used_at,
            expires_at: row.expires_at,
            ended_at: row.ended_at,
            user_agent: row.user_agent,
        }
    }
}

impl From<&StoredSession> for SessionRow {
    fn from(s: &StoredSession) -> Self {
        Self {
            id: DbUuid(s.id),
            company_id: DbUuid(s.company_id.uuid()),
            contact_id: DbUuid(s.contact_id.uuid()),
            created_at: s.created_at,
            last_used_at: s.last_used_at,
            expires_at: s.expires_at,
            ended_at: s.ended_at,
            user_agent: s.user_agent.clone(),
        }
    }
}

/// The sessions of one tenant.
macro_rules! of_tenant {
    ($company:expr, $contact:expr) => {
        sessions::table
            .filter(sessions::contact_id.eq(DbUuid($contact.uuid())))
            .filter(sessions::company_id.eq(DbUuid($company.uuid())))
    };
}

impl SessionRepository for Repo {
    fn insert_session(&mut self, session: &StoredSession) -> Result<(), StoreError> {
        diesel::insert_into(sessions::table)
            .values(SessionRow::from(session))
            .execute(&mut self.conn.db)
            .map(drop)
            .map_err(store_error)
    }

    fn find_session(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        id: Uuid,
    ) -> Result<Option<StoredSession>, StoreError> {
        of_tenant!(company, contact)
            .filter(sessions::id.eq(DbUuid(id)))
            .select(SessionRow::as_select())
            .get_result(&mut self.conn.db)
            .optional()
            .map(|row| row.map(StoredSession::from))
            .map_err(store_error)
    }

    fn find_authorized(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        id: Uuid,
    ) -> Result<Option<(ContactBook, SessionCheck)>, StoreError> {
        let tenant = DbUuid(contact.uuid());
        // only the columns the check uses: the password hash and the rest of the credential
        // and session rows cost every request their transfer and decoding
        let row: Option<(
            ContactRow,
            DbUuid,
            NaiveDateTime,
            NaiveDateTime,
            Option<NaiveDateTime>,
            i64,
        )> = super::on_backend!(&mut self.conn.db, |conn| contact_books::table
            .inner_join(credentials::table.on(credentials::contact_id.eq(contact_books::id)))
            .inner_join(sessions::table.on(sessions::contact_id.eq(contact_books::id)))
            .filter(contact_books::id.eq(tenant))
            .filter(contact_books::company_id.eq(DbUuid(company.uuid())))
            .filter(sessions::id.eq(DbUuid(id)))
            .select((
                ContactRow::as_select(),
                credentials::security_stamp,
                sessions::last_used_at,
                sessions::expires_at,
                sessions::ended_at,
                contact_books::records_version,
            ))
            .get_result(conn)
            .optional())
        .map_err(store_error)?;
        Ok(row.map(
            |(contact, security_stamp, last_used_at, expires_at, ended_at, records_version)| {
                (
                    ContactBook::from(contact),
                    SessionCheck {
                        security_stamp: security_stamp.0,
                        last_used_at,
                        expires_at,
                        ended_at,
                        records_version,
                    },
                )
            },
        ))
    }

    fn touch_session(&mut self, id: Uuid, at: NaiveDateTime) -> Result<(), StoreError> {
        diesel::update(sessions::table.filter(sessions::id.eq(DbUuid(id))))
            .set(sessions::last_used_at.eq(at))
            .execute(&mut self.conn.db)
            .map(drop)
            .map_err(store_error)
    }

    fn end_sessions(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        keep: Option<Uuid>,
        at: NaiveDateTime,
    ) -> Result<usize, StoreError> {
        let live = of_tenant!(company, contact)
            .filter(sessions::ended_at.is_null())
            .filter(sessions::expires_at.gt(at));
        let ended = match keep {
            Some(keep) => diesel::update(live.filter(sessions::id.ne(DbUuid(keep))))
                .set(sessions::ended_at.eq(Some(at)))
                .execute(&mut self.conn.db),
            None => diesel::update(live)
                .set(sessions::ended_at.eq(Some(at)))
                .execute(&mut self.conn.db),
        };
        ended.map_err(store_error)
    }

    fn end_session(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        id: Uuid,
        at: NaiveDateTime,
    ) -> Result<bool, StoreError> {
        diesel::update(
            of_tenant!(company, contact)
                .filter(sessions::id.eq(DbUuid(id)))
                .filter(sessions::ended_at.is_null()),
        )
        .set(sessions::ended_at.eq(Some(at)))
        .execute(&mut self.conn.db)
        .map(|n| n == 1)
        .map_err(store_error)
    }

    fn live_sessions(
        &mut self,
        company: CompanyId,
        contact: ContactId,
        now: NaiveDateTime,
    ) -> Result<Vec<StoredSession>, StoreError> {
        of_tenant!(company, contact)
            .filter(sessions::ended_at.is_null())
            .filter(sessions::expires_at.gt(now))
            .order((sessions::created_at.desc(), sessions::id.desc()))
            .select(SessionRow::as_select())
            .load(&mut self.conn.db)
            .map(|rows| rows.into_iter().map(StoredSession::from).collect())
            .map_err(store_error)
    }

    fn prune_sessions(&mut self, before: NaiveDateTime) -> Result<usize, StoreError> {
        diesel::delete(
            sessions::table.filter(
                sessions::expires_at
                    .lt(before)
                    .or(sessions::ended_at.lt(before)),
            ),
        )
        .execute(&mut self.conn.db)
        .map_err(store_error)
    }
}
