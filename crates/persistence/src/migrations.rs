//! The schema migrations of both backends, embedded in the binary.
//!
//! The two folders (`migrations/postgres`, `migrations/sqlite`) describe the same schema; a
//! test runs both up, down and up again.

use std::time::{Duration, Instant};

use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::migration::MigrationVersion;
use diesel::prelude::*;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use storegister_kernel::Cause;

use crate::connection::DbConnection;

const POSTGRES: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");
const SQLITE: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");

/// An arbitrary constant naming our advisory lock: every process migrating one PostgreSQL
/// database takes the same lock, so two starting together migrate one after the other.
const MIGRATION_LOCK: i64 = 0x5354_4f52_4547_0001;

/// Why migrations failed; the cause is kept.
#[derive(Debug, thiserror::Error)]
#[error("database migrations failed")]
pub struct MigrationError(#[source] Cause);

fn failed(error: impl Into<Cause>) -> MigrationError {
    MigrationError(error.into())
}

/// How long a process waits for another one's migration, and how often it looks again.
#[derive(Clone, Copy, Debug)]
pub struct LockWait {
    /// The longest wait before giving up.
    pub timeout: Duration,
    /// The pause between two tries.
    pub retry: Duration,
}

impl Default for LockWait {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(60),
            retry: Duration::from_millis(250),
        }
    }
}

/// Applies every pending migration, then the data migrations done in code (see
/// [`identities`](crate::identities)), all in one transaction; returns the versions applied
/// (empty when up to date).
///
/// On PostgreSQL the transaction first takes a transaction-scoped advisory lock
/// (`pg_try_advisory_xact_lock`), so processes starting together migrate one after the other,
/// the lock ends with the transaction whatever happens (also through pgbouncer in
/// transaction mode, where a session-level lock would stay on a pooled server connection),
/// and a process that finds it taken logs that it waits and tries again until `wait.timeout`.
pub fn run(conn: &mut DbConnection, wait: LockWait) -> Result<Vec<String>, MigrationError> {
    let started = Instant::now();
    let mut waiting_logged = false;
    let (applied, report) = loop {
        match run_locked(conn) {
            Ok(Some(done)) => break done,
            Ok(None) if started.elapsed() < wait.timeout => {
                if !waiting_logged {
                    log::info!("another process is migrating the database: waiting for it");
                    waiting_logged = true;
                }
                std::thread::sleep(wait.retry);
            }
            Ok(None) => return Err(failed(LockTimeout(wait.timeout))),
            Err(error) => return Err(failed(error)),
        }
    };
    if report.ran {
        log::info!(
            "stored e-mail addresses and user names folded into their normal form: {} updated",
            report.folded
        );
    }
    for contacts in &report.collisions {
        let ids: Vec<String> = contacts.iter().map(ToString::to_string).collect();
        log::warn!(
            "contacts {} of one company have addresses or user names that are one identity \
             once folded; left unchanged: merge or correct them",
            ids.join(", ")
        );
    }
    Ok(applied)
}

/// Another process held the migration lock for too long.
#[derive(Debug, thiserror::Error)]
#[error("another process held the migration lock for more than {0:?}")]
struct LockTimeout(Duration);

/// One try: `None` when another process holds the lock.
fn run_locked(conn: &mut DbConnection) -> Result<Option<Done>, Failure> {
    match conn {
        DbConnection::Pg(pg) => AnsiTransactionManager::begin_transaction(pg)?,
        // SQLite has no advisory locks: an exclusive transaction around the whole run makes a
        // second process wait (its busy timeout), then find nothing pending
        DbConnection::Sqlite(sqlite) => {
            AnsiTransactionManager::begin_transaction_sql(sqlite, "BEGIN EXCLUSIVE")?
        }
    }
    let outcome = migrate_and_fold(conn);
    let end = match (&outcome, &mut *conn) {
        (Ok(Some(_)), DbConnection::Pg(pg)) => AnsiTransactionManager::commit_transaction(pg),
        (Ok(Some(_)), DbConnection::Sqlite(sqlite)) => {
            AnsiTransactionManager::commit_transaction(sqlite)
        }
        (_, DbConnection::Pg(pg)) => AnsiTransactionManager::rollback_transaction(pg),
        (_, DbConnection::Sqlite(sqlite)) => AnsiTransactionManager::rollback_transaction(sqlite),
    };
    let done = outcome?;
    end?;
    Ok(done)
}

/// The versions applied and what the fold did.
type Done = (Vec<String>, crate::identities::FoldReport);

/// Inside the transaction: the lock (PostgreSQL), the schema, the data migrations.
fn migrate_and_fold(conn: &mut DbConnection) -> Result<Option<Done>, Failure> {
    let applied = match conn {
        DbConnection::Pg(pg) => {
            let locked: bool = diesel::select(diesel::dsl::sql::<diesel::sql_types::Bool>(
                &format!("pg_try_advisory_xact_lock({MIGRATION_LOCK})"),
            ))
            .get_result(pg)?;
            if !locked {
                return Ok(None);
            }
            pg.run_pending_migrations(POSTGRES).map(versions)
        }
        DbConnection::Sqlite(sqlite) => sqlite.run_pending_migrations(SQLITE).map(versions),
    }
    .map_err(Failure::Migration)?;
    let report = crate::identities::fold(conn)?;
    let carried = crate::ledger::carry(conn).map_err(|e| Failure::Migration(e.into()))?;
    if carried.ran && carried.entries > 0 {
        log::info!(
            "payments carried into {} receipts; {} ledger entries written",
            carried.receipts,
            carried.entries
        );
    }
    Ok(Some((applied, report)))
}

/// Why a migration run inside a transaction failed.
#[derive(Debug, thiserror::Error)]
enum Failure {
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
    #[error("a migration failed")]
    Migration(#[source] Cause),
}

/// Reverts every applied migration (used by tests of the down path).
pub fn revert_all(conn: &mut DbConnection) -> Result<Vec<String>, MigrationError> {
    match conn {
        DbConnection::Pg(pg) => pg
            .revert_all_migrations(POSTGRES)
            .map(versions)
            .map_err(failed),
        DbConnection::Sqlite(sqlite) => sqlite
            .revert_all_migrations(SQLITE)
            .map(versions)
            .map_err(failed),
    }
}

/// Whether migrations are pending.
pub fn pending(conn: &mut DbConnection) -> Result<bool, MigrationError> {
    match conn {
        DbConnection::Pg(pg) => pg.has_pending_migration(POSTGRES).map_err(failed),
        DbConnection::Sqlite(sqlite) => sqlite.has_pending_migration(SQLITE).map_err(failed),
    }
}

fn versions(applied: Vec<MigrationVersion<'_>>) -> Vec<String> {
    applied.iter().map(ToString::to_string).collect()
}
