//! `storegister-admin`: the management command line. It reads the same configuration as the
//! API server and uses the same domain crates, validation and repositories.
//!
//! Scripts depend on its interface: a created record's id (or a created key) is the last line
//! of standard output; `--json` prints one JSON document instead; failures exit non-zero with
//! a one-line reason on standard error and leave nothing half-written.

mod cli;
mod demo;
mod manage;

use std::process::ExitCode;

use clap::Parser as _;
use storegister_kernel::StoreError;
use storegister_persistence::{Database, PoolOptions, Repo, SetupError, migrations};
use storegister_settings::Settings;

use crate::cli::{Cli, Command};

/// What a command produced: lines for people, one document for scripts.
pub struct Report {
    lines: Vec<String>,
    json: serde_json::Value,
}

impl Report {
    /// A report; for commands that create something, the last line is its id.
    pub fn new(lines: Vec<String>, json: serde_json::Value) -> Self {
        Self { lines, json }
    }
}

/// Why a command failed; printed as one line.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    /// Bad input.
    #[error("{0}")]
    Invalid(String),
    /// Something named does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The configuration cannot be read.
    #[error(transparent)]
    Settings(#[from] storegister_settings::SettingsError),
    /// The database cannot be opened.
    #[error(transparent)]
    Setup(#[from] SetupError),
    /// The database failed.
    #[error("{0}")]
    Store(String),
    /// Migrations failed.
    #[error("{0}")]
    Migrate(#[from] migrations::MigrationError),
}

impl From<StoreError> for AdminError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Duplicate(what) => AdminError::Invalid(format!("already exists: {what}")),
            other => AdminError::Store(other.to_string()),
        }
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
            // one line, whatever the error's text holds
            let message = error.to_string().replace('\n', " ");
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command) -> Result<Report, AdminError> {
    let settings = Settings::load()?;
    let url = settings.database_url().to_owned();
    if let Command::Migrate = command {
        let database = Database::connect(&url, pool_options())?;
        let applied = migrations::run(&mut *database.connection()?)?;
        let line = if applied.is_empty() {
            "the database schema is up to date".to_owned()
        } else {
            format!(
                "applied {} migration(s): {}",
                applied.len(),
                applied.join(", ")
            )
        };
        return Ok(Report::new(
            vec![line],
            serde_json::json!({ "applied": applied }),
        ));
    }
    let database = Database::open(&url, pool_options())?;
    let repo: Repo = database.repo()?;
    match command {
        Command::Demo(args) => demo::run(repo, &settings, args).await,
        other => manage::run(repo, other),
    }
}

/// A command needs few connections.
fn pool_options() -> PoolOptions {
    PoolOptions {
        max_size: 2,
        ..PoolOptions::default()
    }
}
