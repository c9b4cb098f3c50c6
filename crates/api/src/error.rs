//! The API's error type: every failure of every layer is mapped here, once, to an HTTP status
//! and the envelope. Causes of server-side failures are logged, never sent.

use actix_web::http::StatusCode;
use actix_web::http::header::ContentType;
use actix_web::{HttpResponse, ResponseError};
use storegister_app::{HashError, PictureRefusal, TenantError};
use storegister_kernel::{Cause, Chain, StoreError};

use crate::envelope::{Envelope, ErrorItem};
use crate::vocabulary;

/// Why a request failed, as the client will see it.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Fields broke validation rules (400), in request order.
    #[error("invalid input")]
    Invalid(Vec<ErrorItem>),
    /// The body is missing, not JSON, or not an object (400 `INVALID_INPUT_PARAM`).
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// A path or query parameter is malformed (400, with the parameter's code).
    #[error("invalid parameter: {1}")]
    InvalidParam(&'static str, String),
    /// Missing, unknown or revoked API key (401 `INVALID_API_KEY`).
    #[error("invalid API key")]
    InvalidApiKey,
    /// Missing, malformed, foreign or revoked session token (401 `INVALID_TOKEN`).
    #[error("invalid token: {0}")]
    InvalidToken(&'static str),
    /// Expired session token (401 `TOKEN_EXPIRED`).
    #[error("token expired")]
    TokenExpired,
    /// Wrong user name or password (401 `INVALID_USER_LOGIN`).
    #[error("invalid login")]
    InvalidLogin,
    /// The user name has credentials already (409 `USER_NAME_ALREADY_EXISTS`).
    #[error("user name already exists")]
    UserNameTaken,
    /// The e-mail belongs to another contact (409 `USER_NAME_ALREADY_EXISTS`).
    #[error("e-mail address taken")]
    EmailTaken,
    /// A refusal with its own code and status (for example 409 `CHANGE_PASSWORD_FAILED`).
    #[error("{code}: {message}")]
    Refused {
        /// The HTTP status.
        status: StatusCode,
        /// The documented code.
        code: &'static str,
        /// The message.
        message: &'static str,
    },
    /// No such route or record (404 `NOT_FOUND`).
    #[error("not found: {0}")]
    NotFound(String),
    /// The route exists, the method does not (405 `METHOD_NOT_ALLOWED`).
    #[error("method not allowed")]
    MethodNotAllowed,
    /// The body did not arrive in time (408 `REQUEST_TIMEOUT`; the connection is closed).
    #[error("the request body did not arrive in time")]
    BodyTimeout,
    /// The body is larger than allowed (413 `PAYLOAD_TOO_LARGE`).
    #[error("payload too large: {0}")]
    PayloadTooLarge(String),
    /// The user name was tried too often (429 `TOO_MANY_REQUESTS`, with `Retry-After`).
    #[error("too many attempts; retry after {0} s")]
    TooManyAttempts(u64),
    /// The client is over its request budget or its password checks in flight (429
    /// `TOO_MANY_REQUESTS`, with `Retry-After`).
    #[error("too many requests from this client; retry after {0} s")]
    ClientTooManyRequests(u64),
    /// The body's content type is not accepted (415 `UNSUPPORTED_MEDIA_TYPE`).
    #[error("unsupported media type: {0}")]
    UnsupportedMediaType(String),
    /// Too many password computations are waiting (503 `SERVICE_UNAVAILABLE`, with
    /// `Retry-After`).
    #[error("password hashing overloaded")]
    Busy,
    /// The database cannot be reached (503 `SERVICE_UNAVAILABLE`); the cause is logged only.
    #[error("service unavailable")]
    Unavailable(#[source] Cause),
    /// The server is stopping: not ready for new traffic (503 `SERVICE_UNAVAILABLE`).
    #[error("draining")]
    Draining,
    /// A server-side failure (500) with the documented code for it; the cause is logged only.
    #[error("{code}")]
    Internal {
        /// The code the client sees, e.g. `SOMETHING_WENT_WRONG`.
        code: &'static str,
        /// What went wrong, for the log.
        #[source]
        cause: Cause,
    },
}

impl ApiError {
    /// A server-side failure reported as `SOMETHING_WENT_WRONG`.
    pub fn internal(cause: impl Into<Cause>) -> Self {
        ApiError::Internal {
            code: "SOMETHING_WENT_WRONG",
            cause: cause.into(),
        }
    }

    fn items(&self) -> Vec<ErrorItem> {
        let one = |code: &'static str, message: &str| {
            vec![ErrorItem {
                code,
                message: message.to_owned(),
                field: None,
            }]
        };
        match self {
            ApiError::Invalid(items) => items.clone(),
            ApiError::InvalidInput(message) => one("INVALID_INPUT_PARAM", message),
            ApiError::InvalidParam(code, message) => one(code, message),
            ApiError::InvalidApiKey => {
                one("INVALID_API_KEY", "a valid X-API-Key header is required")
            }
            ApiError::InvalidToken(message) => one("INVALID_TOKEN", message),
            ApiError::TokenExpired => one(
                "TOKEN_EXPIRED",
                "the session token has expired; log in again",
            ),
            ApiError::InvalidLogin => {
                one("INVALID_USER_LOGIN", "user name or password is not valid")
            }
            ApiError::UserNameTaken => one(
                "USER_NAME_ALREADY_EXISTS",
                "this e-mail address is already registered with login credentials",
            ),
            ApiError::EmailTaken => one(
                "USER_NAME_ALREADY_EXISTS",
                "this e-mail address belongs to another contact",
            ),
            ApiError::Refused { code, message, .. } => one(code, message),
            ApiError::NotFound(message) => one("NOT_FOUND", message),
            ApiError::MethodNotAllowed => one(
                "METHOD_NOT_ALLOWED",
                "this method is not allowed on this path",
            ),
            ApiError::PayloadTooLarge(message) => one("PAYLOAD_TOO_LARGE", message),
            ApiError::BodyTimeout => {
                one("REQUEST_TIMEOUT", "the request body did not arrive in time")
            }
            ApiError::UnsupportedMediaType(message) => one("UNSUPPORTED_MEDIA_TYPE", message),
            ApiError::ClientTooManyRequests(seconds) => one(
                "TOO_MANY_REQUESTS",
                &format!("too many requests from this client; try again in {seconds} seconds"),
            ),
            ApiError::TooManyAttempts(seconds) => one(
                "TOO_MANY_REQUESTS",
                &format!(
                    "too many password attempts for this user name; try again in {seconds} seconds"
                ),
            ),
            ApiError::Unavailable(_) => one(
                "SERVICE_UNAVAILABLE",
                "the service is temporarily unavailable; try again shortly",
            ),
            ApiError::Draining => one(
                "SERVICE_UNAVAILABLE",
                "this server is shutting down; the load balancer sends requests elsewhere",
            ),
            ApiError::Busy => one(
                "SERVICE_UNAVAILABLE",
                "too many logins are being checked right now; try again in a second",
            ),
            ApiError::Internal { code, .. } => one(
                code,
                "something went wrong on our side; please contact the administrator",
            ),
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::Invalid(_) | ApiError::InvalidInput(_) | ApiError::InvalidParam(..) => {
                StatusCode::BAD_REQUEST
            }
            ApiError::InvalidApiKey
            | ApiError::InvalidToken(_)
            | ApiError::TokenExpired
            | ApiError::InvalidLogin => StatusCode::UNAUTHORIZED,
            ApiError::UserNameTaken | ApiError::EmailTaken => StatusCode::CONFLICT,
            ApiError::Refused { status, .. } => *status,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::BodyTimeout => StatusCode::REQUEST_TIMEOUT,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::TooManyAttempts(_) | ApiError::ClientTooManyRequests(_) => {
                StatusCode::TOO_MANY_REQUESTS
            }
            ApiError::Unavailable(_) | ApiError::Busy | ApiError::Draining => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            ApiError::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        // the cause chain, once, here at the edge; the client sees only the code
        match self {
            ApiError::Internal { .. } => log::error!("request failed: {}", Chain(self)),
            // the store logs an outage when it begins and ends, not once per request
            ApiError::Unavailable(_) => log::debug!("request failed: {}", Chain(self)),
            _ => {}
        }
        let limit = match self {
            ApiError::TooManyAttempts(_) => Some("password_attempts"),
            ApiError::ClientTooManyRequests(_) => Some("client"),
            ApiError::Busy => Some("hash_queue"),
            _ => None,
        };
        if let Some(limit) = limit {
            metrics::counter!("storegister_limits_hit_total", "limit" => limit).increment(1);
        }
        let mut response = envelope_response(self.status_code(), self.items());
        let retry_after = match self {
            ApiError::TooManyAttempts(seconds) | ApiError::ClientTooManyRequests(seconds) => {
                Some(*seconds)
            }
            ApiError::Busy => Some(1),
            ApiError::Unavailable(_) => Some(UNAVAILABLE_RETRY_SECONDS),
            _ => None,
        };
        if matches!(self, ApiError::BodyTimeout) {
            // the rest of the body may still come: the connection cannot be reused
            crate::observe::close_connection(&mut response);
        }
        if let Some(seconds) = retry_after {
            response.headers_mut().insert(
                actix_web::http::header::RETRY_AFTER,
                actix_web::http::header::HeaderValue::from(seconds),
            );
        }
        response
    }
}

/// What a 503 of an unreachable database tells a client to wait before trying again.
pub const UNAVAILABLE_RETRY_SECONDS: u64 = 2;

/// An error envelope with this status.
pub(crate) fn envelope_response(status: StatusCode, errors: Vec<ErrorItem>) -> HttpResponse {
    let body = serde_json::to_vec(&Envelope::failure(errors)).unwrap_or_default();
    HttpResponse::build(status)
        .content_type(ContentType::json())
        .body(body)
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Unavailable(_) => ApiError::Unavailable(error.into()),
            other => ApiError::internal(other),
        }
    }
}

