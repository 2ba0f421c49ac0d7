//! Paying through the portal with a tenant's real gateway, on SQLite and PostgreSQL: Stripe (against `localstripe`)
//! and Authorize.Net (against the strict local peer), chosen per tenant with sealed credentials. The portal sends
//! the customer to the page hosting the gateway's own fields (with that gateway's origins in its CSP only), takes
//! the gateway's token to the confirmation, charges it, and settles payments left pending from signed webhooks.

use axum::http::StatusCode;
use axum::Router;
use billfold::gateway::config::{AuthorizeNetConfig, GatewayConfig, StripeConfig};
use billfold::payments::{self, PayOutcome};
use billfold::secrets::Redacted;
use billfold::tenants;
use billfold::SharedStore;
use billfold_tests::localstripe::{localstripe, payment_method, LocalStripe};
use billfold_tests::web::*;
use billfold_tests::{anet, CrashAfterCharge, TestStore};
use hmac::{Hmac, Mac};
use sha2::{Sha256, Sha512};

const HOST: &str = "acme.localhost";
const WHSEC: &str = "whsec_billfold_test";
const ANET_SIGNATURE_KEY: &str =
    "4C7F2E8A0B1D3F5A6C8E9B0D2F4A6C8E0B2D4F6A8C0E2B4D6F8A0C2E4B6D8F0A2C4E6B8D0F2A4C6E8B0D2F4A6C8E0B2D4F6A8C0E2B4D6F8A0C2E4B6D8F0A2C";

fn stripe_config(ls: &LocalStripe) -> GatewayConfig {
    GatewayConfig::Stripe(StripeConfig {
        secret_key: Redacted::new("sk_test_billfold"),
        publishable_key: "pk_test_billfold".into(),
        webhook_secret: Some(Redacted::new(WHSEC)),
        api_base: ls.url.clone(),
        js_url: format!("{}/js.stripe.com/v3/", ls.url),
    })
}

fn anet_config(endpoint: &str) -> GatewayConfig {
    GatewayConfig::AuthorizeNet(AuthorizeNetConfig {
        login_id: anet::LOGIN.into(),
        transaction_key: Redacted::new(anet::TRANSACTION_KEY),
        client_key: "client-key-public".into(),
        signature_key: Some(Redacted::new(ANET_SIGNATURE_KEY)),
        endpoint: endpoint.into(),
        js_url: billfold::gateway::config::AUTHORIZE_NET_TEST_JS.into(),
    })
}

async fn use_gateway(f: &PortalFixture, config: &GatewayConfig) {
    tenants::set_gateway(f.store.as_ref(), &f.master, f.acme.tenant.id, config)
        .await
        .expect("set gateway");
}

/// Fills the amount form; returns the path the portal sends the customer to.
async fn continue_to_payment(
    router: &Router,
    cookie: &str,
    invoice: &str,
    amount: &str,
    method: &str,
) -> String {
    let form = get(
        router,
        HOST,
        &format!("/invoices/{invoice}/pay"),
        Some(cookie),
    )
    .await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text());
    let started = post(
        router,
        HOST,
        &format!("/invoices/{invoice}/pay"),
        cookie,
        &format!("csrf={}&amount={amount}&method={method}", form.csrf()),
    )
    .await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.text());
    started.header("location").to_string()
}

/// `/checkout/{id}/details` → `id`.
fn checkout_id(details_path: &str) -> String {
    details_path
        .trim_start_matches("/checkout/")
        .trim_end_matches("/details")
        .to_string()
}

/// Confirms with `token` and presses Pay; returns the response to Pay.
async fn confirm_and_pay(router: &Router, cookie: &str, id: &str, token: &str) -> (Page, Page) {
    confirm_and_pay_with(router, cookie, id, token, "").await
}

/// [`confirm_and_pay`], with `extra` fields (e.g. `&save=1`) posted beside the token.
async fn confirm_and_pay_with(
    router: &Router,
    cookie: &str,
    id: &str,
    token: &str,
    extra: &str,
) -> (Page, Page) {
    let confirm = get(
        router,
        HOST,
        &format!("/checkout/{id}/confirm?token={token}"),
        Some(cookie),
    )
    .await;
    assert_eq!(confirm.status, StatusCode::OK, "{}", confirm.text());
    let paid = post(
        router,
        HOST,
        &format!("/checkout/{id}/pay"),
        cookie,
        &format!("csrf={}&token={token}{extra}", confirm.csrf()),
    )
    .await;
    (confirm, paid)
}

