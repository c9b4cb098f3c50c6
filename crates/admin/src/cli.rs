//! The command line, as clap reads it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Manage StoRegister: companies, API keys, properties, units, contracts, invoices, payments,
/// regions, demo data and the database schema.
#[derive(Debug, Parser)]
#[command(name = "storegister-admin", version, about)]
pub struct Cli {
    /// Print one JSON document instead of human-readable text.
    #[arg(long, global = true)]
    pub json: bool,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Storage companies.
    #[command(subcommand)]
    Company(CompanyCommand),
    /// API keys of a company.
    #[command(subcommand, name = "api-key")]
    ApiKey(ApiKeyCommand),
    /// Properties (storage sites) of a company.
    #[command(subcommand)]
    Property(PropertyCommand),
    /// Units of a company's properties.
    #[command(subcommand)]
    Unit(UnitCommand),
    /// Rental contracts.
    #[command(subcommand)]
    Contract(ContractCommand),
    /// Invoices.
    #[command(subcommand)]
    Invoice(InvoiceCommand),
    /// Payments against invoices.
    #[command(subcommand)]
    Payment(PaymentCommand),
    /// Receipt vouchers: money received from tenants.
    #[command(subcommand)]
    Receipt(ReceiptCommand),
    /// Credit notes: amounts taken off invoices.
    #[command(subcommand, name = "credit-note")]
    CreditNote(CreditNoteCommand),
    /// Payment vouchers: money paid to tenants.
    #[command(subcommand)]
    Voucher(VoucherCommand),
    /// Regions (states, counties, provinces) of countries.
    #[command(subcommand)]
    Region(RegionCommand),
    /// Tenants' sessions.
    #[command(subcommand)]
    Tenant(TenantCommand),
    /// Contacts (leads and tenants).
    #[command(subcommand)]
    Contact(ContactCommand),
    /// Create (or complete) a demo company with tenants, contracts and invoices; prints an API
    /// key and a tenant's login.
    Demo(DemoArgs),
    /// Apply pending database migrations.
    Migrate,
}

/// `company …`
#[derive(Debug, Subcommand)]
pub enum CompanyCommand {
    /// Create a company; prints its id as the last line.
    Create {
        /// The company's name.
        #[arg(long)]
        name: String,
        /// The ISO 4217 currency of its rents and invoices.
        #[arg(long, default_value = "EUR")]
        currency: String,
    },
}

