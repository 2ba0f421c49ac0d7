//! Paying through the portal's pages with the sandbox gateway, on SQLite and PostgreSQL: the amount form,
//! Continue to Payment, the TEST MODE page, confirmation, receipt, history; declines; double submits; roles; and
//! no card number anywhere in the database or the logs.

use axum::http::StatusCode;
use axum::Router;
use billfold_tests::web::*;
use billfold_tests::TestStore;

const HOST: &str = "acme.localhost";

/// Fills the amount form and the sandbox page; returns the confirm page's path and the checkout's pay action.
async fn to_confirmation(
    router: &Router,
    cookie: &str,
    invoice: &str,
    amount: &str,
    card: &str,
) -> (String, Page) {
    let form = get(
        router,
        HOST,
        &format!("/invoices/{invoice}/pay"),
        Some(cookie),
    )
    .await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text());
    assert!(form.text().contains("Continue to Payment"));
    let csrf = form.csrf();
    let started = post(
        router,
        HOST,
        &format!("/invoices/{invoice}/pay"),
        cookie,
        &format!("csrf={csrf}&amount={amount}&method=card"),
    )
    .await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.text());
    let hosted = started.header("location").to_string();
    assert!(hosted.starts_with("/sandbox/checkout/co_"), "{hosted}");
    let page = get(router, HOST, &hosted, Some(cookie)).await;
    assert!(page.text().contains("TEST MODE"));
    let tokenized = post(
        router,
        HOST,
        &hosted,
        cookie,
        &format!(
            "csrf={csrf}&card_number={}&expiry=12%2F30&cvc=123",
            card.replace(' ', "+")
        ),
    )
    .await;
    assert_eq!(
        tokenized.status,
        StatusCode::SEE_OTHER,
        "{}",
        tokenized.text()
    );
    let confirm_path = tokenized.header("location").to_string();
    let confirm = get(router, HOST, &confirm_path, Some(cookie)).await;
    assert_eq!(confirm.status, StatusCode::OK, "{}", confirm.text());
    (confirm_path, confirm)
}