fn csp_sources(page: &Page, directive: &str) -> String {
    page.header("content-security-policy")
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with(directive))
        .unwrap_or("")
        .to_string()
}

async fn stripe_payments_through_the_portal(store: SharedStore) {
    let Some(ls) = localstripe().await else {
        return;
    };
    let f = portal_fixture(store).await;
    use_gateway(&f, &stripe_config(&ls)).await;
    let cookie = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;

    let details = continue_to_payment(&f.router, &cookie, "INV-1001", "36.98", "card").await;
    assert!(
        details.starts_with("/checkout/co_") && details.ends_with("/details"),
        "{details}"
    );
    let id = checkout_id(&details);
    // A Stripe tenant has no TEST MODE page.
    let sandbox = get(
        &f.router,
        HOST,
        &format!("/sandbox/checkout/{id}"),
        Some(&cookie),
    )
    .await;
    assert_eq!(sandbox.status, StatusCode::NOT_FOUND);

    let page = get(&f.router, HOST, &details, Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    let html = page.text().replace("&#x2F;", "/");
    assert!(
        html.contains("data-public-key=\"pk_test_billfold\""),
        "{html}"
    );
    assert!(html.contains("data-amount-minor=\"3698\"") && html.contains("data-currency=\"usd\""));
    assert!(html.contains(&format!("src=\"{}/js.stripe.com/v3/\"", ls.url)));
    assert!(html.contains("id=\"payment-element\""));
    assert!(!html.contains("sk_test_billfold") && !html.contains(WHSEC));
    // Only this page lets the gateway's origin in.
    assert!(
        csp_sources(&page, "script-src").contains(&ls.url),
        "{}",
        page.header("content-security-policy")
    );
    assert!(csp_sources(&page, "frame-src").contains(&ls.url));
    let dashboard = get(&f.router, HOST, "/", Some(&cookie)).await;
    assert_eq!(csp_sources(&dashboard, "script-src"), "script-src 'self'");

    // Stripe.js makes a PaymentMethod in the browser; the portal only sees its id.
    let visa = payment_method(&ls, "4242424242424242").await;
    let (confirm, paid) = confirm_and_pay(&f.router, &cookie, &id, &visa).await;
    assert!(
        confirm.text().contains("Visa •••• 4242"),
        "{}",
        confirm.text()
    );
    assert_eq!(paid.status, StatusCode::SEE_OTHER, "{}", paid.text());
    let receipt = get(&f.router, HOST, paid.header("location"), Some(&cookie))
        .await
        .text();
    assert!(
        receipt.contains("Payment received")
            && receipt.contains("$36.98")
            && receipt.contains("pi_"),
        "{receipt}"
    );
    let invoice = get(&f.router, HOST, "/invoices/INV-1001", Some(&cookie))
        .await
        .text();
    assert!(invoice.contains("$300.00"), "new balance: {invoice}");

    // A card the bank refuses: the guidance, and nothing paid.
    let details = continue_to_payment(&f.router, &cookie, "INV-1001", "10.00", "card").await;
    let declining = payment_method(&ls, "4000000000000341").await;
    let (_, refused) =
        confirm_and_pay(&f.router, &cookie, &checkout_id(&details), &declining).await;
    assert_eq!(
        refused.status,
        StatusCode::PAYMENT_REQUIRED,
        "{}",
        refused.text()
    );
    assert!(refused
        .text()
        .contains("Check your card number, expiry and CVV"));
    let invoice = get(&f.router, HOST, "/invoices/INV-1001", Some(&cookie))
        .await
        .text();
    assert!(invoice.contains("$300.00"), "{invoice}");

    // A card whose bank wants 3-D Secure: the customer confirms with the bank (Stripe.js handleNextAction), comes
    // back, and the portal asks Stripe how it went. First the bank refuses: nothing charged, the reason shown.
    for (succeed, amount) in [(false, "10.00"), (true, "10.00")] {
        let details = continue_to_payment(&f.router, &cookie, "INV-1001", amount, "card").await;
        let id = checkout_id(&details);
        let three_ds = payment_method(&ls, "4000002760003184").await;
        let (_, page) = confirm_and_pay(&f.router, &cookie, &id, &three_ds).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text());
        let html = page.text();
        assert!(
            html.contains("Confirm with your bank") && html.contains("data-mode=\"authenticate\""),
            "{html}"
        );
        assert!(csp_sources(&page, "script-src").contains(&ls.url));
        let secret = html
            .split("data-client-secret=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .expect("client secret")
            .to_string();
        let intent = secret
            .split("_secret_")
            .next()
            .expect("intent id")
            .to_string();
        // Not charged while the bank is asking.
        let pending = get(&f.router, HOST, "/invoices/INV-1001", Some(&cookie))
            .await
            .text();
        assert!(pending.contains("$300.00"), "{pending}");
        // The bank's step, as Stripe.js would run it against localstripe.
        let answered = reqwest::Client::new()
            .post(format!(
                "{}/v1/payment_intents/{intent}/_authenticate",
                ls.url
            ))
            .basic_auth("sk_test_billfold", Some(""))
            .form(&[
                ("client_secret", secret.as_str()),
                ("success", if succeed { "true" } else { "false" }),
            ])
            .send()
            .await
            .expect("authenticate");
        assert!(
            answered.status().is_success(),
            "{:?}",
            answered.text().await
        );
        let back = get(
            &f.router,
            HOST,
            &format!("/checkout/{id}/authenticated"),
            Some(&cookie),
        )
        .await;
        assert_eq!(back.status, StatusCode::SEE_OTHER, "{}", back.text());
        let landing = get(&f.router, HOST, back.header("location"), Some(&cookie))
            .await
            .text();
        if succeed {
            assert!(landing.contains("Payment received"), "{landing}");
        } else {
            assert!(back
                .header("location")
                .ends_with("/details?error=authentication"));
            assert!(
                landing.contains("Your bank didn&#x27;t confirm the payment")
                    || landing.contains("Your bank didn't confirm the payment"),
                "{landing}"
            );
            let invoice = get(&f.router, HOST, "/invoices/INV-1001", Some(&cookie))
                .await
                .text();
            assert!(invoice.contains("$300.00"), "{invoice}");
        }
    }
    let invoice = get(&f.router, HOST, "/invoices/INV-1001", Some(&cookie))
        .await
        .text();
    assert!(invoice.contains("$290.00"), "{invoice}");

    // A token of another gateway is refused at confirmation.
    let details = continue_to_payment(&f.router, &cookie, "INV-1001", "10.00", "card").await;
    let bogus = get(
        &f.router,
        HOST,
        &format!(
            "/checkout/{}/confirm?token=sbx_tok_123",
            checkout_id(&details)
        ),
        Some(&cookie),
    )
    .await;
    assert_eq!(bogus.status, StatusCode::BAD_REQUEST);
}

fn stripe_signature(secret: &str, t: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("key");
    mac.update(format!("{t}.").as_bytes());
    mac.update(body);
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("t={t},v1={hex}")
}

/// A payment whose process "died" after the gateway charged: pending, with the gateway's id recorded.
async fn crashed_payment(
    f: &PortalFixture,
    cookie: &str,
    gateway: std::sync::Arc<dyn billfold::gateway::Gateway>,
    method: &str,
    token: &str,
) -> String {
    let details = continue_to_payment(&f.router, cookie, "INV-1001", "20.00", method).await;
    let checkout = f
        .store
        .checkout(f.acme.tenant.id, &checkout_id(&details))
        .await
        .expect("store")
        .expect("checkout");
    let outcome = payments::pay(
        f.store.as_ref(),
        &CrashAfterCharge(gateway),
        f.acme.tenant.id,
        &checkout,
        token,
        now(),
    )
    .await
    .expect("pay");
    let PayOutcome::Unconfirmed(payment) = outcome else {
        panic!("expected an unconfirmed payment, got {outcome:?}")
    };
    payment.external_id
}

async fn receipt_status(f: &PortalFixture, cookie: &str, key: &str) -> String {
    let receipt = get(&f.router, HOST, &format!("/receipts/{key}"), Some(cookie))
        .await
        .text();
    ["Payment received", "Pending", "Failed"]
        .into_iter()
        .find(|s| receipt.contains(s))
        .unwrap_or("?")
        .to_string()
}

async fn stripe_webhooks_settle_a_payment_left_pending(store: SharedStore) {
    let Some(ls) = localstripe().await else {
        return;
    };
    let f = portal_fixture(store).await;
    let config = stripe_config(&ls);
    use_gateway(&f, &config).await;
    let cookie = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let gateway = config.build(
        f.store.clone(),
        f.acme.tenant.id,
        &billfold::gateway::http_client(std::time::Duration::from_secs(5)),
        std::time::Duration::ZERO,
    );
    let visa = payment_method(&ls, "4242424242424242").await;
    let key = crashed_payment(&f, &cookie, gateway, "card", &visa).await;
    assert_eq!(receipt_status(&f, &cookie, &key).await, "Pending");
    let intent = f
        .store
        .gateway_ref(f.acme.tenant.id, &key)
        .await
        .expect("store")
        .expect("the intent was recorded");
    let body = serde_json::to_vec(&serde_json::json!({
        "id": "evt_1", "object": "event", "type": "payment_intent.succeeded",
        "data": {"object": {"id": intent, "object": "payment_intent", "status": "succeeded",
                            "metadata": {"billfold_key": key}}}
    }))
    .expect("json");
    let t = now();

    // Refused: no signature, a wrong secret, a stale timestamp, a changed body, another tenant's host.
    for (header, payload) in [
        (String::new(), body.clone()),
        (stripe_signature("whsec_other", t, &body), body.clone()),
        (stripe_signature(WHSEC, t - 301, &body), body.clone()),
        (stripe_signature(WHSEC, t, b"{}"), body.clone()),
    ] {
        let refused = post_raw(
            &f.router,
            HOST,
            "/webhooks/stripe",
            &[("stripe-signature", &header)],
            &payload,
        )
        .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{header}");
    }
    let elsewhere = post_raw(
        &f.router,
        "globex.localhost",
        "/webhooks/stripe",
        &[("stripe-signature", &stripe_signature(WHSEC, t, &body))],
        &body,
    )
    .await;
    assert_eq!(
        elsewhere.status,
        StatusCode::NOT_FOUND,
        "globex has no Stripe webhooks"
    );
    assert_eq!(receipt_status(&f, &cookie, &key).await, "Pending");

    // A good one settles it from Stripe's record; a replay changes nothing.
    for _ in 0..2 {
        let ok = post_raw(
            &f.router,
            HOST,
            "/webhooks/stripe",
            &[("stripe-signature", &stripe_signature(WHSEC, t, &body))],
            &body,
        )
        .await;
        assert_eq!(ok.status, StatusCode::OK, "{}", ok.text());
        assert_eq!(receipt_status(&f, &cookie, &key).await, "Payment received");
    }
    let invoice = get(&f.router, HOST, "/invoices/INV-1001", Some(&cookie))
        .await
        .text();
    assert!(invoice.contains("$316.98"), "paid once: {invoice}");
}

async fn a_pending_payment_waits_for_the_gateway_that_took_it(store: SharedStore) {
    let Some(ls) = localstripe().await else {
        return;
    };
    let f = portal_fixture(store).await;
    let stripe = stripe_config(&ls);
    use_gateway(&f, &stripe).await;
    let cookie = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let build = |config: &GatewayConfig| {
        config.build(
            f.store.clone(),
            f.acme.tenant.id,
            &billfold::gateway::http_client(std::time::Duration::from_secs(5)),
            std::time::Duration::ZERO,
        )
    };
    let visa = payment_method(&ls, "4242424242424242").await;
    let key = crashed_payment(&f, &cookie, build(&stripe), "card", &visa).await;

    // The vendor moves the tenant to another gateway before reconciliation runs: the sandbox has never heard of
    // this charge, but that doesn't make it unpaid.
    use_gateway(&f, &GatewayConfig::Sandbox).await;
    let later = now() + payments::RECONCILE_AFTER_SECS + 1;
    let sandbox = build(&GatewayConfig::Sandbox);
    let done = payments::reconcile(f.store.as_ref(), &move |_| sandbox.clone(), later)
        .await
        .expect("reconcile");
    assert_eq!((done.failed, done.still_pending), (0, 1), "{done:?}");
    assert_eq!(receipt_status(&f, &cookie, &key).await, "Pending");

    // Asked with the gateway that took it, it settles.
    let stripe_gateway = build(&stripe);
    let done = payments::reconcile(f.store.as_ref(), &move |_| stripe_gateway.clone(), later)
        .await
        .expect("reconcile");
    assert_eq!(done.settled, 1, "{done:?}");
    assert_eq!(receipt_status(&f, &cookie, &key).await, "Payment received");
}

async fn a_bank_confirmation_never_completed_expires_uncharged(store: SharedStore) {
    let Some(ls) = localstripe().await else {
        return;
    };
    let f = portal_fixture(store).await;
    let config = stripe_config(&ls);
    use_gateway(&f, &config).await;
    let cookie = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let details = continue_to_payment(&f.router, &cookie, "INV-1001", "25.00", "card").await;
    let three_ds = payment_method(&ls, "4000002760003184").await;
    let (_, page) = confirm_and_pay(&f.router, &cookie, &checkout_id(&details), &three_ds).await;
    assert!(page.text().contains("Confirm with your bank"));
    let gateway = config.build(
        f.store.clone(),
        f.acme.tenant.id,
        &billfold::gateway::http_client(std::time::Duration::from_secs(5)),
        std::time::Duration::ZERO,
    );
    // While the customer may still be at the bank, reconciliation leaves it alone…
    let soon = now() + payments::RECONCILE_AFTER_SECS + 1;
    let g = gateway.clone();
    let done = payments::reconcile(f.store.as_ref(), &move |_| g.clone(), soon)
        .await
        .expect("reconcile");
    assert_eq!((done.failed, done.still_pending), (0, 1), "{done:?}");
    // …and once the checkout's time is up, the attempt ends uncharged and the balance is payable again.
    let later = now() + payments::CHECKOUT_TTL_SECS + payments::RECONCILE_AFTER_SECS + 1;
    let done = payments::reconcile(f.store.as_ref(), &move |_| gateway.clone(), later)
        .await
        .expect("reconcile");
    assert_eq!(done.failed, 1, "{done:?}");
    let form = get(&f.router, HOST, "/invoices/INV-1001/pay", Some(&cookie))
        .await
        .text();
    assert!(
        form.contains("336.98") && !form.contains("is already being paid"),
        "{form}"
    );
}

fn anet_signature(body: &[u8]) -> String {
    let mut mac = Hmac::<Sha512>::new_from_slice(ANET_SIGNATURE_KEY.as_bytes()).expect("key");
    mac.update(body);
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect();
    format!("sha512={hex}")
}

async fn authorize_net_payments_and_webhooks(store: SharedStore) {
    let (endpoint, ledger) = anet::start().await;
    let f = portal_fixture(store).await;
    update_tenant(&f, |t| t.settings.ach_enabled = true).await;
    let config = anet_config(&endpoint);
    use_gateway(&f, &config).await;
    let cookie = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;

    // Card: the Accept hosted form on the page, the nonce charged by the portal.
    let details = continue_to_payment(&f.router, &cookie, "INV-1001", "36.98", "card").await;
    let page = get(&f.router, HOST, &details, Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    let html = page.text().replace("&#x2F;", "/");
    assert!(html.contains("class=\"AcceptUI"), "{html}");
    assert!(
        html.contains("data-apiLoginID=\"login\"")
            && html.contains("data-clientKey=\"client-key-public\"")
    );
    assert!(html.contains("src=\"https://jstest.authorize.net/v3/AcceptUI.js\""));
    assert!(!html.contains(anet::TRANSACTION_KEY));
    let frames = csp_sources(&page, "frame-src");
    assert!(
        frames.contains("https://jstest.authorize.net")
            && frames.contains("https://test.authorize.net"),
        "{frames}"
    );
    let (confirm, paid) = confirm_and_pay(
        &f.router,
        &cookie,
        &checkout_id(&details),
        "card:COMMON.ACCEPT.INAPP.PAYMENT:card-approve",
    )
    .await;
    assert!(confirm.text().contains("Pay $36.98"));
    assert_eq!(paid.status, StatusCode::SEE_OTHER, "{}", paid.text());
    assert!(get(&f.router, HOST, paid.header("location"), Some(&cookie))
        .await
        .text()
        .contains("Payment received"));

    // A decline shows the guidance.
    let details = continue_to_payment(&f.router, &cookie, "INV-1001", "5.00", "card").await;
    let (_, refused) = confirm_and_pay(
        &f.router,
        &cookie,
        &checkout_id(&details),
        "card:COMMON.ACCEPT.INAPP.PAYMENT:card-decline",
    )
    .await;
    assert_eq!(refused.status, StatusCode::PAYMENT_REQUIRED);
    assert!(refused.text().contains("try a different card"));

    // ACH: accepted and pending; the settlement arrives by webhook and is read back from the gateway.
    let details = continue_to_payment(&f.router, &cookie, "INV-1001", "100.00", "ach").await;
    let page = get(&f.router, HOST, &details, Some(&cookie)).await.text();
    assert!(
        page.contains("&quot;showBankAccount&quot;: true")
            || page.contains("\"showBankAccount\": true"),
        "{page}"
    );
    let (_, paid) = confirm_and_pay(
        &f.router,
        &cookie,
        &checkout_id(&details),
        "ach:COMMON.ACCEPT.INAPP.PAYMENT:ach-settle",
    )
    .await;
    assert_eq!(paid.status, StatusCode::SEE_OTHER, "{}", paid.text());
    let key = paid
        .header("location")
        .trim_start_matches("/receipts/")
        .to_string();
    assert_eq!(receipt_status(&f, &cookie, &key).await, "Pending");
    let trans_id = f
        .store
        .gateway_ref(f.acme.tenant.id, &key)
        .await
        .expect("store")
        .expect("transId recorded");
    anet::settle_batch(&ledger);
    let body = serde_json::to_vec(&serde_json::json!({
        "notificationId": "d0e8e7fe-c3e7-4add-a480-27bc5ce28e2a",
        "eventType": "net.authorize.payment.authcapture.created",
        "eventDate": "2026-11-22T10:00:00.0Z", "webhookId": "w1",
        "payload": {"responseCode": 1, "authCode": "", "avsResponse": "P", "authAmount": 100.00,
                    "entityName": "transaction", "id": trans_id}
    }))
    .expect("json");
    let forged = post_raw(
        &f.router,
        HOST,
        "/webhooks/authorize-net",
        &[("x-anet-signature", &anet_signature(b"{}"))],
        &body,
    )
    .await;
    assert_eq!(forged.status, StatusCode::BAD_REQUEST);
    assert_eq!(receipt_status(&f, &cookie, &key).await, "Pending");
    let ok = post_raw(
        &f.router,
        HOST,
        "/webhooks/authorize-net",
        &[("x-anet-signature", &anet_signature(&body))],
        &body,
    )
    .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text());
    assert_eq!(receipt_status(&f, &cookie, &key).await, "Payment received");
    let invoice = get(&f.router, HOST, "/invoices/INV-1001", Some(&cookie))
        .await
        .text();
    assert!(invoice.contains("$200.00"), "{invoice}");
}

async fn sandbox_tenants_keep_the_test_mode_page(store: SharedStore) {
    let f = portal_fixture(store).await;
    let cookie = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let hosted = continue_to_payment(&f.router, &cookie, "INV-1001", "5.00", "card").await;
    assert!(hosted.starts_with("/sandbox/checkout/co_"), "{hosted}");
    let id = hosted.trim_start_matches("/sandbox/checkout/");
    let details = get(
        &f.router,
        HOST,
        &format!("/checkout/{id}/details"),
        Some(&cookie),
    )
    .await;
    assert_eq!(details.status, StatusCode::NOT_FOUND);
    let webhook = post_raw(&f.router, HOST, "/webhooks/stripe", &[], b"{}").await;
    assert_eq!(webhook.status, StatusCode::NOT_FOUND);
}

/// Issue 15 (8): on Authorize.Net and Stripe as on the sandbox, card details tokenized for one checkout can't pay
/// another (the first checkout to see a token keeps it); fresh details can.
async fn a_token_pays_one_checkout_on_every_gateway(store: SharedStore) {
    let (endpoint, _ledger) = anet::start().await;
    let f = portal_fixture(store).await;
    let cookie = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let mut gateways = vec![(
        anet_config(&endpoint),
        "card:COMMON.ACCEPT.INAPP.PAYMENT:card-approve~first".to_string(),
        "card:COMMON.ACCEPT.INAPP.PAYMENT:card-approve~second".to_string(),
    )];
    let ls = localstripe().await;
    if let Some(ls) = &ls {
        gateways.push((
            stripe_config(ls),
            payment_method(ls, "4242424242424242").await,
            payment_method(ls, "4242424242424242").await,
        ));
    }
    for (config, first, second) in gateways {
        use_gateway(&f, &config).await;
        let a = checkout_id(
            &continue_to_payment(&f.router, &cookie, "INV-1001", "10.00", "card").await,
        );
        let confirm = get(
            &f.router,
            HOST,
            &format!("/checkout/{a}/confirm?token={first}"),
            Some(&cookie),
        )
        .await;
        assert_eq!(confirm.status, StatusCode::OK, "{}", confirm.text());
        // Start over on A; B is a new checkout.
        post(
            &f.router,
            HOST,
            &format!("/checkout/{a}/cancel"),
            &cookie,
            &format!("csrf={}", confirm.csrf()),
        )
        .await;
        let b = checkout_id(
            &continue_to_payment(&f.router, &cookie, "INV-1001", "10.00", "card").await,
        );
        let reused = get(
            &f.router,
            HOST,
            &format!("/checkout/{b}/confirm?token={first}"),
            Some(&cookie),
        )
        .await;
        assert_eq!(reused.status, StatusCode::BAD_REQUEST, "{}", reused.text());
        assert!(reused.text().contains("entered for another payment"));
        let paid = post(
            &f.router,
            HOST,
            &format!("/checkout/{b}/pay"),
            &cookie,
            &format!("csrf={}&token={first}", confirm.csrf()),
        )
        .await;
        assert_eq!(paid.status, StatusCode::BAD_REQUEST, "{}", paid.text());
        let (_, paid) = confirm_and_pay(&f.router, &cookie, &b, &second).await;
        assert_eq!(paid.status, StatusCode::SEE_OTHER, "{}", paid.text());
    }
    let invoice = get(&f.router, HOST, "/invoices/INV-1001", Some(&cookie))
        .await
        .text();
    let expected = if ls.is_some() { "$316.98" } else { "$326.98" };
    assert!(
        invoice.contains(expected),
        "one payment per gateway: {invoice}"
    );
}

/// Issue 15: "Save this card for future payments" on the confirmation keeps the card at the gateway and pays with the
/// kept method — on the sandbox and on Authorize.Net (a customer payment profile from the nonce); a card the gateway
/// won't keep is said so, and the payment can still be made without saving.
/// Continues to payment of 5.00 on INV-1001, confirms `token` and presses Pay with "Save for next time" ticked:
/// (the confirmation, the answer to Pay).
async fn pay_and_save(router: &Router, cookie: &str, token: &str) -> (Page, Page) {
    let id = checkout_id(&continue_to_payment(router, cookie, "INV-1001", "5.00", "card").await);
    confirm_and_pay_with(router, cookie, &id, token, "&save=1").await
}

async fn a_card_can_be_saved_while_paying(store: SharedStore) {
    let (endpoint, _ledger) = anet::start().await;
    let f = portal_fixture(store).await;
    let cookie = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let methods = |html: String| html.matches("data-testid=\"payment-method\"").count();

    // The sandbox: the TEST MODE page's token, saved, then charged as the saved card.
    let (action, body) =
        sandbox_charge_form(&f.router, HOST, "/invoices/INV-1001/pay", &cookie, "10.00").await;
    let paid = post(&f.router, HOST, &action, &cookie, &format!("{body}&save=1")).await;
    assert_eq!(paid.status, StatusCode::SEE_OTHER, "{}", paid.text());
    assert!(paid.header("location").starts_with("/receipts/"));
    let list = get(&f.router, HOST, "/payment-methods", Some(&cookie))
        .await
        .text();
    assert_eq!(methods(list.clone()), 1, "{list}");
    assert!(list.contains("Visa •••• 4242"));

    // Authorize.Net: a declined card isn't kept, and nothing is charged; paying without saving still works.
    use_gateway(&f, &anet_config(&endpoint)).await;
    let (confirm, refused) = pay_and_save(
        &f.router,
        &cookie,
        "card:COMMON.ACCEPT.INAPP.PAYMENT:card-decline~save",
    )
    .await;
    assert!(confirm
        .text()
        .contains("Save this card for future payments"));
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.text()
    );
    assert!(
        refused.text().contains("The card was not saved.")
            && refused.text().contains("without saving"),
        "{}",
        refused.text()
    );
    // An approving card: kept as a customer payment profile, and the charge is made on it.
    let (_, paid) = pay_and_save(
        &f.router,
        &cookie,
        "card:COMMON.ACCEPT.INAPP.PAYMENT:card-approve~save",
    )
    .await;
    assert_eq!(paid.status, StatusCode::SEE_OTHER, "{}", paid.text());
    let list = get(&f.router, HOST, "/payment-methods", Some(&cookie))
        .await
        .text();
    assert_eq!(
        methods(list.clone()),
        2,
        "the sandbox card and the Authorize.Net card: {list}"
    );
    let invoice = get(&f.router, HOST, "/invoices/INV-1001", Some(&cookie))
        .await
        .text();
    assert!(invoice.contains("$321.98"), "10.00 + 5.00 paid: {invoice}");

    // Stripe (against localstripe): the PaymentMethod is kept for the account's customer through a SetupIntent, then
    // the PaymentIntent charges it as the customer's.
    let Some(ls) = localstripe().await else {
        return;
    };
    use_gateway(&f, &stripe_config(&ls)).await;
    let pm = payment_method(&ls, "5555555555554444").await;
    let (_, paid) = pay_and_save(&f.router, &cookie, &pm).await;
    assert_eq!(paid.status, StatusCode::SEE_OTHER, "{}", paid.text());
    let receipt = get(&f.router, HOST, paid.header("location"), Some(&cookie))
        .await
        .text();
    assert!(receipt.contains("pi_"), "{receipt}");
    let pi = receipt
        .split("data-testid=\"reference\">")
        .nth(1)
        .and_then(|r| r.split('<').next())
        .expect("the PaymentIntent")
        .to_string();
    let intent: serde_json::Value = reqwest::Client::new()
        .get(format!("{}/v1/payment_intents/{pi}", ls.url))
        .basic_auth("sk_test_billfold", Some(""))
        .send()
        .await
        .expect("get pi")
        .json()
        .await
        .expect("json");
    assert!(
        intent["customer"]
            .as_str()
            .is_some_and(|c| c.starts_with("cus_"))
            && intent["payment_method"] == pm.as_str(),
        "charged as the account's customer's kept card: {intent}"
    );
    let list = get(&f.router, HOST, "/payment-methods", Some(&cookie))
        .await
        .text();
    assert!(list.contains("•••• 4444"), "{list}");
}

