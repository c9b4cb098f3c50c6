//! What the OpenAPI description states beyond what utoipa derives from the types: the limits
//! of every request field (as patterns that accept exactly what the server accepts, trimming
//! included), the two shapes of a registration, pinned envelope constants, payloads referenced
//! from one envelope schema each, required and nullable response fields, enums and formats.
//!
//! Applied once to the generated document ([`tighten`]); the API tests validate every
//! response they receive against the result, and a test checks that every request field has
//! its constraints here, so the document cannot drift from the server quietly.

use serde_json::{Map, Value, json};

/// White space as Rust's `str::trim` removes it (Unicode `White_Space`), for a character class.
const WHITE: &str = r"\t\n\x0B\f\r \x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000";

/// What text fields refuse: control characters, zero-width and bidirectional marks.
const REFUSED: &str =
    r"\x00-\x1F\x7F-\x9F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF";

/// A text field of `min..=max` characters (`min >= 2`) once trimmed, without refused
/// characters; `optional`: also absent, `null` or blank.
fn text(min: usize, max: usize, optional: bool, description: &str) -> Value {
    let edge = format!("[^{WHITE}{REFUSED}]");
    let inner = format!("[^{REFUSED}]{{{},{}}}", min - 2, max - 2);
    let value = format!("[{WHITE}]*{edge}{inner}{edge}[{WHITE}]*");
    let pattern = if optional {
        format!("^(?:[{WHITE}]*|{value})$")
    } else {
        format!("^{value}$")
    };
    let mut schema = json!({
        "type": if optional { json!(["string", "null"]) } else { json!("string") },
        "pattern": pattern,
        "description": description,
    });
    if !optional {
        schema["minLength"] = json!(min);
    }
    schema
}

/// An e-mail address of at most 100 characters.
fn email(description: &str) -> Value {
    json!({ "type": "string", "format": "email", "maxLength": 100, "description": description })
}

/// A password of 8 to 72 bytes without control characters (the policy's other rules, not built
/// from the user name and not a common password, are stated in the description).
fn new_password(description: &str) -> Value {
    json!({
        "type": "string",
        "minLength": 8,
        "maxLength": 72,
        "pattern": r"^[^\x00-\x1F\x7F-\x9F]*$",
        "format": "password",
        "description": description,
    })
}

/// A password as typed, to be checked: any non-blank text.
fn password(description: &str, optional: bool) -> Value {
    json!({
        "type": if optional { json!(["string", "null"]) } else { json!("string") },
        "minLength": 1,
        "pattern": r"\S",
        "format": "password",
        "description": description,
    })
}

/// A reference id: 0 (none) or a positive 32-bit integer; `null` or absent is none.
fn reference(description: &str) -> Value {
    json!({
        "type": ["integer", "null"],
        "format": "int32",
        "minimum": 0,
        "maximum": 2_147_483_647,
        "description": description,
    })
}

