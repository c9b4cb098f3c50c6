//! The Tenant Transaction API: the five lists, their paging and filters, isolation between
//! tenants and companies, and the amounts adding up, against the database.

use std::sync::Arc;

use actix_web::http::StatusCode;
use chrono::{Days, NaiveDate, Utc};
use serde_json::Value;
use storegister_app::{
    InvoiceRef, NewCreditNote, NewInvoice, NewPaymentVoucher, NewReceipt, OfficeService, TenantRef,
};
use storegister_auth::ApiKeyMinter;
use storegister_contract::ContractStatus;
use storegister_invoice::TransactionType;
use storegister_kernel::{CompanyId, SystemClock};
use storegister_persistence::Database;
use storegister_test_support::{TestDb, api_tests};

use crate::helpers::{Reply, TestApp};

fn office(app: &TestApp) -> OfficeService<Database> {
    OfficeService::new(
        app.state.database.clone(),
        Arc::new(SystemClock),
        Arc::new(ApiKeyMinter),
    )
}

fn today() -> NaiveDate {
    Utc::now().date_naive()
}

/// A tenant's list page: asserts the paged envelope, answers (items, pagination).
fn page(reply: &Reply) -> (Vec<Value>, Value) {
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let keys: Vec<&String> = reply.body.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["data", "succeeded", "status", "errors", "pagination"]
    );
    assert_eq!(reply.body["succeeded"], true);
    assert_eq!(reply.body["errors"], Value::Null);
    (
        reply.body["data"].as_array().unwrap().clone(),
        reply.body["pagination"].clone(),
    )
}

fn minor(money: &Value) -> i64 {
    (money["amount"].as_f64().unwrap() * 100.0).round() as i64
}

async fn invoice(
    office: &OfficeService<Database>,
    company: CompanyId,
    tenant: &str,
    number: &str,
    amount: &str,
    due: NaiveDate,
    contract: Option<storegister_kernel::ContractId>,
) {
    office
        .create_invoice(
            company,
            NewInvoice {
                tenant: TenantRef::parse(tenant),
                contract,
                number: number.into(),
                amount: amount.into(),
                due,
                date: Some(due - Days::new(14)),
                transaction_type: TransactionType::Rental,
            },
        )
        .await
        .unwrap();
}

async fn receive(
    office: &OfficeService<Database>,
    company: CompanyId,
    tenant: &str,
    number: &str,
    amount: &str,
    allocations: Option<Vec<(&str, &str)>>,
) {
    office
        .record_receipt(
            company,
            NewReceipt {
                tenant: TenantRef::parse(tenant),
                number: Some(number.into()),
                amount: amount.into(),
                date: Some(today()),
                payment_method: "CARD".into(),
                allocations: allocations.map(|list| {
                    list.into_iter()
                        .map(|(i, a)| (InvoiceRef::parse(i), a.to_owned()))
                        .collect()
                }),
            },
        )
        .await
        .unwrap();
}