impl From<TenantError> for ApiError {
    fn from(error: TenantError) -> Self {
        match error {
            TenantError::Invalid(violations) => ApiError::Invalid(vocabulary::items(&violations)),
            TenantError::InvalidLogin => ApiError::InvalidLogin,
            TenantError::UserNameTaken => ApiError::UserNameTaken,
            TenantError::TooManyAttempts { retry_after } => ApiError::TooManyAttempts(retry_after),
            TenantError::ContactCreationFailed(cause) => {
                stage_failure("CONTACT_CREATION_FAILED", cause)
            }
            TenantError::RegistrationFailed(cause) => {
                stage_failure("TENANT_REGISTERATION_FAILED", cause)
            }
            TenantError::NoRecords => ApiError::Refused {
                status: StatusCode::NOT_FOUND,
                code: "NO_RECORDS_FOUND",
                message: "the contact of this session no longer exists",
            },
            TenantError::TokenRevoked => {
                ApiError::InvalidToken("the session token was revoked; log in again")
            }
            TenantError::NoCredentials => ApiError::Refused {
                status: StatusCode::BAD_REQUEST,
                code: "INVALID_CONTACT_BOOK_DETAILS_INFO",
                message: "this contact has no login credentials",
            },
            TenantError::EmailTaken => ApiError::EmailTaken,
            TenantError::MismatchExistingPassword => ApiError::Refused {
                status: StatusCode::BAD_REQUEST,
                code: "MISMATCH_EXISTING_PASSWORD",
                message: "the existing password does not match",
            },
            TenantError::ChangePasswordFailed => ApiError::Refused {
                status: StatusCode::CONFLICT,
                code: "CHANGE_PASSWORD_FAILED",
                message: "the concurrency stamp is unknown, expired or already used; request a new one",
            },
            TenantError::StampCreateFailed(cause) => {
                stage_failure("CONCURRENCY_STAMP_CREATE_FAILED", cause)
            }
            TenantError::InvalidVerificationCode => ApiError::Refused {
                status: StatusCode::BAD_REQUEST,
                code: "INVALID_VERIFICATION_CODE",
                message: "the code is wrong, expired, already used or tried too often; request a new one",
            },
            TenantError::Code(cause) => ApiError::internal(cause),
            TenantError::InvalidPicture(refusal) => ApiError::InvalidParam(
                "INVALID_PARAM_FILES",
                match refusal {
                    PictureRefusal::TooManyPixels { limit, .. } => {
                        format!("the picture must have at most {limit} pixels (width × height)")
                    }
                    _ => "the file is not a JPEG, PNG or WebP picture".to_owned(),
                },
            ),
            TenantError::ImageUploadFailed(cause) => ApiError::Internal {
                code: "IMAGE_UPLOAD_FAILED",
                cause,
            },
            TenantError::Store(cause) => cause.into(),
            TenantError::Hash(HashError::Busy) => ApiError::Busy,
            TenantError::Hash(cause) => ApiError::internal(cause),
            TenantError::Token(cause) => ApiError::internal(cause),
        }
    }
}

