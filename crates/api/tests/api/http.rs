//! The envelope on every response, content rules, and the API key check.

use actix_web::http::StatusCode;
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

async fn a_wrong_method_is_405(db: TestDb) {
    let app = TestApp::new(db).await;
    let reply = app.get("/v1/login").await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(reply.codes(), ["METHOD_NOT_ALLOWED"]);
    let reply = app.call(TestRequest::delete().uri("/health")).await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(reply.codes(), ["METHOD_NOT_ALLOWED"]);
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
    a_wrong_method_is_405,
    bodies_that_are_not_json_objects_are_invalid_input,
    a_body_without_content_type_is_read_as_json,
    other_content_types_are_415,
    an_oversize_body_is_413,
    a_missing_or_unknown_api_key_is_401,
    the_older_header_name_api_key_is_accepted,
    a_revoked_key_stops_working,
    a_revoked_key_stops_working_once_the_cache_expires,
);
