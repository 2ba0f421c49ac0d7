//! Saved payment methods, an account's users and the audit log, through the portal's pages on SQLite and
//! PostgreSQL: add / remove / make default / pay with a saved method on the sandbox and on Stripe (`localstripe`),
//! a gateway failing on remove, concurrent Make Default, invitations with single-use sign-in links, the last admin,
//! and authorization over every route (roles, CSRF, other accounts' ids).

use axum::http::StatusCode;
use axum::Router;
use billfold::domain::{Actor, NewAuditEntry, NewSavedMethod};
use billfold::gateway::config::{GatewayConfig, StripeConfig};
use billfold::secrets::Redacted;
use billfold::{tenants, SharedStore};
use billfold_tests::localstripe::{localstripe, payment_method};
use billfold_tests::web::*;

const HOST: &str = "acme.localhost";

/// The portal fixture plus an admin of C-100 (`ada`) and a user only in C-200 (`gus`).
async fn fixture(store: SharedStore) -> PortalFixture {
    let f = portal_fixture(store).await;
    billfold_tests::import(
        &f.store,
        &f.acme.tenant,
        &serde_json::json!({"contacts": [
            {"email": "ada@initech.example", "name": "Ada Admin",
             "memberships": [{"account": "C-100", "roles": ["admin"]}]},
            {"email": "gus@globex.example", "name": "Gus",
             "memberships": [{"account": "C-200", "roles": ["admin"]}]}
        ]}),
    )
    .await
    .expect("import admins");
    f
}

async fn signed_in(f: &PortalFixture, email: &str, account: &str) -> String {
    sign_in(&f.router, &f.acme, email, Some(account)).await
}

/// The `spm_…` ids on a Payment Methods page, in page order.
fn defaults(page: &Page) -> usize {
    page.text().matches("data-testid=\"default-badge\"").count()
}

/// Starts paying `invoice` with `method` (e.g. `saved:spm_…`); returns where the portal sends the customer.
async fn start_paying(
    router: &Router,
    cookie: &str,
    invoice: &str,
    amount: &str,
    method: &str,
) -> Page {
    let form = get(
        router,
        HOST,
        &format!("/invoices/{invoice}/pay"),
        Some(cookie),
    )
    .await;
    post(
        router,
        HOST,
        &format!("/invoices/{invoice}/pay"),
        cookie,
        &format!("csrf={}&amount={amount}&method={method}", form.csrf()),
    )
    .await
}

/// Confirms a saved-method checkout and presses Pay.
async fn confirm_saved(router: &Router, cookie: &str, confirm_path: &str) -> (Page, Page) {
    let confirm = get(router, HOST, confirm_path, Some(cookie)).await;
    assert_eq!(confirm.status, StatusCode::OK, "{}", confirm.text());
    let html = confirm.text().replace("&#x2F;", "/");
    let action = confirm_path
        .split("/confirm")
        .next()
        .expect("path")
        .to_string()
        + "/pay";
    let saved = html
        .split("name=\"saved\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("saved field");
    let paid = post(
        router,
        HOST,
        &action,
        cookie,
        &format!("csrf={}&saved={saved}", confirm.csrf()),
    )
    .await;
    (confirm, paid)
}

async fn sandbox_methods_add_default_pay_and_remove(store: SharedStore) {
    let f = fixture(store).await;
    let cookie = signed_in(&f, "pat@initech.example", "C-100").await;
    let empty = get(&f.router, HOST, "/payment-methods", Some(&cookie)).await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(empty.text().contains("No saved payment methods yet"));
    assert!(get(&f.router, HOST, "/", Some(&cookie))
        .await
        .text()
        .contains("Payment Methods"));

    // Add: the first becomes the default.
    let added = add_sandbox_card(&f.router, &cookie, "4242 4242 4242 4242", "12/30").await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.text());
    assert_eq!(added.header("location"), "/payment-methods?done=added");
    // A second card that expires this month is flagged.
    let today = time::OffsetDateTime::now_utc().date();
    let soon = format!("{:02}/{}", u8::from(today.month()), today.year() % 100);
    let added = add_sandbox_card(&f.router, &cookie, "5555 5555 5555 4444", &soon).await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.text());
    // A card the bank refuses is not saved.
    let refused = add_sandbox_card(&f.router, &cookie, "4000 0000 0000 0002", "12/30").await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .text()
            .contains("Your card was declined. Nothing was saved."),
        "{}",
        refused.text()
    );
    // Bad input comes back with a clear message.
    let typo = add_sandbox_card(&f.router, &cookie, "4242 4242 4242 4241", "12/30").await;
    assert_eq!(typo.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(typo.text().contains("That card number is not valid"));

    let list = get(
        &f.router,
        HOST,
        "/payment-methods?done=added",
        Some(&cookie),
    )
    .await;
    let text = list.text().replace("&#x2F;", "/");
    assert!(text.contains("The payment method was saved."));
    assert!(
        text.contains("Visa •••• 4242") && text.contains("12/2030"),
        "{text}"
    );
    assert!(
        text.contains("Mastercard •••• 4444") && text.contains("Expires soon"),
        "{text}"
    );
    assert!(!text.contains("4242424242424242") && !text.contains("5555555555554444"));
    assert_eq!(defaults(&list), 1);
    let ids = method_ids(&list);
    assert_eq!(ids.len(), 2, "{ids:?}");
    let (visa, master) = (ids[0].clone(), ids[1].clone());

    // Make Default.
    let made = post(
        &f.router,
        HOST,
        &format!("/payment-methods/{master}/default"),
        &cookie,
        &format!("csrf={}", list.csrf()),
    )
    .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.text());
    let list = get(&f.router, HOST, "/payment-methods", Some(&cookie)).await;
    assert_eq!(method_ids(&list)[0], master, "the default is listed first");
    assert_eq!(defaults(&list), 1);

    // Pay with a saved method: offered on the pay form, the default preselected.
    let form = get(&f.router, HOST, "/invoices/INV-1001/pay", Some(&cookie))
        .await
        .text();
    assert!(
        form.contains(&format!("value=\"saved:{master}\" checked")),
        "default preselected: {form}"
    );
    let started = start_paying(
        &f.router,
        &cookie,
        "INV-1001",
        "20.00",
        &format!("saved:{master}"),
    )
    .await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.text());
    let confirm_path = started.header("location").to_string();
    assert!(
        confirm_path.contains("/confirm?saved="),
        "straight to confirmation: {confirm_path}"
    );
    let (confirm, paid) = confirm_saved(&f.router, &cookie, &confirm_path).await;
    assert!(
        confirm.text().contains("Mastercard •••• 4444") && confirm.text().contains("Pay $20.00")
    );
    assert_eq!(paid.status, StatusCode::SEE_OTHER, "{}", paid.text());
    let receipt = get(&f.router, HOST, paid.header("location"), Some(&cookie))
        .await
        .text();
    assert!(
        receipt.contains("Payment received") && receipt.contains("$20.00"),
        "{receipt}"
    );

    // Remove: the default hands over to the other method; then none is left.
    for (id, left) in [(&master, 1), (&visa, 0)] {
        let list = get(&f.router, HOST, "/payment-methods", Some(&cookie)).await;
        let removed = post(
            &f.router,
            HOST,
            &format!("/payment-methods/{id}/remove"),
            &cookie,
            &format!("csrf={}", list.csrf()),
        )
        .await;
        assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.text());
        let list = get(&f.router, HOST, "/payment-methods", Some(&cookie)).await;
        assert_eq!(method_ids(&list).len(), left);
        assert_eq!(defaults(&list), left);
    }
    // A removed method can't be paid with.
    let stale = start_paying(
        &f.router,
        &cookie,
        "INV-1001",
        "5.00",
        &format!("saved:{visa}"),
    )
    .await;
    assert_eq!(stale.status, StatusCode::BAD_REQUEST);

    // Every change is in the audit log, with who and which session.
    let acme = f.acme.tenant.id;
    let log = f
        .store
        .audit_log(acme, None, None, 100)
        .await
        .expect("audit");
    // (Sign-ins are audited too; this test is about the methods.)
    let log: Vec<_> = log
        .into_iter()
        .filter(|e| !e.action.starts_with("sign_in."))
        .collect();
    let actions: Vec<&str> = log.iter().rev().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "payment_method.added",
            "payment_method.added",
            "payment_method.made_default",
            "payment.attempted",
            "payment_method.removed",
            "payment_method.removed"
        ]
    );
    assert!(log
        .iter()
        .all(|e| e.actor == "pat@initech.example" && e.session.is_some()));
    assert_eq!(log[2].account.as_deref(), Some("C-100"));
}

