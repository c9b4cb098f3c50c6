//! CORS: pages of other origins (the company website's forms, a portal on its own domain).

use actix_web::http::StatusCode;
use actix_web::http::header::HeaderMap;
use actix_web::test::{self, TestRequest};
use serde_json::json;
use storegister_api::app;
use storegister_test_support::{TestDb, api_tests};

use crate::helpers::TestApp;

const PORTAL: &str = "https://portal.example.com";

/// Status and headers of a request through the real app (any body).
async fn headers_of(test_app: &TestApp, request: TestRequest) -> (StatusCode, HeaderMap) {
    let service = test::init_service(app(test_app.state.clone())).await;
    let response = test::call_service(&service, request.to_request()).await;
    (response.status(), response.headers().clone())
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

fn preflight(origin: &str) -> TestRequest {
    TestRequest::default()
        .method(actix_web::http::Method::OPTIONS)
        .uri("/v1/tenant/profile/change-password")
        .insert_header(("Origin", origin))
        .insert_header(("Access-Control-Request-Method", "PUT"))
        .insert_header((
            "Access-Control-Request-Headers",
            "content-type,x-api-key,x-token",
        ))
}

async fn any_origin_may_call_and_read_the_token_and_errors(db: TestDb) {
    let app = TestApp::new(db).await;
    let (status, headers) = headers_of(&app, preflight(PORTAL)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header(&headers, "access-control-allow-origin"), Some("*"));
    let allowed = header(&headers, "access-control-allow-headers")
        .unwrap()
        .to_lowercase();
    for name in ["content-type", "x-api-key", "x-token"] {
        assert!(allowed.contains(name), "{allowed}");
    }
    assert!(
        header(&headers, "access-control-allow-methods")
            .unwrap()
            .contains("PUT")
    );

    // the answer itself, a success and an error alike
    let key = app.a.api_key.clone();
    let body = json!({ "userName": "nobody@example.com", "password": "Super@123" });
    for (request, status) in [
        (
            TestRequest::post()
                .uri("/v1/login")
                .insert_header(("X-API-Key", key.as_str())),
            StatusCode::UNAUTHORIZED,
        ),
        (
            TestRequest::post().uri("/v1/login"),
            StatusCode::UNAUTHORIZED,
        ),
        (TestRequest::get().uri("/nowhere"), StatusCode::NOT_FOUND),
    ] {
        let request = request.insert_header(("Origin", PORTAL)).set_json(&body);
        let (got, headers) = headers_of(&app, request).await;
        assert_eq!(got, status);
        assert_eq!(header(&headers, "access-control-allow-origin"), Some("*"));
        let exposed = header(&headers, "access-control-expose-headers")
            .unwrap()
            .to_lowercase();
        assert!(
            exposed.contains("x-token") && exposed.contains("retry-after"),
            "{exposed}"
        );
    }
}

async fn listed_origins_only(db: TestDb) {
    let app = TestApp::with(
        db,
        &[(
            "STOREGISTER__SERVER__CORS_ALLOWED_ORIGINS",
            "https://PORTAL.example.com, http://localhost:5173",
        )],
    )
    .await;
    let (status, headers) = headers_of(&app, preflight(PORTAL)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        header(&headers, "access-control-allow-origin"),
        Some(PORTAL)
    );

    let (status, headers) = headers_of(&app, preflight("https://evil.example.com")).await;
    assert!(status.is_client_error(), "{status}");
    assert_eq!(header(&headers, "access-control-allow-origin"), None);

    // another origin's plain request is answered as usual, without CORS headers: the browser
    // keeps the answer from that page; the API stays usable from servers and same-origin pages
    let request = TestRequest::get()
        .uri("/health")
        .insert_header(("Origin", "https://evil.example.com"));
    let (status, headers) = headers_of(&app, request).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header(&headers, "access-control-allow-origin"), None);
}

async fn no_origins_means_no_cors(db: TestDb) {
    let app = TestApp::with(db, &[("STOREGISTER__SERVER__CORS_ALLOWED_ORIGINS", "")]).await;
    // without CORS, a preflight is an ordinary request: refused by the API key check under
    // /v1, and by the method elsewhere
    let (status, headers) = headers_of(&app, preflight(PORTAL)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(header(&headers, "access-control-allow-origin"), None);
    let request = preflight(PORTAL).uri("/health");
    let (status, headers) = headers_of(&app, request).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(header(&headers, "access-control-allow-origin"), None);
    let request = TestRequest::get()
        .uri("/health")
        .insert_header(("Origin", PORTAL));
    let (status, headers) = headers_of(&app, request).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header(&headers, "access-control-allow-origin"), None);
}

api_tests!(
    any_origin_may_call_and_read_the_token_and_errors,
    listed_origins_only,
    no_origins_means_no_cors,
);