/// Every kind of document, through the office's use cases; then every list, and the amounts
/// adding up between the lists, the ledger, the insights and the database.
async fn every_list_shows_the_money_and_it_adds_up(db: TestDb) {
    let app = TestApp::new(db).await;
    let office = office(&app);
    let company = app.a.company;
    let (me, token) = app.register_tenant("me@example.com", "Super@123").await;
    let contract = app.add_contract(company, &me, "C-7", ContractStatus::Active, today());
    let due = |days_ago: u64| today() - Days::new(days_ago);
    invoice(
        &office,
        company,
        &me,
        "INV-1",
        "100.00",
        due(60),
        Some(contract),
    )
    .await;
    invoice(
        &office,
        company,
        &me,
        "INV-2",
        "100.00",
        due(30),
        Some(contract),
    )
    .await;
    invoice(&office, company, &me, "INV-3", "50.00", due(10), None).await;
    invoice(&office, company, &me, "INV-4", "20.00", due(5), None).await;
    // 150 oldest due first: INV-1 paid, INV-2 half
    receive(&office, company, &me, "RV-1", "150.00", None).await;
    // a credit note on the partly paid INV-2: 30 off, 20 still owed
    office
        .issue_credit_note(
            company,
            NewCreditNote {
                invoice: InvoiceRef::parse("INV-2"),
                number: Some("CN-1".into()),
                amount: "30.00".into(),
                date: Some(today()),
                reason: "goodwill".into(),
            },
        )
        .await
        .unwrap();
    // INV-3 paid, then reversed: its 50 go back as advance
    receive(
        &office,
        company,
        &me,
        "RV-2",
        "50.00",
        Some(vec![("INV-3", "50.00")]),
    )
    .await;
    office
        .reverse_invoice(company, InvoiceRef::parse("INV-3"), Some(today()))
        .await
        .unwrap();
    // INV-4 cancelled before anything was paid
    office
        .cancel_invoice(company, InvoiceRef::parse("INV-4"))
        .await
        .unwrap();
    // 10 of the 50 credit paid back
    office
        .pay_voucher(
            company,
            NewPaymentVoucher {
                tenant: TenantRef::parse(&me),
                number: Some("PV-1".into()),
                amount: "10.00".into(),
                date: Some(today()),
                reason: "part of the advance back".into(),
            },
        )
        .await
        .unwrap();

    let (invoices, pagination) =
        page(&app.tenant_get("/v1/transaction/invoice/list", &token).await);
    assert_eq!(pagination["totalCount"], 4);
    let by_number = |n: &str| {
        invoices
            .iter()
            .find(|i| i["transactId"] == n)
            .unwrap()
            .clone()
    };
    let first = by_number("INV-1");
    assert_eq!(first["status"], "PAID");
    assert_eq!(first["transactionTypeValue"], "Rental Invoice");
    assert_eq!(first["rentalInfoId"], contract.to_string());
    let second = by_number("INV-2");
    assert_eq!(second["status"], "PARTIALLY_PAID");
    assert_eq!(
        (
            minor(&second["paidAmount"]),
            minor(&second["creditedAmount"]),
            minor(&second["balanceAmount"])
        ),
        (5_000, 3_000, 2_000)
    );
    assert_eq!(second["isOverdue"], true);
    let third = by_number("INV-3");
    assert_eq!(
        (third["status"].as_str(), third["isReversed"].as_bool()),
        (Some("CANCELLED"), Some(true))
    );
    assert_eq!(minor(&third["balanceAmount"]), 0);
    let fourth = by_number("INV-4");
    assert_eq!(
        (fourth["status"].as_str(), fourth["isReversed"].as_bool()),
        (Some("CANCELLED"), Some(false))
    );

    let (notes, _) = page(
        &app.tenant_get("/v1/transaction/credit-note/list", &token)
            .await,
    );
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["invoiceTransactId"], "INV-2");
    assert_eq!(notes[0]["transactionType"], "CREDIT_NOTE");
    assert_eq!(minor(&notes[0]["amount"]), 3_000);

    let (receipts, _) = page(
        &app.tenant_get("/v1/transaction/voucher/receipt/list", &token)
            .await,
    );
    assert_eq!(receipts.len(), 2);
    let rv1 = receipts.iter().find(|r| r["transactId"] == "RV-1").unwrap();
    let allocated: Vec<(&str, i64)> = rv1["allocations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["invoiceTransactId"].as_str().unwrap(),
                minor(&a["amount"]),
            )
        })
        .collect();
    assert_eq!(allocated, [("INV-1", 10_000), ("INV-2", 5_000)]);
    let rv2 = receipts.iter().find(|r| r["transactId"] == "RV-2").unwrap();
    assert_eq!(
        minor(&rv2["advanceAmount"]),
        5_000,
        "the reversal gave it back"
    );
    assert_eq!(rv2["allocations"], Value::Array(vec![]));

    let (vouchers, _) = page(
        &app.tenant_get("/v1/transaction/voucher/payment/list", &token)
            .await,
    );
    assert_eq!(vouchers.len(), 1);
    assert_eq!(minor(&vouchers[0]["grossAmount"]), 1_000);

    let (ledger, pagination) = page(&app.tenant_get("/v1/transaction/ledger/list", &token).await);
    let kinds: Vec<&str> = ledger
        .iter()
        .rev()
        .map(|e| e["transactionType"]["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "RENTAL",
            "RENTAL",
            "RENTAL",
            "RENTAL",
            "RECEIPT",
            "CREDIT_NOTE",
            "RECEIPT",
            "REVERSAL",
            "CANCELLATION",
            "PAYMENT"
        ]
    );
    assert_eq!(pagination["totalCount"], 10);
    let indexes: Vec<i64> = ledger
        .iter()
        .map(|e| e["ledgerIndex"].as_i64().unwrap())
        .collect();
    assert_eq!(
        indexes,
        (1..=10).rev().collect::<Vec<_>>(),
        "newest first, no gaps"
    );
    assert_eq!(ledger.last().unwrap()["rentalTransactId"], "C-7");
    // the running balance: each line's balance is the one before plus what it charges minus
    // what it credits
    let mut running = 0;
    for entry in ledger.iter().rev() {
        running += entry["payment"]
            .as_object()
            .map_or(0, |_| minor(&entry["payment"]));
        running -= entry["receipt"]
            .as_object()
            .map_or(0, |_| minor(&entry["receipt"]));
        assert_eq!(minor(&entry["balance"]), running, "{entry}");
    }
    // the newest balance = open balances − advances + payment vouchers
    let open: i64 = invoices.iter().map(|i| minor(&i["balanceAmount"])).sum();
    let advances: i64 = receipts.iter().map(|r| minor(&r["advanceAmount"])).sum();
    let paid_out: i64 = vouchers.iter().map(|v| minor(&v["grossAmount"])).sum();
    assert_eq!(running, open - advances + paid_out);
    assert_eq!((open, advances, paid_out), (2_000, 5_000, 1_000));
    // and the portal's insights agree with the lists
    let info = app.tenant_get("/v1/tenant/", &token).await;
    assert_eq!(minor(&info.data()["insights"]["totalOutstanding"]), open);
    assert_eq!(info.data()["insights"]["unpaidInvoices"], 1);

    // against the database: the stored totals are the sums of their parts
    use diesel::prelude::*;
    use storegister_persistence::schema::{allocations, invoices as stored, receipts};
    let mut repo = app.repo();
    let conn = repo.connection();
    let paid: Vec<(i64, i64)> = stored::table
        .select((stored::paid_minor, stored::credited_minor))
        .order(stored::transact_id)
        .load(conn)
        .unwrap();
    assert_eq!(paid, [(10_000, 0), (5_000, 3_000), (0, 0), (0, 0)]);
    let receipts_allocated: Vec<i64> = receipts::table
        .select(receipts::allocated_minor)
        .load(conn)
        .unwrap();
    let all: i64 = allocations::table
        .select(allocations::amount_minor)
        .load::<i64>(conn)
        .unwrap()
        .iter()
        .sum();
    assert_eq!(all, receipts_allocated.iter().sum::<i64>());
    assert_eq!(all, 15_000);
}