async fn concurrent_make_default_leaves_exactly_one(store: SharedStore) {
    let f = fixture(store).await;
    let cookie = signed_in(&f, "pat@initech.example", "C-100").await;
    for number in [
        "4242 4242 4242 4242",
        "5555 5555 5555 4444",
        "4000 0566 5566 5556",
    ] {
        let added = add_sandbox_card(&f.router, &cookie, number, "12/30").await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.text());
    }
    let list = get(&f.router, HOST, "/payment-methods", Some(&cookie)).await;
    let ids = method_ids(&list);
    let csrf = list.csrf();
    let mut clicks = Vec::new();
    for i in 0..30 {
        let (router, cookie, csrf) = (f.router.clone(), cookie.clone(), csrf.clone());
        let id = ids[i % ids.len()].clone();
        clicks.push(tokio::spawn(async move {
            post(
                &router,
                HOST,
                &format!("/payment-methods/{id}/default"),
                &cookie,
                &format!("csrf={csrf}"),
            )
            .await
            .status
        }));
    }
    for click in clicks {
        assert_eq!(click.await.expect("click"), StatusCode::SEE_OTHER);
    }
    let methods = f
        .store
        .saved_methods(f.acme.tenant.id, f.acme_account("C-100").await)
        .await
        .expect("methods");
    assert_eq!(methods.len(), 3);
    assert_eq!(methods.iter().filter(|m| m.is_default).count(), 1);
}

trait AccountIds {
    async fn acme_account(&self, external_id: &str) -> billfold::domain::AccountId;
}

impl AccountIds for PortalFixture {
    async fn acme_account(&self, external_id: &str) -> billfold::domain::AccountId {
        self.store
            .accounts_by_external_ids(self.acme.tenant.id, &[external_id.to_string()])
            .await
            .expect("accounts")
            .into_iter()
            .next()
            .expect("account")
            .id
    }
}

