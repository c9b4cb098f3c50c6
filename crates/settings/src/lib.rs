//! Configuration of the API server and the admin command, read in layers, later ones winning:
//!
//! 1. built-in defaults (no configuration at all gives a working SQLite set-up);
//! 2. a TOML file: `STOREGISTER_CONFIG` names one (it must exist), otherwise
//!    `./storegister.toml` is read when present;
//! 3. `DATABASE_URL`, the conventional variable, for `database.url`;
//! 4. environment variables `STOREGISTER__<SECTION>__<KEY>`, e.g.
//!    `STOREGISTER__DATABASE__URL`, `STOREGISTER__SERVER__PORT`.
//!
//! Every key is documented in `docs/configuration.md`.

use std::collections::HashMap;
use std::net::IpAddr;
use std::path::PathBuf;

use config::{Config, Environment, File, FileFormat};
use ipnet::IpNet;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

/// The whole configuration.
#[derive(Clone, Debug, Deserialize)]
pub struct Settings {
    /// `development` (the default) or `production`; production refuses to start without a JWT
    /// secret.
    pub environment: RunEnvironment,
    /// The database.
    pub database: DatabaseSettings,
    /// The HTTP server.
    pub server: ServerSettings,
    /// Authentication.
    pub auth: AuthSettings,
    /// Uploaded files.
    pub storage: StorageSettings,
    /// Outgoing mail.
    pub mail: MailSettings,
    /// Logging.
    pub log: LogSettings,
}

/// Logging.
#[derive(Clone, Debug, Deserialize)]
pub struct LogSettings {
    /// `text` (the default: one readable line per event) or `json` (one JSON object per line,
    /// for log shippers).
    pub format: LogFormat,
}

/// How log lines are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// Where the service runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RunEnvironment {
    /// A developer's machine: missing secrets are generated, with a warning.
    Development,
    /// Production: every secret must be configured.
    Production,
}

/// The database.
#[derive(Clone, Debug, Deserialize)]
pub struct DatabaseSettings {
    /// `postgres://…` for PostgreSQL; anything else is a SQLite file path.
    pub url: SecretString,
    /// The most connections the pool holds.
    pub pool_size: u32,
    /// Milliseconds a request waits for a connection before answering 503.
    pub acquire_timeout_ms: u64,
    /// Whether PostgreSQL statements are prepared once per connection and reused; `false`
    /// behind pgbouncer in transaction pooling mode, where a connection's next transaction
    /// may run on another server connection.
    pub statement_cache: bool,
    /// Whether the API server migrates the schema when it starts (else `storegister-admin
    /// migrate` does, and the server refuses to start on an outdated schema).
    pub migrate_on_start: bool,
    /// Seconds a process waits for another one's migration before giving up.
    pub migration_lock_timeout_seconds: u64,
    /// How many MiB of tenants' lists (tenant information, ledger pages) each process keeps
    /// in memory, served again only while the tenant's records are unchanged (0: none).
    pub records_cache_mib: usize,
}

/// The HTTP server.
#[derive(Clone, Debug, Deserialize)]
pub struct ServerSettings {
    /// The address to listen on.
    pub host: String,
    /// The port to listen on.
    pub port: u16,
    /// Worker threads; 0 means one per CPU core.
    pub workers: usize,
    /// The largest JSON request body accepted, in bytes.
    pub json_limit_bytes: usize,
    /// The web origins browsers may call the API from: `*` (any), a comma-separated list of
    /// origins (`https://portal.example.com`), or empty (none: same origin only). See
    /// [`ServerSettings::cors_origins`].
    pub cors_allowed_origins: String,
    /// The proxies (load balancers) whose `X-Forwarded-For` names the client: a
    /// comma-separated list of addresses or CIDR blocks; empty (the default): none, the
    /// connection's peer is the client. See [`ServerSettings::trusted_proxies`].
    pub trusted_proxies: String,
    /// The address clients reach the API at (`https://api.example.com`), which picture URLs
    /// start with; unset: `http://host:port` of this server.
    pub public_url: Option<String>,
    /// On SIGTERM, how long the server keeps answering (with `/ready` 503 and `Connection:
    /// close`) before it closes its listener, in seconds.
    pub shutdown_drain_seconds: u64,
    /// Then how long requests in flight may take to finish, in seconds.
    pub shutdown_timeout_seconds: u64,
    /// The longest a request body may take to arrive, in seconds.
    pub body_read_timeout_seconds: u64,
}

