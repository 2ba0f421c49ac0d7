//! View Invoice emails and other narrow sessions: a link that opens one invoice (and paying it) and nothing else,
//! works until it expires, and a vendor's scoped sign-in links. On SQLite and PostgreSQL.

use std::time::Duration;

use axum::http::StatusCode;
use billfold::domain::SessionScope;
use billfold_tests::mail::outbox;
use billfold_tests::web::*;
use billfold_tests::TestStore;
use serde_json::json;

async fn an_invoice_email_opens_that_invoice_only(db: TestStore) {
    let f = portal_fixture(db.store.clone()).await;
    let key = f.acme.api_key.expose().to_string();
    let (status, sent) = api(
        &f.router,
        "POST",
        "/api/v1/invoices/INV-1001/send",
        &key,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{sent}");
    assert_eq!(sent["object"], "invoice_sent");
    let recipients: Vec<&str> = sent["recipients"]
        .as_array()
        .expect("recipients")
        .iter()
        .filter_map(|r| r.as_str())
        .collect();
    assert!(recipients.contains(&"pat@initech.example"), "{sent}");
    assert!(
        !recipients.contains(&"nora@initech.example"),
        "a contact without a role gets nothing"
    );
    let dir = tempfile::tempdir().expect("outbox");
    f.portal.deliver_mail(dir.path()).await.expect("deliver");
    let mail = outbox(dir.path())
        .into_iter()
        .find(|m| m.to == ["pat@initech.example"])
        .expect("pat's invoice email");
    assert!(
        mail.subject.contains("Invoice INV-1001"),
        "{}",
        mail.subject
    );
    assert_eq!(mail.parts, ["text/plain", "text/html"]);
    let html = mail.html.clone().expect("an HTML part");
    assert!(
        html.contains("View Invoice") && html.contains("&#x2F;view&#x2F;"),
        "{html}"
    );
    let line = mail.line_with("/view/").expect("a View Invoice link");
    let link = line[line.find("/view/").expect("path")..]
        .trim()
        .to_string();

    // The link opens the invoice in a narrow session.
    let opened = get(&f.router, HOST_ACME, &link, None).await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.text());
    assert_eq!(opened.header("location"), "/invoices/INV-1001");
    let narrow = opened.session_cookie().expect("a session");
    for allowed in [
        "/invoices/INV-1001",
        "/invoices/INV-1001/pdf",
        "/invoices/INV-1001/pay",
    ] {
        let page = get(&f.router, HOST_ACME, allowed, Some(&narrow)).await;
        assert_eq!(page.status, StatusCode::OK, "{allowed}");
    }
    let page = get(&f.router, HOST_ACME, "/invoices/INV-1001", Some(&narrow)).await;
    assert!(page.text().contains("you can see only this"));
    assert!(!page.text().contains("href=\"/users\""), "no navigation");
    // Anything else answers with the sign-in page, not data.
    for refused in [
        "/",
        "/invoices/INV-1002",
        "/payments",
        "/users",
        "/payment-methods",
        "/security",
    ] {
        let page = get(&f.router, HOST_ACME, refused, Some(&narrow)).await;
        assert_eq!(page.status, StatusCode::UNAUTHORIZED, "{refused}");
        assert!(page.text().contains("Sign in to"), "{refused}");
        assert!(
            !page.text().contains("Balance"),
            "no invoice data: {refused}"
        );
    }
    // Reusable until it expires; the narrow session itself lasts an hour.
    let again = get(&f.router, HOST_ACME, &link, None).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    db.clock.advance(Duration::from_secs(3601));
    assert_eq!(
        get(&f.router, HOST_ACME, "/invoices/INV-1001", Some(&narrow))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    db.clock.advance(Duration::from_secs(30 * 86_400));
    assert_eq!(
        get(&f.router, HOST_ACME, &link, None).await.status,
        StatusCode::UNAUTHORIZED,
        "expired after 30 days"
    );

    // The vendor hears of it; bad requests are refused.
    let (_, events) = api(&f.router, "GET", "/api/v1/events?limit=100", &key, None).await;
    assert!(
        events["data"]
            .as_array()
            .expect("events")
            .iter()
            .any(|e| e["type"] == "invoice.sent" && e["data"]["invoice"]["number"] == "INV-1001"),
        "{events}"
    );
    let (status, _) = api(&f.router, "POST", "/api/v1/invoices/NOPE/send", &key, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

async fn vendor_links_can_be_scoped(db: TestStore) {
    let f = portal_fixture(db.store.clone()).await;
    let key = f.acme.api_key.expose().to_string();
    let (status, body) = api(
        &f.router,
        "POST",
        "/api/v1/sso-links",
        &key,
        Some(
            json!({"email": "pat@initech.example", "account": "C-100", "scope": "payment_methods"}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let url = body["url"].as_str().expect("url");
    let path = &url[url.find("/sso?").expect("path")..];
    let opened = get(&f.router, HOST_ACME, path, None).await;
    assert_eq!(opened.header("location"), "/payment-methods");
    let narrow = opened.session_cookie().expect("session");
    assert_eq!(
        get(&f.router, HOST_ACME, "/payment-methods", Some(&narrow))
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        get(&f.router, HOST_ACME, "/", Some(&narrow)).await.status,
        StatusCode::UNAUTHORIZED
    );
    // A "Manage Subscription" link: the subscriptions (and saving a method for them), nothing else.
    let (status, body) = api(
        &f.router,
        "POST",
        "/api/v1/sso-links",
        &key,
        Some(json!({"email": "pat@initech.example", "account": "C-100", "scope": "subscriptions"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let url = body["url"].as_str().expect("url");
    let opened = get(
        &f.router,
        HOST_ACME,
        &url[url.find("/sso?").expect("path")..],
        None,
    )
    .await;
    assert_eq!(opened.header("location"), "/subscriptions");
    let narrow = opened.session_cookie().expect("session");
    for (path, status) in [
        ("/subscriptions", StatusCode::OK),
        ("/payment-methods", StatusCode::OK),
        ("/", StatusCode::UNAUTHORIZED),
        ("/invoices/INV-1001", StatusCode::UNAUTHORIZED),
    ] {
        assert_eq!(
            get(&f.router, HOST_ACME, path, Some(&narrow)).await.status,
            status,
            "{path}"
        );
    }
    let (status, body) = api(
        &f.router,
        "POST",
        "/api/v1/sso-links",
        &key,
        Some(json!({"email": "pat@initech.example", "scope": "everything"})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"]["param"], "scope");

    // From the SDK: a link to pay.
    let url = f
        .portal
        .scoped_sign_in_url(
            &f.acme.tenant.slug,
            "http://acme.localhost",
            "pat@initech.example",
            Some("C-100"),
            &SessionScope::Pay,
        )
        .await
        .expect("url");
    let path = &url[url.find("/sso?").expect("path")..];
    let opened = get(&f.router, HOST_ACME, path, None).await;
    let narrow = opened.session_cookie().expect("session");
    for allowed in ["/", "/payments", "/invoices/INV-1002", "/pay"] {
        assert_eq!(
            get(&f.router, HOST_ACME, allowed, Some(&narrow))
                .await
                .status,
            StatusCode::OK,
            "{allowed}"
        );
    }
    for refused in ["/users", "/payment-methods", "/activity"] {
        assert_eq!(
            get(&f.router, HOST_ACME, refused, Some(&narrow))
                .await
                .status,
            StatusCode::UNAUTHORIZED,
            "{refused}"
        );
    }
}

async fn a_receipt_mail_links_to_its_receipt(db: TestStore) {
    let f = portal_fixture(db.store.clone()).await;
    let portal = billfold::web::Portal::builder(
        f.store.clone(),
        f.master.clone(),
        billfold::web::Tenancy::Subdomain {
            base_domain: "localhost".into(),
        },
    )
    .public_origin("https://{tenant}.portal.example")
    .build()
    .expect("portal");
    let router = portal.router();
    let cookie = sign_in(&router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let paid = pay_with_sandbox_card(
        &router,
        HOST_ACME,
        "/invoices/INV-1001/pay",
        &cookie,
        "5.00",
    )
    .await;
    assert!(
        paid.status.is_success() || paid.status.is_redirection(),
        "{}",
        paid.text()
    );
    let dir = tempfile::tempdir().expect("outbox");
    portal.deliver_mail(dir.path()).await.expect("deliver");
    let receipt = outbox(dir.path())
        .into_iter()
        .find(|m| m.subject.starts_with("Receipt"))
        .expect("a receipt");
    let line = receipt
        .line_with("https://acme.portal.example/receipts/")
        .expect("a link to the receipt page");
    let path = &line[line.find("/receipts/").expect("path")..];
    let page = get(&router, HOST_ACME, path, Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK, "{path}");
}

billfold_tests::test_store_suite!(
    an_invoice_email_opens_that_invoice_only,
    vendor_links_can_be_scoped,
    a_receipt_mail_links_to_its_receipt,
);
