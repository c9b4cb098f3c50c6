//! The management commands: each parses its arguments into typed values, calls one use case
//! of the back office ([`Office`]), and reports the result as lines for people and a view for
//! `--json`. The rules live in the use cases, not here.

mod companies;
mod contacts;
mod contracts;
mod estate;
mod invoices;
mod regions;
mod tenants;

use chrono::NaiveDate;
use storegister_app::OfficeService;
use storegister_persistence::Database;

use crate::cli::Command;
use crate::{AdminError, Report};

/// The back-office use cases on the database.
pub type Office = OfficeService<Database>;

/// Runs one management command.
pub async fn run(office: &Office, command: Command) -> Result<Report, AdminError> {
    match command {
        Command::Company(command) => companies::company(office, command).await,
        Command::ApiKey(command) => companies::api_key(office, command).await,
        Command::Property(command) => estate::property(office, command).await,
        Command::Unit(command) => estate::unit(office, command).await,
        Command::Contract(command) => contracts::contract(office, command).await,
        Command::Invoice(command) => invoices::invoice(office, command).await,
        Command::Payment(command) => invoices::payment(office, command).await,
        Command::Receipt(command) => invoices::receipt(office, command).await,
        Command::CreditNote(command) => invoices::credit_note(office, command).await,
        Command::Voucher(command) => invoices::voucher(office, command).await,
        Command::Region(command) => regions::region(office, command).await,
        Command::Tenant(command) => tenants::tenant(office, command).await,
        Command::Contact(command) => contacts::contact(office, command).await,
        Command::Migrate | Command::Demo(_) => {
            Err(AdminError::Invalid("not a management command".into()))
        }
    }
}

/// A date argument, `YYYY-MM-DD`.
fn parse_date(text: &str, what: &str) -> Result<NaiveDate, AdminError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        AdminError::Invalid(format!(
            "{what} must be a date like 2026-01-31, not {text:?}"
        ))
    })
}

/// An id argument (a GUID).
fn parse_id<T: std::str::FromStr>(text: &str, what: &str) -> Result<T, AdminError> {
    text.parse()
        .map_err(|_| AdminError::Invalid(format!("{text:?} is not a {what} id (a GUID)")))
}

/// An enumerated argument (a status, a period, a unit of size, a type).
fn parse_choice<T: std::str::FromStr<Err = String>>(text: &str) -> Result<T, AdminError> {
    text.parse().map_err(AdminError::Invalid)
}
