//! The vendor REST API over HTTP on SQLite and PostgreSQL: what it creates shows in the portal, idempotent POSTs,
//! cursor pagination over 1,000 records, tenant isolation by key, errors that name the field, the rate limit, and
//! the OpenAPI document matching the running API.

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use billfold::web::{Portal, Tenancy};
use billfold::SharedStore;
use billfold_tests::web::*;
use billfold_tests::TestStore;
use futures_util::StreamExt;
use serde_json::{json, Value};
use tower::ServiceExt;

const HOST: &str = "acme.localhost";

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    json: Value,
}

async fn call(
    router: &Router,
    host: &str,
    method: &str,
    uri: &str,
    key: Option<&str>,
    body: Option<&Value>,
    idempotency_key: Option<&str>,
) -> Reply {
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::HOST, host);
    if let Some(key) = key {
        request = request.header(header::AUTHORIZATION, format!("Bearer {key}"));
    }
    if let Some(k) = idempotency_key {
        request = request.header("idempotency-key", k);
    }
    let body = match body {
        Some(b) => {
            request = request.header(header::CONTENT_TYPE, "application/json");
            Body::from(b.to_string())
        }
        None => Body::empty(),
    };
    exchange(router, request.body(body).expect("request")).await
}

/// Sends `request` and reads the answer, which must be JSON (every API answer is).
async fn exchange(router: &Router, request: Request<Body>) -> Reply {
    let what = format!("{} {}", request.method(), request.uri());
    let response = router.clone().oneshot(request).await.expect("infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), 10 << 20)
        .await
        .expect("body");
    let json = serde_json::from_slice(&bytes).unwrap_or_else(|_| {
        panic!(
            "{what} answered {status} with non-JSON: {}",
            String::from_utf8_lossy(&bytes)
        )
    });
    Reply {
        status,
        headers,
        json,
    }
}

fn key(f: &PortalFixture) -> String {
    f.acme.api_key.expose().to_string()
}

fn invoice(number: &str, account: &str, price: &str) -> Value {
    json!({"number": number, "account": account, "issued_on": "2026-11-01", "due_on": "2026-12-01",
           "currency": "USD", "tax": "1.00",
           "lines": [{"description": "Widgets <b>bold</b>", "quantity": "3", "unit_price": price}]})
}

async fn what_the_api_creates_shows_in_the_portal(store: SharedStore) {
    let f = portal_fixture(store).await;
    let k = key(&f);
    let post = |uri: &'static str, body: Value| {
        let (router, k) = (f.router.clone(), k.clone());
        async move { call(&router, HOST, "POST", uri, Some(&k), Some(&body), None).await }
    };
    let account = post(
        "/api/v1/accounts",
        json!({"id": "C-300", "name": "Umbrella", "currency": "USD"}),
    )
    .await;
    assert_eq!(account.status, StatusCode::OK, "{}", account.json);
    assert_eq!(
        account.json,
        json!({"object": "account", "id": "C-300", "name": "Umbrella", "currency": "USD"})
    );
    let inv = post("/api/v1/invoices", invoice("API-1", "C-300", "19.99")).await;
    assert_eq!(inv.status, StatusCode::OK, "{}", inv.json);
    assert_eq!(inv.json["total"], "60.97");
    assert_eq!(inv.json["balance"], "60.97");
    assert_eq!(inv.json["status"], "open");
    assert_eq!(inv.json["lines"][0]["amount"], "59.97");
    let contact = post(
        "/api/v1/contacts",
        json!({"email": "Uma@Umbrella.example", "name": "Uma",
               "memberships": [{"account": "C-300", "roles": ["accounting"]}]}),
    )
    .await;
    assert_eq!(contact.status, StatusCode::OK, "{}", contact.json);
    assert_eq!(
        contact.json["memberships"],
        json!([{"account": "C-300", "roles": ["accounting"]}])
    );
    let paid = post(
        "/api/v1/payments",
        json!({"account": "C-300", "amount": "10.97", "type": "check", "reference": "CHK-1",
               "paid_on": "2026-11-05", "allocations": [{"invoice": "API-1", "amount": "10.97"}]}),
    )
    .await;
    assert_eq!(paid.status, StatusCode::OK, "{}", paid.json);
    let inv = call(
        &f.router,
        HOST,
        "GET",
        "/api/v1/invoices/API-1",
        Some(&k),
        None,
        None,
    )
    .await;
    assert_eq!(inv.json["balance"], "50.00");

    // Listings: payments with their allocations, contacts with their memberships.
    let payments = call(
        &f.router,
        HOST,
        "GET",
        "/api/v1/payments?account=C-300",
        Some(&k),
        None,
        None,
    )
    .await;
    assert_eq!(
        payments.json["data"].as_array().map(Vec::len),
        Some(1),
        "{}",
        payments.json
    );
    assert_eq!(
        payments.json["data"][0]["allocations"],
        json!([{"invoice": "API-1", "amount": "10.97"}])
    );
    assert_eq!(payments.json["data"][0]["type"], "check");
    let all = call(
        &f.router,
        HOST,
        "GET",
        "/api/v1/payments",
        Some(&k),
        None,
        None,
    )
    .await;
    assert_eq!(
        all.json["data"].as_array().map(Vec::len),
        Some(2),
        "the fixture's and this one"
    );
    let contacts = call(
        &f.router,
        HOST,
        "GET",
        "/api/v1/contacts?limit=100",
        Some(&k),
        None,
        None,
    )
    .await;
    let uma = contacts.json["data"]
        .as_array()
        .expect("data")
        .iter()
        .find(|c| c["email"] == "uma@umbrella.example")
        .expect("uma")
        .clone();
    assert_eq!(
        uma["memberships"],
        json!([{"account": "C-300", "roles": ["accounting"]}])
    );

    // Access taken away through the API; an account's last admin stays.
    let removed = post(
        "/api/v1/contacts/pat@initech.example/memberships/C-200/remove",
        json!({}),
    )
    .await;
    assert_eq!(removed.status, StatusCode::OK, "{}", removed.json);
    assert_eq!(
        removed.json["memberships"],
        json!([{"account": "C-100", "roles": ["accounting"]}])
    );
    let again = post(
        "/api/v1/contacts/pat@initech.example/memberships/C-200/remove",
        json!({}),
    )
    .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);

    // A sign-in link for the contact, made by the API, opens the portal on that account.
    let link = post(
        "/api/v1/sso-links",
        json!({"email": "uma@umbrella.example", "account": "C-300", "to": "/invoices/API-1"}),
    )
    .await;
    assert_eq!(link.status, StatusCode::OK, "{}", link.json);
    let url = link.json["url"].as_str().expect("url");
    assert!(url.starts_with("http://acme.localhost/sso?token="), "{url}");
    let signed = get(
        &f.router,
        HOST,
        url.trim_start_matches("http://acme.localhost"),
        None,
    )
    .await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER);
    assert_eq!(signed.header("location"), "/invoices/API-1");
    let cookie = signed.session_cookie().expect("session");
    let page = get(&f.router, HOST, "/invoices/API-1", Some(&cookie))
        .await
        .text();
    assert!(
        page.contains("$50.00") && page.contains("Widgets &lt;b&gt;bold&lt;&#x2F;b&gt;"),
        "{page}"
    );

    // Errors name the field.
    let mut bad = invoice("API-2", "C-300", "12,5");
    let refused = post("/api/v1/invoices", bad.clone()).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(refused.json["error"]["type"], "invalid_request_error");
    assert_eq!(
        refused.json["error"]["param"], "lines[0].unit_price",
        "{}",
        refused.json
    );
    bad["lines"][0]["unit_price"] = json!("1.00");
    bad["colour"] = json!("blue");
    let unknown = post("/api/v1/invoices", bad).await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert!(
        unknown.json["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("colour"),
        "{}",
        unknown.json
    );
    let nobody = post(
        "/api/v1/sso-links",
        json!({"email": "ghost@nowhere.example"}),
    )
    .await;
    assert_eq!(nobody.status, StatusCode::NOT_FOUND);
    assert_eq!(nobody.json["error"]["param"], "email");
    let outside = post(
        "/api/v1/sso-links",
        json!({"email": "uma@umbrella.example", "to": "https://evil.example/"}),
    )
    .await;
    assert_eq!(outside.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(outside.json["error"]["param"], "to");
    // Another currency for an existing account contradicts what is stored.
    let recurrency = post(
        "/api/v1/accounts",
        json!({"id": "C-100", "name": "Initech", "currency": "EUR"}),
    )
    .await;
    assert_eq!(
        recurrency.status,
        StatusCode::CONFLICT,
        "{}",
        recurrency.json
    );
    assert_eq!(recurrency.json["error"]["param"], "currency");
    let missing = call(
        &f.router,
        HOST,
        "GET",
        "/api/v1/invoices/NOPE",
        Some(&k),
        None,
        None,
    )
    .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.json["error"]["type"], "not_found_error");
}