/// Why an address list could not be read.
fn cidr(entry: &str) -> Result<IpNet, SettingsError> {
    entry
        .parse::<IpNet>()
        .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
        .map_err(|_| {
            SettingsError::Invalid(format!(
                "server.trusted_proxies: {entry:?} is not an address or CIDR block such as 10.0.0.0/8"
            ))
        })
}

/// Which web origins browsers may call the API from (CORS).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CorsOrigins {
    /// Any origin.
    Any,
    /// Only these origins (`scheme://host[:port]`, lower-case); none if empty.
    Listed(Vec<String>),
}

impl ServerSettings {
    /// The address picture URLs start with, without a trailing slash.
    pub fn public_url(&self) -> Result<String, SettingsError> {
        let url = match &self.public_url {
            Some(url) if !url.trim().is_empty() => url.trim().trim_end_matches('/').to_owned(),
            _ => {
                let host = match self.host.as_str() {
                    "0.0.0.0" | "::" | "[::]" => "localhost",
                    host => host,
                };
                return Ok(format!("http://{host}:{}", self.port));
            }
        };
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"));
        match rest {
            Some(rest) if !rest.is_empty() && !rest.contains(['?', '#', '@', ' ']) => Ok(url),
            _ => Err(SettingsError::Invalid(format!(
                "server.public_url: {url:?} is not an address such as https://api.example.com"
            ))),
        }
    }

    /// The trusted proxies, parsed; an error names the first entry that is no address.
    pub fn trusted_proxies(&self) -> Result<Vec<IpNet>, SettingsError> {
        self.trusted_proxies
            .split(',')
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(cidr)
            .collect()
    }

    /// The allowed origins, parsed; an error names the first entry that is not an origin.
    pub fn cors_origins(&self) -> Result<CorsOrigins, SettingsError> {
        let value = self.cors_allowed_origins.trim();
        if value == "*" {
            return Ok(CorsOrigins::Any);
        }
        let mut origins = Vec::new();
        for entry in value.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let host = entry
                .strip_prefix("https://")
                .or_else(|| entry.strip_prefix("http://"));
            match host {
                Some(host)
                    if !host.is_empty() && !host.contains(['/', '*', ' ', '?', '#', '@']) =>
                {
                    origins.push(entry.to_ascii_lowercase());
                }
                _ => {
                    return Err(SettingsError::Invalid(format!(
                        "server.cors_allowed_origins: {entry:?} is not an origin such as https://portal.example.com"
                    )));
                }
            }
        }
        Ok(CorsOrigins::Listed(origins))
    }
}

