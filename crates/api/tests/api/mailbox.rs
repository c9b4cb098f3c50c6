//! A real SMTP server for the tests (mailin-embedded, on a port of its own), keeping every
//! message it is given.

use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mailin_embedded::{Handler, Response, Server, SslConfig, response};

/// The messages an SMTP server received, each whole (headers and body).
#[derive(Clone, Default)]
pub struct Mailbox {
    received: Arc<Mutex<Vec<String>>>,
    /// The message being received: each connection has a copy of its own.
    current: Vec<u8>,
}

impl Handler for Mailbox {
    fn data_start(&mut self, _: &str, _: &str, _: bool, _: &[String]) -> Response {
        self.current.clear();
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.current.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let message = String::from_utf8_lossy(&std::mem::take(&mut self.current)).into_owned();
        if let Ok(mut received) = self.received.lock() {
            received.push(message);
        }
        response::OK
    }
}

impl Mailbox {
    /// Starts a server on a free port of 127.0.0.1; the mailbox and the `smtp://` URL.
    pub fn start() -> (Self, String) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let mailbox = Mailbox::default();
        let mut server = Server::new(mailbox.clone());
        server
            .with_name("mail.test")
            .with_ssl(SslConfig::None)
            .unwrap()
            .with_num_threads(2)
            .with_tcp_listener(listener);
        std::thread::spawn(move || {
            let _ = server.serve();
        });
        (mailbox, format!("smtp://127.0.0.1:{port}"))
    }

    /// Every message received so far.
    pub fn messages(&self) -> Vec<String> {
        self.received.lock().unwrap().clone()
    }

    /// Waits (at most 30 s) until `count` messages arrived; them.
    pub fn wait_for(&self, count: usize) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.messages().len() < count && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        self.messages()
    }
}