async fn stripe_methods_through_setup_intents(store: SharedStore) {
    let Some(ls) = localstripe().await else {
        return;
    };
    let f = fixture(store).await;
    let stripe = |api_base: &str| {
        GatewayConfig::Stripe(StripeConfig {
            secret_key: Redacted::new("sk_test_billfold"),
            publishable_key: "pk_test_billfold".into(),
            webhook_secret: None,
            api_base: api_base.into(),
            js_url: format!("{}/js.stripe.com/v3/", ls.url),
        })
    };
    tenants::set_gateway(
        f.store.as_ref(),
        &f.master,
        f.acme.tenant.id,
        &stripe(&ls.url),
    )
    .await
    .expect("gateway");
    let cookie = signed_in(&f, "pat@initech.example", "C-100").await;

    // The add page hosts the Payment Element in setup mode.
    let page = get(
        &f.router,
        HOST,
        "/payment-methods/new?method=card",
        Some(&cookie),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    assert!(
        page.text().contains("data-mode=\"save\"")
            && page.text().contains("id=\"payment-element\"")
    );
    let csrf = page.csrf();

    // Stripe.js makes the PaymentMethod in the browser; the portal saves it with a SetupIntent.
    let visa = payment_method(&ls, "4242424242424242").await;
    let saved = post(
        &f.router,
        HOST,
        "/payment-methods",
        &cookie,
        &format!("csrf={csrf}&method=card&token={visa}"),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
    let declining = payment_method(&ls, "4000000000000002").await;
    let refused = post(
        &f.router,
        HOST,
        "/payment-methods",
        &cookie,
        &format!("csrf={csrf}&method=card&token={declining}"),
    )
    .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.text()
    );
    assert!(refused.text().contains("declined") && refused.text().contains("Nothing was saved"));

    let list = get(&f.router, HOST, "/payment-methods", Some(&cookie)).await;
    assert!(
        list.text().contains("Visa •••• 4242") && list.text().contains("12&#x2F;2030"),
        "{}",
        list.text()
    );
    let ids = method_ids(&list);
    assert_eq!(ids.len(), 1);
    let account = f.acme_account("C-100").await;
    let method = f
        .store
        .saved_method(f.acme.tenant.id, account, &ids[0])
        .await
        .expect("store")
        .expect("saved");
    assert!(method
        .customer_ref
        .as_deref()
        .is_some_and(|c| c.starts_with("cus_")));
    assert_eq!(method.reference, visa);

    // Paid with, server-side, against the customer's saved PaymentMethod.
    let started = start_paying(
        &f.router,
        &cookie,
        "INV-1001",
        "25.00",
        &format!("saved:{}", ids[0]),
    )
    .await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.text());
    let (_, paid) = confirm_saved(&f.router, &cookie, started.header("location")).await;
    assert_eq!(paid.status, StatusCode::SEE_OTHER, "{}", paid.text());
    let receipt = get(&f.router, HOST, paid.header("location"), Some(&cookie))
        .await
        .text();
    assert!(
        receipt.contains("Payment received") && receipt.contains("pi_"),
        "{receipt}"
    );

    // The gateway failing on remove: nothing changes here, and the customer is told.
    tenants::set_gateway(
        f.store.as_ref(),
        &f.master,
        f.acme.tenant.id,
        &stripe("http://127.0.0.1:9"),
    )
    .await
    .expect("gateway");
    let failed = post(
        &f.router,
        HOST,
        &format!("/payment-methods/{}/remove", ids[0]),
        &cookie,
        &format!("csrf={csrf}"),
    )
    .await;
    assert_eq!(failed.status, StatusCode::BAD_GATEWAY, "{}", failed.text());
    assert!(
        failed.text().contains("could not be removed") && failed.text().contains("Nothing changed")
    );
    assert_eq!(
        method_ids(&get(&f.router, HOST, "/payment-methods", Some(&cookie)).await).len(),
        1
    );

    // With Stripe answering again it is detached there, then removed here.
    tenants::set_gateway(
        f.store.as_ref(),
        &f.master,
        f.acme.tenant.id,
        &stripe(&ls.url),
    )
    .await
    .expect("gateway");
    let removed = post(
        &f.router,
        HOST,
        &format!("/payment-methods/{}/remove", ids[0]),
        &cookie,
        &format!("csrf={csrf}"),
    )
    .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.text());
    let pm: serde_json::Value = reqwest::Client::new()
        .get(format!("{}/v1/payment_methods/{visa}", ls.url))
        .basic_auth("sk_test_billfold", Some(""))
        .send()
        .await
        .expect("get pm")
        .json()
        .await
        .expect("json");
    assert!(pm["customer"].is_null(), "detached at Stripe: {pm}");
    assert!(method_ids(&get(&f.router, HOST, "/payment-methods", Some(&cookie)).await).is_empty());

    // A card whose bank wants 3-D Secure before it is kept: the bank's step (Stripe.js `handleNextAction`), then
    // back to the portal, which asks Stripe how it went.
    let gus = signed_in(&f, "gus@globex.example", "C-200").await;
    for confirm in [false, true] {
        let three_ds = payment_method(&ls, "4000002760003184").await;
        let asked = post(
            &f.router,
            HOST,
            "/payment-methods",
            &cookie,
            &format!("csrf={csrf}&method=card&token={three_ds}"),
        )
        .await;
        assert_eq!(asked.status, StatusCode::OK, "{}", asked.text());
        let html = asked.text().replace("&#x2F;", "/").replace("&amp;", "&");
        assert!(
            html.contains("Confirm your card with your bank")
                && html.contains("data-mode=\"authenticate\""),
            "{html}"
        );
        let attr = |name: &str| {
            html.split(&format!("{name}=\""))
                .nth(1)
                .and_then(|s| s.split('"').next())
                .unwrap_or_else(|| panic!("{name} in {html}"))
                .to_string()
        };
        let secret = attr("data-client-secret");
        let back = attr("data-return-url");
        let setup = secret
            .split("_secret_")
            .next()
            .expect("setup id")
            .to_string();
        assert_eq!(
            back,
            format!("/payment-methods/authenticated?setup={setup}")
        );
        // Nothing is kept while the bank is asking.
        assert!(
            method_ids(&get(&f.router, HOST, "/payment-methods", Some(&cookie)).await).is_empty()
        );
        if confirm {
            // The bank's step as Stripe.js runs it against localstripe: confirm with the client secret.
            let answered = reqwest::Client::new()
                .post(format!("{}/v1/setup_intents/{setup}/confirm", ls.url))
                .form(&[
                    ("key", "pk_test_billfold"),
                    ("client_secret", secret.as_str()),
                ])
                .send()
                .await
                .expect("confirm setup");
            assert!(
                answered.status().is_success(),
                "{:?}",
                answered.text().await
            );
        }
        // Another account's user can't take the card over with the same link.
        let stolen = get(&f.router, HOST, &back, Some(&gus)).await;
        assert_eq!(stolen.status, StatusCode::NOT_FOUND, "{}", stolen.text());
        let returned = get(&f.router, HOST, &back, Some(&cookie)).await;
        if confirm {
            assert_eq!(
                returned.status,
                StatusCode::SEE_OTHER,
                "{}",
                returned.text()
            );
            assert_eq!(returned.header("location"), "/payment-methods?done=added");
            // A reload of the return page keeps the card once.
            let again = get(&f.router, HOST, &back, Some(&cookie)).await;
            assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.text());
            let list = get(&f.router, HOST, "/payment-methods", Some(&cookie)).await;
            assert!(list.text().contains("Visa •••• 3184"), "{}", list.text());
            assert_eq!(method_ids(&list).len(), 1);
        } else {
            assert_eq!(
                returned.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{}",
                returned.text()
            );
            assert!(
                returned.text().contains("didn&#x27;t confirm this card"),
                "{}",
                returned.text()
            );
            assert!(
                method_ids(&get(&f.router, HOST, "/payment-methods", Some(&cookie)).await)
                    .is_empty()
            );
        }
    }
    // A made-up or malformed setup id is not found.
    for bogus in ["seti_nope", "pi_123", "seti_1;drop"] {
        let page = get(
            &f.router,
            HOST,
            &format!("/payment-methods/authenticated?setup={bogus}"),
            Some(&cookie),
        )
        .await;
        assert_eq!(
            page.status,
            StatusCode::NOT_FOUND,
            "{bogus}: {}",
            page.text()
        );
    }
}

