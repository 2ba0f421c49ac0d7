//! Drives the example vendor app: its own page, then "Billing" signs the user into the nested portal.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use billfold::secrets::MasterKey;
use billfold::{connect, ConnectOptions, Portal, Tenancy};
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

#[tokio::test]
async fn the_vendor_app_signs_its_user_into_the_nested_portal() {
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}", dir.path().join("vendor.db").display());
    let store = connect(&url, &ConnectOptions::default())
        .await
        .expect("store");
    let master = MasterKey::generate().expect("key");
    let slug = example_tenant(&store, &master)
        .await
        .expect("example tenant");
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
