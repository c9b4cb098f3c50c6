//! The repository adapters against real databases: every test runs on SQLite and, when
//! configured, on PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

use chrono::NaiveDate;
use chrono::{NaiveDateTime, Utc};
use storegister_app::{
    Credential, CredentialRepository, PasswordChange, SessionCheck, SessionRepository,
    StoredSession, TenantLedgerRepository, TenantOverview, TenantOverviewRepository,
};
use storegister_company::{Company, CompanyRepository};
use storegister_contact_book::ProfileImage;
use storegister_contact_book::{
    ContactBook, ContactBookRepository, ContactDetails, CountryId, Email, PostalAddress,
    ReferenceData, Region, RegionId,
};
use storegister_contract::{
    Contract, ContractRepository, ContractStatus, PaymentPeriod, Property, PropertyRepository,
    SizeUnit, Unit, UnitRepository,
};
use storegister_invoice::{
    DateRange, EntryKind, Invoice, InvoiceRepository, LedgerEntry, Money, Page,
    TransactionRepository, TransactionType,
};
use storegister_kernel::{
    CompanyId, ContactId, ContractId, InvoiceId, PropertyId, StoreError, Transactional, UnitId,
};
use storegister_persistence::{Database, migrations};
use storegister_test_support::{Kind, TestDb, db_tests};
use uuid::Uuid;

fn now() -> NaiveDateTime {
    // stored times keep microseconds on PostgreSQL; truncate so round trips compare equal
    let now = Utc::now().naive_utc();
    now - chrono::Duration::nanoseconds(i64::from(now.and_utc().timestamp_subsec_nanos() % 1000))
}

fn company(db: &Database, name: &str) -> CompanyId {
    let company = Company::new(name, "EUR".parse().unwrap(), now()).unwrap();
    db.repo().unwrap().insert_company(&company).unwrap();
    company.id
}

fn contact(company: CompanyId, email: &str) -> ContactBook {
    ContactBook {
        id: ContactId::generate(),
        company_id: company,
        details: ContactDetails {
            first_name: "Marcus".into(),
            last_name: "Johansen".into(),
            phone_number: "+45 10000000".into(),
            email: Email::from_validated(email),
            address: PostalAddress {
                address: Some("Jernbanegade 14".into()),
                city: Some("Tappernøje".into()),
                postal_code: Some("4733".into()),
                region: None,
                country: Some(CountryId(208)),
            },
        },
        communication_address: None,
        property_info_id: None,
        profile_image: None,
        email_verified: false,
        created_at: now(),
        updated_at: now(),
    }
}

fn credential(contact: &ContactBook, user_name: &str) -> Credential {
    Credential {
        contact_id: contact.id,
        company_id: contact.company_id,
        user_name: user_name.into(),
        password_hash: "$2b$04$hash".into(),
        security_stamp: Uuid::new_v4(),
        concurrency_stamp: None,
        concurrency_stamp_expires_at: None,
        created_at: now(),
        updated_at: now(),
    }
}

fn migrations_go_up_down_and_up_again(db: &TestDb) {
    let database = db.open();
    let mut conn = database.connection().unwrap();
    assert!(!migrations::pending(&mut conn).unwrap());
    // every migration folder of the backend, each one down and up
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../migrations")
        .join(if db.url.starts_with("postgres") {
            "postgres"
        } else {
            "sqlite"
        });
    let shipped = std::fs::read_dir(folder).unwrap().count();
    assert!(shipped >= 4);
    let reverted = migrations::revert_all(&mut conn).unwrap();
    assert_eq!(reverted.len(), shipped);
    assert!(migrations::pending(&mut conn).unwrap());
    let wait = migrations::LockWait::default();
    let applied = migrations::run(&mut conn, wait).unwrap();
    assert_eq!(applied.len(), shipped);
    assert!(migrations::run(&mut conn, wait).unwrap().is_empty());
    drop(conn);
    assert_eq!(
        database.repo().unwrap().list_countries().unwrap().len(),
        249
    );
}

fn every_iso_country_is_shipped(db: &TestDb) {
    let database = db.open();
    let mut repo = database.repo().unwrap();
    let denmark = repo.find_country(CountryId(208)).unwrap().unwrap();
    assert_eq!(
        (
            denmark.name.as_str(),
            denmark.iso_code2.as_str(),
            denmark.iso_code3.as_str()
        ),
        ("Denmark", "DK", "DNK")
    );
    assert_eq!(denmark.dialing_code, "45");
    assert!(repo.find_country(CountryId(999)).unwrap().is_none());
    let countries = repo.list_countries().unwrap();
    assert_eq!(countries.first().unwrap().name, "Afghanistan");
}

fn regions_are_stored_per_country(db: &TestDb) {
    let database = db.open();
    let mut repo = database.repo().unwrap();
    let region = Region {
        id: RegionId(205),
        country_id: CountryId(250),
        name: "Seine-Saint-Denis".into(),
        code: "93".into(),
    };
    repo.insert_region(&region).unwrap();
    assert!(matches!(
        repo.insert_region(&region),
        Err(StoreError::Duplicate(_))
    ));
    assert_eq!(
        repo.find_region(RegionId(205)).unwrap(),
        Some(region.clone())
    );
    assert_eq!(repo.list_regions(CountryId(250)).unwrap(), vec![region]);
    assert!(repo.list_regions(CountryId(208)).unwrap().is_empty());
}

