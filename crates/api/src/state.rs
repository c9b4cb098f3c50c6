//! Everything a request handler needs, built once at start-up from the settings.

use std::sync::Arc;
use std::time::Duration;

use crate::hashing::{Activity, PooledHasher, Sharing};
use secrecy::ExposeSecret;
use storegister_auth::{BcryptHasher, JwtCodec};
use storegister_kernel::{Clock, SystemClock};
use storegister_persistence::{Database, LocalFileStore, PoolOptions, SetupError};
use storegister_settings::{CorsOrigins, Settings};
use storegister_tenant::{AttemptLimit, FileStore};

use crate::api_keys::ApiKeyCache;

/// The shared state of the server: the store, the auth adapters and the limits.
pub struct AppState {
    /// The database pool.
    pub database: Database,
    /// Requests in flight, which bcrypt yields a core to.
    pub activity: Arc<Activity>,
    /// bcrypt at the configured cost, computed on a pool of its own.
    pub hasher: PooledHasher,
    /// Session tokens.
    pub tokens: JwtCodec,
    /// The clock.
    pub clock: Arc<dyn Clock>,
    /// API key lookups, cached briefly.
    pub api_keys: ApiKeyCache,
    /// The largest JSON body accepted, in bytes.
    pub json_limit: usize,
    /// Where uploaded pictures are stored.
    pub files: Box<dyn FileStore>,
    /// The largest picture accepted, in bytes.
    pub max_picture_bytes: usize,
    /// The web origins browsers may call the API from.
    pub cors_origins: CorsOrigins,
    /// How often a user name may be tried (logins and password changes).
    pub attempt_limit: AttemptLimit,
    /// How long a change-password concurrency stamp stays valid.
    pub stamp_ttl: Duration,
}

/// Why the server could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The database could not be opened or migrated.
    #[error(transparent)]
    Database(#[from] SetupError),
    /// bcrypt failed at start-up.
    #[error("password hasher: {0}")]
    Hasher(String),
    /// The file storage folder cannot be used.
    #[error("file storage: {0}")]
    Files(String),
    /// A setting is out of range (normally caught when the settings are loaded).
    #[error("settings: {0}")]
    Settings(String),
    /// No randomness for the development JWT secret.
    #[error("random secret: {0}")]
    Random(String),
}

impl AppState {
    /// Opens (and migrates) the database and builds the adapters from the settings.
    pub fn from_settings(settings: &Settings) -> Result<Self, StartError> {
        let database = Database::open(
            settings.database_url(),
            PoolOptions {
                max_size: settings.database.pool_size,
                acquire_timeout: Duration::from_secs(settings.database.acquire_timeout_seconds),
            },
        )?;
        log::info!("database ready: {}", database.backend().describe());
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
                getrandom::fill(&mut bytes).map_err(|e| StartError::Random(e.to_string()))?;
                bytes
            }
        };
        let clock: Arc<dyn Clock> = Arc::new(SystemClock);
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let hash_concurrency = match settings.auth.hash_concurrency {
            0 => cores,
            n => n,
        };
        let activity = Arc::new(Activity::default());
        Ok(Self {
            activity: activity.clone(),
            database,
            hasher: PooledHasher::new(
                BcryptHasher::new(settings.auth.bcrypt_cost)
                    .map_err(|e| StartError::Hasher(e.to_string()))?,
                hash_concurrency,
                activity,
                Sharing {
                    slice: Duration::from_micros(settings.auth.hash_slice_micros),
                    pause: Duration::from_micros(settings.auth.hash_pause_micros),
                },
                settings.auth.hash_queue_limit,
            )
            .map_err(|e| StartError::Hasher(e.to_string()))?,
            tokens: JwtCodec::new(
                &secret,
                Duration::from_secs(settings.auth.token_ttl_seconds),
                Box::new(SystemClock),
            ),
            clock,
            api_keys: ApiKeyCache::new(Duration::from_secs(settings.auth.api_key_cache_seconds)),
            json_limit: settings.server.json_limit_bytes,
            files: Box::new(
                LocalFileStore::new(&settings.storage.path)
                    .map_err(|e| StartError::Files(e.to_string()))?,
            ),
            max_picture_bytes: settings.storage.max_picture_bytes,
            stamp_ttl: Duration::from_secs(settings.auth.concurrency_stamp_ttl_seconds),
            cors_origins: settings
                .server
                .cors_origins()
                .map_err(|e| StartError::Settings(e.to_string()))?,
            attempt_limit: AttemptLimit {
                max_attempts: settings.auth.password_attempts,
                window: Duration::from_secs(settings.auth.password_attempt_window_seconds),
            },
        })
    }
}