/// Authentication.
#[derive(Clone, Debug, Deserialize)]
pub struct AuthSettings {
    /// The HS256 secret session tokens are signed with (at least 32 bytes).
    pub jwt_secret: Option<SecretString>,
    /// Earlier secrets, comma-separated, whose tokens are still accepted (never used to sign),
    /// so a secret can be rotated without logging everyone out.
    pub jwt_previous_secrets: Option<SecretString>,
    /// How long a session token stays valid, in seconds.
    pub token_ttl_seconds: u64,
    /// The bcrypt cost of new password hashes (4 to 31).
    pub bcrypt_cost: u32,
    /// How many bcrypt computations may run at once; 0 means one per CPU core.
    pub hash_concurrency: usize,
    /// While other requests are in flight, each bcrypt thread may compute this many
    /// microseconds…
    pub hash_slice_micros: u64,
    /// …of every slice plus this many, enforced by the kernel (`SCHED_DEADLINE`); 0: no
    /// yielding, bcrypt competes for the cores.
    pub hash_pause_micros: u64,
    /// bcrypt computations allowed to wait or run at once; beyond, logins are answered 503
    /// at once (0: no limit).
    pub hash_queue_limit: usize,
    /// Password attempts (logins, password changes) allowed per user name within the window;
    /// 0 turns the limit off.
    pub password_attempts: u32,
    /// The window password attempts are counted in, in seconds.
    pub password_attempt_window_seconds: u64,
    /// How long an API key lookup is cached, in seconds: a revoked key stops working at most
    /// this long after revocation.
    pub api_key_cache_seconds: u64,
    /// How long a change-password concurrency stamp stays valid, in seconds.
    pub concurrency_stamp_ttl_seconds: u64,
    /// Requests to the password endpoints (login, register) one client may make per minute,
    /// on average; 0 turns the budget off.
    pub client_requests_per_minute: u32,
    /// How many of those a client may make at once, before the average applies.
    pub client_burst: u32,
    /// Password checks one client may have waiting or running at once; 0: no cap.
    pub client_password_checks: usize,
    /// How long a mailed one-time code stays valid.
    pub code_ttl_seconds: u64,
    /// Wrong tries that kill a one-time code.
    pub code_tries: u32,
    /// Whether every registration with credentials waits for a mailed code (so no answer
    /// tells whether an address is known).
    pub registration_requires_verification: bool,
}

/// Outgoing mail.
#[derive(Clone, Debug, Deserialize)]
pub struct MailSettings {
    /// The SMTP server (`smtp://host:port`, STARTTLS where offered; `smtps://user:pass@host`);
    /// unset: mails are written as `.eml` files into `dir`.
    pub smtp_url: Option<SecretString>,
    /// The sender, e.g. `Acme Storage <no-reply@acme.example>`.
    pub from: String,
    /// Where mails are written when no SMTP server is set.
    pub dir: PathBuf,
    /// How often each API process looks for mails to send, in milliseconds.
    pub poll_interval_ms: u64,
    /// Tries before a mail is given up (retried after 2, 4, 8 … seconds, at most an hour).
    pub max_attempts: u32,
}

/// Uploaded files.
#[derive(Clone, Debug, Deserialize)]
pub struct StorageSettings {
    /// The folder uploaded files are stored in.
    pub path: PathBuf,
    /// The largest profile picture accepted, in bytes.
    pub max_picture_bytes: usize,
    /// The most pixels a picture may decode to (width × height); larger is refused before it
    /// is decoded, against decompression bombs.
    pub max_picture_pixels: u64,
    /// How many MiB of recently served pictures each process keeps in memory (0: none).
    pub picture_cache_mib: usize,
}

/// Why the configuration could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    /// A source could not be read or a value has the wrong type.
    #[error("configuration: {0}")]
    Read(#[from] config::ConfigError),
    /// A value is out of its allowed range.
    #[error("configuration: {0}")]
    Invalid(String),
}

/// The shortest JWT secret accepted, in bytes.
pub const MIN_JWT_SECRET_BYTES: usize = 32;

/// The longest password attempt window accepted: 30 days.
pub const MAX_ATTEMPT_WINDOW_SECONDS: u64 = 30 * 24 * 60 * 60;

impl Settings {
    /// Reads the configuration from the process environment (and the file it names).
    pub fn load() -> Result<Self, SettingsError> {
        let env: HashMap<String, String> = std::env::vars().collect();
        Self::load_from(&env)
    }

