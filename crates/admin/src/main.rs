//! `storegister-admin`: the management command line. It reads the same configuration as the
//! API server and uses the same domain crates and database.
//!
//! Scripts depend on its interface: a created company's id and a created key are the last
//! line of standard output; failures exit non-zero with a one-line reason on standard error.

use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use serde::Serialize;
use storegister_auth::api_key;
use storegister_company::{ApiKey, Company, CompanyRepository};
use storegister_invoice::{Currency, CurrencyError};
use storegister_kernel::{CompanyId, Store};
use storegister_persistence::{Database, PoolOptions, Repo, migrations};
use storegister_settings::Settings;

/// Manage StoRegister: companies, API keys and the database schema.
#[derive(Debug, Parser)]
#[command(name = "storegister-admin", version, about)]
struct Cli {
    /// Print one JSON document instead of human-readable text.
    #[arg(long, global = true)]
    json: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Storage companies.
    #[command(subcommand)]
    Company(CompanyCommand),
    /// API keys of a company.
    #[command(subcommand, name = "api-key")]
    ApiKey(ApiKeyCommand),
    /// Apply pending database migrations.
    Migrate,
}

#[derive(Debug, Subcommand)]
enum CompanyCommand {
    /// Create a company; prints its id as the last line.
    Create(CompanyCreate),
}

#[derive(Debug, Args)]
struct CompanyCreate {
    /// The company's name.
    #[arg(long)]
    name: String,
    /// The ISO 4217 currency of its rents and invoices.
    #[arg(long, default_value = "EUR")]
    currency: String,
}

#[derive(Debug, Subcommand)]
enum ApiKeyCommand {
    /// Create a key; prints the key (shown only this once) as the last line.
    Create {
        /// The company's id.
        #[arg(long)]
        company: String,
        /// A label, e.g. "website" or "portal".
        #[arg(long)]
        name: String,
    },
    /// List a company's keys (prefixes only; keys are never stored).
    List {
        /// The company's id.
        #[arg(long)]
        company: String,
    },
    /// Revoke a key by its id or the prefix `list` shows.
    Revoke {
        /// The key's id, or its prefix (e.g. sr_AbCdEfGh).
        prefix_or_id: String,
    },
}

