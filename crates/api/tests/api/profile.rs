//! `GET` and `PUT /v1/tenant/profile`.

use actix_web::http::StatusCode;
use serde_json::{Value, json};
use storegister_test_support::{TestDb, api_tests};

use crate::helpers::TestApp;

pub(crate) fn full_update() -> Value {
    json!({
        "firstName": "Laurent",
        "lastName": "Guertin",
        "phoneNumber": "+33 1 23 45 67",
        "emailId": "laurent@example.com",
        "address": "93, avenue de Amandier",
        "city": "Bobigny",
        "region": 205,
        "countryId": 250,
        "zipCode": "93000",
        "communicationAddress": {
            "address": "Jernbanegade 14",
            "city": "Tappernøje",
            "region": 1,
            "countryId": 208,
            "zipCode": "4733"
        }
    })
}

async fn the_profile_shows_the_contact_book(db: TestDb) {
    let app = TestApp::new(db).await;
    let (me, token) = app.register_tenant("me@example.com", "Super@123").await;
    let reply = app.tenant_get("/v1/tenant/profile", &token).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.data(),
        &json!({ "contactBook": {
            "id": me,
            "firstName": "Marcus",
            "lastName": "Johansen",
            "email": "me@example.com",
            "emailVerified": false,
            "phoneNumber": "+33 10000000",
            "address": "Jernbanegade 14",
            "city": "Tappernøje",
            "postalCode": "4733",
            "region": null,
            "country": { "id": 208, "name": "Denmark", "isoCode2": "DK", "isoCode3": "DNK", "dialingCode": "45" },
            "profileImageInfoPath": null,
            "communicationAddress": null
        }})
    );
}

async fn the_profile_is_updated_with_its_communication_address(db: TestDb) {
    let app = TestApp::new(db).await;
    app.add_regions();
    let (me, token) = app.register_tenant("me@example.com", "Super@123").await;
    let reply = app
        .tenant_put("/v1/tenant/profile", &token, full_update())
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.data(), &json!(me));

    let profile = app.tenant_get("/v1/tenant/profile", &token).await;
    let book = &profile.data()["contactBook"];
    assert_eq!(book["firstName"], "Laurent");
    assert_eq!(book["email"], "laurent@example.com");
    assert_eq!(
        book["region"],
        json!({ "id": 205, "name": "Seine-Saint-Denis" })
    );
    assert_eq!(book["country"]["isoCode2"], "FR");
    assert_eq!(
        book["communicationAddress"],
        json!({
            "address": "Jernbanegade 14",
            "city": "Tappernøje",
            "postalCode": "4733",
            "region": { "id": 1, "name": "Hovedstaden" },
            "country": { "id": 208, "name": "Denmark", "isoCode2": "DK", "isoCode3": "DNK", "dialingCode": "45" }
        })
    );
    // the login user name did not change with the e-mail
    let login = app
        .post(
            "/v1/login",
            json!({ "userName": "me@example.com", "password": "Super@123" }),
        )
        .await;
    assert_eq!(login.status, StatusCode::OK);

    // absent keeps the communication address; null removes it
    let mut body = full_update();
    body.as_object_mut().unwrap().remove("communicationAddress");
    body["firstName"] = json!("Laura");
    assert_eq!(
        app.tenant_put("/v1/tenant/profile", &token, body)
            .await
            .status,
        StatusCode::OK
    );
    let book = app.tenant_get("/v1/tenant/profile", &token).await.data()["contactBook"].clone();
    assert_eq!(book["firstName"], "Laura");
    assert!(book["communicationAddress"].is_object());
    let mut body = full_update();
    body["communicationAddress"] = Value::Null;
    assert_eq!(
        app.tenant_put("/v1/tenant/profile", &token, body)
            .await
            .status,
        StatusCode::OK
    );
    let book = app.tenant_get("/v1/tenant/profile", &token).await.data()["contactBook"].clone();
    assert_eq!(book["communicationAddress"], Value::Null);
}

