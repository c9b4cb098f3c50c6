//! Building the application and running the server.

use std::net::TcpListener;

use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::{ErrorHandlerResponse, ErrorHandlers, Logger, from_fn};
use actix_web::{App, HttpServer, ResponseError, web};

use crate::api_keys::require_api_key;
use crate::error::ApiError;
use crate::routes::{account, health, not_found, picture, reference, tenant};
use crate::state::AppState;

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
    App::new()
        .app_data(state)
        .service(web::resource("/health").route(web::get().to(health::health)))
        .service(web::resource("/ready").route(web::get().to(health::ready)))
        .service(
            web::resource("/files/profile-images/{id}")
                .route(web::get().to(picture::serve_picture)),
        )
        .service(
            web::scope("/v1")
                .wrap(from_fn(require_api_key))
                .service(web::resource("/login").route(web::post().to(account::login)))
                .service(web::resource("/register").route(web::post().to(account::register)))
                .service(
                    web::resource("/reference/countries")
                        .route(web::get().to(reference::countries)),
                )
                .service(
                    web::resource("/reference/countries/{id}/regions")
                        .route(web::get().to(reference::regions)),
                )
                .service(
                    web::resource(["/tenant", "/tenant/"])
                        .route(web::get().to(tenant::tenant_info)),
                )
                .service(
                    web::resource("/tenant/profile")
                        .route(web::get().to(tenant::get_profile))
                        .route(web::put().to(tenant::update_profile)),
                )
                .service(
                    web::resource("/tenant/profile/change-display-picture")
                        .route(web::put().to(picture::change_display_picture)),
                )
                .service(
                    web::resource("/tenant/profile/change-password/request")
                        .route(web::get().to(tenant::request_password_change)),
                )
                .service(
                    web::resource("/tenant/profile/change-password")
                        .route(web::put().to(tenant::change_password)),
                ),
        )
        .default_service(web::to(not_found))
        .wrap(ErrorHandlers::new().default_handler(ensure_envelope))
        .wrap(Logger::new(r#"%a "%r" %s %b %Dms"#))
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
        503 => ApiError::Unavailable(format!("status {status}")),
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

/// Starts the server on `listener` with `workers` worker threads (0: one per core).
pub fn run(
    listener: TcpListener,
    state: web::Data<AppState>,
    workers: usize,
) -> std::io::Result<Server> {
    let mut server = HttpServer::new(move || app(state.clone())).listen(listener)?;
    if workers > 0 {
        server = server.workers(workers);
    }
    Ok(server.run())
}
