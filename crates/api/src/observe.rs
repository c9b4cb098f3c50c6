//! What an operator sees: a request id on every response and in every log line of its request
//! (also those written inside blocking work), one access line per request with the client's
//! address, Prometheus metrics at `/metrics`, and text or JSON logs.

use std::sync::OnceLock;
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpMessage, HttpResponse, web};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use storegister_settings::LogFormat;
use tracing::Instrument;

use crate::state::AppState;

/// The header carrying a request's id, in and out.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The request id of a request, for handlers that want it.
#[derive(Clone, Debug)]
pub struct RequestId(pub String);

/// Sets up logging: `RUST_LOG` filters (default `info`), `format` chooses lines of text or
/// JSON objects; records of the `log` crate (ours and our dependencies') go the same way.
pub fn init_logging(format: LogFormat) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    // a second initialisation (tests) keeps the first
    let _ = match format {
        LogFormat::Text => builder.with_ansi(false).try_init(),
        LogFormat::Json => builder
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .try_init(),
    };
}

/// The process's metrics recorder, installed once (every app of the process shares it).
pub fn metrics() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        const LATENCY: [f64; 12] = [
            0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
        ];
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), &LATENCY)
            .map(|builder| builder.build_recorder())
            .unwrap_or_else(|_| PrometheusBuilder::new().build_recorder());
        let handle = recorder.handle();
        // fails only when another recorder is installed, whose metrics we then do not see
        if metrics::set_global_recorder(recorder).is_err() {
            log::warn!("a metrics recorder was installed already: /metrics shows nothing");
        }
        describe();
        handle
    })
}

fn describe() {
    use metrics::{describe_counter, describe_gauge, describe_histogram};
    describe_counter!(
        "storegister_http_requests_total",
        "Requests answered, by route, method and status"
    );
    describe_histogram!(
        "storegister_http_request_duration_seconds",
        "Time to answer, by route and method"
    );
    describe_gauge!(
        "storegister_http_requests_in_flight",
        "Requests being answered"
    );
    describe_gauge!(
        "storegister_password_hashes_waiting",
        "Password computations waiting for a thread"
    );
    describe_gauge!(
        "storegister_password_hashes_running",
        "Password computations running"
    );
    describe_counter!(
        "storegister_password_hashes_refused_total",
        "Password computations refused because too many were waiting (503)"
    );
    describe_gauge!(
        "storegister_db_pool_connections",
        "Database connections open"
    );
    describe_gauge!(
        "storegister_db_pool_idle_connections",
        "Database connections open and idle"
    );
    describe_histogram!(
        "storegister_db_acquire_seconds",
        "Time a request waited for a database connection"
    );
    describe_counter!(
        "storegister_db_acquire_timeouts_total",
        "Requests that got no database connection in time (503)"
    );
    describe_counter!(
        "storegister_limits_hit_total",
        "Requests refused by a limit (429, and 503 of a full hashing queue), by limit"
    );
    describe_counter!("storegister_mails_queued_total", "Mails put in the outbox");
    describe_counter!("storegister_mails_sent_total", "Mails delivered");
    describe_counter!(
        "storegister_mails_failed_total",
        "Mail deliveries that failed (retried later, or given up)"
    );
}

/// The id of a request: the client's `X-Request-Id` when it is a sane token (1 to 64
/// characters of letters, digits, `-`, `_`, `.`, `:`), else a new one.
fn request_id(req: &ServiceRequest) -> String {
    req.headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|id| {
            (1..=64).contains(&id.len())
                && id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
        })
        .map_or_else(|| uuid::Uuid::new_v4().simple().to_string(), str::to_owned)
}

/// Counts a request in flight until dropped (also when a client goes away mid-request).
struct InFlight;

impl InFlight {
    fn start() -> Self {
        metrics::gauge!("storegister_http_requests_in_flight").increment(1.0);
        Self
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        metrics::gauge!("storegister_http_requests_in_flight").decrement(1.0);
    }
}

/// Middleware: the request's id (echoed in `X-Request-Id`, and on every log line written while
/// the request runs, through a tracing span), its metrics and its access line; while the
/// server drains, `Connection: close` on every answer.
pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let _in_flight = InFlight::start();
    let id = request_id(&req);
    req.extensions_mut().insert(RequestId(id.clone()));
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let client = state
        .as_ref()
        .and_then(|state| state.clients.client(req.request()))
        .map_or_else(|| "-".to_owned(), |ip| ip.to_string());
    let method = req.method().clone();
    let target = req.uri().path().to_owned();
    let span = tracing::info_span!("request", id = %id);
    let mut res = next.call(req).instrument(span.clone()).await?;

    let route = res
        .request()
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_owned());
    let status = res.status();
    let elapsed = started.elapsed();
    let labels = [
        ("route", route.clone()),
        ("method", method.to_string()),
        ("status", status.as_u16().to_string()),
    ];
    metrics::counter!("storegister_http_requests_total", &labels).increment(1);
    metrics::histogram!(
        "storegister_http_request_duration_seconds",
        &[("route", route), ("method", method.to_string())]
    )
    .record(elapsed.as_secs_f64());
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut().insert(REQUEST_ID, value);
    }
    if state.as_ref().is_some_and(|state| state.is_draining()) {
        close_connection(res.response_mut());
    }
    span.in_scope(|| {
        log::info!(
            target: "storegister::access",
            "{client} \"{method} {target}\" {} {:.1}ms",
            status.as_u16(),
            elapsed.as_secs_f64() * 1000.0
        );
    });
    Ok(res)
}

/// Makes the connection of `response` close after it (`Connection: close`): actix writes that
/// header from the response's connection type, not from its header map.
pub fn close_connection<B>(response: &mut HttpResponse<B>) {
    response
        .head_mut()
        .set_connection_type(actix_web::http::ConnectionType::Close);
    // for those who read the header map (tests, middleware)
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
}

/// `GET /metrics`: the process's metrics in the Prometheus text format.
#[utoipa::path(get, path = "/metrics", tag = "operations", summary = "Prometheus metrics",
    description = "Requests by route, method and status with latency histograms, requests in flight, password computations waiting, running and refused, database pool connections and waits, limits hit, mails queued, sent and failed. Meant for the operator's scraper: keep it off the public side of the load balancer.",
    responses((status = 200, description = "The metrics", content_type = "text/plain; version=0.0.4", body = String)))]
pub async fn metrics_text(state: web::Data<AppState>) -> HttpResponse {
    let (waiting, running) = state.hasher.load();
    metrics::gauge!("storegister_password_hashes_waiting").set(waiting as f64);
    metrics::gauge!("storegister_password_hashes_running").set(running as f64);
    let (connections, idle) = state.database.pool_state();
    metrics::gauge!("storegister_db_pool_connections").set(f64::from(connections));
    metrics::gauge!("storegister_db_pool_idle_connections").set(f64::from(idle));
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(metrics().render())
}
