//! `storegister-admin`: the management command line. It reads the same configuration as the
//! API server and calls the same application layer: the back-office use cases of
//! `storegister-app`, on the same database.
//!
//! Scripts depend on its interface: a created record's id (or a created key) is the last line
//! of standard output; `--json` prints one JSON document instead; failures exit non-zero with
//! a one-line reason on standard error and leave nothing half-written.

mod cli;
mod commands;
mod demo;
mod views;

use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser as _;
use serde::Serialize;
use std::time::Duration;
use storegister_app::{OfficeError, OfficeService};
use storegister_auth::ApiKeyMinter;
use storegister_kernel::{Chain, StoreError, SystemClock};

use storegister_persistence::migrations::LockWait;
use storegister_persistence::{Database, PoolOptions, SetupError, import_picture_files};
use storegister_settings::Settings;

use crate::cli::{Cli, Command};
use crate::commands::Office;
use crate::views::MigrateView;

/// What a command produced: lines for people, one document for scripts.
pub struct Report {
    lines: Vec<String>,
    json: serde_json::Value,
}

impl Report {
    /// A report; for commands that create something, the last line is its id.
    pub fn new(lines: Vec<String>, view: impl Serialize) -> Self {
        Self {
            lines,
            // our views are plain structs, which always serialise
            json: serde_json::to_value(view).unwrap_or_default(),
        }
    }

    /// The report of a command that created something: what, then its id.
    pub fn created(what: String, id: String, view: impl Serialize) -> Self {
        Self::new(vec![what, id], view)
    }
}

/// Why a command failed; printed as one line ([`AdminError::message`]).
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    /// Bad arguments.
    #[error("{0}")]
    Invalid(String),
    /// A use case refused or failed.
    #[error(transparent)]
    Office(#[from] OfficeError),
    /// The configuration cannot be read.
    #[error(transparent)]
    Settings(#[from] storegister_settings::SettingsError),
    /// The database cannot be opened.
    #[error(transparent)]
    Setup(#[from] SetupError),
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Migrations failed.
    #[error(transparent)]
    Migrate(#[from] storegister_persistence::migrations::MigrationError),
}

impl AdminError {
    /// The one line an operator reads: the refusal in the command line's words, or the
    /// failure with its causes.
    pub fn message(&self) -> String {
        let line = match self {
            AdminError::Office(error) => office_message(error),
            AdminError::Store(error) => store_message(error),
            other => Chain(other).to_string(),
        };
        line.replace('\n', " ")
    }
}

/// The back office's outcomes in the command line's words.
fn office_message(error: &OfficeError) -> String {
    match error {
        OfficeError::AmbiguousApiKey { prefix, matches } => {
            format!("{matches} keys start with {prefix:?}; give more of the prefix or the id")
        }
        OfficeError::NewContractEnded => {
            "a new contract is ACTIVE or TERMINATING; end it with `contract end`".into()
        }
        OfficeError::Store(error) => store_message(error),
        other => Chain(other).to_string(),
    }
}

fn store_message(error: &StoreError) -> String {
    match error {
        StoreError::Duplicate(cause) => format!("already exists: {}", Chain(cause.as_ref())),
        other => Chain(other).to_string(),
    }
}

/// Turns any displayable refusal into [`AdminError::Invalid`].
pub fn invalid(error: impl std::fmt::Display) -> AdminError {
    AdminError::Invalid(error.to_string())
}

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) if !error.use_stderr() => {
            // --help and --version
            let _ = error.print();
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            // clap's first line is the reason; the usage after it is for --help
            let rendered = error.to_string();
            eprintln!(
                "{} (see --help)",
                rendered.lines().next().unwrap_or("error: bad arguments")
            );
            return ExitCode::from(2);
        }
    };
    let json = cli.json;
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: cannot start: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command)) {
        Ok(report) => {
            if json {
                println!("{}", report.json);
            } else {
                for line in report.lines {
                    println!("{line}");
                }
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {}", error.message());
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command) -> Result<Report, AdminError> {
    let settings = Settings::load()?;
    let url = settings.database_url().to_owned();
    if let Command::Migrate = command {
        let database = Database::connect(&url, pool_options(&settings))?;
        let applied = database.migrate()?;
        let mut lines = vec![if applied.is_empty() {
            "the database schema is up to date".to_owned()
        } else {
            format!(
                "applied {} migration(s): {}",
                applied.len(),
                applied.join(", ")
            )
        }];
        // pictures an earlier version kept as files on this machine
        let pictures = import_picture_files(&mut database.repo()?, &settings.storage.path)?;
        if pictures.moved + pictures.removed + pictures.missing > 0 {
            lines.push(format!(
                "picture files of {}: {} moved into the database, {} files removed, {} pictures not on this machine",
                settings.storage.path.display(),
                pictures.moved,
                pictures.removed,
                pictures.missing
            ));
        }
        return Ok(Report::new(
            lines,
            MigrateView {
                applied,
                pictures_moved: pictures.moved,
                pictures_missing: pictures.missing,
            },
        ));
    }
    let database = Database::open(&url, pool_options(&settings))?;
    let office: Office = OfficeService::new(
        database.clone(),
        Arc::new(SystemClock),
        Arc::new(ApiKeyMinter),
    );
    match command {
        Command::Demo(args) => demo::run(&office, &database, &settings, args).await,
        other => commands::run(&office, other).await,
    }
}

/// A command needs few connections (the demo one per writer, besides its own); they behave
/// as the server's (behind pgbouncer, too). Connections are opened when first needed.
fn pool_options(settings: &Settings) -> PoolOptions {
    let database = &settings.database;
    PoolOptions {
        max_size: 2 + demo::MAX_WRITERS as u32,
        acquire_timeout: Duration::from_millis(database.acquire_timeout_ms),
        statement_cache: database.statement_cache,
        migration_wait: LockWait {
            timeout: Duration::from_secs(database.migration_lock_timeout_seconds),
            ..LockWait::default()
        },
    }
}
