//! Folding stored identities (contacts' e-mail addresses and user names) into their current
//! normal form, once, after the schema migrations.
//!
//! Addresses are compared in a normal form stored beside them under a unique key
//! (`contact_book::normalize_email`). When that form changes (it gained Unicode NFKC), rows
//! stored before must be folded again, which SQL alone cannot do on SQLite. Two rows that fold
//! into one identity are a collision: they are left exactly as they are (nothing is merged or
//! lost) and reported, for an operator to resolve.

use std::collections::HashMap;

use chrono::Utc;
use diesel::prelude::*;
use storegister_contact_book::normalize_email;
use uuid::Uuid;

use crate::connection::DbConnection;
use crate::schema::{contact_books, credentials, data_migrations};
use crate::types::DbUuid;

/// The name this fold is recorded under in `data_migrations`.
pub const FOLD_NFKC: &str = "fold-identities-nfkc";

/// What a fold did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FoldReport {
    /// Whether it ran now (false: recorded as done before).
    pub ran: bool,
    /// Contacts and credentials whose stored form was updated.
    pub folded: usize,
    /// Groups of contacts of one company whose addresses (or user names) fold into one: left
    /// unchanged.
    pub collisions: Vec<Vec<Uuid>>,
}

/// Folds every stored identity into the current normal form, unless done before.
pub fn fold(conn: &mut DbConnection) -> QueryResult<FoldReport> {
    let done = data_migrations::table
        .find(FOLD_NFKC)
        .select(data_migrations::name)
        .get_result::<String>(conn)
        .optional()?;
    if done.is_some() {
        return Ok(FoldReport::default());
    }
    let mut report = FoldReport {
        ran: true,
        ..FoldReport::default()
    };

    let contacts: Vec<(DbUuid, DbUuid, String, String)> = contact_books::table
        .select((
            contact_books::id,
            contact_books::company_id,
            contact_books::email,
            contact_books::email_normalized,
        ))
        .load(conn)?;
    let changes = plan(
        contacts
            .into_iter()
            .map(|(id, company, email, stored)| (id.0, company.0, normalize_email(&email), stored)),
        &mut report,
    );
    for (id, folded) in changes {
        diesel::update(contact_books::table.find(DbUuid(id)))
            .set(contact_books::email_normalized.eq(folded))
            .execute(conn)?;
        report.folded += 1;
    }

    let logins: Vec<(DbUuid, DbUuid, String)> = credentials::table
        .select((
            credentials::contact_id,
            credentials::company_id,
            credentials::user_name,
        ))
        .load(conn)?;
    let changes = plan(
        logins
            .into_iter()
            .map(|(id, company, stored)| (id.0, company.0, normalize_email(&stored), stored)),
        &mut report,
    );
    for (id, folded) in changes {
        diesel::update(credentials::table.filter(credentials::contact_id.eq(DbUuid(id))))
            .set(credentials::user_name.eq(folded))
            .execute(conn)?;
        report.folded += 1;
    }

    // a second process folding at the same time records it first: the same result
    let _ = diesel::insert_into(data_migrations::table)
        .values((
            data_migrations::name.eq(FOLD_NFKC),
            data_migrations::applied_at.eq(Utc::now().naive_utc()),
        ))
        .execute(conn);
    Ok(report)
}

/// The rows (id, company, folded form, stored form) to update: those whose folded form differs
/// from the stored one and is nobody else's in the company; the others are collisions.
fn plan(
    rows: impl Iterator<Item = (Uuid, Uuid, String, String)>,
    report: &mut FoldReport,
) -> Vec<(Uuid, String)> {
    let rows: Vec<_> = rows.collect();
    let mut owners: HashMap<(Uuid, &str), Vec<Uuid>> = HashMap::new();
    for (id, company, folded, _) in &rows {
        owners.entry((*company, folded)).or_default().push(*id);
    }
    let mut changes = Vec::new();
    for (id, company, folded, stored) in &rows {
        if folded == stored {
            continue;
        }
        match owners.get(&(*company, folded.as_str())) {
            Some(ids) if ids.len() > 1 => {
                if !report.collisions.contains(ids) {
                    report.collisions.push(ids.clone());
                }
            }
            _ => changes.push((*id, folded.clone())),
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colliding_identities_are_reported_and_the_others_folded() {
        let company = Uuid::new_v4();
        let (dupe, twin, alone, fine) = (
            Uuid::new_v4(),
            Uuid::new_v4(),
            Uuid::new_v4(),
            Uuid::new_v4(),
        );
        let row =
            |id, folded: &str, stored: &str| (id, company, folded.to_owned(), stored.to_owned());
        let mut report = FoldReport::default();
        let changes = plan(
            [
                row(dupe, "dupe@example.com", "\u{ff44}upe@example.com"),
                row(twin, "dupe@example.com", "dupe@example.com"),
                row(alone, "abc@example.com", "\u{ff41}bc@example.com"),
                row(fine, "fine@example.com", "fine@example.com"),
            ]
            .into_iter(),
            &mut report,
        );
        assert_eq!(changes, vec![(alone, "abc@example.com".to_owned())]);
        assert_eq!(report.collisions, vec![vec![dupe, twin]]);
    }
}