    /// Reads the configuration with `env` standing for the process environment.
    pub fn load_from(env: &HashMap<String, String>) -> Result<Self, SettingsError> {
        let mut builder = Config::builder()
            .set_default("environment", "development")?
            .set_default("database.url", "./data/storegister.db")?
            .set_default("database.pool_size", 10)?
            .set_default("database.acquire_timeout_ms", 2000)?
            .set_default("database.statement_cache", true)?
            .set_default("database.migrate_on_start", true)?
            .set_default("database.migration_lock_timeout_seconds", 60)?
            .set_default("database.records_cache_mib", 16)?
            .set_default("server.host", "127.0.0.1")?
            .set_default("server.port", 8080)?
            .set_default("server.workers", 0)?
            .set_default("server.json_limit_bytes", 64 * 1024)?
            .set_default("server.cors_allowed_origins", "*")?
            .set_default("server.shutdown_drain_seconds", 5)?
            .set_default("server.shutdown_timeout_seconds", 30)?
            .set_default("server.body_read_timeout_seconds", 60)?
            .set_default("log.format", "text")?
            .set_default("auth.token_ttl_seconds", 24 * 60 * 60)?
            .set_default("auth.bcrypt_cost", 12)?
            .set_default("auth.hash_concurrency", 0)?
            .set_default("auth.hash_slice_micros", 50)?
            .set_default("auth.hash_pause_micros", 950)?
            .set_default("auth.hash_queue_limit", 64)?
            .set_default("auth.password_attempts", 10)?
            .set_default("auth.password_attempt_window_seconds", 15 * 60)?
            .set_default("auth.api_key_cache_seconds", 5)?
            .set_default("auth.concurrency_stamp_ttl_seconds", 15 * 60)?
            .set_default("auth.client_requests_per_minute", 30)?
            .set_default("auth.client_burst", 10)?
            .set_default("auth.client_password_checks", 4)?
            .set_default("auth.code_ttl_seconds", 15 * 60)?
            .set_default("auth.code_tries", 5)?
            .set_default("auth.registration_requires_verification", false)?
            .set_default("server.trusted_proxies", "")?
            .set_default("mail.from", "StoRegister <no-reply@storegister.invalid>")?
            .set_default("mail.dir", "./data/mail")?
            .set_default("mail.poll_interval_ms", 1000)?
            .set_default("mail.max_attempts", 10)?
            .set_default("storage.path", "./data/files")?
            .set_default("storage.max_picture_bytes", 5 * 1024 * 1024)?
            .set_default("storage.max_picture_pixels", 40_000_000)?
            .set_default("storage.picture_cache_mib", 16)?;

        builder = match env.get("STOREGISTER_CONFIG") {
            Some(path) => builder.add_source(File::new(path, FileFormat::Toml).required(true)),
            None => {
                builder.add_source(File::new("storegister.toml", FileFormat::Toml).required(false))
            }
        };
        // DATABASE_URL yields to the prefixed variable but wins over the file
        let url = ["STOREGISTER__DATABASE__URL", "DATABASE_URL"]
            .iter()
            .find_map(|name| env.get(*name).filter(|url| !url.trim().is_empty()));
        if let Some(url) = url {
            builder = builder.set_override("database.url", url.as_str())?;
        }
        let prefixed: HashMap<String, String> = env
            .iter()
            .filter(|(key, _)| key.starts_with("STOREGISTER__"))
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
        builder = builder.add_source(
            Environment::with_prefix("STOREGISTER")
                .prefix_separator("__")
                .separator("__")
                .try_parsing(true)
                .source(Some(prefixed)),
        );
        let settings: Settings = builder.build()?.try_deserialize()?;
        settings.check()?;
        Ok(settings)
    }