/// The constraints of every request field, by component schema and property.
fn request_fields() -> Vec<(&'static str, &'static str, Value)> {
    let phone = json!({
        "type": "string",
        "minLength": 3,
        "pattern": format!(
            "^[{WHITE}]*(?=(?:[^0-9]*[0-9]){{3}})(?:\\+|[0-9().-])(?:[0-9 ().-]{{0,13}}[0-9().-])?[{WHITE}]*$"
        ),
        "description": "Required; at most 15 characters once trimmed: digits, spaces and ( ) . -, \
                        a + only in front, at least 3 digits.",
    });
    let code = json!({
        "type": "string",
        "pattern": "^\\s*(?:[0-9]\\s*){8}$",
        "description": "The 8 digits of the mailed code, as text (spaces are ignored).",
        "example": "04718255",
    });
    vec![
        (
            "LoginRequest",
            "userName",
            email("The e-mail address registered as user name."),
        ),
        ("LoginRequest", "password", password("The password.", false)),
        (
            "ContactRequest",
            "firstName",
            text(2, 60, false, "Required, 2–60 characters."),
        ),
        (
            "ContactRequest",
            "lastName",
            text(2, 60, false, "Required, 2–60 characters."),
        ),
        ("ContactRequest", "phoneNumber", phone),
        (
            "ContactRequest",
            "emailId",
            email("Required e-mail address, at most 100 characters; alias `email`."),
        ),
        (
            "AddressRequest",
            "address",
            text(2, 250, true, "Street and number, 2–250 characters."),
        ),
        (
            "AddressRequest",
            "city",
            text(2, 60, true, "City, 2–60 characters."),
        ),
        (
            "AddressRequest",
            "region",
            reference("Region id; 0 or absent is none. Must exist and belong to the country."),
        ),
        (
            "AddressRequest",
            "countryId",
            reference(
                "Country id (ISO 3166-1 numeric, see /v1/reference/countries); 0 or absent is none; alias `country`.",
            ),
        ),
        (
            "AddressRequest",
            "zipCode",
            text(
                4,
                15,
                true,
                "Postal code, 4–15 characters; alias `postalCode`.",
            ),
        ),
        (
            "ChangePasswordRequest",
            "existingPassword",
            password("The current password.", false),
        ),
        (
            "ChangePasswordRequest",
            "newPassword",
            new_password(
                "8–72 bytes, no control characters, not the current password, not built from the user name, not a common password.",
            ),
        ),
        (
            "ChangePasswordRequest",
            "concurrencyStamp",
            json!({ "type": "string", "format": "uuid", "description": "The stamp from GET /v1/tenant/profile/change-password/request." }),
        ),
        (
            "ForgotPasswordRequest",
            "userName",
            email("The login's e-mail address."),
        ),
        (
            "ResetPasswordRequest",
            "userName",
            email("The login's e-mail address."),
        ),
        ("ResetPasswordRequest", "code", code.clone()),
        (
            "ResetPasswordRequest",
            "newPassword",
            new_password(
                "8–72 bytes, no control characters, not built from the user name, not a common password.",
            ),
        ),
        (
            "VerifyRequest",
            "userName",
            email("The address the code was mailed to."),
        ),
        ("VerifyRequest", "code", code),
        (
            "VerifyRequest",
            "password",
            json!({
                "type": ["string", "null"],
                "format": "password",
                "description": "The password of the new login: needed (8–72 bytes, the password policy) when the code completes a registration; ignored when it confirms an address.",
            }),
        ),
    ]
}

/// Which request properties are required, by component schema.
fn required_requests() -> Vec<(&'static str, Vec<&'static str>)> {
    vec![
        ("LoginRequest", vec!["userName", "password"]),
        (
            "ContactRequest",
            vec!["firstName", "lastName", "phoneNumber", "emailId"],
        ),
        ("AddressRequest", vec![]),
        (
            "ChangePasswordRequest",
            vec!["existingPassword", "newPassword", "concurrencyStamp"],
        ),
        ("ForgotPasswordRequest", vec!["userName"]),
        (
            "ResetPasswordRequest",
            vec!["userName", "code", "newPassword"],
        ),
        ("VerifyRequest", vec!["userName", "code"]),
        ("PictureUpload", vec!["profileImage"]),
    ]
}

/// Response properties that are left out rather than `null` when they have no value.
const OMITTED_WHEN_EMPTY: [(&str, &str); 2] = [("AuthData", "token"), ("ErrorItem", "field")];