fn api_keys_are_found_by_digest_until_revoked(db: &TestDb) {
    let database = db.open();
    let acme = company(&database, "Acme");
    let mut repo = database.repo().unwrap();
    let generated = storegister_auth::api_key::generate().unwrap();
    let key = storegister_company::ApiKey {
        id: uuid::Uuid::new_v4(),
        company_id: acme,
        name: "web".into(),
        prefix: generated.prefix,
        digest: generated.digest,
        created_at: now(),
        revoked_at: None,
    };
    repo.insert_api_key(&key).unwrap();
    let digest =
        storegister_auth::api_key::digest(secrecy::ExposeSecret::expose_secret(&generated.secret));
    assert_eq!(repo.company_for_key_digest(&digest).unwrap(), Some(acme));
    assert_eq!(repo.list_api_keys(acme).unwrap(), vec![key.clone()]);
    assert_eq!(repo.find_api_keys(&key.prefix).unwrap(), vec![key.clone()]);
    assert_eq!(
        repo.find_api_keys(&key.prefix.to_uppercase())
            .unwrap()
            .len(),
        usize::from(key.prefix == key.prefix.to_uppercase())
    );
    assert_eq!(
        repo.find_api_keys(&key.id.to_string()).unwrap(),
        vec![key.clone()]
    );
    assert!(repo.find_api_keys("%").unwrap().is_empty());
    assert!(repo.find_api_keys("").unwrap().is_empty());
    assert!(repo.revoke_api_key(key.id, now()).unwrap());
    assert!(!repo.revoke_api_key(key.id, now()).unwrap());
    assert_eq!(repo.company_for_key_digest(&digest).unwrap(), None);
}

fn contacts_are_scoped_to_their_company(db: &TestDb) {
    let database = db.open();
    let acme = company(&database, "Acme");
    let other = company(&database, "Other");
    let mut repo = database.repo().unwrap();
    let mut stored = contact(acme, "Marcus@Example.com");
    repo.insert_contact(&stored).unwrap();
    assert_eq!(
        repo.find_contact(acme, stored.id).unwrap(),
        Some(stored.clone())
    );
    assert_eq!(
        repo.find_contact_by_email(acme, "marcus@example.com")
            .unwrap(),
        Some(stored.clone())
    );
    assert_eq!(repo.find_contact(other, stored.id).unwrap(), None);
    assert_eq!(
        repo.find_contact_by_email(other, "marcus@example.com")
            .unwrap(),
        None
    );

    // the same e-mail is a different person at another company, but unique within one
    repo.insert_contact(&contact(other, "marcus@example.com"))
        .unwrap();
    assert!(matches!(
        repo.insert_contact(&contact(acme, "MARCUS@example.com")),
        Err(StoreError::Duplicate(_))
    ));

    stored.details.first_name = "Marc".into();
    stored.communication_address = Some(PostalAddress {
        city: Some("Næstved".into()),
        ..PostalAddress::default()
    });
    repo.update_contact(&stored).unwrap();
    assert_eq!(repo.find_contact(acme, stored.id).unwrap(), Some(stored));
}

fn credentials_have_unique_user_names(db: &TestDb) {
    let database = db.open();
    let acme = company(&database, "Acme");
    let mut repo = database.repo().unwrap();
    let tenant = contact(acme, "a@example.com");
    let other = contact(acme, "b@example.com");
    repo.insert_contact(&tenant).unwrap();
    repo.insert_contact(&other).unwrap();
    let stored = credential(&tenant, "a@example.com");
    repo.insert_credential(&stored).unwrap();
    assert_eq!(
        repo.find_credential_by_user_name(acme, "a@example.com")
            .unwrap(),
        Some(stored.clone())
    );
    assert_eq!(repo.find_credential(acme, tenant.id).unwrap(), Some(stored));
    assert!(matches!(
        repo.insert_credential(&credential(&other, "a@example.com")),
        Err(StoreError::Duplicate(_))
    ));
}

fn a_failed_transaction_leaves_nothing(db: &TestDb) {
    let database = db.open();
    let acme = company(&database, "Acme");
    let mut repo = database.repo().unwrap();
    let lost = contact(acme, "lost@example.com");
    let result: Result<(), StoreError> = repo.transaction(|repo| {
        repo.insert_contact(&lost)?;
        Err(StoreError::Failed("stop".into()))
    });
    assert!(result.is_err());
    assert_eq!(repo.find_contact(acme, lost.id).unwrap(), None);

    let kept = contact(acme, "kept@example.com");
    repo.transaction(|repo| repo.insert_contact(&kept)).unwrap();
    assert!(repo.find_contact(acme, kept.id).unwrap().is_some());
}

fn properties_are_scoped_to_their_company(db: &TestDb) {
    let database = db.open();
    let acme = company(&database, "Acme");
    let other = company(&database, "Other");
    let mut repo = database.repo().unwrap();
    let property = Property {
        id: PropertyId::generate(),
        company_id: acme,
        name: "Copenhagen North".into(),
        address: None,
        city: Some("Copenhagen".into()),
        created_at: now(),
    };
    repo.insert_property(&property).unwrap();
    assert_eq!(
        repo.find_property(acme, property.id).unwrap(),
        Some(property.clone())
    );
    assert_eq!(repo.find_property(other, property.id).unwrap(), None);
}

