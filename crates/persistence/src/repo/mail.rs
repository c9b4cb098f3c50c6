use chrono::NaiveDateTime;
use diesel::prelude::*;
use storegister_app::{Mail, MailOutbox, QueuedMail};
use storegister_kernel::{CompanyId, StoreError};
use uuid::Uuid;

use super::Repo;
use crate::error::store_error;
use crate::schema::mail_outbox;
use crate::types::DbUuid;

/// The longest error kept with a failed try.
const ERROR_MAX_CHARS: usize = 500;

impl MailOutbox for Repo {
    fn queue_mail(&mut self, mail: &Mail) -> Result<(), StoreError> {
        diesel::insert_into(mail_outbox::table)
            .values((
                mail_outbox::id.eq(DbUuid(mail.id)),
                mail_outbox::company_id.eq(DbUuid(mail.company_id.uuid())),
                mail_outbox::to_address.eq(&mail.to),
                mail_outbox::subject.eq(&mail.subject),
                mail_outbox::body_text.eq(&mail.text),
                mail_outbox::created_at.eq(mail.created_at),
                mail_outbox::next_attempt_at.eq(mail.created_at),
                mail_outbox::attempts.eq(0),
            ))
            .execute(&mut self.conn.db)
            .map_err(store_error)?;
        metrics::counter!("storegister_mails_queued_total").increment(1);
        Ok(())
    }

    fn due_mails(
        &mut self,
        now: NaiveDateTime,
        limit: usize,
    ) -> Result<Vec<QueuedMail>, StoreError> {
        let rows: Vec<(DbUuid, DbUuid, String, String, String, NaiveDateTime, i32)> =
            mail_outbox::table
                .filter(mail_outbox::sent_at.is_null())
                .filter(mail_outbox::failed_at.is_null())
                .filter(mail_outbox::next_attempt_at.le(now))
                .filter(
                    mail_outbox::claimed_until
                        .is_null()
                        .or(mail_outbox::claimed_until.lt(now)),
                )
                .order((mail_outbox::next_attempt_at.asc(), mail_outbox::id.asc()))
                .limit(i64::try_from(limit).unwrap_or(i64::MAX))
                .select((
                    mail_outbox::id,
                    mail_outbox::company_id,
                    mail_outbox::to_address,
                    mail_outbox::subject,
                    mail_outbox::body_text,
                    mail_outbox::created_at,
                    mail_outbox::attempts,
                ))
                .load(&mut self.conn.db)
                .map_err(store_error)?;
        Ok(rows
            .into_iter()
            .map(
                |(id, company, to, subject, text, created_at, attempts)| QueuedMail {
                    mail: Mail {
                        id: id.0,
                        company_id: CompanyId(company.0),
                        to,
                        subject,
                        text,
                        created_at,
                    },
                    attempts: u32::try_from(attempts).unwrap_or(0),
                },
            )
            .collect())
    }

    fn claim_mail(
        &mut self,
        id: Uuid,
        claimer: Uuid,
        until: NaiveDateTime,
        now: NaiveDateTime,
    ) -> Result<bool, StoreError> {
        // the WHERE clause is the claim: of two processes claiming at once, one updates
        diesel::update(
            mail_outbox::table
                .filter(mail_outbox::id.eq(DbUuid(id)))
                .filter(mail_outbox::sent_at.is_null())
                .filter(mail_outbox::failed_at.is_null())
                .filter(
                    mail_outbox::claimed_until
                        .is_null()
                        .or(mail_outbox::claimed_until.lt(now)),
                ),
        )
        .set((
            mail_outbox::claimed_by.eq(Some(DbUuid(claimer))),
            mail_outbox::claimed_until.eq(Some(until)),
        ))
        .execute(&mut self.conn.db)
        .map(|n| n == 1)
        .map_err(store_error)
    }

    fn mark_mail_sent(
        &mut self,
        id: Uuid,
        claimer: Uuid,
        at: NaiveDateTime,
    ) -> Result<(), StoreError> {
        diesel::update(
            mail_outbox::table
                .filter(mail_outbox::id.eq(DbUuid(id)))
                .filter(mail_outbox::claimed_by.eq(Some(DbUuid(claimer)))),
        )
        .set((
            mail_outbox::sent_at.eq(Some(at)),
            mail_outbox::claimed_until.eq(None::<NaiveDateTime>),
        ))
        .execute(&mut self.conn.db)
        .map(drop)
        .map_err(store_error)
    }

    fn mark_mail_failed(
        &mut self,
        id: Uuid,
        claimer: Uuid,
        retry_at: Option<NaiveDateTime>,
        error: &str,
        at: NaiveDateTime,
    ) -> Result<(), StoreError> {
        let error: String = error.chars().take(ERROR_MAX_CHARS).collect();
        let mine = mail_outbox::table
            .filter(mail_outbox::id.eq(DbUuid(id)))
            .filter(mail_outbox::claimed_by.eq(Some(DbUuid(claimer))));
        let updated = match retry_at {
            Some(retry_at) => diesel::update(mine)
                .set((
                    mail_outbox::attempts.eq(mail_outbox::attempts + 1),
                    mail_outbox::next_attempt_at.eq(retry_at),
                    mail_outbox::claimed_until.eq(None::<NaiveDateTime>),
                    mail_outbox::last_error.eq(Some(error)),
                ))
                .execute(&mut self.conn.db),
            None => diesel::update(mine)
                .set((
                    mail_outbox::attempts.eq(mail_outbox::attempts + 1),
                    mail_outbox::failed_at.eq(Some(at)),
                    mail_outbox::claimed_until.eq(None::<NaiveDateTime>),
                    mail_outbox::last_error.eq(Some(error)),
                ))
                .execute(&mut self.conn.db),
        };
        updated.map(drop).map_err(store_error)
    }
}
