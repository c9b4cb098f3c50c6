//! The envelope on every response, content rules, and the API key check.

use actix_web::http::{Method, StatusCode};
use actix_web::test::TestRequest;
use serde_json::json;
use storegister_company::CompanyRepository;
use storegister_test_support::{TestDb, api_tests};

use crate::helpers::{TestApp, lead_body};

async fn health_and_ready_answer_with_the_envelope(db: TestDb) {
    let app = TestApp::new(db).await;
    let reply = app.call(TestRequest::get().uri("/health")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.data()["status"], "UP");
    let reply = app.call(TestRequest::get().uri("/ready")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.data()["status"], "READY");
    let backend = match app.db.kind {
        storegister_test_support::Kind::Sqlite => "sqlite",
        storegister_test_support::Kind::Postgres => "postgres",
    };
    assert_eq!(reply.data()["database"], backend);
}

async fn unknown_routes_are_404_not_found(db: TestDb) {
    let app = TestApp::new(db).await;
    for path in ["/nope", "/v2/login", "/"] {
        let reply = app.call(TestRequest::get().uri(path)).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(reply.codes(), ["NOT_FOUND"]);
    }
    let reply = app.get("/v1/nothing-here").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.codes(), ["NOT_FOUND"]);
}

async fn a_wrong_method_is_405_with_allow(db: TestDb) {
    let app = TestApp::new(db).await;
    let allow = |reply: &crate::helpers::Reply| {
        reply
            .headers
            .get("allow")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let reply = app.get("/v1/login").await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(reply.codes(), ["METHOD_NOT_ALLOWED"]);
    assert_eq!(allow(&reply).as_deref(), Some("POST, OPTIONS"));
    let reply = app.call(TestRequest::delete().uri("/health")).await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(reply.codes(), ["METHOD_NOT_ALLOWED"]);
    assert_eq!(allow(&reply).as_deref(), Some("GET, HEAD"));
    let reply = app
        .call(
            TestRequest::post()
                .uri("/v1/tenant/sessions")
                .insert_header(("X-API-Key", app.a.api_key.as_str())),
        )
        .await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(allow(&reply).as_deref(), Some("GET, DELETE, HEAD, OPTIONS"));
}

/// Load balancers probe with HEAD: it answers wherever GET does, with GET's status and headers.
async fn head_answers_wherever_get_does(db: TestDb) {
    let app = TestApp::new(db).await;
    for path in ["/health", "/ready", "/openapi.json", "/metrics"] {
        let (status, _, _) = app
            .raw(TestRequest::default().method(Method::HEAD).uri(path))
            .await;
        assert_eq!(status, StatusCode::OK, "HEAD {path}");
    }
    let (status, _, _) = app
        .raw(
            TestRequest::default()
                .method(Method::HEAD)
                .uri("/v1/reference/countries")
                .insert_header(("X-API-Key", app.a.api_key.as_str())),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
}

/// JSON answers (tokens, personal data) are never stored by a cache nor sniffed into another
/// type; every answer carries its request id, the client's when it is sane.
async fn json_answers_are_not_cached_and_carry_a_request_id(db: TestDb) {
    let app = TestApp::new(db).await;
    let reply = app
        .call(
            TestRequest::get()
                .uri("/health")
                .insert_header(("X-Request-Id", "lb-1234.abc")),
        )
        .await;
    assert_eq!(reply.headers.get("cache-control").unwrap(), "no-store");
    assert_eq!(
        reply.headers.get("x-content-type-options").unwrap(),
        "nosniff"
    );
    assert_eq!(reply.headers.get("x-request-id").unwrap(), "lb-1234.abc");
    // an error too, and a request id no one can use to forge log lines is replaced
    let reply = app
        .call(
            TestRequest::get()
                .uri("/nope")
                .insert_header(("X-Request-Id", "evil\" id=forged")),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.headers.get("cache-control").unwrap(), "no-store");
    let id = reply.headers.get("x-request-id").unwrap().to_str().unwrap();
    assert_eq!(id.len(), 32, "{id}");
    assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
}

/// `/metrics` speaks Prometheus text and counts what the spec lists.
async fn metrics_count_requests_limits_and_the_pool(db: TestDb) {
    let app = TestApp::with(db, &[("STOREGISTER__AUTH__PASSWORD_ATTEMPTS", "1")]).await;
    let body = json!({ "userName": "nobody@example.com", "password": "Super@123" });
    app.post("/v1/login", body.clone()).await;
    let refused = app.post("/v1/login", body).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    let (status, content_type, text) = app.raw(TestRequest::get().uri("/metrics")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/plain"), "{content_type}");
    let text = String::from_utf8(text).unwrap();
    for expected in [
        "storegister_http_requests_total{route=\"/v1/login\",method=\"POST\",status=\"401\"}",
        "storegister_http_requests_total{route=\"/v1/login\",method=\"POST\",status=\"429\"}",
        "storegister_http_request_duration_seconds_bucket{route=\"/v1/login\",method=\"POST\",le=",
        "storegister_http_requests_in_flight",
        "storegister_limits_hit_total{limit=\"password_attempts\"}",
        "storegister_password_hashes_waiting",
        "storegister_password_hashes_running",
        "storegister_db_pool_connections",
        "storegister_db_pool_idle_connections",
        "storegister_db_acquire_seconds_bucket",
    ] {
        assert!(text.contains(expected), "{expected} missing from:\n{text}");
    }
}

/// While the server drains (after SIGTERM), `/ready` tells the load balancer to stop sending,
/// and every answer closes its connection; requests are still answered.
async fn a_draining_server_is_not_ready_and_closes_connections(db: TestDb) {
    let app = TestApp::new(db).await;
    app.state
        .draining
        .store(true, std::sync::atomic::Ordering::Release);
    let reply = app.call(TestRequest::get().uri("/ready")).await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(reply.codes(), ["SERVICE_UNAVAILABLE"]);
    assert_eq!(reply.headers.get("connection").unwrap(), "close");
    let reply = app.call(TestRequest::get().uri("/health")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.headers.get("connection").unwrap(), "close");
}

/// No connection within database.acquire_timeout_ms (the database down, or every connection
/// busy) is a 503 with Retry-After, soon; the next request after it is answered again.
async fn no_database_connection_in_time_is_503_with_retry_after(db: TestDb) {
    let app = TestApp::with(
        db,
        &[
            ("STOREGISTER__DATABASE__POOL_SIZE", "1"),
            ("STOREGISTER__DATABASE__ACQUIRE_TIMEOUT_MS", "300"),
        ],
    )
    .await;
    let held = app.state.database.connection().unwrap();
    let started = std::time::Instant::now();
    let reply = app.call(TestRequest::get().uri("/ready")).await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(reply.codes(), ["SERVICE_UNAVAILABLE"]);
    assert_eq!(reply.headers.get("retry-after").unwrap(), "2");
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    let reply = app.get("/v1/reference/countries").await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    drop(held);
    let reply = app.call(TestRequest::get().uri("/ready")).await;
    assert_eq!(reply.status, StatusCode::OK);
}

/// Every database thread busy for longer than database.acquire_timeout_ms (slow queries, a
/// database that stopped answering mid-query) is a 503 too, and the work that waited never
/// runs late; the threads serve again once free.
async fn every_database_thread_busy_is_503_and_the_wait_is_given_up(db: TestDb) {
    use storegister_kernel::{Store, StoreError};
    let app = TestApp::with(
        db,
        &[
            ("STOREGISTER__DATABASE__POOL_SIZE", "1"),
            ("STOREGISTER__DATABASE__ACQUIRE_TIMEOUT_MS", "300"),
        ],
    )
    .await;
    let (started, has_started) = std::sync::mpsc::channel::<()>();
    let (release, hold) = std::sync::mpsc::channel::<()>();
    // the only thread is kept busy until released
    let database = app.state.database.clone();
    let busy = actix_web::rt::spawn(async move {
        database
            .run(move |_repo| {
                let _ = started.send(());
                let _ = hold.recv();
                Ok::<_, StoreError>(())
            })
            .await
    });
    actix_web::web::block(move || has_started.recv())
        .await
        .unwrap()
        .unwrap();
    let asked = std::time::Instant::now();
    let reply = app.call(TestRequest::get().uri("/ready")).await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(reply.codes(), ["SERVICE_UNAVAILABLE"]);
    assert_eq!(reply.headers.get("retry-after").unwrap(), "2");
    assert!(asked.elapsed() < std::time::Duration::from_secs(5));
    release.send(()).unwrap();
    busy.await.unwrap().unwrap();
    let reply = app.call(TestRequest::get().uri("/ready")).await;
    assert_eq!(reply.status, StatusCode::OK);
}

/// A body that does not arrive in time is answered 408 and its connection closed.
async fn a_body_that_trickles_in_is_cut_off(db: TestDb) {
    use std::io::{Read, Write};
    let app = TestApp::with(
        db,
        &[("STOREGISTER__SERVER__BODY_READ_TIMEOUT_SECONDS", "1")],
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
    let (answer, elapsed) = actix_web::web::block(move || {
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(20)))
            .unwrap();
        let started = std::time::Instant::now();
        let head = format!(
            "POST /v1/login HTTP/1.1\r\nHost: x\r\nX-API-Key: {key}\r\n\
             Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{\"userName\""
        );
        stream.write_all(head.as_bytes()).unwrap();
        // then nothing more: the server must not wait for ever
        let mut answer = String::new();
        let _ = stream.read_to_string(&mut answer);
        (answer, started.elapsed())
    })
    .await
    .unwrap();
    handle.stop(false).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer:?}");
    assert!(answer.contains("REQUEST_TIMEOUT"), "{answer}");
    assert!(
        answer.to_ascii_lowercase().contains("connection: close"),
        "{answer}"
    );
    assert!(elapsed < std::time::Duration::from_secs(15), "{elapsed:?}");
}

async fn bodies_that_are_not_json_objects_are_invalid_input(db: TestDb) {
    let app = TestApp::new(db).await;
    for body in ["{bad", "", "   ", "null", "[1,2]", "\"text\"", "42"] {
        let reply = app
            .call(
                TestRequest::post()
                    .uri("/v1/register")
                    .insert_header(("X-API-Key", app.a.api_key.as_str()))
                    .insert_header(("Content-Type", "application/json"))
                    .set_payload(body),
            )
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body:?}");
        assert_eq!(reply.codes(), ["INVALID_INPUT_PARAM"], "{body:?}");
    }
    // nothing was written by any of them
    assert_eq!(app.contact_count(app.a.company), 0);
}