/// Enums and formats of response fields, by component schema and property.
fn response_fields() -> Vec<(&'static str, &'static str, Value)> {
    let uuid = || json!({ "type": "string", "format": "uuid" });
    let date = || json!({ "type": "string", "format": "date" });
    let nullable_date = || json!({ "type": ["string", "null"], "format": "date" });
    let time = || json!({ "type": "string", "format": "date-time" });
    vec![
        ("ContactBookDto", "id", uuid()),
        (
            "ContactBookDto",
            "email",
            json!({ "type": "string", "format": "email" }),
        ),
        (
            "AuthContactBookInfo",
            "email",
            json!({ "type": "string", "format": "email" }),
        ),
        ("ContractDto", "id", uuid()),
        (
            "ContractDto",
            "status",
            json!({ "type": "string", "enum": ["ACTIVE", "ENDED", "TERMINATING"] }),
        ),
        ("ContractDto", "startDate", date()),
        ("ContractDto", "endDate", nullable_date()),
        (
            "ContractDto",
            "paymentPeriod",
            json!({ "type": "string", "enum": ["MONTHLY", "QUARTERLY", "YEARLY"] }),
        ),
        ("PropertyRef", "id", uuid()),
        ("UnitRef", "id", uuid()),
        (
            "UnitRef",
            "sizeUnit",
            json!({ "type": "string", "enum": ["m2", "m3"] }),
        ),
        ("InvoiceDto", "id", uuid()),
        ("InvoiceDto", "transactDate", date()),
        ("InvoiceDto", "dueDate", date()),
        (
            "InvoiceDto",
            "transactionType",
            json!({ "type": "string", "enum": ["RENTAL", "CUSTOM", "LATE_FEE", "DEPOSIT"] }),
        ),
        (
            "InvoiceDto",
            "contractId",
            json!({ "type": ["string", "null"], "format": "uuid" }),
        ),
        ("InsightsDto", "nextDueDate", nullable_date()),
        (
            "MoneyDto",
            "currency",
            json!({ "type": "string", "pattern": "^[A-Z]{3}$" }),
        ),
        (
            "ImageInfo",
            "url",
            json!({ "type": "string", "format": "uri" }),
        ),
        (
            "ImageInfo",
            "contentType",
            json!({ "type": "string", "enum": ["image/jpeg", "image/png", "image/webp"] }),
        ),
        ("ImageInfo", "updatedAt", time()),
        ("SessionDto", "createdAt", time()),
        ("SessionDto", "lastUsedAt", time()),
        (
            "CountryDto",
            "isoCode2",
            json!({ "type": "string", "pattern": "^[A-Z]{2}$" }),
        ),
        (
            "CountryDto",
            "isoCode3",
            json!({ "type": "string", "pattern": "^[A-Z]{3}$" }),
        ),
        (
            "InvoiceLineDto",
            "transactionType",
            json!({ "type": "string", "enum": ["RENTAL", "CUSTOM", "LATE_FEE", "DEPOSIT"] }),
        ),
        (
            "InvoiceLineDto",
            "status",
            json!({ "type": "string", "enum": ["UNPAID", "PARTIALLY_PAID", "PAID", "CANCELLED"] }),
        ),
        (
            "CreditNoteDto",
            "transactionType",
            json!({ "type": "string", "const": "CREDIT_NOTE" }),
        ),
        (
            "ReceiptDto",
            "transactionType",
            json!({ "type": "string", "const": "RECEIPT" }),
        ),
        (
            "PaymentVoucherDto",
            "transactionType",
            json!({ "type": "string", "const": "PAYMENT" }),
        ),
        (
            "EntryTypeDto",
            "code",
            json!({ "type": "string", "enum": ["RENTAL", "CUSTOM", "LATE_FEE", "DEPOSIT", "CREDIT_NOTE", "RECEIPT", "PAYMENT", "REVERSAL", "CANCELLATION"] }),
        ),
        (
            "Health",
            "status",
            json!({ "type": "string", "enum": ["UP"] }),
        ),
        (
            "Ready",
            "status",
            json!({ "type": "string", "enum": ["READY"] }),
        ),
        (
            "Ready",
            "database",
            json!({ "type": "string", "enum": ["sqlite", "postgres"] }),
        ),
    ]
}