/// Why a command failed; printed as one line.
#[derive(Debug, thiserror::Error)]
enum AdminError {
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    NotFound(String),
    #[error(transparent)]
    Settings(#[from] storegister_settings::SettingsError),
    #[error(transparent)]
    Setup(#[from] storegister_persistence::SetupError),
    #[error(transparent)]
    Store(#[from] storegister_kernel::StoreError),
    #[error(transparent)]
    Key(#[from] api_key::CreateKeyError),
    #[error("{0}")]
    Migrate(#[from] migrations::MigrationError),
}

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), AdminError> {
    let settings = Settings::load()?;
    let out = Output { json: cli.json };
    let now = chrono::Utc::now().naive_utc();
    match cli.command {
        Command::Migrate => {
            let database = Database::connect(settings.database_url(), pool_options())?;
            let applied = migrations::run(&mut *database.connection()?)?;
            out.migrated(&applied);
        }
        Command::Company(CompanyCommand::Create(args)) => {
            let currency: Currency = args
                .currency
                .parse()
                .map_err(|e: CurrencyError| AdminError::Invalid(e.to_string()))?;
            let company = Company::new(&args.name, currency, now)
                .map_err(|e| AdminError::Invalid(e.to_string()))?;
            open(&settings)?.insert_company(&company)?;
            out.company_created(&company);
        }
        Command::ApiKey(ApiKeyCommand::Create { company, name }) => {
            let company = company_id(&company)?;
            let (key, secret) = api_key::create(&mut open(&settings)?, company, &name, now)?;
            out.key_created(&key, &secret);
        }
        Command::ApiKey(ApiKeyCommand::List { company }) => {
            let company = company_id(&company)?;
            let mut repo = open(&settings)?;
            if repo.find_company(company)?.is_none() {
                return Err(AdminError::NotFound(format!(
                    "no company has the id {company}"
                )));
            }
            out.keys(&repo.list_api_keys(company)?);
        }
        Command::ApiKey(ApiKeyCommand::Revoke { prefix_or_id }) => {
            let mut repo = open(&settings)?;
            let found = repo.find_api_keys(&prefix_or_id)?;
            let key = match found.as_slice() {
                [key] => key,
                [] => {
                    return Err(AdminError::NotFound(format!(
                        "no API key has the id or prefix {prefix_or_id:?}"
                    )));
                }
                _ => {
                    return Err(AdminError::Invalid(format!(
                        "{} keys start with {prefix_or_id:?}; give more of the prefix or the id",
                        found.len()
                    )));
                }
            };
            if !repo.revoke_api_key(key.id, now)? {
                return Err(AdminError::Invalid(format!(
                    "the key {} was revoked already",
                    key.prefix
                )));
            }
            out.key_revoked(key);
        }
    }
    Ok(())
}

/// A command needs few connections.
fn pool_options() -> PoolOptions {
    PoolOptions {
        max_size: 2,
        ..PoolOptions::default()
    }
}

/// Opens (and migrates) the configured database.
fn open(settings: &Settings) -> Result<Repo, AdminError> {
    Ok(Database::open(settings.database_url(), pool_options())?.repo()?)
}

fn company_id(text: &str) -> Result<CompanyId, AdminError> {
    text.parse()
        .map_err(|_| AdminError::Invalid(format!("{text:?} is not a company id (a GUID)")))
}

/// Writes results for people or, with `--json`, for scripts.
struct Output {
    json: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct KeyView<'a> {
    id: String,
    company_id: String,
    name: &'a str,
    prefix: &'a str,
    created_at: String,
    revoked_at: Option<String>,
}

impl<'a> From<&'a ApiKey> for KeyView<'a> {
    fn from(key: &'a ApiKey) -> Self {
        Self {
            id: key.id.to_string(),
            company_id: key.company_id.to_string(),
            name: &key.name,
            prefix: &key.prefix,
            created_at: key.created_at.and_utc().to_rfc3339(),
            revoked_at: key.revoked_at.map(|at| at.and_utc().to_rfc3339()),
        }
    }
}

impl Output {
    fn print_json(&self, value: serde_json::Value) {
        println!("{value}");
    }

    fn migrated(&self, applied: &[String]) {
        if self.json {
            self.print_json(serde_json::json!({ "applied": applied }));
        } else if applied.is_empty() {
            println!("the database schema is up to date");
        } else {
            println!(
                "applied {} migration(s): {}",
                applied.len(),
                applied.join(", ")
            );
        }
    }

    fn company_created(&self, company: &Company) {
        if self.json {
            self.print_json(serde_json::json!({
                "id": company.id.to_string(),
                "name": company.name,
                "currency": company.currency.code(),
            }));
        } else {
            println!("created company {:?} ({})", company.name, company.currency);
            println!("{}", company.id);
        }
    }

    fn key_created(&self, key: &ApiKey, secret: &str) {
        if self.json {
            let mut value = serde_json::to_value(KeyView::from(key)).unwrap_or_default();
            value["apiKey"] = serde_json::Value::String(secret.to_owned());
            self.print_json(value);
        } else {
            println!(
                "created API key {:?} ({}) for company {}",
                key.name, key.prefix, key.company_id
            );
            println!("store it now: it is shown only this once");
            println!("{secret}");
        }
    }

    fn keys(&self, keys: &[ApiKey]) {
        if self.json {
            let views: Vec<KeyView<'_>> = keys.iter().map(KeyView::from).collect();
            self.print_json(serde_json::to_value(views).unwrap_or_default());
        } else if keys.is_empty() {
            println!("no API keys");
        } else {
            println!(
                "{:<36}  {:<11}  {:<20}  {:<8}  name",
                "id", "prefix", "created (UTC)", "status"
            );
            for key in keys {
                println!(
                    "{:<36}  {:<11}  {:<20}  {:<8}  {}",
                    key.id,
                    key.prefix,
                    key.created_at.format("%Y-%m-%d %H:%M:%S"),
                    if key.revoked_at.is_some() {
                        "revoked"
                    } else {
                        "active"
                    },
                    key.name
                );
            }
        }
    }

    fn key_revoked(&self, key: &ApiKey) {
        if self.json {
            self.print_json(serde_json::json!({ "id": key.id.to_string(), "prefix": key.prefix, "revoked": true }));
        } else {
            println!("revoked API key {} ({})", key.prefix, key.id);
        }
    }
}
