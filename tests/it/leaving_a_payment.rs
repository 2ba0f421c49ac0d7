//! A payment the customer leaves (Cancel on the gateway's page, Back, a closed tab, a declined card) never blocks
//! the invoice: Cancel and a decline give the balance back at once; coming back offers Resume or Start over; another
//! payer's checkout is shown for what it is. On SQLite and PostgreSQL, with the ledger checked after each step.

use axum::http::StatusCode;
use axum::Router;
use billfold::clock::Clock;
use billfold_tests::web::*;
use billfold_tests::{test_store_suite, TestStore};

const HOST: &str = HOST_ACME;

/// Continue to Payment on INV-1001's pay form: the TEST MODE page's path.
async fn start_paying(router: &Router, cookie: &str, number: &str, amount: &str) -> String {
    let path = format!("/invoices/{number}/pay");
    let csrf = get(router, HOST, &path, Some(cookie)).await.csrf();
    let started = post(
        router,
        HOST,
        &path,
        cookie,
        &format!("csrf={csrf}&amount={amount}&method=card"),
    )
    .await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.text());
    let hosted = started.header("location").to_string();
    assert!(hosted.starts_with("/sandbox/checkout/co_"), "{hosted}");
    hosted
}

/// Posts the checkout's Cancel (`next=pay`: Start over) as the holder of `cookie`.
async fn cancel(router: &Router, cookie: &str, hosted: &str, form: &str) -> Page {
    let id = hosted.rsplit('/').next().unwrap_or_default();
    post(
        router,
        HOST,
        &format!("/checkout/{id}/cancel"),
        cookie,
        form,
    )
    .await
}

/// The money held on an invoice by checkouts, in minor units.
async fn pending(db: &TestStore, number: &str) -> i64 {
    let ledger = db.assert_ledger_holds().await;
    ledger
        .iter()
        .find(|r| r.number == number)
        .map(|r| r.pending)
        .expect("invoice in the ledger")
}

async fn leaving_a_payment_gives_the_invoice_back(db: TestStore) {
    let f = portal_fixture(db.store.clone()).await;
    let cookie = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;

    // Cancel on the gateway's page: the whole balance is payable again at once.
    let hosted = start_paying(&f.router, &cookie, "INV-1001", "").await;
    let page = get(&f.router, HOST, &hosted, Some(&cookie)).await;
    assert!(
        page.text().contains("form=\"leave-checkout\""),
        "{}",
        page.text()
    );
    assert_eq!(pending(&db, "INV-1001").await, 33698);
    let csrf = page.csrf();
    let cancelled = cancel(&f.router, &cookie, &hosted, &format!("csrf={csrf}")).await;
    assert_eq!(cancelled.status, StatusCode::SEE_OTHER);
    assert_eq!(cancelled.header("location"), "/");
    assert_eq!(pending(&db, "INV-1001").await, 0);
    let form = get(&f.router, HOST, "/invoices/INV-1001/pay", Some(&cookie))
        .await
        .text();
    assert!(
        form.contains("value=\"336.98\"") && !form.contains("You started paying"),
        "{form}"
    );
    // Back to the cancelled checkout's page: the pay form again, nothing charged.
    let back = get(&f.router, HOST, &hosted, Some(&cookie)).await;
    assert_eq!(back.status, StatusCode::SEE_OTHER);
    assert_eq!(back.header("location"), "/invoices/INV-1001/pay");

    // Leaving without a word (Back, a closed tab): coming back offers Resume and Start over.
    let hosted = start_paying(&f.router, &cookie, "INV-1001", "100.00").await;
    let form = get(&f.router, HOST, "/invoices/INV-1001/pay", Some(&cookie)).await;
    let html = form.text().replace("&#x2F;", "/");
    assert!(
        html.contains("You started paying $100.00 for INV-1001")
            && html.contains(&format!("href=\"{hosted}\">Resume</a>"))
            && html.contains("Start over"),
        "{html}"
    );
    assert!(
        html.contains("value=\"236.98\""),
        "the rest stays payable: {html}"
    );
    // A malformed amount is told so, whatever is held.
    let posted = post(
        &f.router,
        HOST,
        "/invoices/INV-1001/pay",
        &cookie,
        &format!("csrf={}&amount=abc&method=card", form.csrf()),
    )
    .await;
    // Post/Redirect/Get: the refusal is shown by a GET carrying what was typed, so Back never resubmits.
    assert_eq!(posted.status, StatusCode::SEE_OTHER);
    assert!(posted.header("location").contains("retry=1"));
    let typed = follow(&f.router, HOST, posted, &cookie).await;
    assert_eq!(typed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        typed.text().contains("Enter an amount like")
            && !typed.text().contains("Part of this balance"),
        "{}",
        typed.text()
    );
    // Resume: the same checkout's page.
    let resumed = get(&f.router, HOST, &hosted, Some(&cookie)).await;
    assert!(resumed.text().contains("TEST MODE") && resumed.text().contains("$100.00"));
    // Start over: released, back on the pay form with everything payable.
    let over = cancel(
        &f.router,
        &cookie,
        &hosted,
        &format!("csrf={}&next=pay", form.csrf()),
    )
    .await;
    assert_eq!(over.header("location"), "/invoices/INV-1001/pay");
    assert_eq!(pending(&db, "INV-1001").await, 0);

    // A declined card gives the balance back at once; Try a different card opens one new checkout.
    let (action, body) = sandbox_charge_form_with(
        &f.router,
        HOST,
        "/invoices/INV-1001/pay",
        &cookie,
        "50.00",
        "4000000000000002",
    )
    .await;
    let declined = post(&f.router, HOST, &action, &cookie, &body).await;
    assert_eq!(declined.status, StatusCode::PAYMENT_REQUIRED);
    let html = declined.text().replace("&#x2F;", "/");
    assert!(
        html.contains("Try a different card") && !html.contains(">Pay $50.00<"),
        "{html}"
    );
    assert_eq!(pending(&db, "INV-1001").await, 0, "a decline holds nothing");
    let again_action = action.replace("/pay", "/again");
    let csrf = declined.csrf();
    let again = post(
        &f.router,
        HOST,
        &again_action,
        &cookie,
        &format!("csrf={csrf}"),
    )
    .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER, "{}", again.text());
    let retry = again.header("location").to_string();
    let twice = post(
        &f.router,
        HOST,
        &again_action,
        &cookie,
        &format!("csrf={csrf}"),
    )
    .await;
    assert_eq!(
        twice.header("location"),
        retry,
        "a repeat reuses the new checkout"
    );
    assert_eq!(pending(&db, "INV-1001").await, 5000);
    // Pressing Pay on the declined confirmation again charges nothing.
    let repeat = post(&f.router, HOST, &action, &cookie, &body).await;
    assert_eq!(repeat.status, StatusCode::PAYMENT_REQUIRED);
    let tokenized = post(
        &f.router,
        HOST,
        &retry,
        &cookie,
        &format!("csrf={csrf}&card_number=4242424242424242&expiry=12%2F30&cvc=123"),
    )
    .await;
    let confirm = tokenized.header("location").to_string();
    let token = confirm.split("token=").nth(1).expect("token");
    let pay = confirm
        .split("/confirm")
        .next()
        .expect("checkout")
        .to_string()
        + "/pay";
    let paid = post(
        &f.router,
        HOST,
        &pay,
        &cookie,
        &format!("csrf={csrf}&token={token}"),
    )
    .await;
    assert_eq!(paid.status, StatusCode::SEE_OTHER, "{}", paid.text());
    assert!(paid.header("location").starts_with("/receipts/"));
    let ledger = db.assert_ledger_holds().await;
    let row = ledger.iter().find(|r| r.number == "INV-1001").expect("row");
    assert_eq!((row.paid, row.pending), (15000, 0), "{row:?}");
    assert_eq!(
        db.store
            .sandbox_charge_count(f.acme.tenant.id)
            .await
            .expect("count"),
        2,
        "the declined attempt and the payment; pressing Pay again on the decline made no third"
    );
}

