//! Subscriptions, on SQLite and PostgreSQL: the vendor pushes them (API and import file), the portal shows them,
//! a payer cancels (at period end with a reason, or at once, or not at all — the tenant's policy), resumes and
//! changes the method; each change is a webhook event and an email; the vendor's later update wins; viewers, other
//! accounts and other tenants get nothing.

use axum::http::StatusCode;
use billfold::domain::CancelPolicy;
use billfold_tests::mail::outbox;
use billfold_tests::web::*;
use serde_json::{json, Value};

const HOST: &str = HOST_ACME;

fn day(offset: i64) -> String {
    (time::OffsetDateTime::now_utc().date() + time::Duration::days(offset)).to_string()
}

fn pro(id: &str, account: &str) -> Value {
    json!({"id": id, "account": account, "plan": "Pro <b>plan</b>", "quantity": 3, "unit_amount": "49.00",
           "currency": "USD", "interval": "month", "status": "active",
           "current_period_start": day(-10), "current_period_end": day(20)})
}

async fn push(f: &PortalFixture, body: Value) -> (StatusCode, Value) {
    let key = f.acme.api_key.expose().to_string();
    api(&f.router, "POST", "/api/v1/subscriptions", &key, Some(body)).await
}

async fn read(f: &PortalFixture, id: &str) -> Value {
    let key = f.acme.api_key.expose().to_string();
    let (status, s) = api(
        &f.router,
        "GET",
        &format!("/api/v1/subscriptions/{id}"),
        &key,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{s}");
    s
}

async fn event_types(f: &PortalFixture) -> Vec<(String, Value)> {
    let key = f.acme.api_key.expose().to_string();
    let (_, events) = api(&f.router, "GET", "/api/v1/events?limit=100", &key, None).await;
    events["data"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| {
            e["type"]
                .as_str()
                .unwrap_or("")
                .starts_with("subscription.")
        })
        .map(|e| {
            (
                e["type"].as_str().unwrap_or("").to_string(),
                e["data"]["subscription"].clone(),
            )
        })
        .collect()
}

async fn form_post(
    f: &PortalFixture,
    cookie: &str,
    page: &str,
    action: &str,
    fields: &str,
) -> Page {
    let csrf = get(&f.router, HOST, page, Some(cookie)).await.csrf();
    post(
        &f.router,
        HOST,
        action,
        cookie,
        &format!("csrf={}{fields}", enc(&csrf)),
    )
    .await
}

async fn a_payer_cancels_resumes_and_changes_the_method(store: billfold::SharedStore) {
    let f = portal_fixture(store).await;
    let pat = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let dashboard = get(&f.router, HOST, "/", Some(&pat)).await.text();
    assert!(
        !dashboard.contains(">Subscriptions<"),
        "no nav item without subscriptions"
    );

    let (status, created) = push(&f, pro("sub_pro", "C-100")).await;
    assert_eq!(status, StatusCode::OK, "{created}");
    assert_eq!(created["amount"], "147.00");
    assert_eq!(created["payment_method"], Value::Null);

    let page = get(&f.router, HOST, "/subscriptions", Some(&pat)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    let html = page.text();
    assert!(html.contains(">Subscriptions</a>"), "the nav item appears");
    assert!(
        html.contains("Pro &lt;b&gt;plan&lt;&#x2F;b&gt;"),
        "vendor text escaped: {html}"
    );
    assert!(
        html.contains("$147.00 &#x2F; month") && html.contains("3 × $49.00"),
        "{html}"
    );
    assert!(html.contains("Renews on") && html.contains("Invoiced (you pay each invoice)"));

    // Cancel at period end (the default policy), with a reason and a comment.
    let cancel_page = get(&f.router, HOST, "/subscriptions/sub_pro/cancel", Some(&pat)).await;
    assert_eq!(cancel_page.status, StatusCode::OK);
    assert!(
        cancel_page.text().contains("stays active until"),
        "{}",
        cancel_page.text()
    );
    let bad = form_post(
        &f,
        &pat,
        "/subscriptions/sub_pro/cancel",
        "/subscriptions/sub_pro/cancel",
        "&reason=bogus&comment=kept",
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.text().contains("Choose one of the reasons listed.")
            && bad.text().contains(">kept</textarea>")
    );
    let canceled = form_post(
        &f,
        &pat,
        "/subscriptions/sub_pro/cancel",
        "/subscriptions/sub_pro/cancel",
        "&reason=too_expensive&comment=Budget+cut+%3Cscript%3E",
    )
    .await;
    assert_eq!(
        canceled.status,
        StatusCode::SEE_OTHER,
        "{}",
        canceled.text()
    );
    let after = follow(&f.router, HOST, canceled, &pat).await.text();
    assert!(
        after.contains("will end at the end of its current period") && after.contains("Canceling"),
        "{after}"
    );
    assert!(after.contains("Ends on"), "{after}");
    let s = read(&f, "sub_pro").await;
    assert_eq!(s["cancel_at_period_end"], true);
    assert_eq!(s["status"], "active");
    assert_eq!(s["cancel_reason"], "too_expensive");
    assert_eq!(s["cancel_comment"], "Budget cut <script>");

    // Resume before the period ends.
    let resumed = form_post(
        &f,
        &pat,
        "/subscriptions",
        "/subscriptions/sub_pro/resume",
        "",
    )
    .await;
    assert_eq!(resumed.status, StatusCode::SEE_OTHER, "{}", resumed.text());
    let s = read(&f, "sub_pro").await;
    assert_eq!(s["cancel_at_period_end"], false);
    assert_eq!(s["cancel_reason"], Value::Null);
    let again = form_post(
        &f,
        &pat,
        "/subscriptions",
        "/subscriptions/sub_pro/resume",
        "",
    )
    .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "nothing left to resume");

    // Change the method to a saved card.
    let saved = add_sandbox_card(&f.router, &pat, "4242 4242 4242 4242", "12/30").await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
    let methods = get(&f.router, HOST, "/payment-methods", Some(&pat)).await;
    let card = method_ids(&methods)
        .into_iter()
        .next()
        .expect("a saved card");
    let changed = form_post(
        &f,
        &pat,
        "/subscriptions",
        "/subscriptions/sub_pro/method",
        &format!("&method={card}"),
    )
    .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.text());
    assert_eq!(read(&f, "sub_pro").await["payment_method"], card.as_str());
    let listed = get(&f.router, HOST, "/subscriptions", Some(&pat))
        .await
        .text();
    assert!(listed.contains("Visa •••• 4242"), "{listed}");
    let unknown = form_post(
        &f,
        &pat,
        "/subscriptions",
        "/subscriptions/sub_pro/method",
        "&method=spm_nope",
    )
    .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);

    // Each change reached the vendor, in order, and was confirmed by email.
    let events = event_types(&f).await;
    let types: Vec<&str> = events.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        types,
        [
            "subscription.cancel_requested",
            "subscription.resumed",
            "subscription.payment_method_changed"
        ]
    );
    assert_eq!(events[0].1["cancel_reason"], "too_expensive");
    assert_eq!(events[0].1["changed_by"], "pat@initech.example");
    assert_eq!(events[2].1["payment_method"], card.as_str());
    let dir = tempfile::tempdir().expect("outbox");
    f.portal.deliver_mail(dir.path()).await.expect("deliver");
    let subjects: Vec<String> = outbox(dir.path())
        .into_iter()
        .filter(|m| m.to == ["pat@initech.example"])
        .map(|m| m.subject)
        .collect();
    for expected in [
        "will end on",
        "was resumed",
        "is now charged to Visa •••• 4242",
    ] {
        assert!(
            subjects.iter().any(|s| s.contains(expected)),
            "{expected:?} in {subjects:?}"
        );
    }

    // The vendor's later update wins: it ends the subscription; the portal offers nothing more.
    let mut ended = pro("sub_pro", "C-100");
    ended["status"] = json!("canceled");
    ended["canceled_at"] = json!("2026-11-30T12:00:00Z");
    let (status, s) = push(&f, ended).await;
    assert_eq!(status, StatusCode::OK, "{s}");
    assert_eq!(s["status"], "canceled");
    assert_eq!(
        s["payment_method"],
        Value::Null,
        "the update says: invoiced"
    );
    let listed = get(&f.router, HOST, "/subscriptions", Some(&pat))
        .await
        .text();
    assert!(listed.contains("Canceled on Nov 30, 2026"), "{listed}");
    assert!(!listed.contains("/subscriptions/sub_pro/cancel"));
    let refused = form_post(
        &f,
        &pat,
        "/subscriptions",
        "/subscriptions/sub_pro/cancel",
        "&reason=unused",
    )
    .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.text());
}

