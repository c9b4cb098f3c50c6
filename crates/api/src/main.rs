//! `storegister-api`: the HTTP server. Reads the configuration, opens and migrates the
//! database, and serves until SIGTERM or SIGINT (draining first, then finishing requests in
//! flight). `storegister-api openapi` prints the OpenAPI description instead.

use std::net::TcpListener;
use std::process::ExitCode;
use std::time::Duration;

use actix_web::web;
use storegister_api::observe::init_logging;
use storegister_api::{AppState, RunOptions, run};
use storegister_settings::{LogFormat, Settings};

#[actix_web::main]
async fn main() -> ExitCode {
    // `storegister-api openapi`: the OpenAPI description, for client generators (no server)
    if std::env::args().nth(1).as_deref() == Some("openapi") {
        println!("{}", storegister_api::openapi::document_json());
        return ExitCode::SUCCESS;
    }
    let settings = match Settings::load() {
        Ok(settings) => settings,
        Err(error) => {
            init_logging(LogFormat::Text);
            log::error!("{error}");
            return ExitCode::FAILURE;
        }
    };
    init_logging(settings.log.format);
    // a blocking start (migrations may wait for another process) off the async runtime
    let loaded = settings.clone();
    let state =
        match actix_web::rt::task::spawn_blocking(move || AppState::from_settings(&loaded)).await {
            Ok(Ok(state)) => web::Data::new(state),
            Ok(Err(error)) => {
                log::error!("cannot start: {}", storegister_kernel::Chain(&error));
                return ExitCode::FAILURE;
            }
            Err(error) => {
                log::error!("cannot start: {error}");
                return ExitCode::FAILURE;
            }
        };
    let address = (settings.server.host.as_str(), settings.server.port);
    let listener = match TcpListener::bind(address) {
        Ok(listener) => listener,
        Err(error) => {
            log::error!("cannot listen on {}:{}: {error}", address.0, address.1);
            return ExitCode::FAILURE;
        }
    };
    if let Ok(local) = listener.local_addr() {
        log::info!("listening on http://{local}");
    }
    let options = RunOptions {
        workers: settings.server.workers,
        drain: Duration::from_secs(settings.server.shutdown_drain_seconds),
        shutdown_timeout: Duration::from_secs(settings.server.shutdown_timeout_seconds),
        ..RunOptions::default()
    };
    match run(listener, state, options) {
        Ok(server) => match server.await {
            Ok(()) => {
                log::info!("stopped");
                ExitCode::SUCCESS
            }
            Err(error) => {
                log::error!("server failed: {error}");
                ExitCode::FAILURE
            }
        },
        Err(error) => {
            log::error!("cannot start the server: {error}");
            ExitCode::FAILURE
        }
    }
}
