//! The password attempt limit: logins and password changes per user name.

use actix_web::http::StatusCode;
use chrono::{TimeDelta, Utc};
use serde_json::json;
use storegister_api::housekeeping::prune_password_attempts;
use storegister_app::PasswordAttemptRepository;
use storegister_kernel::CompanyId;
use storegister_test_support::{TestDb, api_tests};

use crate::helpers::{Reply, TestApp, tenant_body};

const LIMITED: &[(&str, &str)] = &[("STOREGISTER__AUTH__PASSWORD_ATTEMPTS", "3")];

async fn login_as(app: &TestApp, key: &str, user: &str, password: &str) -> Reply {
    app.post_as(
        key,
        "/v1/login",
        json!({ "userName": user, "password": password }),
    )
    .await
}

/// The attempts stored for a user name (any age).
fn stored_attempts(app: &TestApp, company: CompanyId, user: &str) -> u32 {
    let since = chrono::NaiveDate::from_ymd_opt(2000, 1, 1)
        .and_then(|day| day.and_hms_opt(0, 0, 0))
        .unwrap();
    app.repo()
        .count_password_attempts(company, user, since)
        .unwrap()
        .attempts
}

fn assert_too_many(reply: &Reply) -> u64 {
    assert_eq!(
        reply.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        reply.body
    );
    assert_eq!(reply.codes(), ["TOO_MANY_REQUESTS"]);
    let seconds: u64 = reply
        .headers
        .get("retry-after")
        .expect("Retry-After")
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&seconds), "{seconds}");
    seconds
}

async fn the_attempt_over_the_limit_is_refused_even_with_the_right_password(db: TestDb) {
    let app = TestApp::with(db, LIMITED).await;
    let key_a = app.a.api_key.clone();
    app.register_tenant("me@example.com", "Super@123").await;
    app.register_tenant("other@example.com", "Super@123").await;
    for _ in 0..3 {
        let reply = login_as(&app, &key_a, "me@example.com", "Wrong@123").await;
        assert_eq!(reply.codes(), ["INVALID_USER_LOGIN"]);
    }
    // the user name as typed differently is the same user name
    assert_too_many(&login_as(&app, &key_a, " ME@example.com", "Super@123").await);
    assert_eq!(stored_attempts(&app, app.a.company, "me@example.com"), 3);

    // other user names, and the same one at another company, are counted apart
    let other = login_as(&app, &key_a, "other@example.com", "Super@123").await;
    assert_eq!(other.status, StatusCode::OK);
    let key_b = app.b.api_key.clone();
    let registered = app
        .post_as(
            &key_b,
            "/v1/register",
            tenant_body("me@example.com", "Super@123"),
        )
        .await;
    assert_eq!(registered.status, StatusCode::CREATED);
    let at_b = login_as(&app, &key_b, "me@example.com", "Super@123").await;
    assert_eq!(at_b.status, StatusCode::OK);
}

async fn unknown_user_names_are_limited_like_known_ones(db: TestDb) {
    let app = TestApp::with(db, LIMITED).await;
    let key = app.a.api_key.clone();
    for _ in 0..3 {
        let reply = login_as(&app, &key, "nobody@example.com", "Super@123").await;
        assert_eq!(reply.codes(), ["INVALID_USER_LOGIN"]);
    }
    assert_too_many(&login_as(&app, &key, "nobody@example.com", "Super@123").await);
    // refused attempts are not stored: a flood writes nothing more
    for _ in 0..5 {
        login_as(&app, &key, "nobody@example.com", "Super@123").await;
    }
    assert_eq!(
        stored_attempts(&app, app.a.company, "nobody@example.com"),
        3
    );
}

