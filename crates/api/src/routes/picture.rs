//! `PUT /v1/tenant/profile/change-display-picture` and the public picture URL.

use std::cell::Cell;
use std::rc::Rc;

use actix_multipart::Multipart;
use actix_web::error::PayloadError;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use futures_util::StreamExt;

use super::respond;
use storegister_contact_book::StoredPicture;

use crate::error::ApiError;
use crate::extract::TenantSession;
use crate::extract::within_deadline;
use crate::state::AppState;

/// The form field the picture must come in.
pub const PICTURE_FIELD: &str = "profileImage";

/// Room for multipart boundaries, part headers and small extra fields around the picture: the
/// whole body, part headers included, is read to at most the picture limit plus this.
const ENVELOPE_BYTES: usize = 64 * 1024;

/// The most parts a picture upload may have (the picture and a few form fields).
const MAX_PARTS: usize = 8;

/// How long a browser or CDN may keep a picture: its URL changes with the picture, so for good.
const PICTURE_CACHE_CONTROL: &str = "private, max-age=31536000, immutable";

fn invalid_files(message: &'static str) -> ApiError {
    ApiError::Refused {
        status: StatusCode::BAD_REQUEST,
        code: "INVALID_PARAM_FILES",
        message,
    }
}

fn too_large(limit: usize) -> ApiError {
    ApiError::PayloadTooLarge(format!("the picture must be at most {limit} bytes"))
}

/// Reads the one `profileImage` file of a multipart body, refusing (413) as soon as more than
/// the limit has arrived: nothing larger is ever held in memory or written to disk.
async fn read_picture(
    req: &HttpRequest,
    payload: web::Payload,
    limit: usize,
) -> Result<Vec<u8>, ApiError> {
    let is_multipart = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim()
                .to_ascii_lowercase()
                .starts_with("multipart/form-data")
        });
    if !is_multipart {
        return Err(ApiError::UnsupportedMediaType(
            "the picture must be sent as multipart/form-data".into(),
        ));
    }
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<usize>().ok());
    if declared.is_some_and(|length| length > limit.saturating_add(ENVELOPE_BYTES)) {
        return Err(too_large(limit));
    }

    // every byte of the body counts, part headers too: a part header that never ends is
    // refused like a picture that never ends
    let overflowed = Rc::new(Cell::new(false));
    let mut read = 0usize;
    let cap = limit.saturating_add(ENVELOPE_BYTES);
    let flag = Rc::clone(&overflowed);
    let counted = payload.map(move |chunk| {
        let chunk = chunk?;
        read = read.saturating_add(chunk.len());
        if read > cap {
            flag.set(true);
            return Err(PayloadError::Overflow);
        }
        Ok(chunk)
    });
    let malformed = |overflowed: &Cell<bool>| {
        if overflowed.get() {
            too_large(limit)
        } else {
            invalid_files("the multipart body is malformed")
        }
    };
    let mut multipart = Multipart::new(req.headers(), counted);
    let mut picture: Option<Vec<u8>> = None;
    let mut other_bytes = 0usize;
    let mut parts = 0usize;
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(|_| malformed(&overflowed))?;
        parts += 1;
        if parts > MAX_PARTS {
            return Err(invalid_files("the body has too many parts"));
        }
        let is_picture = field.name() == Some(PICTURE_FIELD);
        if is_picture && picture.is_some() {
            return Err(invalid_files("send exactly one file in profileImage"));
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|_| malformed(&overflowed))?;
            if is_picture {
                if bytes.len() + chunk.len() > limit {
                    return Err(too_large(limit));
                }
                bytes.extend_from_slice(&chunk);
            } else {
                // other fields are ignored, but count towards what we are willing to read
                other_bytes += chunk.len();
                if other_bytes > ENVELOPE_BYTES {
                    return Err(too_large(limit));
                }
            }
        }
        if is_picture {
            picture = Some(bytes);
        }
    }
    let bytes =
        picture.ok_or_else(|| invalid_files("a file part named profileImage is required"))?;
    if bytes.is_empty() {
        return Err(invalid_files("the picture is empty"));
    }
    Ok(bytes)
}

/// The multipart form of a picture upload.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)] // describes the form; the handler streams the parts
pub struct PictureUpload {
    /// One JPEG, PNG or WebP file, at most 5 MiB by default.
    #[schema(value_type = String, format = Binary, rename = "profileImage")]
    profile_image: Vec<u8>,
}

