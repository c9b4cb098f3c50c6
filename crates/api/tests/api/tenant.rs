//! `GET /v1/tenant/`: profile, insights, contracts and unpaid invoices, and the session checks
//! every tenant endpoint shares.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use chrono::{Days, Utc};
use serde_json::{Value, json};
use storegister_app::TokenIssuer;
use storegister_auth::JwtCodec;
use storegister_contract::ContractStatus;
use storegister_kernel::FixedClock;
use storegister_test_support::{TestDb, api_tests, create_company_in};

use crate::helpers::TestApp;

fn money(amount: f64, formatted: &str) -> Value {
    json!({ "amount": amount, "formattedAmount": formatted, "currency": "EUR" })
}

async fn tenant_information_shows_only_the_tenants_own_data(db: TestDb) {
    let app = TestApp::new(db).await;
    let (me, token) = app.register_tenant("me@example.com", "Super@123").await;
    let (other, _) = app.register_tenant("other@example.com", "Super@123").await;
    let today = Utc::now().date_naive();
    let old = app.add_contract(
        app.a.company,
        &me,
        "C-1",
        ContractStatus::Ended,
        today - Days::new(400),
    );
    let new = app.add_contract(
        app.a.company,
        &me,
        "C-2",
        ContractStatus::Active,
        today - Days::new(30),
    );
    app.add_invoice(
        app.a.company,
        &me,
        Some(old),
        "INV-PAID",
        today - Days::new(60),
        12550,
        12550,
        false,
    );
    app.add_invoice(
        app.a.company,
        &me,
        Some(old),
        "INV-CANCELLED",
        today - Days::new(50),
        12550,
        0,
        true,
    );
    app.add_invoice(
        app.a.company,
        &me,
        Some(new),
        "INV-OVERDUE",
        today - Days::new(10),
        12550,
        5000,
        false,
    );
    app.add_invoice(
        app.a.company,
        &me,
        Some(new),
        "INV-TODAY",
        today,
        12550,
        0,
        false,
    );
    app.add_invoice(
        app.a.company,
        &me,
        None,
        "INV-LATER",
        today + Days::new(20),
        2500,
        0,
        false,
    );
    // someone else's, at this company and at the other one
    app.add_contract(app.a.company, &other, "C-3", ContractStatus::Active, today);
    app.add_invoice(
        app.a.company,
        &other,
        None,
        "INV-OTHER",
        today - Days::new(5),
        999,
        0,
        false,
    );
    let reply = app
        .post_as(
            &app.b.api_key.clone(),
            "/v1/register",
            crate::helpers::tenant_body("me@example.com", "Super@123"),
        )
        .await;
    let b_me = reply.data()["authContactBookInfo"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    app.add_invoice(
        app.b.company,
        &b_me,
        None,
        "INV-B",
        today - Days::new(5),
        777,
        0,
        false,
    );

    for path in ["/v1/tenant/", "/v1/tenant"] {
        let reply = app.tenant_get(path, &token).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.body);
        let data = reply.data();
        let keys: Vec<&String> = data.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            ["contactBook", "insights", "contracts", "unpaidInvoices"]
        );
        assert_eq!(data["contactBook"]["id"], me.as_str());
        assert_eq!(
            data["insights"],
            json!({
                "activeContracts": 1,
                "totalContracts": 2,
                "unpaidInvoices": 3,
                "overdueInvoices": 1,
                "totalOutstanding": money(75.5 + 125.5 + 25.0, "€226.00"),
                "totalOverdue": money(75.5, "€75.50"),
                "nextDueDate": today.to_string(),
                "nextDueAmount": money(125.5, "€125.50"),
            })
        );
        let contracts = data["contracts"].as_array().unwrap();
        let numbers: Vec<&str> = contracts
            .iter()
            .map(|c| c["contractNumber"].as_str().unwrap())
            .collect();
        assert_eq!(numbers, ["C-2", "C-1"], "newest first");
        let contract = &contracts[0];
        assert_eq!(contract["id"], new.to_string());
        assert_eq!(contract["status"], "ACTIVE");
        assert_eq!(contract["property"]["name"], "Bobigny Centre");
        assert_eq!(contract["property"]["city"], "Bobigny");
        assert_eq!(contract["unit"]["unitNumber"], "U-C-2");
        assert_eq!(contract["unit"]["size"], 12.5);
        assert_eq!(contract["unit"]["sizeUnit"], "m2");
        assert_eq!(contract["unit"]["storageType"], "Indoor");
        assert_eq!(contract["startDate"], (today - Days::new(30)).to_string());
        assert_eq!(contract["endDate"], Value::Null);
        assert_eq!(contract["rent"], money(125.5, "€125.50"));
        assert_eq!(contract["paymentPeriod"], "MONTHLY");
        assert_eq!(contract["deposit"], money(251.0, "€251.00"));
        assert_eq!(contracts[1]["status"], "ENDED");
        assert!(contracts[1]["endDate"].is_string());

        let invoices = data["unpaidInvoices"].as_array().unwrap();
        let numbers: Vec<&str> = invoices
            .iter()
            .map(|i| i["transactId"].as_str().unwrap())
            .collect();
        assert_eq!(
            numbers,
            ["INV-OVERDUE", "INV-TODAY", "INV-LATER"],
            "oldest due date first"
        );
        let overdue = &invoices[0];
        assert_eq!(overdue["dueDate"], (today - Days::new(10)).to_string());
        assert_eq!(overdue["transactDate"], (today - Days::new(24)).to_string());
        assert_eq!(overdue["transactionType"], "RENTAL");
        assert_eq!(overdue["contractId"], new.to_string());
        assert_eq!(overdue["grossAmount"], money(125.5, "€125.50"));
        assert_eq!(overdue["paidAmount"], money(50.0, "€50.00"));
        assert_eq!(overdue["balanceAmount"], money(75.5, "€75.50"));
        assert_eq!(overdue["isOverdue"], true);
        assert_eq!(invoices[1]["isOverdue"], false, "due today is not overdue");
        assert_eq!(invoices[2]["contractId"], Value::Null);
    }
}

