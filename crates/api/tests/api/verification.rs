//! Proof of an e-mail address: codes mailed through a real SMTP server and read from the
//! delivered message complete a lead's registration, confirm a new tenant's address and
//! recover a password; without the code nothing of an existing contact is handed over.

use actix_web::http::StatusCode;
use chrono::Utc;
use serde_json::{Value, json};
use storegister_contract::ContractStatus;
use storegister_test_support::{Kind, TestDb, api_tests};

use crate::helpers::{Reply, TestApp, lead_body, tenant_body};
use crate::mailbox::Mailbox;

/// The app sending its mail to a fresh SMTP server of the test.
async fn app_with_mailbox(db: TestDb, extra: &[(&str, &str)]) -> (TestApp, Mailbox) {
    let (mailbox, url) = Mailbox::start();
    let mut settings = vec![("STOREGISTER__MAIL__SMTP_URL", url.as_str())];
    settings.extend_from_slice(extra);
    (TestApp::with(db, &settings).await, mailbox)
}

/// Delivers what is queued and answers every message the server has, oldest first.
async fn delivered(app: &TestApp, mailbox: &Mailbox, count: usize) -> Vec<String> {
    app.state.mail.deliver_due().await.unwrap();
    let messages = mailbox.wait_for(count);
    assert_eq!(messages.len(), count, "{messages:#?}");
    messages
}

/// The code of a message: the line that is 8 digits and nothing else.
fn code_in(message: &str) -> Option<String> {
    message
        .lines()
        .map(str::trim)
        .find(|line| line.len() == 8 && line.bytes().all(|b| b.is_ascii_digit()))
        .map(str::to_owned)
}

/// Another code than `code`, of the same shape.
fn wrong(code: &str) -> String {
    let first = if code.starts_with('9') { '1' } else { '9' };
    format!("{first}{}", &code[1..])
}

/// The body of the 202 that asks for proof, asserted whole.
fn assert_verification_required(reply: &Reply) {
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.body);
    assert_eq!(
        reply.body,
        json!({"data": null, "succeeded": true, "status": "VERIFICATION_REQUIRED", "errors": null})
    );
    let keys: Vec<&String> = reply.body.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["data", "succeeded", "status", "errors"]);
}

fn to_of(message: &str) -> String {
    message
        .lines()
        .find_map(|line| line.strip_prefix("To: "))
        .unwrap_or_default()
        .trim()
        .to_owned()
}

fn email_verified(app: &TestApp, contact: &str) -> bool {
    use diesel::prelude::*;
    use storegister_persistence::schema::contact_books;
    use storegister_persistence::types::DbUuid;
    contact_books::table
        .filter(contact_books::id.eq(DbUuid(contact.parse().unwrap())))
        .select(contact_books::email_verified)
        .get_result(app.repo().connection())
        .unwrap()
}

async fn login(app: &TestApp, user: &str, password: &str) -> Reply {
    app.post(
        "/v1/login",
        json!({ "userName": user, "password": password }),
    )
    .await
}

async fn a_new_tenant_confirms_the_address_with_the_mailed_code(db: TestDb) {
    let (app, mailbox) = app_with_mailbox(db, &[]).await;
    app.add_regions();
    let (id, token) = app.register_tenant("new@example.com", "Super@123").await;
    let profile = app.tenant_get("/v1/tenant/profile", &token).await;
    assert_eq!(
        profile.data()["contactBook"]["emailVerified"],
        false,
        "{}",
        profile.body
    );

    let mail = &delivered(&app, &mailbox, 1).await[0];
    assert_eq!(to_of(mail), "new@example.com");
    assert!(mail.contains("Company A"), "the company is named: {mail}");
    let code = code_in(mail).expect("a code on its own line");

    let verify = |code: String| {
        app.post(
            "/v1/register/verify",
            json!({ "userName": "NEW@example.com", "code": code }),
        )
    };
    let reply = verify(wrong(&code)).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.codes(), ["INVALID_VERIFICATION_CODE"]);
    assert!(!email_verified(&app, &id));

    // a code may be typed with a space in the middle
    let reply = verify(format!("{} {}", &code[..4], &code[4..])).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.data(), id.as_str());
    let profile = app.tenant_get("/v1/tenant/profile", &token).await;
    assert_eq!(profile.data()["contactBook"]["emailVerified"], true);

    // single use
    let reply = verify(code).await;
    assert_eq!(reply.codes(), ["INVALID_VERIFICATION_CODE"]);

    // a new address is not proved by the old one's code
    let mut body = crate::profile::full_update();
    body["emailId"] = json!("moved@example.com");
    let reply = app.tenant_put("/v1/tenant/profile", &token, body).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(!email_verified(&app, &id));
}