/// `api-key …`
#[derive(Debug, Subcommand)]
pub enum ApiKeyCommand {
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

/// The company every data command works in.
#[derive(Debug, Args)]
pub struct CompanyArg {
    /// The company's id.
    #[arg(long)]
    pub company: String,
}

/// `property …`
#[derive(Debug, Subcommand)]
pub enum PropertyCommand {
    /// Create a property; prints its id as the last line.
    Create {
        #[command(flatten)]
        company: CompanyArg,
        /// Its name, e.g. "Copenhagen North".
        #[arg(long)]
        name: String,
        /// Street address.
        #[arg(long)]
        address: Option<String>,
        /// City.
        #[arg(long)]
        city: Option<String>,
    },
    /// List the company's properties.
    List {
        #[command(flatten)]
        company: CompanyArg,
    },
}

/// `unit …`
#[derive(Debug, Subcommand)]
pub enum UnitCommand {
    /// Create a unit in a property; prints its id as the last line.
    Create {
        #[command(flatten)]
        company: CompanyArg,
        /// The property's id.
        #[arg(long)]
        property: String,
        /// Its number on site, e.g. A-101.
        #[arg(long)]
        number: String,
        /// Its size, e.g. 12.5.
        #[arg(long)]
        size: String,
        /// m2 or m3.
        #[arg(long, default_value = "m2")]
        size_unit: String,
        /// E.g. Indoor, Container, Climate controlled.
        #[arg(long, default_value = "Indoor")]
        storage_type: String,
    },
    /// List the company's units.
    List {
        #[command(flatten)]
        company: CompanyArg,
        /// Only the units of this property.
        #[arg(long)]
        property: Option<String>,
    },
}

/// `contract …`
#[derive(Debug, Subcommand)]
pub enum ContractCommand {
    /// Create a contract; prints its id as the last line.
    Create {
        #[command(flatten)]
        company: CompanyArg,
        /// The tenant: e-mail address or contact id.
        #[arg(long)]
        tenant: String,
        /// The unit's id.
        #[arg(long)]
        unit: String,
        /// First day, YYYY-MM-DD.
        #[arg(long)]
        start: String,
        /// Last day, YYYY-MM-DD, if known.
        #[arg(long)]
        end: Option<String>,
        /// Rent per period in the company's currency, e.g. 125.50.
        #[arg(long, allow_hyphen_values = true)]
        rent: String,
        /// MONTHLY, QUARTERLY or YEARLY.
        #[arg(long, default_value = "MONTHLY")]
        period: String,
        /// The deposit, e.g. 251.00.
        #[arg(long, allow_hyphen_values = true, default_value = "0")]
        deposit: String,
        /// The contract number; generated when left out.
        #[arg(long)]
        number: Option<String>,
        /// ACTIVE or TERMINATING.
        #[arg(long, default_value = "ACTIVE")]
        status: String,
    },
    /// End a contract.
    End {
        #[command(flatten)]
        company: CompanyArg,
        /// The contract's id.
        contract: String,
        /// The last day, YYYY-MM-DD; today when left out.
        #[arg(long)]
        date: Option<String>,
    },
    /// List a tenant's contracts.
    List {
        #[command(flatten)]
        company: CompanyArg,
        /// The tenant: e-mail address or contact id.
        #[arg(long)]
        tenant: String,
    },
}

/// `invoice …`
#[derive(Debug, Subcommand)]
pub enum InvoiceCommand {
    /// Create an invoice; prints its id as the last line.
    Create {
        #[command(flatten)]
        company: CompanyArg,
        /// The tenant: e-mail address or contact id.
        #[arg(long)]
        tenant: String,
        /// The contract it belongs to.
        #[arg(long)]
        contract: Option<String>,
        /// The invoice number, unique in the company.
        #[arg(long)]
        number: String,
        /// The amount charged, e.g. 125.50.
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
        /// The due date, YYYY-MM-DD.
        #[arg(long)]
        due: String,
        /// The invoice date, YYYY-MM-DD; today when left out.
        #[arg(long)]
        date: Option<String>,
        /// RENTAL, CUSTOM, LATE_FEE or DEPOSIT.
        #[arg(long = "type", default_value = "RENTAL")]
        transaction_type: String,
    },
    /// List invoices.
    List {
        #[command(flatten)]
        company: CompanyArg,
        /// Only this tenant's (e-mail address or contact id).
        #[arg(long)]
        tenant: Option<String>,
    },
    /// Cancel an invoice nothing was paid or credited on (else reverse it).
    Cancel {
        #[command(flatten)]
        company: CompanyArg,
        /// The invoice's id or number.
        invoice: String,
    },
    /// Reverse an invoice: what was paid on it goes back to its receipts as advance.
    Reverse {
        #[command(flatten)]
        company: CompanyArg,
        /// The invoice's id or number.
        invoice: String,
        /// The reversal's date, YYYY-MM-DD; today when left out.
        #[arg(long)]
        date: Option<String>,
    },
}

/// `receipt …`
#[derive(Debug, Subcommand)]
pub enum ReceiptCommand {
    /// Record money received: allocated to the invoices named (--allocate), or to the open
    /// invoices oldest due first; the rest is kept as an advance. Prints its id last.
    Record {
        #[command(flatten)]
        company: CompanyArg,
        /// The tenant: e-mail address or contact id.
        #[arg(long)]
        tenant: String,
        /// The amount received, e.g. 250.00.
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
        /// The voucher number; one is made up when left out.
        #[arg(long)]
        number: Option<String>,
        /// When it came in, YYYY-MM-DD; today when left out.
        #[arg(long)]
        date: Option<String>,
        /// How it was paid, e.g. CARD or BANK_TRANSFER.
        #[arg(long, default_value = "BANK_TRANSFER")]
        method: String,
        /// INVOICE=AMOUNT (invoice id or number), repeatable: pay these invoices these amounts.
        #[arg(long = "allocate")]
        allocations: Vec<String>,
    },
    /// Apply what is left of a receipt (its advance) to the tenant's open invoices, oldest
    /// due first.
    Allocate {
        #[command(flatten)]
        company: CompanyArg,
        /// The receipt's id or number.
        receipt: String,
    },
}

/// `credit-note …`
#[derive(Debug, Subcommand)]
pub enum CreditNoteCommand {
    /// Take an amount off an invoice (never below zero: money paid beyond what it then
    /// charges goes back to its receipts as advance). Prints its id last.
    Issue {
        #[command(flatten)]
        company: CompanyArg,
        /// The invoice's id or number.
        #[arg(long)]
        invoice: String,
        /// The amount taken off, e.g. 9.90.
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
        /// Why.
        #[arg(long)]
        reason: String,
        /// Its number; one is made up when left out.
        #[arg(long)]
        number: Option<String>,
        /// Its date, YYYY-MM-DD; today when left out.
        #[arg(long)]
        date: Option<String>,
    },
}

/// `voucher …`
#[derive(Debug, Subcommand)]
pub enum VoucherCommand {
    /// Pay money to a tenant (a deposit refund, an advance paid back): at most the tenant's
    /// credit. Prints its id last.
    Pay {
        #[command(flatten)]
        company: CompanyArg,
        /// The tenant: e-mail address or contact id.
        #[arg(long)]
        tenant: String,
        /// The amount paid, e.g. 200.00.
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
        /// Why.
        #[arg(long)]
        reason: String,
        /// Its number; one is made up when left out.
        #[arg(long)]
        number: Option<String>,
        /// When it is paid, YYYY-MM-DD; today when left out.
        #[arg(long)]
        date: Option<String>,
    },
}

/// `payment …`
#[derive(Debug, Subcommand)]
pub enum PaymentCommand {
    /// Record a payment of one invoice (a receipt allocated to it; partial payments allowed;
    /// more than the balance is refused).
    Record {
        #[command(flatten)]
        company: CompanyArg,
        /// The invoice's id or number.
        #[arg(long)]
        invoice: String,
        /// The amount paid, e.g. 50.00.
        #[arg(long, allow_hyphen_values = true)]
        amount: String,
    },
}

/// `contact …`
#[derive(Debug, Subcommand)]
pub enum ContactCommand {
    /// List the lead forms posted for a contact's address, oldest first, as posted.
    Enquiries {
        #[command(flatten)]
        company: CompanyArg,
        /// The contact: e-mail address or contact id.
        #[arg(long)]
        contact: String,
    },
}

/// `tenant …`
#[derive(Debug, Subcommand)]
pub enum TenantCommand {
    /// A tenant's sessions.
    #[command(subcommand)]
    Sessions(SessionsCommand),
}

/// `tenant sessions …`
#[derive(Debug, Subcommand)]
pub enum SessionsCommand {
    /// End every session of a tenant: all its tokens stop working at once.
    Revoke {
        #[command(flatten)]
        company: CompanyArg,
        /// The tenant: e-mail address or contact id.
        #[arg(long)]
        tenant: String,
    },
}

/// `region …`
#[derive(Debug, Subcommand)]
pub enum RegionCommand {
    /// Import regions from a CSV file of `country id,region id,name,code` rows (a header row
    /// is allowed); the whole file is checked before anything is written.
    Import {
        /// The CSV file.
        #[arg(long)]
        file: PathBuf,
    },
}

/// `demo`
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How many tenants the demo company should have.
    #[arg(long, default_value_t = 1)]
    pub tenants: u32,
    /// Give the first tenant a ledger of at least this many entries (monthly invoices and
    /// their receipts, for the benchmark of long histories).
    #[arg(long, default_value_t = 0)]
    pub ledger: u32,
    /// Tenants written per transaction (tests use small chunks to exercise several writers).
    #[arg(long, default_value_t = 1000, hide = true)]
    pub chunk: u32,
}
