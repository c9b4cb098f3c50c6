use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use diesel::connection::{SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::r2d2::{self, ManageConnection, Pool};
use storegister_kernel::{Chain, Store, StoreError};

use crate::migrations;
use crate::repo::Repo;

/// A connection to either database, chosen at run time.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    /// PostgreSQL, the production backend.
    Pg(PgConnection),
    /// SQLite, the embedded default.
    Sqlite(SqliteConnection),
}

/// Which database a URL points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Backend {
    /// A `postgres://` or `postgresql://` URL.
    Postgres(String),
    /// A SQLite database file.
    Sqlite(PathBuf),
}

impl Backend {
    /// Reads a database URL: `postgres://` or `postgresql://` is PostgreSQL; anything else is a
    /// SQLite file path, with an optional `sqlite://` or `sqlite:` prefix.
    pub fn from_url(url: &str) -> Self {
        let url = url.trim();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Backend::Postgres(url.to_owned());
        }
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .unwrap_or(url);
        Backend::Sqlite(PathBuf::from(path))
    }

    /// A short name for logs: `postgres` or `sqlite`.
    pub fn name(&self) -> &'static str {
        match self {
            Backend::Postgres(_) => "postgres",
            Backend::Sqlite(_) => "sqlite",
        }
    }

    /// Where the database is, without credentials, for logs.
    pub fn describe(&self) -> String {
        match self {
            Backend::Postgres(url) => {
                // drop user:password@ if present
                let rest = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
                let host = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
                format!("postgres://{host}")
            }
            Backend::Sqlite(path) => format!("sqlite file {}", path.display()),
        }
    }
}

/// Why the database could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    /// The SQLite file's folder could not be created.
    #[error("cannot create the folder {0}")]
    Folder(PathBuf, #[source] std::io::Error),
    /// No connection could be made.
    #[error("cannot connect to the database")]
    Connect(#[source] r2d2::PoolError),
    /// Migrations failed.
    #[error(transparent)]
    Migrate(#[from] migrations::MigrationError),
}

/// Why one connection could not be made or checked.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    /// Establishing failed.
    #[error(transparent)]
    Connection(#[from] diesel::ConnectionError),
    /// A set-up statement or the health check failed.
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
}

/// A pooled connection and when it was last known to work.
pub struct PooledDb {
    /// The connection.
    pub db: DbConnection,
    checked: Instant,
}

impl std::ops::Deref for PooledDb {
    type Target = DbConnection;

    fn deref(&self) -> &DbConnection {
        &self.db
    }
}

impl std::ops::DerefMut for PooledDb {
    fn deref_mut(&mut self) -> &mut DbConnection {
        &mut self.db
    }
}

/// How long a connection that answered counts as alive without asking again. Checking on every
/// checkout costs a round trip per request; checking at most once a second still replaces
/// connections a database restart broke within a second.
const TRUST_FOR: Duration = Duration::from_secs(1);

/// Makes connections for the pool; SQLite ones get WAL mode, a busy timeout and foreign keys.
#[derive(Debug)]
pub struct Manager {
    backend: Backend,
}

impl ManageConnection for Manager {
    type Connection = PooledDb;
    type Error = ConnectError;

    fn connect(&self) -> Result<PooledDb, ConnectError> {
        Ok(PooledDb {
            db: self.establish()?,
            checked: Instant::now(),
        })
    }

    fn is_valid(&self, conn: &mut PooledDb) -> Result<(), ConnectError> {
        if conn.checked.elapsed() < TRUST_FOR {
            return Ok(());
        }
        conn.db.batch_execute("SELECT 1")?;
        conn.checked = Instant::now();
        Ok(())
    }

    fn has_broken(&self, conn: &mut PooledDb) -> bool {
        // a connection left inside a transaction (a panic in a unit of work) is not reused
        <DbConnection as Connection>::TransactionManager::is_broken_transaction_manager(
            &mut conn.db,
        )
    }
}

impl Manager {
    fn establish(&self) -> Result<DbConnection, ConnectError> {
        match &self.backend {
            Backend::Postgres(url) => Ok(DbConnection::Pg(PgConnection::establish(url)?)),
            Backend::Sqlite(path) => {
                let mut conn = SqliteConnection::establish(&path.to_string_lossy())?;
                conn.batch_execute(
                    "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; \
                     PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;",
                )?;
                Ok(DbConnection::Sqlite(conn))
            }
        }
    }
}

/// Sizing of the connection pool.
#[derive(Clone, Copy, Debug)]
pub struct PoolOptions {
    /// The most connections held at once.
    pub max_size: u32,
    /// How long a request waits for a free connection before the store is "unavailable".
    pub acquire_timeout: Duration,
}

impl Default for PoolOptions {
    fn default() -> Self {
        Self {
            max_size: 10,
            acquire_timeout: Duration::from_secs(5),
        }
    }
}

/// The connection pool of one database; the `Store` every use case draws repositories from.
#[derive(Clone)]
pub struct Database {
    pool: Pool<Manager>,
    backend: Arc<Backend>,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database")
            .field("backend", &self.backend.describe())
            .finish_non_exhaustive()
    }
}

impl Database {
    /// Opens a pool on the database at `url` (creating a SQLite file's folder if needed) and
    /// brings its schema up to date.
    pub fn open(url: &str, options: PoolOptions) -> Result<Self, SetupError> {
        let database = Self::connect(url, options)?;
        let mut conn = database.pool.get().map_err(SetupError::Connect)?;
        migrations::run(&mut conn)?;
        Ok(database)
    }

    /// Opens a pool without touching the schema.
    pub fn connect(url: &str, options: PoolOptions) -> Result<Self, SetupError> {
        let backend = Backend::from_url(url);
        if let Backend::Sqlite(path) = &backend {
            create_parent(path)?;
        }
        let pool = Pool::builder()
            .max_size(options.max_size.max(1))
            .min_idle(Some(1))
            .connection_timeout(options.acquire_timeout)
            .error_handler(Box::new(r2d2::LoggingErrorHandler))
            .build(Manager {
                backend: backend.clone(),
            })
            .map_err(SetupError::Connect)?;
        Ok(Self {
            pool,
            backend: Arc::new(backend),
        })
    }

    /// The backend in use.
    pub fn backend(&self) -> &Backend {
        &self.backend
    }

    /// A pooled connection, for code outside the repository ports (migrations, health).
    pub fn connection(&self) -> Result<r2d2::PooledConnection<Manager>, StoreError> {
        self.pool
            .get()
            .map_err(|e| StoreError::Unavailable(e.into()))
    }

    /// A repository with a connection of its own, on the calling thread (for the admin
    /// command's bulk work and for tests; use cases go through [`Store::run`]).
    pub fn repo(&self) -> Result<Repo, StoreError> {
        Ok(Repo::new(self.connection()?))
    }

    /// Whether the database answers a trivial query, asked off the async workers.
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.run(|repo| {
            repo.connection()
                .batch_execute("SELECT 1")
                .map_err(|e| StoreError::Unavailable(e.into()))
        })
        .await
    }
}