async fn an_invalid_update_reports_every_field_and_changes_nothing(db: TestDb) {
    let app = TestApp::new(db).await;
    app.add_regions();
    let (me, token) = app.register_tenant("me@example.com", "Super@123").await;
    let reply = app
        .tenant_put(
            "/v1/tenant/profile",
            &token,
            json!({
                "firstName": "L",
                "lastName": "",
                "phoneNumber": "abc",
                "emailId": "nope",
                "address": "x",
                "city": "y",
                "region": 205,
                "countryId": 208,
                "zipCode": "1",
                "communicationAddress": { "city": "z", "region": "x", "countryId": 4242, "zipCode": "1234567890123456" }
            }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        reply.codes(),
        [
            "INVALID_PARAM_FIRSTNAME",
            "INVALID_PARAM_LASTNAME",
            "INVALID_PARAM_CONTACT_NUMBER",
            "INVALID_PARAM_EMAIL_ID",
            "INVALID_PARAM_ADDRESS",
            "INVALID_PARAM_CITY",
            "INVALID_PARAM_REGION",
            "INVALID_PARAM_POSTAL_CODE",
            "INVALID_PARAM_CITY",
            "INVALID_PARAM_REGION",
            "INVALID_PARAM_COUNTRY",
            "INVALID_PARAM_POSTAL_CODE",
        ]
    );
    let fields = reply.fields();
    assert_eq!(fields[8].as_deref(), Some("communicationAddress.city"));
    assert_eq!(
        fields[10].as_deref(),
        Some("communicationAddress.countryId")
    );
    assert_eq!(app.stored_first_name(&me), "Marcus");

    let mut body = full_update();
    body["communicationAddress"] = json!("Main street 1");
    let reply = app.tenant_put("/v1/tenant/profile", &token, body).await;
    assert_eq!(reply.codes(), ["INVALID_INPUT_PARAM"]);
    assert_eq!(reply.fields(), [Some("communicationAddress".to_owned())]);
    assert_eq!(app.stored_first_name(&me), "Marcus");
}

async fn an_email_of_another_contact_is_refused(db: TestDb) {
    let app = TestApp::new(db).await;
    app.add_regions();
    let (me, token) = app.register_tenant("me@example.com", "Super@123").await;
    app.post(
        "/v1/register",
        crate::helpers::lead_body("lead@example.com"),
    )
    .await;
    let mut body = full_update();
    body["emailId"] = json!("LEAD@example.com");
    let reply = app.tenant_put("/v1/tenant/profile", &token, body).await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert_eq!(reply.codes(), ["USER_NAME_ALREADY_EXISTS"]);
    assert_eq!(app.stored_first_name(&me), "Marcus");
    // its own e-mail, in another case, is fine
    let mut body = full_update();
    body["emailId"] = json!("ME@example.com");
    assert_eq!(
        app.tenant_put("/v1/tenant/profile", &token, body)
            .await
            .status,
        StatusCode::OK
    );
}

async fn the_same_email_at_another_company_does_not_conflict(db: TestDb) {
    let app = TestApp::new(db).await;
    app.add_regions();
    let (_, token) = app.register_tenant("me@example.com", "Super@123").await;
    app.post_as(
        &app.b.api_key.clone(),
        "/v1/register",
        crate::helpers::lead_body("laurent@example.com"),
    )
    .await;
    assert_eq!(
        app.tenant_put("/v1/tenant/profile", &token, full_update())
            .await
            .status,
        StatusCode::OK
    );
}

api_tests!(
    the_profile_shows_the_contact_book,
    the_profile_is_updated_with_its_communication_address,
    an_invalid_update_reports_every_field_and_changes_nothing,
    an_email_of_another_contact_is_refused,
    the_same_email_at_another_company_does_not_conflict,
);
