use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use diesel::connection::{CacheSize, SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::r2d2::{self, ManageConnection, Pool};
use storegister_kernel::{Chain, Store, StoreError};

use crate::migrations;
use crate::repo::Repo;
use crate::workers::{Workers, WorkersError};

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

    /// Where the database is, without credentials, for logs: no `user:password@`, and no
    /// query string (libpq takes `?password=` there too).
    pub fn describe(&self) -> String {
        match self {
            Backend::Postgres(url) => {
                let rest = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
                let rest = rest.split(['?', '#']).next().unwrap_or_default();
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
    /// The threads that run database work could not be started.
    #[error("cannot start the database threads")]
    Threads(#[source] std::io::Error),
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

/// Makes connections for the pool; SQLite ones get WAL mode, a busy timeout and foreign keys;
/// PostgreSQL ones keep no prepared statements when the statement cache is off.
#[derive(Debug)]
pub struct Manager {
    backend: Backend,
    statement_cache: bool,
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
            Backend::Postgres(url) => {
                let mut conn = PgConnection::establish(url)?;
                if !self.statement_cache {
                    // unnamed statements only: behind pgbouncer in transaction mode a named
                    // one may be missing, or another client's, on the next transaction
                    conn.set_prepared_statement_cache_size(CacheSize::Disabled);
                }
                Ok(DbConnection::Pg(conn))
            }
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

/// Sizing of the connection pool, and how its connections behave.
#[derive(Clone, Copy, Debug)]
pub struct PoolOptions {
    /// The most connections held at once.
    pub max_size: u32,
    /// How long a request waits for a connection before the store is "unavailable".
    pub acquire_timeout: Duration,
    /// Whether PostgreSQL statements are prepared once and reused (off behind pgbouncer in
    /// transaction mode).
    pub statement_cache: bool,
    /// How long opening waits for another process's migration.
    pub migration_wait: migrations::LockWait,
}

impl Default for PoolOptions {
    fn default() -> Self {
        Self {
            max_size: 10,
            acquire_timeout: Duration::from_secs(2),
            statement_cache: true,
            migration_wait: migrations::LockWait::default(),
        }
    }
}

/// The connection pool of one database; the `Store` every use case draws repositories from.
#[derive(Clone)]
pub struct Database {
    pool: Pool<Manager>,
    backend: Arc<Backend>,
    outage: Arc<Outage>,
    migration_wait: migrations::LockWait,
    workers: Workers,
    acquire_timeout: Duration,
}

/// Whether the database is known to be unreachable: an outage is logged when it begins and
/// when it ends, not once per request.
#[derive(Debug, Default)]
struct Outage {
    /// No connection could be had.
    down: AtomicBool,
    /// Every database thread stayed busy.
    busy: AtomicBool,
}

impl Outage {
    fn failed(&self, backend: &Backend, error: &(dyn std::error::Error + 'static)) {
        Self::begins(
            &self.down,
            backend,
            error,
            "cannot be reached",
            "until it is back",
        );
    }

    /// Every database thread stayed busy (slow statements, or a database that stopped
    /// answering mid-query) for as long as a request may wait.
    fn busy(&self, backend: &Backend, error: &(dyn std::error::Error + 'static)) {
        Self::begins(
            &self.busy,
            backend,
            error,
            "is not keeping up",
            "while it is not",
        );
    }

    /// Counts a request refused for `what`, and logs it when the trouble begins.
    fn begins(
        state: &AtomicBool,
        backend: &Backend,
        error: &(dyn std::error::Error + 'static),
        what: &str,
        until: &str,
    ) {
        metrics::counter!("storegister_db_acquire_timeouts_total").increment(1);
        if !state.swap(true, Ordering::AcqRel) {
            log::warn!(
                "the database ({}) {what}: {}; answering 503 {until}",
                backend.describe(),
                Chain(error)
            );
        }
    }

    fn worked(&self, backend: &Backend) {
        if self.down.load(Ordering::Acquire) && self.down.swap(false, Ordering::AcqRel) {
            log::info!("the database ({}) answers again", backend.describe());
        }
        if self.busy.load(Ordering::Acquire) && self.busy.swap(false, Ordering::AcqRel) {
            log::info!("the database ({}) keeps up again", backend.describe());
        }
    }
}

/// r2d2's failures to connect are reported once per outage by [`Outage`], not once per try.
#[derive(Debug)]
struct QuietErrors;

impl r2d2::HandleError<ConnectError> for QuietErrors {
    fn handle_error(&self, error: ConnectError) {
        log::debug!("a database connection failed: {}", Chain(&error));
    }
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
        database.migrate()?;
        Ok(database)
    }

    /// Brings the schema up to date (waiting for another process that does); the versions
    /// applied.
    pub fn migrate(&self) -> Result<Vec<String>, SetupError> {
        let mut conn = self.pool.get().map_err(SetupError::Connect)?;
        Ok(migrations::run(&mut conn, self.migration_wait)?)
    }

    /// Whether migrations are pending.
    pub fn migrations_pending(&self) -> Result<bool, SetupError> {
        let mut conn = self.pool.get().map_err(SetupError::Connect)?;
        Ok(migrations::pending(&mut conn)?)
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
            .error_handler(Box::new(QuietErrors))
            .build(Manager {
                backend: backend.clone(),
                statement_cache: options.statement_cache,
            })
            .map_err(SetupError::Connect)?;
        // one thread per connection: a thread never waits for the pool
        let workers = Workers::start(options.max_size, options.acquire_timeout)
            .map_err(SetupError::Threads)?;
        Ok(Self {
            pool,
            backend: Arc::new(backend),
            outage: Arc::default(),
            migration_wait: options.migration_wait,
            workers,
            acquire_timeout: options.acquire_timeout,
        })
    }

    /// The pool's connections: open, and idle among them.
    pub fn pool_state(&self) -> (u32, u32) {
        let state = self.pool.state();
        (state.connections, state.idle_connections)
    }

    /// The backend in use.
    pub fn backend(&self) -> &Backend {
        &self.backend
    }

    /// A pooled connection, for code outside the repository ports (migrations, health).
    pub fn connection(&self) -> Result<r2d2::PooledConnection<Manager>, StoreError> {
        self.connection_since(Instant::now())
    }

    /// A pooled connection for work asked for at `asked`: waits for what is left of the
    /// acquire timeout (a unit of work that waited for a thread waits that much less for a
    /// connection), and records the whole wait.
    fn connection_since(
        &self,
        asked: Instant,
    ) -> Result<r2d2::PooledConnection<Manager>, StoreError> {
        let left = self.acquire_timeout.saturating_sub(asked.elapsed());
        match self.pool.get_timeout(left) {
            Ok(conn) => {
                metrics::histogram!("storegister_db_acquire_seconds")
                    .record(asked.elapsed().as_secs_f64());
                self.outage.worked(&self.backend);
                Ok(conn)
            }
            Err(error) => {
                // work that spent most of its wait queued for a thread met a busy pool, not
                // (as far as it can tell) a database out of reach
                if left < self.acquire_timeout / 2 {
                    self.outage.busy(&self.backend, &error);
                } else {
                    self.outage.failed(&self.backend, &error);
                }
                Err(StoreError::Unavailable(error.into()))
            }
        }
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
        // the connection is taken on the database thread: an async worker never waits for
        // the pool; the request's span (its id) goes along, so lines logged there carry it too
        let span = tracing::Span::current();
        async move {
            let workers = database.workers.clone();
            let outage = Arc::clone(&database.outage);
            let backend = Arc::clone(&database.backend);
            let asked = Instant::now();
            let done = workers
                .run(move || {
                    let _entered = span.enter();
                    let started = Instant::now();
                    let mut repo = Repo::new(database.connection_since(asked)?);
                    let done = work(&mut repo);
                    log::debug!("database work done in {:?}", started.elapsed());
                    done
                })
                .await;
            match done {
                Ok(result) => result,
                Err(error @ WorkersError::Busy(_)) => {
                    outage.busy(&backend, &error);
                    Err(E::from(StoreError::Unavailable(error.into())))
                }
                Err(error) => Err(E::from(StoreError::Failed(error.into()))),
            }
        }
    }

    fn spawn<W>(&self, work: W) -> impl Future<Output = ()> + Send + 'static
    where
        W: FnOnce(&mut Repo) -> Result<(), StoreError> + Send + 'static,
    {
        let database = self.clone();
        let span = tracing::Span::current();
        let workers = self.workers.clone();
        let done = workers.spawn(move || {
            let _entered = span.enter();
            let done = database.repo().and_then(|mut repo| work(&mut repo));
            if let Err(error) = done {
                log::warn!("background database work failed: {}", Chain(&error));
            }
        });
        async move {
            let _ = done.await;
        }
    }
}

/// Creates the SQLite file's folder and the file itself readable by their owner only (the
/// database holds password hashes and personal data; SQLite gives its WAL and shared-memory
/// files the database file's permissions).
fn create_parent(path: &Path) -> Result<(), SetupError> {
    if let Some(parent) = path.parent()
        && !parent.as_os_str().is_empty()
        && !parent.exists()
    {
        private_folder(parent).map_err(|e| SetupError::Folder(parent.to_owned(), e))?;
    }
    if path.as_os_str().is_empty() || path.to_string_lossy().starts_with(':') || path.exists() {
        return Ok(());
    }
    private_file(path).map_err(|e| SetupError::Folder(path.to_owned(), e))
}

/// Creates a folder (and its missing parents) that only its owner can enter.
pub fn private_folder(path: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(path)
}

/// Creates an empty file that only its owner can read, unless it exists.
fn private_file(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
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
        let described = Backend::from_url("postgres://db:5432/x?user=u&password=secret").describe();
        assert_eq!(described, "postgres://db:5432/x");
        let described = Backend::from_url("postgresql://u:p@w@db/x?sslmode=require").describe();
        assert_eq!(described, "postgres://db/x");
    }

    #[cfg(unix)]
    #[test]
    fn a_new_sqlite_file_and_its_folder_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let root = std::env::temp_dir().join(format!("storegister-perm-{}", uuid::Uuid::new_v4()));
        let file = root.join("data").join("x.db");
        let database = Database::open(&file.to_string_lossy(), PoolOptions::default()).unwrap();
        drop(database);
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&root.join("data")), 0o700);
        assert_eq!(mode(&file), 0o600);
        let wal = root.join("data").join("x.db-wal");
        if wal.exists() {
            assert_eq!(mode(&wal), 0o600);
        }
        std::fs::remove_dir_all(root).unwrap();
    }
}
