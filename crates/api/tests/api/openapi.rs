//! The OpenAPI description is true: every route is in it, and every response the API tests
//! receive validates against the schema it documents for that status.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use actix_web::http::{Method, StatusCode};
use actix_web::test::TestRequest;
use serde_json::{Value, json};
use storegister_api::openapi::document_json;
use storegister_api::startup::endpoints;
use storegister_test_support::{TestDb, api_tests};

use crate::helpers::TestApp;

fn spec() -> &'static Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| serde_json::from_str(document_json()).expect("the description is JSON"))
}

/// The documented path a request path matches: literal segments equal, `{…}` segments any.
fn template_of(path: &str) -> Option<String> {
    let segments: Vec<&str> = path.split('/').collect();
    let paths = spec()["paths"].as_object()?;
    paths
        .keys()
        .find(|template| template.as_str() == path)
        .or_else(|| {
            paths.keys().find(|template| {
                let parts: Vec<&str> = template.split('/').collect();
                parts.len() == segments.len()
                    && parts
                        .iter()
                        .zip(&segments)
                        .all(|(part, segment)| part.starts_with('{') || part == segment)
            })
        })
        .cloned()
}

fn validate_against(schema: &Value, body: &Value, context: &str) {
    let mut document = schema.clone();
    if let Some(object) = document.as_object_mut() {
        object.insert("components".into(), spec()["components"].clone());
    }
    let validator = jsonschema::validator_for(&document)
        .unwrap_or_else(|e| panic!("{context}: the documented schema does not compile: {e}"));
    let errors: Vec<String> = validator
        .iter_errors(body)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{context}: the response does not match its documented schema: {errors:?}\n{body}"
    );
}

/// Checks a JSON response against the description; panics if its status is undocumented or
/// its body does not match the documented schema.
pub fn check(method: &Method, path: &str, status: StatusCode, body: &Value) {
    let error_schema = json!({ "$ref": "#/components/schemas/ErrorEnvelope" });
    let Some(template) = template_of(path) else {
        // unknown routes answer 404 with the error envelope
        validate_against(&error_schema, body, &format!("{method} {path}"));
        return;
    };
    let operation = &spec()["paths"][&template][method.as_str().to_lowercase()];
    if operation.is_null() {
        assert_eq!(
            status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {template} is not documented"
        );
        validate_against(&error_schema, body, &format!("{method} {path}"));
        return;
    }
    let context = format!("{method} {template} → {status}");
    let response = &operation["responses"][status.as_str()];
    assert!(!response.is_null(), "{context}: status not documented");
    let schema = &response["content"]["application/json"]["schema"];
    if !schema.is_null() {
        validate_against(schema, body, &context);
    }
}

#[test]
fn every_route_is_described_and_every_description_is_a_route() {
    let routes: BTreeSet<(String, String)> = endpoints()
        .iter()
        .map(|e| (e.method.as_str().to_lowercase(), e.path.to_owned()))
        .collect();
    let mut described = BTreeSet::new();
    for (path, item) in spec()["paths"].as_object().unwrap() {
        for method in ["get", "post", "put", "delete", "patch", "head", "options"] {
            if !item[method].is_null() {
                described.insert((method.to_owned(), path.clone()));
            }
        }
    }
    assert_eq!(routes, described);
}

#[test]
fn every_operation_documents_its_errors_and_credentials() {
    for (path, item) in spec()["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let responses = operation["responses"].as_object().unwrap();
            assert!(
                responses.keys().any(|s| s.starts_with('2')),
                "{method} {path}: no success"
            );
            if path.starts_with("/v1/") {
                assert!(responses.contains_key("401"), "{method} {path}: no 401");
                let security = operation["security"].to_string();
                assert!(
                    security.contains("api_key"),
                    "{method} {path}: no X-API-Key"
                );
                if path.starts_with("/v1/tenant") {
                    assert!(security.contains("token"), "{method} {path}: no X-Token");
                }
            }
        }
    }
    let schemes = &spec()["components"]["securitySchemes"];
    assert_eq!(schemes["api_key"]["name"], "X-API-Key");
    assert_eq!(schemes["token"]["name"], "X-Token");
}

/// The schema a `$ref` names.
fn component(reference: &str) -> &'static Value {
    let name = reference.trim_start_matches("#/components/schemas/");
    &spec()["components"]["schemas"][name]
}

/// Every property of a schema, through `$ref`, `allOf` and `oneOf`: (schema path, name, schema).
fn properties(schema: &'static Value, at: &str, into: &mut Vec<(String, String, &'static Value)>) {
    if let Some(reference) = schema["$ref"].as_str() {
        return properties(component(reference), reference, into);
    }
    for key in ["allOf", "oneOf"] {
        for part in schema[key].as_array().into_iter().flatten() {
            properties(part, at, into);
        }
    }
    for (name, property) in schema["properties"].as_object().into_iter().flatten() {
        into.push((at.to_owned(), name.clone(), property));
    }
}

