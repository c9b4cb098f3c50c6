//! Sessions: logout, the list, ending the others, and what a password change and an operator
//! end — on every process, since sessions live in the database.

use actix_web::http::StatusCode;
use actix_web::test;
use actix_web::test::TestRequest;
use serde_json::{Value, json};
use storegister_test_support::{Kind, TestDb, api_tests};

use crate::helpers::{Reply, TestApp};

const SESSIONS: &str = "/v1/tenant/sessions";
const LOGOUT: &str = "/v1/tenant/logout";

/// Logs in from a client called `agent`; the token.
async fn login_from(app: &TestApp, agent: &str) -> String {
    let request = TestRequest::post()
        .uri("/v1/login")
        .insert_header(("X-API-Key", app.a.api_key.as_str()))
        .insert_header(("User-Agent", agent))
        .set_json(json!({ "userName": "me@example.com", "password": "Super@123" }));
    let reply = app.call(request).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.data()["token"].as_str().unwrap().to_owned()
}

async fn list(app: &TestApp, token: &str) -> Vec<Value> {
    let reply = app.tenant_get(SESSIONS, token).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.data().as_array().unwrap().clone()
}

async fn profile(app: &TestApp, token: &str) -> Reply {
    app.tenant_get("/v1/tenant/profile", token).await
}

fn assert_refused(reply: &Reply) {
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{}", reply.body);
    assert_eq!(reply.codes(), ["INVALID_TOKEN"]);
}

async fn sessions_are_listed_and_logout_ends_one(db: TestDb) {
    let app = TestApp::new(db).await;
    let (_, first) = app.register_tenant("me@example.com", "Super@123").await;
    let phone = login_from(&app, "Phone/1.0").await;
    let laptop = login_from(&app, "Laptop/2.0").await;

    let sessions = list(&app, &laptop).await;
    assert_eq!(sessions.len(), 3);
    let current: Vec<&Value> = sessions.iter().filter(|s| s["current"] == true).collect();
    assert_eq!(current.len(), 1);
    assert_eq!(current[0]["userAgent"], "Laptop/2.0");
    assert!(sessions.iter().any(|s| s["userAgent"] == "Phone/1.0"));
    for session in &sessions {
        let keys: Vec<&String> = session.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            ["id", "createdAt", "lastUsedAt", "userAgent", "current"]
        );
    }

    let reply = app
        .tenant_call(TestRequest::post().uri(LOGOUT), &phone)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let ended = reply.data().as_str().unwrap().to_owned();
    assert!(sessions.iter().any(|s| s["id"] == ended.as_str()));
    assert_refused(&profile(&app, &phone).await);
    assert_refused(
        &app.tenant_call(TestRequest::post().uri(LOGOUT), &phone)
            .await,
    );
    // the others go on
    assert_eq!(profile(&app, &first).await.status, StatusCode::OK);
    assert_eq!(list(&app, &laptop).await.len(), 2);
}

async fn ending_the_other_sessions_keeps_the_current_one(db: TestDb) {
    let app = TestApp::new(db).await;
    let (_, first) = app.register_tenant("me@example.com", "Super@123").await;
    let phone = login_from(&app, "Phone/1.0").await;
    let laptop = login_from(&app, "Laptop/2.0").await;
    let reply = app
        .tenant_call(TestRequest::delete().uri(SESSIONS), &laptop)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.data(), &json!(2));
    assert_refused(&profile(&app, &first).await);
    assert_refused(&profile(&app, &phone).await);
    let left = list(&app, &laptop).await;
    assert_eq!(left.len(), 1);
    assert_eq!(left[0]["current"], true);
}