/// Applies everything above to the generated document.
pub fn tighten(document: &mut Value) {
    binary_downloads(document);
    let Some(schemas) = document
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    strip_null_defaults(schemas);
    for (schema, property, constraints) in request_fields().into_iter().chain(response_fields()) {
        if let Some(target) = property_mut(schemas, schema, property) {
            merge(target, constraints);
        }
    }
    for (schema, required) in required_requests() {
        if let Some(object) = own_object_mut(schemas, schema) {
            if required.is_empty() {
                object.remove("required");
            } else {
                object.insert("required".into(), json!(required));
            }
        }
    }
    require_response_fields(schemas);
    registration_shapes(schemas);
    pin_envelopes(schemas);
    examples(schemas);
}

/// A picture download is bytes, not JSON: described so that generators read it as a blob.
fn binary_downloads(document: &mut Value) {
    let Some(content) = document
        .pointer_mut("/paths/~1files~1profile-images~1{id}/get/responses/200/content")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    for media in content.values_mut() {
        media["schema"] = json!({ "type": "string", "format": "binary" });
    }
}

/// `default: null` means nothing for an optional field and misleads generators: gone.
fn strip_null_defaults(value: &mut Map<String, Value>) {
    value.retain(|key, v| !(key == "default" && (v.is_null() || v.is_object())));
    for child in value.values_mut() {
        match child {
            Value::Object(object) => strip_null_defaults(object),
            Value::Array(items) => {
                for item in items {
                    if let Value::Object(object) = item {
                        strip_null_defaults(object);
                    }
                }
            }
            _ => {}
        }
    }
}

/// The object schema holding a component's own properties (its last `allOf` part, if any).
fn own_object_mut<'a>(
    schemas: &'a mut Map<String, Value>,
    schema: &str,
) -> Option<&'a mut Map<String, Value>> {
    let component = schemas.get_mut(schema)?;
    let own = match component.get("allOf") {
        Some(Value::Array(parts)) => {
            let last = parts.len().checked_sub(1)?;
            component.pointer_mut(&format!("/allOf/{last}"))?
        }
        _ => component,
    };
    own.as_object_mut()
}

fn property_mut<'a>(
    schemas: &'a mut Map<String, Value>,
    schema: &str,
    property: &str,
) -> Option<&'a mut Value> {
    own_object_mut(schemas, schema)?
        .get_mut("properties")?
        .get_mut(property)
}

/// Replaces the property's type information with `constraints`, keeping its description when
/// the constraints bring none.
fn merge(target: &mut Value, constraints: Value) {
    let description = target.get("description").cloned();
    *target = constraints;
    if target.get("description").is_none()
        && let (Some(description), Some(object)) = (description, target.as_object_mut())
    {
        object.insert("description".into(), description);
    }
}

/// Every property of a response schema (one that allows no other properties) is sent, `null`
/// when it has no value, except the few left out instead.
fn require_response_fields(schemas: &mut Map<String, Value>) {
    for (name, schema) in schemas.iter_mut() {
        if schema.get("additionalProperties") != Some(&Value::Bool(false)) {
            continue;
        }
        let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
            continue;
        };
        let required: Vec<Value> = properties
            .keys()
            .filter(|p| !OMITTED_WHEN_EMPTY.contains(&(name.as_str(), p.as_str())))
            .map(|p| json!(p))
            .collect();
        schema["required"] = Value::Array(required);
    }
}