impl Store for Database {
    type Repo = Repo;

    fn run<T, E, W>(&self, work: W) -> impl Future<Output = Result<T, E>> + Send
    where
        W: FnOnce(&mut Repo) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
    {
        let database = self.clone();
        async move {
            // the connection is taken inside the blocking task: an async worker never waits
            // for the pool
            let task = tokio::task::spawn_blocking(move || {
                let mut repo = database.repo()?;
                work(&mut repo)
            });
            match task.await {
                Ok(result) => result,
                Err(failed) => Err(E::from(StoreError::Failed(failed.into()))),
            }
        }
    }

    fn spawn<W>(&self, work: W) -> impl Future<Output = ()> + Send + 'static
    where
        W: FnOnce(&mut Repo) -> Result<(), StoreError> + Send + 'static,
    {
        let database = self.clone();
        let run = move || {
            let done = database.repo().and_then(|mut repo| work(&mut repo));
            if let Err(error) = done {
                log::warn!("background database work failed: {}", Chain(&error));
            }
        };
        let task = match tokio::runtime::Handle::try_current() {
            Ok(runtime) => Some(runtime.spawn_blocking(run)),
            // no runtime (a plain thread): do it here and now
            Err(_) => {
                run();
                None
            }
        };
        async move {
            if let Some(task) = task {
                let _ = task.await;
            }
        }
    }
}

fn create_parent(path: &Path) -> Result<(), SetupError> {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() && !parent.exists() => {
            std::fs::create_dir_all(parent).map_err(|e| SetupError::Folder(parent.to_owned(), e))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_choose_the_backend() {
        assert_eq!(
            Backend::from_url("postgres://u:p@db/x"),
            Backend::Postgres("postgres://u:p@db/x".into())
        );
        assert_eq!(Backend::from_url("postgresql://db/x").name(), "postgres");
        assert_eq!(
            Backend::from_url("sqlite://./data/a.db"),
            Backend::Sqlite("./data/a.db".into())
        );
        assert_eq!(
            Backend::from_url("data/a.db"),
            Backend::Sqlite("data/a.db".into())
        );
    }

    #[test]
    fn descriptions_hide_credentials() {
        let described = Backend::from_url("postgres://user:secret@db:5432/x").describe();
        assert_eq!(described, "postgres://db:5432/x");
    }
}