async fn a_tenant_without_contracts_sees_zeros(db: TestDb) {
    let app = TestApp::new(db).await;
    let (_, token) = app.register_tenant("me@example.com", "Super@123").await;
    let reply = app.tenant_get("/v1/tenant/", &token).await;
    let data = reply.data();
    assert_eq!(data["contracts"], json!([]));
    assert_eq!(data["unpaidInvoices"], json!([]));
    assert_eq!(data["insights"]["totalOutstanding"], money(0.0, "€0.00"));
    assert_eq!(data["insights"]["nextDueDate"], Value::Null);
    assert_eq!(data["insights"]["nextDueAmount"], Value::Null);
}

async fn tenant_information_speaks_each_companys_currency(db: TestDb) {
    let app = TestApp::new(db).await;
    let (_, eur_token) = app.register_tenant("me@example.com", "Super@123").await;
    let dkk = create_company_in(&app.state.database, "Dansk Opbevaring", "DKK");
    let reply = app
        .post_as(
            &dkk.api_key,
            "/v1/register",
            crate::helpers::tenant_body("dk@example.com", "Super@123"),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let dkk_token = reply.data()["token"].as_str().unwrap().to_owned();
    // twice each, interleaved: the second answers come from what the first ones learnt
    for _ in 0..2 {
        let reply = app
            .call(
                TestRequest::get()
                    .uri("/v1/tenant/")
                    .insert_header(("X-API-Key", dkk.api_key.as_str()))
                    .insert_header(("X-Token", dkk_token.as_str())),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        assert_eq!(
            reply.data()["insights"]["totalOutstanding"]["currency"],
            "DKK"
        );
        let reply = app.tenant_get("/v1/tenant/", &eur_token).await;
        assert_eq!(
            reply.data()["insights"]["totalOutstanding"],
            money(0.0, "€0.00")
        );
    }
}

async fn tenant_endpoints_need_a_valid_token(db: TestDb) {
    let app = TestApp::new(db).await;
    let (_, token) = app.register_tenant("me@example.com", "Super@123").await;
    let paths = [
        ("GET", "/v1/tenant/"),
        ("GET", "/v1/tenant/profile"),
        ("PUT", "/v1/tenant/profile"),
        ("PUT", "/v1/tenant/profile/change-display-picture"),
        ("GET", "/v1/tenant/profile/change-password/request"),
        ("PUT", "/v1/tenant/profile/change-password"),
    ];
    // an expired token, signed with the right secret
    let past = Utc::now() - chrono::Duration::days(2);
    let session = app.state.tokens.verify(&token).unwrap();
    let expired = JwtCodec::new(
        b"test-secret-test-secret-test-secret",
        std::time::Duration::from_secs(60),
        Box::new(FixedClock(past)),
    )
    .issue(&session)
    .unwrap();
    let foreign = JwtCodec::new(
        b"someone-else-someone-else-someone-else",
        std::time::Duration::from_secs(600),
        Box::new(storegister_kernel::SystemClock),
    )
    .issue(&session)
    .unwrap();
    for (method, path) in paths {
        let request = || match method {
            "GET" => TestRequest::get().uri(path),
            _ => TestRequest::put().uri(path).set_json(json!({})),
        };
        let reply = app
            .call(request().insert_header(("X-API-Key", app.a.api_key.as_str())))
            .await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(reply.codes(), ["INVALID_TOKEN"], "{path}");
        for (bad, code) in [
            ("garbage", "INVALID_TOKEN"),
            (foreign.as_str(), "INVALID_TOKEN"),
            (expired.as_str(), "TOKEN_EXPIRED"),
        ] {
            let reply = app.tenant_call(request(), bad).await;
            assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{path}");
            assert_eq!(reply.codes(), [code], "{path}");
        }
        // a token of company A under company B's key
        let reply = app
            .call(
                request()
                    .insert_header(("X-API-Key", app.b.api_key.as_str()))
                    .insert_header(("X-Token", token.as_str())),
            )
            .await;
        assert_eq!(reply.codes(), ["INVALID_TOKEN"], "{path}");
        // and without any API key, the key is what is refused
        let reply = app
            .call(request().insert_header(("X-Token", token.as_str())))
            .await;
        assert_eq!(reply.codes(), ["INVALID_API_KEY"], "{path}");
    }
    // the older header name works
    let reply = app
        .call(
            TestRequest::get()
                .uri("/v1/tenant/profile")
                .insert_header(("X-API-Key", app.a.api_key.as_str()))
                .insert_header(("token", token.as_str())),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
}

async fn a_deleted_contact_has_no_records(db: TestDb) {
    let app = TestApp::new(db).await;
    let (me, token) = app.register_tenant("me@example.com", "Super@123").await;
    {
        use diesel::prelude::*;
        use storegister_persistence::schema::contact_books::dsl;
        use storegister_persistence::types::DbUuid;
        let mut repo = app.repo();
        diesel::delete(dsl::contact_books.filter(dsl::id.eq(DbUuid(me.parse().unwrap()))))
            .execute(repo.connection())
            .unwrap();
    }
    for path in ["/v1/tenant/", "/v1/tenant/profile"] {
        let reply = app.tenant_get(path, &token).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(reply.codes(), ["NO_RECORDS_FOUND"]);
    }
}

api_tests!(
    tenant_information_shows_only_the_tenants_own_data,
    tenant_information_speaks_each_companys_currency,
    a_tenant_without_contracts_sees_zeros,
    tenant_endpoints_need_a_valid_token,
    a_deleted_contact_has_no_records,
);