/// Paging: defaults, the last page, past it, and the documented refusals; the date filters.
async fn lists_page_and_filter(db: TestDb) {
    let app = TestApp::new(db).await;
    let office = office(&app);
    let (me, token) = app.register_tenant("me@example.com", "Super@123").await;
    for n in 0..25u64 {
        let due = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Days::new(n * 10);
        invoice(
            &office,
            app.a.company,
            &me,
            &format!("INV-{n:02}"),
            "10.00",
            due,
            None,
        )
        .await;
    }
    let list = |query: &str| {
        let path = format!("/v1/transaction/invoice/list{query}");
        let token = token.clone();
        let app = &app;
        async move { app.tenant_get(&path, &token).await }
    };
    let (items, pagination) = page(&list("").await);
    assert_eq!(items.len(), 20, "20 by default");
    assert_eq!(
        pagination,
        serde_json::json!({ "pageNumber": 1, "pageSize": 20, "totalPages": 2, "totalCount": 25 })
    );
    assert_eq!(items[0]["transactId"], "INV-24", "newest first");
    let (items, pagination) = page(&list("?pageNumber=3&pageSize=10").await);
    assert_eq!(items.len(), 5);
    assert_eq!(items.last().unwrap()["transactId"], "INV-00");
    assert_eq!(pagination["totalPages"], 3);
    let (items, pagination) = page(&list("?pageNumber=9&pageSize=10").await);
    assert!(items.is_empty(), "past the end: an empty page");
    assert_eq!(
        (
            pagination["totalCount"].as_u64(),
            pagination["pageNumber"].as_u64()
        ),
        (Some(25), Some(9))
    );
    for bad in [
        "?pageSize=0",
        "?pageSize=101",
        "?pageNumber=0",
        "?pageNumber=-1",
        "?pageNumber=x",
        "?pageSize=1.5",
    ] {
        let reply = list(bad).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(reply.codes(), ["INVALID_PARAM_PAGE"], "{bad}");
    }
    for bad in [
        "?fromDate=2026-1-1",
        "?toDate=2026-02-30",
        "?fromDate=yesterday",
        "?fromDate=2026-03-01&toDate=2026-02-01",
    ] {
        let reply = list(bad).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(reply.codes(), ["INVALID_PARAM_DATE"], "{bad}");
    }
    // transactDate of INV-n is 2025-12-18 + 10n days: January 2026 holds n = 2, 3, 4
    let (items, pagination) = page(&list("?fromDate=2026-01-01&toDate=2026-01-31").await);
    let numbers: Vec<&str> = items
        .iter()
        .map(|i| i["transactId"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, ["INV-04", "INV-03", "INV-02"]);
    assert_eq!(pagination["totalCount"], 3);

    // the ledger pages by its index, filtered or not
    let ledger = |query: &str| {
        let path = format!("/v1/transaction/ledger/list{query}");
        let token = token.clone();
        let app = &app;
        async move { app.tenant_get(&path, &token).await }
    };
    let (entries, pagination) = page(&ledger("?pageNumber=3&pageSize=10").await);
    let indexes: Vec<i64> = entries
        .iter()
        .map(|e| e["ledgerIndex"].as_i64().unwrap())
        .collect();
    assert_eq!(indexes, [5, 4, 3, 2, 1]);
    assert_eq!(pagination["totalPages"], 3);
    assert_eq!(pagination["totalCount"], 25);
    // the size comes with the page read (its first entry's number), or separately past the end
    let (entries, pagination) = page(&ledger("?pageNumber=2&pageSize=10").await);
    assert_eq!(entries[0]["ledgerIndex"], 15);
    assert_eq!(entries.len(), 10);
    assert_eq!(pagination["totalCount"], 25);
    let (entries, pagination) = page(&ledger("?pageNumber=4&pageSize=10").await);
    assert!(entries.is_empty());
    assert_eq!(pagination["totalCount"], 25);
    assert_eq!(pagination["totalPages"], 3);
    let (entries, pagination) =
        page(&ledger("?fromDate=2026-01-01&toDate=2026-01-31&pageSize=2").await);
    assert_eq!(pagination["totalCount"], 3);
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["transactId"], "INV-04");
}