    fn check(&self) -> Result<(), SettingsError> {
        if !(4..=31).contains(&self.auth.bcrypt_cost) {
            return Err(SettingsError::Invalid(
                "auth.bcrypt_cost must be 4 to 31".into(),
            ));
        }
        self.server.cors_origins()?;
        self.server.trusted_proxies()?;
        self.server.public_url()?;
        if !(1..=1000).contains(&self.database.pool_size) {
            return Err(SettingsError::Invalid(
                "database.pool_size must be 1 to 1000 (as many threads run database work)".into(),
            ));
        }
        if !(1..=600_000).contains(&self.database.acquire_timeout_ms) {
            return Err(SettingsError::Invalid(
                "database.acquire_timeout_ms must be 1 to 600000".into(),
            ));
        }
        if self.server.body_read_timeout_seconds == 0 {
            return Err(SettingsError::Invalid(
                "server.body_read_timeout_seconds must be positive".into(),
            ));
        }
        if self.database.records_cache_mib > 4096 {
            return Err(SettingsError::Invalid(
                "database.records_cache_mib must be 0 to 4096".into(),
            ));
        }
        if self.storage.picture_cache_mib > 4096 {
            return Err(SettingsError::Invalid(
                "storage.picture_cache_mib must be 0 to 4096".into(),
            ));
        }
        if self.storage.max_picture_pixels == 0 {
            return Err(SettingsError::Invalid(
                "storage.max_picture_pixels must be positive".into(),
            ));
        }
        if self.mail.poll_interval_ms == 0 || self.mail.poll_interval_ms > 3_600_000 {
            return Err(SettingsError::Invalid(
                "mail.poll_interval_ms must be 1 to 3600000".into(),
            ));
        }
        if self.mail.max_attempts == 0 {
            return Err(SettingsError::Invalid(
                "mail.max_attempts must be at least 1".into(),
            ));
        }
        if self.auth.client_requests_per_minute > 0 && self.auth.client_burst == 0 {
            return Err(SettingsError::Invalid(
                "auth.client_burst must be at least 1 while auth.client_requests_per_minute is on"
                    .into(),
            ));
        }
        // a pause of seconds would hold every login for minutes under load
        if self.auth.hash_slice_micros == 0 || self.auth.hash_slice_micros > 1_000_000 {
            return Err(SettingsError::Invalid(
                "auth.hash_slice_micros must be 1 to 1000000".into(),
            ));
        }
        if self.auth.hash_pause_micros > 1_000_000 {
            return Err(SettingsError::Invalid(
                "auth.hash_pause_micros must be 0 to 1000000".into(),
            ));
        }
        if self.auth.password_attempts > 0
            && !(1..=MAX_ATTEMPT_WINDOW_SECONDS)
                .contains(&self.auth.password_attempt_window_seconds)
        {
            return Err(SettingsError::Invalid(format!(
                "auth.password_attempt_window_seconds must be 1 to {MAX_ATTEMPT_WINDOW_SECONDS} (30 days)"
            )));
        }
        if self.auth.code_ttl_seconds == 0 || self.auth.code_tries == 0 {
            return Err(SettingsError::Invalid(
                "auth.code_ttl_seconds and auth.code_tries must be positive".into(),
            ));
        }
        if self.auth.concurrency_stamp_ttl_seconds == 0 {
            return Err(SettingsError::Invalid(
                "auth.concurrency_stamp_ttl_seconds must be positive".into(),
            ));
        }
        if self.storage.max_picture_bytes == 0 {
            return Err(SettingsError::Invalid(
                "storage.max_picture_bytes must be positive".into(),
            ));
        }
        if self.auth.token_ttl_seconds == 0 {
            return Err(SettingsError::Invalid(
                "auth.token_ttl_seconds must be positive".into(),
            ));
        }
        if self.database.url.expose_secret().trim().is_empty() {
            return Err(SettingsError::Invalid(
                "database.url must not be empty".into(),
            ));
        }
        let production = self.environment == RunEnvironment::Production;
        match &self.auth.jwt_secret {
            Some(secret) => check_secret("auth.jwt_secret", secret.expose_secret(), production)?,
            None if production => {
                return Err(SettingsError::Invalid(
                    "auth.jwt_secret (STOREGISTER__AUTH__JWT_SECRET) is required in production"
                        .into(),
                ));
            }
            None => {}
        }
        for previous in self.auth.jwt_previous_secrets() {
            check_secret("auth.jwt_previous_secrets", previous, production)?;
        }
        Ok(())
    }

    /// The database URL.
    pub fn database_url(&self) -> &str {
        self.database.url.expose_secret()
    }
}

