//! `GET /v1/reference/countries` and `GET /v1/reference/countries/{id}/regions`: the data a
//! form's drop-downs need.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Serialize;
use storegister_contact_book::{Country, CountryId, Region};
use utoipa::ToSchema;

use super::respond;
use crate::error::ApiError;
use crate::state::AppState;

/// A country as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[serde(rename_all = "camelCase")]
pub struct CountryDto {
    id: i32,
    name: String,
    iso_code2: String,
    iso_code3: String,
    dialing_code: String,
}

impl From<Country> for CountryDto {
    fn from(c: Country) -> Self {
        Self {
            id: c.id.0,
            name: c.name,
            iso_code2: c.iso_code2,
            iso_code3: c.iso_code3,
            dialing_code: c.dialing_code,
        }
    }
}

/// A region as the reference endpoint shows it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[serde(rename_all = "camelCase")]
pub struct RegionDto {
    id: i32,
    name: String,
    code: String,
    country_id: i32,
}

impl From<Region> for RegionDto {
    fn from(r: Region) -> Self {
        Self {
            id: r.id.0,
            name: r.name,
            code: r.code,
            country_id: r.country_id.0,
        }
    }
}

/// `GET /v1/reference/countries`: every country, by name.
#[utoipa::path(
    get,
    path = "/v1/reference/countries",
    tag = "reference",
    summary = "Every country of ISO 3166-1",
    security(("api_key" = [])),
    responses(
        (status = 200, description = "Countries by name", body = crate::envelope::Envelope<Vec<CountryDto>>),
        (status = 401, description = "INVALID_API_KEY", body = crate::envelope::ErrorEnvelope),
        (status = 500, description = "SOMETHING_WENT_WRONG", body = crate::envelope::ErrorEnvelope),
        (status = 503, description = "SERVICE_UNAVAILABLE", body = crate::envelope::ErrorEnvelope)
    )
)]
pub async fn countries(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let countries = state.tenants.countries().await?;
    let countries: Vec<CountryDto> = countries.into_iter().map(CountryDto::from).collect();
    Ok(respond(StatusCode::OK, countries))
}

/// `GET /v1/reference/countries/{id}/regions`: the regions of a country, by name; 404 for an
/// unknown country.
#[utoipa::path(
    get,
    path = "/v1/reference/countries/{id}/regions",
    tag = "reference",
    summary = "The regions of a country",
    params(("id" = i32, Path, description = "The country's ISO 3166-1 numeric code")),
    security(("api_key" = [])),
    responses(
        (status = 200, description = "Regions by name", body = crate::envelope::Envelope<Vec<RegionDto>>),
        (status = 400, description = "INVALID_PARAM_COUNTRY", body = crate::envelope::ErrorEnvelope),
        (status = 401, description = "INVALID_API_KEY", body = crate::envelope::ErrorEnvelope),
        (status = 404, description = "NOT_FOUND", body = crate::envelope::ErrorEnvelope),
        (status = 500, description = "SOMETHING_WENT_WRONG", body = crate::envelope::ErrorEnvelope),
        (status = 503, description = "SERVICE_UNAVAILABLE", body = crate::envelope::ErrorEnvelope)
    )
)]
pub async fn regions(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id: i32 = id.trim().parse().map_err(|_| {
        ApiError::InvalidParam(
            "INVALID_PARAM_COUNTRY",
            "the country id must be an integer".into(),
        )
    })?;
    let regions = state
        .tenants
        .regions(CountryId(id))
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("country {id} does not exist")))?;
    let regions: Vec<RegionDto> = regions.into_iter().map(RegionDto::from).collect();
    Ok(respond(StatusCode::OK, regions))
}
