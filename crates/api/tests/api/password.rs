//! The change-password request and update.

use actix_web::http::StatusCode;
use actix_web::web;
use serde_json::{Value, json};
use storegister_api::AppState;
use storegister_test_support::{Kind, TestDb, api_tests};

use crate::helpers::{Reply, TestApp};

const REQUEST: &str = "/v1/tenant/profile/change-password/request";
const CHANGE: &str = "/v1/tenant/profile/change-password";

async fn stamp(app: &TestApp, token: &str) -> String {
    let reply = app.tenant_get(REQUEST, token).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.data().as_str().unwrap().to_owned()
}

fn change(existing: &str, new: &str, stamp: &str) -> Value {
    json!({ "existingPassword": existing, "newPassword": new, "concurrencyStamp": stamp })
}

async fn login(app: &TestApp, password: &str) -> Reply {
    app.post(
        "/v1/login",
        json!({ "userName": "me@example.com", "password": password }),
    )
    .await
}

async fn a_password_is_changed_with_a_fresh_stamp(db: TestDb) {
    let app = TestApp::new(db).await;
    let (me, token) = app.register_tenant("me@example.com", "Super@123").await;
    let stamp = stamp(&app, &token).await;
    assert_eq!(uuid::Uuid::parse_str(&stamp).unwrap().to_string(), stamp);
    let stored = app.credential(&me).unwrap();
    assert_eq!(
        stored.concurrency_stamp.map(|s| s.to_string()),
        Some(stamp.clone())
    );
    let expires = stored.concurrency_stamp_expires_at.unwrap() - chrono::Utc::now().naive_utc();
    assert!(expires > chrono::Duration::minutes(14) && expires <= chrono::Duration::minutes(15));

    let reply = app
        .tenant_put(CHANGE, &token, change("Super@123", "Better@456", &stamp))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.data(), &json!(me));
    let fresh = reply
        .headers
        .get("x-token")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();

    // the old token is revoked everywhere; the fresh one works
    for path in ["/v1/tenant/", "/v1/tenant/profile", REQUEST] {
        let reply = app.tenant_get(path, &token).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(reply.codes(), ["INVALID_TOKEN"], "{path}");
    }
    assert_eq!(
        app.tenant_get("/v1/tenant/profile", &fresh).await.status,
        StatusCode::OK
    );
    // the new password logs in, the old one does not
    assert_eq!(login(&app, "Better@456").await.status, StatusCode::OK);
    assert_eq!(
        login(&app, "Super@123").await.codes(),
        ["INVALID_USER_LOGIN"]
    );
    // the stamp was consumed
    let stored = app.credential(&me).unwrap();
    assert_eq!(stored.concurrency_stamp, None);
    let replay = app
        .tenant_put(CHANGE, &fresh, change("Better@456", "Third@789", &stamp))
        .await;
    assert_eq!(replay.status, StatusCode::CONFLICT);
    assert_eq!(replay.codes(), ["CHANGE_PASSWORD_FAILED"]);
    // the identical request again, with the token it revoked: a replay, not a new login
    let replay = app
        .tenant_put(CHANGE, &token, change("Super@123", "Better@456", &stamp))
        .await;
    assert_eq!(replay.status, StatusCode::CONFLICT);
    assert_eq!(replay.codes(), ["CHANGE_PASSWORD_FAILED"]);
    // but a revoked token cannot use a stamp requested by the newer session
    let current = self::stamp(&app, &fresh).await;
    let reply = app
        .tenant_put(CHANGE, &token, change("Better@456", "Third@789", &current))
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.codes(), ["INVALID_TOKEN"]);
}

async fn a_wrong_existing_password_keeps_the_stamp(db: TestDb) {
    let app = TestApp::new(db).await;
    let (me, token) = app.register_tenant("me@example.com", "Super@123").await;
    let stamp = stamp(&app, &token).await;
    let hash = app.credential(&me).unwrap().password_hash;
    let reply = app
        .tenant_put(CHANGE, &token, change("Wrong@123", "Better@456", &stamp))
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.codes(), ["MISMATCH_EXISTING_PASSWORD"]);
    assert_eq!(app.credential(&me).unwrap().password_hash, hash);
    // the same stamp still works with the right password
    let reply = app
        .tenant_put(CHANGE, &token, change("Super@123", "Better@456", &stamp))
        .await;
    assert_eq!(reply.status, StatusCode::OK);
}