async fn the_tenants_policy_decides_how_cancel_works(store: billfold::SharedStore) {
    let f = portal_fixture(store).await;
    update_tenant(&f, |t| {
        t.settings.subscription_cancel = CancelPolicy::Immediately
    })
    .await;
    push(&f, pro("sub_now", "C-100")).await;
    let pat = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let page = get(&f.router, HOST, "/subscriptions/sub_now/cancel", Some(&pat))
        .await
        .text();
    assert!(page.contains("ends today"), "{page}");
    let done = form_post(
        &f,
        &pat,
        "/subscriptions/sub_now/cancel",
        "/subscriptions/sub_now/cancel",
        "",
    )
    .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text());
    let s = read(&f, "sub_now").await;
    assert_eq!(s["status"], "canceled");
    assert_eq!(s["cancel_at_period_end"], false);
    assert!(s["canceled_at"].is_string());
    assert_eq!(s["cancel_reason"], Value::Null, "the reason is optional");

    update_tenant(&f, |t| {
        t.settings.subscription_cancel = CancelPolicy::NotAllowed
    })
    .await;
    push(&f, pro("sub_kept", "C-100")).await;
    let page = get(
        &f.router,
        HOST,
        "/subscriptions/sub_kept/cancel",
        Some(&pat),
    )
    .await
    .text();
    assert!(
        page.contains("doesn&#x27;t take cancellations in the portal"),
        "{page}"
    );
    assert!(!page.contains("confirm-cancel"));
    let refused = form_post(
        &f,
        &pat,
        "/subscriptions",
        "/subscriptions/sub_kept/cancel",
        "",
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(read(&f, "sub_kept").await["cancel_at_period_end"], false);
}