/// A store failure during a named step keeps the step's documented code, unless the database
/// is simply unreachable, which is a 503 whatever the step.
fn stage_failure(code: &'static str, cause: StoreError) -> ApiError {
    match cause {
        StoreError::Unavailable(_) => ApiError::Unavailable(cause.into()),
        other => ApiError::Internal {
            code,
            cause: other.into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_overloaded_hasher_is_503_with_retry_after_and_no_server_fault() {
        let error = ApiError::from(TenantError::Hash(HashError::Busy));
        assert!(matches!(error, ApiError::Busy));
        let response = error.error_response();
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(
            response.headers().get(actix_web::http::header::RETRY_AFTER),
            Some(&actix_web::http::header::HeaderValue::from(1u64))
        );
        assert_eq!(error.items()[0].code, "SERVICE_UNAVAILABLE");
        let failed = ApiError::from(TenantError::Hash(HashError::Failed("x".into())));
        assert_eq!(failed.status_code(), StatusCode::INTERNAL_SERVER_ERROR);
    }

    #[test]
    fn a_server_fault_keeps_its_cause_for_the_log_and_shows_only_its_code() {
        let disk = std::io::Error::other("disk on fire");
        let error = ApiError::from(TenantError::ContactCreationFailed(StoreError::Failed(
            Box::new(disk),
        )));
        assert_eq!(
            Chain(&error).to_string(),
            "CONTACT_CREATION_FAILED: storage failure: disk on fire"
        );
        let items = error.items();
        assert_eq!(items[0].code, "CONTACT_CREATION_FAILED");
        assert!(!items[0].message.contains("disk"));
    }
}
