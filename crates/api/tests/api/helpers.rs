//! Building the app on a test database and calling it.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::test::{self, TestRequest};
use actix_web::web;
use chrono::NaiveDate;
use serde_json::{Value, json};
use storegister_api::{AppState, app};
use storegister_app::{Credential, CredentialRepository};
use storegister_contact_book::{ContactBookRepository, CountryId, ReferenceData, Region, RegionId};
use storegister_contract::{
    Contract, ContractRepository, ContractStatus, PaymentPeriod, Property, PropertyRepository,
    SizeUnit, Unit, UnitRepository,
};
use storegister_invoice::{Invoice, InvoiceRepository, Money, TransactionType};
use storegister_kernel::{CompanyId, ContactId, ContractId, InvoiceId, PropertyId, UnitId};
use storegister_persistence::Repo;
use storegister_settings::Settings;
use storegister_test_support::{Tenancy, TestDb, create_company};

/// The app on its own database, with two companies (A and B) and a key each.
pub struct TestApp {
    pub db: TestDb,
    pub files: std::path::PathBuf,
    pub state: web::Data<AppState>,
    pub a: Tenancy,
    pub b: Tenancy,
}

/// A response as the client sees it.
pub struct Reply {
    pub status: StatusCode,
    pub headers: actix_web::http::header::HeaderMap,
    pub body: Value,
}

impl Reply {
    /// The error codes of a failure envelope, in order; asserts the envelope's shape.
    pub fn codes(&self) -> Vec<String> {
        assert_eq!(self.body["data"], Value::Null, "{}", self.body);
        assert_eq!(self.body["succeeded"], false);
        assert_eq!(self.body["status"], "ERROR");
        let errors = self.body["errors"].as_array().expect("errors array");
        assert!(!errors.is_empty());
        errors
            .iter()
            .map(|e| e["code"].as_str().expect("code").to_owned())
            .collect()
    }

    /// The fields named by the errors, in order.
    pub fn fields(&self) -> Vec<Option<String>> {
        self.body["errors"]
            .as_array()
            .expect("errors array")
            .iter()
            .map(|e| e["field"].as_str().map(str::to_owned))
            .collect()
    }

    /// The `data` of a success envelope; asserts the envelope's shape and key order.
    pub fn data(&self) -> &Value {
        assert_eq!(self.body["succeeded"], true, "{}", self.body);
        assert_eq!(self.body["status"], "SUCCESS");
        assert_eq!(self.body["errors"], Value::Null);
        let keys: Vec<&String> = self.body.as_object().expect("object").keys().collect();
        assert_eq!(keys, ["data", "succeeded", "status", "errors"]);
        &self.body["data"]
    }
}

/// Settings for tests: the test database, bcrypt at its cheapest, no API key cache.
pub fn settings(db: &TestDb, files: &std::path::Path, extra: &[(&str, &str)]) -> Settings {
    let mut env: HashMap<String, String> = HashMap::from([
        ("STOREGISTER__DATABASE__URL".into(), db.url.clone()),
        ("STOREGISTER__AUTH__BCRYPT_COST".into(), "4".into()),
        (
            "STOREGISTER__AUTH__API_KEY_CACHE_SECONDS".into(),
            "0".into(),
        ),
        (
            "STOREGISTER__AUTH__JWT_SECRET".into(),
            "test-secret-test-secret-test-secret".into(),
        ),
        ("STOREGISTER__DATABASE__POOL_SIZE".into(), "4".into()),
    ]);
    env.insert(
        "STOREGISTER__STORAGE__PATH".into(),
        files.to_string_lossy().into_owned(),
    );
    // without an SMTP server, mails are files beside the pictures (never in ./data)
    env.insert(
        "STOREGISTER__MAIL__DIR".into(),
        files.with_file_name("mail").to_string_lossy().into_owned(),
    );
    for (key, value) in extra {
        env.insert((*key).into(), (*value).into());
    }
    Settings::load_from(&env).expect("test settings")
}

/// Another API process on the same database and files folder, with extra settings.
pub async fn process(app: &TestApp, extra: &[(&str, &str)]) -> web::Data<AppState> {
    let config = settings(&app.db, &app.files, extra);
    let state = web::block(move || AppState::from_settings(&config))
        .await
        .expect("blocking")
        .expect("app state");
    web::Data::new(state)
}

impl TestApp {
    /// The app with the default test settings.
    pub async fn new(db: TestDb) -> Self {
        Self::with(db, &[]).await
    }

