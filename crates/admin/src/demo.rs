//! `storegister-admin demo`: a demo company with properties, units, tenants, contracts and a
//! believable money history per tenant (six months of rent, paid on time, partly, late or not
//! at all, a late fee, a credit note, an advance, a deposit refunded for an ended contract),
//! so that a front-end developer can log in within a minute. Also the data set of the
//! benchmarks. The history is kept by the same rules as the office's use cases
//! ([`storegister_invoice::Books`]) and written in bulk.
//!
//! Idempotent: the company and properties have fixed ids, tenants are numbered
//! (`tenant00001@demo.example.com`, …) and only the missing ones are added. Every run creates a
//! fresh API key, since keys are never stored in a form that could be shown again.

use chrono::{Datelike, Days, Months, NaiveDate, Utc};
use indicatif::{ProgressBar, ProgressStyle};
use secrecy::ExposeSecret;
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use storegister_app::{Credential, CredentialRepository, PasswordHasher};
use storegister_auth::{BcryptHasher, HashingOptions};
use storegister_company::{Company, CompanyRepository};
use storegister_contact_book::{
    ContactBook, ContactBookRepository, ContactDetails, CountryId, Email, PostalAddress,
};
use storegister_contract::{
    Contract, ContractRepository, ContractStatus, PaymentPeriod, Property, PropertyRepository,
    SizeUnit, Unit, UnitRepository,
};
use storegister_invoice::{Books, Charge, Currency, Money, TransactionRepository, TransactionType};
use storegister_kernel::{
    CompanyId, ContactId, ContractId, InvoiceId, PropertyId, Transactional, UnitId,
};

use storegister_persistence::{Backend, Database, Repo};
use storegister_settings::Settings;
use uuid::Uuid;

use crate::cli::DemoArgs;
use crate::commands::Office;
use crate::views::DemoView;
use crate::{AdminError, Report};

/// The demo company's fixed id.
pub const DEMO_COMPANY: Uuid = Uuid::from_u128(0xd3e0_0000_0000_4000_8000_0000_0000_0001);
/// The password of every demo tenant.
pub const DEMO_PASSWORD: &str = "Demo@2026!";
/// At most this many connections write demo tenants at once.
pub const MAX_WRITERS: usize = 4;

const PROPERTIES: [(u128, &str, &str, &str); 3] = [
    (
        0xd3e0_0000_0000_4000_8000_0000_0000_0011,
        "Copenhagen North",
        "Lyngbyvej 20",
        "København",
    ),
    (
        0xd3e0_0000_0000_4000_8000_0000_0000_0012,
        "Aarhus Harbour",
        "Havnegade 4",
        "Aarhus",
    ),
    (
        0xd3e0_0000_0000_4000_8000_0000_0000_0013,
        "Odense Centre",
        "Vestergade 80",
        "Odense",
    ),
];

const FIRST_NAMES: [&str; 8] = [
    "Marcus", "Emma", "Laurent", "Sofie", "Ahmed", "Ida", "Jonas", "Freja",
];
const LAST_NAMES: [&str; 8] = [
    "Johansen", "Nielsen", "Guertin", "Hansen", "Larsen", "Berg", "Holm", "Dahl",
];

/// The user name of demo tenant `n` (1-based).
pub fn demo_user(n: u32) -> String {
    format!("tenant{n:05}@demo.example.com")
}