async fn subscriptions_stay_in_their_account_tenant_and_role(store: billfold::SharedStore) {
    let f = portal_fixture(store).await;
    push(&f, pro("sub_c100", "C-100")).await;
    push(&f, pro("sub_c200", "C-200")).await;
    // A viewer sees it, without actions, and can't post them.
    let vic = sign_in(&f.router, &f.acme, "vic@initech.example", Some("C-100")).await;
    let page = get(&f.router, HOST, "/subscriptions", Some(&vic))
        .await
        .text();
    assert!(page.contains("$147.00 &#x2F; month"));
    assert!(
        !page.contains("/cancel") && !page.contains("/method"),
        "{page}"
    );
    let refused = form_post(
        &f,
        &vic,
        "/subscriptions",
        "/subscriptions/sub_c100/resume",
        "",
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let cancel_page = get(
        &f.router,
        HOST,
        "/subscriptions/sub_c100/cancel",
        Some(&vic),
    )
    .await;
    assert_eq!(cancel_page.status, StatusCode::FORBIDDEN);

    // Pat, looking at C-100, can't reach C-200's (where pat is only a viewer anyway).
    let pat = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let listed = get(&f.router, HOST, "/subscriptions", Some(&pat))
        .await
        .text();
    assert!(!listed.contains("sub_c200"));
    let other = form_post(
        &f,
        &pat,
        "/subscriptions",
        "/subscriptions/sub_c200/cancel",
        "",
    )
    .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);

    // Another tenant's API sees none of acme's.
    let globex = f.globex.api_key.expose().to_string();
    let (status, _) = api(&f.router, "GET", "/api/v1/subscriptions", &globex, None).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "a key of another tenant on acme's host"
    );
    assert!(f
        .store
        .subscription(f.globex.tenant.id, None, "sub_c100")
        .await
        .expect("store")
        .is_none());

    // The vendor's API validates and filters.
    let key = f.acme.api_key.expose().to_string();
    let (_, c200) = api(
        &f.router,
        "GET",
        "/api/v1/subscriptions?account=C-200",
        &key,
        None,
    )
    .await;
    let ids: Vec<&str> = c200["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter_map(|s| s["id"].as_str())
        .collect();
    assert_eq!(ids, ["sub_c200"]);
    let mut moved = pro("sub_c100", "C-200");
    moved["plan"] = json!("Moved");
    let (status, error) = push(&f, moved).await;
    assert_eq!(status, StatusCode::CONFLICT, "{error}");
    let mut bad = pro("sub_bad", "C-100");
    bad["interval"] = json!("week");
    let (status, error) = push(&f, bad).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error["error"]["param"], "interval", "{error}");
    let mut unknown_method = pro("sub_m", "C-100");
    unknown_method["payment_method"] = json!("spm_nope");
    let (status, _) = push(&f, unknown_method).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // The import file takes them too.
    let summary = billfold_tests::import(
        &f.store,
        &f.acme.tenant,
        &json!({"subscriptions": [pro("sub_file", "C-100")]}),
    )
    .await
    .expect("import");
    assert_eq!(summary.subscriptions, 1);
    let s = read(&f, "sub_file").await;
    assert_eq!(s["plan"], "Pro <b>plan</b>");
}

billfold_tests::store_suite!(
    a_payer_cancels_resumes_and_changes_the_method,
    the_tenants_policy_decides_how_cancel_works,
    subscriptions_stay_in_their_account_tenant_and_role,
);