fn a_nul_byte_is_an_error_not_a_panic(db: &TestDb) {
    // validation refuses control characters; this shows why: PostgreSQL rejects NUL in text.
    // The adapter reports it as an error and the connection stays usable.
    let database = db.open();
    let acme = company(&database, "Acme");
    let mut repo = database.repo().unwrap();
    let mut odd = contact(acme, "odd@example.com");
    odd.details.first_name = "a\u{0}b".into();
    let result = repo.insert_contact(&odd);
    if db.kind == Kind::Postgres {
        assert!(matches!(result, Err(StoreError::Failed(_))));
    }
    assert!(
        repo.find_contact_by_email(acme, "nobody@example.com")
            .unwrap()
            .is_none()
    );
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A tenant of a new company with a unit to rent.
fn tenancy(database: &Database) -> (CompanyId, ContactBook, Unit) {
    let acme = company(database, "Acme");
    let mut repo = database.repo().unwrap();
    let tenant = contact(acme, "t@example.com");
    repo.insert_contact(&tenant).unwrap();
    let property = Property {
        id: PropertyId::generate(),
        company_id: acme,
        name: "North".into(),
        address: None,
        city: Some("Aarhus".into()),
        created_at: now(),
    };
    repo.insert_property(&property).unwrap();
    let unit = Unit {
        id: UnitId::generate(),
        company_id: acme,
        property_id: property.id,
        unit_number: "A-1".into(),
        size_hundredths: 750,
        size_unit: SizeUnit::CubicMetres,
        storage_type: "Container".into(),
        created_at: now(),
    };
    repo.insert_unit(&unit).unwrap();
    (acme, tenant, unit)
}

fn contract_of(
    company: CompanyId,
    tenant: &ContactBook,
    unit: &Unit,
    number: &str,
    start: &str,
) -> Contract {
    let eur = "EUR".parse().unwrap();
    Contract {
        id: ContractId::generate(),
        company_id: company,
        contact_id: tenant.id,
        unit_id: unit.id,
        contract_number: number.into(),
        status: ContractStatus::Active,
        start_date: date(start),
        end_date: None,
        rent: Money::from_minor(9900, eur),
        payment_period: PaymentPeriod::Quarterly,
        deposit: Money::from_minor(0, eur),
        created_at: now(),
    }
}

fn invoice_of(
    company: CompanyId,
    tenant: &ContactBook,
    number: &str,
    due: &str,
    paid: i64,
    cancelled: bool,
) -> Invoice {
    Invoice {
        id: InvoiceId::generate(),
        company_id: company,
        contact_id: tenant.id,
        contract_id: None,
        transact_id: number.into(),
        transact_date: date("2026-01-01"),
        due_date: date(due),
        transaction_type: TransactionType::LateFee,
        currency: "EUR".parse().unwrap(),
        gross_minor: 1000,
        paid_minor: paid,
        credited_minor: 0,
        cancelled,
        reversed: false,
        created_at: now(),
    }
}

fn contracts_come_with_unit_and_property_newest_first(db: &TestDb) {
    let database = db.open();
    let (acme, tenant, unit) = tenancy(&database);
    let mut repo = database.repo().unwrap();
    let old = contract_of(acme, &tenant, &unit, "C-1", "2024-01-01");
    let new = contract_of(acme, &tenant, &unit, "C-2", "2025-06-01");
    repo.insert_contract(&old).unwrap();
    repo.insert_contract(&new).unwrap();
    assert!(matches!(
        repo.insert_contract(&contract_of(acme, &tenant, &unit, "C-1", "2025-01-01")),
        Err(StoreError::Duplicate(_))
    ));
    let found = repo.contracts_of_tenant(acme, tenant.id).unwrap();
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].contract, new);
    assert_eq!(found[1].contract, old);
    assert_eq!(found[0].unit, unit);
    assert_eq!(found[0].property.city.as_deref(), Some("Aarhus"));
    let stranger = company(&database, "Other");
    assert!(
        repo.contracts_of_tenant(stranger, tenant.id)
            .unwrap()
            .is_empty()
    );
}

fn only_unpaid_invoices_are_listed_by_due_date(db: &TestDb) {
    let database = db.open();
    let (acme, tenant, _) = tenancy(&database);
    let mut repo = database.repo().unwrap();
    for invoice in [
        invoice_of(acme, &tenant, "I-3", "2026-03-01", 0, false),
        invoice_of(acme, &tenant, "I-1", "2026-01-01", 400, false),
        invoice_of(acme, &tenant, "I-PAID", "2026-01-01", 1000, false),
        invoice_of(acme, &tenant, "I-CANCELLED", "2026-01-01", 0, true),
        Invoice {
            credited_minor: 600,
            ..invoice_of(acme, &tenant, "I-CREDITED", "2026-01-01", 400, false)
        },
    ] {
        repo.insert_invoice(&invoice).unwrap();
    }
    let unpaid = repo.unpaid_invoices(acme, tenant.id).unwrap();
    let numbers: Vec<&str> = unpaid.iter().map(|i| i.transact_id.as_str()).collect();
    assert_eq!(numbers, ["I-1", "I-3"]);
    assert_eq!(unpaid[0].balance().minor, 600);
    // the schema refuses overpayment
    assert!(
        repo.insert_invoice(&invoice_of(
            acme,
            &tenant,
            "I-OVER",
            "2026-01-01",
            1001,
            false
        ))
        .is_err()
    );
}

fn a_password_change_succeeds_once_per_stamp(db: &TestDb) {
    let database = db.open();
    let (acme, tenant, _) = tenancy(&database);
    let mut repo = database.repo().unwrap();
    repo.insert_credential(&credential(&tenant, "t@example.com"))
        .unwrap();
    let stamp = Uuid::new_v4();
    let at = now();
    let until = at + chrono::Duration::minutes(15);
    assert_eq!(
        repo.issue_concurrency_stamp(acme, tenant.id, stamp, until, at)
            .unwrap(),
        Some(stamp)
    );
    // a valid stamp is kept, whatever a later request offers; an expired one is replaced
    let later = Uuid::new_v4();
    assert_eq!(
        repo.issue_concurrency_stamp(acme, tenant.id, later, until, at)
            .unwrap(),
        Some(stamp)
    );
    let past_it = until + chrono::Duration::seconds(1);
    let replacement = repo
        .issue_concurrency_stamp(acme, tenant.id, later, past_it, until)
        .unwrap();
    assert_eq!(replacement, Some(later));
    assert_eq!(
        repo.issue_concurrency_stamp(acme, tenant.id, stamp, until, at)
            .unwrap(),
        Some(later),
        "the replacement is valid at `at` too"
    );
    // back to the first stamp for the change below
    use diesel::prelude::*;
    diesel::update(storegister_persistence::schema::credentials::table)
        .set(
            storegister_persistence::schema::credentials::concurrency_stamp_expires_at.eq(Some(at)),
        )
        .execute(repo.connection())
        .unwrap();
    assert_eq!(
        repo.issue_concurrency_stamp(acme, tenant.id, stamp, until, at)
            .unwrap(),
        Some(stamp)
    );
    let change = PasswordChange {
        company: acme,
        contact: tenant.id,
        stamp,
        now: at,
        password_hash: "$2b$04$new".into(),
        security_stamp: Uuid::new_v4(),
    };
    assert!(
        !repo
            .change_password(&PasswordChange {
                stamp: Uuid::new_v4(),
                ..change.clone()
            })
            .unwrap()
    );
    assert!(
        !repo
            .change_password(&PasswordChange {
                now: at + chrono::Duration::minutes(16),
                ..change.clone()
            })
            .unwrap()
    );
    assert!(repo.change_password(&change).unwrap());
    assert!(
        !repo.change_password(&change).unwrap(),
        "the stamp is consumed"
    );
    let stored = repo.find_credential(acme, tenant.id).unwrap().unwrap();
    assert_eq!(stored.password_hash, "$2b$04$new");
    assert_eq!(stored.security_stamp, change.security_stamp);
    assert_eq!(stored.concurrency_stamp, None);
    let other = company(&database, "Other");
    assert_eq!(
        repo.issue_concurrency_stamp(other, tenant.id, stamp, at, at)
            .unwrap(),
        None,
        "another company's contact has no credentials here"
    );
}

