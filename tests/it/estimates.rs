//! Estimates, on SQLite and PostgreSQL: the vendor pushes them; a payer approves (name and terms, recorded with
//! who, when and from where), paying the deposit through the normal payment flow, or declines with a reason; an
//! expired estimate can't be approved; viewers, other accounts and other tenants get nothing; the PDF reads back.

use axum::http::StatusCode;
use billfold_tests::web::*;
use serde_json::{json, Value};

const HOST: &str = HOST_ACME;

fn day(offset: i64) -> String {
    (time::OffsetDateTime::now_utc().date() + time::Duration::days(offset)).to_string()
}

fn estimate(number: &str, account: &str, expires_in: i64, deposit: Option<&str>) -> Value {
    let mut e = json!({"number": number, "account": account, "issued_on": day(-5), "expires_on": day(expires_in),
                       "currency": "USD", "tax": "8.00",
                       "terms": "50% up front.\nBalance on delivery <script>alert(1)</script>",
                       "lines": [{"description": "Install kit", "quantity": "2", "unit_price": "96.00"}]});
    if let Some(d) = deposit {
        e["deposit"] = json!(d);
    }
    e
}

async fn push(f: &PortalFixture, body: Value) -> (StatusCode, Value) {
    let key = f.acme.api_key.expose().to_string();
    api(&f.router, "POST", "/api/v1/estimates", &key, Some(body)).await
}

