//! Several host processes on one store, on SQLite and PostgreSQL: what one changes, the others enforce at once
//! (issue 18's bound on stale permissions).
//! A signed-in request reads its session, user and memberships fresh (one query, nothing cached), so a role taken
//! away through one process is refused by every other on its next request — the bound is zero.

use axum::http::StatusCode;
use billfold::{Portal, Tenancy};
use billfold_tests::web::*;
use serde_json::json;

async fn a_role_removed_through_one_host_is_refused_by_another_at_once(
    store: billfold::SharedStore,
) {
    let f = portal_fixture(store).await;
    // A second host process: its own Portal (its own caches) on the same database.
    let other = Portal::builder(
        f.store.clone(),
        f.master.clone(),
        Tenancy::Subdomain {
            base_domain: "localhost".into(),
        },
    )
    .build()
    .expect("second portal")
    .router();
    let key = f.acme.api_key.expose().to_string();
    let pat = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    assert_eq!(
        get(&f.router, HOST_ACME, "/invoices/INV-1001/pay", Some(&pat))
            .await
            .status,
        StatusCode::OK
    );

    // Through the other host: Pat becomes a viewer. This host refuses the pay form on the very next request.
    let (status, body) = api(
        &other,
        "POST",
        "/api/v1/contacts",
        &key,
        Some(json!({"email": "pat@initech.example",
                    "memberships": [{"account": "C-100", "roles": ["viewer"]}]})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        get(&f.router, HOST_ACME, "/invoices/INV-1001/pay", Some(&pat))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        get(&f.router, HOST_ACME, "/", Some(&pat)).await.status,
        StatusCode::OK,
        "a viewer still sees the invoices"
    );

    // Through the other host: Pat's access to the account is removed. This host shows Access denied, no data.
    let (status, body) = api(
        &other,
        "POST",
        "/api/v1/contacts/pat@initech.example/memberships/C-100/remove",
        &key,
        Some(json!({})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // (Removing the last access ends the user's sessions: the sign-in page, or Access denied — never the data.)
    let denied = get(&f.router, HOST_ACME, "/", Some(&pat)).await;
    assert!(
        matches!(
            denied.status,
            StatusCode::FORBIDDEN | StatusCode::UNAUTHORIZED
        ),
        "{}",
        denied.status
    );
    assert!(!denied.text().contains("INV-1001"), "no invoice data");
}

billfold_tests::store_suite!(a_role_removed_through_one_host_is_refused_by_another_at_once,);