async fn authorize_net_methods_through_customer_profiles(store: SharedStore) {
    let (endpoint, ledger) = billfold_tests::anet::start().await;
    let f = fixture(store).await;
    let config = GatewayConfig::AuthorizeNet(billfold::gateway::config::AuthorizeNetConfig {
        login_id: billfold_tests::anet::LOGIN.into(),
        transaction_key: Redacted::new(billfold_tests::anet::TRANSACTION_KEY),
        client_key: "client-key-public".into(),
        signature_key: None,
        endpoint,
        js_url: billfold::gateway::config::AUTHORIZE_NET_TEST_JS.into(),
    });
    tenants::set_gateway(f.store.as_ref(), &f.master, f.acme.tenant.id, &config)
        .await
        .expect("gateway");
    let cookie = signed_in(&f, "pat@initech.example", "C-100").await;

    // The add page hosts the Accept form in save mode.
    let page = get(
        &f.router,
        HOST,
        "/payment-methods/new?method=card",
        Some(&cookie),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    assert!(page.text().contains("class=\"AcceptUI") && page.text().contains("data-mode=\"save\""));
    let csrf = page.csrf();
    let save = |nonce: &str| {
        format!("csrf={csrf}&method=card&token=card%3ACOMMON.ACCEPT.INAPP.PAYMENT%3A{nonce}")
    };
    for _ in 0..2 {
        let saved = post(
            &f.router,
            HOST,
            "/payment-methods",
            &cookie,
            &save("card-approve"),
        )
        .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
    }
    let refused = post(
        &f.router,
        HOST,
        "/payment-methods",
        &cookie,
        &save("card-decline"),
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().contains("declined") && refused.text().contains("Nothing was saved"));
    {
        let l = ledger.lock().expect("ledger");
        assert_eq!(l.profiles.len(), 1, "one customer profile per account");
        assert_eq!(l.profiles[0].payment_profiles.len(), 2);
    }
    let list = get(&f.router, HOST, "/payment-methods", Some(&cookie)).await;
    assert!(
        list.text().contains("Visa •••• 1111") && list.text().contains("12&#x2F;2030"),
        "{}",
        list.text()
    );
    let ids = method_ids(&list);
    assert_eq!(ids.len(), 2);
    // Authorize.Net has no bank step on saving: the Stripe return page is not found here.
    let elsewhere = get(
        &f.router,
        HOST,
        "/payment-methods/authenticated?setup=seti_123",
        Some(&cookie),
    )
    .await;
    assert_eq!(elsewhere.status, StatusCode::NOT_FOUND);

    // Paid with, server-side, against the saved payment profile.
    let started = start_paying(
        &f.router,
        &cookie,
        "INV-1001",
        "15.00",
        &format!("saved:{}", ids[0]),
    )
    .await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.text());
    let (_, paid) = confirm_saved(&f.router, &cookie, started.header("location")).await;
    assert_eq!(paid.status, StatusCode::SEE_OTHER, "{}", paid.text());
    let receipt = get(&f.router, HOST, paid.header("location"), Some(&cookie))
        .await
        .text();
    assert!(receipt.contains("Payment received"), "{receipt}");
    assert_eq!(ledger.lock().expect("ledger").transactions.len(), 1);

    // An outage on remove changes nothing; then it is deleted at the gateway and here.
    ledger.lock().expect("ledger").down = true;
    let failed = post(
        &f.router,
        HOST,
        &format!("/payment-methods/{}/remove", ids[0]),
        &cookie,
        &format!("csrf={csrf}"),
    )
    .await;
    assert_eq!(failed.status, StatusCode::BAD_GATEWAY, "{}", failed.text());
    assert_eq!(
        method_ids(&get(&f.router, HOST, "/payment-methods", Some(&cookie)).await).len(),
        2
    );
    ledger.lock().expect("ledger").down = false;
    let removed = post(
        &f.router,
        HOST,
        &format!("/payment-methods/{}/remove", ids[0]),
        &cookie,
        &format!("csrf={csrf}"),
    )
    .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.text());
    assert_eq!(
        method_ids(&get(&f.router, HOST, "/payment-methods", Some(&cookie)).await).len(),
        1
    );
    let deleted = ledger.lock().expect("ledger").profiles[0]
        .payment_profiles
        .iter()
        .filter(|(_, _, deleted)| *deleted)
        .count();
    assert_eq!(deleted, 1);
}