/// A tenant sees only its own documents; another company's key cannot read them.
async fn lists_are_a_tenants_own(db: TestDb) {
    let app = TestApp::new(db).await;
    let office = office(&app);
    let (me, mine) = app.register_tenant("me@example.com", "Super@123").await;
    let (_, theirs) = app.register_tenant("other@example.com", "Super@123").await;
    invoice(&office, app.a.company, &me, "INV-1", "10.00", today(), None).await;
    receive(&office, app.a.company, &me, "RV-1", "15.00", None).await;
    for path in [
        "/v1/transaction/invoice/list",
        "/v1/transaction/voucher/receipt/list",
        "/v1/transaction/ledger/list",
        "/v1/transaction/credit-note/list",
        "/v1/transaction/voucher/payment/list",
    ] {
        let (items, pagination) = page(&app.tenant_get(path, &theirs).await);
        assert!(items.is_empty(), "{path}");
        assert_eq!(pagination["totalCount"], 0);
        assert_eq!(pagination["totalPages"], 0);
        // company B's key with company A's token
        let reply = app
            .call(
                actix_web::test::TestRequest::get()
                    .uri(path)
                    .insert_header(("X-API-Key", app.b.api_key.as_str()))
                    .insert_header(("X-Token", mine.as_str())),
            )
            .await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{path}");
        let reply = app
            .call(
                actix_web::test::TestRequest::get()
                    .uri(path)
                    .insert_header(("X-API-Key", app.a.api_key.as_str())),
            )
            .await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "no token: {path}");
    }
    let (items, _) = page(&app.tenant_get("/v1/transaction/ledger/list", &mine).await);
    assert_eq!(items.len(), 2);
    assert_eq!(minor(&items[0]["balance"]), -500, "in credit");
}