fn a_picture_is_replaced_only_from_the_expected_one(db: &TestDb) {
    let database = db.open();
    let (acme, tenant, _) = tenancy(&database);
    let mut repo = database.repo().unwrap();
    let image = |content_type: &str| ProfileImage {
        id: Uuid::new_v4(),
        content_type: content_type.into(),
        size: 10,
        updated_at: now(),
    };
    let first = image("image/png");
    assert!(
        repo.replace_profile_image(acme, tenant.id, None, Some(&first), now())
            .unwrap()
    );
    assert!(
        !repo
            .replace_profile_image(acme, tenant.id, None, Some(&image("image/jpeg")), now())
            .unwrap()
    );
    let second = image("image/webp");
    assert!(
        repo.replace_profile_image(acme, tenant.id, Some(first.id), Some(&second), now())
            .unwrap()
    );
    assert_eq!(
        repo.find_contact(acme, tenant.id)
            .unwrap()
            .unwrap()
            .profile_image,
        Some(second)
    );
}

fn pictures_are_stored_found_and_deleted(db: &TestDb) {
    use storegister_contact_book::PictureRepository;
    let database = db.open();
    let (acme, tenant, _) = tenancy(&database);
    let mut repo = database.repo().unwrap();
    let image = ProfileImage {
        id: Uuid::new_v4(),
        content_type: "image/png".into(),
        size: 4,
        updated_at: now(),
    };
    let bytes = [0u8, 159, 146, 150];
    repo.insert_picture(acme, tenant.id, &image, &bytes)
        .unwrap();
    let found = repo.find_picture(image.id).unwrap().unwrap();
    assert_eq!(found.bytes, bytes, "binary bytes round-trip unchanged");
    assert_eq!(found.content_type, "image/png");
    assert_eq!(repo.find_picture(Uuid::new_v4()).unwrap(), None);
    repo.delete_picture(image.id).unwrap();
    assert_eq!(repo.find_picture(image.id).unwrap(), None);
    repo.delete_picture(image.id).unwrap();
}

/// While another process holds the migration lock, a start waits (bounded) and then gives up;
/// once the lock is free it migrates. The lock is transaction-scoped: it cannot outlive a
/// connection's transaction (a pooled connection behind pgbouncer keeps none).
fn a_start_waits_for_another_migration_within_its_bound(db: &TestDb) {
    use diesel::connection::SimpleConnection;
    use std::time::{Duration, Instant};
    if !db.url.starts_with("postgres") {
        return;
    }
    let database = db.open();
    let mut holder = database.connection().unwrap();
    holder
        .batch_execute("BEGIN; SELECT pg_advisory_xact_lock(6004511417959907329)")
        .unwrap();
    let wait = migrations::LockWait {
        timeout: Duration::from_millis(600),
        retry: Duration::from_millis(100),
    };
    let mut conn = database.connection().unwrap();
    let started = Instant::now();
    let waited = migrations::run(&mut conn, wait);
    assert!(waited.is_err(), "it gave up while the lock was held");
    assert!(started.elapsed() >= Duration::from_millis(600));
    assert!(started.elapsed() < Duration::from_secs(5));
    holder.batch_execute("COMMIT").unwrap();
    assert!(migrations::run(&mut conn, wait).unwrap().is_empty());
}

/// Behind pgbouncer in transaction mode no named statement may outlive its transaction: with
/// the statement cache off, none is prepared at all.
fn no_statement_is_prepared_with_the_cache_off(db: &TestDb) {
    use diesel::prelude::*;
    if !db.url.starts_with("postgres") {
        return;
    }
    // migrated first
    let cached = db.open();
    let options = storegister_persistence::PoolOptions {
        statement_cache: false,
        ..Default::default()
    };
    let database = Database::connect(&db.url, options).unwrap();
    let mut repo = database.repo().unwrap();
    for _ in 0..3 {
        assert_eq!(repo.list_countries().unwrap().len(), 249);
    }
    let prepared: i64 = diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(
        "(SELECT count(*) FROM pg_prepared_statements)",
    ))
    .get_result(repo.connection())
    .unwrap();
    assert_eq!(prepared, 0);
    // and with it on, they are
    let mut repo = cached.repo().unwrap();
    repo.list_countries().unwrap();
    let prepared: i64 = diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(
        "(SELECT count(*) FROM pg_prepared_statements)",
    ))
    .get_result(repo.connection())
    .unwrap();
    assert!(prepared > 0);
}

