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

/// A real PNG picture of `width` × `height`, half transparent.
fn png_picture(width: u32, height: u32) -> Vec<u8> {
    let picture = image::RgbaImage::from_fn(width, height, |x, y| {
        image::Rgba([(x * 7) as u8, (y * 13) as u8, 90, 128])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgba8(picture)
        .write_to(&mut out, image::ImageFormat::Png)
        .unwrap();
    out.into_inner()
}

/// A real JPEG picture with EXIF metadata (a camera's, with a GPS position) in it.
fn jpeg_with_gps(width: u32, height: u32) -> Vec<u8> {
    use image::ImageEncoder;
    let picture = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 3) as u8, (y * 5) as u8, 200])
    });
    let mut out = Vec::new();
    let mut encoder = image::codecs::jpeg::JpegEncoder::new(&mut out);
    // a little-endian EXIF block whose one entry is a GPS IFD pointer, followed by a marker
    // string standing for the position
    let mut exif = b"II\x2a\0\x08\0\0\0\x01\0\x25\x88\x04\0\x01\0\0\0\x1a\0\0\0\0\0\0\0".to_vec();
    exif.extend_from_slice(b"GPS-55.6761N-12.5683E");
    encoder.set_exif_metadata(exif).unwrap();
    encoder
        .write_image(
            picture.as_raw(),
            width,
            height,
            image::ExtendedColorType::Rgb8,
        )
        .unwrap();
    out
}

/// The first bytes of a PNG, followed by filler: recognised as a PNG by its first bytes, but
/// no picture (for the size limits, which come before any decoding).
fn png(len: usize) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0".to_vec();
    bytes.resize(len.max(bytes.len()), 0x42);
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

/// The path of a picture URL.
fn path_of(url: &str) -> String {
    url.split_once("://")
        .and_then(|(_, rest)| rest.split_once('/'))
        .map(|(_, p)| format!("/{p}"))
        .unwrap()
}

/// A picture answer: status, headers and bytes.
struct Fetched {
    status: StatusCode,
    headers: actix_web::http::header::HeaderMap,
    bytes: Vec<u8>,
}