/// The sign-in URL in the newest invitation written to `dir`.
/// The Users page's row for `email`.
fn user_row(users: &str, email: &str) -> String {
    users
        .split(&format!("<tr data-email=\"{email}\">"))
        .nth(1)
        .and_then(|r| r.split("</tr>").next())
        .expect("the user's row")
        .replace("&#x2F;", "/")
}

fn invitation_link(dir: &std::path::Path) -> String {
    let mail = billfold_tests::mail::outbox(dir)
        .into_iter()
        .rfind(|m| m.file.to_string_lossy().ends_with("-invitation.eml"))
        .expect("an invitation");
    assert_eq!(mail.to, ["colleague@initech.example"], "{mail:?}");
    assert!(
        mail.text.contains("Accounting access to Initech"),
        "{mail:?}"
    );
    mail.line_with("/sign-in/").expect("a sign-in link")
}

async fn admins_invite_colleagues_and_manage_access(store: SharedStore) {
    let f = fixture(store).await;
    let ada = signed_in(&f, "ada@initech.example", "C-100").await;
    let users = get(&f.router, HOST, "/users", Some(&ada)).await;
    assert_eq!(users.status, StatusCode::OK, "{}", users.text());
    for email in [
        "pat@initech.example",
        "ada@initech.example",
        "vic@initech.example",
        "nora@initech.example",
    ] {
        assert!(users.text().contains(email), "{email}");
    }
    assert!(
        !users.text().contains("gus@globex.example"),
        "only this account's users"
    );
    let csrf = users.csrf();

    // Invite: bad input is refused with the reason and what was typed.
    let bad = post(
        &f.router,
        HOST,
        "/users/invite",
        &ada,
        &format!("csrf={csrf}&email=not-an-email&access=accounting"),
    )
    .await;
    // Post/Redirect/Get: the refusal is shown by a GET, so Back never resubmits.
    assert_eq!(bad.status, StatusCode::SEE_OTHER);
    let bad = follow(&f.router, HOST, bad, &ada).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.text()
            .contains("Enter the colleague&#x27;s email address")
            || bad.text().contains("Enter the colleague's email address")
    );
    assert!(bad.text().contains("value=\"not-an-email\""));
    let again = post(
        &f.router,
        HOST,
        "/users/invite",
        &ada,
        &format!("csrf={csrf}&email=pat%40initech.example&access=viewer"),
    )
    .await;
    let again = follow(&f.router, HOST, again, &ada).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.text().contains("already has access"));

    let invited = post(
        &f.router,
        HOST,
        "/users/invite",
        &ada,
        &format!("csrf={csrf}&email=Colleague%40Initech.example&name=Cole&access=accounting"),
    )
    .await;
    assert_eq!(invited.status, StatusCode::SEE_OTHER, "{}", invited.text());
    // Pending until they sign in; the invitation can be sent again, with a new link.
    let users = get(&f.router, HOST, "/users", Some(&ada)).await.text();
    let row = user_row(&users, "colleague@initech.example");
    assert!(
        row.contains(">Pending</span> Invited ") && row.contains("Resend invitation"),
        "{row}"
    );
    let resend = row
        .split("action=\"")
        .map(|s| s.split('"').next().unwrap_or(""))
        .find(|a| a.ends_with("/resend"))
        .expect("resend action")
        .to_string();
    let resent = post(&f.router, HOST, &resend, &ada, &format!("csrf={csrf}")).await;
    assert_eq!(resent.status, StatusCode::SEE_OTHER, "{}", resent.text());
    assert!(resent.header("location").ends_with("/users?done=resent"));
    let outbox = tempfile::tempdir().expect("outbox");
    f.portal.deliver_mail(outbox.path()).await.expect("deliver");
    let invitations = billfold_tests::mail::outbox(outbox.path())
        .into_iter()
        .filter(|m| m.file.to_string_lossy().ends_with("-invitation.eml"))
        .count();
    assert_eq!(invitations, 2, "the invitation and its resend");
    let link = invitation_link(outbox.path());
    let path = link
        .split("acme.localhost")
        .nth(1)
        .expect("a link on the tenant's host")
        .to_string();

    // The link shows a button (a mail scanner's GET doesn't use it up); the POST signs in, once.
    let page = get(&f.router, HOST, &path, None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("Sign in"));
    // A form on another site can't use it (signing someone in as someone else).
    let forged = post_raw(
        &f.router,
        HOST,
        &path,
        &[("sec-fetch-site", "cross-site")],
        b"",
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let signed = send(&f.router, "POST", HOST, &path, None, Some("")).await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.text());
    let users = get(&f.router, HOST, "/users", Some(&ada)).await.text();
    let row = user_row(&users, "colleague@initech.example");
    assert!(
        row.contains("Last signed in") && !row.contains("Resend invitation"),
        "{row}"
    );
    let late = post(&f.router, HOST, &resend, &ada, &format!("csrf={csrf}")).await;
    assert_eq!(late.status, StatusCode::BAD_REQUEST, "{}", late.text());
    let colleague = signed.session_cookie().expect("a session");
    let dashboard = get(&f.router, HOST, "/", Some(&colleague)).await.text();
    assert!(dashboard.contains("button--pay"), "Accounting can pay");
    let reused = send(&f.router, "POST", HOST, &path, None, Some("")).await;
    assert_eq!(reused.status, StatusCode::UNAUTHORIZED, "a link works once");
    let elsewhere = send(&f.router, "POST", "globex.localhost", &path, None, Some("")).await;
    assert_eq!(elsewhere.status, StatusCode::UNAUTHORIZED);

    // Change access; the last admin can't be demoted or removed.
    let id_of = |page: &Page, email: &str| -> String {
        let html = page.text().replace("&#x2F;", "/");
        let row = html
            .split(&format!("data-email=\"{email}\""))
            .nth(1)
            .expect("row");
        row.split("/users/")
            .nth(1)
            .and_then(|s| s.split('/').next())
            .expect("id")
            .to_string()
    };
    let users = get(&f.router, HOST, "/users", Some(&ada)).await;
    let (ada_id, pat_id, vic_id) = (
        id_of(&users, "ada@initech.example"),
        id_of(&users, "pat@initech.example"),
        id_of(&users, "vic@initech.example"),
    );
    let to = |id: &str, what: &str| format!("/users/{id}/{what}");
    let promoted = post(
        &f.router,
        HOST,
        &to(&vic_id, "roles"),
        &ada,
        &format!("csrf={csrf}&access=accounting"),
    )
    .await;
    assert_eq!(promoted.status, StatusCode::SEE_OTHER);
    let demote_self = post(
        &f.router,
        HOST,
        &to(&ada_id, "roles"),
        &ada,
        &format!("csrf={csrf}&access=viewer"),
    )
    .await;
    assert_eq!(demote_self.status, StatusCode::CONFLICT);
    assert!(demote_self.text().contains("at least one admin"));
    let remove_self = post(
        &f.router,
        HOST,
        &to(&ada_id, "remove"),
        &ada,
        &format!("csrf={csrf}"),
    )
    .await;
    assert_eq!(remove_self.status, StatusCode::CONFLICT);
    let bad_role = post(
        &f.router,
        HOST,
        &to(&pat_id, "roles"),
        &ada,
        &format!("csrf={csrf}&access=owner"),
    )
    .await;
    assert_eq!(bad_role.status, StatusCode::BAD_REQUEST);
    let pat_admin = post(
        &f.router,
        HOST,
        &to(&pat_id, "roles"),
        &ada,
        &format!("csrf={csrf}&access=admin"),
    )
    .await;
    assert_eq!(pat_admin.status, StatusCode::SEE_OTHER);
    let now_ok = post(
        &f.router,
        HOST,
        &to(&ada_id, "remove"),
        &ada,
        &format!("csrf={csrf}"),
    )
    .await;
    assert_eq!(
        now_ok.status,
        StatusCode::SEE_OTHER,
        "another admin exists now"
    );
    // Removing a membership ends its sessions.
    let gone = get(&f.router, HOST, "/users", Some(&ada)).await;
    assert_eq!(gone.status, StatusCode::UNAUTHORIZED);

    // The new admin sees the account's activity.
    let pat = signed_in(&f, "pat@initech.example", "C-100").await;
    let activity = get(&f.router, HOST, "/activity", Some(&pat)).await;
    assert_eq!(activity.status, StatusCode::OK);
    let text = activity.text();
    for expected in [
        "User invited",
        "colleague@initech.example as Accounting",
        "Access changed",
        "vic@initech.example: Viewer → Accounting",
        "User removed",
        "ada@initech.example",
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }
}