/// The Pay form on a confirmation page: (action, body).
fn pay_form(confirm: &Page) -> (String, String) {
    let html = confirm.text().replace("&#x2F;", "/");
    let action = html
        .split("action=\"")
        .map(|s| s.split('"').next().unwrap_or(""))
        .find(|a| a.contains("/checkout/") && a.ends_with("/pay"))
        .expect("pay form")
        .to_string();
    let token = html
        .split("name=\"token\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("token");
    (action, format!("csrf={}&token={token}", confirm.csrf()))
}

async fn pay_part_of_an_invoice_with_the_sandbox_card(store: billfold::SharedStore) {
    let f = portal_fixture(store.clone()).await;
    let cookie = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let dashboard = get(&f.router, HOST, "/", Some(&cookie)).await.text();
    assert!(
        dashboard.contains("button--pay") && dashboard.contains("Pay full balance"),
        "payers see Pay"
    );

    let (_, confirm) = to_confirmation(
        &f.router,
        &cookie,
        "INV-1001",
        "100.00",
        "4242 4242 4242 4242",
    )
    .await;
    assert!(confirm.text().contains("Visa •••• 4242") && confirm.text().contains("Pay $100.00"));
    let (action, body) = pay_form(&confirm);
    let paid = post(&f.router, HOST, &action, &cookie, &body).await;
    assert_eq!(paid.status, StatusCode::SEE_OTHER, "{}", paid.text());
    let receipt_path = paid.header("location").to_string();
    let receipt = get(&f.router, HOST, &receipt_path, Some(&cookie))
        .await
        .text();
    assert!(
        receipt.contains("Payment received")
            && receipt.contains("$100.00")
            && receipt.contains("sbx_"),
        "{receipt}"
    );

    // A double submit (or browser retry) lands on the same receipt and charges nothing more.
    let again = post(&f.router, HOST, &action, &cookie, &body).await;
    assert_eq!(again.header("location"), receipt_path);
    assert_eq!(
        store
            .sandbox_charge_count(f.acme.tenant.id)
            .await
            .expect("count"),
        1
    );

    let dashboard = get(&f.router, HOST, "/", Some(&cookie)).await.text();
    assert!(
        dashboard.contains("$236.98"),
        "new balance: 336.98 − 100.00"
    );
    let history = get(&f.router, HOST, "/payments", Some(&cookie))
        .await
        .text();
    assert!(
        history.contains("Visa •••• 4242")
            && history.contains("$100.00")
            && history.contains("sbx_")
    );
}

async fn a_declined_card_shows_the_guidance_and_pays_nothing(store: billfold::SharedStore) {
    let f = portal_fixture(store.clone()).await;
    let cookie = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let (_, confirm) =
        to_confirmation(&f.router, &cookie, "INV-1001", "50", "4000 0000 0000 0002").await;
    let (action, body) = pay_form(&confirm);
    let declined = post(&f.router, HOST, &action, &cookie, &body).await;
    assert_eq!(declined.status, StatusCode::PAYMENT_REQUIRED);
    let html = declined.text();
    assert!(
        html.contains("Your card was declined.")
            && html.contains("Check your card number, expiry and CVV")
    );
    assert!(html.contains("try a different card"));
    let dashboard = get(&f.router, HOST, "/", Some(&cookie)).await.text();
    assert!(dashboard.contains("$336.98"), "nothing paid");
    let history = get(&f.router, HOST, "/payments", Some(&cookie))
        .await
        .text();
    assert!(!history.contains("Visa"), "a decline is not a payment");
}

async fn bad_amounts_get_a_clear_message(store: billfold::SharedStore) {
    let f = portal_fixture(store).await;
    let cookie = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let csrf = get(&f.router, HOST, "/invoices/INV-1001/pay", Some(&cookie))
        .await
        .csrf();
    for (amount, message) in [
        ("5000", "more than the balance of $336.98"),
        ("abc", "Enter an amount like 336.98"),
        // A comma is read as grouping only where it groups thousands; anything else is refused, never dropped.
        ("1,234.50", "more than the balance of $336.98"),
        (
            "10,5",
            "Use a point for decimals and commas only between thousands",
        ),
        (
            "12,34",
            "Use a point for decimals and commas only between thousands",
        ),
        (
            "1,00",
            "Use a point for decimals and commas only between thousands",
        ),
        (
            "1,0.0,0",
            "Use a point for decimals and commas only between thousands",
        ),
        (
            ",5",
            "Use a point for decimals and commas only between thousands",
        ),
    ] {
        let posted = post(
            &f.router,
            HOST,
            "/invoices/INV-1001/pay",
            &cookie,
            &format!("csrf={csrf}&amount={amount}&method=card"),
        )
        .await;
        assert_eq!(posted.status, StatusCode::SEE_OTHER, "Post/Redirect/Get");
        let page = follow(&f.router, HOST, posted, &cookie).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(page.text().contains(message), "{amount}");
        assert!(
            page.text().contains(&format!("value=\"{amount}\"")),
            "what was typed is kept"
        );
    }
    let no_csrf = post(
        &f.router,
        HOST,
        "/invoices/INV-1001/pay",
        &cookie,
        "amount=10&method=card",
    )
    .await;
    assert_eq!(no_csrf.status, StatusCode::FORBIDDEN);
    let paid_invoice = get(&f.router, HOST, "/invoices/INV-1002/pay", Some(&cookie)).await;
    assert_eq!(paid_invoice.status, StatusCode::OK);
    let refused = post(
        &f.router,
        HOST,
        "/invoices/INV-1002/pay",
        &cookie,
        &format!("csrf={csrf}&amount=&method=card"),
    )
    .await;
    let refused = follow(&f.router, HOST, refused, &cookie).await;
    assert!(refused.text().contains("nothing left to pay"));
}

async fn only_payers_can_pay(store: billfold::SharedStore) {
    let f = portal_fixture(store).await;
    let vic = sign_in(&f.router, &f.acme, "vic@initech.example", None).await;
    let dashboard = get(&f.router, HOST, "/", Some(&vic)).await;
    assert!(
        !dashboard.text().contains("button--pay"),
        "viewers see no Pay button"
    );
    let csrf = dashboard.csrf();
    for path in ["/invoices/INV-1001/pay", "/pay"] {
        assert_eq!(
            get(&f.router, HOST, path, Some(&vic)).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
        let posted = post(
            &f.router,
            HOST,
            path,
            &vic,
            &format!("csrf={csrf}&amount=1&method=card"),
        )
        .await;
        assert_eq!(posted.status, StatusCode::FORBIDDEN, "{path}");
    }
    // A payer of another account can't reach this account's checkout.
    let pat = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let csrf = get(&f.router, HOST, "/", Some(&pat)).await.csrf();
    let started = post(
        &f.router,
        HOST,
        "/invoices/INV-1001/pay",
        &pat,
        &format!("csrf={csrf}&amount=10&method=card"),
    )
    .await;
    let hosted = started.header("location").to_string();
    let other = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-200")).await;
    assert_eq!(
        get(&f.router, HOST, &hosted, Some(&other)).await.status,
        StatusCode::FORBIDDEN,
        "C-200 membership is viewer"
    );
}

async fn pay_the_whole_balance_oldest_first(store: billfold::SharedStore) {
    let f = portal_fixture(store.clone()).await;
    let cookie = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let page = get(&f.router, HOST, "/pay", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("value=\"336.98\"") && page.text().contains("readonly"));
    let started = post(
        &f.router,
        HOST,
        "/pay",
        &cookie,
        &format!("csrf={}&method=card", page.csrf()),
    )
    .await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.text());
    let summary = store
        .account_summary(
            f.acme.tenant.id,
            store
                .accounts_by_external_ids(f.acme.tenant.id, &["C-100".into()])
                .await
                .expect("a")[0]
                .id,
        )
        .await
        .expect("summary");
    assert_eq!(summary.unpaid_invoices, 1, "reserved, not yet paid");
}

/// Ticking invoices on the dashboard and paying them together: one payment, oldest first, the last one in part.
async fn pay_selected_invoices(store: billfold::SharedStore) {
    let f = portal_fixture(store.clone()).await;
    billfold_tests::import(
        &store,
        &f.acme.tenant,
        &serde_json::json!({"invoices": [
            {"number": "INV-1003", "account": "C-100", "issued_on": "2026-11-01", "due_on": "2026-12-01",
             "currency": "USD", "lines": [{"description": "Toner", "quantity": "1", "unit_price": "80.00"}]},
            {"number": "INV-1004", "account": "C-100", "issued_on": "2026-11-10", "due_on": "2026-12-10",
             "currency": "USD", "lines": [{"description": "Paper", "quantity": "1", "unit_price": "40.00"}]}]}),
    )
    .await
    .expect("import");
    let cookie = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let dashboard = get(&f.router, HOST, "/", Some(&cookie)).await.text();
    assert!(
        dashboard.contains("form=\"pay-selected\"")
            && dashboard.contains("value=\"INV-1004\"")
            && dashboard.contains(">Pay selected</button>"),
        "{dashboard}"
    );
    assert!(
        !dashboard.contains("value=\"INV-1002\" form"),
        "a paid invoice can't be ticked"
    );

    // The ticked invoices (newest ticked first: the order of payment is still oldest first).
    let path = "/pay?selected=1&invoice=INV-1004&invoice=INV-1001";
    let form = get(&f.router, HOST, path, Some(&cookie)).await;
    let html = form.text();
    assert_eq!(form.status, StatusCode::OK, "{html}");
    assert!(
        html.contains("Pay selected invoices")
            && html.contains("value=\"376.98\"")
            && html.contains("INV-1001")
            && html.contains("INV-1004")
            && !html.contains("INV-1003"),
        "{html}"
    );
    // More than the chosen invoices' balance is refused, with what was typed kept.
    let refused = post(
        &f.router,
        HOST,
        path,
        &cookie,
        &format!("csrf={}&amount=500&method=card", form.csrf()),
    )
    .await;
    let refused = follow(&f.router, HOST, refused, &cookie).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .text()
            .contains("more than the chosen invoices&#x27; balance of $376.98")
            && refused.text().contains("value=\"500\""),
        "{}",
        refused.text()
    );
    // 350.00: INV-1001 in full (336.98), INV-1004 in part (13.02).
    let paid = pay_with_sandbox_card(&f.router, HOST, path, &cookie, "350.00").await;
    assert_eq!(paid.status, StatusCode::SEE_OTHER, "{}", paid.text());
    let receipt = get(&f.router, HOST, paid.header("location"), Some(&cookie))
        .await
        .text();
    assert!(
        receipt.contains("$350.00") && receipt.contains("$336.98") && receipt.contains("$13.02"),
        "{receipt}"
    );
    let balance = |n: &'static str| {
        let store = store.clone();
        let tenant = f.acme.tenant.id;
        async move {
            store
                .invoice(tenant, n)
                .await
                .expect("invoice")
                .expect("exists")
                .balance()
                .to_decimal_string()
        }
    };
    assert_eq!(balance("INV-1001").await, "0.00");
    assert_eq!(balance("INV-1004").await, "26.98");
    assert_eq!(
        balance("INV-1003").await,
        "80.00",
        "not chosen, not touched"
    );

    // A paid invoice in an old selection is named; nothing ticked means the whole balance, said so.
    let stale = get(&f.router, HOST, path, Some(&cookie)).await;
    let again = post(
        &f.router,
        HOST,
        path,
        &cookie,
        &format!("csrf={}&amount=&method=card", stale.csrf()),
    )
    .await;
    let again = follow(&f.router, HOST, again, &cookie).await;
    assert!(
        again
            .text()
            .contains("Invoice INV-1001 has nothing left to pay"),
        "{}",
        again.text()
    );
    let none = get(&f.router, HOST, "/pay?selected=1", Some(&cookie))
        .await
        .text();
    assert!(
        none.contains("No invoices were ticked, so this is the whole balance.")
            && none.contains("Pay full balance"),
        "{none}"
    );
}