async fn invalid_change_requests_are_refused_and_change_nothing(db: TestDb) {
    let app = TestApp::new(db).await;
    let (me, token) = app.register_tenant("me@example.com", "Super@123").await;
    let stamp = stamp(&app, &token).await;
    let hash = app.credential(&me).unwrap().password_hash;
    let cases = [
        (
            json!({}),
            vec![
                "INVALID_PARAM_EXISTING_PASSWORD",
                "INVALID_PARAM_NEW_PASSWORD",
                "INVALID_PARAM_CONCURRENCY_STAMP",
            ],
        ),
        (
            change("Super@123", "Better@456", "not-a-guid"),
            vec!["INVALID_PARAM_CONCURRENCY_STAMP"],
        ),
        (
            change("Super@123", "short", &stamp),
            vec!["INVALID_PARAM_NEW_PASSWORD"],
        ),
        (
            change("Super@123", &"x".repeat(73), &stamp),
            vec!["INVALID_PARAM_NEW_PASSWORD"],
        ),
        (
            change("Super@123", "Super@123", &stamp),
            vec!["INVALID_PARAM_NEW_PASSWORD"],
        ),
        (
            change("Super@123", "ME@example.com", &stamp),
            vec!["INVALID_PARAM_NEW_PASSWORD"],
        ),
        (
            json!({ "existingPassword": 1, "newPassword": true, "concurrencyStamp": [] }),
            vec![
                "INVALID_PARAM_EXISTING_PASSWORD",
                "INVALID_PARAM_NEW_PASSWORD",
                "INVALID_PARAM_CONCURRENCY_STAMP",
            ],
        ),
    ];
    for (body, codes) in cases {
        let reply = app.tenant_put(CHANGE, &token, body.clone()).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(reply.codes(), codes, "{body}");
    }
    let stored = app.credential(&me).unwrap();
    assert_eq!(stored.password_hash, hash);
    assert_eq!(stored.concurrency_stamp.map(|s| s.to_string()), Some(stamp));
}

async fn unknown_superseded_and_expired_stamps_fail(db: TestDb) {
    let app = TestApp::with(
        db,
        &[("STOREGISTER__AUTH__CONCURRENCY_STAMP_TTL_SECONDS", "1")],
    )
    .await;
    let (me, token) = app.register_tenant("me@example.com", "Super@123").await;
    let hash = app.credential(&me).unwrap().password_hash;
    // never requested
    let reply = app
        .tenant_put(
            CHANGE,
            &token,
            change("Super@123", "Better@456", &uuid::Uuid::new_v4().to_string()),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert_eq!(reply.codes(), ["CHANGE_PASSWORD_FAILED"]);
    // while valid, a stamp is not superseded: a second request gets the same one
    let first = stamp(&app, &token).await;
    assert_eq!(stamp(&app, &token).await, first);
    // expired, and superseded by the next request
    actix_web::rt::time::sleep(std::time::Duration::from_millis(1100)).await;
    let reply = app
        .tenant_put(CHANGE, &token, change("Super@123", "Better@456", &first))
        .await;
    assert_eq!(reply.codes(), ["CHANGE_PASSWORD_FAILED"]);
    let next = stamp(&app, &token).await;
    assert_ne!(next, first);
    let reply = app
        .tenant_put(CHANGE, &token, change("Super@123", "Better@456", &first))
        .await;
    assert_eq!(reply.codes(), ["CHANGE_PASSWORD_FAILED"]);
    assert_eq!(app.credential(&me).unwrap().password_hash, hash);
}

async fn two_identical_concurrent_changes_succeed_once(db: TestDb) {
    let app = TestApp::new(db).await;
    let (me, token) = app.register_tenant("me@example.com", "Super@123").await;
    let stamp = stamp(&app, &token).await;
    let body = change("Super@123", "Better@456", &stamp);
    let (a, b) = futures_util::future::join(
        app.tenant_put(CHANGE, &token, body.clone()),
        app.tenant_put(CHANGE, &token, body.clone()),
    )
    .await;
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::OK, StatusCode::CONFLICT],
        "{} / {}",
        a.body,
        b.body
    );
    let loser = if a.status == StatusCode::CONFLICT {
        a
    } else {
        b
    };
    assert_eq!(loser.codes(), ["CHANGE_PASSWORD_FAILED"]);
    assert_eq!(app.credential(&me).unwrap().concurrency_stamp, None);
}