async fn every_route_checks_role_csrf_and_account(store: SharedStore) {
    let f = fixture(store).await;
    let acme = f.acme.tenant.id;
    let c100 = f.acme_account("C-100").await;
    let c200 = f.acme_account("C-200").await;
    // A method of account C-200, and C-100's own.
    let vendor = Actor::vendor("test");
    let saved = |account, id: &str| NewSavedMethod {
        public_id: id.into(),
        tenant_id: acme,
        account_id: account,
        gateway: "sandbox".into(),
        customer_ref: None,
        reference: format!("tok_{id}"),
        kind: "card".into(),
        brand: "Visa".into(),
        last4: "4242".into(),
        exp_month: Some(12),
        exp_year: Some(2030),
        created_by: None,
        now: now(),
    };
    let audit = |account| NewAuditEntry {
        tenant_id: acme,
        account_id: Some(account),
        actor: &vendor,
        action: "payment_method.added",
        detail: "test".into(),
        now: now(),
    };
    f.store
        .add_saved_method(&saved(c200, "spm_other_account"), &audit(c200))
        .await
        .expect("c200 method");
    f.store
        .add_saved_method(&saved(c100, "spm_own_account"), &audit(c100))
        .await
        .expect("c100 method");
    let gus_id = f
        .store
        .account_members(acme, c200)
        .await
        .expect("members")
        .into_iter()
        .find(|m| m.user.email.as_str() == "gus@globex.example")
        .expect("gus")
        .user
        .id
        .0;

    let ada = signed_in(&f, "ada@initech.example", "C-100").await;
    let csrf = get(&f.router, HOST, "/users", Some(&ada)).await.csrf();
    let posts = [
        "/payment-methods".to_string(),
        "/payment-methods/new?method=card".to_string(),
        "/payment-methods/spm_own_account/default".to_string(),
        "/payment-methods/spm_own_account/remove".to_string(),
        "/users/invite".to_string(),
        format!("/users/{gus_id}/roles"),
        format!("/users/{gus_id}/remove"),
    ];
    // Every POST refuses a missing or wrong CSRF token.
    for path in &posts {
        for body in ["access=viewer", "csrf=wrong&access=viewer"] {
            let refused = post(&f.router, HOST, path, &ada, body).await;
            assert_eq!(refused.status, StatusCode::FORBIDDEN, "{path} with {body}");
        }
    }
    // Another account's ids are not found, even for an admin with a good token.
    for path in [
        "/payment-methods/spm_other_account/default",
        "/payment-methods/spm_other_account/remove",
        &format!("/users/{gus_id}/roles"),
        &format!("/users/{gus_id}/remove"),
    ] {
        let hidden = post(
            &f.router,
            HOST,
            path,
            &ada,
            &format!("csrf={csrf}&access=viewer"),
        )
        .await;
        assert_eq!(hidden.status, StatusCode::NOT_FOUND, "{path}");
    }
    let foreign = start_paying(
        &f.router,
        &ada,
        "INV-1001",
        "5.00",
        "saved:spm_other_account",
    )
    .await;
    assert_eq!(foreign.status, StatusCode::BAD_REQUEST);
    let methods = f.store.saved_methods(acme, c200).await.expect("methods");
    assert!(
        methods.len() == 1 && methods[0].is_default,
        "C-200's method untouched"
    );

    // Roles: viewers can't touch payment methods; accounting and viewers can't manage users or read the log.
    let vic = signed_in(&f, "vic@initech.example", "C-100").await;
    let pat = signed_in(&f, "pat@initech.example", "C-100").await;
    for (who, cookie, path, expected) in [
        ("viewer", &vic, "/payment-methods", StatusCode::FORBIDDEN),
        (
            "viewer",
            &vic,
            "/payment-methods/new?method=card",
            StatusCode::FORBIDDEN,
        ),
        (
            "viewer",
            &vic,
            "/payment-methods/authenticated?setup=seti_x",
            StatusCode::FORBIDDEN,
        ),
        ("viewer", &vic, "/users", StatusCode::FORBIDDEN),
        ("viewer", &vic, "/activity", StatusCode::FORBIDDEN),
        ("accounting", &pat, "/users", StatusCode::FORBIDDEN),
        ("accounting", &pat, "/activity", StatusCode::FORBIDDEN),
        ("accounting", &pat, "/payment-methods", StatusCode::OK),
        ("admin", &ada, "/activity", StatusCode::OK),
    ] {
        assert_eq!(
            get(&f.router, HOST, path, Some(cookie)).await.status,
            expected,
            "{who} GET {path}"
        );
    }
    let vic_csrf = get(&f.router, HOST, "/", Some(&vic)).await.csrf();
    let pat_csrf = get(&f.router, HOST, "/", Some(&pat)).await.csrf();
    for (cookie, csrf, path) in [
        (&vic, &vic_csrf, "/payment-methods/spm_own_account/default"),
        (&vic, &vic_csrf, "/payment-methods/spm_own_account/remove"),
        (&vic, &vic_csrf, "/users/invite"),
        (&pat, &pat_csrf, "/users/invite"),
        (&pat, &pat_csrf, &format!("/users/{gus_id}/roles")),
    ] {
        let refused = post(
            &f.router,
            HOST,
            path,
            cookie,
            &format!("csrf={csrf}&email=x%40y.example&access=admin"),
        )
        .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{path}");
    }
    // Another tenant's host doesn't know the session.
    assert_eq!(
        get(
            &f.router,
            "globex.localhost",
            "/payment-methods",
            Some(&ada)
        )
        .await
        .status,
        StatusCode::UNAUTHORIZED
    );
}

