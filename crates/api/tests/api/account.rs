//! `POST /v1/register` and `POST /v1/login`: every case of the contract.

use actix_web::http::StatusCode;
use actix_web::test;
use serde_json::{Value, json};
use storegister_test_support::{TestDb, api_tests};

use crate::helpers::{TestApp, lead_body, tenant_body};

async fn a_tenant_registers_and_gets_a_token(db: TestDb) {
    let app = TestApp::new(db).await;
    let reply = app
        .post(
            "/v1/register",
            tenant_body("Marcus@Example.com", "Super@123"),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let data = reply.data();
    let info = &data["authContactBookInfo"];
    let id = info["id"].as_str().unwrap();
    assert_eq!(id, id.to_lowercase());
    assert_eq!(
        info,
        &json!({
            "id": id,
            "firstName": "Marcus",
            "lastName": "Johansen",
            "email": "Marcus@Example.com",
            "phoneNumber": "+33 10000000",
            "address": "Jernbanegade 14",
            "city": "Tappernøje",
            "region": 0,
            "postalCode": "4733",
            "country": 208
        })
    );
    let session = app
        .state
        .tokens
        .verify(data["token"].as_str().unwrap())
        .unwrap();
    assert_eq!(session.contact_id.to_string(), id);
    assert_eq!(session.company_id, app.a.company);

    let credential = app.credential(id).expect("credentials stored");
    assert_eq!(credential.user_name, "marcus@example.com");
    assert!(credential.password_hash.starts_with("$2b$04$"));
    assert_eq!(credential.security_stamp, session.security_stamp);
}

async fn the_documentation_example_registers(db: TestDb) {
    let app = TestApp::new(db).await;
    app.add_regions();
    let property = app.add_property(app.a.company);
    // the docs' example body, spellings included (email, postalCode, country), with our ids
    let reply = app
        .post(
            "/v1/register",
            json!({
                "userName": "laurent.guertin@example.com",
                "password": "Super@123",
                "canCreateLoginCredentials": true,
                "firstName": "Laurent",
                "lastName": "Guertin",
                "email": "laurent.guertin@example.com",
                "phoneNumber": "10000000",
                "address": "93, avenue de Amandier",
                "city": "BOBIGNY",
                "region": 205,
                "postalCode": "93000",
                "country": 250,
                "propertyInfoId": property.to_string().to_uppercase(),
                "someFieldWeDoNotKnow": [1, 2, 3]
            }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let info = &reply.data()["authContactBookInfo"];
    assert_eq!(info["region"], 205);
    assert_eq!(info["country"], 250);
    assert_eq!(info["postalCode"], "93000");
    assert_eq!(info["email"], "laurent.guertin@example.com");
}

async fn a_lead_registers_without_credentials(db: TestDb) {
    let app = TestApp::new(db).await;
    let reply = app
        .post("/v1/register", lead_body("lead@example.com"))
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let data = reply.data();
    assert!(data.get("token").is_none(), "a lead gets no token: {data}");
    let id = data["authContactBookInfo"]["id"].as_str().unwrap();
    assert_eq!(data["authContactBookInfo"]["address"], Value::Null);
    assert_eq!(data["authContactBookInfo"]["region"], 0);
    assert_eq!(data["authContactBookInfo"]["country"], 0);
    assert!(app.credential(id).is_none());
    // userName and password are ignored for a lead, even when invalid
    let mut body = lead_body("lead2@example.com");
    body["userName"] = json!("not an email");
    body["password"] = json!("x");
    assert_eq!(
        app.post("/v1/register", body).await.status,
        StatusCode::CREATED
    );
}

/// A lead form posted again for a known address creates no duplicate and changes nothing
/// stored: it is kept as another enquiry; the answer echoes what was posted.
async fn a_repeated_lead_form_is_an_enquiry_and_changes_nothing(db: TestDb) {
    let app = TestApp::new(db).await;
    let first = app
        .post("/v1/register", lead_body("lead@example.com"))
        .await;
    let id = first.data()["authContactBookInfo"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut again = lead_body(" LEAD@example.com ");
    again["firstName"] = json!("Laura");
    let second = app.post("/v1/register", again).await;
    assert_eq!(second.status, StatusCode::CREATED);
    assert_eq!(second.data()["authContactBookInfo"]["id"], id.as_str());
    assert_eq!(second.data()["authContactBookInfo"]["firstName"], "Laura");
    assert_eq!(app.contact_count(app.a.company), 1);
    assert_eq!(
        app.stored_first_name(&id),
        "Laurent",
        "nothing stored changed"
    );
    let enquiries = app.enquiries(&id);
    assert_eq!(enquiries.len(), 2);
    assert_eq!(enquiries[1].details.first_name, "Laura");
}

async fn an_email_with_credentials_cannot_register_again(db: TestDb) {
    let app = TestApp::new(db).await;
    let (id, _) = app.register_tenant("tenant@example.com", "Super@123").await;
    let mut again = tenant_body("Tenant@example.com", "Other@1234");
    again["firstName"] = json!("Changed");
    let reply = app.post("/v1/register", again).await;
    // the owner of the address is told by mail; the caller learns nothing, gets nothing
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.body);
    assert_eq!(reply.body["status"], "VERIFICATION_REQUIRED");
    assert_eq!(reply.body["data"], Value::Null);
    assert_eq!(app.stored_first_name(&id), "Marcus");
    assert_eq!(
        app.post(
            "/v1/login",
            json!({ "userName": "tenant@example.com", "password": "Other@1234" })
        )
        .await
        .status,
        StatusCode::UNAUTHORIZED
    );
    // a lead form for a tenant's address reads like any other: an enquiry, nothing changed,
    // and nothing returned of what is stored
    let mut form = lead_body("tenant@example.com");
    form["firstName"] = json!("Mallory");
    let reply = app.post("/v1/register", form).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let info = &reply.data()["authContactBookInfo"];
    assert_eq!(info["firstName"], "Mallory");
    assert!(reply.data().get("token").is_none());
    assert_eq!(app.stored_first_name(&id), "Marcus");
    assert_eq!(app.contact_count(app.a.company), 1);
    assert_eq!(app.enquiries(&id).len(), 1);
}

async fn a_user_name_taken_by_another_contact_is_refused_and_nothing_is_written(db: TestDb) {
    let app = TestApp::new(db).await;
    app.register_tenant("first@example.com", "Super@123").await;
    // with credentials the user name is the contact's own address: another one is refused
    // before anything is looked up or written
    let mut body = tenant_body("first@example.com", "Super@123");
    body["emailId"] = json!("second@example.com");
    let reply = app.post("/v1/register", body).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.codes(), ["INVALID_PARAM_TENANT_USER_NAME"]);
    assert_eq!(reply.body["errors"][0]["field"], "userName");
    // a lead form may use any address; the same address in another spelling is the same
    let mut body = tenant_body("FIRST@Example.com ", "Super@123");
    body["emailId"] = json!("first@example.com");
    let reply = app.post("/v1/register", body).await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.body);
    assert_eq!(reply.body["status"], "VERIFICATION_REQUIRED");
    assert_eq!(app.contact_count(app.a.company), 1);
}

/// Look-alike spellings of an address (full-width letters, case) are one identity: they
/// cannot register twice, and they log in as the one tenant.
async fn look_alike_addresses_are_one_identity(db: TestDb) {
    let app = TestApp::new(db).await;
    let (id, _) = app.register_tenant("dupe@example.com", "Super@123").await;
    let full_width = "\u{FF44}\u{FF55}\u{FF50}\u{FF45}@example.com";
    let reply = app
        .post("/v1/register", tenant_body(full_width, "Super@123"))
        .await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.body);
    assert_eq!(reply.body["status"], "VERIFICATION_REQUIRED");
    // as a lead form: an enquiry of the one contact
    let reply = app.post("/v1/register", lead_body(full_width)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert_eq!(reply.data()["authContactBookInfo"]["id"], id.as_str());
    assert_eq!(app.contact_count(app.a.company), 1);
    let reply = app
        .post(
            "/v1/login",
            json!({ "userName": full_width, "password": "Super@123" }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.data()["authContactBookInfo"]["id"], id.as_str());
}

/// Names with invisible or direction-changing characters are refused with their field's code.
async fn invisible_characters_are_refused(db: TestDb) {
    let app = TestApp::new(db).await;
    let mut body = tenant_body("marcus@example.com", "Super@123");
    body["firstName"] = json!("Mar\u{200B}cus");
    body["lastName"] = json!("\u{202E}nesnahoJ");
    let reply = app.post("/v1/register", body).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        reply.codes(),
        ["INVALID_PARAM_FIRSTNAME", "INVALID_PARAM_LASTNAME"]
    );
    assert_eq!(app.contact_count(app.a.company), 0);
}

async fn every_invalid_field_is_reported_in_request_order(db: TestDb) {
    let app = TestApp::new(db).await;
    let other_property = app.add_property(app.b.company);
    let reply = app
        .post(
            "/v1/register",
            json!({
                "userName": "not-an-email",
                "password": "short",
                "canCreateLoginCredentials": true,
                "firstName": "A",
                "lastName": "B".repeat(61),
                "phoneNumber": "1234567890123456",
                "emailId": "nope",
                "address": "x",
                "city": "y",
                "region": 77,
                "countryId": 999,
                "zipCode": "123",
                "propertyInfoId": other_property.to_string()
            }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        reply.codes(),
        [
            "INVALID_PARAM_USER_NAME",
            "INVALID_PARAM_USER_PASSWORD",
            "INVALID_PARAM_FIRSTNAME",
            "INVALID_PARAM_LASTNAME",
            "INVALID_PARAM_CONTACT_NUMBER",
            "INVALID_PARAM_EMAIL_ID",
            "INVALID_PARAM_ADDRESS",
            "INVALID_PARAM_CITY",
            "INVALID_PARAM_REGION",
            "INVALID_PARAM_COUNTRY",
            "INVALID_PARAM_POSTAL_CODE",
            "INVALID_PARAM_PROPERTY_INFO_ID",
        ]
    );
    let fields: Vec<Option<String>> = reply.fields();
    assert_eq!(fields[0].as_deref(), Some("userName"));
    assert_eq!(fields[9].as_deref(), Some("countryId"));
    assert_eq!(fields[11].as_deref(), Some("propertyInfoId"));
    for error in reply.body["errors"].as_array().unwrap() {
        assert!(!error["message"].as_str().unwrap().is_empty());
    }
    assert_eq!(app.contact_count(app.a.company), 0);
}

async fn required_fields_are_required(db: TestDb) {
    let app = TestApp::new(db).await;
    let reply = app.post("/v1/register", json!({})).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        reply.codes(),
        [
            "INVALID_PARAM_FIRSTNAME",
            "INVALID_PARAM_LASTNAME",
            "INVALID_PARAM_CONTACT_NUMBER",
            "INVALID_PARAM_EMAIL_ID",
        ]
    );
    let reply = app
        .post("/v1/register", json!({ "canCreateLoginCredentials": true }))
        .await;
    assert_eq!(
        reply.codes()[..2],
        ["INVALID_PARAM_USER_NAME", "INVALID_PARAM_USER_PASSWORD"]
    );
}

async fn wrong_types_get_the_field_code(db: TestDb) {
    let app = TestApp::new(db).await;
    let reply = app
        .post(
            "/v1/register",
            json!({
                "canCreateLoginCredentials": "maybe",
                "firstName": 42,
                "lastName": ["Guertin"],
                "phoneNumber": "10000000",
                "emailId": "lead@example.com",
                "region": "north",
                "countryId": 2.5,
            }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        reply.codes(),
        [
            "INVALID_INPUT_PARAM",
            "INVALID_PARAM_FIRSTNAME",
            "INVALID_PARAM_LASTNAME",
            "INVALID_PARAM_REGION",
            "INVALID_PARAM_COUNTRY",
        ]
    );
    assert_eq!(
        reply.fields()[0].as_deref(),
        Some("canCreateLoginCredentials")
    );
}

async fn numbers_may_come_as_strings(db: TestDb) {
    let app = TestApp::new(db).await;
    app.add_regions();
    let mut body = lead_body("form@example.com");
    body["region"] = json!("205");
    body["countryId"] = json!("250");
    body["canCreateLoginCredentials"] = json!("false");
    let reply = app.post("/v1/register", body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert_eq!(reply.data()["authContactBookInfo"]["region"], 205);
}

async fn the_password_policy_is_enforced(db: TestDb) {
    let app = TestApp::new(db).await;
    for password in [
        "1234567".to_owned(),
        "x".repeat(73),
        "é".repeat(37),
        "Policy@Example.com".to_owned(),
        "        ".to_owned(),
        // the most common passwords, in any case
        "12345678".to_owned(),
        "PASSWORD".to_owned(),
        // made from the user name
        "policy2026!".to_owned(),
        // control characters
        "Super@123\t".to_owned(),
    ] {
        let reply = app
            .post("/v1/register", tenant_body("policy@example.com", &password))
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{password:?}");
        assert_eq!(
            reply.codes(),
            ["INVALID_PARAM_USER_PASSWORD"],
            "{password:?}"
        );
    }
    assert_eq!(app.contact_count(app.a.company), 0);
    // 72 bytes is the limit, and it works for login
    let password = "p".repeat(72);
    app.register_tenant("policy@example.com", &password).await;
    let reply = app
        .post(
            "/v1/login",
            json!({ "userName": "policy@example.com", "password": password }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
}

async fn regions_and_countries_must_exist_and_match(db: TestDb) {
    let app = TestApp::new(db).await;
    app.add_regions();
    let mut body = lead_body("geo@example.com");
    body["region"] = json!(1); // Denmark's
    body["countryId"] = json!(250); // France
    assert_eq!(
        app.post("/v1/register", body).await.codes(),
        ["INVALID_PARAM_REGION"]
    );
    let mut body = lead_body("geo@example.com");
    body["region"] = json!(205);
    assert_eq!(
        app.post("/v1/register", body).await.codes(),
        ["INVALID_PARAM_REGION"]
    );
    let mut body = lead_body("geo@example.com");
    body["countryId"] = json!(1000);
    assert_eq!(
        app.post("/v1/register", body).await.codes(),
        ["INVALID_PARAM_COUNTRY"]
    );
    assert_eq!(app.contact_count(app.a.company), 0);
}

async fn the_property_must_belong_to_the_company(db: TestDb) {
    let app = TestApp::new(db).await;
    let ours = app.add_property(app.a.company);
    let theirs = app.add_property(app.b.company);
    for property in [theirs.to_string(), "not-a-guid".to_owned()] {
        let mut body = lead_body("p@example.com");
        body["propertyInfoId"] = json!(property);
        assert_eq!(
            app.post("/v1/register", body).await.codes(),
            ["INVALID_PARAM_PROPERTY_INFO_ID"]
        );
    }
    let mut body = lead_body("p@example.com");
    body["propertyInfoId"] = json!(ours.to_string());
    assert_eq!(
        app.post("/v1/register", body).await.status,
        StatusCode::CREATED
    );
}

async fn the_same_email_is_two_people_at_two_companies(db: TestDb) {
    let app = TestApp::new(db).await;
    let (a_id, _) = app.register_tenant("shared@example.com", "Super@123").await;
    let reply = app
        .post_as(
            &app.b.api_key.clone(),
            "/v1/register",
            tenant_body("shared@example.com", "Other@1234"),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let b_id = reply.data()["authContactBookInfo"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(a_id, b_id);
    // each logs in with its own password at its own company only
    let login = |key: String, password: &'static str| {
        let app = &app;
        async move {
            app.post_as(
                &key,
                "/v1/login",
                json!({ "userName": "shared@example.com", "password": password }),
            )
            .await
        }
    };
    let reply = login(app.a.api_key.clone(), "Super@123").await;
    assert_eq!(reply.data()["authContactBookInfo"]["id"], a_id.as_str());
    let reply = login(app.b.api_key.clone(), "Other@1234").await;
    assert_eq!(reply.data()["authContactBookInfo"]["id"], b_id.as_str());
    assert_eq!(
        login(app.b.api_key.clone(), "Super@123").await.codes(),
        ["INVALID_USER_LOGIN"]
    );
}

async fn a_tenant_logs_in(db: TestDb) {
    let app = TestApp::new(db).await;
    let (id, _) = app.register_tenant("marcus@example.com", "Super@123").await;
    let reply = app
        .post(
            "/v1/login",
            json!({ "userName": "  MARCUS@example.com ", "password": "Super@123" }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let data = reply.data();
    let keys: Vec<&String> = data.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["authContactBookInfo", "token"]);
    assert_eq!(data["authContactBookInfo"]["id"], id.as_str());
    assert_eq!(data["authContactBookInfo"]["firstName"], "Marcus");
    assert_eq!(data["authContactBookInfo"]["country"], 208);
    let session = app
        .state
        .tokens
        .verify(data["token"].as_str().unwrap())
        .unwrap();
    assert_eq!(session.contact_id.to_string(), id);
}

/// After `auth.bcrypt_cost` changes, a successful login stores a hash of the new cost (and a
/// failed one changes nothing), so that known and unknown users cost the same again.
async fn a_login_rehashes_a_hash_of_another_cost(db: TestDb) {
    let app = TestApp::new(db).await;
    let (id, _) = app.register_tenant("marcus@example.com", "Super@123").await;
    let old = app.credential(&id).unwrap().password_hash;
    assert!(old.starts_with("$2b$04$"), "{old}");

    // the same database, served at cost 5
    let state = crate::helpers::process(&app, &[("STOREGISTER__AUTH__BCRYPT_COST", "5")]).await;
    let service = test::init_service(storegister_api::app(state)).await;
    let login = |password: &str| {
        test::TestRequest::post()
            .uri("/v1/login")
            .insert_header(("X-API-Key", app.a.api_key.as_str()))
            .set_json(json!({ "userName": "marcus@example.com", "password": password }))
            .to_request()
    };
    let refused = test::call_service(&service, login("Wrong@123")).await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(app.credential(&id).unwrap().password_hash, old);

    let logged_in = test::call_service(&service, login("Super@123")).await;
    assert_eq!(logged_in.status(), StatusCode::OK);
    let new = app.credential(&id).unwrap().password_hash;
    assert!(new.starts_with("$2b$05$"), "{new}");
    // the new hash holds the same password, and the old sessions stay valid
    let again = test::call_service(&service, login("Super@123")).await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(
        app.credential(&id).unwrap().password_hash,
        new,
        "no second rehash"
    );
}

async fn wrong_password_unknown_user_and_lead_look_the_same(db: TestDb) {
    let app = TestApp::new(db).await;
    app.register_tenant("tenant@example.com", "Super@123").await;
    app.post("/v1/register", lead_body("lead@example.com"))
        .await;
    let mut bodies = Vec::new();
    for (user, password) in [
        ("tenant@example.com", "Wrong@123"),
        ("nobody@example.com", "Super@123"),
        ("lead@example.com", "Super@123"),
        ("tenant@example.com", &*"x".repeat(100)),
    ] {
        let reply = app
            .post(
                "/v1/login",
                json!({ "userName": user, "password": password }),
            )
            .await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{user}");
        assert_eq!(reply.codes(), ["INVALID_USER_LOGIN"]);
        bodies.push(reply.body);
    }
    assert!(bodies.windows(2).all(|pair| pair[0] == pair[1]));
}

async fn login_input_is_validated(db: TestDb) {
    let app = TestApp::new(db).await;
    let cases = [
        (
            json!({}),
            vec!["INVALID_PARAM_USER_NAME", "INVALID_PARAM_USER_PASSWORD"],
        ),
        (
            json!({ "userName": " ", "password": "Super@123" }),
            vec!["INVALID_PARAM_USER_NAME"],
        ),
        (
            json!({ "userName": "marcus", "password": "Super@123" }),
            vec!["INVALID_PARAM_USER_NAME"],
        ),
        (
            json!({ "userName": 5, "password": "Super@123" }),
            vec!["INVALID_PARAM_USER_NAME"],
        ),
        (
            json!({ "userName": "a@example.com", "password": "" }),
            vec!["INVALID_PARAM_USER_PASSWORD"],
        ),
        (
            json!({ "userName": "a@example.com", "password": null }),
            vec!["INVALID_PARAM_USER_PASSWORD"],
        ),
    ];
    for (body, codes) in cases {
        let reply = app.post("/v1/login", body.clone()).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(reply.codes(), codes, "{body}");
    }
}

async fn both_spellings_of_one_field_are_a_malformed_body(db: TestDb) {
    let app = TestApp::new(db).await;
    let mut body = lead_body("one@example.com");
    body["email"] = json!("two@example.com");
    let reply = app.post("/v1/register", body).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    assert_eq!(reply.codes(), ["INVALID_INPUT_PARAM"]);
    assert_eq!(app.contact_count(app.a.company), 0);
}

api_tests!(
    both_spellings_of_one_field_are_a_malformed_body,
    a_tenant_registers_and_gets_a_token,
    the_documentation_example_registers,
    a_lead_registers_without_credentials,
    a_repeated_lead_form_is_an_enquiry_and_changes_nothing,
    an_email_with_credentials_cannot_register_again,
    a_user_name_taken_by_another_contact_is_refused_and_nothing_is_written,
    look_alike_addresses_are_one_identity,
    invisible_characters_are_refused,
    every_invalid_field_is_reported_in_request_order,
    required_fields_are_required,
    wrong_types_get_the_field_code,
    numbers_may_come_as_strings,
    the_password_policy_is_enforced,
    regions_and_countries_must_exist_and_match,
    the_property_must_belong_to_the_company,
    the_same_email_is_two_people_at_two_companies,
    a_tenant_logs_in,
    a_login_rehashes_a_hash_of_another_cost,
    wrong_password_unknown_user_and_lead_look_the_same,
    login_input_is_validated,
);
