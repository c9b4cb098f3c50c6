//! Everything a request handler needs, built once at start-up from the settings.

use std::sync::Arc;
use std::time::Duration;

use secrecy::ExposeSecret;
use storegister_app::{
    AccountPolicy, AttemptLimit, DeliveryPolicy, MailService, TenantPorts, TenantService,
};
use storegister_auth::{
    BcryptHasher, CodeKeeper, HasherSetupError, HashingOptions, JwtCodec, Share,
};
use storegister_images::ImageCodec;
use storegister_kernel::{Clock, SystemClock};
use storegister_mail::{LettreTransport, MailSetupError};
use storegister_persistence::migrations::LockWait;
use storegister_persistence::{Database, PoolOptions, SetupError, import_picture_files};
use storegister_settings::{CorsOrigins, Settings};

use crate::api_keys::ApiKeyCache;
use crate::clients::{ClientLimitSettings, ClientLimits};

/// The tenant use cases as the server runs them: on the database, with bcrypt.
pub type Tenants = TenantService<Database, BcryptHasher>;

/// The delivery of the mail outbox, as the server runs it.
pub type Mailer = MailService<Database, LettreTransport>;

/// The shared state of the server: the use cases, and what the HTTP layer itself needs.
pub struct AppState {
    /// The tenant use cases.
    pub tenants: Tenants,
    /// The database pool (for readiness, and for tests).
    pub database: Database,
    /// bcrypt on its pool, which counts the requests in flight to yield the cores to them.
    pub hasher: BcryptHasher,
    /// Session tokens: issued by the use cases, verified by the extractor.
    pub tokens: Arc<JwtCodec>,
    /// API key lookups, cached briefly.
    pub api_keys: ApiKeyCache,
    /// The largest JSON body accepted, in bytes.
    pub json_limit: usize,
    /// The largest picture accepted, in bytes.
    pub max_picture_bytes: usize,
    /// The web origins browsers may call the API from.
    pub cors_origins: CorsOrigins,
    /// Who a client is, and its limits on the password endpoints.
    pub clients: ClientLimits,
    /// Delivers the mail outbox.
    pub mail: Mailer,
    /// How often the outbox is looked at.
    pub mail_poll: Duration,
    /// The address picture URLs start with (no trailing slash).
    pub public_url: String,
    /// The longest a request body may take to arrive.
    pub body_read_timeout: Duration,
    /// Set on SIGTERM: `/ready` answers 503 and responses close their connections.
    pub draining: std::sync::atomic::AtomicBool,
}

