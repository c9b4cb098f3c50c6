//! The OpenAPI 3 description, generated from the handlers' annotations, and a reference page
//! rendered from it on the server: no script, no CDN, nothing fetched from elsewhere.

use std::fmt::Write as _;
use std::sync::OnceLock;

use actix_web::HttpResponse;
use actix_web::http::header::{self, HeaderValue};
use serde_json::Value;
use utoipa::openapi::OpenApi as Document;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::routes::{account, health, picture, proof, reference, tenant};

/// The whole API, as OpenAPI 3.1.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "StoRegister Tenant API",
        description = "The backend behind a self-storage company's tenant portal and website forms. \
            Every /v1 endpoint needs the company's X-API-Key; tenant endpoints also the session \
            token (X-Token) from login or registration. Every JSON response is the envelope \
            { data, succeeded, status, errors }; failures carry documented error codes.",
    ),
    paths(
        health::health,
        health::ready,
        crate::observe::metrics_text,
        account::login,
        account::register,
        proof::verify,
        proof::forgot_password,
        proof::reset_password,
        reference::countries,
        reference::regions,
        tenant::tenant_info,
        tenant::tenant_info_without_slash,
        tenant::get_profile,
        tenant::update_profile,
        picture::change_display_picture,
        tenant::request_password_change,
        tenant::change_password,
        tenant::logout,
        tenant::sessions,
        tenant::end_other_sessions,
        crate::routes::transactions::invoices,
        crate::routes::transactions::credit_notes,
        crate::routes::transactions::receipts,
        crate::routes::transactions::payment_vouchers,
        crate::routes::transactions::ledger,
        picture::serve_picture,
        openapi_json,
        reference_page,
    ),
    components(schemas(crate::envelope::ErrorEnvelope, crate::envelope::ErrorItem)),
    modifiers(&SecuritySchemes),
    tags(
        (name = "account", description = "Registration, login, and proof of an address with a mailed code"),
        (name = "tenant", description = "The tenant portal"),
        (name = "transactions", description = "The tenant's invoices, credit notes, receipts, payment vouchers and ledger, a page at a time"),
        (name = "reference", description = "Countries and regions for forms"),
        (name = "operations", description = "Health, readiness, metrics and this description"),
    )
)]
pub struct ApiDoc;

/// Adds the two header credentials.
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut Document) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-API-Key",
                "The company's API key, from storegister-admin api-key create (older name: api-key)",
            ))),
        );
        components.add_security_scheme(
            "token",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-Token",
                "The tenant's session token from login or registration (older name: token)",
            ))),
        );
    }
}

/// The description as JSON, made once.
pub fn document_json() -> &'static str {
    static JSON: OnceLock<String> = OnceLock::new();
    JSON.get_or_init(|| {
        let mut document = serde_json::to_value(ApiDoc::openapi()).unwrap_or(Value::Null);
        crate::contract::tighten(&mut document);
        serde_json::to_string(&document).unwrap_or_else(|_| "{}".to_owned())
    })
}

/// `GET /openapi.json`: the OpenAPI description (not wrapped in the envelope).
#[utoipa::path(get, path = "/openapi.json", tag = "operations", summary = "This API's OpenAPI 3.1 description",
    responses((status = 200, description = "The OpenAPI document", content_type = "application/json")))]
pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(document_json())
}

/// `GET /docs`: a human-readable reference, rendered from the description.
#[utoipa::path(get, path = "/docs", tag = "operations", summary = "This reference page",
    responses((status = 200, description = "An HTML page", content_type = "text/html")))]
pub async fn reference_page() -> HttpResponse {
    static PAGE: OnceLock<String> = OnceLock::new();
    let page =
        PAGE.get_or_init(|| render(&serde_json::from_str(document_json()).unwrap_or(Value::Null)));
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'"),
        ))
        .body(page.as_str())
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The last segment of a `$ref`, e.g. `AuthData`.
fn reference_name(schema: &Value) -> String {
    schema["$ref"]
        .as_str()
        .and_then(|r| r.rsplit('/').next())
        .unwrap_or("")
        .to_owned()
}

/// The page: every operation with its credentials, body and responses, then every schema.
fn render(doc: &Value) -> String {
    let text = |v: &Value| escape(v.as_str().unwrap_or(""));
    let mut html = String::new();
    let _ = write!(
        html,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <style>body{{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}}\
         code,pre{{font-family:ui-monospace,monospace;background:#f4f4f4;padding:.1rem .3rem}}\
         pre{{padding:.6rem;overflow:auto}}section{{border-top:1px solid #ddd;padding:.6rem 0}}\
         .m{{display:inline-block;min-width:3.5rem;font-weight:bold}}table{{border-collapse:collapse}}\
         td,th{{border:1px solid #ddd;padding:.2rem .5rem;text-align:left;vertical-align:top}}</style></head>\
         <body><h1>{title}</h1><p>{description}</p><p>Machine-readable: <a href=\"/openapi.json\">/openapi.json</a></p>",
        title = text(&doc["info"]["title"]),
        description = text(&doc["info"]["description"]),
    );
    html.push_str("<h2>Endpoints</h2>");
    let empty = serde_json::Map::new();
    for (path, item) in doc["paths"].as_object().unwrap_or(&empty) {
        for method in ["get", "post", "put", "delete", "patch"] {
            let operation = &item[method];
            if operation.is_null() {
                continue;
            }
            let _ = write!(
                html,
                "<section><h3><span class=\"m\">{}</span> <code>{}</code></h3><p><b>{}</b></p><p>{}</p>",
                method.to_uppercase(),
                escape(path),
                text(&operation["summary"]),
                text(&operation["description"]),
            );
            let headers: Vec<&str> = operation["security"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_object)
                .flat_map(|requirement| requirement.keys())
                .map(|name| match name.as_str() {
                    "api_key" => "X-API-Key",
                    "token" => "X-Token",
                    other => other,
                })
                .collect();
            if !headers.is_empty() {
                let _ = write!(
                    html,
                    "<p>Headers: <code>{}</code></p>",
                    headers.join("</code>, <code>")
                );
            }
            for (content_type, content) in operation["requestBody"]["content"]
                .as_object()
                .unwrap_or(&empty)
            {
                let schema = reference_name(&content["schema"]);
                let _ = write!(
                    html,
                    "<p>Body: <code>{}</code> <a href=\"#{schema}\">{schema}</a></p>",
                    escape(content_type)
                );
            }
            html.push_str("<table><tr><th>status</th><th>meaning and codes</th></tr>");
            for (status, response) in operation["responses"].as_object().unwrap_or(&empty) {
                let _ = write!(
                    html,
                    "<tr><td>{}</td><td>{}</td></tr>",
                    escape(status),
                    text(&response["description"])
                );
            }
            html.push_str("</table></section>");
        }
    }
    html.push_str("<h2>Schemas</h2>");
    for (name, schema) in doc["components"]["schemas"].as_object().unwrap_or(&empty) {
        let json = serde_json::to_string_pretty(schema).unwrap_or_default();
        let _ = write!(
            html,
            "<section id=\"{name}\"><h3>{name}</h3><pre>{}</pre></section>",
            escape(&json),
            name = escape(name)
        );
    }
    html.push_str("</body></html>");
    html
}