/// On upgrade, payments recorded before receipts existed (an invoice's paid amount) become
/// receipts allocated to their invoices, and the ledgers are built: no amount changes meaning.
fn recorded_payments_are_carried_into_receipts_and_the_ledger(db: &TestDb) {
    use diesel::prelude::*;
    use storegister_invoice::{DateRange, Page, TransactionRepository};
    use storegister_persistence::ledger::{CARRY_PAYMENTS, carry};
    use storegister_persistence::schema::{data_migrations, ledger_entries};
    let database = db.open();
    let (acme, tenant, _) = tenancy(&database);
    let mut repo = database.repo().unwrap();
    // as an earlier version left them: invoices with payments, no receipts, no ledger
    let paid = invoice_of(acme, &tenant, "INV-1", "2026-01-15", 1_000, false);
    let partly = invoice_of(acme, &tenant, "INV-2", "2026-02-15", 400, false);
    let cancelled = invoice_of(acme, &tenant, "INV-3", "2026-03-15", 0, true);
    // written in one go, with one date and one time, and ids that run against the numbers:
    // the numbers decide the order
    let at = paid.created_at;
    let written = |invoice: Invoice, id: u128| Invoice {
        id: InvoiceId(uuid::Uuid::from_u128(id)),
        created_at: at,
        ..invoice
    };
    let (paid, partly, cancelled) = (written(paid, 3), written(partly, 2), written(cancelled, 1));
    for invoice in [&cancelled, &partly, &paid] {
        repo.insert_invoice(invoice).unwrap();
    }
    diesel::delete(data_migrations::table.find(CARRY_PAYMENTS))
        .execute(repo.connection())
        .unwrap();

    let report = carry(repo.connection()).unwrap();
    assert!(report.ran);
    assert_eq!((report.receipts, report.entries), (2, 6));
    let receipts = repo
        .receipt_page(
            acme,
            tenant.id,
            DateRange::default(),
            Page {
                number: 1,
                size: 10,
            },
        )
        .unwrap();
    let mut carried: Vec<(String, i64, i64, usize)> = receipts
        .items
        .iter()
        .map(|line| {
            (
                line.receipt.transact_id.clone(),
                line.receipt.gross_minor,
                line.receipt.advance_minor(),
                line.allocations.len(),
            )
        })
        .collect();
    carried.sort();
    assert_eq!(
        carried,
        [
            ("RV-INV-1".to_owned(), 1_000, 0, 1),
            ("RV-INV-2".to_owned(), 400, 0, 1)
        ]
    );
    // balances as before
    let after = repo.find_invoice(acme, partly.id).unwrap().unwrap();
    assert_eq!((after.paid_minor, after.balance().minor), (400, 600));
    let ledger = repo
        .ledger_page(
            acme,
            tenant.id,
            DateRange::default(),
            Page {
                number: 1,
                size: 10,
            },
        )
        .unwrap();
    assert_eq!(ledger.total, 6);
    assert_eq!(
        ledger.items[0].balance_minor, 600,
        "what the open invoices owe"
    );
    let kinds: Vec<&str> = ledger.items.iter().rev().map(|e| e.kind.code()).collect();
    assert_eq!(
        kinds,
        [
            "LATE_FEE",
            "RECEIPT",
            "LATE_FEE",
            "RECEIPT",
            "LATE_FEE",
            "CANCELLATION"
        ]
    );
    // once
    assert!(!carry(repo.connection()).unwrap().ran);
    let count: i64 = ledger_entries::table
        .count()
        .get_result(repo.connection())
        .unwrap();
    assert_eq!(count, 6);
}

fn two_processes_migrating_at_once_both_succeed(db: &TestDb) {
    let url = db.url.clone();
    let starts: Vec<_> = (0..2)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || {
                Database::open(&url, storegister_persistence::PoolOptions::default()).map(drop)
            })
        })
        .collect();
    for start in starts {
        start.join().unwrap().unwrap();
    }
    let database = db.open();
    assert_eq!(
        database.repo().unwrap().list_countries().unwrap().len(),
        249
    );
}

/// Rows stored under the old normal form (lower case only) are folded by the migration step;
/// two that fold into one identity are left as they are and reported.
fn stored_identities_are_folded_and_collisions_kept(db: &TestDb) {
    use diesel::prelude::*;
    use storegister_persistence::identities::{FOLD_NFKC, fold};
    use storegister_persistence::schema::{contact_books, credentials, data_migrations};
    use storegister_persistence::types::DbUuid;

    let database = db.open();
    let (acme, _, _) = tenancy(&database);
    let mut repo = database.repo().unwrap();
    // as an earlier version stored them: full-width letters only lower-cased
    let mut old_form = |email: &str| {
        let contact = contact(acme, &format!("placeholder-{}@example.com", Uuid::new_v4()));
        repo.insert_contact(&contact).unwrap();
        diesel::update(contact_books::table.find(DbUuid(contact.id.uuid())))
            .set((
                contact_books::email.eq(email),
                contact_books::email_normalized.eq(email.to_lowercase()),
            ))
            .execute(repo.connection())
            .unwrap();
        contact
    };
    let alone = old_form("\u{FF21}bc@example.com");
    let dupe = old_form("\u{FF44}upe@example.com");
    let twin = old_form("dupe@example.com");
    repo.insert_credential(&credential(&alone, "\u{ff41}bc@example.com"))
        .unwrap();
    diesel::delete(data_migrations::table.find(FOLD_NFKC))
        .execute(repo.connection())
        .unwrap();

    let report = fold(repo.connection()).unwrap();
    assert!(report.ran);
    assert_eq!(report.folded, 2, "the lone contact and its user name");
    assert_eq!(report.collisions.len(), 1);
    let mut colliding = report.collisions[0].clone();
    colliding.sort();
    let mut expected = vec![dupe.id.uuid(), twin.id.uuid()];
    expected.sort();
    assert_eq!(colliding, expected);

    let stored = |repo: &mut storegister_persistence::Repo, id: ContactId| -> String {
        contact_books::table
            .find(DbUuid(id.uuid()))
            .select(contact_books::email_normalized)
            .get_result(repo.connection())
            .unwrap()
    };
    assert_eq!(stored(&mut repo, alone.id), "abc@example.com");
    assert_eq!(
        stored(&mut repo, dupe.id),
        "\u{ff44}upe@example.com",
        "left as it was"
    );
    let user: String = credentials::table
        .select(credentials::user_name)
        .get_result(repo.connection())
        .unwrap();
    assert_eq!(user, "abc@example.com");
    // recorded: it does not run twice
    assert!(!fold(repo.connection()).unwrap().ran);
    assert_eq!(
        database
            .repo()
            .unwrap()
            .find_contact_by_email(acme, "abc@example.com")
            .unwrap()
            .map(|c| c.id),
        Some(alone.id)
    );
}