/// Why the server could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The database could not be opened or migrated.
    #[error(transparent)]
    Database(#[from] SetupError),
    /// The password hasher could not start.
    #[error(transparent)]
    Hasher(#[from] HasherSetupError),
    /// The schema is older than this version and the server may not migrate it.
    #[error(
        "the database schema is not up to date and database.migrate_on_start is off: run `storegister-admin migrate` first"
    )]
    SchemaOutdated,
    /// The mail transport cannot be set up.
    #[error(transparent)]
    Mail(#[from] MailSetupError),
    /// A setting is out of range (normally caught when the settings are loaded).
    #[error("settings")]
    Settings(#[source] storegister_settings::SettingsError),
    /// The key of the one-time codes cannot be used.
    #[error("one-time codes")]
    Codes(#[source] storegister_auth::InvalidKey),
    /// No randomness for the development JWT secret.
    #[error("random secret")]
    Random(#[source] getrandom::Error),
}

impl AppState {
    /// Opens (and migrates) the database and builds the adapters from the settings.
    pub fn from_settings(settings: &Settings) -> Result<Self, StartError> {
        if settings.database.statement_cache && looks_like_pgbouncer(settings.database_url()) {
            log::warn!(
                "the database URL names port 6432, pgbouncer's: in its transaction pooling \
                 mode set database.statement_cache = false, or requests will fail"
            );
        }
        let database = Database::connect(settings.database_url(), pool_options(settings))?;
        if settings.database.migrate_on_start {
            database.migrate()?;
        } else if database.migrations_pending()? {
            return Err(StartError::SchemaOutdated);
        }
        log::info!("database ready: {}", database.backend().describe());
        move_picture_files(&database, &settings.storage.path);
        Self::with_database(settings, database)
    }

    /// Builds the adapters around an open database.
    pub fn with_database(settings: &Settings, database: Database) -> Result<Self, StartError> {
        let secret: Vec<u8> = match &settings.auth.jwt_secret {
            Some(secret) => secret.expose_secret().as_bytes().to_vec(),
            None => {
                log::warn!(
                    "auth.jwt_secret is not set: using a random secret for this process only. \
                     Tokens will not survive a restart nor work across processes. \
                     Set STOREGISTER__AUTH__JWT_SECRET in production."
                );
                let mut bytes = vec![0u8; 32];
                getrandom::fill(&mut bytes).map_err(StartError::Random)?;
                bytes
            }
        };
        let auth = &settings.auth;
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let hasher = BcryptHasher::start(HashingOptions {
            cost: auth.bcrypt_cost,
            threads: match auth.hash_concurrency {
                0 => cores,
                n => n,
            },
            queue_limit: auth.hash_queue_limit,
            // a pause of 0 turns yielding off: bcrypt competes for the cores
            share: (auth.hash_pause_micros > 0).then(|| Share {
                runtime: Duration::from_micros(auth.hash_slice_micros),
                period: Duration::from_micros(auth.hash_slice_micros + auth.hash_pause_micros),
            }),
        })?;
        let tokens = Arc::new(
            JwtCodec::new(
                &secret,
                Duration::from_secs(auth.token_ttl_seconds),
                Box::new(SystemClock),
            )
            .accepting(auth.jwt_previous_secrets().into_iter().map(str::as_bytes)),
        );
        let clock: Arc<dyn Clock> = Arc::new(SystemClock);
        let transport = match &settings.mail.smtp_url {
            Some(url) => LettreTransport::smtp(url, &settings.mail.from)?,
            None => {
                log::info!(
                    "mail.smtp_url is not set: mails are written into {}",
                    settings.mail.dir.display()
                );
                LettreTransport::files(&settings.mail.dir, &settings.mail.from)?
            }
        };
        let mail = MailService::new(
            database.clone(),
            transport,
            clock.clone(),
            DeliveryPolicy {
                max_attempts: settings.mail.max_attempts,
                lease: Duration::from_secs(60),
                batch: 20,
            },
        );
        let tenants = TenantService::new(TenantPorts {
            store: database.clone(),
            hasher: hasher.clone(),
            tokens: tokens.clone(),
            clock,
            pictures: Arc::new(ImageCodec::new(settings.storage.max_picture_pixels)),
            picture_cache_bytes: settings
                .storage
                .picture_cache_mib
                .saturating_mul(1024 * 1024),
            records_cache_bytes: settings
                .database
                .records_cache_mib
                .saturating_mul(1024 * 1024),
            policy: AccountPolicy {
                attempt_limit: AttemptLimit {
                    max_attempts: auth.password_attempts,
                    window: Duration::from_secs(auth.password_attempt_window_seconds),
                },
                stamp_ttl: Duration::from_secs(auth.concurrency_stamp_ttl_seconds),
                session_ttl: Duration::from_secs(auth.token_ttl_seconds),
                code_ttl: Duration::from_secs(auth.code_ttl_seconds),
                code_tries: auth.code_tries,
                registration_requires_verification: auth.registration_requires_verification,
            },
            codes: Arc::new(CodeKeeper::new(&secret).map_err(StartError::Codes)?),
        });
        Ok(Self {
            tenants,
            database,
            hasher,
            tokens,
            api_keys: ApiKeyCache::new(Duration::from_secs(auth.api_key_cache_seconds)),
            json_limit: settings.server.json_limit_bytes,
            max_picture_bytes: settings.storage.max_picture_bytes,
            cors_origins: settings
                .server
                .cors_origins()
                .map_err(StartError::Settings)?,
            clients: ClientLimits::new(ClientLimitSettings {
                trusted_proxies: settings
                    .server
                    .trusted_proxies()
                    .map_err(StartError::Settings)?,
                per_minute: auth.client_requests_per_minute,
                burst: auth.client_burst,
                password_checks: auth.client_password_checks,
            }),
            mail,
            mail_poll: Duration::from_millis(settings.mail.poll_interval_ms),
            public_url: settings.server.public_url().map_err(StartError::Settings)?,
            body_read_timeout: Duration::from_secs(settings.server.body_read_timeout_seconds),
            draining: std::sync::atomic::AtomicBool::new(false),
        })
    }

    /// Whether the server is draining before it stops.
    pub fn is_draining(&self) -> bool {
        self.draining.load(std::sync::atomic::Ordering::Acquire)
    }
}

/// Whether a PostgreSQL URL names pgbouncer's usual port (a hint only: nothing on the wire
/// tells a client that it speaks to pgbouncer).
fn looks_like_pgbouncer(url: &str) -> bool {
    url.starts_with("postgres")
        && url
            .split(['?', '/'])
            .nth(2)
            .is_some_and(|authority| authority.ends_with(":6432"))
}

/// The pool as configured.
pub fn pool_options(settings: &Settings) -> PoolOptions {
    PoolOptions {
        max_size: settings.database.pool_size,
        acquire_timeout: Duration::from_millis(settings.database.acquire_timeout_ms),
        statement_cache: settings.database.statement_cache,
        migration_wait: LockWait {
            timeout: Duration::from_secs(settings.database.migration_lock_timeout_seconds),
            ..LockWait::default()
        },
    }
}

/// Moves the picture files an earlier version left in `folder` into the database; a failure is
/// logged (the server still starts: the pictures stay where they were, for the next start).
pub fn move_picture_files(database: &Database, folder: &std::path::Path) {
    if !folder.join("profile-images").exists() {
        return;
    }
    let moved = database
        .repo()
        .and_then(|mut repo| import_picture_files(&mut repo, folder));
    match moved {
        Ok(report) if report == Default::default() => {}
        Ok(report) => log::info!(
            "picture files of {} moved into the database: {} moved, {} files removed, {} pictures not on this machine",
            folder.display(),
            report.moved,
            report.removed,
            report.missing
        ),
        Err(error) => log::warn!(
            "the picture files of {} could not be moved into the database: {}",
            folder.display(),
            storegister_kernel::Chain(&error)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pgbouncer_is_guessed_from_its_port() {
        assert!(looks_like_pgbouncer("postgres://u:p@db:6432/x"));
        assert!(looks_like_pgbouncer(
            "postgresql://db:6432/x?sslmode=require"
        ));
        assert!(!looks_like_pgbouncer("postgres://u:p@db:5432/x"));
        assert!(!looks_like_pgbouncer("./data/6432"));
    }
}