/// A registration is a lead (contact details only) or a tenant (with credentials): two shapes
/// a generated client can tell apart.
fn registration_shapes(schemas: &mut Map<String, Value>) {
    let property_info = own_object_mut(schemas, "RegisterRequest")
        .and_then(|own| own.get("properties")?.get("propertyInfoId").cloned())
        .unwrap_or(json!({ "type": ["string", "null"], "format": "uuid" }));
    schemas.insert(
        "LeadRegistration".into(),
        json!({
            "description": "A website enquiry: a contact without login credentials (a lead).",
            "allOf": [
                { "$ref": "#/components/schemas/ContactRequest" },
                {
                    "type": "object",
                    "properties": {
                        "canCreateLoginCredentials": {
                            "type": ["boolean", "null"],
                            "enum": [false, null],
                            "description": "false, null or absent: a lead."
                        },
                        "propertyInfoId": property_info,
                    }
                }
            ]
        }),
    );
    schemas.insert(
        "TenantRegistration".into(),
        json!({
            "description": "A tenant with login credentials; `userName` must be the `emailId` address.",
            "allOf": [
                { "$ref": "#/components/schemas/ContactRequest" },
                {
                    "type": "object",
                    "required": ["canCreateLoginCredentials", "userName", "password"],
                    "properties": {
                        "canCreateLoginCredentials": {
                            "type": "boolean",
                            "enum": [true],
                            "description": "true: a tenant with login credentials."
                        },
                        "userName": email("The login: the same address as `emailId`."),
                        "password": new_password("8–72 bytes, no control characters, not built from the user name, not a common password."),
                        "propertyInfoId": property_info,
                    }
                }
            ]
        }),
    );
    schemas.insert(
        "RegisterRequest".into(),
        json!({
            "description": "The body of POST /v1/register: a lead or a tenant. The documentation example's spellings are accepted as aliases: `email` for `emailId`, `postalCode` for `zipCode`, `country` for `countryId`.",
            "oneOf": [
                { "$ref": "#/components/schemas/LeadRegistration" },
                { "$ref": "#/components/schemas/TenantRegistration" }
            ]
        }),
    );
}

/// The envelopes: `succeeded` and `status` pinned, `errors` null on success, `data` required
/// and a reference to the one schema of its payload.
fn pin_envelopes(schemas: &mut Map<String, Value>) {
    let envelopes: Vec<String> = schemas
        .keys()
        .filter(|name| name.starts_with("Envelope_"))
        .cloned()
        .collect();
    for name in envelopes {
        let payload = &name["Envelope_".len()..];
        let data = match payload {
            "String" => json!({ "type": "string" }),
            "u64" => json!({ "type": "integer", "minimum": 0 }),
            list if list.starts_with("Vec_") => {
                json!({ "type": "array", "items": { "$ref": format!("#/components/schemas/{}", &list[4..]) } })
            }
            other => json!({ "$ref": format!("#/components/schemas/{other}") }),
        };
        schemas.insert(
            name.clone(),
            json!({
                "type": "object",
                "description": format!("A success carrying {payload}: keys in this order."),
                "required": ["data", "succeeded", "status", "errors"],
                "properties": {
                    "data": data,
                    "succeeded": { "type": "boolean", "const": true },
                    "status": { "type": "string", "const": "SUCCESS" },
                    "errors": { "type": "null" }
                },
                "additionalProperties": false
            }),
        );
    }
    let paged: Vec<String> = schemas
        .keys()
        .filter(|name| name.starts_with("PagedEnvelope_Vec_"))
        .cloned()
        .collect();
    for name in paged {
        let item = &name["PagedEnvelope_Vec_".len()..];
        schemas.insert(
            name.clone(),
            json!({
                "type": "object",
                "description": format!("A page of {item} items: the success envelope with pagination after errors."),
                "required": ["data", "succeeded", "status", "errors", "pagination"],
                "properties": {
                    "data": { "type": "array", "items": { "$ref": format!("#/components/schemas/{item}") } },
                    "succeeded": { "type": "boolean", "const": true },
                    "status": { "type": "string", "const": "SUCCESS" },
                    "errors": { "type": "null" },
                    "pagination": { "$ref": "#/components/schemas/Pagination" }
                },
                "additionalProperties": false
            }),
        );
    }
    schemas.insert(
        "NoDataEnvelope".into(),
        json!({
            "type": "object",
            "description": "A success without data; status VERIFICATION_REQUIRED when the outcome waits on a code mailed to the address.",
            "required": ["data", "succeeded", "status", "errors"],
            "properties": {
                "data": { "type": "null" },
                "succeeded": { "type": "boolean", "const": true },
                "status": { "type": "string", "enum": ["SUCCESS", "VERIFICATION_REQUIRED"] },
                "errors": { "type": "null" }
            },
            "additionalProperties": false
        }),
    );
    schemas.insert(
        "ErrorEnvelope".into(),
        json!({
            "type": "object",
            "description": "A failure: at least one error, each with its documented code.",
            "required": ["data", "succeeded", "status", "errors"],
            "properties": {
                "data": { "type": "null" },
                "succeeded": { "type": "boolean", "const": false },
                "status": { "type": "string", "const": "ERROR" },
                "errors": {
                    "type": "array",
                    "minItems": 1,
                    "items": { "$ref": "#/components/schemas/ErrorItem" }
                }
            },
            "additionalProperties": false
        }),
    );
}