fn a_session_is_found_with_its_contact_and_credential(db: &TestDb) {
    let database = db.open();
    let acme = company(&database, "Acme");
    let other = company(&database, "Other");
    let mut repo = database.repo().unwrap();
    let tenant = contact(acme, "a@example.com");
    let neighbour = contact(acme, "b@example.com");
    repo.insert_contact(&tenant).unwrap();
    repo.insert_contact(&neighbour).unwrap();
    let tenant_credential = credential(&tenant, "a@example.com");
    repo.insert_credential(&tenant_credential).unwrap();
    repo.insert_credential(&credential(&neighbour, "b@example.com"))
        .unwrap();
    let session = |contact: &ContactBook| StoredSession {
        id: Uuid::new_v4(),
        company_id: contact.company_id,
        contact_id: contact.id,
        created_at: now(),
        last_used_at: now(),
        expires_at: now() + chrono::Duration::hours(1),
        ended_at: Some(now()),
        user_agent: Some("curl/8".into()),
    };
    let ended = session(&tenant);
    let theirs = session(&neighbour);
    repo.insert_session(&ended).unwrap();
    repo.insert_session(&theirs).unwrap();

    // an ended session is still found: the caller decides whether it is live
    assert_eq!(
        repo.find_authorized(acme, tenant.id, ended.id).unwrap(),
        Some((
            tenant.clone(),
            SessionCheck {
                security_stamp: tenant_credential.security_stamp,
                last_used_at: ended.last_used_at,
                expires_at: ended.expires_at,
                ended_at: ended.ended_at,
                records_version: 0,
            }
        ))
    );
    assert_eq!(
        repo.find_authorized(other, tenant.id, ended.id).unwrap(),
        None
    );
    assert_eq!(
        repo.find_authorized(acme, tenant.id, theirs.id).unwrap(),
        None
    );
    assert_eq!(
        repo.find_authorized(acme, neighbour.id, ended.id).unwrap(),
        None
    );
    assert_eq!(
        repo.find_authorized(acme, tenant.id, Uuid::new_v4())
            .unwrap(),
        None
    );
}

/// One row of SQLite's `EXPLAIN QUERY PLAN`.
#[derive(diesel::QueryableByName)]
struct PlanStep {
    #[diesel(sql_type = diesel::sql_types::Text)]
    detail: String,
}

/// One line of PostgreSQL's `EXPLAIN`.
#[derive(diesel::QueryableByName)]
struct PlanLine {
    #[diesel(sql_type = diesel::sql_types::Text, column_name = "QUERY PLAN")]
    line: String,
}

fn open_invoices_are_read_through_their_partial_index(db: &TestDb) {
    use diesel::connection::{Connection, InstrumentationEvent};
    use diesel::{RunQueryDsl, sql_query};
    use std::sync::{Arc, Mutex};

    let database = db.open();
    let (acme, tenant, _) = tenancy(&database);
    let mut repo = database.repo().unwrap();
    repo.insert_invoice(&invoice_of(acme, &tenant, "I-1", "2026-01-01", 0, false))
        .unwrap();
    // the statement the repository really sends, as the planner will see it
    let sent = Arc::new(Mutex::new(Vec::<String>::new()));
    let seen = Arc::clone(&sent);
    repo.connection()
        .set_instrumentation(move |event: InstrumentationEvent<'_>| {
            if let InstrumentationEvent::StartQuery { query, .. } = event {
                seen.lock().unwrap().push(query.to_string());
            }
        });
    assert_eq!(repo.unpaid_invoices(acme, tenant.id).unwrap().len(), 1);
    let sent = sent.lock().unwrap().clone();
    let sql = sent
        .iter()
        .find(|sql| sql.contains("invoices") && sql.contains("gross_minor"))
        .map(|sql| sql.split(" -- binds:").next().unwrap().to_owned())
        .unwrap_or_else(|| panic!("the query was not seen: {sent:?}"));
    let conn = repo.connection();
    let plan = match db.kind {
        Kind::Sqlite => sql_query(format!("EXPLAIN QUERY PLAN {sql}"))
            .load::<PlanStep>(conn)
            .unwrap()
            .into_iter()
            .map(|step| step.detail)
            .collect::<Vec<_>>(),
        Kind::Postgres => {
            // the generic plan, which a prepared statement settles on, must use it too
            sql_query("SET plan_cache_mode = force_generic_plan")
                .execute(conn)
                .unwrap();
            sql_query(format!("PREPARE open_invoices AS {sql}"))
                .execute(conn)
                .unwrap();
            let plan = sql_query(format!(
                "EXPLAIN EXECUTE open_invoices('{}', '{}')",
                acme.uuid(),
                tenant.id.uuid()
            ))
            .load::<PlanLine>(conn)
            .unwrap()
            .into_iter()
            .map(|line| line.line)
            .collect::<Vec<_>>();
            sql_query("DEALLOCATE open_invoices").execute(conn).unwrap();
            sql_query("RESET plan_cache_mode").execute(conn).unwrap();
            plan
        }
    };
    assert!(
        plan.iter().any(|line| line.contains("invoices_open")),
        "{sql}\n{plan:#?}"
    );
}

/// A tenant of a new company with a unit to rent, a credential and a live session.
fn signed_in(database: &Database) -> (CompanyId, ContactBook, Unit, StoredSession) {
    let (acme, tenant, unit) = tenancy(database);
    let mut repo = database.repo().unwrap();
    repo.insert_credential(&credential(&tenant, "t@example.com"))
        .unwrap();
    let live = StoredSession {
        id: Uuid::new_v4(),
        company_id: acme,
        contact_id: tenant.id,
        created_at: now(),
        last_used_at: now(),
        expires_at: now() + chrono::Duration::hours(1),
        ended_at: None,
        user_agent: None,
    };
    repo.insert_session(&live).unwrap();
    (acme, tenant, unit, live)
}

