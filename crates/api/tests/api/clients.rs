//! Per-client limits on the password endpoints: a request budget and a cap on password checks
//! in flight, per client address (the peer, or X-Forwarded-For from a trusted proxy).

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use serde_json::json;
use storegister_test_support::{TestDb, api_tests};

use crate::helpers::{Reply, TestApp, tenant_body};

fn login_from(app: &TestApp, peer: &str, forwarded: Option<&str>) -> TestRequest {
    let mut request = TestRequest::post()
        .uri("/v1/login")
        .peer_addr(peer.parse().unwrap())
        .insert_header(("X-API-Key", app.a.api_key.as_str()))
        .set_json(json!({ "userName": "nobody@example.com", "password": "Super@123" }));
    if let Some(forwarded) = forwarded {
        request = request.insert_header(("X-Forwarded-For", forwarded));
    }
    request
}

fn assert_limited(reply: &Reply) {
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
        .unwrap()
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(seconds >= 1);
}

async fn a_client_over_its_budget_waits_and_others_do_not(db: TestDb) {
    let app = TestApp::with(
        db,
        &[
            ("STOREGISTER__AUTH__CLIENT_REQUESTS_PER_MINUTE", "6"),
            ("STOREGISTER__AUTH__CLIENT_BURST", "3"),
        ],
    )
    .await;
    for _ in 0..3 {
        let reply = app.call(login_from(&app, "198.51.100.1:4000", None)).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{}", reply.body);
    }
    assert_limited(&app.call(login_from(&app, "198.51.100.1:4001", None)).await);
    // registration shares the budget
    let register = TestRequest::post()
        .uri("/v1/register")
        .peer_addr("198.51.100.1:4002".parse().unwrap())
        .insert_header(("X-API-Key", app.a.api_key.as_str()))
        .set_json(tenant_body("new@example.com", "Super@123"));
    assert_limited(&app.call(register).await);
    assert_eq!(app.contact_count(app.a.company), 0);
    // and so do the proofs of an address: none of them is looked at
    for (path, body) in [
        (
            "/v1/register/verify",
            json!({ "userName": "me@example.com", "code": "12345678", "password": "Super@123" }),
        ),
        (
            "/v1/password/forgot",
            json!({ "userName": "me@example.com" }),
        ),
        (
            "/v1/password/reset",
            json!({ "userName": "me@example.com", "code": "12345678", "newPassword": "Super@123" }),
        ),
    ] {
        let request = TestRequest::post()
            .uri(path)
            .peer_addr("198.51.100.1:4003".parse().unwrap())
            .insert_header(("X-API-Key", app.a.api_key.as_str()))
            .set_json(body);
        assert_limited(&app.call(request).await);
    }
    // another client has a budget of its own
    let reply = app.call(login_from(&app, "198.51.100.2:4000", None)).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
}

/// Behind a trusted proxy the client is the address it forwarded; an untrusted peer cannot
/// name another client to escape its budget.
async fn forwarded_addresses_count_only_from_trusted_proxies(db: TestDb) {
    let app = TestApp::with(
        db,
        &[
            ("STOREGISTER__AUTH__CLIENT_REQUESTS_PER_MINUTE", "6"),
            ("STOREGISTER__AUTH__CLIENT_BURST", "1"),
            (
                "STOREGISTER__SERVER__TRUSTED_PROXIES",
                "10.0.0.0/8, 192.168.1.1",
            ),
        ],
    )
    .await;
    let proxy = "10.1.2.3:4000";
    let first = app.call(login_from(&app, proxy, Some("203.0.113.5"))).await;
    assert_eq!(first.status, StatusCode::UNAUTHORIZED);
    assert_limited(&app.call(login_from(&app, proxy, Some("203.0.113.5"))).await);
    // the same proxy forwarding another client
    let other = app.call(login_from(&app, proxy, Some("203.0.113.6"))).await;
    assert_eq!(other.status, StatusCode::UNAUTHORIZED);
    // an untrusted peer's X-Forwarded-For is ignored: its own address is limited
    let direct = "198.51.100.9:4000";
    assert_eq!(
        app.call(login_from(&app, direct, Some("203.0.113.7")))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_limited(
        &app.call(login_from(&app, direct, Some("203.0.113.8")))
            .await,
    );
}

/// One client cannot fill the hashing queue: beyond its password checks in flight it is
/// refused at once.
async fn a_client_holds_at_most_its_password_checks(db: TestDb) {
    let app = TestApp::with(
        db,
        &[
            ("STOREGISTER__AUTH__CLIENT_PASSWORD_CHECKS", "1"),
            ("STOREGISTER__AUTH__BCRYPT_COST", "10"),
            ("STOREGISTER__AUTH__HASH_CONCURRENCY", "1"),
        ],
    )
    .await;
    let (first, second) = futures_util::future::join(
        app.call(login_from(&app, "198.51.100.1:4000", None)),
        app.call(login_from(&app, "198.51.100.1:4001", None)),
    )
    .await;
    let mut statuses = [first.status, second.status];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::UNAUTHORIZED, StatusCode::TOO_MANY_REQUESTS]
    );
    // its place is freed with its answer
    let again = app.call(login_from(&app, "198.51.100.1:4002", None)).await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);
}

api_tests!(
    a_client_over_its_budget_waits_and_others_do_not,
    forwarded_addresses_count_only_from_trusted_proxies,
    a_client_holds_at_most_its_password_checks,
);
