//! Custom domains, on SQLite and PostgreSQL: a domain is added pending, verified when the portal reaches itself
//! through it (its token at `/.well-known/billfold-domain/…`), and then serves the tenant — SSO, sessions, emailed
//! links and the OpenAPI document on it — while an unverified or unknown host gets the 404 page and a session of one
//! tenant's host is nothing on another's.

use std::net::{IpAddr, Ipv4Addr};

use axum::http::StatusCode;
use billfold::domains::DomainVerifier;
use billfold_tests::mail::outbox;
use billfold_tests::web::*;
use serde_json::json;

const CUSTOM: &str = "billing.acme.example";

async fn custom_domains_serve_the_tenant_once_verified(store: billfold::SharedStore) {
    // The portal listens on a real port; verification connects there instead of public DNS.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let f = portal_fixture_configured(store, |b| {
        b.domain_verifier(DomainVerifier {
            port,
            connect_to: Some(IpAddr::V4(Ipv4Addr::LOCALHOST)),
            ..DomainVerifier::default()
        })
    })
    .await;
    let app = f.router.clone();
    tokio::spawn(async move { axum::serve(listener, app).await });
    let key = f.acme.api_key.expose().to_string();

    let (status, added) = api(
        &f.router,
        "POST",
        "/api/v1/domains",
        &key,
        Some(json!({"hostname": "Billing.Acme.example."})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{added}");
    assert_eq!(added["hostname"], CUSTOM);
    assert_eq!(added["status"], "pending");
    let url = added["verification_url"]
        .as_str()
        .expect("verification url")
        .to_string();
    let secret = url.rsplit('/').next().expect("token").to_string();
    assert!(
        url.starts_with("http://billing.acme.example/.well-known/billfold-domain/bfd_"),
        "{url}"
    );

    // Pending: the host is nobody's yet, but it serves its token (and only its own).
    assert_eq!(
        get(&f.router, CUSTOM, "/", None).await.status,
        StatusCode::NOT_FOUND
    );
    let served = get(
        &f.router,
        CUSTOM,
        &format!("/.well-known/billfold-domain/{secret}"),
        None,
    )
    .await;
    assert_eq!(
        (served.status, served.text()),
        (StatusCode::OK, secret.clone())
    );
    let other = get(
        &f.router,
        "elsewhere.example",
        &format!("/.well-known/billfold-domain/{secret}"),
        None,
    )
    .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);

    // Verified: the portal reached itself through the name.
    let (status, verified) = api(
        &f.router,
        "POST",
        &format!("/api/v1/domains/{CUSTOM}/verify"),
        &key,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{verified}");
    assert_eq!(verified["status"], "verified");
    let page = get(&f.router, CUSTOM, "/", None).await;
    assert_eq!(
        page.status,
        StatusCode::UNAUTHORIZED,
        "the tenant's sign-in page"
    );
    assert!(page.text().contains(f.acme.tenant.name.as_str()));

    // SSO on the custom host (the token's audience is still the tenant), and the session works there.
    let t = token(&f.acme, "pat@initech.example", Some("C-100"), None);
    let signed = get(&f.router, CUSTOM, &format!("/sso?token={t}"), None).await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.text());
    let cookie = signed.session_cookie().expect("session");
    assert!(
        signed.header("set-cookie").contains("HttpOnly")
            && !signed.header("set-cookie").contains("Domain=")
    );
    assert_eq!(
        get(&f.router, CUSTOM, "/", Some(&cookie)).await.status,
        StatusCode::OK
    );
    // That cookie is nothing on another tenant's host.
    let elsewhere = get(&f.router, "globex.localhost", "/", Some(&cookie)).await;
    assert_eq!(elsewhere.status, StatusCode::UNAUTHORIZED);

    // Links leave on the custom domain: the OpenAPI server, emailed View Invoice links.
    let doc = get(&f.router, "acme.localhost", "/api/v1/openapi.json", None).await;
    let doc: serde_json::Value = serde_json::from_slice(&doc.body).expect("json");
    assert_eq!(
        doc["servers"][0]["url"],
        "https://billing.acme.example/api/v1"
    );
    let (status, sent) = api(
        &f.router,
        "POST",
        "/api/v1/invoices/INV-1001/send",
        &key,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{sent}");
    let dir = tempfile::tempdir().expect("outbox");
    f.portal.deliver_mail(dir.path()).await.expect("deliver");
    let mail = outbox(dir.path())
        .into_iter()
        .find(|m| m.to == ["pat@initech.example"])
        .expect("mail");
    let line = mail.line_with("/view/").expect("a link");
    let link = line.trim();
    assert!(
        link.starts_with("https://billing.acme.example/view/"),
        "{link}"
    );
    let opened = get(
        &f.router,
        CUSTOM,
        &link["https://billing.acme.example".len()..],
        None,
    )
    .await;
    assert_eq!(
        opened.status,
        StatusCode::SEE_OTHER,
        "the emailed link works on the custom host"
    );

    // One tenant per verified name; names under the portal's own domain are refused; unknown hosts are 404.
    let globex = f.globex.api_key.expose().to_string();
    let taken = call_on(
        &f,
        "globex.localhost",
        "POST",
        "/api/v1/domains",
        &globex,
        json!({"hostname": CUSTOM}),
    )
    .await;
    assert_eq!(taken.0, StatusCode::CONFLICT, "{}", taken.1);
    let (status, body) = api(
        &f.router,
        "POST",
        "/api/v1/domains",
        &key,
        Some(json!({"hostname": "x.localhost"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, _) = api(
        &f.router,
        "POST",
        "/api/v1/domains",
        &key,
        Some(json!({"hostname": "not a host"})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (_, pending) = api(
        &f.router,
        "POST",
        "/api/v1/domains",
        &key,
        Some(json!({"hostname": "pay.acme.example"})),
    )
    .await;
    assert_eq!(pending["status"], "pending");
    assert_eq!(
        get(&f.router, "pay.acme.example", "/", None).await.status,
        StatusCode::NOT_FOUND
    );
    let (status, refused) = api(
        &f.router,
        "POST",
        "/api/v1/domains/unknown.example/verify",
        &key,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{refused}");

    // Removed: the host is nobody's again.
    let (status, left) = api(
        &f.router,
        "POST",
        &format!("/api/v1/domains/{CUSTOM}/remove"),
        &key,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{left}");
    assert_eq!(
        get(&f.router, CUSTOM, "/", None).await.status,
        StatusCode::NOT_FOUND
    );
}

/// An API call with `key` on `host`.
async fn call_on(
    f: &PortalFixture,
    host: &str,
    method: &str,
    uri: &str,
    key: &str,
    body: serde_json::Value,
) -> (StatusCode, serde_json::Value) {
    use tower::ServiceExt;
    let request = axum::http::Request::builder()
        .method(method)
        .uri(uri)
        .header("host", host)
        .header("authorization", format!("Bearer {key}"))
        .header("content-type", "application/json")
        .body(axum::body::Body::from(body.to_string()))
        .expect("request");
    let response = f.router.clone().oneshot(request).await.expect("infallible");
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .expect("body");
    (status, serde_json::from_slice(&bytes).unwrap_or_default())
}

billfold_tests::store_suite!(custom_domains_serve_the_tenant_once_verified);