async fn posts_are_idempotent(store: SharedStore) {
    let f = portal_fixture(store).await;
    let k = key(&f);
    let body = invoice("API-7", "C-100", "5.00");
    let first = call(
        &f.router,
        HOST,
        "POST",
        "/api/v1/invoices",
        Some(&k),
        Some(&body),
        Some("key-1"),
    )
    .await;
    assert_eq!(first.status, StatusCode::OK);
    // A payment recorded in between does not change what the replay answers.
    let replay = call(
        &f.router,
        HOST,
        "POST",
        "/api/v1/invoices",
        Some(&k),
        Some(&body),
        Some("key-1"),
    )
    .await;
    assert_eq!(replay.status, StatusCode::OK);
    assert_eq!(replay.json, first.json);
    assert_eq!(
        replay
            .headers
            .get("idempotent-replayed")
            .map(|v| v.as_bytes()),
        Some(&b"true"[..])
    );
    let other = call(
        &f.router,
        HOST,
        "POST",
        "/api/v1/invoices",
        Some(&k),
        Some(&invoice("API-8", "C-100", "5.00")),
        Some("key-1"),
    )
    .await;
    assert_eq!(other.status, StatusCode::CONFLICT);
    assert_eq!(other.json["error"]["type"], "idempotency_error");
    // A refused request is replayed as refused.
    let bad = invoice("API-9", "C-404", "5.00");
    let refused = call(
        &f.router,
        HOST,
        "POST",
        "/api/v1/invoices",
        Some(&k),
        Some(&bad),
        Some("key-2"),
    )
    .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND, "an unknown account");
    assert_eq!(refused.json["error"]["param"], "account");
    let again = call(
        &f.router,
        HOST,
        "POST",
        "/api/v1/invoices",
        Some(&k),
        Some(&bad),
        Some("key-2"),
    )
    .await;
    assert_eq!((again.status, again.json), (refused.status, refused.json));
    // Twenty concurrent payments with one key record one payment.
    let payment = json!({"account": "C-100", "amount": "1.00", "type": "wire", "reference": "W-1",
                         "paid_on": "2026-11-05", "allocations": [{"invoice": "API-7", "amount": "1.00"}]});
    let mut calls = Vec::new();
    for _ in 0..20 {
        let (router, k, payment) = (f.router.clone(), k.clone(), payment.clone());
        calls.push(tokio::spawn(async move {
            call(
                &router,
                HOST,
                "POST",
                "/api/v1/payments",
                Some(&k),
                Some(&payment),
                Some("pay-1"),
            )
            .await
            .status
        }));
    }
    for c in calls {
        let status = c.await.expect("call");
        assert!(
            status == StatusCode::OK || status == StatusCode::CONFLICT,
            "{status}"
        );
    }
    let inv = call(
        &f.router,
        HOST,
        "GET",
        "/api/v1/invoices/API-7",
        Some(&k),
        None,
        None,
    )
    .await;
    assert_eq!(inv.json["amount_paid"], "1.00", "{}", inv.json);
}

