//! The admin binary, run as a user would, against SQLite and PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

use assert_cmd::Command;
use storegister_company::CompanyRepository;
use storegister_kernel::CompanyId;
use storegister_test_support::{TestDb, api_tests, db_tests};

/// The admin command configured for the test database.
fn admin(db: &TestDb) -> Command {
    let mut command = Command::cargo_bin("storegister-admin").unwrap();
    command
        .env_clear()
        .env("STOREGISTER__DATABASE__URL", &db.url)
        .env("STOREGISTER__AUTH__BCRYPT_COST", "4")
        .env("PATH", std::env::var("PATH").unwrap_or_default());
    command
}

/// Runs the command; returns (success, stdout, stderr).
fn run(db: &TestDb, args: &[&str]) -> (bool, String, String) {
    let output = admin(db).args(args).output().unwrap();
    (
        output.status.success(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn last_line(text: &str) -> String {
    text.lines().last().unwrap_or_default().trim().to_owned()
}

fn create_company(db: &TestDb) -> String {
    let (ok, out, err) = run(
        db,
        &[
            "company",
            "create",
            "--name",
            "Acme Storage",
            "--currency",
            "dkk",
        ],
    );
    assert!(ok, "{err}");
    last_line(&out)
}

fn companies_and_keys_are_managed(db: &TestDb) {
    let company = create_company(db);
    let id: CompanyId = company.parse().expect("the last line is the company id");
    let database = db.open();
    let stored = database.repo().unwrap().find_company(id).unwrap().unwrap();
    assert_eq!(stored.name, "Acme Storage");
    assert_eq!(stored.currency.code(), "DKK");

    let (ok, out, err) = run(
        db,
        &[
            "api-key",
            "create",
            "--company",
            &company,
            "--name",
            "website",
        ],
    );
    assert!(ok, "{err}");
    let key = last_line(&out);
    assert!(key.starts_with("sr_"), "{out}");
    let digest = storegister_auth::api_key::digest(&key);
    assert_eq!(
        database
            .repo()
            .unwrap()
            .company_for_key_digest(&digest)
            .unwrap(),
        Some(id)
    );

    let (ok, out, _) = run(db, &["api-key", "list", "--company", &company]);
    assert!(ok);
    assert!(out.contains(&key[..11]) && out.contains("website") && out.contains("active"));
    assert!(!out.contains(&key), "the key itself is never listed");

    let (ok, out, err) = run(db, &["api-key", "revoke", &key[..11]]);
    assert!(ok, "{err}");
    assert!(out.contains("revoked"));
    assert_eq!(
        database
            .repo()
            .unwrap()
            .company_for_key_digest(&digest)
            .unwrap(),
        None
    );

    let (ok, _, err) = run(db, &["api-key", "revoke", &key[..11]]);
    assert!(!ok);
    assert!(err.contains("revoked already"), "{err}");
}

fn json_output_is_one_document(db: &TestDb) {
    let company = create_company(db);
    let (ok, out, _) = run(
        db,
        &[
            "--json",
            "api-key",
            "create",
            "--company",
            &company,
            "--name",
            "portal",
        ],
    );
    assert!(ok);
    let value: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert!(value["apiKey"].as_str().unwrap().starts_with("sr_"));
    assert_eq!(value["companyId"], company.as_str());
    let id = value["id"].as_str().unwrap().to_owned();
    let (ok, out, _) = run(db, &["api-key", "list", "--company", &company, "--json"]);
    assert!(ok);
    let list: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(list[0]["id"], id.as_str());
    assert!(list[0].get("apiKey").is_none());
    let (ok, out, _) = run(db, &["--json", "api-key", "revoke", &id]);
    assert!(ok);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(out.trim()).unwrap()["revoked"],
        true
    );
}

fn bad_input_fails_with_one_line(db: &TestDb) {
    let company = create_company(db);
    let cases: Vec<Vec<&str>> = vec![
        vec!["company", "create", "--name", "X", "--currency", "EURO"],
        vec!["company", "create", "--name", "   "],
        vec![
            "api-key",
            "create",
            "--company",
            "not-a-guid",
            "--name",
            "x",
        ],
        vec![
            "api-key",
            "create",
            "--company",
            "00000000-0000-0000-0000-000000000000",
            "--name",
            "x",
        ],
        vec!["api-key", "create", "--company", &company, "--name", " "],
        vec![
            "api-key",
            "list",
            "--company",
            "00000000-0000-0000-0000-000000000000",
        ],
        vec!["api-key", "revoke", "sr_nothing"],
    ];
    for args in cases {
        let (ok, out, err) = run(db, &args);
        assert!(!ok, "{args:?} should fail");
        assert!(out.is_empty(), "{args:?}: {out}");
        assert_eq!(err.trim().lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("error: "), "{args:?}: {err}");
    }
}

fn an_ambiguous_prefix_is_refused(db: &TestDb) {
    let company = create_company(db);
    for name in ["one", "two"] {
        assert!(
            run(
                db,
                &["api-key", "create", "--company", &company, "--name", name]
            )
            .0
        );
    }
    let (ok, _, err) = run(db, &["api-key", "revoke", "sr_"]);
    assert!(!ok);
    assert!(err.contains("2 keys start with"), "{err}");
}

/// Runs a command that must succeed; returns its last line.
fn ok(db: &TestDb, args: &[&str]) -> String {
    let (ok, out, err) = run(db, args);
    assert!(ok, "{args:?}: {err}");
    last_line(&out)
}

/// Runs a command that must fail; returns its one-line reason.
fn refused(db: &TestDb, args: &[&str]) -> String {
    let (ok, out, err) = run(db, args);
    assert!(!ok, "{args:?} should fail: {out}");
    assert_eq!(err.trim().lines().count(), 1, "{args:?}: {err}");
    err
}

/// A company with a property, a unit and a lead contact (made through the API's register use
/// case would need the server; the admin has no contact command, so the test stores one).
fn estate(db: &TestDb) -> (String, String, String) {
    let company = create_company(db);
    let property = ok(
        db,
        &[
            "property",
            "create",
            "--company",
            &company,
            "--name",
            "North",
            "--city",
            "Aarhus",
        ],
    );
    let unit = ok(
        db,
        &[
            "unit",
            "create",
            "--company",
            &company,
            "--property",
            &property,
            "--number",
            "A-1",
            "--size",
            "12.5",
            "--size-unit",
            "m2",
            "--storage-type",
            "Indoor",
        ],
    );
    let database = db.open();
    let mut repo = database.repo().unwrap();
    let contact = storegister_contact_book::ContactBook {
        id: storegister_kernel::ContactId::generate(),
        company_id: company.parse().unwrap(),
        details: storegister_contact_book::ContactDetails {
            first_name: "Marcus".into(),
            last_name: "Johansen".into(),
            phone_number: "10000000".into(),
            email: storegister_contact_book::Email::from_validated("marcus@example.com"),
            address: Default::default(),
        },
        communication_address: None,
        property_info_id: None,
        profile_image: None,
        email_verified: false,
        created_at: chrono::Utc::now().naive_utc(),
        updated_at: chrono::Utc::now().naive_utc(),
    };
    storegister_contact_book::ContactBookRepository::insert_contact(&mut repo, &contact).unwrap();
    (company, unit, property)
}

fn properties_units_contracts_invoices_and_payments(db: &TestDb) {
    let (company, unit, property) = estate(db);
    let (ok_, out, _) = run(db, &["--json", "property", "list", "--company", &company]);
    assert!(ok_);
    let list: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(list[0]["id"], property.as_str());
    let (_, out, _) = run(
        db,
        &[
            "--json",
            "unit",
            "list",
            "--company",
            &company,
            "--property",
            &property,
        ],
    );
    let list: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(list[0]["size"], 12.5);

    let contract = ok(
        db,
        &[
            "contract",
            "create",
            "--company",
            &company,
            "--tenant",
            "MARCUS@example.com",
            "--unit",
            &unit,
            "--start",
            "2026-01-01",
            "--rent",
            "125.50",
            "--period",
            "MONTHLY",
            "--deposit",
            "251",
            "--number",
            "C-100",
        ],
    );
    let (_, out, _) = run(
        db,
        &[
            "--json",
            "contract",
            "list",
            "--company",
            &company,
            "--tenant",
            "marcus@example.com",
        ],
    );
    let list: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(list[0]["id"], contract.as_str());
    assert_eq!(list[0]["rent"], 125.5);
    assert_eq!(list[0]["currency"], "DKK");

    let invoice = ok(
        db,
        &[
            "invoice",
            "create",
            "--company",
            &company,
            "--tenant",
            "marcus@example.com",
            "--contract",
            &contract,
            "--number",
            "INV-1",
            "--amount",
            "125.50",
            "--date",
            "2026-01-01",
            "--due",
            "2026-01-15",
        ],
    );
    assert!(
        ok(
            db,
            &[
                "payment",
                "record",
                "--company",
                &company,
                "--invoice",
                "INV-1",
                "--amount",
                "100"
            ]
        )
        .contains("balance now")
    );
    let err = refused(
        db,
        &[
            "payment",
            "record",
            "--company",
            &company,
            "--invoice",
            &invoice,
            "--amount",
            "25.51",
        ],
    );
    assert!(err.contains("more than the balance"), "{err}");
    ok(
        db,
        &[
            "payment",
            "record",
            "--company",
            &company,
            "--invoice",
            &invoice,
            "--amount",
            "25.50",
        ],
    );
    let (_, out, _) = run(db, &["--json", "invoice", "list", "--company", &company]);
    let list: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(list[0]["balance"], 0.0);
    assert!(
        refused(db, &["invoice", "cancel", "--company", &company, "INV-1"]).contains("payments")
    );

    ok(
        db,
        &[
            "invoice",
            "create",
            "--company",
            &company,
            "--tenant",
            "marcus@example.com",
            "--number",
            "INV-2",
            "--amount",
            "10",
            "--due",
            "2030-01-01",
            "--type",
            "LATE_FEE",
        ],
    );
    ok(db, &["invoice", "cancel", "--company", &company, "INV-2"]);
    assert!(
        refused(db, &["invoice", "cancel", "--company", &company, "INV-2"])
            .contains("cancelled already")
    );
    assert!(
        refused(
            db,
            &[
                "payment",
                "record",
                "--company",
                &company,
                "--invoice",
                "INV-2",
                "--amount",
                "1"
            ]
        )
        .contains("cancelled")
    );

    assert!(
        ok(
            db,
            &[
                "contract",
                "end",
                "--company",
                &company,
                &contract,
                "--date",
                "2026-06-30"
            ]
        )
        .contains("ended")
    );
    assert!(
        refused(db, &["contract", "end", "--company", &company, &contract])
            .contains("ended already")
    );
}

fn management_refusals_are_one_line_and_write_nothing(db: &TestDb) {
    let (company, unit, property) = estate(db);
    let cases: Vec<Vec<&str>> = vec![
        vec!["property", "create", "--company", &company, "--name", " "],
        vec![
            "unit",
            "create",
            "--company",
            &company,
            "--property",
            &property,
            "--number",
            "A-2",
            "--size",
            "0",
        ],
        vec![
            "unit",
            "create",
            "--company",
            &company,
            "--property",
            &property,
            "--number",
            "A-2",
            "--size",
            "3",
            "--size-unit",
            "ft2",
        ],
        vec![
            "unit",
            "create",
            "--company",
            &company,
            "--property",
            "00000000-0000-0000-0000-000000000000",
            "--number",
            "A-2",
            "--size",
            "3",
        ],
        vec![
            "unit",
            "create",
            "--company",
            &company,
            "--property",
            &property,
            "--number",
            "A-1",
            "--size",
            "3",
        ],
        vec![
            "contract",
            "create",
            "--company",
            &company,
            "--tenant",
            "nobody@example.com",
            "--unit",
            &unit,
            "--start",
            "2026-01-01",
            "--rent",
            "1",
        ],
        vec![
            "contract",
            "create",
            "--company",
            &company,
            "--tenant",
            "marcus@example.com",
            "--unit",
            &unit,
            "--start",
            "2026-13-01",
            "--rent",
            "1",
        ],
        vec![
            "contract",
            "create",
            "--company",
            &company,
            "--tenant",
            "marcus@example.com",
            "--unit",
            &unit,
            "--start",
            "2026-01-01",
            "--end",
            "2025-01-01",
            "--rent",
            "1",
        ],
        vec![
            "contract",
            "create",
            "--company",
            &company,
            "--tenant",
            "marcus@example.com",
            "--unit",
            &unit,
            "--start",
            "2026-01-01",
            "--rent",
            "1.234",
        ],
        vec![
            "contract",
            "create",
            "--company",
            &company,
            "--tenant",
            "marcus@example.com",
            "--unit",
            &unit,
            "--start",
            "2026-01-01",
            "--rent",
            "-5",
        ],
        vec![
            "contract",
            "create",
            "--company",
            &company,
            "--tenant",
            "marcus@example.com",
            "--unit",
            &unit,
            "--start",
            "2026-01-01",
            "--rent",
            "5",
            "--period",
            "WEEKLY",
        ],
        vec![
            "invoice",
            "create",
            "--company",
            &company,
            "--tenant",
            "marcus@example.com",
            "--number",
            "I",
            "--amount",
            "5",
            "--date",
            "2026-02-01",
            "--due",
            "2026-01-01",
        ],
        vec![
            "invoice",
            "create",
            "--company",
            &company,
            "--tenant",
            "marcus@example.com",
            "--number",
            "I",
            "--amount",
            "5",
            "--due",
            "2026-01-01",
            "--type",
            "FEE",
        ],
        vec![
            "payment",
            "record",
            "--company",
            &company,
            "--invoice",
            "NOPE",
            "--amount",
            "1",
        ],
        vec![
            "contract",
            "list",
            "--company",
            "00000000-0000-0000-0000-000000000000",
            "--tenant",
            "marcus@example.com",
        ],
    ];
    for args in cases {
        refused(db, &args);
    }
    let (_, out, _) = run(db, &["--json", "unit", "list", "--company", &company]);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(out.trim())
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let (_, out, _) = run(
        db,
        &[
            "--json",
            "contract",
            "list",
            "--company",
            &company,
            "--tenant",
            "marcus@example.com",
        ],
    );
    assert_eq!(out.trim(), "[]");
    let (_, out, _) = run(db, &["--json", "invoice", "list", "--company", &company]);
    assert_eq!(out.trim(), "[]");
}

fn regions_are_imported_whole_or_not_at_all(db: &TestDb) {
    let folder = tempfile::tempdir().unwrap();
    let bad = folder.path().join("bad.csv");
    std::fs::write(&bad, "country,region,name,code\n250,205,Seine-Saint-Denis,93\n250,206,Paris,75\n9999,1,Nowhere,X\n").unwrap();
    let err = refused(db, &["region", "import", "--file", bad.to_str().unwrap()]);
    assert!(err.contains("line 4") && err.contains("9999"), "{err}");
    let duplicate = folder.path().join("duplicate.csv");
    std::fs::write(
        &duplicate,
        "250,205,Seine-Saint-Denis,93\n250,205,Again,93\n",
    )
    .unwrap();
    assert!(
        refused(
            db,
            &["region", "import", "--file", duplicate.to_str().unwrap()]
        )
        .contains("twice")
    );
    let database = db.open();
    assert!(
        storegister_contact_book::ReferenceData::list_regions(
            &mut database.repo().unwrap(),
            storegister_contact_book::CountryId(250)
        )
        .unwrap()
        .is_empty()
    );

    let good = folder.path().join("good.csv");
    std::fs::write(
        &good,
        "250,205,Seine-Saint-Denis,93\n250,206,\"Paris, Ville de\",75\n208,1,Hovedstaden\n",
    )
    .unwrap();
    assert!(ok(db, &["region", "import", "--file", good.to_str().unwrap()]).contains("imported 3"));
    let regions = storegister_contact_book::ReferenceData::list_regions(
        &mut database.repo().unwrap(),
        storegister_contact_book::CountryId(250),
    )
    .unwrap();
    assert_eq!(
        regions.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
        ["Paris, Ville de", "Seine-Saint-Denis"]
    );
    assert!(
        refused(db, &["region", "import", "--file", good.to_str().unwrap()])
            .contains("exists already")
    );
    assert!(
        refused(
            db,
            &[
                "region",
                "import",
                "--file",
                folder.path().join("missing.csv").to_str().unwrap()
            ]
        )
        .contains("cannot read")
    );
}

fn the_demo_is_idempotent_and_prints_a_login(db: &TestDb) {
    let (ok_, out, err) = run(db, &["--json", "demo", "--tenants", "3"]);
    assert!(ok_, "{err}");
    let first: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(first["userName"], "tenant00001@demo.example.com");
    assert_eq!(first["password"], "Demo@2026!");
    assert!(first["apiKey"].as_str().unwrap().starts_with("sr_"));
    let (ok_, out, _) = run(db, &["--json", "demo", "--tenants", "3"]);
    assert!(ok_);
    let second: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(second["companyId"], first["companyId"]);
    let company: CompanyId = first["companyId"].as_str().unwrap().parse().unwrap();
    let database = db.open();
    assert_eq!(
        storegister_contact_book::ContactBookRepository::count_contacts(
            &mut database.repo().unwrap(),
            company
        )
        .unwrap(),
        3
    );
    // contacts the demo did not make: a walk-in, and a lead who used the fifth demo address
    let now = chrono::Utc::now().naive_utc();
    for email in ["walk.in@example.com", "tenant00005@demo.example.com"] {
        storegister_contact_book::ContactBookRepository::insert_contact(
            &mut database.repo().unwrap(),
            &storegister_contact_book::ContactBook {
                id: storegister_kernel::ContactId::generate(),
                company_id: company,
                details: storegister_contact_book::ContactDetails {
                    first_name: "Walk".into(),
                    last_name: "In".into(),
                    phone_number: "+45 12345678".into(),
                    email: storegister_contact_book::Email::from_validated(email),
                    address: storegister_contact_book::PostalAddress::default(),
                },
                communication_address: None,
                property_info_id: None,
                profile_image: None,
                email_verified: false,
                created_at: now,
                updated_at: now,
            },
        )
        .unwrap();
    }
    // two tenants a transaction: chunks 2 (3-4), 3 (5-6) and 4 (7) spread over the writers;
    // the walk-in does not make it skip one, the lead keeps the fifth address
    let (ok_, out, err) = run(db, &["demo", "--tenants", "7", "--chunk", "2"]);
    assert!(ok_, "{err}");
    assert!(
        out.contains("8 contacts, 3 demo tenants added now"),
        "{out}"
    );
    let mut repo = database.repo().unwrap();
    for n in 1..=7 {
        let user = format!("tenant{n:05}@demo.example.com");
        let login = storegister_app::CredentialRepository::find_credential_by_user_name(
            &mut repo, company, &user,
        )
        .unwrap();
        assert_eq!(login.is_some(), n != 5, "{user}");
    }
    let (ok_, out, err) = run(db, &["demo", "--tenants", "7", "--chunk", "3"]);
    assert!(ok_, "{err}");
    assert!(
        out.contains("8 contacts, 0 demo tenants added now"),
        "{out}"
    );
    assert!(!run(db, &["demo", "--tenants", "0"]).0);
}

fn migrate_brings_the_schema_up_to_date(db: &TestDb) {
    let (ok, out, err) = run(db, &["migrate"]);
    assert!(ok, "{err}");
    // every migration shipped, whichever backend
    let shipped = std::fs::read_dir(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../migrations/sqlite"
    ))
    .unwrap()
    .filter(|entry| entry.as_ref().unwrap().path().is_dir())
    .count();
    assert!(
        out.contains(&format!("applied {shipped} migration")),
        "{out}"
    );
    let (ok, out, _) = run(db, &["migrate"]);
    assert!(ok);
    assert!(out.contains("up to date"), "{out}");
}

db_tests!(
    properties_units_contracts_invoices_and_payments,
    management_refusals_are_one_line_and_write_nothing,
    regions_are_imported_whole_or_not_at_all,
    the_demo_is_idempotent_and_prints_a_login,
    companies_and_keys_are_managed,
    json_output_is_one_document,
    bad_input_fails_with_one_line,
    an_ambiguous_prefix_is_refused,
    migrate_brings_the_schema_up_to_date,
);

#[test]
fn every_command_has_help() {
    for args in [
        vec!["--help"],
        vec!["company", "--help"],
        vec!["company", "create", "--help"],
        vec!["api-key", "--help"],
        vec!["api-key", "create", "--help"],
        vec!["api-key", "list", "--help"],
        vec!["api-key", "revoke", "--help"],
        vec!["migrate", "--help"],
    ] {
        let output = Command::cargo_bin("storegister-admin")
            .unwrap()
            .args(&args)
            .output()
            .unwrap();
        assert!(output.status.success(), "{args:?}");
        assert!(
            String::from_utf8_lossy(&output.stdout).contains("Usage"),
            "{args:?}"
        );
    }
}

/// The API app on the same database the admin command wrote to.
async fn api(db: &TestDb) -> actix_web::web::Data<storegister_api::AppState> {
    let env: std::collections::HashMap<String, String> = [
        ("STOREGISTER__DATABASE__URL", db.url.as_str()),
        ("STOREGISTER__AUTH__BCRYPT_COST", "4"),
        (
            "STOREGISTER__AUTH__JWT_SECRET",
            "test-secret-test-secret-test-secret",
        ),
        (
            "STOREGISTER__STORAGE__PATH",
            db.scratch().join("files").to_str().unwrap(),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let settings = storegister_settings::Settings::load_from(&env).unwrap();
    let state = actix_web::web::block(move || storegister_api::AppState::from_settings(&settings))
        .await
        .unwrap()
        .unwrap();
    actix_web::web::Data::new(state)
}

async fn call(
    state: &actix_web::web::Data<storegister_api::AppState>,
    request: actix_web::test::TestRequest,
) -> serde_json::Value {
    let service = actix_web::test::init_service(storegister_api::app(state.clone())).await;
    actix_web::test::call_and_read_body_json(&service, request.to_request()).await
}

async fn tenant_info(
    state: &actix_web::web::Data<storegister_api::AppState>,
    key: &str,
    user: &str,
    password: &str,
) -> serde_json::Value {
    let login = call(
        state,
        actix_web::test::TestRequest::post()
            .uri("/v1/login")
            .insert_header(("X-API-Key", key))
            .set_json(serde_json::json!({ "userName": user, "password": password })),
    )
    .await;
    let token = login["data"]["token"]
        .as_str()
        .unwrap_or_else(|| panic!("{login}"))
        .to_owned();
    call(
        state,
        actix_web::test::TestRequest::get()
            .uri("/v1/tenant/")
            .insert_header(("X-API-Key", key))
            .insert_header(("X-Token", token)),
    )
    .await["data"]
        .clone()
}

/// `tenant sessions revoke` ends every session of a tenant: its tokens are refused at once.
async fn an_operator_ends_a_tenants_sessions(db: TestDb) {
    let (ok_, out, err) = run(&db, &["--json", "demo", "--tenants", "1"]);
    assert!(ok_, "{err}");
    let demo: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    let (key, user, password) = (
        demo["apiKey"].as_str().unwrap(),
        demo["userName"].as_str().unwrap(),
        demo["password"].as_str().unwrap(),
    );
    let company = demo["companyId"].as_str().unwrap();
    let state = api(&db).await;
    let mut tokens = Vec::new();
    for _ in 0..2 {
        let login = call(
            &state,
            actix_web::test::TestRequest::post()
                .uri("/v1/login")
                .insert_header(("X-API-Key", key))
                .set_json(serde_json::json!({ "userName": user, "password": password })),
        )
        .await;
        tokens.push(login["data"]["token"].as_str().unwrap().to_owned());
    }
    let (ok_, out, err) = run(
        &db,
        &[
            "--json",
            "tenant",
            "sessions",
            "revoke",
            "--company",
            company,
            "--tenant",
            user,
        ],
    );
    assert!(ok_, "{err}");
    assert_eq!(out.trim(), r#"{"ended":2}"#);
    for token in tokens {
        let profile = call(
            &state,
            actix_web::test::TestRequest::get()
                .uri("/v1/tenant/profile")
                .insert_header(("X-API-Key", key))
                .insert_header(("X-Token", token)),
        )
        .await;
        assert_eq!(profile["errors"][0]["code"], "INVALID_TOKEN", "{profile}");
    }
    // an unknown tenant is a one-line refusal
    let err = refused(
        &db,
        &[
            "tenant",
            "sessions",
            "revoke",
            "--company",
            company,
            "--tenant",
            "nobody@example.com",
        ],
    );
    assert!(err.contains("no contact"), "{err}");
}

/// `contact enquiries` lists every lead form posted for an address, as posted.
async fn an_operator_reads_a_contacts_enquiries(db: TestDb) {
    let (ok_, out, err) = run(&db, &["--json", "demo", "--tenants", "1"]);
    assert!(ok_, "{err}");
    let demo: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    let (key, company) = (
        demo["apiKey"].as_str().unwrap(),
        demo["companyId"].as_str().unwrap(),
    );
    let state = api(&db).await;
    for first_name in ["Laura", "Lara"] {
        let reply = call(
            &state,
            actix_web::test::TestRequest::post()
                .uri("/v1/register")
                .insert_header(("X-API-Key", key))
                .set_json(serde_json::json!({
                    "firstName": first_name, "lastName": "Berg", "phoneNumber": "+45 12345678",
                    "emailId": "enquiry@example.com", "canCreateLoginCredentials": false
                })),
        )
        .await;
        assert_eq!(reply["succeeded"], true, "{reply}");
    }
    let (ok_, out, err) = run(
        &db,
        &[
            "--json",
            "contact",
            "enquiries",
            "--company",
            company,
            "--contact",
            "Enquiry@Example.com",
        ],
    );
    assert!(ok_, "{err}");
    let enquiries: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    let names: Vec<&str> = enquiries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["firstName"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Laura", "Lara"]);
    assert_eq!(enquiries[0]["email"], "enquiry@example.com");
}

fn money(amount: f64, formatted: &str) -> serde_json::Value {
    serde_json::json!({ "amount": amount, "formattedAmount": formatted, "currency": "EUR" })
}

async fn demo_tenants_see_their_contracts_and_invoices(db: TestDb) {
    let (ok_, out, err) = run(&db, &["--json", "demo", "--tenants", "2"]);
    assert!(ok_, "{err}");
    let demo: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    let state = api(&db).await;
    let key = demo["apiKey"].as_str().unwrap();
    let today = chrono::Utc::now().date_naive();
    // tenant 2: everything paid but this month's rent, due in five days; rent €69.00
    let info = tenant_info(&state, key, "tenant00002@demo.example.com", "Demo@2026!").await;
    assert_eq!(
        info["insights"],
        serde_json::json!({
            "activeContracts": 1,
            "totalContracts": 1,
            "unpaidInvoices": 1,
            "overdueInvoices": 0,
            "totalOutstanding": money(69.0, "€69.00"),
            "totalOverdue": money(0.0, "€0.00"),
            "nextDueDate": (today + chrono::Days::new(5)).to_string(),
            "nextDueAmount": money(69.0, "€69.00"),
        })
    );
    assert_eq!(info["contracts"][0]["rent"], money(69.0, "€69.00"));
    assert_eq!(info["unpaidInvoices"][0]["isOverdue"], false);
    // tenant 1, the one the README logs in as: last month's rent (€59.00) and a late fee
    // (€15.00) overdue, this month paid with a little more (an advance), an ended contract
    let info = tenant_info(&state, key, "tenant00001@demo.example.com", "Demo@2026!").await;
    assert_eq!(info["insights"]["overdueInvoices"], 2);
    assert_eq!(info["insights"]["unpaidInvoices"], 2);
    assert_eq!(info["insights"]["totalOutstanding"], money(74.0, "€74.00"));
    assert_eq!(info["insights"]["totalContracts"], 2);
    assert_eq!(info["insights"]["activeContracts"], 1);

    // a long history for the benchmark: paid invoices only, so the figures stay
    let (ok_, _, err) = run(&db, &["demo", "--tenants", "2", "--ledger", "60"]);
    assert!(ok_, "{err}");
    let again = tenant_info(&state, key, "tenant00001@demo.example.com", "Demo@2026!").await;
    assert_eq!(again["insights"], info["insights"]);
    use diesel::prelude::*;
    use storegister_persistence::schema::ledger_entries;
    let database = db.open();
    let mut repo = database.repo().unwrap();
    let longest: Option<i64> = ledger_entries::table
        .select(diesel::dsl::max(ledger_entries::ledger_index))
        .get_result(repo.connection())
        .unwrap();
    assert!(longest.unwrap() >= 60, "{longest:?}");
}

async fn invoices_and_payments_made_by_the_admin_show_in_the_portal(db: TestDb) {
    let company = {
        let (ok_, out, err) = run(
            &db,
            &["company", "create", "--name", "Acme", "--currency", "EUR"],
        );
        assert!(ok_, "{err}");
        last_line(&out)
    };
    let key = ok(
        &db,
        &[
            "api-key",
            "create",
            "--company",
            &company,
            "--name",
            "portal",
        ],
    );
    let state = api(&db).await;
    let registered = call(
        &state,
        actix_web::test::TestRequest::post()
            .uri("/v1/register")
            .insert_header(("X-API-Key", key.as_str()))
            .set_json(serde_json::json!({
                "userName": "marcus@example.com", "password": "Super@123", "canCreateLoginCredentials": true,
                "firstName": "Marcus", "lastName": "Johansen", "emailId": "marcus@example.com", "phoneNumber": "10000000"
            })),
    )
    .await;
    assert_eq!(registered["succeeded"], true, "{registered}");
    let property = ok(
        &db,
        &[
            "property",
            "create",
            "--company",
            &company,
            "--name",
            "North",
        ],
    );
    let unit = ok(
        &db,
        &[
            "unit",
            "create",
            "--company",
            &company,
            "--property",
            &property,
            "--number",
            "B-7",
            "--size",
            "5",
        ],
    );
    let contract = ok(
        &db,
        &[
            "contract",
            "create",
            "--company",
            &company,
            "--tenant",
            "marcus@example.com",
            "--unit",
            &unit,
            "--start",
            "2026-01-01",
            "--rent",
            "80",
            "--number",
            "C-7",
        ],
    );
    ok(
        &db,
        &[
            "invoice",
            "create",
            "--company",
            &company,
            "--tenant",
            "marcus@example.com",
            "--contract",
            &contract,
            "--number",
            "INV-7",
            "--amount",
            "80",
            "--date",
            "2026-01-01",
            "--due",
            "2026-01-15",
        ],
    );
    ok(
        &db,
        &[
            "payment",
            "record",
            "--company",
            &company,
            "--invoice",
            "INV-7",
            "--amount",
            "30.25",
        ],
    );
    let info = tenant_info(&state, &key, "marcus@example.com", "Super@123").await;
    assert_eq!(info["contracts"][0]["contractNumber"], "C-7");
    assert_eq!(info["contracts"][0]["unit"]["size"], 5.0);
    let invoice = &info["unpaidInvoices"][0];
    assert_eq!(invoice["transactId"], "INV-7");
    assert_eq!(invoice["paidAmount"], money(30.25, "€30.25"));
    assert_eq!(invoice["balanceAmount"], money(49.75, "€49.75"));
    assert_eq!(info["insights"]["totalOverdue"], money(49.75, "€49.75"));

    // the money commands, with --json, through the same use cases as the portal reads
    let json = |args: &[&str]| -> serde_json::Value {
        let (ok_, out, err) = run(&db, args);
        assert!(ok_, "{args:?}: {err}");
        serde_json::from_str(out.trim()).unwrap_or_else(|_| panic!("{out}"))
    };
    for (number, due) in [("INV-8", "2026-02-15"), ("INV-9", "2026-03-15")] {
        ok(
            &db,
            &[
                "invoice",
                "create",
                "--company",
                &company,
                "--tenant",
                "marcus@example.com",
                "--number",
                number,
                "--amount",
                "80",
                "--date",
                "2026-02-01",
                "--due",
                due,
            ],
        );
    }
    // 200: 49.75 to INV-7, 80 to INV-8, 70.25 to INV-9 (oldest due first)
    let receipt = json(&[
        "--json",
        "receipt",
        "record",
        "--company",
        &company,
        "--tenant",
        "marcus@example.com",
        "--amount",
        "200",
        "--number",
        "RV-1",
        "--date",
        "2026-02-20",
        "--method",
        "card",
    ]);
    assert_eq!(receipt["transactId"], "RV-1");
    assert_eq!(receipt["advance"], 0.0);
    let paid: Vec<(String, f64)> = receipt["allocations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["invoiceTransactId"].as_str().unwrap().to_owned(),
                a["amount"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        paid,
        [
            ("INV-7".to_owned(), 49.75),
            ("INV-8".to_owned(), 80.0),
            ("INV-9".to_owned(), 70.25)
        ]
    );
    // to one invoice as asked, more than it owes is refused and writes nothing
    let err = refused(
        &db,
        &[
            "receipt",
            "record",
            "--company",
            &company,
            "--tenant",
            "marcus@example.com",
            "--amount",
            "50",
            "--allocate",
            "INV-9=10",
        ],
    );
    assert!(err.contains("more than the balance"), "{err}");
    let err = refused(
        &db,
        &[
            "receipt",
            "record",
            "--company",
            &company,
            "--tenant",
            "marcus@example.com",
            "--amount",
            "50",
            "--allocate",
            "INV-9",
        ],
    );
    assert!(err.contains("INVOICE=AMOUNT"), "{err}");
    // a credit note of 20 on INV-9 (9.75 owed): 10.25 it no longer charges goes back to RV-1
    let note = json(&[
        "--json",
        "credit-note",
        "issue",
        "--company",
        &company,
        "--invoice",
        "INV-9",
        "--amount",
        "20",
        "--reason",
        "Goodwill",
        "--number",
        "CN-1",
    ]);
    assert_eq!(note["transactId"], "CN-1");
    assert_eq!(note["balanceMinor"], -1_025, "the tenant is in credit");
    let err = refused(
        &db,
        &[
            "voucher",
            "pay",
            "--company",
            &company,
            "--tenant",
            "marcus@example.com",
            "--amount",
            "10.26",
            "--reason",
            "Refund",
        ],
    );
    assert!(err.contains("credit"), "{err}");
    let voucher = json(&[
        "--json",
        "voucher",
        "pay",
        "--company",
        &company,
        "--tenant",
        "marcus@example.com",
        "--amount",
        "10.25",
        "--reason",
        "Refund",
        "--number",
        "PV-1",
    ]);
    assert_eq!(voucher["balanceMinor"], 0);
    // INV-8 reversed: its 80 go back to RV-1 as advance, which then pays nothing open
    ok(&db, &["invoice", "reverse", "--company", &company, "INV-8"]);
    let err = refused(&db, &["receipt", "allocate", "--company", &company, "RV-1"]);
    assert!(err.contains("no open invoice"), "{err}");
    let err = refused(&db, &["invoice", "cancel", "--company", &company, "INV-7"]);
    assert!(err.contains("reverse it instead"), "{err}");

    // what the portal shows agrees
    let login = call(
        &state,
        actix_web::test::TestRequest::post()
            .uri("/v1/login")
            .insert_header(("X-API-Key", key.as_str()))
            .set_json(
                serde_json::json!({ "userName": "marcus@example.com", "password": "Super@123" }),
            ),
    )
    .await;
    let token = login["data"]["token"].as_str().unwrap().to_owned();
    let ledger = call(
        &state,
        actix_web::test::TestRequest::get()
            .uri("/v1/transaction/ledger/list")
            .insert_header(("X-API-Key", key.as_str()))
            .insert_header(("X-Token", token.as_str())),
    )
    .await;
    let kinds: Vec<&str> = ledger["data"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .map(|e| e["transactionType"]["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "RENTAL",
            "RECEIPT",
            "RENTAL",
            "RENTAL",
            "RECEIPT",
            "CREDIT_NOTE",
            "PAYMENT",
            "REVERSAL"
        ]
    );
    assert_eq!(ledger["data"][0]["balance"], money(-80.0, "-€80.00"));
    let receipts = call(
        &state,
        actix_web::test::TestRequest::get()
            .uri("/v1/transaction/voucher/receipt/list")
            .insert_header(("X-API-Key", key.as_str()))
            .insert_header(("X-Token", token.as_str())),
    )
    .await;
    let rv1 = receipts["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["transactId"] == "RV-1")
        .unwrap();
    assert_eq!(rv1["advanceAmount"], money(90.25, "€90.25"));
    assert_eq!(rv1["paymentMethod"], "CARD");
}

api_tests!(
    an_operator_reads_a_contacts_enquiries,
    an_operator_ends_a_tenants_sessions,
    demo_tenants_see_their_contracts_and_invoices,
    invoices_and_payments_made_by_the_admin_show_in_the_portal,
);
