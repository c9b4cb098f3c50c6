//! The real server binary: its log lines (JSON here) carry the request id, also the lines
//! written inside blocking database work, and SIGTERM drains it and stops it cleanly.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One HTTP/1.1 request on a new connection; the whole answer.
fn get(port: u16, path: &str, request_id: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let head = format!(
        "GET {path} HTTP/1.1\r\nHost: x\r\nX-Request-Id: {request_id}\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).ok()?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).ok()?;
    Some(answer)
}

#[test]
fn log_lines_carry_the_request_id_and_sigterm_drains() {
    let folder = tempfile::tempdir().unwrap();
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = Command::new(env!("CARGO_BIN_EXE_storegister-api"))
        .env_clear()
        .env(
            "STOREGISTER__DATABASE__URL",
            folder.path().join("db.sqlite"),
        )
        .env("STOREGISTER__MAIL__DIR", folder.path().join("mail"))
        .env("STOREGISTER__STORAGE__PATH", folder.path().join("files"))
        .env("STOREGISTER__SERVER__PORT", port.to_string())
        .env("STOREGISTER__SERVER__SHUTDOWN_DRAIN_SECONDS", "1")
        .env("STOREGISTER__LOG__FORMAT", "json")
        .env("RUST_LOG", "info,storegister_persistence=debug")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while get(port, "/health", "probe").is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the server did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let answer = get(port, "/ready", "trace-me-42").unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        answer
            .to_ascii_lowercase()
            .contains("x-request-id: trace-me-42"),
        "{answer}"
    );

    let stopped = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(stopped.success());
    let exit = server.wait().unwrap();
    assert!(exit.success(), "SIGTERM ends the server cleanly: {exit:?}");

    let mut lines = Vec::new();
    BufReader::new(server.stderr.take().unwrap())
        .lines()
        .for_each(|line| lines.push(line.unwrap()));
    let events: Vec<serde_json::Value> = lines
        .iter()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|_| panic!("not JSON: {line}")))
        .collect();
    let of_request: Vec<&serde_json::Value> = events
        .iter()
        .filter(|e| e["span"]["id"] == "trace-me-42")
        .collect();
    let message = |e: &serde_json::Value| e["fields"]["message"].as_str().unwrap_or("").to_owned();
    assert!(
        of_request
            .iter()
            .any(|e| message(e).contains("\"GET /ready\" 200")),
        "the access line carries the id: {lines:#?}"
    );
    assert!(
        of_request
            .iter()
            .any(|e| e["target"] == "storegister_persistence::connection"
                && message(e).starts_with("database work done")),
        "a line written on a blocking thread carries the id: {lines:#?}"
    );
    assert!(
        events
            .iter()
            .any(|e| message(e).starts_with("SIGTERM: draining")),
        "{lines:#?}"
    );
    assert!(events.iter().any(|e| message(e) == "stopped"), "{lines:#?}");
}