/// Two server processes on one database: two app states, each with its own pool.
async fn two_processes_sharing_a_database_succeed_once(db: TestDb) {
    let app = TestApp::new(db).await;
    let (_, token) = app.register_tenant("me@example.com", "Super@123").await;
    let other = crate::helpers::process(&app, &[]).await;
    let stamp = stamp(&app, &token).await;
    let body = change("Super@123", "Better@456", &stamp);
    let call = |state: web::Data<AppState>| {
        let body = body.clone();
        let token = token.clone();
        let key = app.a.api_key.clone();
        async move {
            let service = actix_web::test::init_service(storegister_api::app(state)).await;
            let request = actix_web::test::TestRequest::put()
                .uri(CHANGE)
                .insert_header(("X-API-Key", key.as_str()))
                .insert_header(("X-Token", token.as_str()))
                .set_json(body)
                .to_request();
            actix_web::test::call_service(&service, request)
                .await
                .status()
        }
    };
    let (a, b) = futures_util::future::join(call(app.state.clone()), call(other)).await;
    let mut statuses = [a, b];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT]);
}

/// Makes every deletion of password attempts fail, as a database fault after a commit would.
fn fail_clearing_attempts(app: &TestApp) {
    use diesel::connection::SimpleConnection;
    let sql = match app.db.kind {
        Kind::Sqlite => {
            "CREATE TRIGGER injected_fault BEFORE DELETE ON password_attempts \
             BEGIN SELECT RAISE(ABORT, 'injected fault'); END;"
        }
        Kind::Postgres => {
            "CREATE FUNCTION injected_fault() RETURNS trigger LANGUAGE plpgsql AS \
             $$ BEGIN RAISE EXCEPTION 'injected fault'; END $$; \
             CREATE TRIGGER injected_fault BEFORE DELETE ON password_attempts \
             FOR EACH ROW EXECUTE FUNCTION injected_fault();"
        }
    };
    app.repo().connection().batch_execute(sql).unwrap();
}

/// Once the new password is stored, nothing that fails afterwards (here the clean-up of the
/// password attempts) turns the change, or a login, into an error.
async fn a_stored_change_is_answered_as_one_whatever_fails_after(db: TestDb) {
    let app = TestApp::new(db).await;
    let (me, token) = app.register_tenant("me@example.com", "Super@123").await;
    let stamp = stamp(&app, &token).await;
    fail_clearing_attempts(&app);

    let reply = app
        .tenant_put(CHANGE, &token, change("Super@123", "Better@456", &stamp))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.data(), &json!(me));
    let fresh = reply.headers.get("x-token").unwrap().to_str().unwrap();
    assert_eq!(
        app.tenant_get("/v1/tenant/profile", fresh).await.status,
        StatusCode::OK
    );

    let reply = login(&app, "Better@456").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(
        login(&app, "Super@123").await.status,
        StatusCode::UNAUTHORIZED
    );
}

api_tests!(
    a_stored_change_is_answered_as_one_whatever_fails_after,
    a_password_is_changed_with_a_fresh_stamp,
    a_wrong_existing_password_keeps_the_stamp,
    invalid_change_requests_are_refused_and_change_nothing,
    unknown_superseded_and_expired_stamps_fail,
    two_identical_concurrent_changes_succeed_once,
    two_processes_sharing_a_database_succeed_once,
);
