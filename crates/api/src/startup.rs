//! Building the application and running the server.

use std::net::TcpListener;

use actix_cors::Cors;
use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header;
use actix_web::http::header::HeaderName;
use actix_web::middleware::{Condition, ErrorHandlerResponse, ErrorHandlers, Logger, from_fn};
use actix_web::{App, HttpServer, Resource, ResponseError, Route, web};

use crate::api_keys::require_api_key;
use crate::error::ApiError;
use crate::openapi;
use crate::routes::{account, health, not_found, picture, proof, reference, tenant};
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

/// The prefix of the routes behind the API key check.
const API_PREFIX: &str = "/v1";

/// Every route of the app.
pub fn endpoints() -> Vec<Endpoint> {
    vec![
        Endpoint::new(Method::GET, "/health", || web::get().to(health::health)),
        Endpoint::new(Method::GET, "/ready", || web::get().to(health::ready)),
        Endpoint::new(Method::GET, "/openapi.json", || {
            web::get().to(openapi::openapi_json)
        }),
        Endpoint::new(Method::GET, "/docs", || {
            web::get().to(openapi::reference_page)
        }),
        Endpoint::new(Method::GET, "/files/profile-images/{id}", || {
            web::get().to(picture::serve_picture)
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
            web::get().to(reference::countries)
        }),
        Endpoint::new(Method::GET, "/v1/reference/countries/{id}/regions", || {
            web::get().to(reference::regions)
        }),
        Endpoint::new(Method::GET, "/v1/tenant/", || {
            web::get().to(tenant::tenant_info)
        }),
        Endpoint::new(Method::GET, "/v1/tenant", || {
            web::get().to(tenant::tenant_info_without_slash)
        }),
        Endpoint::new(Method::GET, "/v1/tenant/profile", || {
            web::get().to(tenant::get_profile)
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
            || web::get().to(tenant::request_password_change),
        ),
        Endpoint::new(Method::PUT, "/v1/tenant/profile/change-password", || {
            web::put().to(tenant::change_password)
        }),
        Endpoint::new(Method::POST, "/v1/tenant/logout", || {
            web::post().to(tenant::logout)
        }),
        Endpoint::new(Method::GET, "/v1/tenant/sessions", || {
            web::get().to(tenant::sessions)
        }),
        Endpoint::new(Method::DELETE, "/v1/tenant/sessions", || {
            web::delete().to(tenant::end_other_sessions)
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
            list.into_iter()
                .fold(web::resource(path), |resource, endpoint| {
                    resource.route((endpoint.route)())
                })
        })
        .collect()
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
        .wrap(Logger::new(r#"%a "%r" %s %b %Dms"#))
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

/// Starts the server on `listener` with `workers` worker threads (0: one per core), and its
/// housekeeping (must be called on the actix runtime).
pub fn run(
    listener: TcpListener,
    state: web::Data<AppState>,
    workers: usize,
) -> std::io::Result<Server> {
    actix_web::rt::spawn(crate::housekeeping::prune_periodically(state.clone()));
    actix_web::rt::spawn(crate::housekeeping::deliver_mail_periodically(
        state.clone(),
    ));
    let mut server = HttpServer::new(move || app(state.clone()))
        // a client's end-of-stream ends its request: the handler is dropped, and with it a
        // login's bcrypt that has not started yet; clients that half-close their side and
        // still expect an answer are rare (browsers and curl do not)
        .h1_allow_half_closed(false)
        .listen(listener)?;
    if workers > 0 {
        server = server.workers(workers);
    }
    Ok(server.run())
}
