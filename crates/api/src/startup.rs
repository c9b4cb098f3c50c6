//! Building the application and running the server.

use std::net::TcpListener;
use std::sync::atomic::Ordering;
use std::time::Duration;

use actix_cors::Cors;
use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::{
    Condition, DefaultHeaders, ErrorHandlerResponse, ErrorHandlers, from_fn,
};
use actix_web::{App, HttpResponse, HttpServer, Resource, ResponseError, Route, guard, web};

use crate::api_keys::require_api_key;
use crate::error::ApiError;
use crate::observe;
use crate::openapi;
use crate::routes::{account, health, not_found, picture, proof, reference, tenant, transactions};
use crate::state::AppState;
use storegister_settings::CorsOrigins;

/// One route the app serves: the route table below is the only place routes are declared, so
/// that a test can check every one of them against the OpenAPI description.
pub struct Endpoint {
    /// The HTTP method.
    pub method: Method,
    /// The full path, as in the OpenAPI description.
    pub path: &'static str,
    route: fn() -> Route,
}

impl Endpoint {
    fn new(method: Method, path: &'static str, route: fn() -> Route) -> Self {
        Self {
            method,
            path,
            route,
        }
    }
}

/// A `GET` route that answers `HEAD` too (load balancers probe with it; actix sends a `HEAD`
/// answer's headers without its body).
fn get() -> Route {
    web::route().guard(guard::Any(guard::Get()).or(guard::Head()))
}

/// The prefix of the routes behind the API key check.
const API_PREFIX: &str = "/v1";

/// Every route of the app.
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        Endpoint::new(Method::GET, "/health", || get().to(health::health)),
        Endpoint::new(Method::GET, "/ready", || get().to(health::ready)),
        Endpoint::new(Method::GET, "/metrics", || get().to(observe::metrics_text)),
        Endpoint::new(Method::GET, "/openapi.json", || {
            get().to(openapi::openapi_json)
        }),
        Endpoint::new(Method::GET, "/docs", || get().to(openapi::reference_page)),
        Endpoint::new(Method::GET, "/files/profile-images/{id}", || {
            get().to(picture::serve_picture)
        }),
        Endpoint::new(Method::POST, "/v1/login", || web::post().to(account::login)),
        Endpoint::new(Method::POST, "/v1/register", || {
            web::post().to(account::register)
        }),
        Endpoint::new(Method::POST, "/v1/register/verify", || {
            web::post().to(proof::verify)
        }),
        Endpoint::new(Method::POST, "/v1/password/forgot", || {
            web::post().to(proof::forgot_password)
        }),
        Endpoint::new(Method::POST, "/v1/password/reset", || {
            web::post().to(proof::reset_password)
        }),
        Endpoint::new(Method::GET, "/v1/reference/countries", || {
            get().to(reference::countries)
        }),
        Endpoint::new(Method::GET, "/v1/reference/countries/{id}/regions", || {
            get().to(reference::regions)
        }),
        Endpoint::new(Method::GET, "/v1/tenant/", || get().to(tenant::tenant_info)),
        Endpoint::new(Method::GET, "/v1/tenant", || {
            get().to(tenant::tenant_info_without_slash)
        }),
        Endpoint::new(Method::GET, "/v1/tenant/profile", || {
            get().to(tenant::get_profile)
        }),
        Endpoint::new(Method::PUT, "/v1/tenant/profile", || {
            web::put().to(tenant::update_profile)
        }),
        Endpoint::new(
            Method::PUT,
            "/v1/tenant/profile/change-display-picture",
            || web::put().to(picture::change_display_picture),
        ),
        Endpoint::new(
            Method::GET,
            "/v1/tenant/profile/change-password/request",
            || get().to(tenant::request_password_change),
        ),
        Endpoint::new(Method::PUT, "/v1/tenant/profile/change-password", || {
            web::put().to(tenant::change_password)
        }),
        Endpoint::new(Method::POST, "/v1/tenant/logout", || {
            web::post().to(tenant::logout)
        }),
        Endpoint::new(Method::GET, "/v1/tenant/sessions", || {
            get().to(tenant::sessions)
        }),
        Endpoint::new(Method::DELETE, "/v1/tenant/sessions", || {
            web::delete().to(tenant::end_other_sessions)
        }),
        Endpoint::new(Method::GET, "/v1/transaction/invoice/list", || {
            get().to(transactions::invoices)
        }),
        Endpoint::new(Method::GET, "/v1/transaction/credit-note/list", || {
            get().to(transactions::credit_notes)
        }),
        Endpoint::new(Method::GET, "/v1/transaction/voucher/receipt/list", || {
            get().to(transactions::receipts)
        }),
        Endpoint::new(Method::GET, "/v1/transaction/voucher/payment/list", || {
            get().to(transactions::payment_vouchers)
        }),
        Endpoint::new(Method::GET, "/v1/transaction/ledger/list", || {
            get().to(transactions::ledger)
        }),
    ]
}