impl Fetched {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// Fetches a picture URL from `state`'s app with a method and headers of the test's.
async fn fetch_from(state: &web::Data<storegister_api::AppState>, request: TestRequest) -> Fetched {
    let service = test::init_service(storegister_api::app(state.clone())).await;
    let response = test::call_service(&service, request.to_request()).await;
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = test::read_body(response).await.to_vec();
    Fetched {
        status,
        headers,
        bytes,
    }
}

/// Fetches a picture URL without any header.
async fn fetch(app: &TestApp, url: &str) -> Fetched {
    fetch_from(&app.state, TestRequest::get().uri(&path_of(url))).await
}

/// The pictures stored in the database.
fn stored_pictures(app: &TestApp) -> i64 {
    use diesel::prelude::*;
    storegister_persistence::schema::pictures::table
        .count()
        .get_result(app.repo().connection())
        .unwrap()
}

async fn profile_picture(app: &TestApp, token: &str) -> Value {
    app.tenant_get("/v1/tenant/profile", token).await.data()["contactBook"]["profileImageInfoPath"]
        .clone()
}

async fn a_picture_is_stored_served_and_replaced(db: TestDb) {
    let app = TestApp::new(db).await;
    let (_, token) = app.register_tenant("me@example.com", "Super@123").await;
    let first = png_picture(8, 6);
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

    let info = profile_picture(&app, &token).await;
    let url = info["url"].as_str().unwrap().to_owned();
    assert_eq!(
        url,
        format!("http://127.0.0.1:8080/files/profile-images/{id}")
    );
    assert_eq!(info["contentType"], "image/png");
    assert!(info["updatedAt"].as_str().unwrap().ends_with('Z'));

    let fetched = fetch(&app, &url).await;
    assert_eq!(fetched.status, StatusCode::OK);
    assert_eq!(fetched.header("content-type"), Some("image/png"));
    assert_eq!(fetched.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(
        fetched.header("cache-control"),
        Some("private, max-age=31536000, immutable")
    );
    assert_eq!(info["size"], fetched.bytes.len());
    let served = image::load_from_memory(&fetched.bytes).unwrap();
    assert_eq!((served.width(), served.height()), (8, 6));
    assert_eq!(
        served.to_rgba8().get_pixel(7, 5),
        &image::Rgba([49, 65, 90, 128]),
        "the pixels, alpha included, are the upload's"
    );
    assert_eq!(stored_pictures(&app), 1);

    // the ETag answers a cached copy with 304, and HEAD answers the headers
    let etag = fetched.header("etag").unwrap().to_owned();
    let again = fetch_from(
        &app.state,
        TestRequest::get()
            .uri(&path_of(&url))
            .insert_header(("If-None-Match", etag.as_str())),
    )
    .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.bytes.is_empty());
    assert_eq!(again.header("etag"), Some(etag.as_str()));
    let head = fetch_from(
        &app.state,
        TestRequest::default()
            .method(actix_web::http::Method::HEAD)
            .uri(&path_of(&url)),
    )
    .await;
    assert_eq!(head.status, StatusCode::OK);
    assert_eq!(head.header("content-type"), Some("image/png"));
    assert_eq!(head.header("etag"), Some(etag.as_str()));

    let second = jpeg_with_gps(5, 4);
    assert!(second.windows(3).any(|w| w == b"GPS"));
    let reply = upload(
        &app,
        &token,
        multipart(&[("profileImage", "x.bin", "application/octet-stream", &second)]),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    let new_url = profile_picture(&app, &token).await["url"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(new_url, url);
    let fetched = fetch(&app, &new_url).await;
    assert_eq!(
        (fetched.status, fetched.header("content-type")),
        (StatusCode::OK, Some("image/jpeg"))
    );
    assert!(
        !fetched.bytes.windows(3).any(|w| w == b"GPS")
            && !fetched.bytes.windows(4).any(|w| w == b"Exif"),
        "the metadata is gone"
    );
    let served = image::load_from_memory(&fetched.bytes).unwrap();
    assert_eq!((served.width(), served.height()), (5, 4));
    // the old URL stops working and its bytes are gone
    let old = fetch(&app, &url).await;
    assert_eq!(old.status, StatusCode::NOT_FOUND);
    assert_eq!(
        serde_json::from_slice::<Value>(&old.bytes).unwrap()["errors"][0]["code"],
        "NOT_FOUND"
    );
    assert_eq!(stored_pictures(&app), 1);
}

/// Two processes on one database share nothing else: a picture uploaded through one is served
/// by the other, and URLs name the configured public address whatever the request's headers.
async fn every_process_serves_every_picture_at_the_public_url(db: TestDb) {
    let public = [(
        "STOREGISTER__SERVER__PUBLIC_URL",
        "https://api.example.com/",
    )];
    let app = TestApp::with(db, &public).await;
    let other = crate::helpers::process(&app, &public).await;
    let (_, token) = app.register_tenant("me@example.com", "Super@123").await;
    let reply = app
        .tenant_call(
            TestRequest::put()
                .uri("/v1/tenant/profile/change-display-picture")
                .insert_header(("Host", "evil.example"))
                .insert_header(("X-Forwarded-Host", "evil.example"))
                .insert_header(("X-Forwarded-Proto", "http"))
                .insert_header((
                    CONTENT_TYPE,
                    format!("multipart/form-data; boundary={BOUNDARY}"),
                ))
                .set_payload(multipart(&[(
                    "profileImage",
                    "a.png",
                    "image/png",
                    &png_picture(3, 3),
                )])),
            &token,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let profile = app
        .tenant_call(
            TestRequest::get()
                .uri("/v1/tenant/profile")
                .insert_header(("X-Forwarded-Host", "evil.example")),
            &token,
        )
        .await;
    let url = profile.data()["contactBook"]["profileImageInfoPath"]["url"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        url.starts_with("https://api.example.com/files/profile-images/"),
        "{url}"
    );
    let fetched = fetch_from(&other, TestRequest::get().uri(&path_of(&url))).await;
    assert_eq!(fetched.status, StatusCode::OK);
    assert_eq!(fetched.header("content-type"), Some("image/png"));
    // served again from the other process's memory: the same bytes
    let again = fetch_from(&other, TestRequest::get().uri(&path_of(&url))).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.bytes, fetched.bytes);
    // replaced through the first process: the other stops serving the picture it holds
    let reply = upload(
        &app,
        &token,
        multipart(&[("profileImage", "b.png", "image/png", &png_picture(4, 4))]),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    let gone = fetch_from(&other, TestRequest::get().uri(&path_of(&url))).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    let revalidated = fetch_from(
        &other,
        TestRequest::get()
            .uri(&path_of(&url))
            .insert_header(("If-None-Match", fetched.header("etag").unwrap_or_default())),
    )
    .await;
    assert_eq!(revalidated.status, StatusCode::NOT_FOUND);
}

/// Pictures an earlier version kept as files are moved into the database when a process
/// starts; half-written files of interrupted uploads and files of replaced pictures go.
async fn picture_files_of_an_earlier_version_move_into_the_database(db: TestDb) {
    use diesel::prelude::*;
    use storegister_persistence::schema::contact_books;
    use storegister_persistence::types::DbUuid;
    let app = TestApp::new(db).await;
    let (me, token) = app.register_tenant("me@example.com", "Super@123").await;
    // as an earlier version left it: the contact points at a file
    let id = uuid::Uuid::new_v4();
    let folder = app.files_folder().join("profile-images");
    std::fs::create_dir_all(&folder).unwrap();
    let bytes = png_picture(2, 2);
    std::fs::write(folder.join(id.hyphenated().to_string()), &bytes).unwrap();
    std::fs::write(
        folder.join(format!("{}.partial", uuid::Uuid::new_v4())),
        b"half",
    )
    .unwrap();
    let replaced = uuid::Uuid::new_v4().hyphenated().to_string();
    std::fs::write(folder.join(&replaced), b"old").unwrap();
    diesel::update(contact_books::table.find(DbUuid(me.parse().unwrap())))
        .set((
            contact_books::profile_image_id.eq(Some(DbUuid(id))),
            contact_books::profile_image_content_type.eq(Some("image/png")),
            contact_books::profile_image_size.eq(Some(bytes.len() as i64)),
            contact_books::profile_image_updated_at.eq(Some(chrono::Utc::now().naive_utc())),
        ))
        .execute(app.repo().connection())
        .unwrap();
    assert_eq!(stored_pictures(&app), 0);

    // the process restarts (another one on the same folder, here)
    let restarted = crate::helpers::process(&app, &[]).await;
    assert_eq!(stored_pictures(&app), 1);
    let url = profile_picture(&app, &token).await["url"]
        .as_str()
        .unwrap()
        .to_owned();
    let fetched = fetch_from(&restarted, TestRequest::get().uri(&path_of(&url))).await;
    assert_eq!(fetched.status, StatusCode::OK);
    assert_eq!(fetched.bytes, bytes);
    let left: Vec<_> = std::fs::read_dir(&folder).unwrap().flatten().collect();
    assert!(left.is_empty(), "{left:?}");
}

/// A small file declaring a huge picture is refused before it is decoded; so are bodies with
/// too many parts.
async fn a_picture_too_large_to_decode_is_refused(db: TestDb) {
    let app = TestApp::with(db, &[("STOREGISTER__STORAGE__MAX_PICTURE_PIXELS", "10000")]).await;
    let (_, token) = app.register_tenant("me@example.com", "Super@123").await;
    let reply = upload(
        &app,
        &token,
        multipart(&[(
            "profileImage",
            "big.png",
            "image/png",
            &png_picture(101, 100),
        )]),
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    assert_eq!(reply.codes(), ["INVALID_PARAM_FILES"]);
    assert!(
        reply.body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("10000")
    );
    let fine = png_picture(100, 100);
    let reply = upload(
        &app,
        &token,
        multipart(&[("profileImage", "ok.png", "image/png", &fine)]),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);

    let filler = b"x".to_vec();
    let mut parts: Vec<(&str, &str, &str, &[u8])> =
        vec![("note", "n.txt", "text/plain", &filler); 8];
    parts.push(("profileImage", "ok.png", "image/png", &fine));
    let reply = upload(&app, &token, multipart(&parts)).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.codes(), ["INVALID_PARAM_FILES"]);
    assert_eq!(stored_pictures(&app), 1);
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
        multipart(&[("otherField", "me.png", "image/png", &png_picture(2, 2))]),
        // recognised as a PNG by its first bytes, but it does not decode
        multipart(&[("profileImage", "me.png", "image/png", &png(100))]),
        multipart(&[]),
        multipart(&[
            ("profileImage", "a.png", "image/png", &png_picture(2, 2)),
            ("profileImage", "b.png", "image/png", &png_picture(2, 2)),
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
    assert_eq!(stored_pictures(&app), 0);
}

async fn an_oversize_picture_is_413(db: TestDb) {
    let app = TestApp::with(db, &[("STOREGISTER__STORAGE__MAX_PICTURE_BYTES", "4096")]).await;
    let (_, token) = app.register_tenant("me@example.com", "Super@123").await;
    assert_eq!(
        upload(
            &app,
            &token,
            multipart(&[("profileImage", "a.png", "image/png", &png_picture(4, 4))])
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
    assert_eq!(stored_pictures(&app), 1);
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
    every_process_serves_every_picture_at_the_public_url,
    picture_files_of_an_earlier_version_move_into_the_database,
    a_picture_too_large_to_decode_is_refused,
    what_is_not_one_picture_is_refused,
    an_oversize_picture_is_413,
    a_huge_upload_is_refused_without_being_read,
);
