//! The admin binary, run as a user would, against SQLite and PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

use assert_cmd::Command;
use storegister_company::CompanyRepository;
use storegister_kernel::{CompanyId, Store};
use storegister_test_support::{TestDb, db_tests};

/// The admin command configured for the test database.
fn admin(db: &TestDb) -> Command {
    let mut command = Command::cargo_bin("storegister-admin").unwrap();
    command
        .env_clear()
        .env("STOREGISTER__DATABASE__URL", &db.url)
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

fn migrate_brings_the_schema_up_to_date(db: &TestDb) {
    let (ok, out, err) = run(db, &["migrate"]);
    assert!(ok, "{err}");
    assert!(out.contains("applied 3 migration"), "{out}");
    let (ok, out, _) = run(db, &["migrate"]);
    assert!(ok);
    assert!(out.contains("up to date"), "{out}");
}

db_tests!(
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