/// One resource per path, with a route per method (other methods get 405).
fn resources<'a>(endpoints: impl Iterator<Item = (&'a str, &'a Endpoint)>) -> Vec<Resource> {
    let mut by_path: Vec<(&str, Vec<&Endpoint>)> = Vec::new();
    for (path, endpoint) in endpoints {
        match by_path.iter_mut().find(|(p, _)| *p == path) {
            Some((_, list)) => list.push(endpoint),
            None => by_path.push((path, vec![endpoint])),
        }
    }
    by_path
        .into_iter()
        .map(|(path, list)| {
            let allow = allowed_methods(&list);
            list.into_iter()
                .fold(web::resource(path), |resource, endpoint| {
                    resource.route((endpoint.route)())
                })
                .default_service(web::to(move || method_not_allowed(allow.clone())))
        })
        .collect()
}

/// The methods a path answers, as an `Allow` header lists them (`HEAD` wherever `GET`).
fn allowed_methods(endpoints: &[&Endpoint]) -> String {
    let mut methods: Vec<&str> = endpoints.iter().map(|e| e.method.as_str()).collect();
    if methods.contains(&"GET") {
        methods.push("HEAD");
    }
    if methods.iter().any(|m| *m != "GET" && *m != "HEAD") {
        // browsers' preflight requests are answered by the CORS middleware
        methods.push("OPTIONS");
    }
    methods.join(", ")
}

/// 405 with the envelope and the `Allow` header (RFC 9110 §15.5.6).
async fn method_not_allowed(allow: String) -> HttpResponse {
    let mut response = ApiError::MethodNotAllowed.error_response();
    if let Ok(value) = HeaderValue::from_str(&allow) {
        response.headers_mut().insert(header::ALLOW, value);
    }
    response
}

/// The application: every route, the API key check on `/v1`, the envelope on every response.
pub fn app(
    state: web::Data<AppState>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let cors = cors(&state.cors_origins);
    let table = endpoints();
    let open = table
        .iter()
        .filter(|e| !e.path.starts_with(API_PREFIX))
        .map(|e| (e.path, e));
    let keyed = table
        .iter()
        .filter_map(|e| e.path.strip_prefix(API_PREFIX).map(|path| (path, e)));
    let scope = resources(keyed).into_iter().fold(
        web::scope(API_PREFIX).wrap(from_fn(require_api_key)),
        |scope, resource| scope.service(resource),
    );
    resources(open)
        .into_iter()
        .fold(App::new().app_data(state), |app, resource| {
            app.service(resource)
        })
        .service(scope)
        .default_service(web::to(not_found))
        .wrap(ErrorHandlers::new().default_handler(ensure_envelope))
        .wrap(from_fn(track))
        // outside the error handlers, so that error envelopes carry the CORS headers too
        .wrap(Condition::new(cors.is_some(), cors.unwrap_or_default()))
        // answers with tokens and personal data are for the client alone; a picture sets its
        // own caching
        .wrap(
            DefaultHeaders::new()
                .add((header::CACHE_CONTROL, "no-store"))
                .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff")),
        )
        .wrap(from_fn(observe::observe))
}

/// The routes whose requests check passwords: they wait for bcrypt, so password hashing does
/// not yield the cores to them (a flood of logins would only slow itself down).
const PASSWORD_ROUTES: [&str; 5] = [
    "/v1/login",
    "/v1/register",
    "/v1/register/verify",
    "/v1/password/reset",
    "/v1/tenant/profile/change-password",
];

/// Middleware: counts every other request as in flight while it runs, so that password
/// hashing yields the cores to it.
async fn track(
    req: ServiceRequest,
    next: actix_web::middleware::Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let _tracked = match req.app_data::<web::Data<AppState>>() {
        Some(state) if !PASSWORD_ROUTES.contains(&req.path()) => Some(state.hasher.track_request()),
        _ => None,
    };
    next.call(req).await
}

/// The CORS middleware for the allowed origins; `None` when no origin is allowed (the API is
/// then for same-origin pages and non-browser clients only, and sends no CORS headers).
///
/// A page from an allowed origin may send the two credentials and JSON, and read the
/// `X-Token` of a password change and the `Retry-After` of a refused attempt. Requests from
/// other origins are answered as usual, without CORS headers (the browser keeps their
/// answers from the page); only their preflight requests are refused.
fn cors(origins: &CorsOrigins) -> Option<Cors> {
    let listed = match origins {
        CorsOrigins::Any => None,
        CorsOrigins::Listed(origins) if origins.is_empty() => return None,
        CorsOrigins::Listed(origins) => Some(origins),
    };
    let cors = Cors::default()
        .allowed_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
        .allowed_headers([
            header::CONTENT_TYPE,
            HeaderName::from_static("x-api-key"),
            HeaderName::from_static("x-token"),
        ])
        .expose_headers([HeaderName::from_static("x-token"), header::RETRY_AFTER])
        .max_age(3600);
    Some(match listed {
        // credentials travel in headers, never in cookies, so any origin may be answered "*"
        None => cors.allow_any_origin().send_wildcard(),
        Some(origins) => origins
            .iter()
            .fold(cors, |cors, origin| cors.allowed_origin(origin)),
    })
}