async fn a_body_without_content_type_is_read_as_json(db: TestDb) {
    let app = TestApp::new(db).await;
    let reply = app
        .call(
            TestRequest::post()
                .uri("/v1/register")
                .insert_header(("X-API-Key", app.a.api_key.as_str()))
                .set_payload(lead_body("lead@example.com").to_string()),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
}

async fn other_content_types_are_415(db: TestDb) {
    let app = TestApp::new(db).await;
    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ] {
        let reply = app
            .call(
                TestRequest::post()
                    .uri("/v1/register")
                    .insert_header(("X-API-Key", app.a.api_key.as_str()))
                    .insert_header(("Content-Type", content_type))
                    .set_payload(lead_body("lead@example.com").to_string()),
            )
            .await;
        assert_eq!(
            reply.status,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "{content_type}"
        );
        assert_eq!(reply.codes(), ["UNSUPPORTED_MEDIA_TYPE"]);
    }
    let reply = app
        .call(
            TestRequest::post()
                .uri("/v1/register")
                .insert_header(("X-API-Key", app.a.api_key.as_str()))
                .insert_header(("Content-Type", "application/json; charset=utf-8"))
                .set_payload(lead_body("lead@example.com").to_string()),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED);
}

async fn an_oversize_body_is_413(db: TestDb) {
    let app = TestApp::with(db, &[("STOREGISTER__SERVER__JSON_LIMIT_BYTES", "1024")]).await;
    let mut body = lead_body("big@example.com");
    body["padding"] = json!("x".repeat(2000));
    let reply = app.post("/v1/register", body).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(reply.codes(), ["PAYLOAD_TOO_LARGE"]);
    assert_eq!(app.contact_count(app.a.company), 0);
}