/// Each tenant numbers its receipts R-000001, R-000002, …: a recorded payment on import, a portal payment when it
/// goes through (a declined attempt takes no number); on the receipt page and the PDF's name.
async fn receipts_are_numbered_per_tenant(store: billfold::SharedStore) {
    let f = portal_fixture(store.clone()).await;
    let cookie = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let number_of = |receipt: &Page| {
        let html = receipt.text();
        html.split("data-testid=\"receipt-number\">")
            .nth(1)
            .and_then(|s| s.split('<').next())
            .map(str::to_string)
    };
    let check = get(&f.router, HOST, "/payments", Some(&cookie))
        .await
        .text();
    assert!(check.contains("CHK-5521"), "{check}");

    let declined = sandbox_charge_form_with(
        &f.router,
        HOST,
        "/invoices/INV-1001/pay",
        &cookie,
        "5.00",
        "4000000000000002",
    )
    .await;
    let refused = post(&f.router, HOST, &declined.0, &cookie, &declined.1).await;
    assert_eq!(refused.status, StatusCode::PAYMENT_REQUIRED);

    let mut numbers = Vec::new();
    for amount in ["10.00", "5.00"] {
        let paid =
            pay_with_sandbox_card(&f.router, HOST, "/invoices/INV-1001/pay", &cookie, amount).await;
        assert_eq!(paid.status, StatusCode::SEE_OTHER, "{}", paid.text());
        let receipt = get(&f.router, HOST, paid.header("location"), Some(&cookie)).await;
        numbers.push(number_of(&receipt).expect("a receipt number"));
        let pdf = get(
            &f.router,
            HOST,
            &format!("{}/pdf", paid.header("location")),
            Some(&cookie),
        )
        .await;
        assert_eq!(
            pdf.header("content-disposition"),
            format!(
                "attachment; filename=\"receipt-{}.pdf\"",
                numbers.last().expect("number")
            )
        );
    }
    // The imported check is R-000001; the decline took none.
    assert_eq!(numbers, ["R-000002", "R-000003"]);
    // Importing the check again keeps its number; globex counts on its own.
    billfold_tests::import(
        &store,
        &f.acme.tenant,
        &billfold_tests::web::portal_sample(),
    )
    .await
    .expect("re-import");
    let globex = sign_in(&f.router, &f.globex, "pat@initech.example", Some("C-100")).await;
    let paid = pay_with_sandbox_card(
        &f.router,
        &host_of(&f.globex.tenant),
        "/invoices/INV-1001/pay",
        &globex,
        "1.00",
    )
    .await;
    let receipt = get(
        &f.router,
        &host_of(&f.globex.tenant),
        paid.header("location"),
        Some(&globex),
    )
    .await;
    assert_eq!(
        number_of(&receipt).as_deref(),
        Some("R-000002"),
        "globex's own count"
    );
    let paid =
        pay_with_sandbox_card(&f.router, HOST, "/invoices/INV-1001/pay", &cookie, "1.00").await;
    let receipt = get(&f.router, HOST, paid.header("location"), Some(&cookie)).await;
    assert_eq!(number_of(&receipt).as_deref(), Some("R-000004"));
}