async fn a_successful_login_gives_the_allowance_back(db: TestDb) {
    let app = TestApp::with(db, LIMITED).await;
    let key = app.a.api_key.clone();
    app.register_tenant("me@example.com", "Super@123").await;
    for _ in 0..2 {
        login_as(&app, &key, "me@example.com", "Wrong@123").await;
    }
    assert_eq!(
        login_as(&app, &key, "me@example.com", "Super@123")
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(stored_attempts(&app, app.a.company, "me@example.com"), 0);
    for _ in 0..3 {
        let reply = login_as(&app, &key, "me@example.com", "Wrong@123").await;
        assert_eq!(reply.codes(), ["INVALID_USER_LOGIN"]);
    }
    assert_too_many(&login_as(&app, &key, "me@example.com", "Super@123").await);
}

async fn attempts_older_than_the_window_do_not_count_and_are_pruned(db: TestDb) {
    let app = TestApp::with(db, LIMITED).await;
    let key = app.a.api_key.clone();
    app.register_tenant("me@example.com", "Super@123").await;
    let long_ago = Utc::now().naive_utc() - TimeDelta::minutes(16);
    let recently = Utc::now().naive_utc() - TimeDelta::minutes(14);
    {
        let mut repo = app.repo();
        for _ in 0..3 {
            repo.record_password_attempt(app.a.company, "me@example.com", long_ago)
                .unwrap();
        }
        repo.record_password_attempt(app.b.company, "me@example.com", recently)
            .unwrap();
    }
    let reply = login_as(&app, &key, "me@example.com", "Wrong@123").await;
    assert_eq!(
        reply.codes(),
        ["INVALID_USER_LOGIN"],
        "old attempts do not count"
    );

    assert_eq!(prune_password_attempts(&app.state).await.unwrap(), 3);
    assert_eq!(stored_attempts(&app, app.a.company, "me@example.com"), 1);
    assert_eq!(stored_attempts(&app, app.b.company, "me@example.com"), 1);
}

async fn the_retry_after_is_when_the_oldest_attempt_leaves_the_window(db: TestDb) {
    let app = TestApp::with(db, LIMITED).await;
    let key = app.a.api_key.clone();
    let ten_minutes_ago = Utc::now().naive_utc() - TimeDelta::minutes(10);
    {
        let mut repo = app.repo();
        repo.record_password_attempt(app.a.company, "me@example.com", ten_minutes_ago)
            .unwrap();
    }
    for _ in 0..2 {
        login_as(&app, &key, "me@example.com", "Super@123").await;
    }
    let seconds = assert_too_many(&login_as(&app, &key, "me@example.com", "Super@123").await);
    // five minutes left, give or take the test's own duration
    assert!((240..=300).contains(&seconds), "{seconds}");
}

async fn password_changes_share_the_allowance_with_logins(db: TestDb) {
    let app = TestApp::with(db, LIMITED).await;
    let key = app.a.api_key.clone();
    let (me, token) = app.register_tenant("me@example.com", "Super@123").await;
    let stamp = app
        .tenant_get("/v1/tenant/profile/change-password/request", &token)
        .await
        .data()
        .as_str()
        .unwrap()
        .to_owned();
    let change = |existing: &str| json!({ "existingPassword": existing, "newPassword": "Better@456", "concurrencyStamp": stamp });
    const CHANGE: &str = "/v1/tenant/profile/change-password";
    for _ in 0..2 {
        let reply = app.tenant_put(CHANGE, &token, change("Wrong@123")).await;
        assert_eq!(reply.codes(), ["MISMATCH_EXISTING_PASSWORD"]);
    }
    login_as(&app, &key, "me@example.com", "Wrong@123").await;
    assert_too_many(&app.tenant_put(CHANGE, &token, change("Super@123")).await);
    assert_too_many(&login_as(&app, &key, "me@example.com", "Super@123").await);
    // nothing changed: the stamp is still valid, and after the window the old password works
    let stored = app.credential(&me).unwrap();
    assert_eq!(
        stored.concurrency_stamp.map(|s| s.to_string()),
        Some(stamp.clone())
    );
    app.repo()
        .clear_password_attempts(app.a.company, "me@example.com")
        .unwrap();
    assert_eq!(
        login_as(&app, &key, "me@example.com", "Super@123")
            .await
            .status,
        StatusCode::OK
    );
}

async fn a_limit_of_zero_turns_it_off(db: TestDb) {
    let app = TestApp::with(db, &[("STOREGISTER__AUTH__PASSWORD_ATTEMPTS", "0")]).await;
    let key = app.a.api_key.clone();
    for _ in 0..12 {
        let reply = login_as(&app, &key, "nobody@example.com", "Super@123").await;
        assert_eq!(reply.codes(), ["INVALID_USER_LOGIN"]);
    }
    assert_eq!(
        stored_attempts(&app, app.a.company, "nobody@example.com"),
        0
    );
}

api_tests!(
    the_attempt_over_the_limit_is_refused_even_with_the_right_password,
    unknown_user_names_are_limited_like_known_ones,
    a_successful_login_gives_the_allowance_back,
    attempts_older_than_the_window_do_not_count_and_are_pruned,
    the_retry_after_is_when_the_oldest_attempt_leaves_the_window,
    password_changes_share_the_allowance_with_logins,
    a_limit_of_zero_turns_it_off,
);

/// Logins whose clients hang up, on a real server: the server drops the request, and with
/// it the login's bcrypt if it has not started (the pool's own tests show a dropped
/// computation is never started) and its attempt, which got no answer. A client that stays
/// gets its answer.
async fn logins_abandoned_by_their_clients_cost_no_bcrypt(db: TestDb) {
    use std::io::Write;
    let app = TestApp::with(
        db,
        &[
            // slow enough (tens of ms each, one at a time) that they are still queued or
            // running when the server sees the clients gone
            ("STOREGISTER__AUTH__BCRYPT_COST", "10"),
            ("STOREGISTER__AUTH__HASH_CONCURRENCY", "1"),
        ],
    )
    .await;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = storegister_api::run(
        listener,
        app.state.clone(),
        storegister_api::RunOptions {
            workers: 1,
            ..Default::default()
        },
    )
    .unwrap();
    let handle = server.handle();
    actix_web::rt::spawn(server);

    let key = app.a.api_key.clone();
    // one user name per login, so that each login's attempt is its own to watch
    let request = move |n: u32| {
        let body = format!(r#"{{"userName":"nobody{n}@example.com","password":"Super@123"}}"#);
        format!(
            "POST /v1/login HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: {key}\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
    };
    const LOGINS: u32 = 5;
    let company = app.a.company;
    let database = app.state.database.clone();
    let attempts = move |n: u32| {
        let since = chrono::NaiveDate::from_ymd_opt(2000, 1, 1)
            .and_then(|day| day.and_hms_opt(0, 0, 0))
            .unwrap();
        database
            .repo()
            .unwrap()
            .count_password_attempts(company, &format!("nobody{n}@example.com"), since)
            .unwrap()
            .attempts
    };
    let counted = actix_web::web::block(move || {
        let wait_for = |done: &dyn Fn() -> bool| {
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
            while !done() && std::time::Instant::now() < deadline {
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
        };
        for n in 0..LOGINS {
            let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
            stream.write_all(request(n).as_bytes()).unwrap();
            // wait until the login's attempt is recorded (its password check is next), then
            // hang up
            wait_for(&|| attempts(n) > 0);
            drop(stream);
        }
        // every abandoned attempt is forgotten
        let left = || (0..LOGINS).map(&attempts).sum::<u32>();
        wait_for(&|| left() == 0);
        let abandoned = left();
        // a client that stays gets its answer, and its attempt counts
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream.write_all(request(LOGINS).as_bytes()).unwrap();
        let mut head = [0u8; 12];
        std::io::Read::read_exact(&mut stream, &mut head).unwrap();
        assert_eq!(&head, b"HTTP/1.1 401");
        (abandoned, attempts(LOGINS))
    })
    .await
    .unwrap();
    handle.stop(false).await;
    assert_eq!(
        counted,
        (0, 1),
        "attempts left by the abandoned logins, then by the answered one"
    );
}

api_tests!(logins_abandoned_by_their_clients_cost_no_bcrypt);