async fn another_payers_checkout_is_shown_and_left_to_them(db: TestStore) {
    let f = portal_fixture(db.store.clone()).await;
    billfold_tests::import(
        &db.store,
        &f.acme.tenant,
        &serde_json::json!({"contacts": [{"email": "ann@initech.example", "name": "Ann",
            "memberships": [{"account": "C-100", "roles": ["accounting"]}]}]}),
    )
    .await
    .expect("import Ann");
    let ann = sign_in(&f.router, &f.acme, "ann@initech.example", Some("C-100")).await;
    let pat = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let hosted = start_paying(&f.router, &ann, "INV-1001", "").await;

    let form = get(&f.router, HOST, "/invoices/INV-1001/pay", Some(&pat)).await;
    let html = form.text();
    assert!(
        html.contains("Someone else on this account is paying $336.98 for INV-1001")
            && html.contains("Everything left to pay here is already being paid")
            && !html.contains("Continue to Payment")
            && !html.contains("Start over"),
        "{html}"
    );
    // Pat can't cancel Ann's checkout.
    let refused = cancel(&f.router, &pat, &hosted, &format!("csrf={}", form.csrf())).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(pending(&db, "INV-1001").await, 33698);
    // The invoice page still offers Pay (it leads to the explanation above).
    let invoice = get(&f.router, HOST, "/invoices/INV-1001", Some(&pat))
        .await
        .text();
    assert!(invoice.contains("/invoices/INV-1001/pay") || invoice.contains("INV-1001&#x2F;pay"));

    // Truly abandoned: after the checkout's lifetime the background release gives it back.
    db.clock.advance(std::time::Duration::from_secs(31 * 60));
    let form = get(&f.router, HOST, "/invoices/INV-1001/pay", Some(&pat))
        .await
        .text();
    assert!(
        !form.contains("Someone else"),
        "an expired checkout holds nothing on the page"
    );
    let released = db
        .store
        .release_expired_checkouts(db.clock.unix())
        .await
        .expect("release");
    assert_eq!(released, 1);
    assert_eq!(pending(&db, "INV-1001").await, 0);
}

test_store_suite!(
    leaving_a_payment_gives_the_invoice_back,
    another_payers_checkout_is_shown_and_left_to_them,
);
