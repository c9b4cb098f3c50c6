//! `storegister-api`: the HTTP server. Reads the configuration, opens and migrates the
//! database, and serves until SIGINT or SIGTERM (finishing requests in flight).

use std::net::TcpListener;
use std::process::ExitCode;

use actix_web::web;
use storegister_api::{AppState, run};
use storegister_settings::Settings;

#[actix_web::main]
async fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
    let settings = match Settings::load() {
        Ok(settings) => settings,
        Err(error) => {
            log::error!("{error}");
            return ExitCode::FAILURE;
        }
    };
    let state = match AppState::from_settings(&settings) {
        Ok(state) => web::Data::new(state),
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
    match run(listener, state, settings.server.workers) {
        Ok(server) => match server.await {
            Ok(()) => ExitCode::SUCCESS,
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
