//! AutoPay, on SQLite and PostgreSQL with a moved clock: an enrolled account's invoice is paid once on its due date
//! (never twice, whatever runs again); a crash between the gateway's charge and our commit still ends in exactly one
//! payment after reconciliation; a declining method stops after the tenant's number of failures, and the customer is
//! told; turning AutoPay off stops it; viewers can't turn it on.

use std::sync::Arc;
use std::time::Duration;

use axum::http::StatusCode;
use billfold::clock::Clock;
use billfold::gateway::sandbox::Sandbox;
use billfold::gateway::Gateway;
use billfold::payments::RECONCILE_AFTER_SECS;
use billfold::SharedStore;
use billfold_tests::mail::outbox;
use billfold_tests::web::*;
use billfold_tests::{test_store_suite, CrashAfterCharge, TestStore};
use serde_json::{json, Value};

const HOST: &str = HOST_ACME;
const DAY: Duration = Duration::from_secs(86_400);

fn day(clock: &dyn Clock, offset: i64) -> String {
    (clock.now().date() + time::Duration::days(offset)).to_string()
}

/// An invoice for C-100 of `amount`, issued yesterday and due in `due_in` days.
async fn invoice(f: &PortalFixture, clock: &dyn Clock, number: &str, amount: &str, due_in: i64) {
    let key = f.acme.api_key.expose().to_string();
    let (status, body) = api(
        &f.router,
        "POST",
        "/api/v1/invoices",
        &key,
        Some(
            json!({"number": number, "account": "C-100", "issued_on": day(clock, -1),
                    "due_on": day(clock, due_in), "currency": "USD",
                    "lines": [{"description": "Service", "quantity": "1", "unit_price": amount}]}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

async fn status_of(f: &PortalFixture, number: &str) -> Value {
    let key = f.acme.api_key.expose().to_string();
    api(
        &f.router,
        "GET",
        &format!("/api/v1/invoices/{number}"),
        &key,
        None,
    )
    .await
    .1["status"]
        .clone()
}

/// Pat saves `card` and turns AutoPay on with it.
async fn enroll(f: &PortalFixture, cookie: &str, card: &str) {
    let saved = add_sandbox_card(&f.router, cookie, card, "12/30").await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
    let methods = get(&f.router, HOST, "/payment-methods", Some(cookie)).await;
    let method = method_ids(&methods)
        .into_iter()
        .last()
        .expect("the saved card");
    turn_on(f, cookie, &method).await;
}

/// Turns AutoPay on with saved method `method`, through the authorization form.
async fn turn_on(f: &PortalFixture, cookie: &str, method: &str) {
    let page = get(&f.router, HOST, "/autopay", Some(cookie)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    assert!(
        page.text().contains("I authorize acme Inc. to charge"),
        "{}",
        page.text()
    );
    let on = post(
        &f.router,
        HOST,
        "/autopay",
        cookie,
        &format!("csrf={}&method={method}&accept=yes", enc(&page.csrf())),
    )
    .await;
    assert_eq!(on.status, StatusCode::SEE_OTHER, "{}", on.text());
}

async fn charges(store: &SharedStore, f: &PortalFixture) -> i64 {
    store
        .sandbox_charge_count(f.acme.tenant.id)
        .await
        .expect("count")
}

async fn an_invoice_is_paid_once_on_its_due_date(db: TestStore) {
    let f = portal_fixture(db.store.clone()).await;
    let clock = db.clock.as_ref();
    invoice(&f, clock, "AP-1", "120.00", 10).await;
    let pat = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    enroll(&f, &pat, "4242 4242 4242 4242").await;
    let dashboard = get(&f.router, HOST, "/", Some(&pat)).await.text();
    assert!(
        dashboard.contains("AutoPay is on.") && dashboard.contains("on its due date"),
        "{dashboard}"
    );

    // Today: INV-1001 (past due) is paid; AP-1 isn't due yet. Running again changes nothing.
    let run = f.portal.run_autopay().await.expect("autopay");
    assert_eq!(run.paid, 1, "{run:?}");
    assert_eq!(status_of(&f, "INV-1001").await, "paid");
    assert_eq!(status_of(&f, "AP-1").await, "open");
    let again = f.portal.run_autopay().await.expect("autopay");
    assert_eq!(again, Default::default(), "nothing more today");
    assert_eq!(charges(&db.store, &f).await, 1);

    // On its due date AP-1 is paid, once.
    db.clock.advance(DAY * 9);
    assert_eq!(
        f.portal.run_autopay().await.expect("autopay").paid,
        0,
        "the day before"
    );
    db.clock.advance(DAY);
    assert_eq!(f.portal.run_autopay().await.expect("autopay").paid, 1);
    assert_eq!(f.portal.run_autopay().await.expect("autopay").paid, 0);
    assert_eq!(status_of(&f, "AP-1").await, "paid");
    assert_eq!(charges(&db.store, &f).await, 2);

    // Receipts went to pat; the vendor heard of the enrolment and the payments.
    let dir = tempfile::tempdir().expect("outbox");
    f.portal.deliver_mail(dir.path()).await.expect("deliver");
    let receipts = outbox(dir.path())
        .into_iter()
        .filter(|m| m.to == ["pat@initech.example"] && m.subject.contains("Receipt"))
        .count();
    assert_eq!(receipts, 2);
    let key = f.acme.api_key.expose().to_string();
    let (_, events) = api(&f.router, "GET", "/api/v1/events?limit=100", &key, None).await;
    let types: Vec<&str> = events["data"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["type"].as_str())
        .collect();
    assert!(types.contains(&"autopay.enabled"));
    assert_eq!(
        types.iter().filter(|t| **t == "payment.succeeded").count(),
        2
    );
    let enabled = events["data"]
        .as_array()
        .expect("events")
        .iter()
        .find(|e| e["type"] == "autopay.enabled")
        .expect("enabled");
    assert!(enabled["data"]["autopay"]["authorization_text"]
        .as_str()
        .unwrap_or("")
        .starts_with("I authorize acme Inc."));
}

async fn a_crash_after_the_charge_leaves_one_payment(db: TestStore) {
    let f = portal_fixture(db.store.clone()).await;
    let pat = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    enroll(&f, &pat, "4242 4242 4242 4242").await;
    let sandbox: Arc<dyn Gateway> = Arc::new(Sandbox::new(
        db.store.clone(),
        f.acme.tenant.id,
        Duration::ZERO,
    ));
    let crashing: Arc<dyn Gateway> = Arc::new(CrashAfterCharge(sandbox));
    let gateways = move |_| crashing.clone();
    let today = db.clock.now().date();
    let (run, _) =
        billfold::autopay::run(db.store.as_ref(), &gateways, today, db.clock.unix(), 100)
            .await
            .expect("run");
    assert_eq!(run.unconfirmed, 1, "{run:?}");
    assert_eq!(charges(&db.store, &f).await, 1, "the gateway charged");
    assert_eq!(status_of(&f, "INV-1001").await, "open", "not recorded yet");
    // Running again (the same day, or on another host) charges nothing more.
    let (again, _) =
        billfold::autopay::run(db.store.as_ref(), &gateways, today, db.clock.unix(), 100)
            .await
            .expect("run");
    assert_eq!(again, Default::default());
    // Reconciliation asks the gateway and records the one payment; the next day's run has nothing to pay.
    db.clock
        .advance(Duration::from_secs(RECONCILE_AFTER_SECS as u64 + 1));
    let settled = f.portal.reconcile_payments().await.expect("reconcile");
    assert_eq!(settled.settled, 1, "{settled:?}");
    assert_eq!(status_of(&f, "INV-1001").await, "paid");
    db.clock.advance(DAY);
    assert_eq!(f.portal.run_autopay().await.expect("autopay").paid, 0);
    assert_eq!(charges(&db.store, &f).await, 1, "exactly one charge");
}

async fn a_declining_method_stops_after_the_configured_failures(db: TestStore) {
    let f = portal_fixture(db.store.clone()).await;
    update_tenant(&f, |t| t.settings.autopay_max_failures = 2).await;
    let pat = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    enroll(&f, &pat, "4000 0000 0000 0341").await;
    let first = f.portal.run_autopay().await.expect("autopay");
    assert_eq!((first.failed, first.suspended), (1, 0), "{first:?}");
    assert_eq!(
        f.portal.run_autopay().await.expect("autopay"),
        Default::default(),
        "once a day"
    );
    db.clock.advance(DAY);
    let second = f.portal.run_autopay().await.expect("autopay");
    assert_eq!((second.failed, second.suspended), (1, 1), "{second:?}");
    db.clock.advance(DAY);
    assert_eq!(
        f.portal.run_autopay().await.expect("autopay"),
        Default::default(),
        "stopped"
    );
    assert_eq!(status_of(&f, "INV-1001").await, "open");
    let pat = sign_in_at(
        &f.router,
        &f.acme,
        "pat@initech.example",
        Some("C-100"),
        db.clock.unix(),
    )
    .await;
    let dashboard = get(&f.router, HOST, "/", Some(&pat)).await.text();
    assert!(dashboard.contains("AutoPay stopped:"), "{dashboard}");

    let dir = tempfile::tempdir().expect("outbox");
    f.portal.deliver_mail(dir.path()).await.expect("deliver");
    let to_pat: Vec<_> = outbox(dir.path())
        .into_iter()
        .filter(|m| m.to == ["pat@initech.example"])
        .collect();
    let failed: Vec<_> = to_pat
        .iter()
        .filter(|m| m.subject == "AutoPay couldn't pay invoice INV-1001")
        .collect();
    assert_eq!(failed.len(), 2);
    assert!(
        failed[0].text.contains("Your card was declined."),
        "{}",
        failed[0].text
    );
    let stopped = to_pat
        .iter()
        .find(|m| m.subject == "AutoPay stopped for Initech")
        .expect("the stop notice");
    assert!(
        stopped.text.contains("After 2 failed payments in a row"),
        "{}",
        stopped.text
    );
    let key = f.acme.api_key.expose().to_string();
    let (_, events) = api(&f.router, "GET", "/api/v1/events?limit=100", &key, None).await;
    let disabled = events["data"]
        .as_array()
        .expect("events")
        .iter()
        .find(|e| e["type"] == "autopay.disabled")
        .expect("disabled");
    assert_eq!(disabled["data"]["autopay"]["reason"], "failures");

    // Enrolling again with a working card starts over.
    enroll(&f, &pat, "4242 4242 4242 4242").await;
    assert_eq!(f.portal.run_autopay().await.expect("autopay").paid, 1);
}

async fn payers_turn_autopay_on_and_off(db: TestStore) {
    let f = portal_fixture(db.store.clone()).await;
    let vic = sign_in(&f.router, &f.acme, "vic@initech.example", Some("C-100")).await;
    assert_eq!(
        get(&f.router, HOST, "/autopay", Some(&vic)).await.status,
        StatusCode::FORBIDDEN
    );
    let csrf = get(&f.router, HOST, "/", Some(&vic)).await.csrf();
    let refused = post(
        &f.router,
        HOST,
        "/autopay",
        &vic,
        &format!("csrf={}&method=spm_x&accept=yes", enc(&csrf)),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    // Without the box ticked, or with another account's method: refused, nothing enrolled.
    let pat = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    add_sandbox_card(&f.router, &pat, "4242 4242 4242 4242", "12/30").await;
    let method = method_ids(&get(&f.router, HOST, "/payment-methods", Some(&pat)).await).remove(0);
    let page = get(&f.router, HOST, "/autopay", Some(&pat)).await;
    let unticked = post(
        &f.router,
        HOST,
        "/autopay",
        &pat,
        &format!("csrf={}&method={method}", enc(&page.csrf())),
    )
    .await;
    assert_eq!(unticked.status, StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = post(
        &f.router,
        HOST,
        "/autopay",
        &pat,
        &format!("csrf={}&method=spm_nope&accept=yes", enc(&page.csrf())),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        f.portal.run_autopay().await.expect("autopay"),
        Default::default()
    );

    // On, then off before it runs: the past-due invoice waits for the customer.
    turn_on(&f, &pat, &method).await;
    let methods = get(&f.router, HOST, "/payment-methods", Some(&pat))
        .await
        .text();
    assert!(
        methods.contains("data-testid=\"used-by\">Charged to it: AutoPay. AutoPay stops"),
        "removing it says what it stops: {methods}"
    );
    let page = get(&f.router, HOST, "/autopay", Some(&pat)).await;
    assert!(
        page.text().contains("data-testid=\"autopay-status\""),
        "{}",
        page.text()
    );
    let off = post(
        &f.router,
        HOST,
        "/autopay/off",
        &pat,
        &format!("csrf={}", enc(&page.csrf())),
    )
    .await;
    assert_eq!(off.status, StatusCode::SEE_OTHER);
    assert_eq!(
        f.portal.run_autopay().await.expect("autopay"),
        Default::default()
    );
    assert_eq!(status_of(&f, "INV-1001").await, "open");
    let dashboard = get(&f.router, HOST, "/", Some(&pat)).await.text();
    assert!(!dashboard.contains("autopay-banner"));
    let key = f.acme.api_key.expose().to_string();
    let (_, events) = api(&f.router, "GET", "/api/v1/events?limit=100", &key, None).await;
    let off = events["data"]
        .as_array()
        .expect("events")
        .iter()
        .find(|e| e["type"] == "autopay.disabled")
        .expect("disabled");
    assert_eq!(off["data"]["autopay"]["reason"], "turned_off");
    assert_eq!(off["data"]["autopay"]["changed_by"], "pat@initech.example");
}

/// A tenant that has AutoPay pay a set number of days after issue (set through the settings API).
async fn autopay_can_pay_days_after_issue(db: TestStore) {
    let f = portal_fixture(db.store.clone()).await;
    let key = f.acme.api_key.expose().to_string();
    let (status, settings) = api(
        &f.router,
        "POST",
        "/api/v1/settings",
        &key,
        Some(json!({"autopay_days_after_issue": 3.0, "autopay_max_failures": 5})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{settings}");
    assert_eq!(settings["autopay_days_after_issue"], 3);
    assert_eq!(settings["autopay_max_failures"], 5);
    let (status, _) = api(
        &f.router,
        "POST",
        "/api/v1/settings",
        &key,
        Some(json!({"autopay_max_failures": 0})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let clock = db.clock.as_ref();
    // Issued yesterday, due in a month: paid 3 days after issue, not on the due date.
    invoice(&f, clock, "AP-7", "70.00", 30).await;
    let pat = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let method = {
        add_sandbox_card(&f.router, &pat, "4242 4242 4242 4242", "12/30").await;
        method_ids(&get(&f.router, HOST, "/payment-methods", Some(&pat)).await).remove(0)
    };
    turn_on(&f, &pat, &method).await;
    let page = get(&f.router, HOST, "/autopay", Some(&pat)).await.text();
    assert!(page.contains("3 days after it is issued"), "{page}");
    f.portal.run_autopay().await.expect("autopay");
    assert_eq!(status_of(&f, "AP-7").await, "open", "issued 1 day ago");
    db.clock.advance(DAY * 2);
    f.portal.run_autopay().await.expect("autopay");
    assert_eq!(status_of(&f, "AP-7").await, "paid");
    // With null, back to the due date.
    let (_, settings) = api(
        &f.router,
        "POST",
        "/api/v1/settings",
        &key,
        Some(json!({"autopay_days_after_issue": null})),
    )
    .await;
    assert_eq!(settings["autopay_days_after_issue"], Value::Null);
}

test_store_suite!(
    autopay_can_pay_days_after_issue,
    an_invoice_is_paid_once_on_its_due_date,
    a_crash_after_the_charge_leaves_one_payment,
    a_declining_method_stops_after_the_configured_failures,
    payers_turn_autopay_on_and_off,
);

/// Saves `token` as a card through the Payment Methods form (a gateway's fields made it in the browser).
async fn save_token(f: &PortalFixture, cookie: &str, token: &str) {
    let page = get(
        &f.router,
        HOST,
        "/payment-methods/new?method=card",
        Some(cookie),
    )
    .await;
    let saved = post(
        &f.router,
        HOST,
        "/payment-methods",
        cookie,
        &format!(
            "csrf={}&method=card&token={}",
            enc(&page.csrf()),
            enc(token)
        ),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
}

/// Turns AutoPay on with the account's first saved method.
async fn enroll_saved(f: &PortalFixture, cookie: &str) {
    let method =
        method_ids(&get(&f.router, HOST, "/payment-methods", Some(cookie)).await).remove(0);
    turn_on(f, cookie, &method).await;
}

/// Every PaymentIntent localstripe holds, page by page.
async fn all_intents(base: &str) -> Vec<Value> {
    let mut all: Vec<Value> = Vec::new();
    loop {
        let mut url = format!("{base}/v1/payment_intents?limit=100");
        if let Some(last) = all.last().and_then(|pi| pi["id"].as_str()) {
            url.push_str(&format!("&starting_after={last}"));
        }
        let page: Value = reqwest::Client::new()
            .get(url)
            .basic_auth("sk_test_billfold", Some(""))
            .send()
            .await
            .expect("list")
            .json()
            .await
            .expect("json");
        all.extend(page["data"].as_array().cloned().unwrap_or_default());
        if page["has_more"] != true {
            return all;
        }
    }
}

/// Stripe (localstripe): an off-session PaymentIntent on the customer's saved PaymentMethod.
async fn autopay_charges_a_saved_stripe_method(store: SharedStore) {
    use billfold::gateway::config::{GatewayConfig, StripeConfig};
    use billfold::secrets::Redacted;
    if let Some(ls) = billfold_tests::localstripe::localstripe().await {
        let f = portal_fixture(store).await;
        let config = GatewayConfig::Stripe(StripeConfig {
            secret_key: Redacted::new("sk_test_billfold"),
            publishable_key: "pk_test_billfold".into(),
            webhook_secret: None,
            api_base: ls.url.clone(),
            js_url: format!("{}/js.stripe.com/v3/", ls.url),
        });
        billfold::tenants::set_gateway(f.store.as_ref(), &f.master, f.acme.tenant.id, &config)
            .await
            .expect("gateway");
        let pat = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
        let visa = billfold_tests::localstripe::payment_method(&ls, "4242424242424242").await;
        save_token(&f, &pat, &visa).await;
        enroll_saved(&f, &pat).await;
        let run = f.portal.run_autopay().await.expect("autopay");
        assert_eq!(run.paid, 1, "{run:?}");
        assert_eq!(status_of(&f, "INV-1001").await, "paid");
        assert_eq!(
            f.portal.run_autopay().await.expect("autopay"),
            Default::default()
        );
        let intents = all_intents(&ls.url).await;
        let account = f
            .store
            .accounts_by_external_ids(f.acme.tenant.id, &["C-100".to_string()])
            .await
            .expect("store")
            .remove(0);
        let customer = f
            .store
            .saved_methods(f.acme.tenant.id, account.id)
            .await
            .expect("store")[0]
            .customer_ref
            .clone()
            .expect("a Stripe customer");
        let charged: Vec<&Value> = intents
            .iter()
            .filter(|pi| pi["customer"] == customer.as_str())
            .collect();
        assert_eq!(
            charged.len(),
            1,
            "one charge for this customer: {charged:?}"
        );
        assert_eq!(charged[0]["status"], "succeeded");
        assert_eq!(charged[0]["amount"], 33698);
    }
}

/// Authorize.Net (the local peer): a charge on the customer payment profile.
async fn autopay_charges_a_saved_authorize_net_profile(store: SharedStore) {
    use billfold::gateway::config::{AuthorizeNetConfig, GatewayConfig};
    use billfold::secrets::Redacted;
    let (endpoint, ledger) = billfold_tests::anet::start().await;
    let f = portal_fixture(store).await;
    let config = GatewayConfig::AuthorizeNet(AuthorizeNetConfig {
        login_id: billfold_tests::anet::LOGIN.into(),
        transaction_key: Redacted::new(billfold_tests::anet::TRANSACTION_KEY),
        client_key: "client-key-public".into(),
        signature_key: None,
        endpoint,
        js_url: billfold::gateway::config::AUTHORIZE_NET_TEST_JS.into(),
    });
    billfold::tenants::set_gateway(f.store.as_ref(), &f.master, f.acme.tenant.id, &config)
        .await
        .expect("gateway");
    let pat = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    save_token(&f, &pat, "card:COMMON.ACCEPT.INAPP.PAYMENT:card-approve").await;
    enroll_saved(&f, &pat).await;
    let run = f.portal.run_autopay().await.expect("autopay");
    assert_eq!(run.paid, 1, "{run:?}");
    assert_eq!(status_of(&f, "INV-1001").await, "paid");
    assert_eq!(
        f.portal.run_autopay().await.expect("autopay"),
        Default::default()
    );
    let l = ledger.lock().expect("ledger");
    let charged: Vec<_> = l
        .transactions
        .iter()
        .filter(|t| t.amount == "336.98")
        .collect();
    assert_eq!(charged.len(), 1, "one charge: {:?}", l.transactions);
}

billfold_tests::store_suite!(
    autopay_charges_a_saved_stripe_method,
    autopay_charges_a_saved_authorize_net_profile,
);