/// `PUT /v1/tenant/profile/change-display-picture`: `data` is the new picture's id.
#[utoipa::path(
    put,
    path = "/v1/tenant/profile/change-display-picture",
    tag = "tenant",
    summary = "Replace the profile picture",
    description = "One file part named profileImage; JPEG, PNG or WebP recognised from the bytes, decoded (at most storage.max_picture_pixels pixels) and encoded again in its format: metadata is dropped and the picture turned upright. The previous picture is removed.",
    request_body(content = PictureUpload, content_type = "multipart/form-data"),
    security(("api_key" = [], "token" = [])),
    responses(
        (status = 200, description = "The new picture's id", body = crate::envelope::Envelope<String>),
        (status = 400, description = "INVALID_PARAM_FILES: no picture part, several, empty, not a JPEG, PNG or WebP picture, too many pixels, or too many parts", body = crate::envelope::ErrorEnvelope),
        (status = 401, description = "INVALID_API_KEY, INVALID_TOKEN, TOKEN_EXPIRED", body = crate::envelope::ErrorEnvelope),
        (status = 404, description = "NO_RECORDS_FOUND", body = crate::envelope::ErrorEnvelope),
        (status = 408, description = "REQUEST_TIMEOUT: the body did not arrive within server.body_read_timeout_seconds", body = crate::envelope::ErrorEnvelope),
        (status = 413, description = "PAYLOAD_TOO_LARGE", body = crate::envelope::ErrorEnvelope),
        (status = 415, description = "UNSUPPORTED_MEDIA_TYPE", body = crate::envelope::ErrorEnvelope),
        (status = 500, description = "IMAGE_UPLOAD_FAILED, SOMETHING_WENT_WRONG", body = crate::envelope::ErrorEnvelope),
        (status = 503, description = "SERVICE_UNAVAILABLE", body = crate::envelope::ErrorEnvelope)
    )
)]
pub async fn change_display_picture(
    req: HttpRequest,
    state: web::Data<AppState>,
    TenantSession(session): TenantSession,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let bytes = within_deadline(
        state.body_read_timeout,
        read_picture(&req, payload, state.max_picture_bytes),
    )
    .await?;
    let id = state.tenants.change_display_picture(session, bytes).await?;
    Ok(respond(StatusCode::OK, id.hyphenated().to_string()))
}

/// `GET /files/profile-images/{id}` (and `HEAD`): the picture, with no headers needed (it goes
/// in an `<img>` tag); its id is the only key. 404 once the picture was replaced.
#[utoipa::path(
    get,
    path = "/files/profile-images/{id}",
    tag = "tenant",
    summary = "A profile picture",
    description = "The URL in profileImageInfoPath.url; needs no headers. Served with its content type, X-Content-Type-Options: nosniff, an ETag and long-lived private caching (the URL changes with the picture); If-None-Match with the ETag answers 304. HEAD answers the headers alone.",
    params(
        ("id" = String, Path, description = "The picture's id"),
        ("If-None-Match" = Option<String>, Header, description = "The ETag of a copy the client has")
    ),
    responses(
        (status = 200, description = "The picture", content(
            (Vec<u8> = "image/jpeg"), (Vec<u8> = "image/png"), (Vec<u8> = "image/webp")
        ), headers(
            ("ETag" = String, description = "The picture's version: it never changes"),
            ("Cache-Control" = String, description = "private, max-age=31536000, immutable")
        )),
        (status = 304, description = "Not modified: the client's copy (If-None-Match) is this picture"),
        (status = 404, description = "NOT_FOUND", body = crate::envelope::ErrorEnvelope),
        (status = 500, description = "SOMETHING_WENT_WRONG", body = crate::envelope::ErrorEnvelope),
        (status = 503, description = "SERVICE_UNAVAILABLE", body = crate::envelope::ErrorEnvelope)
    )
)]
pub async fn serve_picture(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let not_found = || ApiError::NotFound("no picture at this address".into());
    let id = uuid::Uuid::parse_str(&id).map_err(|_| not_found())?;
    // a picture never changes under its id: its id is its version
    let etag = format!("\"{}\"", id.simple());
    let cached = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| {
            tags.split(',')
                .map(|t| t.trim().trim_start_matches("W/"))
                .any(|t| t == etag || t == "*")
        });
    // a client that holds this picture needs to hear only that it still exists
    let picture = if cached {
        if !state.tenants.picture_exists(id).await? {
            return Err(not_found());
        }
        None
    } else {
        Some(
            state
                .tenants
                .profile_picture(id)
                .await?
                .ok_or_else(not_found)?,
        )
    };
    let mut response = if cached {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    response
        .insert_header((header::ETAG, etag))
        .insert_header((
            header::CACHE_CONTROL,
            HeaderValue::from_static(PICTURE_CACHE_CONTROL),
        ))
        .insert_header((
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; sandbox"),
        ));
    let Some(picture) = picture else {
        return Ok(response.finish());
    };
    response.insert_header((header::CONTENT_TYPE, picture.content_type.as_str()));
    Ok(response.body(web::Bytes::from_owner(Shared(picture))))
}

/// A picture's bytes shared with the cache that holds them: sent without a copy.
struct Shared(std::sync::Arc<StoredPicture>);

impl AsRef<[u8]> for Shared {
    fn as_ref(&self) -> &[u8] {
        &self.0.bytes
    }
}