/// Runs the demo command.
///
/// Bulk seeding: the rows are written in large batches straight through the repositories (a
/// million tenants in minutes); the API key is made by the back office's use case.
pub async fn run(
    office: &Office,
    database: &Database,
    settings: &Settings,
    args: DemoArgs,
) -> Result<Report, AdminError> {
    if args.tenants == 0 || args.tenants > 1_000_000 {
        return Err(AdminError::Invalid("--tenants must be 1 to 1000000".into()));
    }
    let mut repo = database.repo()?;
    let repo = &mut repo;
    let now = Utc::now().naive_utc();
    let today = now.date();
    let company_id = CompanyId(DEMO_COMPANY);
    let company = match repo.find_company(company_id)? {
        Some(company) => company,
        None => {
            let currency: Currency = "EUR".parse().map_err(crate::invalid)?;
            let mut company =
                Company::new("StoRegister Demo Storage", currency, now).map_err(crate::invalid)?;
            company.id = company_id;
            repo.insert_company(&company)?;
            company
        }
    };
    let mut properties = Vec::new();
    for (id, name, address, city) in PROPERTIES {
        let id = PropertyId(Uuid::from_u128(id));
        if repo.find_property(company_id, id)?.is_none() {
            repo.insert_property(&Property {
                id,
                company_id,
                name: name.into(),
                address: Some(address.into()),
                city: Some(city.into()),
                created_at: now,
            })?;
        }
        properties.push(id);
    }

    // one bcrypt for all: every demo tenant has the same password
    let hasher = BcryptHasher::start(HashingOptions {
        cost: settings.auth.bcrypt_cost,
        threads: 1,
        queue_limit: 0,
        share: None,
    })
    .map_err(crate::invalid)?;
    let hash = hasher
        .hash(DEMO_PASSWORD.into())
        .await
        .map_err(crate::invalid)?;
    let writers = match database.backend() {
        // PostgreSQL writes with a process per connection: one writer would leave the other
        // cores idle while it waits for its inserts
        Backend::Postgres(_) => std::thread::available_parallelism()
            .map_or(1, std::num::NonZeroUsize::get)
            .clamp(1, MAX_WRITERS),
        // SQLite has one writer at a time whatever the connections
        Backend::Sqlite(_) => 1,
    };
    let added = seed(
        database,
        &Seeding {
            company: &company,
            properties: &properties,
            hash: &hash,
            tenants: args.tenants,
            chunk: args.chunk,
            today,
            now,
        },
        writers,
    )?;

    if args.ledger > 0 {
        lengthen_ledger(repo, &company, args.ledger, today, now)?;
    }

    let key = office.create_api_key(company_id, "demo").await?.secret;
    let key = key.expose_secret().to_owned();
    let user = demo_user(1);
    Ok(Report::new(
        vec![
            format!(
                "demo company {:?} ({}): {}, {} added now",
                company.name,
                company.id,
                counted(repo.count_contacts(company_id)?, "contact"),
                counted(u64::from(added), "demo tenant"),
            ),
            format!("API key (shown once): {key}"),
            format!("log in as {user} with password {DEMO_PASSWORD}"),
        ],
        DemoView {
            company_id: company.id.to_string(),
            api_key: key,
            user_name: user,
            password: DEMO_PASSWORD,
        },
    ))
}

/// What every demo tenant is made with.
struct Seeding<'a> {
    company: &'a Company,
    properties: &'a [PropertyId],
    hash: &'a str,
    tenants: u32,
    /// Tenants written per transaction.
    chunk: u32,
    today: NaiveDate,
    now: chrono::NaiveDateTime,
}