billfold_tests::store_suite!(
    a_card_can_be_saved_while_paying,
    a_token_pays_one_checkout_on_every_gateway,
    stripe_payments_through_the_portal,
    stripe_webhooks_settle_a_payment_left_pending,
    a_pending_payment_waits_for_the_gateway_that_took_it,
    a_bank_confirmation_never_completed_expires_uncharged,
    authorize_net_payments_and_webhooks,
    sandbox_tenants_keep_the_test_mode_page,
);

// Sealing needs the `TestStore` itself (to dump the database).

async fn gateway_credentials_are_sealed(db: TestStore) {
    let f = portal_fixture(db.store.clone()).await;
    let config = GatewayConfig::Stripe(StripeConfig {
        secret_key: Redacted::new("sk_test_SEALED_4f1a"),
        publishable_key: "pk_test_visible".into(),
        webhook_secret: Some(Redacted::new("whsec_SEALED_9b2c")),
        api_base: "https://api.stripe.com".into(),
        js_url: "https://js.stripe.com/v3/".into(),
    });
    use_gateway(&f, &config).await;
    let dump = db.dump();
    for secret in [
        "sk_test_SEALED_4f1a",
        "whsec_SEALED_9b2c",
        "pk_test_visible",
    ] {
        assert!(!dump.contains(secret), "{secret} stored in the clear");
    }
    let back = tenants::gateway_config(f.store.as_ref(), &f.master, f.acme.tenant.id)
        .await
        .expect("open");
    let GatewayConfig::Stripe(back) = back else {
        panic!("kind changed")
    };
    assert_eq!(back.secret_key.expose(), "sk_test_SEALED_4f1a");
    // Bound to its tenant and the master key.
    let other = billfold::secrets::MasterKey::generate().expect("key");
    assert!(
        tenants::gateway_config(f.store.as_ref(), &other, f.acme.tenant.id)
            .await
            .is_err()
    );
    let globex = tenants::gateway_config(f.store.as_ref(), &f.master, f.globex.tenant.id)
        .await
        .expect("globex");
    assert!(matches!(globex, GatewayConfig::Sandbox));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gateway_credentials_are_sealed_on_sqlite() {
    gateway_credentials_are_sealed(billfold_tests::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gateway_credentials_are_sealed_on_postgres() {
    let Some(db) = billfold_tests::postgres().await else {
        return;
    };
    gateway_credentials_are_sealed(db).await;
}