/// Complete, valid examples, so that a tool working from the document sends requests that
/// succeed.
fn examples(schemas: &mut Map<String, Value>) {
    let contact = json!({
        "firstName": "Laurent",
        "lastName": "Martin",
        "phoneNumber": "+33 612345678",
        "emailId": "laurent.martin@example.com",
        "address": "12 rue de la Paix",
        "city": "Paris",
        "region": 0,
        "countryId": 250,
        "zipCode": "75002"
    });
    let mut tenant = contact.clone();
    tenant["canCreateLoginCredentials"] = json!(true);
    tenant["userName"] = json!("laurent.martin@example.com");
    tenant["password"] = json!("Super@123");
    for (schema, example) in [
        ("LeadRegistration", contact.clone()),
        ("TenantRegistration", tenant),
        ("ProfileRequest", contact.clone()),
        (
            "LoginRequest",
            json!({ "userName": "laurent.martin@example.com", "password": "Super@123" }),
        ),
    ] {
        if let Some(component) = schemas.get_mut(schema).and_then(Value::as_object_mut) {
            component.insert("example".into(), example);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether the schema's pattern (ECMA 262 syntax, lookahead included) matches.
    fn matches(schema: &Value, value: &str) -> bool {
        let pattern = json!({ "type": "string", "pattern": schema["pattern"] });
        jsonschema::validator_for(&pattern)
            .unwrap()
            .is_valid(&json!(value))
    }

    #[test]
    fn text_patterns_accept_what_the_server_accepts() {
        let name = text(2, 60, false, "");
        for good in [
            "Jo",
            "  Jo  ",
            "Anne Marie",
            "\u{00C9}lodie",
            &"x".repeat(60),
            "\tJo\n",
        ] {
            assert!(matches(&name, good), "{good:?}");
        }
        for bad in [
            "J",
            "  J  ",
            "",
            "   ",
            &"x".repeat(61),
            "Jo\u{0007}",
            "J\u{200B}o",
            "Jo\u{202E}x",
        ] {
            assert!(!matches(&name, bad), "{bad:?}");
        }
        let city = text(2, 60, true, "");
        for good in ["", "   ", "Paris", " Paris "] {
            assert!(matches(&city, good), "{good:?}");
        }
        assert!(!matches(&city, "P"));
    }

    #[test]
    fn the_phone_pattern_is_the_phone_rule() {
        let (_, _, phone) = request_fields()
            .into_iter()
            .find(|(s, p, _)| *s == "ContactRequest" && *p == "phoneNumber")
            .unwrap();
        for good in [
            "+33 10000000",
            "123",
            " (0) 12-34.56 ",
            "+4512345678",
            "123456789012345",
        ] {
            assert!(matches(&phone, good), "{good:?}");
        }
        for bad in [
            "12",
            "+ ",
            "1+23",
            "phone 123",
            "1234567890123456",
            "+33 1000000000000",
        ] {
            assert!(!matches(&phone, bad), "{bad:?}");
        }
    }
}
