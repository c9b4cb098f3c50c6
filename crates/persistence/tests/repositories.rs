//! The repository adapters against real databases: every test runs on SQLite and, when
//! configured, on PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failing test may panic

use chrono::{NaiveDateTime, Utc};
use storegister_company::{Company, CompanyRepository};
use storegister_contact_book::{
    ContactBook, ContactBookRepository, ContactDetails, CountryId, Email, PostalAddress,
    ReferenceData, Region, RegionId,
};
use storegister_contract::{Property, PropertyRepository};
use storegister_kernel::{CompanyId, ContactId, PropertyId, Store, StoreError, Transactional};
use storegister_persistence::{Database, migrations};
use storegister_tenant::{Credential, CredentialRepository};
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
        id: ContactId::new_random(),
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
    let reverted = migrations::revert_all(&mut conn).unwrap();
    assert_eq!(reverted.len(), 2);
    assert!(migrations::pending(&mut conn).unwrap());
    let applied = migrations::run(&mut conn).unwrap();
    assert_eq!(applied.len(), 2);
    assert!(migrations::run(&mut conn).unwrap().is_empty());
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
    let (key, secret) = storegister_auth::api_key::create(&mut repo, acme, "web", now()).unwrap();
    let digest = storegister_auth::api_key::digest(&secret);
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
        id: PropertyId::new_random(),
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

db_tests!(
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