    /// The app with extra settings.
    pub async fn with(db: TestDb, extra: &[(&str, &str)]) -> Self {
        let files = db.scratch().join("files");
        let settings = settings(&db, &files, extra);
        let state = web::block(move || AppState::from_settings(&settings))
            .await
            .expect("blocking")
            .expect("app state");
        let a = create_company(&state.database, "Company A");
        let b = create_company(&state.database, "Company B");
        Self {
            db,
            files,
            state: web::Data::new(state),
            a,
            b,
        }
    }

    /// Sends a request through the real app.
    pub async fn call(&self, request: TestRequest) -> Reply {
        let service = test::init_service(app(self.state.clone())).await;
        let request = request.to_request();
        let (method, path) = (request.method().clone(), request.path().to_owned());
        let response = test::call_service(&service, request).await;
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = test::read_body(response).await;
        let body: Value = serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| panic!("not JSON ({status}): {}", String::from_utf8_lossy(&bytes)));
        // every response the tests see must be what the OpenAPI description promises
        crate::openapi::check(&method, &path, status, &body);
        Reply {
            status,
            headers,
            body,
        }
    }

    /// Sends a request; returns status, content type and raw body (for non-JSON answers).
    pub async fn raw(&self, request: TestRequest) -> (StatusCode, String, Vec<u8>) {
        let service = test::init_service(app(self.state.clone())).await;
        let response = test::call_service(&service, request.to_request()).await;
        let status = response.status();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        (
            status,
            content_type,
            test::read_body(response).await.to_vec(),
        )
    }

    /// `POST path` with a JSON body and company A's key.
    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.post_as(&self.a.api_key.clone(), path, body).await
    }

    /// `POST path` with a JSON body and the given key.
    pub async fn post_as(&self, key: &str, path: &str, body: Value) -> Reply {
        self.call(
            TestRequest::post()
                .uri(path)
                .insert_header(("X-API-Key", key))
                .set_json(body),
        )
        .await
    }

    /// `GET path` with company A's key.
    pub async fn get(&self, path: &str) -> Reply {
        self.call(
            TestRequest::get()
                .uri(path)
                .insert_header(("X-API-Key", self.a.api_key.as_str())),
        )
        .await
    }

    /// The folder uploaded files go to.
    pub fn files_folder(&self) -> std::path::PathBuf {
        self.files.clone()
    }

    /// A repository on the test database.
    pub fn repo(&self) -> Repo {
        self.state.database.repo().expect("repo")
    }

    /// The enquiries kept for a contact of company A, oldest first.
    pub fn enquiries(&self, contact: &str) -> Vec<storegister_contact_book::Enquiry> {
        use storegister_contact_book::EnquiryRepository;
        let id: ContactId = contact.parse().expect("contact id");
        self.repo()
            .enquiries_of(self.a.company, id)
            .expect("enquiries")
    }

    /// How many contacts company `company` has.
    pub fn contact_count(&self, company: CompanyId) -> usize {
        use diesel::prelude::*;
        use storegister_persistence::schema::contact_books::dsl;
        use storegister_persistence::types::DbUuid;
        let mut repo = self.repo();
        dsl::contact_books
            .filter(dsl::company_id.eq(DbUuid(company.uuid())))
            .count()
            .get_result::<i64>(repo.connection())
            .expect("count") as usize
    }

    /// The credential of a contact of company A.
    pub fn credential(&self, contact: &str) -> Option<Credential> {
        let id: ContactId = contact.parse().expect("contact id");
        self.repo()
            .find_credential(self.a.company, id)
            .expect("credential")
    }

    /// The first name stored for a contact of company A.
    pub fn stored_first_name(&self, contact: &str) -> String {
        let id: ContactId = contact.parse().expect("contact id");
        self.repo()
            .find_contact(self.a.company, id)
            .expect("find")
            .expect("contact")
            .details
            .first_name
    }

    /// Stores region 205 (France) and 1 (Denmark).
    pub fn add_regions(&self) {
        let mut repo = self.repo();
        for (id, country, name) in [(205, 250, "Seine-Saint-Denis"), (1, 208, "Hovedstaden")] {
            repo.insert_region(&Region {
                id: RegionId(id),
                country_id: CountryId(country),
                name: name.into(),
                code: String::new(),
            })
            .expect("region");
        }
    }

    /// Stores a property of `company`.
    pub fn add_property(&self, company: CompanyId) -> PropertyId {
        let property = Property {
            id: PropertyId::generate(),
            company_id: company,
            name: "Bobigny Centre".into(),
            address: None,
            city: Some("Bobigny".into()),
            created_at: chrono::Utc::now().naive_utc(),
        };
        self.repo().insert_property(&property).expect("property");
        property.id
    }

    /// Stores a contract of `contact` for a new unit (12.5 m², "Indoor") in a new property.
    pub fn add_contract(
        &self,
        company: CompanyId,
        contact: &str,
        number: &str,
        status: ContractStatus,
        start: NaiveDate,
    ) -> ContractId {
        let property = self.add_property(company);
        let now = chrono::Utc::now().naive_utc();
        let unit = Unit {
            id: UnitId::generate(),
            company_id: company,
            property_id: property,
            unit_number: format!("U-{number}"),
            size_hundredths: 1250,
            size_unit: SizeUnit::SquareMetres,
            storage_type: "Indoor".into(),
            created_at: now,
        };
        let eur = "EUR".parse().expect("EUR");
        let contract = Contract {
            id: ContractId::generate(),
            company_id: company,
            contact_id: contact.parse().expect("contact id"),
            unit_id: unit.id,
            contract_number: number.into(),
            status,
            start_date: start,
            end_date: (status == ContractStatus::Ended).then(|| start + chrono::Days::new(90)),
            rent: Money::from_minor(12550, eur),
            payment_period: PaymentPeriod::Monthly,
            deposit: Money::from_minor(25100, eur),
            created_at: now,
        };
        let mut repo = self.repo();
        repo.insert_unit(&unit).expect("unit");
        repo.insert_contract(&contract).expect("contract");
        contract.id
    }

    /// Stores an invoice of `contact`.
    #[allow(clippy::too_many_arguments)]
    pub fn add_invoice(
        &self,
        company: CompanyId,
        contact: &str,
        contract: Option<ContractId>,
        number: &str,
        due: NaiveDate,
        gross: i64,
        paid: i64,
        cancelled: bool,
    ) -> InvoiceId {
        let invoice = Invoice {
            id: InvoiceId::generate(),
            company_id: company,
            contact_id: contact.parse().expect("contact id"),
            contract_id: contract,
            transact_id: number.into(),
            transact_date: due - chrono::Days::new(14),
            due_date: due,
            transaction_type: TransactionType::Rental,
            currency: "EUR".parse().expect("EUR"),
            gross_minor: gross,
            paid_minor: paid,
            credited_minor: 0,
            cancelled,
            reversed: false,
            created_at: chrono::Utc::now().naive_utc(),
        };
        self.repo().insert_invoice(&invoice).expect("invoice");
        invoice.id
    }

    /// `method path` with company A's key and a session token.
    pub async fn tenant_call(&self, request: TestRequest, token: &str) -> Reply {
        self.call(
            request
                .insert_header(("X-API-Key", self.a.api_key.as_str()))
                .insert_header(("X-Token", token)),
        )
        .await
    }

    /// `GET path` as a tenant of company A.
    pub async fn tenant_get(&self, path: &str, token: &str) -> Reply {
        self.tenant_call(TestRequest::get().uri(path), token).await
    }

    /// `PUT path` with a JSON body as a tenant of company A.
    pub async fn tenant_put(&self, path: &str, token: &str, body: Value) -> Reply {
        self.tenant_call(TestRequest::put().uri(path).set_json(body), token)
            .await
    }

    /// Registers a tenant at company A and returns (contact id, token).
    pub async fn register_tenant(&self, email: &str, password: &str) -> (String, String) {
        let reply = self
            .post("/v1/register", tenant_body(email, password))
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
        let data = reply.data();
        (
            data["authContactBookInfo"]["id"]
                .as_str()
                .expect("id")
                .to_owned(),
            data["token"].as_str().expect("token").to_owned(),
        )
    }
}

/// A valid tenant registration.
pub fn tenant_body(email: &str, password: &str) -> Value {
    json!({
        "userName": email,
        "password": password,
        "canCreateLoginCredentials": true,
        "firstName": "Marcus",
        "lastName": "Johansen",
        "emailId": email,
        "phoneNumber": "+33 10000000",
        "address": "Jernbanegade 14",
        "city": "Tappernøje",
        "region": 0,
        "zipCode": "4733",
        "countryId": 208
    })
}

/// A valid lead (contact only) registration.
pub fn lead_body(email: &str) -> Value {
    json!({
        "canCreateLoginCredentials": false,
        "firstName": "Laurent",
        "lastName": "Guertin",
        "emailId": email,
        "phoneNumber": "10000000"
    })
}
