//! Drives the example vendor app: its own page, then "Billing" signs the user into the nested portal; a payment
//! there sends its receipt and webhook from the portal's own background work.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use std::time::Duration;

use billfold::domain::Slug;
use billfold::secrets::MasterKey;
use billfold::web::Background;
use billfold::{connect, ConnectOptions, Portal, SharedStore, Tenancy};
use tower::ServiceExt;
use vendor_app::{app, example_tenant, VendorState};

async fn call(
    app: &axum::Router,
    uri: &str,
    cookie: Option<&str>,
) -> (StatusCode, axum::http::HeaderMap, String) {
    let mut request = Request::builder()
        .uri(uri)
        .header(header::HOST, "localhost:3000");
    if let Some(c) = cookie {
        request = request.header(header::COOKIE, c);
    }
    let response = app
        .clone()
        .oneshot(request.body(Body::empty()).expect("request"))
        .await
        .expect("response");
    let (status, headers) = (response.status(), response.headers().clone());
    let body = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .expect("body");
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

/// A fresh SQLite store in a temporary folder holding the example's tenant and data.
async fn example_store() -> (tempfile::TempDir, SharedStore, MasterKey, Slug) {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}", dir.path().join("vendor.db").display());
    let store = connect(&url, &ConnectOptions::default())
        .await
        .expect("store");
    let master = MasterKey::generate().expect("key");
    let slug = example_tenant(&store, &master)
        .await
        .expect("example tenant");
    (dir, store, master, slug)
}

#[tokio::test]
async fn the_vendor_app_signs_its_user_into_the_nested_portal() {
    let (_dir, store, master, slug) = example_store().await;
    let portal = Portal::builder(store, master, Tenancy::Single(slug.clone()))
        .build()
        .expect("portal");
    let app = app(VendorState {
        portal,
        tenant: slug,
        portal_url: "http://localhost:3000/billing".into(),
        signed_in_email: "pat@initech.example".into(),
    });

    let (status, _, home) = call(&app, "/", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(home.contains("Welcome back, pat@initech.example"));

    let (status, headers, _) = call(&app, "/billing-portal", None).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let sso_url = headers[header::LOCATION].to_str().expect("location");
    let path = sso_url
        .strip_prefix("http://localhost:3000")
        .expect("portal URL");
    assert!(path.starts_with("/billing/sso?token="));

    let (status, headers, _) = call(&app, path, None).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/billing");
    let cookie = headers[header::SET_COOKIE]
        .to_str()
        .expect("cookie")
        .split(';')
        .next()
        .expect("pair")
        .to_string();

    let (status, _, dashboard) = call(&app, "/billing", Some(&cookie)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        dashboard.contains("Total Outstanding")
            && dashboard.contains("$49.00")
            && dashboard.contains("V-1001")
    );
    // The link was single-use.
    let (status, _, _) = call(&app, path, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

/// The embedded portal runs by itself: paid through the vendor app, its receipt mail and a signed webhook go out
/// from `Portal::run_background` — no host binary involved.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_embedded_portal_sends_receipts_and_webhooks_by_itself() {
    let Some(receiver) = billfold_tests::webhook_receiver::Receiver::start() else {
        return;
    };
    let (dir, store, master, slug) = example_store().await;
    let tenant = store
        .tenant_by_slug(slug.as_str())
        .await
        .expect("tenant")
        .expect("exists");
    let api_key = billfold::tenants::add_api_key(store.as_ref(), tenant.id)
        .await
        .expect("api key");
    let portal = Portal::builder(store, master, Tenancy::Single(slug.clone()))
        .public_origin("http://localhost:3000")
        // The test's webhook receiver listens on loopback.
        .webhook_addresses(billfold::outbound::AddressPolicy::Any)
        .build()
        .expect("portal");
    let app = app(VendorState {
        portal: portal.clone(),
        tenant: slug,
        portal_url: "http://localhost:3000/billing".into(),
        signed_in_email: "pat@initech.example".into(),
    });

    // The vendor subscribes to payments through the embedded API.
    let subscribed = app
        .clone()
        .oneshot(
            Request::builder()
                .method("POST")
                .uri("/billing/api/v1/webhook-endpoints")
                .header(header::HOST, "localhost:3000")
                .header(header::AUTHORIZATION, format!("Bearer {}", api_key.expose()))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(
                    serde_json::json!({"url": format!("{}/ok", receiver.base), "events": ["payment.succeeded"]})
                        .to_string(),
                ))
                .expect("request"),
        )
        .await
        .expect("response");
    assert_eq!(subscribed.status(), StatusCode::OK);
    let endpoint: serde_json::Value = serde_json::from_slice(
        &axum::body::to_bytes(subscribed.into_body(), 1 << 20)
            .await
            .expect("body"),
    )
    .expect("json");
    receiver
        .set_secret("/ok", endpoint["secret"].as_str().expect("secret"))
        .await;

    // The background work runs beside the app, as `vendor_app_main.rs` runs it.
    let outbox = dir.path().join("mail");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let schedule = Background {
        mail_every: Duration::from_millis(100),
        webhooks_every: Duration::from_millis(100),
        ..Background::new(&outbox)
    };
    let background = tokio::spawn(async move {
        portal
            .run_background(schedule, async {
                let _ = stopped.await;
            })
            .await;
    });

    // Pat opens billing from the vendor app and pays the invoice with the sandbox card.
    let (_, headers, _) = call(&app, "/billing-portal", None).await;
    let sso = headers[header::LOCATION].to_str().expect("location");
    let sso_path = sso
        .strip_prefix("http://localhost:3000")
        .expect("portal URL");
    let signed = billfold_tests::web::get(&app, "localhost:3000", sso_path, None).await;
    let cookie = signed.session_cookie().expect("session");
    let paid = billfold_tests::web::pay_with_sandbox_card(
        &app,
        "localhost:3000",
        "/billing/invoices/V-1001/pay",
        &cookie,
        "49.00",
    )
    .await;
    assert_eq!(paid.status, StatusCode::SEE_OTHER, "{}", paid.text());

    // Within a few ticks: the receipt in the outbox and the verified webhook at the receiver.
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let (mut receipt, mut delivered) = (None, Vec::new());
    while std::time::Instant::now() < deadline && (receipt.is_none() || delivered.is_empty()) {
        tokio::time::sleep(Duration::from_millis(100)).await;
        if outbox.exists() {
            receipt = billfold_tests::mail::outbox(&outbox)
                .into_iter()
                .find(|m| m.subject.starts_with("Receipt"));
        }
        delivered = receiver.received().await;
    }
    let receipt = receipt.expect("a receipt mail written by the background work");
    assert_eq!(receipt.to, ["pat@initech.example"]);
    assert!(receipt.text.contains("$49.00"), "{}", receipt.text);
    assert_eq!(delivered.len(), 1, "{delivered:?}");
    assert_eq!(delivered[0]["type"], "payment.succeeded");
    assert_eq!(delivered[0]["verified"], true, "signed: {delivered:?}");
    let _ = stop.send(());
    background.await.expect("background work stops on shutdown");
}