/// Adds the demo tenants 1 to `seeding.tenants` that are missing, a chunk (`--chunk`, 1,000) per
/// transaction, `writers` chunks at a time; the number added.
///
/// A chunk asks which of its addresses a contact of the company has already (a demo tenant,
/// or a lead who used a demo address) and writes the rest, so a run interrupted anywhere
/// (chunks commit in any order) or a contact added to the demo company by other means leaves
/// nothing for the next run to trip over or to skip.
fn seed(database: &Database, seeding: &Seeding<'_>, writers: usize) -> Result<u32, AdminError> {
    let chunk_size = seeding.chunk.max(1);
    let chunks = seeding.tenants.div_ceil(chunk_size);
    let next = AtomicU32::new(0);
    let added = AtomicU32::new(0);
    let stop = AtomicBool::new(false);
    let progress = ProgressBar::new(u64::from(seeding.tenants));
    progress.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} tenants ({eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let write = || -> Result<(), AdminError> {
        // a connection only once there is a chunk to write
        let mut repo: Option<Repo> = None;
        loop {
            let chunk = next.fetch_add(1, Ordering::Relaxed);
            if chunk >= chunks || stop.load(Ordering::Relaxed) {
                return Ok(());
            }
            let first = chunk * chunk_size + 1;
            let last = first.saturating_add(chunk_size - 1).min(seeding.tenants);
            let repo = match &mut repo {
                Some(repo) => repo,
                None => repo.insert(database.repo()?),
            };
            let written = repo.transaction(|repo| {
                let emails: Vec<String> = (first..=last).map(demo_user).collect();
                // an address a lead or another tenant already has is left to them
                let taken: HashSet<String> = repo
                    .taken_emails(seeding.company.id, &emails)?
                    .into_iter()
                    .collect();
                let missing: Vec<u32> = (first..=last)
                    .zip(&emails)
                    .filter(|(_, email)| !taken.contains(*email))
                    .map(|(n, _)| n)
                    .collect();
                if !missing.is_empty() {
                    Batch::build(seeding, &missing).write(repo)?;
                }
                Ok::<_, AdminError>(u32::try_from(missing.len()).unwrap_or(chunk_size))
            });
            added.fetch_add(written?, Ordering::Relaxed);
            progress.inc(u64::from(last - first + 1));
        }
    };
    // the first failure stops the others after their current chunk
    let writer = || write().inspect_err(|_| stop.store(true, Ordering::Relaxed));
    let writers = writers.clamp(1, usize::try_from(chunks).unwrap_or(1).max(1));
    let outcomes: Vec<Result<(), AdminError>> = std::thread::scope(|scope| {
        let mut running = Vec::new();
        for n in 0..writers {
            match std::thread::Builder::new()
                .name(format!("demo-writer-{n}"))
                .spawn_scoped(scope, writer)
            {
                Ok(thread) => running.push(thread),
                // fewer writers than wanted still finish the work
                Err(error) if !running.is_empty() => {
                    eprintln!(
                        "started {} demo writers of {writers}: {error}",
                        running.len()
                    );
                    break;
                }
                Err(error) => {
                    return vec![Err(AdminError::Invalid(format!(
                        "cannot start a writer thread: {error}"
                    )))];
                }
            }
        }
        // every thread joined before any result is looked at
        let joined: Vec<_> = running.into_iter().map(|thread| thread.join()).collect();
        joined
            .into_iter()
            .map(|outcome| {
                outcome.unwrap_or_else(|_| {
                    Err(AdminError::Invalid("a demo writer thread panicked".into()))
                })
            })
            .collect()
    });
    progress.finish_and_clear();
    outcomes.into_iter().collect::<Result<Vec<()>, _>>()?;
    Ok(added.into_inner())
}

/// The rows of a range of demo tenants.
#[derive(Default)]
struct Batch {
    contacts: Vec<ContactBook>,
    credentials: Vec<Credential>,
    units: Vec<Unit>,
    contracts: Vec<Contract>,
    books: Vec<Books>,
}

/// The first day of the month `back` months before `today`'s.
fn month_start(today: NaiveDate, back: u32) -> NaiveDate {
    let first = today.with_day(1).unwrap_or(today);
    first.checked_sub_months(Months::new(back)).unwrap_or(first)
}

impl Batch {
    fn build(seeding: &Seeding<'_>, tenants: &[u32]) -> Batch {
        let Seeding {
            company,
            properties,
            hash,
            today,
            now,
            ..
        } = *seeding;
        let mut batch = Batch::default();
        let currency = company.currency;
        for &n in tenants {
            let i = n as usize;
            let contact = ContactBook {
                id: ContactId::generate_ordered(),
                company_id: company.id,
                details: ContactDetails {
                    first_name: FIRST_NAMES[i % FIRST_NAMES.len()].into(),
                    last_name: LAST_NAMES[(i / FIRST_NAMES.len()) % LAST_NAMES.len()].into(),
                    phone_number: format!("+45 {:08}", 20_000_000 + n),
                    email: Email::from_validated(demo_user(n)),
                    address: PostalAddress {
                        address: Some(format!("Demovej {}", n % 200 + 1)),
                        city: Some("København".into()),
                        postal_code: Some(format!("{}", 1000 + n % 900)),
                        region: None,
                        country: Some(CountryId(208)),
                    },
                },
                communication_address: None,
                property_info_id: Some(properties[i % properties.len()]),
                profile_image: None,
                email_verified: true,
                created_at: now,
                updated_at: now,
            };
            batch.credentials.push(Credential {
                contact_id: contact.id,
                company_id: company.id,
                user_name: demo_user(n),
                password_hash: hash.to_owned(),
                security_stamp: Uuid::new_v4(),
                concurrency_stamp: None,
                concurrency_stamp_expires_at: None,
                created_at: now,
                updated_at: now,
            });
            let rent = Money::from_minor(4_900 + i64::from(n % 16) * 1_000, currency);
            let started = month_start(today, 3 + n % 24);
            let contract = batch.rent(
                company, properties, &contact, n, "A", started, None, rent, now,
            );
            let mut books = Books::new(company.id, contact.id, currency, now);
            if n % 5 == 1 {
                // an earlier, ended contract, its deposit refunded
                let start = month_start(today, 30 + n % 12);
                let end = start
                    .checked_add_months(Months::new(6))
                    .map(|d| d - Days::new(1));
                let ended =
                    batch.rent(company, properties, &contact, n, "B", start, end, rent, now);
                refund_deposit(&mut books, &ended, n, end.unwrap_or(start));
            }
            bill(&mut books, &contract, n, today);
            batch.books.push(books);
            batch.contacts.push(contact);
        }
        batch
    }

    #[allow(clippy::too_many_arguments)]
    fn rent(
        &mut self,
        company: &Company,
        properties: &[PropertyId],
        tenant: &ContactBook,
        n: u32,
        row: &str,
        start: NaiveDate,
        end: Option<NaiveDate>,
        rent: Money,
        now: chrono::NaiveDateTime,
    ) -> Contract {
        let unit = Unit {
            id: UnitId::generate_ordered(),
            company_id: company.id,
            property_id: properties[(n as usize + row.len()) % properties.len()],
            unit_number: format!("{row}-{n:05}"),
            size_hundredths: 250 + i64::from(n % 8) * 250,
            size_unit: if n.is_multiple_of(7) {
                SizeUnit::CubicMetres
            } else {
                SizeUnit::SquareMetres
            },
            storage_type: if n.is_multiple_of(3) {
                "Container"
            } else {
                "Indoor"
            }
            .into(),
            created_at: now,
        };
        let contract = Contract {
            id: ContractId::generate_ordered(),
            company_id: company.id,
            contact_id: tenant.id,
            unit_id: unit.id,
            contract_number: format!("DEMO-{n:05}-{row}"),
            status: if end.is_some() {
                ContractStatus::Ended
            } else {
                ContractStatus::Active
            },
            start_date: start,
            end_date: end,
            rent,
            payment_period: PaymentPeriod::Monthly,
            deposit: Money::from_minor(rent.minor * 2, rent.currency),
            created_at: now,
        };
        self.units.push(unit);
        self.contracts.push(contract.clone());
        contract
    }

    fn write(&self, repo: &mut Repo) -> Result<(), AdminError> {
        repo.insert_contacts(&self.contacts)?;
        repo.insert_credentials(&self.credentials)?;
        repo.insert_units(&self.units)?;
        repo.insert_contracts(&self.contracts)?;
        repo.insert_books(&self.books)?;
        Ok(())
    }
}

/// `1 contact`, `2 contacts`.
fn counted(n: u64, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// A document number of demo tenant `n`.
fn number(n: u32, what: &str) -> String {
    format!("DEMO-{n:05}-{what}")
}

/// Money the demo books take as valid: their rules refuse nothing the demo asks.
fn demo<T, E: std::fmt::Debug>(result: Result<T, E>) {
    if let Err(error) = result {
        debug_assert!(false, "the demo's books refused: {error:?}");
    }
}

/// The deposit of an ended contract: paid when it started, taken off by a credit note when it
/// ended, and paid back with a payment voucher.
fn refund_deposit(books: &mut Books, contract: &Contract, n: u32, ended: NaiveDate) {
    let start = contract.start_date;
    let deposit = books.invoice(Charge {
        number: number(n, "B-D"),
        kind: TransactionType::Deposit,
        date: start,
        due: start + Days::new(14),
        gross_minor: contract.deposit.minor,
        contract: Some((contract.id, &contract.contract_number)),
    });
    demo(books.receive(
        number(n, "B-RV"),
        contract.deposit.minor,
        start + Days::new(3),
        "BANK_TRANSFER",
        None,
    ));
    demo(books.credit_note(
        deposit,
        number(n, "B-CN"),
        contract.deposit.minor,
        ended,
        "Deposit returned at the end of the contract",
        Some(contract.contract_number.clone()),
    ));
    demo(books.pay_out(
        number(n, "B-PV"),
        contract.deposit.minor,
        ended + Days::new(7),
        "Deposit refund",
    ));
}

/// The running contract's money: the deposit (paid), six months of rent paid on time, one
/// partly and then late, a late fee for every fourth tenant, a goodwill credit note, the last
/// month overdue for every second tenant, an advance for every third, and this month due in
/// five days.
fn bill(books: &mut Books, contract: &Contract, n: u32, today: NaiveDate) {
    let rent = contract.rent.minor;
    let start = contract.start_date;
    let of = Some((contract.id, contract.contract_number.as_str()));
    books.invoice(Charge {
        number: number(n, "D"),
        kind: TransactionType::Deposit,
        date: start,
        due: start + Days::new(14),
        gross_minor: contract.deposit.minor,
        contract: of,
    });
    demo(books.receive(
        number(n, "RV-D"),
        contract.deposit.minor,
        start + Days::new(2),
        "BANK_TRANSFER",
        None,
    ));
    let months: u32 = 6;
    for back in (0..months).rev() {
        let (date, due) = if back == 0 {
            (today - Days::new(9), today + Days::new(5))
        } else {
            let date = month_start(today, back).max(start);
            (date, date + Days::new(14))
        };
        let k = months - back;
        let invoice = books.invoice(Charge {
            number: number(n, &format!("R{k}")),
            kind: TransactionType::Rental,
            date,
            due,
            gross_minor: rent,
            contract: of,
        });
        let paid = |books: &mut Books, what: String, amount: i64, day: NaiveDate, to: InvoiceId| {
            demo(books.receive(
                number(n, &what),
                amount,
                day,
                if n.is_multiple_of(2) {
                    "CARD"
                } else {
                    "BANK_TRANSFER"
                },
                Some(&[(to, amount)]),
            ));
        };
        match back {
            0 => {}
            // last month: overdue for every second tenant (the first among them)
            1 if n % 2 == 1 => {}
            // three months ago: half on time, the rest late, with a goodwill credit note
            3 => {
                paid(
                    books,
                    format!("RV{k}A"),
                    rent / 2,
                    due - Days::new(1),
                    invoice,
                );
                demo(books.credit_note(
                    invoice,
                    number(n, &format!("CN{k}")),
                    rent / 10,
                    due + Days::new(5),
                    "Goodwill: the lift was out of order",
                    Some(contract.contract_number.clone()),
                ));
                let rest = rent - rent / 2 - rent / 10;
                paid(books, format!("RV{k}B"), rest, due + Days::new(12), invoice);
            }
            // two months ago: paid late, with a late fee for every fourth tenant
            2 => {
                paid(books, format!("RV{k}"), rent, due + Days::new(9), invoice);
                if n % 4 == 1 {
                    books.invoice(Charge {
                        number: number(n, &format!("LF{k}")),
                        kind: TransactionType::LateFee,
                        date: due + Days::new(10),
                        due: due + Days::new(24),
                        gross_minor: 1_500,
                        contract: of,
                    });
                }
            }
            _ => paid(books, format!("RV{k}"), rent, due - Days::new(3), invoice),
        }
    }
    if n % 3 == 1 {
        // this month paid in advance with a little more, kept as an advance (last month, when
        // overdue, stays so: the tenant said what the money was for)
        if let Some(current) = books.invoices.last().map(|i| i.id) {
            demo(books.receive(
                number(n, "RVX"),
                rent + 2_000,
                today - Days::new(1),
                "CARD",
                Some(&[(current, rent)]),
            ));
        }
    }
}

/// Gives the first demo tenant a ledger of at least `entries` entries: a monthly invoice and
/// its receipt per pair, going back from long ago, so the tenant's current figures stay as
/// they are.
fn lengthen_ledger(
    repo: &mut Repo,
    company: &Company,
    entries: u32,
    today: NaiveDate,
    now: chrono::NaiveDateTime,
) -> Result<(), AdminError> {
    let Some(tenant) = repo.find_contact_by_email(company.id, &demo_user(1))? else {
        return Ok(());
    };
    repo.transaction(|repo| {
        let end = repo.lock_ledger(company.id, tenant.id)?;
        let missing = i64::from(entries) - end.index;
        if missing <= 0 {
            return Ok::<_, AdminError>(());
        }
        let mut books = Books::new(company.id, tenant.id, company.currency, now).continuing(end);
        let pairs = (missing + 1) / 2;
        let first = today - Days::new(3_650);
        for k in 0..pairs {
            let date = first + Days::new(u64::try_from(k).unwrap_or(0) % 3_000);
            let invoice = books.invoice(Charge {
                number: format!("HIST-{k:06}"),
                kind: TransactionType::Custom,
                date,
                due: date + Days::new(14),
                gross_minor: 1_000,
                contract: None,
            });
            demo(books.receive(
                format!("HIST-RV-{k:06}"),
                1_000,
                date + Days::new(7),
                "BANK_TRANSFER",
                Some(&[(invoice, 1_000)]),
            ));
        }
        repo.insert_books(std::slice::from_ref(&books))?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::counted;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(counted(1, "contact"), "1 contact");
        assert_eq!(counted(0, "demo tenant"), "0 demo tenants");
        assert_eq!(counted(6, "contact"), "6 contacts");
    }
}