/// A generator or fuzzer working from the document knows every request field's limits: each
/// has a pattern, a format, an enum, bounds, or is a boolean or an object of its own; no field
/// has a `default` of `null`.
#[test]
fn every_request_field_states_its_limits() {
    let mut fields = Vec::new();
    for (path, item) in spec()["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            for (media, content) in operation["requestBody"]["content"]
                .as_object()
                .into_iter()
                .flatten()
            {
                let context = format!("{method} {path} {media}");
                properties(&content["schema"], &context, &mut fields);
            }
        }
    }
    assert!(fields.len() > 20, "{}", fields.len());
    for (at, name, property) in fields {
        let stated = [
            "pattern", "format", "enum", "const", "minimum", "oneOf", "$ref",
        ]
        .iter()
        .any(|key| !property[*key].is_null())
            || property["type"] == "boolean";
        assert!(stated, "{at}: {name} states no limit: {property}");
        assert!(
            property.get("default").is_none(),
            "{at}: {name} has a default"
        );
    }
    let text = spec().to_string();
    assert!(!text.contains(r#""default":null"#));
}

/// The document's own examples are valid by its schemas (a tool sending them sends valid
/// requests), and the envelopes pin what never changes.
#[test]
fn examples_are_valid_and_envelopes_pinned() {
    for name in [
        "LeadRegistration",
        "TenantRegistration",
        "ProfileRequest",
        "LoginRequest",
    ] {
        let schema = json!({ "$ref": format!("#/components/schemas/{name}") });
        let example = &spec()["components"]["schemas"][name]["example"];
        assert!(!example.is_null(), "{name} has no example");
        validate_against(&schema, example, name);
        if name.ends_with("Registration") {
            validate_against(
                &json!({ "$ref": "#/components/schemas/RegisterRequest" }),
                example,
                name,
            );
        }
    }
    let envelope = &spec()["components"]["schemas"]["Envelope_ProfileDto"];
    assert_eq!(envelope["properties"]["succeeded"]["const"], true);
    assert_eq!(envelope["properties"]["status"]["const"], "SUCCESS");
    assert_eq!(
        envelope["properties"]["data"]["$ref"],
        "#/components/schemas/ProfileDto"
    );
    assert_eq!(
        envelope["required"],
        json!(["data", "succeeded", "status", "errors"])
    );
    let picture =
        &spec()["paths"]["/files/profile-images/{id}"]["get"]["responses"]["200"]["content"];
    assert_eq!(
        picture["image/png"]["schema"],
        json!({ "type": "string", "format": "binary" })
    );
}

async fn the_description_and_the_reference_page_are_served(db: TestDb) {
    let app = TestApp::new(db).await;
    let (status, content_type, body) = app.raw(TestRequest::get().uri("/openapi.json")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("application/json"));
    let served: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(&served, spec());
    assert!(served["openapi"].as_str().unwrap().starts_with("3."));

    let (status, content_type, body) = app.raw(TestRequest::get().uri("/docs")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(content_type.starts_with("text/html"));
    let page = String::from_utf8(body).unwrap();
    for endpoint in endpoints() {
        assert!(
            page.contains(endpoint.path),
            "{} missing from /docs",
            endpoint.path
        );
    }
    assert!(page.contains("INVALID_PARAM_FIRSTNAME") && page.contains("CHANGE_PASSWORD_FAILED"));
    // nothing is loaded from elsewhere: the page works without internet access
    assert!(!page.contains("<script"));
    assert!(!page.contains("src=\"http") && !page.contains("href=\"http"));
}

api_tests!(the_description_and_the_reference_page_are_served);

#[test]
fn the_checker_refuses_a_response_that_drifted() {
    let drifted = [
        json!({ "data": { "token": "x" }, "succeeded": true, "status": "SUCCESS", "errors": null }),
        json!({ "data": { "authContactBookInfo": {}, "token": "x" }, "succeeded": true, "status": "SUCCESS", "errors": null }),
        json!({ "data": null, "succeeded": false, "status": "ERROR", "errors": [] }),
    ];
    let statuses = [StatusCode::OK, StatusCode::OK, StatusCode::UNAUTHORIZED];
    for (body, status) in drifted.iter().zip(statuses) {
        let caught = std::panic::catch_unwind(|| check(&Method::POST, "/v1/login", status, body));
        assert!(caught.is_err(), "{body} passed");
    }
    let undocumented = std::panic::catch_unwind(|| {
        check(
            &Method::POST,
            "/v1/login",
            StatusCode::IM_A_TEAPOT,
            &json!({}),
        )
    });
    assert!(undocumented.is_err());
}
