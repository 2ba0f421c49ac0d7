//! Outbound webhooks on SQLite and PostgreSQL, received by a Python server that verifies every message with the
//! `standardwebhooks` package (PyPI): events written with the changes they report, delivered once with stable ids,
//! retried with backoff after failures, an endpoint disabled by 410, nothing lost across a restart or a worker that
//! died holding a delivery, and two workers never sending one delivery twice.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use billfold::outbound::AddressPolicy;
use billfold::web::{Portal, Tenancy};
use billfold_tests::web::*;
use billfold_tests::webhook_receiver::Receiver;
use billfold_tests::TestStore;
use serde_json::{json, Value};
use tower::ServiceExt;

const HOST: &str = "acme.localhost";

/// Creates an endpoint for `path` on the receiver; returns its id and tells the receiver its secret.
async fn endpoint(f: &PortalFixture, receiver: &Receiver, path: &str, events: Value) -> String {
    let key = f.acme.api_key.expose();
    let (status, body) = api(
        &f.router,
        "POST",
        "/api/v1/webhook-endpoints",
        key,
        Some(json!({"url": format!("{}{path}", receiver.base), "events": events})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let secret = body["secret"].as_str().expect("secret");
    assert!(secret.starts_with("whsec_"));
    receiver.set_secret(path, secret).await;
    body["id"].as_str().expect("id").to_string()
}

fn types(received: &[Value], path: &str) -> Vec<String> {
    received
        .iter()
        .filter(|r| r["path"] == path)
        .map(|r| r["type"].as_str().unwrap_or("?").to_string())
        .collect()
}

/// Pays `amount` of INV-1001 with the sandbox card, through the portal's pages.
async fn pay(f: &PortalFixture, amount: &str) {
    let cookie = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let paid =
        pay_with_sandbox_card(&f.router, HOST, "/invoices/INV-1001/pay", &cookie, amount).await;
    assert_eq!(paid.status, StatusCode::SEE_OTHER, "{}", paid.text());
}

fn ids(received: &[Value], path: &str) -> Vec<String> {
    received
        .iter()
        .filter(|r| r["path"] == path)
        .map(|r| r["id"].as_str().unwrap_or("?").to_string())
        .collect()
}

async fn add_contact(f: &PortalFixture, email: &str) {
    let (s, body) = api(
        &f.router,
        "POST",
        "/api/v1/contacts",
        f.acme.api_key.expose(),
        Some(json!({"email": email, "memberships": [{"account": "C-100", "roles": ["viewer"]}]})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{body}");
}

async fn events_are_delivered_signed_once_each(db: TestStore) {
    let store = db.store.clone();
    let Some(receiver) = Receiver::start() else {
        return;
    };
    let f = portal_fixture(store).await;
    let key = f.acme.api_key.expose().to_string();
    endpoint(&f, &receiver, "/ok", json!(["*"])).await;
    let only_payments = endpoint(&f, &receiver, "/fail/0", json!(["payment.succeeded"])).await;

    // Changes of several kinds: a membership, an invoice, a card payment that pays an invoice off.
    add_contact(&f, "new@initech.example").await;
    let (s, _) = api(
        &f.router,
        "POST",
        "/api/v1/invoices",
        &key,
        Some(json!({"number": "WH-1", "account": "C-100",
        "issued_on": "2026-11-01", "due_on": "2026-12-01", "currency": "USD",
        "lines": [{"description": "Thing", "quantity": "1", "unit_price": "9.00"}]})),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    pay(&f, "336.98").await;
    // An offline payment recorded through the API that pays WH-1 off.
    let (s, body) = api(
        &f.router,
        "POST",
        "/api/v1/payments",
        &key,
        Some(json!({"account": "C-100", "amount": "9.00",
        "type": "check", "reference": "CHK-WH", "paid_on": "2026-11-20",
        "allocations": [{"invoice": "WH-1", "amount": "9.00"}]})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{body}");

    let sent = f.portal.deliver_webhooks().await.expect("deliver");
    assert_eq!(
        (sent.delivered, sent.retrying, sent.failed),
        (6, 0, 0),
        "{sent:?}"
    );
    let received = receiver.received().await;
    assert!(
        received.iter().all(|r| r["verified"] == true),
        "standardwebhooks verified every one: {received:?}"
    );
    // Delivery order is not promised (at-least-once, each with a stable id); the set is.
    let mut kinds = types(&received, "/ok");
    kinds.sort();
    assert_eq!(
        kinds,
        [
            "invoice.created",
            "invoice.paid",
            "invoice.paid",
            "membership.changed",
            "payment.succeeded"
        ]
    );
    assert_eq!(
        types(&received, "/fail/0"),
        ["payment.succeeded"],
        "{only_payments} gets only what it asked for"
    );
    // The same events, by id, through the API (the fixture's own import came before the endpoint existed).
    let (_, events) = api(&f.router, "GET", "/api/v1/events?limit=100", &key, None).await;
    let data = events["data"].as_array().expect("data");
    let mut listed: Vec<String> = data[data.len() - 5..]
        .iter()
        .filter_map(|e| e["id"].as_str().map(str::to_string))
        .collect();
    let mut delivered = ids(&received, "/ok");
    listed.sort();
    delivered.sort();
    assert_eq!(listed, delivered, "each event delivered once, by its id");
    let payment = data
        .iter()
        .find(|e| e["type"] == "payment.succeeded")
        .expect("payment event");
    assert_eq!(payment["data"]["payment"]["amount"], "336.98");
    assert_eq!(payment["data"]["payment"]["account"], "C-100");
    assert_eq!(
        f.portal
            .deliver_webhooks()
            .await
            .expect("deliver")
            .delivered,
        0,
        "nothing sent twice"
    );
}

async fn failures_are_retried_and_410_disables(db: TestStore) {
    let store = db.store.clone();
    let Some(receiver) = Receiver::start() else {
        return;
    };
    let f = portal_fixture(store).await;
    let key = f.acme.api_key.expose().to_string();
    let flaky = endpoint(&f, &receiver, "/fail/2", json!(["membership.changed"])).await;
    let gone = endpoint(&f, &receiver, "/gone", json!(["membership.changed"])).await;
    add_contact(&f, "one@initech.example").await;

    let t = now();
    let first = deliver_at(&db, &f.portal, t).await;
    assert_eq!(
        (first.delivered, first.retrying, first.failed),
        (0, 1, 1),
        "{first:?}"
    );
    // Not due again until the backoff has passed (about 5 s, then about 5 minutes).
    assert_eq!(deliver_at(&db, &f.portal, t + 1).await, Default::default());
    let second = deliver_at(&db, &f.portal, t + 10).await;
    assert_eq!(second.retrying, 1);
    assert_eq!(deliver_at(&db, &f.portal, t + 60).await, Default::default());
    let third = deliver_at(&db, &f.portal, t + 10 + 400).await;
    assert_eq!(third.delivered, 1);
    let received = receiver.received().await;
    let flaky_ids = ids(&received, "/fail/2");
    assert_eq!(flaky_ids.len(), 3);
    assert!(
        flaky_ids.iter().all(|id| *id == flaky_ids[0]),
        "one webhook-id across retries"
    );

    // The delivery log, through the API.
    let (_, log) = api(
        &f.router,
        "GET",
        &format!("/api/v1/webhook-endpoints/{flaky}/attempts"),
        &key,
        None,
    )
    .await;
    let codes: Vec<i64> = log["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter_map(|a| a["status_code"].as_i64())
        .collect();
    assert_eq!(codes, [204, 500, 500]);

    // 410 disabled its endpoint: later events don't go there.
    let (_, list) = api(&f.router, "GET", "/api/v1/webhook-endpoints", &key, None).await;
    let gone_view = list["data"]
        .as_array()
        .expect("data")
        .iter()
        .find(|e| e["id"] == gone.as_str())
        .expect("gone")
        .clone();
    assert_eq!(gone_view["status"], "disabled");
    assert_eq!(
        gone_view["disabled_reason"],
        "the endpoint answered 410 Gone"
    );
    add_contact(&f, "two@initech.example").await;
    let after = deliver_at(&db, &f.portal, t + 500).await;
    assert_eq!(after.delivered, 1);
    assert_eq!(ids(&receiver.received().await, "/gone").len(), 1);
}

async fn nothing_is_lost_across_a_restart_or_a_dead_worker(db: TestStore) {
    let store = db.store.clone();
    let Some(receiver) = Receiver::start() else {
        return;
    };
    let f = portal_fixture(store.clone()).await;
    endpoint(&f, &receiver, "/ok", json!(["*"])).await;
    add_contact(&f, "a@initech.example").await;
    add_contact(&f, "b@initech.example").await;
    // A worker claims the deliveries and dies before sending them.
    let claimed = store.claim_deliveries(now(), 100, 60).await.expect("claim");
    assert_eq!(claimed.len(), 2);
    drop(claimed);
    assert_eq!(
        f.portal
            .deliver_webhooks()
            .await
            .expect("deliver")
            .delivered,
        0,
        "still leased"
    );
    // A restarted host (a new portal on the same database) sends them once the lease is over.
    let restarted = Portal::builder(
        store,
        f.master.clone(),
        Tenancy::Subdomain {
            base_domain: "localhost".into(),
        },
    )
    .webhook_addresses(AddressPolicy::Any)
    .build()
    .expect("portal");
    let sent = deliver_at(&db, &restarted, now() + 61).await;
    assert_eq!(sent.delivered, 2);
    assert_eq!(ids(&receiver.received().await, "/ok").len(), 2);
}

async fn two_workers_never_send_one_delivery_twice(db: TestStore) {
    let store = db.store.clone();
    let Some(receiver) = Receiver::start() else {
        return;
    };
    let f = portal_fixture(store.clone()).await;
    endpoint(&f, &receiver, "/ok", json!(["membership.changed"])).await;
    for i in 0..40 {
        add_contact(&f, &format!("c{i}@initech.example")).await;
    }
    let other = Portal::builder(
        store,
        f.master.clone(),
        Tenancy::Subdomain {
            base_domain: "localhost".into(),
        },
    )
    .webhook_addresses(AddressPolicy::Any)
    .build()
    .expect("portal");
    let (a, b) = tokio::join!(f.portal.deliver_webhooks(), other.deliver_webhooks());
    let (a, b) = (a.expect("a"), b.expect("b"));
    assert_eq!(a.delivered + b.delivered, 40, "{a:?} {b:?}");
    let mut seen = ids(&receiver.received().await, "/ok");
    assert_eq!(seen.len(), 40);
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 40, "no event delivered twice");
}

/// A host serving many tenants keeps their webhooks off its own network by default: loopback, private and
/// link-local addresses are refused when an endpoint is created, and an endpoint that points there anyway (made
/// while the host allowed it) gets nothing — its attempts are logged as refused and retried like any failure.
async fn endpoints_cannot_reach_the_hosts_own_network(db: TestStore) {
    let store = db.store.clone();
    let f = portal_fixture(store.clone()).await;
    let key = f.acme.api_key.expose().to_string();
    let public_only = Portal::builder(
        store,
        f.master.clone(),
        Tenancy::Subdomain {
            base_domain: "localhost".into(),
        },
    )
    .build()
    .expect("portal");
    let router: Router = public_only.router();

    // Something listening on loopback, counting connections.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let connections = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = connections.clone();
    tokio::spawn(async move {
        while let Ok((_socket, _)) = listener.accept().await {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
    });

    for url in [
        format!("http://127.0.0.1:{port}/hook"),
        format!("http://localhost:{port}/hook"),
        "http://[::1]/hook".to_string(),
        "http://169.254.169.254/latest/meta-data/".to_string(),
        "http://10.0.0.7/hook".to_string(),
        "http://2130706433/hook".to_string(),
    ] {
        let (status, body) = api(
            &router,
            "POST",
            "/api/v1/webhook-endpoints",
            &key,
            Some(json!({"url": url})),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{url}: {body}");
        assert_eq!(body["error"]["param"], "url", "{url}: {body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .is_some_and(|m| m.contains("public internet address")),
            "{url}: {body}"
        );
    }
    let (status, body) = api(
        &router,
        "POST",
        "/api/v1/webhook-endpoints",
        &key,
        Some(json!({"url": "https://hooks.example.com/billfold"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    // Made through the fixture's portal, which allows loopback (as a development host would).
    let (status, body) = api(
        &f.router,
        "POST",
        "/api/v1/webhook-endpoints",
        &key,
        Some(json!({"url": format!("http://127.0.0.1:{port}/hook"), "events": ["membership.changed"]})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let inside = body["id"].as_str().expect("id").to_string();
    add_contact(&f, "probe@initech.example").await;
    let t = now();
    let sent = deliver_at(&db, &public_only, t).await;
    assert_eq!(sent.delivered, 0, "{sent:?}");
    assert!(sent.retrying >= 1, "{sent:?}");
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(
        connections.load(std::sync::atomic::Ordering::SeqCst),
        0,
        "nothing connected to the loopback listener"
    );
    let (_, log) = api(
        &router,
        "GET",
        &format!("/api/v1/webhook-endpoints/{inside}/attempts"),
        &key,
        None,
    )
    .await;
    let attempt = &log["data"][0];
    assert!(attempt["status_code"].is_null(), "{log}");
    assert_eq!(
        attempt["error"], "url must point to a public internet address, not 127.0.0.1",
        "{log}"
    );
}

/// A POST with an `Idempotency-Key`; returns the status.
async fn post_once(f: &PortalFixture, key: &str, body: Value) -> StatusCode {
    let request = Request::builder()
        .method("POST")
        .uri("/api/v1/accounts")
        .header(header::HOST, HOST)
        .header(
            header::AUTHORIZATION,
            format!("Bearer {}", f.acme.api_key.expose()),
        )
        .header(header::CONTENT_TYPE, "application/json")
        .header("idempotency-key", key)
        .body(Body::from(body.to_string()))
        .expect("request");
    f.router
        .clone()
        .oneshot(request)
        .await
        .expect("infallible")
        .status()
}

/// Old records go once past their retention: idempotency keys after a day, events after 30 days but only once
/// none of their deliveries is pending (with the deliveries' attempts); the rest stays.
async fn records_past_their_retention_are_purged(db: TestStore) {
    let store = db.store.clone();
    let f = portal_fixture(store).await;
    let key = f.acme.api_key.expose().to_string();
    let event_ids = |page: &Value| -> Vec<String> {
        page["data"]
            .as_array()
            .expect("data")
            .iter()
            .filter_map(|e| e["id"].as_str().map(String::from))
            .collect()
    };
    // Events before any endpoint exists (no deliveries), then one with a delivery that keeps failing.
    add_contact(&f, "early@initech.example").await;
    let (status, body) = api(
        &f.router,
        "POST",
        "/api/v1/webhook-endpoints",
        &key,
        Some(json!({"url": "http://127.0.0.1:9/closed", "events": ["membership.changed"]})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let endpoint = body["id"].as_str().expect("id").to_string();
    add_contact(&f, "late@initech.example").await;
    let t = now();
    let sent = deliver_at(&db, &f.portal, t).await;
    assert_eq!(sent.retrying, 1, "{sent:?}");
    let (_, before) = api(&f.router, "GET", "/api/v1/events", &key, None).await;
    // The fixture's import wrote events too; only the last one has a delivery.
    let all = event_ids(&before);
    assert!(all.len() >= 2, "{before}");

    // An idempotency key: reused with another body it is refused, until it has been purged.
    let first = json!({"id": "C-900", "name": "Nine", "currency": "USD"});
    let other = json!({"id": "C-901", "name": "Other", "currency": "USD"});
    assert_eq!(post_once(&f, "idem-1", first).await, StatusCode::OK);
    assert_ne!(post_once(&f, "idem-1", other.clone()).await, StatusCode::OK);

    let purged = purge_at(&db, &f.portal, t + 2 * 86_400).await;
    assert_eq!((purged.api_requests, purged.events), (1, 0), "{purged:?}");
    assert_eq!(post_once(&f, "idem-1", other).await, StatusCode::OK);

    // After 30 days the events without deliveries go; the one still being retried stays.
    let purged = purge_at(&db, &f.portal, t + 31 * 86_400).await;
    // (globex's events, from its import, go too.)
    assert!(purged.events as usize > all.len() - 1, "{purged:?}");
    let (_, after) = api(&f.router, "GET", "/api/v1/events", &key, None).await;
    assert_eq!(event_ids(&after), all[all.len() - 1..], "{after}");

    // Once its endpoint is disabled the delivery has finished, and the event goes with its attempts.
    let (status, body) = api(
        &f.router,
        "POST",
        &format!("/api/v1/webhook-endpoints/{endpoint}/disable"),
        &key,
        Some(json!({})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let attempts = || async {
        let (_, log) = api(
            &f.router,
            "GET",
            &format!("/api/v1/webhook-endpoints/{endpoint}/attempts"),
            &key,
            None,
        )
        .await;
        log["data"].as_array().map(Vec::len)
    };
    assert_eq!(attempts().await, Some(1));
    let purged = purge_at(&db, &f.portal, t + 31 * 86_400).await;
    assert_eq!(purged.events, 1, "{purged:?}");
    let (_, after) = api(&f.router, "GET", "/api/v1/events", &key, None).await;
    assert!(event_ids(&after).is_empty(), "{after}");
    assert_eq!(attempts().await, Some(0));
}

billfold_tests::test_store_suite!(
    records_past_their_retention_are_purged,
    endpoints_cannot_reach_the_hosts_own_network,
    events_are_delivered_signed_once_each,
    failures_are_retried_and_410_disables,
    nothing_is_lost_across_a_restart_or_a_dead_worker,
    two_workers_never_send_one_delivery_twice,
);

/// Delivers what is due at `at` (Unix seconds), moving the store's clock there.
async fn deliver_at(db: &TestStore, portal: &Portal, at: i64) -> billfold::webhooks::Delivered {
    db.clock.set(at);
    portal.deliver_webhooks().await.expect("deliver")
}

/// Purges what is past its retention at `at` (Unix seconds), moving the store's clock there.
async fn purge_at(db: &TestStore, portal: &Portal, at: i64) -> billfold::store::Purged {
    db.clock.set(at);
    portal.purge_old_records().await.expect("purge")
}
