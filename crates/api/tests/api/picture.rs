//! `PUT /v1/tenant/profile/change-display-picture` and the picture URL.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use actix_web::test::{self, TestRequest};
use actix_web::web;
use serde_json::Value;
use storegister_test_support::{TestDb, api_tests};

use crate::helpers::{Reply, TestApp};

const BOUNDARY: &str = "----storegister-test-boundary";

/// The first bytes of a PNG, followed by filler: enough for recognition by content.
fn png(len: usize) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0".to_vec();
    bytes.resize(len.max(bytes.len()), 0x42);
    bytes
}

fn jpeg(len: usize) -> Vec<u8> {
    let mut bytes = vec![
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0,
    ];
    bytes.resize(len.max(bytes.len()), 0x17);
    bytes
}

/// A multipart body of (field name, file name, declared content type, bytes) parts.
fn multipart(parts: &[(&str, &str, &str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, file, content_type, bytes) in parts {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: {content_type}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

async fn upload(app: &TestApp, token: &str, body: Vec<u8>) -> Reply {
    app.tenant_call(
        TestRequest::put()
            .uri("/v1/tenant/profile/change-display-picture")
            .insert_header((
                CONTENT_TYPE,
                format!("multipart/form-data; boundary={BOUNDARY}"),
            ))
            .set_payload(body),
        token,
    )
    .await
}

/// Fetches a picture URL (made absolute for the test host) without any header.
async fn fetch(app: &TestApp, url: &str) -> (StatusCode, Option<String>, Option<String>, Vec<u8>) {
    let path = url
        .split_once("://")
        .and_then(|(_, rest)| rest.split_once('/'))
        .map(|(_, p)| format!("/{p}"))
        .unwrap();
    let service = test::init_service(storegister_api::app(app.state.clone())).await;
    let response = test::call_service(&service, TestRequest::get().uri(&path).to_request()).await;
    let status = response.status();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let (content_type, nosniff) = (header("content-type"), header("x-content-type-options"));
    let bytes = test::read_body(response).await.to_vec();
    (status, content_type, nosniff, bytes)
}

fn picture_file_count(app: &TestApp) -> usize {
    let folder = app.files_folder().join("profile-images");
    std::fs::read_dir(folder)
        .map(|entries| entries.count())
        .unwrap_or(0)
}

async fn a_picture_is_stored_served_and_replaced(db: TestDb) {
    let app = TestApp::new(db).await;
    let (_, token) = app.register_tenant("me@example.com", "Super@123").await;
    let first = png(2048);
    // the declared type and name do not matter: the bytes do
    let reply = upload(
        &app,
        &token,
        multipart(&[("profileImage", "me.jpg", "image/jpeg", &first)]),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let id = reply.data().as_str().unwrap().to_owned();
    assert_eq!(uuid::Uuid::parse_str(&id).unwrap().get_version_num(), 4);

    let profile = app.tenant_get("/v1/tenant/profile", &token).await;
    let info = profile.data()["contactBook"]["profileImageInfoPath"].clone();
    let url = info["url"].as_str().unwrap().to_owned();
    assert!(
        url.ends_with(&format!("/files/profile-images/{id}")),
        "{url}"
    );
    assert!(url.starts_with("http://"), "{url}");
    assert_eq!(info["contentType"], "image/png");
    assert_eq!(info["size"], 2048);
    assert!(info["updatedAt"].as_str().unwrap().ends_with('Z'));

    let (status, content_type, nosniff, bytes) = fetch(&app, &url).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type.as_deref(), Some("image/png"));
    assert_eq!(nosniff.as_deref(), Some("nosniff"));
    assert_eq!(bytes, first);
    assert_eq!(picture_file_count(&app), 1);

    let second = jpeg(1000);
    let reply = upload(
        &app,
        &token,
        multipart(&[("profileImage", "x.bin", "application/octet-stream", &second)]),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    let new_url = app.tenant_get("/v1/tenant/profile", &token).await.data()["contactBook"]["profileImageInfoPath"]["url"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(new_url, url);
    let (status, content_type, _, bytes) = fetch(&app, &new_url).await;
    assert_eq!(
        (status, content_type.as_deref()),
        (StatusCode::OK, Some("image/jpeg"))
    );
    assert_eq!(bytes, second);
    // the old URL stops working and its file is gone
    let (status, _, _, body) = fetch(&app, &url).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        serde_json::from_slice::<Value>(&body).unwrap()["errors"][0]["code"],
        "NOT_FOUND"
    );
    assert_eq!(picture_file_count(&app), 1);
}

async fn what_is_not_one_picture_is_refused(db: TestDb) {
    let app = TestApp::new(db).await;
    let (_, token) = app.register_tenant("me@example.com", "Super@123").await;
    let text = b"<html>not a picture</html>".to_vec();
    let gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00".to_vec();
    let cases: Vec<Vec<u8>> = vec![
        multipart(&[("profileImage", "me.png", "image/png", &text)]),
        multipart(&[("profileImage", "me.gif", "image/gif", &gif)]),
        multipart(&[("profileImage", "me.png", "image/png", b"")]),
        multipart(&[("otherField", "me.png", "image/png", &png(100))]),
        multipart(&[]),
        multipart(&[
            ("profileImage", "a.png", "image/png", &png(100)),
            ("profileImage", "b.png", "image/png", &png(100)),
        ]),
        b"this is not multipart at all".to_vec(),
    ];
    for body in cases {
        let reply = upload(&app, &token, body).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
        assert_eq!(reply.codes(), ["INVALID_PARAM_FILES"]);
    }
    let reply = app
        .tenant_call(
            TestRequest::put()
                .uri("/v1/tenant/profile/change-display-picture")
                .insert_header((CONTENT_TYPE, "image/png"))
                .set_payload(png(100)),
            &token,
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(reply.codes(), ["UNSUPPORTED_MEDIA_TYPE"]);
    // nothing was stored
    let profile = app.tenant_get("/v1/tenant/profile", &token).await;
    assert_eq!(
        profile.data()["contactBook"]["profileImageInfoPath"],
        Value::Null
    );
    assert_eq!(picture_file_count(&app), 0);
}

async fn an_oversize_picture_is_413(db: TestDb) {
    let app = TestApp::with(db, &[("STOREGISTER__STORAGE__MAX_PICTURE_BYTES", "4096")]).await;
    let (_, token) = app.register_tenant("me@example.com", "Super@123").await;
    assert_eq!(
        upload(
            &app,
            &token,
            multipart(&[("profileImage", "a.png", "image/png", &png(4096))])
        )
        .await
        .status,
        StatusCode::OK
    );
    // refused from the declared length
    let reply = upload(
        &app,
        &token,
        multipart(&[("profileImage", "a.png", "image/png", &png(200_000))]),
    )
    .await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(reply.codes(), ["PAYLOAD_TOO_LARGE"]);
    // and while streaming, when no length is declared
    let mut request = TestRequest::put()
        .uri("/v1/tenant/profile/change-display-picture")
        .insert_header(("X-API-Key", app.a.api_key.as_str()))
        .insert_header(("X-Token", token.as_str()))
        .insert_header((
            CONTENT_TYPE,
            format!("multipart/form-data; boundary={BOUNDARY}"),
        ))
        .set_payload(multipart(&[(
            "profileImage",
            "a.png",
            "image/png",
            &png(4097),
        )]))
        .to_request();
    request.headers_mut().remove(CONTENT_LENGTH);
    let service = test::init_service(storegister_api::app(app.state.clone())).await;
    let response = test::call_service(&service, request).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(picture_file_count(&app), 1);
}

/// A 1 GiB upload to a real server on a socket: the server answers 413 and stops reading
/// after little more than the limit, so it never holds the upload.
async fn a_huge_upload_is_refused_without_being_read(db: TestDb) {
    let app = TestApp::with(
        db,
        &[("STOREGISTER__STORAGE__MAX_PICTURE_BYTES", "1048576")],
    )
    .await;
    let (_, token) = app.register_tenant("me@example.com", "Super@123").await;
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = storegister_api::run(listener, app.state.clone(), 1).unwrap();
    let handle = server.handle();
    actix_web::rt::spawn(server);

    let key = app.a.api_key.clone();
    let (sent, status) = web::block(move || {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream.set_write_timeout(Some(Duration::from_secs(10))).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut reader = stream.try_clone().unwrap();
        let response = std::thread::spawn(move || {
            let mut buffer = [0u8; 64];
            let n = reader.read(&mut buffer).unwrap_or(0);
            String::from_utf8_lossy(&buffer[..n]).to_string()
        });
        let head = format!(
            "PUT /v1/tenant/profile/change-display-picture HTTP/1.1\r\nHost: 127.0.0.1\r\n\
             X-API-Key: {key}\r\nX-Token: {token}\r\n\
             Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n\
             Transfer-Encoding: chunked\r\n\r\n"
        );
        let mut sent = 0usize;
        let mut alive = stream.write_all(head.as_bytes()).is_ok();
        let part = format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"profileImage\"; filename=\"huge.png\"\r\nContent-Type: image/png\r\n\r\n"
        );
        let block = png(64 * 1024);
        let mut first = true;
        while alive && sent < 1024 * 1024 * 1024 {
            let bytes: &[u8] = if first { part.as_bytes() } else { &block };
            first = false;
            let chunk = [format!("{:x}\r\n", bytes.len()).as_bytes(), bytes, b"\r\n"].concat();
            alive = stream.write_all(&chunk).is_ok();
            if alive {
                sent += bytes.len();
            }
        }
        let status = response.join().unwrap();
        (sent, status)
    })
    .await
    .unwrap();
    handle.stop(false).await;
    assert!(status.starts_with("HTTP/1.1 413"), "{status:?}");
    assert!(
        sent < 64 * 1024 * 1024,
        "the server read {sent} bytes of a 1 GiB upload"
    );
}

api_tests!(
    a_picture_is_stored_served_and_replaced,
    what_is_not_one_picture_is_refused,
    an_oversize_picture_is_413,
    a_huge_upload_is_refused_without_being_read,
);