/// The one read of tenant information answers exactly what its separate reads answer: ended
/// and open contracts (dates, units, properties), unpaid invoices with and without a contract,
/// an empty list as empty; nothing for a stranger's company or another session.
fn the_tenant_overview_is_its_separate_reads_in_one(db: &TestDb) {
    let database = db.open();
    let (acme, tenant, unit, live) = signed_in(&database);
    let mut repo = database.repo().unwrap();

    // no contracts, no invoices yet
    let empty = repo
        .find_authorized_overview(acme, tenant.id, live.id)
        .unwrap()
        .unwrap();
    assert!(empty.contracts.is_empty() && empty.unpaid.is_empty());

    let open = contract_of(acme, &tenant, &unit, "C-2", "2025-06-01");
    let ended = Contract {
        status: ContractStatus::Ended,
        end_date: Some(date("2025-05-31")),
        ..contract_of(acme, &tenant, &unit, "C-1", "2024-01-01")
    };
    repo.insert_contract(&ended).unwrap();
    repo.insert_contract(&open).unwrap();
    for invoice in [
        Invoice {
            contract_id: Some(open.id),
            transaction_type: TransactionType::Rental,
            ..invoice_of(acme, &tenant, "I-2", "2026-02-01", 250, false)
        },
        invoice_of(acme, &tenant, "I-1", "2026-01-01", 0, false),
        invoice_of(acme, &tenant, "I-PAID", "2026-01-01", 1000, false),
    ] {
        repo.insert_invoice(&invoice).unwrap();
    }

    let overview = repo
        .find_authorized_overview(acme, tenant.id, live.id)
        .unwrap()
        .unwrap();
    let (contact, check) = repo
        .find_authorized(acme, tenant.id, live.id)
        .unwrap()
        .unwrap();
    assert_eq!(
        overview,
        TenantOverview {
            contact,
            check,
            contracts: repo.contracts_of_tenant(acme, tenant.id).unwrap(),
            unpaid: repo.unpaid_invoices(acme, tenant.id).unwrap(),
        }
    );
    assert_eq!(overview.contracts.len(), 2);
    assert_eq!(overview.contracts[0].contract, open);
    assert_eq!(overview.contracts[1].contract, ended);
    assert_eq!(overview.contracts[0].unit, unit);
    let numbers: Vec<&str> = overview
        .unpaid
        .iter()
        .map(|i| i.transact_id.as_str())
        .collect();
    assert_eq!(numbers, ["I-1", "I-2"]);
    assert_eq!(overview.unpaid[1].contract_id, Some(open.id));

    let stranger = company(&database, "Other");
    assert_eq!(
        repo.find_authorized_overview(stranger, tenant.id, live.id)
            .unwrap(),
        None
    );
    assert_eq!(
        repo.find_authorized_overview(acme, tenant.id, Uuid::new_v4())
            .unwrap(),
        None
    );
}

/// The one read of a ledger page answers exactly what the session read and the page read
/// answer: the first page, a middle one, one past the end, an empty ledger; nothing for
/// another session.
fn a_ledger_page_with_its_session_check_is_its_separate_reads_in_one(db: &TestDb) {
    let database = db.open();
    let (acme, tenant, _, live) = signed_in(&database);
    let mut repo = database.repo().unwrap();
    let page = |number, size| Page { number, size };
    let separate = |repo: &mut storegister_persistence::Repo, p: Page| {
        let (_, check) = repo
            .find_authorized(acme, tenant.id, live.id)
            .unwrap()
            .unwrap();
        let listed = repo
            .ledger_page(acme, tenant.id, DateRange::default(), p)
            .unwrap();
        (check, listed)
    };

    let (_, empty) = repo
        .find_authorized_ledger_page(acme, tenant.id, live.id, page(1, 20))
        .unwrap()
        .unwrap();
    assert_eq!((empty.items.len(), empty.total), (0, 0));

    let entries: Vec<LedgerEntry> = (1..=45)
        .map(|n| LedgerEntry {
            id: Uuid::new_v4(),
            company_id: acme,
            contact_id: tenant.id,
            ledger_index: n,
            kind: if n % 2 == 0 {
                EntryKind::Receipt
            } else {
                EntryKind::Invoice(TransactionType::Rental)
            },
            document_id: Uuid::new_v4(),
            transact_id: format!("D-{n}"),
            transact_date: date("2026-01-01") + chrono::Days::new(n as u64),
            contract_number: (n % 3 == 0).then(|| "C-1".to_owned()),
            reference_id: None,
            reference_transact_id: None,
            charge_minor: if n % 2 == 0 { 0 } else { 1000 },
            credit_minor: if n % 2 == 0 { 1000 } else { 0 },
            balance_minor: if n % 2 == 0 { 0 } else { 1000 },
            created_at: now(),
        })
        .collect();
    repo.insert_ledger_entries(&entries).unwrap();

    for (number, size, first) in [
        (1, 20, Some(45)),
        (2, 20, Some(25)),
        (3, 20, Some(5)),
        (4, 20, None),
    ] {
        let one = repo
            .find_authorized_ledger_page(acme, tenant.id, live.id, page(number, size))
            .unwrap()
            .unwrap();
        assert_eq!(
            one,
            separate(&mut repo, page(number, size)),
            "page {number}"
        );
        assert_eq!(one.1.total, 45);
        assert_eq!(one.1.items.first().map(|e| e.ledger_index), first);
    }
    assert_eq!(
        repo.find_authorized_ledger_page(acme, tenant.id, Uuid::new_v4(), page(1, 20))
            .unwrap(),
        None
    );
}