async fn a_lead_with_a_contract_cannot_be_claimed_without_the_mailed_code(db: TestDb) {
    let (app, mailbox) = app_with_mailbox(db, &[]).await;
    let lead = app
        .post("/v1/register", lead_body("lead@example.com"))
        .await;
    let lead_id = lead.data()["authContactBookInfo"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let today = Utc::now().date_naive();
    app.add_contract(
        app.a.company,
        &lead_id,
        "C-1",
        ContractStatus::Active,
        today,
    );

    // an attacker registers with the lead's address and a password of theirs
    let mut attack = tenant_body("Lead@Example.com", "Mallory@2026");
    attack["firstName"] = json!("Mallory");
    assert_verification_required(&app.post("/v1/register", attack).await);
    assert!(app.credential(&lead_id).is_none(), "no login was created");
    assert_eq!(app.stored_first_name(&lead_id), "Laurent");
    assert_eq!(app.contact_count(app.a.company), 1);
    let reply = login(&app, "lead@example.com", "Mallory@2026").await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);

    // the code goes to the lead's address only
    let mail = &delivered(&app, &mailbox, 1).await[0];
    assert_eq!(to_of(mail), "lead@example.com");
    assert!(mail.contains("Company A"));
    let code = code_in(mail).unwrap();

    // guessing fails; the code with no password completes nothing
    let reply = app
        .post(
            "/v1/register/verify",
            json!({ "userName": "lead@example.com", "code": wrong(&code), "password": "Mallory@2026" }),
        )
        .await;
    assert_eq!(reply.codes(), ["INVALID_VERIFICATION_CODE"]);
    let reply = app
        .post(
            "/v1/register/verify",
            json!({ "userName": "lead@example.com", "code": code }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.codes(), ["INVALID_PARAM_USER_PASSWORD"]);
    assert!(app.credential(&lead_id).is_none());

    // the owner completes it with a password of their own
    let reply = app
        .post(
            "/v1/register/verify",
            json!({ "userName": "lead@example.com", "code": code, "password": "Owner@2026" }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let data = reply.data();
    assert_eq!(data["authContactBookInfo"]["id"], lead_id.as_str());
    assert_eq!(
        data["authContactBookInfo"]["firstName"], "Laurent",
        "the stored details are kept"
    );
    let token = data["token"].as_str().unwrap();
    let info = app.tenant_get("/v1/tenant/", token).await;
    assert_eq!(info.data()["contracts"].as_array().unwrap().len(), 1);
    assert_eq!(info.data()["contactBook"]["emailVerified"], true);
    assert_eq!(
        login(&app, "lead@example.com", "Mallory@2026").await.status,
        StatusCode::UNAUTHORIZED,
        "the attacker's password never becomes the login's"
    );
    assert_eq!(
        login(&app, "lead@example.com", "Owner@2026").await.status,
        StatusCode::OK
    );
    // used
    let reply = app
        .post(
            "/v1/register/verify",
            json!({ "userName": "lead@example.com", "code": code, "password": "Other@2026" }),
        )
        .await;
    assert_eq!(reply.codes(), ["INVALID_VERIFICATION_CODE"]);
}

async fn a_tenants_address_answers_like_a_leads_and_changes_nothing(db: TestDb) {
    let (app, mailbox) = app_with_mailbox(db, &[]).await;
    let (id, token) = app.register_tenant("tenant@example.com", "Super@123").await;
    app.post("/v1/register", lead_body("lead@example.com"))
        .await;
    let hash = app.credential(&id).unwrap().password_hash;

    let full_width = "\u{FF54}enant@example.com";
    let mut attack = tenant_body(full_width, "Mallory@2026");
    attack["firstName"] = json!("Mallory");
    let tenant_reply = app.post("/v1/register", attack).await;
    let lead_reply = app
        .post(
            "/v1/register",
            tenant_body("lead@example.com", "Mallory@2026"),
        )
        .await;
    assert_verification_required(&tenant_reply);
    assert_eq!(tenant_reply.body, lead_reply.body, "identical answers");
    assert_eq!(tenant_reply.headers.len(), lead_reply.headers.len());

    assert_eq!(app.credential(&id).unwrap().password_hash, hash);
    assert_eq!(app.stored_first_name(&id), "Marcus");
    assert_eq!(
        app.tenant_get("/v1/tenant/profile", &token).await.status,
        StatusCode::OK,
        "the tenant's session goes on"
    );

    // the confirmation of the registration, the notice to the tenant, the lead's code
    let messages = delivered(&app, &mailbox, 3).await;
    let notice = messages
        .iter()
        .find(|m| to_of(m) == "tenant@example.com" && m.contains("already have a login"))
        .expect("a notice to the tenant");
    assert!(code_in(notice).is_none(), "a notice holds no code");
    assert!(notice.contains("Forgot") && notice.contains("Company A"));
}

async fn a_code_dies_after_five_wrong_tries(db: TestDb) {
    let (app, mailbox) = app_with_mailbox(db, &[]).await;
    app.post("/v1/register", lead_body("lead@example.com"))
        .await;
    assert_verification_required(
        &app.post(
            "/v1/register",
            tenant_body("lead@example.com", "Owner@2026"),
        )
        .await,
    );
    let code = code_in(&delivered(&app, &mailbox, 1).await[0]).unwrap();
    let body = |code: &str| json!({ "userName": "lead@example.com", "code": code, "password": "Owner@2026" });
    for _ in 0..5 {
        let reply = app.post("/v1/register/verify", body(&wrong(&code))).await;
        assert_eq!(reply.codes(), ["INVALID_VERIFICATION_CODE"]);
    }
    let reply = app.post("/v1/register/verify", body(&code)).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.codes(), ["INVALID_VERIFICATION_CODE"], "dead");

    // a new registration mails a new code, which works
    app.post(
        "/v1/register",
        tenant_body("lead@example.com", "Owner@2026"),
    )
    .await;
    let fresh = code_in(&delivered(&app, &mailbox, 2).await[1]).unwrap();
    let reply = app.post("/v1/register/verify", body(&fresh)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
}

async fn codes_expire_and_are_stored_only_as_digests(db: TestDb) {
    use diesel::connection::SimpleConnection;
    use diesel::prelude::*;
    use storegister_persistence::schema::verification_codes;
    let (app, mailbox) = app_with_mailbox(db, &[]).await;
    app.register_tenant("me@example.com", "Super@123").await;
    let code = code_in(&delivered(&app, &mailbox, 1).await[0]).unwrap();
    let digests: Vec<String> = verification_codes::table
        .select(verification_codes::digest)
        .load(app.repo().connection())
        .unwrap();
    assert_eq!(digests.len(), 1);
    assert!(!digests[0].contains(&code));

    let expire = match app.db.kind {
        Kind::Sqlite => "UPDATE verification_codes SET expires_at = datetime('now', '-1 minute')",
        Kind::Postgres => "UPDATE verification_codes SET expires_at = now() - interval '1 minute'",
    };
    app.repo().connection().batch_execute(expire).unwrap();
    let reply = app
        .post(
            "/v1/register/verify",
            json!({ "userName": "me@example.com", "code": code }),
        )
        .await;
    assert_eq!(reply.codes(), ["INVALID_VERIFICATION_CODE"]);
}

async fn tries_count_toward_the_attempt_limit(db: TestDb) {
    let (app, _mailbox) =
        app_with_mailbox(db, &[("STOREGISTER__AUTH__PASSWORD_ATTEMPTS", "3")]).await;
    app.register_tenant("me@example.com", "Super@123").await;
    let body =
        json!({ "userName": "me@example.com", "code": "00000000", "newPassword": "Other@2026" });
    for _ in 0..3 {
        let reply = app.post("/v1/password/reset", body.clone()).await;
        assert_eq!(reply.codes(), ["INVALID_VERIFICATION_CODE"]);
    }
    let reply = app.post("/v1/password/reset", body).await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(reply.codes(), ["TOO_MANY_REQUESTS"]);
    assert!(reply.headers.get("retry-after").is_some());
    // the login shares the limit
    let reply = login(&app, "me@example.com", "Super@123").await;
    assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS);
}

async fn a_forgotten_password_is_recovered_with_the_mailed_code(db: TestDb) {
    let (app, mailbox) = app_with_mailbox(db, &[]).await;
    let (id, registered) = app.register_tenant("me@example.com", "Super@123").await;
    let logged_in = login(&app, "me@example.com", "Super@123").await;
    let logged_in = logged_in.data()["token"].as_str().unwrap().to_owned();
    app.post("/v1/register", lead_body("lead@example.com"))
        .await;

    // the same answer for a login, a lead and an unknown address
    let mut answers = Vec::new();
    for user in ["ME@example.com", "lead@example.com", "nobody@example.com"] {
        let reply = app
            .post("/v1/password/forgot", json!({ "userName": user }))
            .await;
        assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.body);
        assert_eq!(reply.data(), &Value::Null);
        answers.push(reply.body);
    }
    assert!(answers.windows(2).all(|w| w[0] == w[1]));
    let reply = app
        .post(
            "/v1/password/forgot",
            json!({ "userName": "not an address" }),
        )
        .await;
    assert_eq!(reply.codes(), ["INVALID_PARAM_USER_NAME"]);

    // the registration's confirmation and one reset code, to the login only
    let messages = delivered(&app, &mailbox, 2).await;
    let reset = messages
        .iter()
        .find(|m| m.contains("new password"))
        .expect("the reset mail");
    assert_eq!(to_of(reset), "me@example.com");
    assert!(reset.contains("Company A"));
    let code = code_in(reset).unwrap();

    let reset_with = |code: &str, password: &str| {
        app.post(
            "/v1/password/reset",
            json!({ "userName": "me@example.com", "code": code, "newPassword": password }),
        )
    };
    let reply = reset_with(&wrong(&code), "Recovered@2026").await;
    assert_eq!(reply.codes(), ["INVALID_VERIFICATION_CODE"]);
    let reply = reset_with(&code, "password").await;
    assert_eq!(reply.codes(), ["INVALID_PARAM_NEW_PASSWORD"]);
    let reply = reset_with(&code, "Recovered@2026").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.data(), id.as_str());
    let fresh = reply.headers.get("x-token").unwrap().to_str().unwrap();

    // every earlier session ended; the new one works
    for old in [&registered, &logged_in] {
        let reply = app.tenant_get("/v1/tenant/profile", old).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{}", reply.body);
    }
    let profile = app.tenant_get("/v1/tenant/profile", fresh).await;
    assert_eq!(profile.status, StatusCode::OK);
    assert_eq!(profile.data()["contactBook"]["emailVerified"], true);
    assert_eq!(
        login(&app, "me@example.com", "Super@123").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        login(&app, "me@example.com", "Recovered@2026").await.status,
        StatusCode::OK
    );
    // single use
    let reply = reset_with(&code, "Another@2026").await;
    assert_eq!(reply.codes(), ["INVALID_VERIFICATION_CODE"]);
}

