//! Comments on invoices, on SQLite and PostgreSQL: a customer's comment (any role that sees the invoice) is shown
//! escaped, flags the invoice for the vendor and reaches it as `invoice.comment_added`; the vendor lists flagged
//! invoices, replies (emailed to the customer) and resolves; other accounts, other tenants and members without a
//! role get nothing.

use axum::http::StatusCode;
use billfold_tests::mail::outbox;
use billfold_tests::web::*;

const HOST: &str = HOST_ACME;

async fn comment(f: &PortalFixture, cookie: &str, number: &str, body: &str) -> Page {
    let page = get(
        &f.router,
        HOST,
        &format!("/invoices/{number}"),
        Some(cookie),
    )
    .await;
    let csrf = page.csrf();
    post(
        &f.router,
        HOST,
        &format!("/invoices/{number}/comments"),
        cookie,
        &format!("csrf={}&body={}", enc(&csrf), enc(body)),
    )
    .await
}

async fn a_customers_comment_flags_the_invoice_and_the_vendor_replies(
    store: billfold::SharedStore,
) {
    let f = portal_fixture(store).await;
    let key = f.acme.api_key.expose().to_string();
    let pat = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;

    let posted = comment(
        &f,
        &pat,
        "INV-1001",
        "Line 2 looks wrong <script>alert(1)</script>\nsee https://evil.example/x",
    )
    .await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.text());
    let page = follow(&f.router, HOST, posted, &pat).await;
    let html = page.text();
    assert!(
        html.contains("Line 2 looks wrong &lt;script&gt;alert(1)&lt;&#x2F;script&gt;"),
        "escaped as text: {html}"
    );
    assert!(!html.contains("<script>alert(1)"), "never markup");
    assert!(
        !html.contains("href=\"https://evil.example"),
        "links are not made clickable"
    );
    assert!(html.contains("data-testid=\"awaiting-reply\""), "{html}");
    assert!(html.contains("Pat Doe"), "the author's name");

    let dashboard = get(&f.router, HOST, "/", Some(&pat)).await.text();
    assert!(
        dashboard.contains("comment-marker comment-marker--open")
            && dashboard.contains("1 comment, not resolved yet"),
        "the dashboard row is marked: {dashboard}"
    );

    // The vendor sees the flag, the thread and the event.
    let (status, flagged) = api(
        &f.router,
        "GET",
        "/api/v1/invoices?needs_attention=true",
        &key,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{flagged}");
    let numbers: Vec<&str> = flagged["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter_map(|i| i["number"].as_str())
        .collect();
    assert_eq!(numbers, ["INV-1001"]);
    assert_eq!(flagged["data"][0]["comment_count"], 1);
    let (_, events) = api(&f.router, "GET", "/api/v1/events?limit=100", &key, None).await;
    let event = events["data"]
        .as_array()
        .expect("events")
        .iter()
        .find(|e| e["type"] == "invoice.comment_added")
        .expect("invoice.comment_added")
        .clone();
    let c = &event["data"]["comment"];
    assert_eq!(c["invoice"], "INV-1001");
    assert_eq!(c["account"], "C-100");
    assert_eq!(c["author"], "customer");
    assert_eq!(c["author_email"], "pat@initech.example");
    assert_eq!(c["needs_attention"], true);
    assert!(
        c["body"].as_str().unwrap_or("").contains("<script>"),
        "raw text to the vendor"
    );

    // A viewer may comment too; a member without a role may not.
    let vic = sign_in(&f.router, &f.acme, "vic@initech.example", Some("C-100")).await;
    let by_viewer = comment(&f, &vic, "INV-1001", "Seconded.").await;
    assert_eq!(
        by_viewer.status,
        StatusCode::SEE_OTHER,
        "{}",
        by_viewer.text()
    );

    // The vendor replies and resolves in one call; the customer who commented is emailed.
    let (status, reply) = api(
        &f.router,
        "POST",
        "/api/v1/invoices/INV-1001/comments",
        &key,
        Some(serde_json::json!({"body": "Fixed: line 2 is now 1 unit.\nThanks!", "resolve": true})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{reply}");
    assert_eq!(reply["author"], "vendor");
    assert_eq!(reply["author_name"], f.acme.tenant.name.as_str());
    let (_, thread) = api(
        &f.router,
        "GET",
        "/api/v1/invoices/INV-1001/comments",
        &key,
        None,
    )
    .await;
    let authors: Vec<&str> = thread["data"]
        .as_array()
        .expect("thread")
        .iter()
        .filter_map(|c| c["author"].as_str())
        .collect();
    assert_eq!(authors, ["customer", "customer", "vendor"]);
    let (_, invoice) = api(&f.router, "GET", "/api/v1/invoices/INV-1001", &key, None).await;
    assert_eq!(invoice["needs_attention"], false);
    assert_eq!(invoice["comment_count"], 3);
    let page = get(&f.router, HOST, "/invoices/INV-1001", Some(&pat))
        .await
        .text();
    assert!(
        page.contains("comment comment--vendor") && page.contains("Fixed: line 2 is now 1 unit."),
        "{page}"
    );
    assert!(!page.contains("data-testid=\"awaiting-reply\""));

    let dir = tempfile::tempdir().expect("outbox");
    f.portal.deliver_mail(dir.path()).await.expect("deliver");
    let replies: Vec<_> = outbox(dir.path())
        .into_iter()
        .filter(|m| m.subject.contains("replied about invoice INV-1001"))
        .collect();
    let mut to: Vec<String> = replies.iter().flat_map(|m| m.to.clone()).collect();
    to.sort();
    assert_eq!(
        to,
        ["pat@initech.example", "vic@initech.example"],
        "the customers in the thread"
    );
    assert!(replies[0].text.contains("Fixed: line 2 is now 1 unit."));
    assert!(replies[0].text.contains("/invoices/INV-1001#comments"));

    // Another customer comment flags it again; resolve alone clears it.
    comment(&f, &pat, "INV-1001", "One more thing.").await;
    let (_, invoice) = api(&f.router, "GET", "/api/v1/invoices/INV-1001", &key, None).await;
    assert_eq!(invoice["needs_attention"], true);
    let (status, resolved) = api(
        &f.router,
        "POST",
        "/api/v1/invoices/INV-1001/resolve",
        &key,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{resolved}");
    assert_eq!(resolved["needs_attention"], false);
    let (_, none) = api(
        &f.router,
        "GET",
        "/api/v1/invoices?needs_attention=true",
        &key,
        None,
    )
    .await;
    assert_eq!(none["data"].as_array().map(Vec::len), Some(0));
}

async fn comments_stay_in_their_account_and_tenant(store: billfold::SharedStore) {
    let f = portal_fixture(store).await;
    let pat = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let page = get(&f.router, HOST, "/invoices/INV-1001", Some(&pat)).await;
    let csrf = page.csrf();

    // Another account's invoice (pat is a viewer of C-200, but is looking at C-100): not found.
    let other = post(
        &f.router,
        HOST,
        "/invoices/INV-2001/comments",
        &pat,
        &format!("csrf={}&body=hello", enc(&csrf)),
    )
    .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND, "{}", other.text());
    // Without the form's token: refused, nothing written.
    let forged = post(
        &f.router,
        HOST,
        "/invoices/INV-1001/comments",
        &pat,
        "body=forged",
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    // A member without a role: refused.
    let nora = sign_in(&f.router, &f.acme, "nora@initech.example", Some("C-100")).await;
    let nora_csrf = get(&f.router, HOST, "/", Some(&nora)).await.csrf();
    let refused = post(
        &f.router,
        HOST,
        "/invoices/INV-1001/comments",
        &nora,
        &format!("csrf={}&body=hi", enc(&nora_csrf)),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text());

    // Blank and too long: the form again with the reason and what was typed.
    let blank = comment(&f, &pat, "INV-1001", "   ").await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(blank.text().contains("Write a comment first."));
    let long = "x".repeat(2001);
    let too_long = comment(&f, &pat, "INV-1001", &long).await;
    assert_eq!(too_long.status, StatusCode::UNPROCESSABLE_ENTITY);
    let text = too_long.text();
    assert!(
        text.contains("at most 2000 characters; this one has 2001"),
        "{text}"
    );
    assert!(text.contains(&long), "what was typed is kept");

    let key = f.acme.api_key.expose().to_string();
    let (_, thread) = api(
        &f.router,
        "GET",
        "/api/v1/invoices/INV-1001/comments",
        &key,
        None,
    )
    .await;
    assert_eq!(thread["data"].as_array().map(Vec::len), Some(0), "{thread}");

    // globex has its own INV-1001: acme's comments are not in its thread, and its key can't reply on acme.
    comment(&f, &pat, "INV-1001", "acme only").await;
    let globex_key = f.globex.api_key.expose().to_string();
    let (status, _) = api(
        &f.router,
        "POST",
        "/api/v1/invoices/INV-1001/comments",
        &globex_key,
        Some(serde_json::json!({"body": "from globex"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "a key of another tenant");
    let globex_thread = f
        .store
        .invoice(f.globex.tenant.id, "INV-1001")
        .await
        .expect("store")
        .expect("globex INV-1001");
    assert_eq!(globex_thread.comment_count, 0);
    assert!(!globex_thread.needs_attention);

    // The API refuses a blank reply and an unknown invoice.
    let (status, error) = api(
        &f.router,
        "POST",
        "/api/v1/invoices/INV-1001/comments",
        &key,
        Some(serde_json::json!({"body": " "})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");
    assert_eq!(error["error"]["param"], "body");
    let (status, _) = api(
        &f.router,
        "POST",
        "/api/v1/invoices/NOPE/comments",
        &key,
        Some(serde_json::json!({"body": "hello"})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

billfold_tests::store_suite!(
    a_customers_comment_flags_the_invoice_and_the_vendor_replies,
    comments_stay_in_their_account_and_tenant,
);