async fn read(f: &PortalFixture, number: &str) -> Value {
    let key = f.acme.api_key.expose().to_string();
    let (status, e) = api(
        &f.router,
        "GET",
        &format!("/api/v1/estimates/{number}"),
        &key,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{e}");
    e
}

async fn decide(f: &PortalFixture, cookie: &str, number: &str, action: &str, fields: &str) -> Page {
    let csrf = get(
        &f.router,
        HOST,
        &format!("/estimates/{number}"),
        Some(cookie),
    )
    .await
    .csrf();
    post(
        &f.router,
        HOST,
        &format!("/estimates/{number}/{action}"),
        cookie,
        &format!("csrf={}{fields}", enc(&csrf)),
    )
    .await
}

async fn a_payer_approves_pays_the_deposit_or_declines(store: billfold::SharedStore) {
    let f = portal_fixture(store).await;
    for e in [
        estimate("EST-1", "C-100", 10, Some("100.00")),
        estimate("EST-2", "C-100", 10, None),
        estimate("EST-3", "C-100", 10, None),
        estimate("EST-OLD", "C-100", -1, None),
    ] {
        let (status, body) = push(&f, e).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    assert_eq!(read(&f, "EST-1").await["total"], "200.00");
    let pat = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let list = get(&f.router, HOST, "/estimates", Some(&pat)).await.text();
    assert!(list.contains(">Estimates</a>"), "the nav item");
    assert!(
        list.contains("Awaiting approval") && list.contains("Expired"),
        "{list}"
    );

    // The page escapes the vendor's terms; refused approvals keep what was typed.
    let page = get(&f.router, HOST, "/estimates/EST-2", Some(&pat))
        .await
        .text();
    assert!(
        page.contains("Balance on delivery &lt;script&gt;"),
        "{page}"
    );
    let no_terms = decide(&f, &pat, "EST-2", "approve", "&name=P.+D.").await;
    assert_eq!(no_terms.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        no_terms
            .text()
            .contains("Tick the box to accept the terms.")
            && no_terms.text().contains("value=\"P. D.\"")
    );
    let blank = decide(&f, &pat, "EST-2", "approve", "&name=+&accept=yes").await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Approve without a deposit: recorded, the vendor told.
    let approved = decide(&f, &pat, "EST-2", "approve", "&name=P.+D.&accept=yes").await;
    assert_eq!(
        approved.status,
        StatusCode::SEE_OTHER,
        "{}",
        approved.text()
    );
    let shown = follow(&f.router, HOST, approved, &pat).await.text();
    assert!(
        shown.contains("Approved by <strong>P. D.</strong>"),
        "{shown}"
    );
    let e = read(&f, "EST-2").await;
    assert_eq!(e["status"], "approved");
    assert_eq!(e["approved_name"], "P. D.");
    assert!(e["decided_at"].is_string());
    let again = decide(&f, &pat, "EST-2", "decline", "").await;
    assert_eq!(again.status, StatusCode::CONFLICT, "decided once");

    // Approve with a deposit: on to paying its invoice, through the normal flow.
    let approved = decide(&f, &pat, "EST-1", "approve", "&name=Pat+Doe&accept=yes").await;
    assert_eq!(
        approved.status,
        StatusCode::SEE_OTHER,
        "{}",
        approved.text()
    );
    assert_eq!(approved.header("location"), "/invoices/EST-1-DEP/pay");
    let e = read(&f, "EST-1").await;
    assert_eq!(e["deposit_invoice"], "EST-1-DEP");
    let key = f.acme.api_key.expose().to_string();
    let (_, deposit) = api(&f.router, "GET", "/api/v1/invoices/EST-1-DEP", &key, None).await;
    assert_eq!(deposit["total"], "100.00");
    assert_eq!(deposit["account"], "C-100");
    let paid =
        pay_with_sandbox_card(&f.router, HOST, "/invoices/EST-1-DEP/pay", &pat, "100.00").await;
    assert_eq!(paid.status, StatusCode::SEE_OTHER, "{}", paid.text());
    let (_, deposit) = api(&f.router, "GET", "/api/v1/invoices/EST-1-DEP", &key, None).await;
    assert_eq!(deposit["status"], "paid");
    let page = get(&f.router, HOST, "/estimates/EST-1", Some(&pat))
        .await
        .text();
    assert!(
        page.contains("EST-1-DEP") && page.contains("— paid."),
        "{page}"
    );

    // Decline with a reason.
    let declined = decide(&f, &pat, "EST-3", "decline", "&reason=Over+budget").await;
    assert_eq!(
        declined.status,
        StatusCode::SEE_OTHER,
        "{}",
        declined.text()
    );
    let e = read(&f, "EST-3").await;
    assert_eq!(e["status"], "declined");
    assert_eq!(e["decline_reason"], "Over budget");

    // Expired: shown, refused.
    let old = get(&f.router, HOST, "/estimates/EST-OLD", Some(&pat))
        .await
        .text();
    assert!(
        old.contains("expired on") && !old.contains("data-testid=\"approve\""),
        "{old}"
    );
    let refused = decide(&f, &pat, "EST-OLD", "approve", "&name=Pat&accept=yes").await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert_eq!(read(&f, "EST-OLD").await["status"], "expired");

    // The vendor heard each decision.
    let (_, events) = api(&f.router, "GET", "/api/v1/events?limit=100", &key, None).await;
    let decided: Vec<(String, Value)> = events["data"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| e["type"].as_str().unwrap_or("").starts_with("estimate."))
        .map(|e| {
            (
                e["type"].as_str().unwrap_or("").to_string(),
                e["data"]["estimate"].clone(),
            )
        })
        .collect();
    let types: Vec<&str> = decided.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        types,
        [
            "estimate.approved",
            "estimate.approved",
            "estimate.declined"
        ]
    );
    assert_eq!(decided[1].1["deposit_invoice"], "EST-1-DEP");
    assert_eq!(decided[1].1["decided_by"], "pat@initech.example");
    assert_eq!(decided[2].1["decline_reason"], "Over budget");

    // A decided estimate can't be changed by the vendor, but can be marked invoiced.
    let (status, _) = push(&f, estimate("EST-2", "C-100", 10, None)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let mut invoiced = estimate("EST-2", "C-100", 10, None);
    invoiced["status"] = json!("invoiced");
    let (status, e) = push(&f, invoiced).await;
    assert_eq!(status, StatusCode::OK, "{e}");
    assert_eq!(e["status"], "invoiced");

    // The PDF.
    let pdf = get(&f.router, HOST, "/estimates/EST-1/pdf", Some(&pat)).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.header("content-type"), "application/pdf");
    if let Some(text) = pdftotext(&pdf.body) {
        for words in [
            "ESTIMATE",
            "EST-1",
            "Deposit due on approval",
            "Approved by Pat Doe",
            "Balance on delivery",
        ] {
            assert!(text.contains(words), "{words:?} in:\n{text}");
        }
    }
}

async fn estimates_stay_in_their_account_tenant_and_role(store: billfold::SharedStore) {
    let f = portal_fixture(store).await;
    push(&f, estimate("EST-A", "C-100", 10, None)).await;
    push(&f, estimate("EST-B", "C-200", 10, None)).await;
    let vic = sign_in(&f.router, &f.acme, "vic@initech.example", Some("C-100")).await;
    let page = get(&f.router, HOST, "/estimates/EST-A", Some(&vic)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        !page.text().contains("data-testid=\"approve\""),
        "viewers see no approval form"
    );
    let refused = decide(&f, &vic, "EST-A", "approve", "&name=Vic&accept=yes").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let pat = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let other = get(&f.router, HOST, "/estimates/EST-B", Some(&pat)).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND, "another account's");
    let list = get(&f.router, HOST, "/estimates", Some(&pat)).await.text();
    assert!(list.contains("EST-A") && !list.contains("EST-B"));
    assert!(f
        .store
        .estimate(f.globex.tenant.id, None, "EST-A")
        .await
        .expect("store")
        .is_none());

    let key = f.acme.api_key.expose().to_string();
    let (_, listed) = api(
        &f.router,
        "GET",
        "/api/v1/estimates?account=C-200",
        &key,
        None,
    )
    .await;
    let numbers: Vec<&str> = listed["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter_map(|e| e["number"].as_str())
        .collect();
    assert_eq!(numbers, ["EST-B"]);
    let mut bad = estimate("EST-C", "C-100", 10, Some("999.00"));
    bad["deposit"] = json!("999.00");
    let (status, error) = push(&f, bad).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
    assert_eq!(error["error"]["param"], "deposit");
    let (status, _) = push(&f, estimate("EST-A", "C-200", 10, None)).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "an estimate stays with its account"
    );
}

billfold_tests::store_suite!(
    a_payer_approves_pays_the_deposit_or_declines,
    estimates_stay_in_their_account_tenant_and_role,
);