/// Tenant information and ledger pages a process holds in memory follow every write at the
/// next request: the office's use cases (which no process's memory hears of) and a change made
/// by hand in the database; and a held page is never served to an ended session.
async fn held_lists_follow_every_write_at_the_next_request(db: TestDb) {
    use diesel::prelude::*;
    use storegister_persistence::schema::units;
    let app = TestApp::new(db).await;
    let office = office(&app);
    let company = app.a.company;
    let (me, token) = app.register_tenant("me@example.com", "Super@123").await;
    app.add_contract(company, &me, "C-1", ContractStatus::Active, today());
    let tenant_info = || async {
        let reply = app.tenant_get("/v1/tenant/", &token).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        reply.data().clone()
    };
    let ledger = || async {
        page(
            &app.tenant_get("/v1/transaction/ledger/list?pageSize=5", &token)
                .await,
        )
    };
    // read twice each: the second from memory
    for _ in 0..2 {
        let info = tenant_info().await;
        assert_eq!(info["contracts"].as_array().unwrap().len(), 1);
        assert_eq!(info["unpaidInvoices"], serde_json::json!([]));
        assert_eq!(ledger().await.1["totalCount"], 0);
    }

    invoice(&office, company, &me, "INV-1", "40.00", today(), None).await;
    for _ in 0..2 {
        let info = tenant_info().await;
        let unpaid = info["unpaidInvoices"].as_array().unwrap();
        assert_eq!(unpaid.len(), 1, "{info}");
        assert_eq!(unpaid[0]["transactId"], "INV-1");
        let (entries, pagination) = ledger().await;
        assert_eq!(pagination["totalCount"], 1);
        assert_eq!(entries[0]["transactId"], "INV-1");
    }

    receive(
        &office,
        company,
        &me,
        "RV-1",
        "40.00",
        Some(vec![("INV-1", "40.00")]),
    )
    .await;
    let info = tenant_info().await;
    assert_eq!(info["unpaidInvoices"], serde_json::json!([]), "{info}");
    let (entries, pagination) = ledger().await;
    assert_eq!(pagination["totalCount"], 2);
    assert_eq!(entries[0]["transactId"], "RV-1");
    assert_eq!(minor(&entries[0]["balance"]), 0);

    // by hand, as an operator's tool would
    diesel::update(units::table)
        .set(units::storage_type.eq("Container"))
        .execute(app.repo().connection())
        .unwrap();
    let info = tenant_info().await;
    assert_eq!(
        info["contracts"][0]["unit"]["storageType"], "Container",
        "{info}"
    );

    // money not for an invoice: only the receipts and the ledger are written
    receive(&office, company, &me, "RV-2", "5.00", None).await;
    for _ in 0..2 {
        let (entries, pagination) = ledger().await;
        assert_eq!(pagination["totalCount"], 3);
        assert_eq!(entries[0]["transactId"], "RV-2");
        assert_eq!(minor(&entries[0]["balance"]), -500);
    }
    // another page of the same ledger is another list
    let (entries, pagination) = page(
        &app.tenant_get(
            "/v1/transaction/ledger/list?pageSize=2&pageNumber=2",
            &token,
        )
        .await,
    );
    assert_eq!(pagination["totalCount"], 3);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["transactId"], "INV-1");
    // both lists held at the tenant's current number when the session ends
    tenant_info().await;

    let reply = app
        .tenant_call(
            actix_web::test::TestRequest::post().uri("/v1/tenant/logout"),
            &token,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    for path in ["/v1/tenant/", "/v1/transaction/ledger/list?pageSize=5"] {
        let reply = app.tenant_get(path, &token).await;
        assert_eq!(
            reply.status,
            StatusCode::UNAUTHORIZED,
            "{path}: {}",
            reply.body
        );
    }
}

api_tests!(
    held_lists_follow_every_write_at_the_next_request,
    every_list_shows_the_money_and_it_adds_up,
    lists_page_and_filter,
    lists_are_a_tenants_own,
);