async fn bad_input_gets_documented_codes(db: TestDb) {
    let app = TestApp::new(db).await;
    let reply = app
        .post(
            "/v1/register/verify",
            json!({ "userName": "me", "code": "12ab", "password": 5 }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        reply.codes(),
        [
            "INVALID_PARAM_USER_NAME",
            "INVALID_VERIFICATION_CODE",
            "INVALID_PARAM_USER_PASSWORD"
        ]
    );
    let reply = app.post("/v1/password/reset", json!({})).await;
    assert_eq!(
        reply.codes(),
        [
            "INVALID_PARAM_USER_NAME",
            "INVALID_VERIFICATION_CODE",
            "INVALID_PARAM_NEW_PASSWORD"
        ]
    );
    assert_eq!(
        reply.fields(),
        [
            Some("userName".to_owned()),
            Some("code".to_owned()),
            Some("newPassword".to_owned())
        ]
    );
    // a code sent as a number cannot keep its leading zeros: it must be text
    let reply = app
        .post(
            "/v1/register/verify",
            json!({ "userName": "me@example.com", "code": 12345678 }),
        )
        .await;
    assert_eq!(reply.codes(), ["INVALID_VERIFICATION_CODE"]);
    // an unknown address is a wrong code
    let reply = app
        .post(
            "/v1/register/verify",
            json!({ "userName": "nobody@example.com", "code": "12345678" }),
        )
        .await;
    assert_eq!(reply.codes(), ["INVALID_VERIFICATION_CODE"]);
}

async fn an_operator_can_make_every_registration_wait_for_proof(db: TestDb) {
    let (app, mailbox) = app_with_mailbox(
        db,
        &[(
            "STOREGISTER__AUTH__REGISTRATION_REQUIRES_VERIFICATION",
            "true",
        )],
    )
    .await;
    let new = app
        .post("/v1/register", tenant_body("new@example.com", "Super@123"))
        .await;
    assert_verification_required(&new);
    // a lead form is no registration with credentials: still 201
    let lead = app
        .post("/v1/register", lead_body("lead@example.com"))
        .await;
    assert_eq!(lead.status, StatusCode::CREATED);

    let code = code_in(&delivered(&app, &mailbox, 1).await[0]).unwrap();
    let reply = app
        .post(
            "/v1/register/verify",
            json!({ "userName": "new@example.com", "code": code, "password": "Owner@2026" }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    assert_eq!(reply.data()["authContactBookInfo"]["firstName"], "Marcus");
    assert_eq!(
        login(&app, "new@example.com", "Owner@2026").await.status,
        StatusCode::OK
    );
    assert_eq!(
        login(&app, "new@example.com", "Super@123").await.status,
        StatusCode::UNAUTHORIZED
    );
}

api_tests!(
    a_new_tenant_confirms_the_address_with_the_mailed_code,
    a_lead_with_a_contract_cannot_be_claimed_without_the_mailed_code,
    a_tenants_address_answers_like_a_leads_and_changes_nothing,
    a_code_dies_after_five_wrong_tries,
    codes_expire_and_are_stored_only_as_digests,
    tries_count_toward_the_attempt_limit,
    a_forgotten_password_is_recovered_with_the_mailed_code,
    bad_input_gets_documented_codes,
    an_operator_can_make_every_registration_wait_for_proof,
);