billfold_tests::store_suite!(
    an_invitation_never_renames_a_user,
    paying_again_after_back_is_logged_once,
    a_token_pays_only_its_own_checkout,
    removing_the_default_hands_over_to_the_same_kind,
    sandbox_methods_add_default_pay_and_remove,
    concurrent_make_default_leaves_exactly_one,
    stripe_methods_through_setup_intents,
    authorize_net_methods_through_customer_profiles,
    admins_invite_colleagues_and_manage_access,
    every_route_checks_role_csrf_and_account,
);

/// Issue 15 (15): Remove asks first and says what happens to the default; removing the default card hands over to the
/// newest other card, never to a bank account.
async fn removing_the_default_hands_over_to_the_same_kind(store: SharedStore) {
    let f = fixture(store.clone()).await;
    update_tenant(&f, |t| t.settings.ach_enabled = true).await;
    let cookie = signed_in(&f, "pat@initech.example", "C-100").await;
    let saved = add_sandbox_card(&f.router, &cookie, "4242 4242 4242 4242", "12/30").await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
    let page = get(
        &f.router,
        HOST,
        "/payment-methods/new?method=ach",
        Some(&cookie),
    )
    .await;
    let bank = post(
        &f.router,
        HOST,
        "/payment-methods/new?method=ach",
        &cookie,
        &format!(
            "csrf={}&routing_number=110000000&account_number=000123456789",
            page.csrf()
        ),
    )
    .await;
    assert_eq!(bank.status, StatusCode::SEE_OTHER, "{}", bank.text());
    let list = get(&f.router, HOST, "/payment-methods", Some(&cookie)).await;
    let html = list.text();
    assert!(
        html.contains("<details class=\"confirm\">")
            && html.contains("It is your default: you will have no default until you choose one."),
        "{html}"
    );
    let ids = method_ids(&list);
    let visa = ids[0].clone();
    let removed = post(
        &f.router,
        HOST,
        &format!("/payment-methods/{visa}/remove"),
        &cookie,
        &format!("csrf={}", list.csrf()),
    )
    .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    let list = get(&f.router, HOST, "/payment-methods", Some(&cookie)).await;
    assert_eq!(
        (method_ids(&list).len(), defaults(&list)),
        (1, 0),
        "the bank account is not promoted"
    );

    // Two cards: the default's removal hands over to the other card, and the confirmation says so.
    add_sandbox_card(&f.router, &cookie, "5555 5555 5555 4444", "11/29").await;
    add_sandbox_card(&f.router, &cookie, "4000 0566 5566 5556", "10/29").await;
    let list = get(&f.router, HOST, "/payment-methods", Some(&cookie)).await;
    let html = list.text();
    let default_id = method_ids(&list)[0].clone();
    assert!(html.contains("becomes the default."), "{html}");
    post(
        &f.router,
        HOST,
        &format!("/payment-methods/{default_id}/remove"),
        &cookie,
        &format!("csrf={}", list.csrf()),
    )
    .await;
    let list = get(&f.router, HOST, "/payment-methods", Some(&cookie)).await;
    assert_eq!(defaults(&list), 1);
    let text = list.text();
    let default_label = text
        .split("data-testid=\"payment-method\"")
        .find(|item| item.contains("data-testid=\"default-badge\""))
        .expect("a default");
    assert!(
        !default_label.contains("Bank account"),
        "a card took over: {default_label}"
    );
}