/// Issue 15 (13, 15): a bank debit's confirmation states the authorisation the Pay button gives; the TEST MODE page
/// keeps what was typed (never the CVC) after an error; a refusal page has a way back.
async fn confirmations_say_what_they_authorise_and_forms_keep_what_was_typed(
    store: billfold::SharedStore,
) {
    let f = portal_fixture(store.clone()).await;
    update_tenant(&f, |t| t.settings.ach_enabled = true).await;
    let cookie = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let csrf = get(&f.router, HOST, "/invoices/INV-1001/pay", Some(&cookie))
        .await
        .csrf();
    let started = post(
        &f.router,
        HOST,
        "/invoices/INV-1001/pay",
        &cookie,
        &format!("csrf={csrf}&amount=20.00&method=ach"),
    )
    .await;
    let hosted = started.header("location").to_string();
    let bad = post(
        &f.router,
        HOST,
        &hosted,
        &cookie,
        &format!("csrf={csrf}&routing_number=12345&account_number=000123456789"),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.text().contains("value=\"12345\"") && bad.text().contains("value=\"000123456789\""),
        "{}",
        bad.text()
    );
    let tokenized = post(
        &f.router,
        HOST,
        &hosted,
        &cookie,
        &format!("csrf={csrf}&routing_number=110000000&account_number=000123456789"),
    )
    .await;
    let confirm = get(&f.router, HOST, tokenized.header("location"), Some(&cookie))
        .await
        .text();
    assert!(
        confirm.contains("you authorize acme Inc. to debit $20.00 from the bank account")
            && confirm.contains("aria-describedby=\"ach-authorization\""),
        "{confirm}"
    );

    // A card's error keeps the number and expiry, not the CVC.
    let started = post(
        &f.router,
        HOST,
        "/invoices/INV-1001/pay",
        &cookie,
        &format!("csrf={csrf}&amount=5.00&method=card"),
    )
    .await;
    let card = post(
        &f.router,
        HOST,
        started.header("location"),
        &cookie,
        &format!("csrf={csrf}&card_number=4242424242424242&expiry=13%2F30&cvc=987"),
    )
    .await;
    assert_eq!(card.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = card.text();
    assert!(
        html.contains("value=\"4242424242424242\"")
            && html.contains("value=\"13&#x2F;30\"")
            && !html.contains("value=\"987\""),
        "{html}"
    );

    // A refusal has a way back.
    let missing = get(&f.router, HOST, "/invoices/NOPE", Some(&cookie)).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(
        missing.text().contains("Back to your invoices"),
        "{}",
        missing.text()
    );
}

/// Vendor text in a receipt can't change the message's structure or its sender: an account name carrying a
/// boundary, a part header and HTML, and a tenant name shaped like a mailbox.
async fn receipts_keep_their_structure_whatever_the_names(store: billfold::SharedStore) {
    let f = portal_fixture(store.clone()).await;
    let evil_account = "Initech\r\n--billfold-1\r\nContent-Type: text/html\r\n\r\n<a href=\"https://evil.example\">Pay here</a>\r\n--billfold-1";
    billfold_tests::import(
        &f.store,
        &f.acme.tenant,
        &serde_json::json!({"accounts": [{"id": "C-100", "name": evil_account, "currency": "USD"}]}),
    )
    .await
    .expect("rename the account");
    update_tenant(&f, |t| {
        t.name = "Support <ceo@bank.example>".into();
        t.branding.support_email = Some("billing@acme.example".into());
    })
    .await;
    let cookie = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let (_, confirm) =
        to_confirmation(&f.router, &cookie, "INV-1001", "25.00", "4242424242424242").await;
    let (action, body) = pay_form(&confirm);
    let paid = post(&f.router, HOST, &action, &cookie, &body).await;
    assert_eq!(paid.status, StatusCode::SEE_OTHER, "{}", paid.text());
    let outbox = tempfile::tempdir().expect("outbox");
    f.portal.deliver_mail(outbox.path()).await.expect("deliver");
    let receipt = billfold_tests::mail::outbox(outbox.path())
        .into_iter()
        .find(|m| m.subject.starts_with("Receipt"))
        .expect("a receipt");
    assert_eq!(receipt.parts, ["text/plain", "text/html"], "{receipt:?}");
    assert_eq!(receipt.from_address, "billing@acme.example");
    assert_eq!(
        receipt.from_name.as_deref(),
        Some("Support <ceo@bank.example>"),
        "the name stays the display name"
    );
    assert_eq!(receipt.to, ["pat@initech.example"]);
    let html = receipt.html.as_deref().expect("an HTML part");
    assert!(!html.contains("<a href=\"https://evil.example\""), "{html}");
    assert!(
        html.contains("&lt;a href="),
        "the account name is escaped: {html}"
    );
    assert!(
        receipt.text.contains("--billfold-1"),
        "the text part carries the name as text"
    );
    let raw = std::fs::read_to_string(&receipt.file).expect("eml");
    assert!(
        !raw.contains("boundary=\"billfold-"),
        "the boundary is not predictable: {raw}"
    );
}

billfold_tests::store_suite!(
    receipts_keep_their_structure_whatever_the_names,
    pay_part_of_an_invoice_with_the_sandbox_card,
    a_declined_card_shows_the_guidance_and_pays_nothing,
    bad_amounts_get_a_clear_message,
    only_payers_can_pay,
    pay_the_whole_balance_oldest_first,
    pay_selected_invoices,
    receipts_are_numbered_per_tenant,
    confirmations_say_what_they_authorise_and_forms_keep_what_was_typed,
);

// The card-number test needs the `TestStore` itself (to dump the database), so it has its own two entry points.

async fn card_number_is_nowhere(db: TestStore) {
    let logs = billfold_tests::logs::capture();
    let f = portal_fixture(db.store.clone()).await;
    let cookie = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let (_, confirm) =
        to_confirmation(&f.router, &cookie, "INV-1001", "25.00", "4242424242424242").await;
    let (action, body) = pay_form(&confirm);
    let paid = post(&f.router, HOST, &action, &cookie, &body).await;
    assert_eq!(paid.status, StatusCode::SEE_OTHER);
    let dump = db.dump();
    assert!(
        dump.contains("Visa •••• 4242") || dump.contains("Visa"),
        "the dump is readable"
    );
    for needle in ["4242424242424242", "4242 4242 4242 4242", "424242424242"] {
        assert!(!dump.contains(needle), "card number in the database");
    }
    let logged = logs.text();
    assert!(logged.contains("signed in by SSO"), "logs were captured");
    assert!(!logged.contains("424242424242"), "card number in the logs");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn card_number_is_nowhere_on_sqlite() {
    card_number_is_nowhere(billfold_tests::sqlite().await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn card_number_is_nowhere_on_postgres() {
    let Some(db) = billfold_tests::postgres().await else {
        return;
    };
    card_number_is_nowhere(db).await;
}
