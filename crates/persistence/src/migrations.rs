//! The schema migrations of both backends, embedded in the binary.
//!
//! The two folders (`migrations/postgres`, `migrations/sqlite`) describe the same schema; a
//! test runs both up, down and up again.

use diesel::connection::SimpleConnection;
use diesel::migration::MigrationVersion;
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

/// Applies every pending migration, then the data migrations done in code (see
/// [`identities`](crate::identities)); returns the versions applied (empty when up to date).
pub fn run(conn: &mut DbConnection) -> Result<Vec<String>, MigrationError> {
    let applied = run_schema(conn)?;
    let report = crate::identities::fold(conn).map_err(failed)?;
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

fn run_schema(conn: &mut DbConnection) -> Result<Vec<String>, MigrationError> {
    match conn {
        DbConnection::Pg(pg) => {
            pg.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK})"))
                .map_err(failed)?;
            let applied = pg.run_pending_migrations(POSTGRES).map(versions);
            let unlocked =
                pg.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})"));
            let applied = applied.map_err(failed)?;
            unlocked.map_err(failed)?;
            Ok(applied)
        }
        DbConnection::Sqlite(sqlite) => {
            // SQLite has no advisory locks: an exclusive transaction around the whole run makes
            // a second process wait, then find nothing pending
            sqlite
                .exclusive_transaction(|conn| {
                    conn.run_pending_migrations(SQLITE)
                        .map(versions)
                        .map_err(Failure::Migration)
                })
                .map_err(failed)
        }
    }
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