async fn pagination_visits_each_record_once(store: SharedStore) {
    let f = portal_fixture(store).await;
    let accounts: Vec<Value> = (0..1000)
        .map(|i| json!({"id": format!("P-{i:04}"), "name": format!("Customer {i}"), "currency": "USD"}))
        .collect();
    let invoices: Vec<Value> = (0..1000)
        .map(|i| invoice(&format!("PG-{i:04}"), "C-100", "1.00"))
        .collect();
    billfold_tests::import(
        &f.store,
        &f.acme.tenant,
        &json!({"accounts": accounts, "invoices": invoices}),
    )
    .await
    .expect("import");
    let k = key(&f);
    for (path, id_field, expected) in [
        ("/api/v1/accounts", "id", 1002),
        ("/api/v1/invoices?account=C-100", "number", 1002),
    ] {
        let mut seen = BTreeSet::new();
        let mut pages = 0;
        let mut cursor: Option<String> = None;
        loop {
            let sep = if path.contains('?') { '&' } else { '?' };
            let uri = match &cursor {
                Some(c) => format!("{path}{sep}limit=100&starting_after={c}"),
                None => format!("{path}{sep}limit=100"),
            };
            let page = call(&f.router, HOST, "GET", &uri, Some(&k), None, None).await;
            assert_eq!(page.status, StatusCode::OK, "{}", page.json);
            for item in page.json["data"].as_array().expect("data") {
                assert!(
                    seen.insert(item[id_field].as_str().expect("id").to_string()),
                    "visited twice"
                );
            }
            pages += 1;
            if page.json["has_more"] == json!(false) {
                assert!(page.json["next_cursor"].is_null());
                break;
            }
            cursor = page.json["next_cursor"].as_str().map(str::to_string);
        }
        assert_eq!(seen.len(), expected, "{path}");
        assert_eq!(pages, 11, "{path}");
    }
    // Filters: status and updated_since; bad values name the parameter.
    let paid = call(
        &f.router,
        HOST,
        "GET",
        "/api/v1/invoices?status=paid&limit=100",
        Some(&k),
        None,
        None,
    )
    .await;
    let numbers: Vec<&str> = paid.json["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter_map(|i| i["number"].as_str())
        .collect();
    assert_eq!(numbers, ["INV-1002"]);
    let future = call(
        &f.router,
        HOST,
        "GET",
        "/api/v1/invoices?updated_since=2099-01-01T00:00:00Z",
        Some(&k),
        None,
        None,
    )
    .await;
    assert_eq!(future.json["data"], json!([]));
    for (uri, param) in [
        ("/api/v1/invoices?status=late", "status"),
        ("/api/v1/invoices?updated_since=yesterday", "updated_since"),
        ("/api/v1/accounts?limit=1000", "limit"),
        ("/api/v1/accounts?starting_after=abc", "starting_after"),
    ] {
        let bad = call(&f.router, HOST, "GET", uri, Some(&k), None, None).await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{uri}");
        assert_eq!(bad.json["error"]["param"], param, "{uri}");
    }
}

async fn a_key_sees_only_its_tenant(store: SharedStore) {
    let f = portal_fixture(store).await;
    let (acme_key, globex_key) = (key(&f), f.globex.api_key.expose().to_string());
    let none = call(&f.router, HOST, "GET", "/api/v1/accounts", None, None, None).await;
    assert_eq!(none.status, StatusCode::UNAUTHORIZED);
    assert_eq!(none.json["error"]["type"], "authentication_error");
    let wrong = call(
        &f.router,
        HOST,
        "GET",
        "/api/v1/accounts",
        Some("bfk_made_up"),
        None,
        None,
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    // Another tenant's key on this tenant's host is refused; on its own host it sees its own data only.
    let crossed = call(
        &f.router,
        HOST,
        "GET",
        "/api/v1/invoices/INV-1001",
        Some(&globex_key),
        None,
        None,
    )
    .await;
    assert_eq!(crossed.status, StatusCode::UNAUTHORIZED);
    let create = call(
        &f.router,
        "globex.localhost",
        "POST",
        "/api/v1/accounts",
        Some(&globex_key),
        Some(&json!({"id": "G-1", "name": "Globex Only", "currency": "USD"})),
        None,
    )
    .await;
    assert_eq!(create.status, StatusCode::OK);
    let acme = call(
        &f.router,
        HOST,
        "GET",
        "/api/v1/accounts/G-1",
        Some(&acme_key),
        None,
        None,
    )
    .await;
    assert_eq!(acme.status, StatusCode::NOT_FOUND);
    let list = call(
        &f.router,
        HOST,
        "GET",
        "/api/v1/accounts",
        Some(&acme_key),
        None,
        None,
    )
    .await;
    let ids: Vec<&str> = list.json["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter_map(|a| a["id"].as_str())
        .collect();
    assert_eq!(ids, ["C-100", "C-200"]);
}

async fn the_rate_limit_answers_429(db: TestStore) {
    let store = db.store.clone();
    let f = portal_fixture(store).await;
    // Two host processes on one database share each key's budget.
    let host_with_limit = |limit: u32| -> Router {
        Portal::builder(
            f.store.clone(),
            f.master.clone(),
            Tenancy::Subdomain {
                base_domain: "localhost".into(),
            },
        )
        .api_rate_limit(limit)
        .build()
        .expect("portal")
        .router()
    };
    let (a, b) = (host_with_limit(5), host_with_limit(5));
    let k = key(&f);
    // The budget is per wall-clock minute: start at the beginning of one.
    let now = billfold_tests::web::now();
    db.clock.set(now - now.rem_euclid(60) + 60);
    let accounts = |router: &Router| {
        let router = router.clone();
        let k = k.clone();
        async move {
            call(
                &router,
                HOST,
                "GET",
                "/api/v1/accounts",
                Some(&k),
                None,
                None,
            )
            .await
        }
    };
    for router in [&a, &a, &a, &b, &b] {
        assert_eq!(accounts(router).await.status, StatusCode::OK);
    }
    for router in [&a, &b] {
        let limited = accounts(router).await;
        assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(limited.json["error"]["type"], "rate_limit_error");
        let wait: u64 = limited
            .headers
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .expect("Retry-After");
        assert!((1..=60).contains(&wait));
    }
    // Under concurrent load from both hosts (each counting in batches), the budget holds to within a few
    // requests.
    let (c, d) = (host_with_limit(200), host_with_limit(200));
    let g = billfold::tenants::add_api_key(f.store.as_ref(), f.acme.tenant.id)
        .await
        .expect("another key")
        .expose()
        .to_string();
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..400 {
        let router = if i % 2 == 0 { c.clone() } else { d.clone() };
        let g = g.clone();
        tasks.spawn(async move {
            call(
                &router,
                HOST,
                "GET",
                "/api/v1/accounts",
                Some(&g),
                None,
                None,
            )
            .await
            .status
        });
    }
    let mut accepted = 0;
    while let Some(status) = tasks.join_next().await {
        if status.expect("task") == StatusCode::OK {
            accepted += 1;
        }
    }
    // (Each host may get one batch — 1% of the budget, here 2 — ahead of the store; never less than the budget.)
    assert!((200..=204).contains(&accepted), "{accepted} accepted");

    // Another tenant's key has its own budget.
    let other = call(
        &a,
        "globex.localhost",
        "GET",
        "/api/v1/accounts",
        Some(f.globex.api_key.expose()),
        None,
        None,
    )
    .await;
    assert_eq!(other.status, StatusCode::OK);
}

async fn the_openapi_document_matches_the_api(store: SharedStore) {
    let f = portal_fixture(store).await;
    let doc = call(
        &f.router,
        HOST,
        "GET",
        "/api/v1/openapi.json",
        None,
        None,
        None,
    )
    .await;
    assert_eq!(doc.status, StatusCode::OK);
    assert_eq!(doc.json["openapi"], "3.1.0");
    assert_eq!(
        doc.json["servers"][0]["url"],
        "http://acme.localhost/api/v1"
    );
    let k = key(&f);
    let paths = doc.json["paths"].as_object().expect("paths");
    assert_eq!(
        paths.len(),
        27,
        "every route, /invoices/{{number}}/send, /settings and the comment routes included"
    );
    for (path, item) in paths {
        for (method, op) in item.as_object().expect("operations") {
            let query = if path == "/payment-methods" {
                "?account=C-100"
            } else {
                ""
            };
            let uri = format!(
                "/api/v1{}",
                path.replace("{id}", "C-100")
                    .replace("{number}", "INV-1001")
                    .replace("{email}", "pat@initech.example")
                    .replace("{account}", "C-100")
            ) + query;
            let body = op.get("requestBody").map(|_| json!({}));
            let reply = call(
                &f.router,
                HOST,
                &method.to_uppercase(),
                &uri,
                Some(&k),
                body.as_ref(),
                None,
            )
            .await;
            // Documented operations exist: a GET answers 200 (so do removing pat's membership, sending and resolving an invoice,
            // which take no body), a POST of an empty
            // object is refused as invalid. (No webhook endpoint or subscription C-100 exists: those answer 404; INV-1001 has
            // payments, so it can't be voided.)
            let expected = if path.starts_with("/webhook-endpoints/{id}")
                || path == "/subscriptions/{id}"
                || path == "/estimates/{number}"
                || path.starts_with("/domains/{hostname}")
            {
                StatusCode::NOT_FOUND
            } else if path.ends_with("/void") {
                StatusCode::CONFLICT
            } else if method == "get"
                || path.ends_with("/remove")
                || path.ends_with("/send")
                || path.ends_with("/resolve")
                || path == "/settings"
            {
                // (The settings take any subset of their fields: an empty object changes nothing.)
                StatusCode::OK
            } else {
                StatusCode::BAD_REQUEST
            };
            assert_eq!(reply.status, expected, "{method} {uri}: {}", reply.json);
            // Every response declares what it returns.
            let schema = &op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"];
            assert!(schema.is_string(), "{method} {path}");
        }
    }
    let undocumented = call(
        &f.router,
        HOST,
        "GET",
        "/api/v1/nothing-here",
        Some(&k),
        None,
        None,
    )
    .await;
    assert_eq!(undocumented.status, StatusCode::NOT_FOUND);
    assert_eq!(undocumented.json["error"]["type"], "not_found_error");
}

async fn invoices_change_only_while_unpaid_and_keys_rotate(store: SharedStore) {
    let f = portal_fixture(store).await;
    let k = key(&f);
    let post_json = |uri: String, body: Option<Value>| {
        let (router, k) = (f.router.clone(), k.clone());
        async move { call(&router, HOST, "POST", &uri, Some(&k), body.as_ref(), None).await }
    };
    // INV-1001 has a payment: it stands as billed.
    let changed = post_json(
        "/api/v1/invoices".into(),
        Some(invoice("INV-1001", "C-100", "1.00")),
    )
    .await;
    assert_eq!(changed.status, StatusCode::CONFLICT, "{}", changed.json);
    assert_eq!(changed.json["error"]["param"], "number");
    let void = post_json("/api/v1/invoices/INV-1001/void".into(), None).await;
    assert_eq!(void.status, StatusCode::CONFLICT);
    // A new one changes freely until voided; then it is closed and off the customer's balance.
    assert_eq!(
        post_json(
            "/api/v1/invoices".into(),
            Some(invoice("NEW-1", "C-100", "1.00"))
        )
        .await
        .status,
        StatusCode::OK
    );
    let updated = post_json(
        "/api/v1/invoices".into(),
        Some(invoice("NEW-1", "C-100", "2.00")),
    )
    .await;
    assert_eq!(updated.json["total"], "7.00");
    let voided = post_json("/api/v1/invoices/NEW-1/void".into(), None).await;
    assert_eq!(voided.status, StatusCode::OK, "{}", voided.json);
    assert_eq!(voided.json["status"], "void");
    let cookie = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let dashboard = get(&f.router, HOST, "/", Some(&cookie)).await.text();
    assert!(
        dashboard.contains("$336.98"),
        "the void invoice is not owed"
    );
    let again = post_json(
        "/api/v1/invoices".into(),
        Some(invoice("NEW-1", "C-100", "3.00")),
    )
    .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    let missing = post_json("/api/v1/invoices/NOPE/void".into(), None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    // Payment methods of an account.
    let methods = call(
        &f.router,
        HOST,
        "GET",
        "/api/v1/payment-methods?account=C-100",
        Some(&k),
        None,
        None,
    )
    .await;
    assert_eq!(methods.status, StatusCode::OK);
    assert_eq!(methods.json["data"], json!([]));
    let nobody = call(
        &f.router,
        HOST,
        "GET",
        "/api/v1/payment-methods?account=C-999",
        Some(&k),
        None,
        None,
    )
    .await;
    assert_eq!(nobody.status, StatusCode::NOT_FOUND);

    // A second key works; a revoked one is refused at once.
    let second = billfold::tenants::add_api_key(f.store.as_ref(), f.acme.tenant.id)
        .await
        .expect("key");
    let ok = call(
        &f.router,
        HOST,
        "GET",
        "/api/v1/accounts",
        Some(second.expose()),
        None,
        None,
    )
    .await;
    assert_eq!(ok.status, StatusCode::OK);
    let prefix = &second.expose()[..12];
    assert!(f
        .store
        .revoke_api_key(f.acme.tenant.id, prefix)
        .await
        .expect("revoke"));
    let refused = call(
        &f.router,
        HOST,
        "GET",
        "/api/v1/accounts",
        Some(second.expose()),
        None,
        None,
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        call(
            &f.router,
            HOST,
            "GET",
            "/api/v1/accounts",
            Some(&k),
            None,
            None
        )
        .await
        .status,
        StatusCode::OK
    );
}

/// Links that leave the portal (SSO links, invitations, the OpenAPI server) are built on the configured public
/// origin, never on a request's `Host` header, which anyone can forge.
async fn links_use_the_public_origin_not_the_host_header(store: SharedStore) {
    let f = portal_fixture(store).await;
    let k = key(&f);
    let portal = Portal::builder(
        f.store.clone(),
        f.master.clone(),
        Tenancy::Subdomain {
            base_domain: "localhost".into(),
        },
    )
    .public_origin("https://{tenant}.billing.example/")
    .build()
    .expect("portal");
    let router: Router = portal.router();
    let forged = "acme.localhost:6666";
    let body = json!({"email": "pat@initech.example"});
    let link = call(
        &router,
        forged,
        "POST",
        "/api/v1/sso-links",
        Some(&k),
        Some(&body),
        None,
    )
    .await;
    assert_eq!(link.status, StatusCode::OK, "{}", link.json);
    let url = link.json["url"].as_str().expect("url");
    assert!(
        url.starts_with("https://acme.billing.example/sso?token="),
        "{url}"
    );
    let doc = call(
        &router,
        forged,
        "GET",
        "/api/v1/openapi.json",
        None,
        None,
        None,
    )
    .await;
    assert_eq!(
        doc.json["servers"][0]["url"], "https://acme.billing.example/api/v1",
        "{}",
        doc.json["servers"]
    );

    // An invitation from an admin, sent from the forged host.
    billfold_tests::import(
        &f.store,
        &f.acme.tenant,
        &json!({"contacts": [{"email": "ada@initech.example", "name": "Ada",
                              "memberships": [{"account": "C-100", "roles": ["admin"]}]}]}),
    )
    .await
    .expect("import an admin");
    let ada = sign_in(&router, &f.acme, "ada@initech.example", Some("C-100")).await;
    let users = get(&router, forged, "/users", Some(&ada)).await;
    assert_eq!(users.status, StatusCode::OK, "{}", users.text());
    let invited = post(
        &router,
        forged,
        "/users/invite",
        &ada,
        &format!(
            "csrf={}&email=new%40initech.example&access=viewer",
            users.csrf()
        ),
    )
    .await;
    assert_eq!(invited.status, StatusCode::SEE_OTHER, "{}", invited.text());
    let outbox = tempfile::tempdir().expect("outbox");
    portal.deliver_mail(outbox.path()).await.expect("deliver");
    let mail = billfold_tests::mail::outbox(outbox.path())
        .into_iter()
        .find_map(|m| m.line_with("/sign-in/"))
        .expect("an invitation");
    assert!(
        mail.contains("https://acme.billing.example/sign-in/") && !mail.contains("localhost:6666"),
        "{mail}"
    );
}

/// A raw request to the API: any method, URI and body bytes.
async fn raw(router: &Router, method: &str, uri: &str, key: &str, body: Vec<u8>) -> Reply {
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::HOST, HOST)
        .header(header::AUTHORIZATION, format!("Bearer {key}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .expect("request");
    exchange(router, request).await
}

/// Asserts the one error shape, naming `param`.
fn assert_error(reply: &Reply, status: StatusCode, param: Option<&str>, what: &str) {
    assert_eq!(reply.status, status, "{what}: {}", reply.json);
    let error = &reply.json["error"];
    assert!(error["type"].is_string(), "{what}: {}", reply.json);
    assert!(error["message"].is_string(), "{what}: {}", reply.json);
    assert_eq!(error["param"].as_str(), param, "{what}: {}", reply.json);
}

/// A NUL byte (or any control character) anywhere the API reads text is refused with 422 (a rule the schema can't
/// state), naming the field, and nothing reaches the store; on PostgreSQL it used to fail there with a 500.
async fn control_characters_are_refused_naming_the_field(store: SharedStore) {
    let f = portal_fixture(store).await;
    let k = key(&f);
    for (method, uri, body, param) in [
        ("GET", "/api/v1/invoices/INV%00X", json!(null), "path"),
        (
            "GET",
            "/api/v1/contacts/a%00b@initech.example",
            json!(null),
            "path",
        ),
        ("GET", "/api/v1/accounts/C-1%01", json!(null), "path"),
        (
            "GET",
            "/api/v1/invoices?account=A%001",
            json!(null),
            "account",
        ),
        (
            "GET",
            "/api/v1/payments?account=C-100&after=%00",
            json!(null),
            "after",
        ),
        (
            "POST",
            "/api/v1/accounts",
            json!({"id": "C-9", "name": "a\u{0}b", "currency": "USD"}),
            "name",
        ),
        (
            "POST",
            "/api/v1/accounts",
            json!({"id": "C-\u{7f}", "name": "Nine", "currency": "USD"}),
            "id",
        ),
        (
            "POST",
            "/api/v1/contacts",
            json!({"email": "x\u{0}@initech.example", "name": "X"}),
            "email",
        ),
        (
            "POST",
            "/api/v1/invoices",
            json!({"number": "INV-9", "account": "C-100", "issued_on": "2026-11-01", "due_on": "2026-12-01",
                   "currency": "USD",
                   "lines": [{"description": "ok\u{0}", "quantity": "1", "unit_price": "1.00"}]}),
            "lines[0].description",
        ),
        (
            "POST",
            "/api/v1/payments",
            json!({"id": "W-1", "account": "C-100", "amount": "1.00", "type": "wire", "paid_on": "2026-11-20",
                   "allocations": [{"invoice": "INV-1001\u{0}", "amount": "1.00"}]}),
            "allocations[0].invoice",
        ),
        (
            "POST",
            "/api/v1/sso-links",
            json!({"email": "pat@initech.example", "account": "C-100\u{0}"}),
            "account",
        ),
        (
            "POST",
            "/api/v1/webhook-endpoints",
            json!({"url": "https://hooks.example/\u{0}", "events": ["payment.succeeded"]}),
            "url",
        ),
    ] {
        let bytes = if body.is_null() {
            Vec::new()
        } else {
            body.to_string().into_bytes()
        };
        let reply = raw(&f.router, method, uri, &k, bytes).await;
        assert_error(
            &reply,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(param),
            &format!("{method} {uri}"),
        );
    }
    // Nothing was written.
    let account = call(
        &f.router,
        HOST,
        "GET",
        "/api/v1/accounts/C-9",
        Some(&k),
        None,
        None,
    )
    .await;
    assert_eq!(account.status, StatusCode::NOT_FOUND);
    // The same rule holds for the import file.
    let refused = billfold_tests::import(
        &f.store,
        &f.acme.tenant,
        &json!({"accounts": [{"id": "C-9", "name": "a\u{0}b", "currency": "USD"}]}),
    )
    .await
    .expect_err("refused");
    assert!(
        refused.to_string().contains("accounts[0].name"),
        "{refused}"
    );
}

/// Every answer that is not a success is in the one JSON error shape, including what the framework answers by
/// itself; keys given twice are refused on every endpoint.
async fn every_refusal_is_in_the_error_shape(store: SharedStore) {
    let f = portal_fixture(store).await;
    let k = key(&f);
    let wrong_method = raw(&f.router, "DELETE", "/api/v1/invoices", &k, Vec::new()).await;
    assert_error(
        &wrong_method,
        StatusCode::METHOD_NOT_ALLOWED,
        None,
        "DELETE",
    );
    assert!(
        wrong_method.headers.get(header::ALLOW).is_some(),
        "Allow stays on a 405"
    );
    let huge = raw(
        &f.router,
        "POST",
        "/api/v1/accounts",
        &k,
        vec![b' '; 3 << 20],
    )
    .await;
    assert_error(&huge, StatusCode::PAYLOAD_TOO_LARGE, None, "3 MiB body");
    let not_utf8 = raw(&f.router, "GET", "/api/v1/invoices/%FF%FE", &k, Vec::new()).await;
    assert_error(
        &not_utf8,
        StatusCode::BAD_REQUEST,
        Some("path"),
        "invalid UTF-8 path",
    );
    let syntax = raw(
        &f.router,
        "POST",
        "/api/v1/accounts",
        &k,
        b"{\"id\": ".to_vec(),
    )
    .await;
    assert_eq!(syntax.status, StatusCode::BAD_REQUEST, "{}", syntax.json);
    assert!(syntax.json["error"]["message"].is_string());
    for (uri, body, param) in [
        (
            "/api/v1/accounts",
            r#"{"id": "C-9", "name": "One", "name": "Two", "currency": "USD"}"#,
            "name",
        ),
        (
            "/api/v1/payments",
            r#"{"id": "W-1", "account": "C-100", "amount": "1.00", "amount": "9.00", "type": "wire",
                "paid_on": "2026-11-20", "allocations": [{"invoice": "INV-1001", "amount": "1.00"}]}"#,
            "amount",
        ),
        (
            "/api/v1/sso-links",
            r#"{"email": "pat@initech.example", "email": "ada@initech.example"}"#,
            "email",
        ),
        (
            "/api/v1/webhook-endpoints",
            r#"{"url": "https://a.example/", "url": "https://b.example/", "events": ["*"]}"#,
            "url",
        ),
    ] {
        let reply = raw(&f.router, "POST", uri, &k, body.as_bytes().to_vec()).await;
        assert_error(
            &reply,
            StatusCode::BAD_REQUEST,
            Some(param),
            &format!("duplicate key on {uri}"),
        );
    }
}

/// A request body that doesn't arrive within the deadline is answered 408 and the request never runs.
async fn a_slow_body_times_out(store: SharedStore) {
    let master = billfold_tests::master_key();
    let acme = billfold_tests::tenant(&store, &master, "acme").await;
    let router = Portal::builder(
        store,
        master,
        Tenancy::Subdomain {
            base_domain: "localhost".into(),
        },
    )
    .body_limits(billfold::web::BodyLimits {
        timeout: std::time::Duration::from_millis(300),
        max_bytes: 2 << 20,
    })
    .build()
    .expect("portal")
    .router();
    // One byte, then nothing: a client dribbling its body.
    let dribble = futures_util::stream::once(async {
        Ok::<_, std::io::Error>(axum::body::Bytes::from_static(b"{"))
    })
    .chain(futures_util::stream::pending());
    let request = Request::builder()
        .method("POST")
        .uri("/api/v1/accounts")
        .header(header::HOST, HOST)
        .header(
            header::AUTHORIZATION,
            format!("Bearer {}", acme.api_key.expose()),
        )
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from_stream(dribble))
        .expect("request");
    let response = router.oneshot(request).await.expect("infallible");
    assert_eq!(response.status(), StatusCode::REQUEST_TIMEOUT);
}

billfold_tests::store_suite!(
    control_characters_are_refused_naming_the_field,
    every_refusal_is_in_the_error_shape,
    a_slow_body_times_out,
    links_use_the_public_origin_not_the_host_header,
    what_the_api_creates_shows_in_the_portal,
    posts_are_idempotent,
    pagination_visits_each_record_once,
    a_key_sees_only_its_tenant,
    the_openapi_document_matches_the_api,
    invoices_change_only_while_unpaid_and_keys_rotate,
);

billfold_tests::test_store_suite!(the_rate_limit_answers_429);
