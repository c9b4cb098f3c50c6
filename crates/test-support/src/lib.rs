//! Test helpers shared by the crates' test suites.
//!
//! Every test gets a database of its own, so the suite runs in parallel:
//! - SQLite: a fresh file in a temporary folder, removed afterwards;
//! - PostgreSQL: a fresh schema in the database named by `TEST_DATABASE_URL`, dropped
//!   afterwards (the connection URL sets `search_path` to it).
//!
//! [`db_tests!`] and [`api_tests!`] turn one test function into a SQLite test and a PostgreSQL
//! test. Without `TEST_DATABASE_URL` the PostgreSQL variant is reported as ignored (the crates
//! using the macros include `build/postgres_cfg.rs` in their build scripts), except under
//! `CI=true`, where it runs and fails.

#![allow(clippy::expect_used)] // a test helper that cannot set up must stop the test

use std::path::PathBuf;

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use secrecy::ExposeSecret;
use storegister_auth::api_key;
use storegister_company::{ApiKey, Company, CompanyRepository};
use storegister_kernel::CompanyId;
use storegister_persistence::{Database, PoolOptions};

/// The environment variable naming the PostgreSQL database tests may create schemas in.
pub const TEST_DATABASE_URL: &str = "TEST_DATABASE_URL";

/// Which backend a test database is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A SQLite file.
    Sqlite,
    /// A schema in PostgreSQL.
    Postgres,
}

/// A database of one test's own, removed when dropped.
pub struct TestDb {
    /// The URL the code under test connects to.
    pub url: String,
    /// The backend.
    pub kind: Kind,
    folder: tempfile::TempDir,
    postgres: Option<(String, String)>,
}

impl TestDb {
    /// A fresh SQLite database file (not yet migrated).
    pub fn sqlite() -> Self {
        let folder = tempfile::tempdir().expect("temporary folder");
        let path: PathBuf = folder.path().join("storegister.db");
        Self {
            url: path.to_string_lossy().into_owned(),
            kind: Kind::Sqlite,
            folder,
            postgres: None,
        }
    }

    /// A fresh PostgreSQL schema (not yet migrated), or `None` when no PostgreSQL is
    /// configured outside CI.
    ///
    /// # Panics
    /// Under `CI=true` when `TEST_DATABASE_URL` is unset, and whenever the server cannot be
    /// reached: a test that needs PostgreSQL fails rather than passing unseen.
    pub fn postgres() -> Option<Self> {
        let base = match std::env::var(TEST_DATABASE_URL) {
            Ok(url) if !url.trim().is_empty() => url,
            _ if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") => {
                panic!("{TEST_DATABASE_URL} must be set in CI: the PostgreSQL tests cannot run")
            }
            _ => {
                eprintln!("note: {TEST_DATABASE_URL} is not set; skipping the PostgreSQL variant");
                return None;
            }
        };
        let schema = format!("test_{}", uuid::Uuid::new_v4().simple());
        let mut admin = PgConnection::establish(&base)
            .unwrap_or_else(|e| panic!("cannot reach PostgreSQL at {TEST_DATABASE_URL}: {e}"));
        admin
            .batch_execute(&format!("CREATE SCHEMA {schema}"))
            .expect("create a test schema");
        let separator = if base.contains('?') { '&' } else { '?' };
        Some(Self {
            url: format!("{base}{separator}options=-csearch_path%3D{schema}"),
            kind: Kind::Postgres,
            folder: tempfile::tempdir().expect("temporary folder"),
            postgres: Some((base, schema)),
        })
    }

    /// A migrated pool on this database.
    pub fn open(&self) -> Database {
        Database::open(&self.url, PoolOptions::default()).expect("open the test database")
    }

    /// A temporary folder of this test's own (uploaded files, for example), removed with it.
    pub fn scratch(&self) -> &std::path::Path {
        self.folder.path()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((base, schema)) = &self.postgres
            && let Ok(mut admin) = PgConnection::establish(base)
        {
            let _ = admin.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
        }
    }
}

/// A company with one API key, made through the same repositories the admin command uses.
pub struct Tenancy {
    /// The company.
    pub company: CompanyId,
    /// The plain API key.
    pub api_key: String,
}

/// Creates a company (currency EUR) and an API key for it, through the repositories.
pub fn create_company(database: &Database, name: &str) -> Tenancy {
    create_company_in(database, name, "EUR")
}

/// Creates a company with this ISO 4217 currency and an API key for it.
pub fn create_company_in(database: &Database, name: &str, currency: &str) -> Tenancy {
    let now = chrono::Utc::now().naive_utc();
    let company = Company::new(name, currency.parse().expect("a currency"), now).expect("company");
    let mut repo = database.repo().expect("repo");
    repo.insert_company(&company).expect("insert company");
    let generated = api_key::generate().expect("an API key");
    let key = ApiKey {
        id: uuid::Uuid::new_v4(),
        company_id: company.id,
        name: "test".into(),
        prefix: generated.prefix,
        digest: generated.digest,
        created_at: now,
        revoked_at: None,
    };
    repo.insert_api_key(&key).expect("insert an API key");
    Tenancy {
        company: company.id,
        api_key: generated.secret.expose_secret().to_owned(),
    }
}

/// Runs a synchronous test function `fn(&TestDb)` once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! db_tests {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[test]
                fn sqlite() {
                    super::$name(&$crate::TestDb::sqlite());
                }

                #[test]
                #[cfg_attr(storegister_no_postgres, ignore = "TEST_DATABASE_URL is not set")]
                fn postgres() {
                    if let Some(db) = $crate::TestDb::postgres() {
                        super::$name(&db);
                    }
                }
            }
        )*
    };
}

/// Runs an async test function `async fn(TestDb)` once on SQLite and once on PostgreSQL, on
/// the actix runtime.
#[macro_export]
macro_rules! api_tests {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[::actix_web::test]
                async fn sqlite() {
                    super::$name($crate::TestDb::sqlite()).await;
                }

                #[::actix_web::test]
                #[cfg_attr(storegister_no_postgres, ignore = "TEST_DATABASE_URL is not set")]
                async fn postgres() {
                    if let Some(db) = $crate::TestDb::postgres() {
                        super::$name(db).await;
                    }
                }
            }
        )*
    };
}