async fn a_missing_or_unknown_api_key_is_401(db: TestDb) {
    let app = TestApp::new(db).await;
    let reply = app
        .call(TestRequest::post().uri("/v1/login").set_json(json!({})))
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.codes(), ["INVALID_API_KEY"]);
    for key in ["sr_unknown", "", "   "] {
        let reply = app
            .post_as(key, "/v1/register", lead_body("x@example.com"))
            .await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{key:?}");
        assert_eq!(reply.codes(), ["INVALID_API_KEY"]);
    }
    // the key is checked before the body is even read
    let reply = app
        .call(
            TestRequest::post()
                .uri("/v1/register")
                .insert_header(("X-API-Key", "wrong"))
                .set_payload("{bad"),
        )
        .await;
    assert_eq!(reply.codes(), ["INVALID_API_KEY"]);
    assert_eq!(app.contact_count(app.a.company), 0);
}

async fn the_older_header_name_api_key_is_accepted(db: TestDb) {
    let app = TestApp::new(db).await;
    let reply = app
        .call(
            TestRequest::get()
                .uri("/v1/reference/countries")
                .insert_header(("api-key", app.a.api_key.as_str())),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
}

async fn a_revoked_key_stops_working(db: TestDb) {
    let app = TestApp::new(db).await;
    assert_eq!(
        app.get("/v1/reference/countries").await.status,
        StatusCode::OK
    );
    let mut repo = app.repo();
    let key = repo.list_api_keys(app.a.company).unwrap().remove(0);
    assert!(
        repo.revoke_api_key(key.id, chrono::Utc::now().naive_utc())
            .unwrap()
    );
    let reply = app.get("/v1/reference/countries").await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.codes(), ["INVALID_API_KEY"]);
    // company B's key is untouched
    let reply = app
        .call(
            TestRequest::get()
                .uri("/v1/reference/countries")
                .insert_header(("X-API-Key", app.b.api_key.as_str())),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
}

async fn a_revoked_key_stops_working_once_the_cache_expires(db: TestDb) {
    let app = TestApp::with(db, &[("STOREGISTER__AUTH__API_KEY_CACHE_SECONDS", "1")]).await;
    assert_eq!(
        app.get("/v1/reference/countries").await.status,
        StatusCode::OK
    );
    let mut repo = app.repo();
    let key = repo.list_api_keys(app.a.company).unwrap().remove(0);
    repo.revoke_api_key(key.id, chrono::Utc::now().naive_utc())
        .unwrap();
    actix_web::rt::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(
        app.get("/v1/reference/countries").await.status,
        StatusCode::UNAUTHORIZED
    );
}

api_tests!(
    health_and_ready_answer_with_the_envelope,
    unknown_routes_are_404_not_found,
    a_wrong_method_is_405_with_allow,
    head_answers_wherever_get_does,
    json_answers_are_not_cached_and_carry_a_request_id,
    metrics_count_requests_limits_and_the_pool,
    a_body_that_trickles_in_is_cut_off,
    a_draining_server_is_not_ready_and_closes_connections,
    no_database_connection_in_time_is_503_with_retry_after,
    every_database_thread_busy_is_503_and_the_wait_is_given_up,
    bodies_that_are_not_json_objects_are_invalid_input,
    a_body_without_content_type_is_read_as_json,
    other_content_types_are_415,
    an_oversize_body_is_413,
    a_missing_or_unknown_api_key_is_401,
    the_older_header_name_api_key_is_accepted,
    a_revoked_key_stops_working,
    a_revoked_key_stops_working_once_the_cache_expires,
);
