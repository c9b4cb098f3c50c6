//! `PUT /v1/tenant/profile/change-display-picture` and the public picture URL.

use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use futures_util::StreamExt;
use storegister_app::NewPicture;
use storegister_contact_book::detect_image_type;

use super::respond;
use crate::error::ApiError;
use crate::extract::TenantSession;
use crate::state::AppState;

/// The form field the picture must come in.
pub const PICTURE_FIELD: &str = "profileImage";

/// Room for multipart boundaries, headers and small extra fields around the picture.
const ENVELOPE_BYTES: usize = 64 * 1024;

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

    let mut multipart = Multipart::new(req.headers(), payload);
    let mut picture: Option<Vec<u8>> = None;
    let mut other_bytes = 0usize;
    while let Some(field) = multipart.next().await {
        let mut field = field.map_err(|_| invalid_files("the multipart body is malformed"))?;
        let is_picture = field.name() == Some(PICTURE_FIELD);
        if is_picture && picture.is_some() {
            return Err(invalid_files("send exactly one file in profileImage"));
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|_| invalid_files("the multipart body is malformed"))?;
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
    description = "One file part named profileImage; JPEG, PNG or WebP recognised from the bytes. The previous picture is removed.",
    request_body(content = PictureUpload, content_type = "multipart/form-data"),
    security(("api_key" = [], "token" = [])),
    responses(
        (status = 200, description = "The new picture's id", body = crate::envelope::Envelope<String>),
        (status = 400, description = "INVALID_PARAM_FILES", body = crate::envelope::ErrorEnvelope),
        (status = 401, description = "INVALID_API_KEY, INVALID_TOKEN, TOKEN_EXPIRED", body = crate::envelope::ErrorEnvelope),
        (status = 404, description = "NO_RECORDS_FOUND", body = crate::envelope::ErrorEnvelope),
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
    let bytes = read_picture(&req, payload, state.max_picture_bytes).await?;
    let content_type = detect_image_type(&bytes)
        .ok_or_else(|| invalid_files("the file is not a JPEG, PNG or WebP picture"))?;
    let picture = NewPicture {
        bytes,
        content_type,
    };
    let id = state
        .tenants
        .change_display_picture(session, picture)
        .await?;
    Ok(respond(StatusCode::OK, id.hyphenated().to_string()))
}

/// `GET /files/profile-images/{id}`: the picture, with no headers needed (it goes in an
/// `<img>` tag); its id is the only key. 404 once the picture was replaced.
#[utoipa::path(
    get,
    path = "/files/profile-images/{id}",
    tag = "tenant",
    summary = "A profile picture",
    description = "The URL in profileImageInfoPath.url; needs no headers. Served with the detected content type and X-Content-Type-Options: nosniff.",
    params(("id" = String, Path, description = "The picture's id")),
    responses(
        (status = 200, description = "The picture", content(
            (Vec<u8> = "image/jpeg"), (Vec<u8> = "image/png"), (Vec<u8> = "image/webp")
        )),
        (status = 404, description = "NOT_FOUND", body = crate::envelope::ErrorEnvelope),
        (status = 500, description = "IMAGE_UPLOAD_FAILED, SOMETHING_WENT_WRONG", body = crate::envelope::ErrorEnvelope),
        (status = 503, description = "SERVICE_UNAVAILABLE", body = crate::envelope::ErrorEnvelope)
    )
)]
pub async fn serve_picture(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let not_found = || ApiError::NotFound("no picture at this address".into());
    let id = uuid::Uuid::parse_str(&id).map_err(|_| not_found())?;
    let (image, bytes) = state
        .tenants
        .profile_picture(id)
        .await?
        .ok_or_else(not_found)?;
    let mut response = HttpResponse::Ok();
    response
        .insert_header((header::CONTENT_TYPE, image.content_type))
        .insert_header((
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; sandbox"),
        ))
        .insert_header((
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, max-age=300"),
        ));
    Ok(response.body(bytes))
}