/// Every write to a tenant's contracts, invoices or ledger, and to a unit or property it rents,
/// raises the tenant's records version in the database (what lets a process serve the lists
/// it holds in memory), whoever writes; each read with the session check reports it; another
/// tenant's stays where it was.
fn every_write_to_a_tenants_records_raises_its_version(db: &TestDb) {
    use diesel::prelude::*;
    use storegister_invoice::{Books, Charge};
    use storegister_persistence::schema::{
        contact_books, contracts, invoices, ledger_entries, properties, units,
    };
    use storegister_persistence::types::DbUuid;
    let database = db.open();
    let (acme, tenant, unit, live) = signed_in(&database);
    let mut repo = database.repo().unwrap();
    let neighbour = contact(acme, "n@example.com");
    repo.insert_contact(&neighbour).unwrap();
    let version_of = |repo: &mut storegister_persistence::Repo, contact: ContactId| {
        contact_books::table
            .find(DbUuid(contact.uuid()))
            .select(contact_books::records_version)
            .get_result::<i64>(repo.connection())
            .unwrap()
    };
    let mut seen = repo
        .find_authorized(acme, tenant.id, live.id)
        .unwrap()
        .unwrap()
        .1
        .records_version;
    let mut raised = |repo: &mut storegister_persistence::Repo, what: &str| {
        let version = repo
            .find_authorized(acme, tenant.id, live.id)
            .unwrap()
            .unwrap()
            .1
            .records_version;
        assert!(version > seen, "{what}: {version} after {seen}");
        assert_eq!(version, version_of(repo, tenant.id), "{what}");
        // the reads with the session check report the same number
        let overview = repo
            .find_authorized_overview(acme, tenant.id, live.id)
            .unwrap()
            .unwrap();
        assert_eq!(overview.check.records_version, version, "{what}");
        let page = Page { number: 1, size: 5 };
        let (check, _) = repo
            .find_authorized_ledger_page(acme, tenant.id, live.id, page)
            .unwrap()
            .unwrap();
        assert_eq!(check.records_version, version, "{what}");
        seen = version;
    };

    let mut contract = contract_of(acme, &tenant, &unit, "C-1", "2026-01-01");
    repo.insert_contract(&contract).unwrap();
    raised(&mut repo, "a contract added");
    contract.status = ContractStatus::Ended;
    assert!(repo.update_contract_status(&contract).unwrap());
    raised(&mut repo, "a contract's status changed");
    let invoice = invoice_of(acme, &tenant, "INV-1", "2026-02-01", 0, false);
    repo.insert_invoice(&invoice).unwrap();
    raised(&mut repo, "an invoice added");
    diesel::update(invoices::table.find(DbUuid(invoice.id.uuid())))
        .set(invoices::paid_minor.eq(500))
        .execute(repo.connection())
        .unwrap();
    raised(&mut repo, "an invoice paid in part (by hand)");
    let mut books = Books::new(acme, tenant.id, "EUR".parse().unwrap(), now());
    books.invoice(Charge {
        number: "INV-2".into(),
        kind: TransactionType::Rental,
        date: date("2026-03-01"),
        due: date("2026-03-15"),
        gross_minor: 9_900,
        contract: None,
    });
    repo.insert_books(std::slice::from_ref(&books)).unwrap();
    raised(&mut repo, "books written (invoice and ledger entry)");
    diesel::update(units::table.find(DbUuid(unit.id.uuid())))
        .set(units::storage_type.eq("Indoor"))
        .execute(repo.connection())
        .unwrap();
    raised(&mut repo, "the rented unit changed");
    diesel::update(properties::table.find(DbUuid(unit.property_id.uuid())))
        .set(properties::name.eq("North 2"))
        .execute(repo.connection())
        .unwrap();
    raised(&mut repo, "the unit's property changed");
    diesel::delete(invoices::table.find(DbUuid(invoice.id.uuid())))
        .execute(repo.connection())
        .unwrap();
    raised(&mut repo, "an invoice deleted");
    diesel::update(
        ledger_entries::table.filter(ledger_entries::contact_id.eq(DbUuid(tenant.id.uuid()))),
    )
    .set(ledger_entries::transact_id.eq("BY-HAND"))
    .execute(repo.connection())
    .unwrap();
    raised(&mut repo, "a ledger entry changed by hand");
    diesel::delete(contracts::table.find(DbUuid(contract.id.uuid())))
        .execute(repo.connection())
        .unwrap();
    raised(&mut repo, "a contract deleted");
    assert_eq!(version_of(&mut repo, neighbour.id), 0, "another tenant's");
    // emptied: TRUNCATE fires no DELETE trigger on PostgreSQL, a trigger of its own does
    let emptied = match db.kind {
        Kind::Postgres => "TRUNCATE ledger_entries",
        Kind::Sqlite => "DELETE FROM ledger_entries",
    };
    diesel::sql_query(emptied)
        .execute(repo.connection())
        .unwrap();
    raised(&mut repo, "the ledger emptied");
    // a write inside a transaction that fails raises nothing
    let failed: Result<(), StoreError> = repo.transaction(|repo| {
        repo.insert_invoice(&invoice_of(acme, &tenant, "INV-3", "2026-04-01", 0, false))?;
        Err(StoreError::failed("given up"))
    });
    assert!(failed.is_err());
    assert_eq!(version_of(&mut repo, tenant.id), seen);
}

db_tests!(
    every_write_to_a_tenants_records_raises_its_version,
    a_ledger_page_with_its_session_check_is_its_separate_reads_in_one,
    the_tenant_overview_is_its_separate_reads_in_one,
    open_invoices_are_read_through_their_partial_index,
    a_session_is_found_with_its_contact_and_credential,
    stored_identities_are_folded_and_collisions_kept,
    two_processes_migrating_at_once_both_succeed,
    pictures_are_stored_found_and_deleted,
    recorded_payments_are_carried_into_receipts_and_the_ledger,
    a_start_waits_for_another_migration_within_its_bound,
    no_statement_is_prepared_with_the_cache_off,
    contracts_come_with_unit_and_property_newest_first,
    only_unpaid_invoices_are_listed_by_due_date,
    a_password_change_succeeds_once_per_stamp,
    a_picture_is_replaced_only_from_the_expected_one,
    migrations_go_up_down_and_up_again,
    every_iso_country_is_shipped,
    regions_are_stored_per_country,
    api_keys_are_found_by_digest_until_revoked,
    contacts_are_scoped_to_their_company,
    credentials_have_unique_user_names,
    a_failed_transaction_leaves_nothing,
    properties_are_scoped_to_their_company,
    a_nul_byte_is_an_error_not_a_panic,
);
