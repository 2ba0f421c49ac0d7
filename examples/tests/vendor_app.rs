//! Drives the example vendor app: its own page, then "Billing" signs the user into the nested portal.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use billfold::domain::{NewTenant, Slug};
use billfold::secrets::MasterKey;
use billfold::{connect, import, tenants, ConnectOptions, Portal, Tenancy};
use tower::ServiceExt;
use vendor_app::{app, VendorState};

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

#[tokio::test]
async fn the_vendor_app_signs_its_user_into_the_nested_portal() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}", dir.path().join("vendor.db").display());
    let store = connect(&url, &ConnectOptions::default())
        .await
        .expect("store");
    let master = MasterKey::generate().expect("key");
    let slug = Slug::parse("vendor").expect("slug");
    let new = NewTenant {
        slug: slug.clone(),
        name: "Example Vendor".into(),
        theme: "default".into(),
        branding: Default::default(),
        settings: Default::default(),
    };
    let tenant = tenants::provision(store.as_ref(), &master, &new)
        .await
        .expect("tenant")
        .tenant;
    let data = serde_json::json!({
        "accounts": [{"id": "A-1", "name": "Initech", "currency": "USD"}],
        "contacts": [{"email": "pat@initech.example", "name": "Pat",
                      "memberships": [{"account": "A-1", "roles": ["accounting"]}]}],
        "invoices": [{"number": "V-1001", "account": "A-1", "issued_on": "2026-10-01", "due_on": "2026-10-31",
                      "currency": "USD", "lines": [{"description": "Pro plan", "quantity": "1", "unit_price": "49.00"}]}]
    });
    import::run(
        store.as_ref(),
        tenant.id,
        &serde_json::to_vec(&data).expect("json"),
        &|_| {},
    )
    .await
    .expect("import");
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
