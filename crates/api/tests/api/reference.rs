//! The reference data endpoints.

use actix_web::http::StatusCode;
use storegister_test_support::{TestDb, api_tests};

use crate::helpers::TestApp;

async fn every_country_is_listed_by_name(db: TestDb) {
    let app = TestApp::new(db).await;
    let reply = app.get("/v1/reference/countries").await;
    assert_eq!(reply.status, StatusCode::OK);
    let countries = reply.data().as_array().unwrap();
    assert_eq!(countries.len(), 249);
    assert_eq!(countries[0]["name"], "Afghanistan");
    let denmark = countries.iter().find(|c| c["id"] == 208).unwrap();
    assert_eq!(
        denmark,
        &serde_json::json!({
            "id": 208, "name": "Denmark", "isoCode2": "DK", "isoCode3": "DNK", "dialingCode": "45"
        })
    );
}

async fn regions_are_listed_per_country(db: TestDb) {
    let app = TestApp::new(db).await;
    app.add_regions();
    let reply = app.get("/v1/reference/countries/250/regions").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(
        reply.data(),
        &serde_json::json!([{ "id": 205, "name": "Seine-Saint-Denis", "code": "", "countryId": 250 }])
    );
    let reply = app.get("/v1/reference/countries/4/regions").await;
    assert_eq!(reply.data(), &serde_json::json!([]));
}

async fn unknown_or_malformed_countries_are_refused(db: TestDb) {
    let app = TestApp::new(db).await;
    let reply = app.get("/v1/reference/countries/999/regions").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.codes(), ["NOT_FOUND"]);
    for id in ["abc", "99999999999", "1.5"] {
        let reply = app
            .get(&format!("/v1/reference/countries/{id}/regions"))
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{id}");
        assert_eq!(reply.codes(), ["INVALID_PARAM_COUNTRY"]);
    }
}

api_tests!(
    every_country_is_listed_by_name,
    regions_are_listed_per_country,
    unknown_or_malformed_countries_are_refused,
);