async fn a_password_change_ends_every_other_session(db: TestDb) {
    let app = TestApp::new(db).await;
    let (_, first) = app.register_tenant("me@example.com", "Super@123").await;
    let phone = login_from(&app, "Phone/1.0").await;
    let stamp = app
        .tenant_get("/v1/tenant/profile/change-password/request", &first)
        .await
        .data()
        .as_str()
        .unwrap()
        .to_owned();
    let reply = app
        .tenant_put(
            "/v1/tenant/profile/change-password",
            &first,
            json!({ "existingPassword": "Super@123", "newPassword": "Better@456", "concurrencyStamp": stamp }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let fresh = reply.headers.get("x-token").unwrap().to_str().unwrap();
    assert_refused(&profile(&app, &phone).await);
    // the changing session goes on with its fresh token
    let left = list(&app, fresh).await;
    assert_eq!(left.len(), 1);
    assert_eq!(left[0]["current"], true);
}

/// Two processes on one database: a session ended on one is refused by the other at once.
async fn an_ended_session_is_refused_by_every_process(db: TestDb) {
    let app = TestApp::new(db).await;
    let (_, token) = app.register_tenant("me@example.com", "Super@123").await;
    let other = crate::helpers::process(&app, &[]).await;
    let other = test::init_service(storegister_api::app(other)).await;
    let profile_on_other = || {
        TestRequest::get()
            .uri("/v1/tenant/profile")
            .insert_header(("X-API-Key", app.a.api_key.as_str()))
            .insert_header(("X-Token", token.as_str()))
            .to_request()
    };
    assert_eq!(
        test::call_service(&other, profile_on_other())
            .await
            .status(),
        StatusCode::OK
    );
    let reply = app
        .tenant_call(TestRequest::post().uri(LOGOUT), &token)
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        test::call_service(&other, profile_on_other())
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
}

/// Sessions that expired or ended a day ago are deleted by the server's housekeeping; live
/// ones stay.
async fn old_sessions_are_pruned(db: TestDb) {
    use diesel::connection::SimpleConnection;
    let app = TestApp::new(db).await;
    let (_, live) = app.register_tenant("me@example.com", "Super@123").await;
    let ended = login_from(&app, "Phone/1.0").await;
    let _expired = login_from(&app, "Laptop/2.0").await;
    app.tenant_call(TestRequest::post().uri(LOGOUT), &ended)
        .await;
    let two_days_ago = match app.db.kind {
        Kind::Sqlite => "datetime('now', '-2 days')",
        Kind::Postgres => "now() - interval '2 days'",
    };
    app.repo()
        .connection()
        .batch_execute(&format!(
            "UPDATE sessions SET ended_at = {two_days_ago} WHERE ended_at IS NOT NULL; \
             UPDATE sessions SET expires_at = {two_days_ago} \
             WHERE user_agent = 'Laptop/2.0'"
        ))
        .unwrap();
    assert_eq!(app.state.tenants.prune_sessions().await.unwrap(), 2);
    assert_eq!(list(&app, &live).await.len(), 1);
}

/// Every tenant read (the profile, tenant information, a ledger page: the last two read with
/// the session check folded in on PostgreSQL) notes a session's use when it is stale, and
/// refuses an expired or ended session.
async fn every_read_notes_use_and_refuses_an_expired_or_ended_session(db: TestDb) {
    use diesel::connection::SimpleConnection;
    let app = TestApp::new(db).await;
    let (_, mine) = app.register_tenant("me@example.com", "Super@123").await;
    let phone = login_from(&app, "Phone/1.0").await;
    let ago = |what: &str| match app.db.kind {
        Kind::Sqlite => format!("datetime('now', '-{what}')"),
        Kind::Postgres => format!("now() - interval '{what}'"),
    };
    let phone_last_used = |sessions: Vec<Value>| {
        sessions
            .into_iter()
            .find(|s| s["userAgent"] == "Phone/1.0")
            .unwrap()["lastUsedAt"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    for path in [
        "/v1/tenant/",
        "/v1/transaction/ledger/list?pageSize=20",
        "/v1/tenant/profile",
    ] {
        app.repo()
            .connection()
            .batch_execute(&format!(
                "UPDATE sessions SET last_used_at = {}",
                ago("2 hours")
            ))
            .unwrap();
        // listing through the other session notes that one's use only
        let stale = phone_last_used(list(&app, &mine).await);
        let reply = app.tenant_get(path, &phone).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.body);
        let noted = phone_last_used(list(&app, &mine).await);
        assert!(noted > stale, "{path}: {stale} then {noted}");
    }

    app.repo()
        .connection()
        .batch_execute(&format!(
            "UPDATE sessions SET expires_at = {} WHERE user_agent = 'Phone/1.0'",
            ago("1 minute")
        ))
        .unwrap();
    let reply = app
        .tenant_call(TestRequest::post().uri(LOGOUT), &mine)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    for token in [&phone, &mine] {
        for path in [
            "/v1/tenant/",
            "/v1/transaction/ledger/list?pageSize=20",
            "/v1/transaction/ledger/list?pageSize=20&fromDate=2020-01-01",
            "/v1/tenant/profile",
        ] {
            assert_refused(&app.tenant_get(path, token).await);
        }
    }
}

api_tests!(
    every_read_notes_use_and_refuses_an_expired_or_ended_session,
    sessions_are_listed_and_logout_ends_one,
    ending_the_other_sessions_keeps_the_current_one,
    a_password_change_ends_every_other_session,
    an_ended_session_is_refused_by_every_process,
    old_sessions_are_pruned,
);