/// Issue 15 (5): a customer admin's invitation adds a user to their account and changes nothing outside it — an
/// existing user keeps their name everywhere.
async fn an_invitation_never_renames_a_user(store: SharedStore) {
    let f = fixture(store.clone()).await;
    let ada = signed_in(&f, "ada@initech.example", "C-100").await;
    let csrf = get(&f.router, HOST, "/users", Some(&ada)).await.csrf();
    let invited = post(
        &f.router,
        HOST,
        "/users/invite",
        &ada,
        &format!("csrf={csrf}&email=gus%40globex.example&name=Renamed+By+Ada&access=viewer"),
    )
    .await;
    assert_eq!(invited.status, StatusCode::SEE_OTHER, "{}", invited.text());
    let gus = store
        .user_by_email(
            f.acme.tenant.id,
            &billfold::domain::Email::parse("gus@globex.example").expect("email"),
        )
        .await
        .expect("user")
        .expect("gus");
    assert_eq!(gus.name, "Gus", "the name Globex knows him by stays");

    // Issue 15 (14): a name is at most 100 characters; a longer one is refused with what was typed kept.
    let long = "N".repeat(101);
    let refused = post(
        &f.router,
        HOST,
        "/users/invite",
        &ada,
        &format!("csrf={csrf}&email=new%40initech.example&name={long}&access=viewer"),
    )
    .await;
    let refused = follow(&f.router, HOST, refused, &ada).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .text()
            .contains("A name can be at most 100 characters")
            && refused.text().contains("new@initech.example"),
        "{}",
        refused.text()
    );
    assert!(store
        .user_by_email(
            f.acme.tenant.id,
            &billfold::domain::Email::parse("new@initech.example").expect("email"),
        )
        .await
        .expect("user")
        .is_none());
}

/// Issue 15 (6): Back, then Pay again on a checkout already paid shows the same receipt and is not logged as a
/// second payment.
async fn paying_again_after_back_is_logged_once(store: SharedStore) {
    let f = fixture(store.clone()).await;
    let pat = signed_in(&f, "pat@initech.example", "C-100").await;
    let (action, body) =
        sandbox_charge_form(&f.router, HOST, "/invoices/INV-1001/pay", &pat, "5.00").await;
    let first = post(&f.router, HOST, &action, &pat, &body).await;
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.text());
    let again = post(&f.router, HOST, &action, &pat, &body).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.text());
    assert_eq!(
        again.header("location"),
        first.header("location"),
        "the same receipt"
    );
    let log = store
        .audit_log(f.acme.tenant.id, None, None, 100)
        .await
        .expect("audit");
    let attempts = log
        .iter()
        .filter(|e| e.action == "payment.attempted")
        .count();
    assert_eq!(attempts, 1, "{log:?}");
}

/// Issue 15 (8): a sandbox token issued for one checkout can't pay another.
async fn a_token_pays_only_its_own_checkout(store: SharedStore) {
    let f = fixture(store.clone()).await;
    let pat = signed_in(&f, "pat@initech.example", "C-100").await;
    let (action_a, body_a) =
        sandbox_charge_form(&f.router, HOST, "/invoices/INV-1001/pay", &pat, "5.00").await;
    let (action_b, _) =
        sandbox_charge_form(&f.router, HOST, "/invoices/INV-1001/pay", &pat, "7.00").await;
    assert_ne!(action_a, action_b);
    let crossed = post(&f.router, HOST, &action_b, &pat, &body_a).await;
    assert_eq!(
        crossed.status,
        StatusCode::BAD_REQUEST,
        "{}",
        crossed.text()
    );
    assert!(crossed.text().contains("another payment"));
    let own = post(&f.router, HOST, &action_a, &pat, &body_a).await;
    assert_eq!(own.status, StatusCode::SEE_OTHER, "{}", own.text());
    let invoice = store
        .invoice(f.acme.tenant.id, "INV-1001")
        .await
        .expect("invoice")
        .expect("exists");
    assert_eq!(
        invoice.paid.to_decimal_string(),
        "105.00",
        "only checkout A's 5.00 was paid"
    );
}