impl AuthSettings {
    /// The earlier JWT secrets still accepted, in the order given.
    pub fn jwt_previous_secrets(&self) -> Vec<&str> {
        self.jwt_previous_secrets
            .as_ref()
            .map(|list| {
                list.expose_secret()
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Secrets that ship in examples and compose files: never accepted in production.
const PLACEHOLDER_SECRETS: [&str; 6] = [
    "change-me",
    "changeme",
    "replace-me",
    "your-secret",
    "benchmark-secret",
    "0123456789abcdef",
];

/// The fewest different bytes a production secret must have: a secret of one or two repeated
/// characters (32 spaces, `aaaa…`) has next to no entropy whatever its length.
pub const MIN_JWT_SECRET_VARIETY: usize = 12;

/// Refuses a secret that is short anywhere, and in production one of low variety or made
/// from a known placeholder.
fn check_secret(key: &str, secret: &str, production: bool) -> Result<(), SettingsError> {
    if secret.len() < MIN_JWT_SECRET_BYTES {
        return Err(SettingsError::Invalid(format!(
            "{key} must be at least {MIN_JWT_SECRET_BYTES} bytes"
        )));
    }
    if !production {
        return Ok(());
    }
    let mut seen = [false; 256];
    for byte in secret.bytes() {
        seen[usize::from(byte)] = true;
    }
    let variety = seen.iter().filter(|s| **s).count();
    if variety < MIN_JWT_SECRET_VARIETY {
        return Err(SettingsError::Invalid(format!(
            "{key} has only {variety} different characters: use a random secret \
             (e.g. openssl rand -base64 48)"
        )));
    }
    let lower = secret.to_ascii_lowercase();
    if let Some(placeholder) = PLACEHOLDER_SECRETS.iter().find(|p| lower.contains(*p)) {
        return Err(SettingsError::Invalid(format!(
            "{key} contains the placeholder {placeholder:?}: use a random secret \
             (e.g. openssl rand -base64 48)"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn nothing_configured_gives_the_sqlite_defaults() {
        let settings = Settings::load_from(&env(&[])).unwrap();
        assert_eq!(settings.database_url(), "./data/storegister.db");
        assert_eq!(settings.server.port, 8080);
        assert_eq!(settings.auth.bcrypt_cost, 12);
        assert_eq!(settings.auth.token_ttl_seconds, 86_400);
        assert_eq!(settings.storage.path, PathBuf::from("./data/files"));
        assert_eq!(settings.storage.max_picture_bytes, 5 * 1024 * 1024);
        assert_eq!(settings.storage.picture_cache_mib, 16);
        assert_eq!(settings.database.records_cache_mib, 16);
        assert_eq!(settings.auth.concurrency_stamp_ttl_seconds, 900);
        assert_eq!(settings.auth.code_ttl_seconds, 900);
        assert_eq!(settings.auth.code_tries, 5);
        assert!(!settings.auth.registration_requires_verification);
        assert_eq!(
            (
                settings.auth.hash_slice_micros,
                settings.auth.hash_pause_micros
            ),
            (50, 950)
        );
        assert_eq!(
            (
                settings.auth.password_attempts,
                settings.auth.password_attempt_window_seconds
            ),
            (10, 900)
        );
        assert_eq!(settings.environment, RunEnvironment::Development);
        assert!(settings.auth.jwt_secret.is_none());
    }

    #[test]
    fn prefixed_variables_win_over_database_url() {
        let settings = Settings::load_from(&env(&[
            ("DATABASE_URL", "postgres://plain/db"),
            ("STOREGISTER__SERVER__PORT", "9000"),
            ("STOREGISTER__AUTH__BCRYPT_COST", "4"),
        ]))
        .unwrap();
        assert_eq!(settings.database_url(), "postgres://plain/db");
        assert_eq!(settings.server.port, 9000);
        assert_eq!(settings.auth.bcrypt_cost, 4);

        let settings = Settings::load_from(&env(&[
            ("DATABASE_URL", "postgres://plain/db"),
            ("STOREGISTER__DATABASE__URL", "postgres://prefixed/db"),
        ]))
        .unwrap();
        assert_eq!(settings.database_url(), "postgres://prefixed/db");
    }

    #[test]
    fn a_named_file_is_read_and_must_exist() {
        let folder =
            std::env::temp_dir().join(format!("storegister-settings-{}", std::process::id()));
        std::fs::create_dir_all(&folder).unwrap();
        let file = folder.join("config.toml");
        std::fs::write(
            &file,
            "[server]\nport = 7000\n[auth]\ntoken_ttl_seconds = 60\n",
        )
        .unwrap();
        let path = file.to_string_lossy().into_owned();
        let settings = Settings::load_from(&env(&[("STOREGISTER_CONFIG", &path)])).unwrap();
        assert_eq!(settings.server.port, 7000);
        assert_eq!(settings.auth.token_ttl_seconds, 60);
        let settings = Settings::load_from(&env(&[
            ("STOREGISTER_CONFIG", &path),
            ("STOREGISTER__SERVER__PORT", "7001"),
        ]))
        .unwrap();
        assert_eq!(settings.server.port, 7001);
        let missing = folder.join("missing.toml").to_string_lossy().into_owned();
        assert!(Settings::load_from(&env(&[("STOREGISTER_CONFIG", &missing)])).is_err());
        std::fs::remove_dir_all(folder).unwrap();
    }

    #[test]
    fn production_requires_a_long_jwt_secret() {
        let production = ("STOREGISTER__ENVIRONMENT", "production");
        assert!(Settings::load_from(&env(&[production])).is_err());
        assert!(
            Settings::load_from(&env(&[
                production,
                ("STOREGISTER__AUTH__JWT_SECRET", "short")
            ]))
            .is_err()
        );
        let with_secret = |secret: &str| {
            Settings::load_from(&env(&[
                production,
                ("STOREGISTER__AUTH__JWT_SECRET", secret),
            ]))
        };
        let random = "q8Vn2LxR7tWz4Kc9Hs1Jm6Pd3Fb0Gy5A";
        assert!(with_secret(random).is_ok());
        for weak in [
            // the compose file's old value
            "change-me-change-me-change-me-change-me",
            // 32 spaces, and other secrets of a few characters
            &" ".repeat(32),
            &"ab".repeat(20),
            "0123456789abcdef0123456789abcdef",
            "Benchmark-Secret-benchmark-secret-benchmark",
        ] {
            assert!(with_secret(weak).is_err(), "{weak:?}");
        }
        // development takes any secret of the length, with a warning elsewhere
        assert!(
            Settings::load_from(&env(&[("STOREGISTER__AUTH__JWT_SECRET", &" ".repeat(32))]))
                .is_ok()
        );
        // previous secrets meet the same rules
        let rotated = |previous: &str| {
            Settings::load_from(&env(&[
                production,
                ("STOREGISTER__AUTH__JWT_SECRET", random),
                ("STOREGISTER__AUTH__JWT_PREVIOUS_SECRETS", previous),
            ]))
        };
        let settings =
            rotated("Zx3Cv5Bn7Mq9Wr2Ty4Ui6Op8As1Df0Gh, Lk2Jh4Gf6Ds8Az0Xc1Vb3Nm5Qw7Er9Ty").unwrap();
        assert_eq!(settings.auth.jwt_previous_secrets().len(), 2);
        assert!(rotated("short").is_err());
        assert!(rotated(&"x".repeat(40)).is_err());
    }

    #[test]
    fn the_public_url_defaults_to_the_listen_address() {
        let url = |pairs: &[(&str, &str)]| {
            Settings::load_from(&env(pairs)).map(|s| s.server.public_url().unwrap())
        };
        assert_eq!(url(&[]).unwrap(), "http://127.0.0.1:8080");
        assert_eq!(
            url(&[("STOREGISTER__SERVER__HOST", "0.0.0.0")]).unwrap(),
            "http://localhost:8080"
        );
        assert_eq!(
            url(&[(
                "STOREGISTER__SERVER__PUBLIC_URL",
                "https://api.example.com/"
            )])
            .unwrap(),
            "https://api.example.com"
        );
        for wrong in [
            "api.example.com",
            "ftp://x",
            "https://",
            "https://a.example?x",
        ] {
            assert!(
                url(&[("STOREGISTER__SERVER__PUBLIC_URL", wrong)]).is_err(),
                "{wrong}"
            );
        }
    }

    #[test]
    fn out_of_range_values_are_refused() {
        assert!(Settings::load_from(&env(&[("STOREGISTER__AUTH__BCRYPT_COST", "3")])).is_err());
        assert!(Settings::load_from(&env(&[("STOREGISTER__SERVER__PORT", "http")])).is_err());
        for (key, value) in [
            ("STOREGISTER__AUTH__HASH_SLICE_MICROS", "0"),
            ("STOREGISTER__AUTH__HASH_SLICE_MICROS", "1000001"),
            ("STOREGISTER__AUTH__HASH_PAUSE_MICROS", "1000001"),
            ("STOREGISTER__AUTH__HASH_PAUSE_MICROS", "-1"),
            ("STOREGISTER__AUTH__PASSWORD_ATTEMPT_WINDOW_SECONDS", "0"),
            (
                "STOREGISTER__AUTH__PASSWORD_ATTEMPT_WINDOW_SECONDS",
                "2592001",
            ),
            ("STOREGISTER__DATABASE__POOL_SIZE", "0"),
            ("STOREGISTER__DATABASE__POOL_SIZE", "1001"),
            ("STOREGISTER__STORAGE__PICTURE_CACHE_MIB", "4097"),
            ("STOREGISTER__DATABASE__RECORDS_CACHE_MIB", "4097"),
            ("STOREGISTER__DATABASE__RECORDS_CACHE_MIB", "-1"),
        ] {
            assert!(
                Settings::load_from(&env(&[(key, value)])).is_err(),
                "{key}={value}"
            );
        }
        let unpaced = Settings::load_from(&env(&[("STOREGISTER__AUTH__HASH_PAUSE_MICROS", "0")]));
        assert_eq!(unpaced.unwrap().auth.hash_pause_micros, 0);
        let uncached =
            Settings::load_from(&env(&[("STOREGISTER__DATABASE__RECORDS_CACHE_MIB", "0")]));
        assert_eq!(uncached.unwrap().database.records_cache_mib, 0);
    }

    #[test]
    fn cors_origins_are_any_a_list_or_none() {
        let origins = |value: &str| {
            Settings::load_from(&env(&[(
                "STOREGISTER__SERVER__CORS_ALLOWED_ORIGINS",
                value,
            )]))
            .map(|s| s.server.cors_origins().unwrap())
        };
        assert_eq!(
            Settings::load_from(&env(&[]))
                .unwrap()
                .server
                .cors_origins()
                .unwrap(),
            CorsOrigins::Any
        );
        assert_eq!(origins(" * ").unwrap(), CorsOrigins::Any);
        assert_eq!(origins("").unwrap(), CorsOrigins::Listed(vec![]));
        assert_eq!(
            origins("https://Portal.Example.com, http://localhost:5173,").unwrap(),
            CorsOrigins::Listed(vec![
                "https://portal.example.com".into(),
                "http://localhost:5173".into()
            ])
        );
        for wrong in [
            "portal.example.com",
            "https://portal.example.com/",
            "https://*.example.com",
            "https://",
            "ftp://example.com",
            "*, https://a.example.com",
        ] {
            assert!(origins(wrong).is_err(), "{wrong}");
        }
    }

    #[test]
    fn secrets_do_not_print() {
        let settings = Settings::load_from(&env(&[
            ("STOREGISTER__DATABASE__URL", "postgres://user:hunter2@db/x"),
            (
                "STOREGISTER__AUTH__JWT_SECRET",
                "0123456789abcdef0123456789abcdef-secret",
            ),
        ]))
        .unwrap();
        let printed = format!("{settings:?}");
        assert!(!printed.contains("hunter2"));
        assert!(!printed.contains("-secret"));
    }
}