/// Gives every error response without a JSON body (actix's own 405, 400 of a malformed path,
/// and the like) the envelope, with the code for its status.
fn ensure_envelope<B: MessageBody + 'static>(
    res: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if is_json {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let error = match status.as_u16() {
        400 => ApiError::InvalidInput("the request is malformed".into()),
        404 => ApiError::NotFound("no endpoint at this path".into()),
        405 => ApiError::MethodNotAllowed,
        413 => ApiError::PayloadTooLarge("the request is too large".into()),
        415 => ApiError::UnsupportedMediaType("this content type is not accepted".into()),
        503 => ApiError::Unavailable(format!("status {status}").into()),
        _ if status.is_client_error() => {
            ApiError::InvalidInput(format!("request refused ({status})"))
        }
        _ => ApiError::internal(format!("unexpected {status} without a body")),
    };
    let (req, _) = res.into_parts();
    let mut response = error.error_response();
    *response.status_mut() = status;
    let res = ServiceResponse::new(req, response).map_into_boxed_body();
    Ok(ErrorHandlerResponse::Response(res.map_into_right_body()))
}

/// How the server runs and stops.
#[derive(Clone, Copy, Debug)]
pub struct RunOptions {
    /// Worker threads (0: one per core).
    pub workers: usize,
    /// After SIGTERM, how long the server keeps answering (`/ready` 503, `Connection: close`)
    /// before it closes its listener.
    pub drain: Duration,
    /// Then how long requests in flight may take to finish.
    pub shutdown_timeout: Duration,
    /// How long a client may take to send a request's head.
    pub header_timeout: Duration,
}

impl Default for RunOptions {
    fn default() -> Self {
        Self {
            workers: 0,
            drain: Duration::from_secs(5),
            shutdown_timeout: Duration::from_secs(30),
            header_timeout: Duration::from_secs(10),
        }
    }
}

/// Starts the server on `listener`, and its housekeeping (must be called on the actix
/// runtime).
///
/// On SIGTERM or SIGINT the server drains: `/ready` turns 503 and answers carry `Connection:
/// close` for `options.drain`, so a load balancer takes the process out of rotation while it
/// still answers; then the listener closes and requests in flight get
/// `options.shutdown_timeout` to finish.
pub fn run(
    listener: TcpListener,
    state: web::Data<AppState>,
    options: RunOptions,
) -> std::io::Result<Server> {
    actix_web::rt::spawn(crate::housekeeping::prune_periodically(state.clone()));
    actix_web::rt::spawn(crate::housekeeping::deliver_mail_periodically(
        state.clone(),
    ));
    let app_state = state.clone();
    let mut server = HttpServer::new(move || app(app_state.clone()))
        // a client's end-of-stream ends its request: the handler is dropped, and with it a
        // login's bcrypt that has not started yet; clients that half-close their side and
        // still expect an answer are rare (browsers and curl do not)
        .h1_allow_half_closed(false)
        .client_request_timeout(options.header_timeout)
        .shutdown_timeout(options.shutdown_timeout.as_secs())
        .disable_signals()
        .listen(listener)?;
    if options.workers > 0 {
        server = server.workers(options.workers);
    }
    let server = server.run();
    let handle = server.handle();
    actix_web::rt::spawn(async move {
        let signal = stop_signal().await;
        log::info!(
            "{signal}: draining for {:?} (/ready answers 503), then stopping",
            options.drain
        );
        state.draining.store(true, Ordering::Release);
        actix_web::rt::time::sleep(options.drain).await;
        log::info!(
            "closing the listener; requests in flight have {:?} to finish",
            options.shutdown_timeout
        );
        handle.stop(true).await;
    });
    Ok(server)
}

/// Waits for SIGTERM or SIGINT; names the one that came.
async fn stop_signal() -> &'static str {
    use actix_web::rt::signal::unix::{SignalKind, signal};
    match signal(SignalKind::terminate()) {
        Ok(mut terminate) => {
            tokio::select! {
                _ = terminate.recv() => "SIGTERM",
                _ = actix_web::rt::signal::ctrl_c() => "SIGINT",
            }
        }
        Err(error) => {
            log::warn!("SIGTERM cannot be watched ({error}); stopping on SIGINT only");
            let _ = actix_web::rt::signal::ctrl_c().await;
            "SIGINT"
        }
    }
}
