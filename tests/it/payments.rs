//! Paying invoices through the payment core and the sandbox gateway, on SQLite and PostgreSQL: concurrency never
//! overpays, one idempotency key charges once, a crash between the gateway's success and our commit is reconciled
//! exactly once, odd amounts allocate exactly, declines and ACH returns pay nothing.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use billfold::domain::*;
use billfold::gateway::sandbox::{read_bank_account, read_card, Sandbox};
use billfold::gateway::{
    ChargeOutcome, ChargeRequest, Gateway, GatewayError, MethodKind, TokenInfo,
};
use billfold::payments::{self, PayError, PayOutcome, PayTarget, RECONCILE_AFTER_SECS};
use billfold::{Currency, Money, SharedStore};
use billfold_tests::web::now;
use billfold_tests::{store_suite, CrashAfterCharge};

pub struct Shop {
    store: SharedStore,
    /// The portal over `store` (the API included), for this shop's tenant.
    router: axum::Router,
    api_key: String,
    tenant: Tenant,
    account: Account,
    user: UserId,
    sandbox: Arc<Sandbox>,
}

/// A tenant with account C-1 (in `currency`) holding `invoices` as (number, total), and a payer.
async fn shop(
    store: SharedStore,
    currency: &str,
    invoices: &[(&str, &str)],
    partial: bool,
) -> Shop {
    shop_named(store, "shop", currency, invoices, partial).await
}

async fn shop_named(
    store: SharedStore,
    slug: &str,
    currency: &str,
    invoices: &[(&str, &str)],
    partial: bool,
) -> Shop {
    let master = billfold_tests::master_key();
    let provisioned = billfold_tests::tenant(&store, &master, slug).await;
    let api_key = provisioned.api_key.expose().to_string();
    let mut t = provisioned.tenant;
    if !partial {
        let mut update = NewTenant {
            slug: t.slug.clone(),
            name: t.name.clone(),
            theme: t.theme.clone(),
            branding: t.branding.clone(),
            settings: t.settings.clone(),
        };
        update.settings.partial_payments = false;
        t = store.update_tenant(t.id, &update).await.expect("update");
    }
    let invoices: Vec<serde_json::Value> = invoices
        .iter()
        .enumerate()
        .map(|(n, (number, total))| {
            serde_json::json!({"number": number, "account": "C-1", "issued_on": format!("2026-0{}-01", n + 1),
                "due_on": "2026-12-01", "currency": currency,
                "lines": [{"description": "Service", "quantity": "1", "unit_price": total}]})
        })
        .collect();
    billfold_tests::import(
        &store,
        &t,
        &serde_json::json!({
            "accounts": [{"id": "C-1", "name": "Initech", "currency": currency}],
            "contacts": [{"email": "pat@initech.example", "name": "Pat",
                          "memberships": [{"account": "C-1", "roles": ["accounting"]}]}],
            "invoices": invoices}),
    )
    .await
    .expect("import");
    let account = store
        .accounts_by_external_ids(t.id, &["C-1".into()])
        .await
        .expect("account")
        .remove(0);
    let user = store
        .user_by_email(t.id, &Email::parse("pat@initech.example").expect("email"))
        .await
        .expect("user")
        .expect("user exists")
        .id;
    let sandbox = Arc::new(Sandbox::new(store.clone(), t.id, Duration::ZERO));
    let router = billfold::web::Portal::builder(
        store.clone(),
        master,
        billfold::web::Tenancy::Subdomain {
            base_domain: "localhost".into(),
        },
    )
    .build()
    .expect("portal")
    .router();
    Shop {
        store,
        router,
        api_key,
        tenant: t,
        account,
        user,
        sandbox,
    }
}

impl Shop {
    async fn card(&self, number: &str) -> String {
        let (label, outcome) =
            read_card(number, "12/30", "123", time::macros::date!(2026 - 11 - 21)).expect("card");
        self.sandbox
            .tokenize(MethodKind::Card, &label, outcome, None)
            .await
            .expect("token")
    }

    async fn bank(&self, routing: &str) -> String {
        let (label, outcome) = read_bank_account(routing, "000123456789").expect("bank");
        self.sandbox
            .tokenize(MethodKind::BankAccount, &label, outcome, None)
            .await
            .expect("token")
    }

    async fn checkout(
        &self,
        number: &str,
        amount: Option<&str>,
        method: MethodKind,
    ) -> Result<Checkout, PayError> {
        payments::start_checkout(
            self.store.as_ref(),
            &self.tenant,
            &self.account,
            self.user,
            PayTarget::Invoice { number, amount },
            method,
            now(),
        )
        .await
    }

    async fn invoice(&self, number: &str) -> Invoice {
        self.store
            .invoice(self.tenant.id, number)
            .await
            .expect("invoice")
            .expect("exists")
    }

    async fn pay(&self, checkout: &Checkout, token: &str) -> Result<PayOutcome, PayError> {
        payments::pay(
            self.store.as_ref(),
            self.sandbox.as_ref(),
            self.tenant.id,
            checkout,
            token,
            now(),
        )
        .await
    }

    /// A new checkout for what a declined one was paying.
    async fn restart(&self, declined: &Checkout) -> Checkout {
        payments::restart_checkout(self.store.as_ref(), declined, now())
            .await
            .expect("restart")
    }

    async fn reconcile(&self, gateway: Arc<dyn Gateway>, at: i64) -> payments::Reconciled {
        payments::reconcile(self.store.as_ref(), &move |_| gateway.clone(), at)
            .await
            .expect("reconcile")
    }
}

fn usd(s: &str) -> Money {
    Money::parse(s, Currency::from_code("USD").expect("usd")).expect("amount")
}

async fn fifty_concurrent_partial_payments_never_overpay(store: SharedStore) {
    let shop = Arc::new(shop(store, "USD", &[("INV-1", "100.00")], true).await);
    let token_cards: Vec<String> = futures_join(50, |_| {
        let shop = shop.clone();
        async move { shop.card("4242424242424242").await }
    })
    .await;
    let results = futures_join(50, |i| {
        let (shop, token) = (shop.clone(), token_cards[i].clone());
        async move {
            let checkout = shop
                .checkout("INV-1", Some("3.00"), MethodKind::Card)
                .await?;
            shop.pay(&checkout, &token).await
        }
    })
    .await;
    let paid: Vec<&Payment> = results
        .iter()
        .filter_map(|r| match r {
            Ok(PayOutcome::Done(p)) => Some(p),
            _ => None,
        })
        .collect();
    for r in &results {
        if let Err(e) = r {
            assert!(
                matches!(e, PayError::AlreadyReserved | PayError::Amount(_)),
                "{e:?}"
            );
        }
    }
    assert_eq!(paid.len(), 33, "33 × $3.00 fit in $100.00");
    let invoice = shop.invoice("INV-1").await;
    assert_eq!(invoice.paid, usd("99.00"));
    assert!(invoice.paid.minor() <= invoice.total.minor());
    assert_eq!(invoice.reserved.minor(), 0, "nothing left reserved");
    assert_eq!(
        shop.store
            .sandbox_charge_count(shop.tenant.id)
            .await
            .expect("count"),
        33
    );
    let summary = shop
        .store
        .account_summary(shop.tenant.id, shop.account.id)
        .await
        .expect("summary");
    assert_eq!(summary.total_outstanding, usd("1.00"));
    assert_eq!(summary.unpaid_invoices, 1);
}

/// Runs `n` futures made by `make(i)` concurrently on the runtime and collects their results in order.
async fn futures_join<T, F, Fut>(n: usize, make: F) -> Vec<T>
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let handles: Vec<_> = (0..n).map(|i| tokio::spawn(make(i))).collect();
    let mut out = Vec::with_capacity(n);
    for h in handles {
        out.push(h.await.expect("task"));
    }
    out
}

async fn one_idempotency_key_charges_once(store: SharedStore) {
    let shop = Arc::new(shop(store, "USD", &[("INV-1", "250.00")], true).await);
    let token = shop.card("4242424242424242").await;
    let checkout = Arc::new(
        shop.checkout("INV-1", None, MethodKind::Card)
            .await
            .expect("checkout"),
    );
    let results = futures_join(100, |_| {
        let (shop, checkout, token) = (shop.clone(), checkout.clone(), token.clone());
        async move { shop.pay(&checkout, &token).await }
    })
    .await;
    assert_eq!(
        shop.store
            .sandbox_charge_count(shop.tenant.id)
            .await
            .expect("count"),
        1,
        "one charge"
    );
    let ids: Vec<PaymentId> = results
        .iter()
        .map(|r| match r {
            Ok(PayOutcome::Done(p)) | Ok(PayOutcome::Unconfirmed(p)) => p.id,
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert!(
        ids.iter().all(|id| *id == ids[0]),
        "every submission reports the same payment"
    );
    let invoice = shop.invoice("INV-1").await;
    assert_eq!(invoice.paid, usd("250.00"));
    let history = shop
        .store
        .payment_history_page(shop.tenant.id, shop.account.id, HistoryCursor::Newest, 10)
        .await
        .expect("history");
    assert_eq!((history.rows.len(), history.older.is_some()), (1, false));
    assert_eq!(history.rows[0].status, PaymentStatus::Succeeded);
}

async fn a_crash_after_the_gateway_charged_is_reconciled_exactly_once(store: SharedStore) {
    let shop = Arc::new(shop(store, "USD", &[("INV-1", "80.00")], true).await);
    let token = shop.card("4242424242424242").await;
    let checkout = shop
        .checkout("INV-1", Some("30.00"), MethodKind::Card)
        .await
        .expect("checkout");
    let crashing = CrashAfterCharge(shop.sandbox.clone());
    let outcome = payments::pay(
        shop.store.as_ref(),
        &crashing,
        shop.tenant.id,
        &checkout,
        &token,
        now(),
    )
    .await
    .expect("pay");
    assert!(matches!(outcome, PayOutcome::Unconfirmed(_)), "{outcome:?}");
    assert_eq!(
        shop.invoice("INV-1").await.paid,
        usd("0.00"),
        "not recorded as paid yet"
    );
    // A retry of the same checkout does not charge again.
    let again = shop.pay(&checkout, &token).await.expect("retry");
    assert!(matches!(again, PayOutcome::Unconfirmed(_)));
    assert_eq!(
        shop.store
            .sandbox_charge_count(shop.tenant.id)
            .await
            .expect("count"),
        1
    );

    // Too early: an in-flight call is left alone.
    let early = shop.reconcile(shop.sandbox.clone(), now()).await;
    assert_eq!(early.settled, 0);
    // Two reconcilers at once (two host processes): one settles, the other finds nothing to do.
    let later = now() + RECONCILE_AFTER_SECS + 1;
    let (a, b) = tokio::join!(
        shop.reconcile(shop.sandbox.clone(), later),
        shop.reconcile(shop.sandbox.clone(), later)
    );
    assert_eq!(a.settled + b.settled, 1, "settled exactly once");
    let invoice = shop.invoice("INV-1").await;
    assert_eq!(invoice.paid, usd("30.00"));
    assert_eq!(invoice.reserved, usd("0.00"));
    let summary = shop
        .store
        .account_summary(shop.tenant.id, shop.account.id)
        .await
        .expect("summary");
    assert_eq!(summary.total_outstanding, usd("50.00"));
    assert_eq!(
        shop.store
            .sandbox_charge_count(shop.tenant.id)
            .await
            .expect("count"),
        1
    );
}

async fn odd_amounts_allocate_exactly_in_every_currency(store: SharedStore) {
    for (currency, totals, bad) in [
        ("JPY", ["1235", "7", "99999"], "1.5"),
        ("USD", ["0.01", "33.33", "1234.57"], "0.015"),
        ("KWD", ["1.005", "0.333", "250.999"], "0.0005"),
    ] {
        let invoices: Vec<(String, &str)> = totals
            .iter()
            .enumerate()
            .map(|(i, t)| (format!("{currency}-{i}"), *t))
            .collect();
        let refs: Vec<(&str, &str)> = invoices.iter().map(|(n, t)| (n.as_str(), *t)).collect();
        let shop = shop_named(
            store.clone(),
            &currency.to_ascii_lowercase(),
            currency,
            &refs,
            true,
        )
        .await;
        let cur = Currency::from_code(currency).expect("currency");
        // More decimals than the currency has are refused.
        let too_precise = shop
            .checkout(&invoices[2].0, Some(bad), MethodKind::Card)
            .await;
        assert!(
            matches!(too_precise, Err(PayError::Amount(_))),
            "{currency} {bad}"
        );
        let first = shop
            .checkout(&invoices[0].0, Some(totals[0]), MethodKind::Card)
            .await
            .expect("exact full amount");
        let token = shop.card("4242424242424242").await;
        assert!(matches!(
            shop.pay(&first, &token).await,
            Ok(PayOutcome::Done(_))
        ));
        // Pay the whole balance: every open invoice, oldest first, in one charge.
        let all = payments::start_checkout(
            shop.store.as_ref(),
            &shop.tenant,
            &shop.account,
            shop.user,
            PayTarget::Balance,
            MethodKind::Card,
            now(),
        )
        .await
        .expect("balance checkout");
        let expected: i64 = totals[1..]
            .iter()
            .map(|t| Money::parse(t, cur).expect("t").minor())
            .sum();
        assert_eq!(all.amount.minor(), expected, "{currency}");
        assert_eq!(
            all.allocations
                .iter()
                .map(|(_, n, _)| n.as_str())
                .collect::<Vec<_>>(),
            vec![invoices[1].0.as_str(), invoices[2].0.as_str()]
        );
        let token = shop.card("4242424242424242").await;
        assert!(matches!(
            shop.pay(&all, &token).await,
            Ok(PayOutcome::Done(_))
        ));
        for (number, total) in &invoices {
            let inv = shop.invoice(number).await;
            assert_eq!(inv.paid, Money::parse(total, cur).expect("t"), "{number}");
            assert!(inv.balance().is_zero());
        }
        let summary = shop
            .store
            .account_summary(shop.tenant.id, shop.account.id)
            .await
            .expect("summary");
        assert!(
            summary.total_outstanding.is_zero() && summary.unpaid_invoices == 0,
            "{currency}"
        );
    }
}

async fn declines_pay_nothing_and_the_customer_can_try_another_card(store: SharedStore) {
    let shop = shop(store, "USD", &[("INV-1", "40.00")], true).await;
    let mut checkout = shop
        .checkout("INV-1", None, MethodKind::Card)
        .await
        .expect("checkout");
    for (number, message) in [
        ("4000000000000002", "Your card was declined."),
        (
            "4000000000009995",
            "Your card was declined for insufficient funds.",
        ),
        (
            "4000000000000119",
            "An error occurred while processing your card. Try again in a little bit.",
        ),
    ] {
        let token = shop.card(number).await;
        match shop.pay(&checkout, &token).await.expect("pay") {
            PayOutcome::Declined { message: m } => assert_eq!(m, message),
            other => panic!("{number}: {other:?}"),
        }
        let invoice = shop.invoice("INV-1").await;
        assert_eq!(invoice.paid, usd("0.00"));
        assert_eq!(
            invoice.reserved,
            usd("0.00"),
            "a decline gives the balance back at once"
        );
        // The declined checkout is over: paying it again reports the decline and charges nothing.
        let good = shop.card("4242424242424242").await;
        assert!(matches!(
            shop.pay(&checkout, &good).await,
            Ok(PayOutcome::Declined { .. })
        ));
        // Trying another card is a new checkout for the same invoices; asking twice opens one.
        let again = shop.restart(&checkout).await;
        let twice = shop.restart(&checkout).await;
        assert_eq!(again.public_id, twice.public_id);
        assert_ne!(again.public_id, checkout.public_id);
        assert_eq!(shop.invoice("INV-1").await.reserved, usd("40.00"));
        checkout = again;
    }
    let good = shop.card("4242424242424242").await;
    let outcome = shop.pay(&checkout, &good).await.expect("pay");
    let PayOutcome::Done(payment) = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(payment.status, PaymentStatus::Succeeded);
    assert!(payment
        .reference
        .as_deref()
        .is_some_and(|r| r.starts_with("sbx_")));
    assert_eq!(shop.invoice("INV-1").await.paid, usd("40.00"));
    let history = shop
        .store
        .payment_history_page(shop.tenant.id, shop.account.id, HistoryCursor::Newest, 10)
        .await
        .expect("history");
    assert_eq!(
        (history.rows.len(), history.older.is_some()),
        (1, false),
        "failed attempts are not history"
    );
    assert_eq!(
        history.rows[0].method_label.as_deref(),
        Some("Visa •••• 4242")
    );
}

async fn ach_stays_pending_until_settled_and_a_return_reopens_the_balance(store: SharedStore) {
    let shop = shop(
        store,
        "USD",
        &[("INV-1", "60.00"), ("INV-2", "20.00")],
        true,
    )
    .await;
    let settles = shop
        .checkout("INV-1", None, MethodKind::BankAccount)
        .await
        .expect("checkout");
    let token = shop.bank("110000000").await;
    let PayOutcome::Done(p) = shop.pay(&settles, &token).await.expect("pay") else {
        panic!("accepted")
    };
    assert_eq!(p.status, PaymentStatus::Pending);
    assert_eq!(p.kind, PaymentType::Ach);
    let inv = shop.invoice("INV-1").await;
    assert_eq!(
        (inv.paid, inv.reserved),
        (usd("0.00"), usd("60.00")),
        "pending, held"
    );
    assert!(
        matches!(
            shop.checkout("INV-1", None, MethodKind::Card).await,
            Err(PayError::AlreadyReserved)
        ),
        "cannot be paid twice"
    );

    let returned = shop
        .checkout("INV-2", None, MethodKind::BankAccount)
        .await
        .expect("checkout");
    let token = shop.bank("110000002").await;
    assert!(matches!(
        shop.pay(&returned, &token).await,
        Ok(PayOutcome::Done(_))
    ));

    let r = shop
        .reconcile(shop.sandbox.clone(), now() + RECONCILE_AFTER_SECS + 1)
        .await;
    assert_eq!((r.settled, r.failed), (1, 1));
    let inv1 = shop.invoice("INV-1").await;
    assert_eq!(
        (inv1.paid, inv1.reserved),
        (usd("60.00"), usd("0.00")),
        "settled"
    );
    let inv2 = shop.invoice("INV-2").await;
    assert_eq!(
        (inv2.paid, inv2.reserved),
        (usd("0.00"), usd("0.00")),
        "returned: balance reopened"
    );
    assert!(
        shop.checkout("INV-2", None, MethodKind::Card).await.is_ok(),
        "payable again"
    );
}

async fn amounts_follow_the_tenants_rules(store: SharedStore) {
    let shop = shop(store.clone(), "USD", &[("INV-1", "500.00")], true).await;
    for (typed, fragment) in [
        ("600", "more than the balance of $500.00"),
        ("abc", "Enter an amount like 500.00"),
        ("-5", "above zero"),
        ("0.50", "smallest payment is $1.00"),
        ("1.234", "Enter an amount like"),
        // A comma that doesn't group thousands is refused, never dropped.
        ("$1,00.00", "commas only between thousands"),
        ("10,5", "commas only between thousands"),
    ] {
        match shop.checkout("INV-1", Some(typed), MethodKind::Card).await {
            Err(PayError::Amount(m)) => assert!(m.to_string().contains(fragment), "{typed}: {m}"),
            other => panic!("{typed}: {other:?}"),
        }
    }
    let ok = shop
        .checkout("INV-1", Some(" $100.00 "), MethodKind::Card)
        .await
        .expect("typed with symbol and spaces");
    assert_eq!(ok.amount, usd("100.00"));
    assert!(matches!(
        shop.checkout("NOPE", None, MethodKind::Card).await,
        Err(PayError::NothingToPay)
    ));

    // An expired checkout gives its reservation back.
    let r = shop
        .reconcile(
            shop.sandbox.clone(),
            now() + payments::CHECKOUT_TTL_SECS + 1,
        )
        .await;
    assert_eq!(r.released, 1);
    assert_eq!(shop.invoice("INV-1").await.reserved, usd("0.00"));
}

async fn full_payment_tenants_refuse_partial_amounts(store: SharedStore) {
    let shop = shop(store, "USD", &[("INV-1", "75.00")], false).await;
    match shop
        .checkout("INV-1", Some("10.00"), MethodKind::Card)
        .await
    {
        Err(PayError::Amount(m)) => assert!(m.to_string().contains("paid in full"), "{m}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        shop.checkout("INV-1", Some("75.00"), MethodKind::Card)
            .await
            .expect("full")
            .amount,
        usd("75.00")
    );
}

async fn offline_payments_respect_payments_in_progress(store: SharedStore) {
    let shop = shop(store, "USD", &[("INV-1", "100.00")], true).await;
    shop.checkout("INV-1", Some("60.00"), MethodKind::Card)
        .await
        .expect("checkout");
    let offline = serde_json::json!({"payments": [{"id": "CHK-1", "account": "C-1", "amount": "50.00", "type": "check",
        "paid_on": "2026-11-01", "allocations": [{"invoice": "INV-1", "amount": "50.00"}]}]});
    let err = billfold_tests::import(&shop.store, &shop.tenant, &offline)
        .await
        .expect_err("refused");
    assert!(
        err.to_string()
            .contains("$60.00 of it is being paid online right now"),
        "{err}"
    );
    let fits = serde_json::json!({"payments": [{"id": "CHK-2", "account": "C-1", "amount": "40.00", "type": "check",
        "paid_on": "2026-11-01", "allocations": [{"invoice": "INV-1", "amount": "40.00"}]}]});
    billfold_tests::import(&shop.store, &shop.tenant, &fits)
        .await
        .expect("fits beside the reservation");
}

/// Loses the request on the way: the gateway never sees the charge, and the caller hears a timeout.
struct LostOnTheWay(Arc<dyn Gateway>);

#[async_trait]
impl Gateway for LostOnTheWay {
    fn name(&self) -> &'static str {
        self.0.name()
    }
    async fn token_info(&self, token: &str) -> Result<TokenInfo, GatewayError> {
        self.0.token_info(token).await
    }
    async fn charge(&self, _: &ChargeRequest<'_>) -> Result<ChargeOutcome, GatewayError> {
        Err(GatewayError::Timeout)
    }
    async fn lookup(&self, key: &str) -> Result<Option<ChargeOutcome>, GatewayError> {
        self.0.lookup(key).await
    }
}

async fn cancelling_a_checkout_asks_the_gateway_about_a_charge_in_flight(store: SharedStore) {
    let shop = shop(
        store,
        "USD",
        &[("INV-1", "80.00"), ("INV-2", "50.00")],
        true,
    )
    .await;
    // An open checkout the payer leaves: released at once, and it can't be paid afterwards.
    let left = shop
        .checkout("INV-1", Some("30.00"), MethodKind::Card)
        .await
        .expect("checkout");
    assert_eq!(shop.invoice("INV-1").await.reserved, usd("30.00"));
    let cancelled =
        payments::cancel_checkout(shop.store.as_ref(), shop.sandbox.as_ref(), &left, now())
            .await
            .expect("cancel");
    assert_eq!(cancelled, payments::Cancelled::Released);
    assert_eq!(shop.invoice("INV-1").await.reserved, usd("0.00"));
    let token = shop.card("4242424242424242").await;
    assert_eq!(shop.pay(&left, &token).await, Err(PayError::Cancelled));

    // The gateway charged but we never heard: cancelling finds the charge and reports the payment instead.
    let charged = shop
        .checkout("INV-1", Some("30.00"), MethodKind::Card)
        .await
        .expect("checkout");
    let token = shop.card("4242424242424242").await;
    let crashing = CrashAfterCharge(shop.sandbox.clone());
    payments::pay(
        shop.store.as_ref(),
        &crashing,
        shop.tenant.id,
        &charged,
        &token,
        now(),
    )
    .await
    .expect("pay");
    let charging = shop
        .store
        .checkout(shop.tenant.id, &charged.public_id)
        .await
        .expect("read")
        .expect("checkout");
    assert_eq!(charging.state, CheckoutState::Charging);
    let outcome =
        payments::cancel_checkout(shop.store.as_ref(), shop.sandbox.as_ref(), &charging, now())
            .await
            .expect("cancel");
    assert!(
        matches!(outcome, payments::Cancelled::Paid(ref p) if p.status == PaymentStatus::Succeeded),
        "{outcome:?}"
    );
    let invoice = shop.invoice("INV-1").await;
    assert_eq!(
        (invoice.paid, invoice.reserved),
        (usd("30.00"), usd("0.00"))
    );

    // The gateway has not seen it yet: nothing is released while the call may still land; once it is stale, it is.
    let lost = shop
        .checkout("INV-2", None, MethodKind::Card)
        .await
        .expect("checkout");
    let token = shop.card("4242424242424242").await;
    let gateway = LostOnTheWay(shop.sandbox.clone());
    payments::pay(
        shop.store.as_ref(),
        &gateway,
        shop.tenant.id,
        &lost,
        &token,
        now(),
    )
    .await
    .expect("pay");
    let lost = shop
        .store
        .checkout(shop.tenant.id, &lost.public_id)
        .await
        .expect("read")
        .expect("checkout");
    let outcome =
        payments::cancel_checkout(shop.store.as_ref(), shop.sandbox.as_ref(), &lost, now())
            .await
            .expect("cancel");
    assert_eq!(outcome, payments::Cancelled::StillCharging);
    assert_eq!(shop.invoice("INV-2").await.reserved, usd("50.00"));
    let later = now() + RECONCILE_AFTER_SECS + 1;
    let outcome =
        payments::cancel_checkout(shop.store.as_ref(), shop.sandbox.as_ref(), &lost, later)
            .await
            .expect("cancel later");
    assert_eq!(outcome, payments::Cancelled::Released);
    let invoice = shop.invoice("INV-2").await;
    assert_eq!((invoice.paid, invoice.reserved), (usd("0.00"), usd("0.00")));
    assert_eq!(
        shop.store
            .sandbox_charge_count(shop.tenant.id)
            .await
            .expect("count"),
        1,
        "one charge in all"
    );
}

store_suite!(
    cancelling_a_checkout_asks_the_gateway_about_a_charge_in_flight,
    offline_payments_respect_payments_in_progress,
    fifty_concurrent_partial_payments_never_overpay,
    one_idempotency_key_charges_once,
    a_crash_after_the_gateway_charged_is_reconciled_exactly_once,
    odd_amounts_allocate_exactly_in_every_currency,
    declines_pay_nothing_and_the_customer_can_try_another_card,
    ach_stays_pending_until_settled_and_a_return_reopens_the_balance,
    amounts_follow_the_tenants_rules,
    full_payment_tenants_refuse_partial_amounts,
);

// --- Stripe, against localstripe (a local server speaking Stripe's API) ------------------------------------------

mod stripe {
    use super::*;
    use billfold::gateway::stripe::Stripe;
    use billfold::secrets::Redacted;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    pub use billfold_tests::localstripe::{localstripe, payment_method};

    pub fn gateway(base: &str, shop: &Shop) -> Arc<Stripe> {
        Arc::new(Stripe::new(
            base,
            Redacted::new("sk_test_x"),
            shop.store.clone(),
            shop.tenant.id,
            billfold::gateway::http_client(Duration::from_millis(800)),
        ))
    }

    /// Token facts from one gateway, charges from another (a misbehaving peer).
    pub struct Split(pub Arc<dyn Gateway>, pub Arc<dyn Gateway>);

    #[async_trait]
    impl Gateway for Split {
        fn name(&self) -> &'static str {
            "stripe"
        }
        async fn token_info(&self, token: &str) -> Result<TokenInfo, GatewayError> {
            self.0.token_info(token).await
        }
        async fn charge(&self, request: &ChargeRequest<'_>) -> Result<ChargeOutcome, GatewayError> {
            self.1.charge(request).await
        }
        async fn lookup(&self, key: &str) -> Result<Option<ChargeOutcome>, GatewayError> {
            self.1.lookup(key).await
        }
    }

    /// A local HTTP server that misbehaves: `hang` never answers, `500` fails, `garbage` sends non-JSON.
    pub async fn bad_peer(mode: &'static str) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        tokio::spawn(async move {
            loop {
                let Ok((mut socket, _)) = listener.accept().await else {
                    return;
                };
                tokio::spawn(async move {
                    let mut buf = [0u8; 4096];
                    let _ = socket.read(&mut buf).await;
                    let response = match mode {
                        "hang" => {
                            tokio::time::sleep(Duration::from_secs(30)).await;
                            return;
                        }
                        "500" => "HTTP/1.1 500 Internal Server Error\r\ncontent-length: 0\r\n\r\n".to_string(),
                        _ => "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 9\r\n\r\nnot json!".to_string(),
                    };
                    let _ = socket.write_all(response.as_bytes()).await;
                });
            }
        });
        url
    }
}

impl Shop {
    async fn pay_with(
        &self,
        gateway: &dyn Gateway,
        checkout: &Checkout,
        token: &str,
    ) -> PayOutcome {
        payments::pay(
            self.store.as_ref(),
            gateway,
            self.tenant.id,
            checkout,
            token,
            now(),
        )
        .await
        .expect("pay")
    }
}

async fn stripe_charges_declines_and_reconciles(store: SharedStore) {
    let Some(ls) = stripe::localstripe().await else {
        return;
    };
    let shop = shop(store, "USD", &[("INV-1", "120.00")], true).await;
    let gw = stripe::gateway(&ls.url, &shop);

    let declined_pm = stripe::payment_method(&ls, "4000000000000341").await;
    let checkout = shop
        .checkout("INV-1", Some("20.00"), MethodKind::Card)
        .await
        .expect("checkout");
    match shop.pay_with(gw.as_ref(), &checkout, &declined_pm).await {
        PayOutcome::Declined { message } => assert_eq!(message, "Your card was declined."),
        other => panic!("{other:?}"),
    }
    assert_eq!(shop.invoice("INV-1").await.paid, usd("0.00"));
    // The declined checkout is over; another card is a new one.
    let checkout = shop.restart(&checkout).await;

    let visa = stripe::payment_method(&ls, "4242424242424242").await;
    let PayOutcome::Done(p) = shop.pay_with(gw.as_ref(), &checkout, &visa).await else {
        panic!("paid")
    };
    assert!(
        p.reference.as_deref().is_some_and(|r| r.starts_with("pi_")),
        "{:?}",
        p.reference
    );
    assert_eq!(shop.invoice("INV-1").await.paid, usd("20.00"));
    let history = shop
        .store
        .payment_history_page(shop.tenant.id, shop.account.id, HistoryCursor::Newest, 5)
        .await
        .expect("history");
    assert_eq!(
        history.rows[0].method_label.as_deref(),
        Some("Visa •••• 4242")
    );

    // Charged at Stripe, then the process "died": reconciliation reads the recorded PaymentIntent.
    let crashed = shop
        .checkout("INV-1", Some("30.00"), MethodKind::Card)
        .await
        .expect("checkout");
    let crashing = CrashAfterCharge(gw.clone());
    assert!(matches!(
        shop.pay_with(&crashing, &crashed, &visa).await,
        PayOutcome::Unconfirmed(_)
    ));
    let gw_dyn: Arc<dyn Gateway> = gw.clone();
    let r = shop
        .reconcile(gw_dyn.clone(), now() + RECONCILE_AFTER_SECS + 1)
        .await;
    assert_eq!(r.settled, 1);
    assert_eq!(shop.invoice("INV-1").await.paid, usd("50.00"));

    // Never reached Stripe: reconciliation finds no PaymentIntent and records nothing charged.
    let lost = shop
        .checkout("INV-1", Some("10.00"), MethodKind::Card)
        .await
        .expect("checkout");
    let silent = stripe::Split(gw_dyn.clone(), Arc::new(NeverAnswers));
    assert!(matches!(
        shop.pay_with(&silent, &lost, &visa).await,
        PayOutcome::Unconfirmed(_)
    ));
    let r = shop
        .reconcile(gw_dyn.clone(), now() + RECONCILE_AFTER_SECS + 1)
        .await;
    assert_eq!(r.failed, 1);
    assert_eq!(shop.invoice("INV-1").await.paid, usd("50.00"));
}

async fn stripe_timeouts_errors_and_garbage_leave_payments_pending(store: SharedStore) {
    let Some(ls) = stripe::localstripe().await else {
        return;
    };
    let shop = shop(store, "USD", &[("INV-1", "90.00")], true).await;
    let real: Arc<dyn Gateway> = stripe::gateway(&ls.url, &shop);
    let visa = stripe::payment_method(&ls, "4242424242424242").await;
    for mode in ["hang", "500", "garbage"] {
        let peer: Arc<dyn Gateway> = stripe::gateway(&stripe::bad_peer(mode).await, &shop);
        let checkout = shop
            .checkout("INV-1", Some("10.00"), MethodKind::Card)
            .await
            .expect("checkout");
        let outcome = shop
            .pay_with(&stripe::Split(real.clone(), peer.clone()), &checkout, &visa)
            .await;
        assert!(
            matches!(outcome, PayOutcome::Unconfirmed(_)),
            "{mode}: {outcome:?}"
        );
        // Asking the same misbehaving peer again settles nothing.
        let r = shop
            .reconcile(peer.clone(), now() + RECONCILE_AFTER_SECS + 1)
            .await;
        assert_eq!(r.settled, 0, "{mode}");
    }
    assert_eq!(
        shop.invoice("INV-1").await.paid,
        usd("0.00"),
        "nothing recorded as paid"
    );
}

/// Stores nothing: a process that stopped before recording the gateway's id.
struct Forgetful;

#[async_trait]
impl billfold::store::GatewayRefs for Forgetful {
    async fn set_gateway_ref(
        &self,
        _: TenantId,
        _: &str,
        _: &str,
    ) -> billfold::store::StoreResult<()> {
        Ok(())
    }
    async fn gateway_ref(
        &self,
        _: TenantId,
        _: &str,
    ) -> billfold::store::StoreResult<Option<String>> {
        Ok(None)
    }
    async fn payment_kind_by_key(
        &self,
        _: TenantId,
        _: &str,
    ) -> billfold::store::StoreResult<Option<billfold::domain::PaymentType>> {
        Ok(None)
    }
}

/// An off-session charge (AutoPay) is created and confirmed in one call; if the process stops before it records
/// the intent's id, reconciliation still finds it (by its `billfold_key` metadata) and says it was charged.
async fn stripe_finds_an_off_session_intent_it_never_recorded(store: SharedStore) {
    let Some(ls) = stripe::localstripe().await else {
        return;
    };
    let shop = shop(store, "USD", &[("INV-1", "90.00")], true).await;
    let forgetful = billfold::gateway::stripe::Stripe::new(
        &ls.url,
        billfold::secrets::Redacted::new("sk_test_x"),
        Arc::new(Forgetful),
        shop.tenant.id,
        billfold::gateway::http_client(Duration::from_millis(800)),
    );
    let visa = stripe::payment_method(&ls, "4242424242424242").await;
    let key = format!("autopay-test-{}", now());
    let charged = forgetful
        .charge(&ChargeRequest {
            idempotency_key: &key,
            amount: usd("12.00"),
            token: &visa,
            customer: None,
            description: "off session",
            off_session: true,
        })
        .await
        .expect("charge");
    assert!(
        matches!(charged, ChargeOutcome::Succeeded { .. }),
        "{charged:?}"
    );
    let remembering = stripe::gateway(&ls.url, &shop);
    let found = remembering.lookup(&key).await.expect("lookup");
    assert!(
        matches!(found, Some(ChargeOutcome::Succeeded { .. })),
        "{found:?}"
    );
    assert!(
        remembering
            .lookup("never-used-key")
            .await
            .expect("lookup")
            .is_none(),
        "a key Stripe never saw: nothing charged"
    );
}

/// A gateway whose calls never arrive.
struct NeverAnswers;

#[async_trait]
impl Gateway for NeverAnswers {
    fn name(&self) -> &'static str {
        "stripe"
    }
    async fn token_info(&self, _: &str) -> Result<TokenInfo, GatewayError> {
        Err(GatewayError::Timeout)
    }
    async fn charge(&self, _: &ChargeRequest<'_>) -> Result<ChargeOutcome, GatewayError> {
        Err(GatewayError::Timeout)
    }
    async fn lookup(&self, _: &str) -> Result<Option<ChargeOutcome>, GatewayError> {
        Err(GatewayError::Timeout)
    }
}

mod stripe_suite {
    use super::*;
    store_suite!(
        stripe_charges_declines_and_reconciles,
        stripe_timeouts_errors_and_garbage_leave_payments_pending,
        stripe_finds_an_off_session_intent_it_never_recorded,
    );
}

// --- Authorize.Net, against a strict local peer (tests/support/anet.rs) --------------------------------------------

mod anet {
    use super::*;
    use billfold::gateway::authorize_net::AuthorizeNet;
    use billfold::secrets::Redacted;
    use billfold_tests::anet::{self as peer, LOGIN, TRANSACTION_KEY};

    pub fn gateway(endpoint: &str, shop: &Shop) -> Arc<AuthorizeNet> {
        Arc::new(AuthorizeNet::new(
            endpoint,
            LOGIN,
            Redacted::new(TRANSACTION_KEY),
            shop.store.clone(),
            shop.tenant.id,
            billfold::gateway::http_client(Duration::from_millis(800)),
        ))
    }

    pub async fn charges_declines_and_reconciles(store: SharedStore) {
        let (url, ledger) = peer::start().await;
        let shop = shop(store, "USD", &[("INV-1", "200.00")], true).await;
        let gw = gateway(&url, &shop);
        let card = |outcome: &str| format!("card:COMMON.ACCEPT.INAPP.PAYMENT:card-{outcome}");

        let checkout = shop
            .checkout("INV-1", Some("20.00"), MethodKind::Card)
            .await
            .expect("checkout");
        match shop
            .pay_with(gw.as_ref(), &checkout, &card("decline"))
            .await
        {
            PayOutcome::Declined { message } => {
                assert_eq!(message, "This transaction has been declined.")
            }
            other => panic!("{other:?}"),
        }
        let checkout = shop.restart(&checkout).await;
        match shop.pay_with(gw.as_ref(), &checkout, &card("error")).await {
            PayOutcome::Declined { message } => {
                assert!(message.contains("Please try again"), "{message}")
            }
            other => panic!("{other:?}"),
        }
        let checkout = shop.restart(&checkout).await;
        let PayOutcome::Done(p) = shop
            .pay_with(gw.as_ref(), &checkout, &card("approve"))
            .await
        else {
            panic!("paid")
        };
        assert_eq!(p.status, PaymentStatus::Succeeded);
        assert!(
            p.reference
                .as_deref()
                .is_some_and(|r| r.starts_with("6000")),
            "transId: {:?}",
            p.reference
        );
        assert_eq!(shop.invoice("INV-1").await.paid, usd("20.00"));

        // Held for review: pending until the gateway decides.
        let held = shop
            .checkout("INV-1", Some("15.00"), MethodKind::Card)
            .await
            .expect("checkout");
        let PayOutcome::Done(h) = shop.pay_with(gw.as_ref(), &held, &card("review")).await else {
            panic!("held")
        };
        assert_eq!(h.status, PaymentStatus::Pending);

        // Charged, then the process died: found again by its invoice number, settled once.
        let crashed = shop
            .checkout("INV-1", Some("30.00"), MethodKind::Card)
            .await
            .expect("checkout");
        let crashing = CrashAfterCharge(gw.clone());
        assert!(matches!(
            shop.pay_with(&crashing, &crashed, &card("approve")).await,
            PayOutcome::Unconfirmed(_)
        ));
        let gw_dyn: Arc<dyn Gateway> = gw.clone();
        let later = now() + RECONCILE_AFTER_SECS + 1;
        let (a, b) = tokio::join!(
            shop.reconcile(gw_dyn.clone(), later),
            shop.reconcile(gw_dyn.clone(), later)
        );
        assert_eq!(a.settled + b.settled, 1);
        assert_eq!(shop.invoice("INV-1").await.paid, usd("50.00"));

        // The same attempt sent twice reaches the duplicate window and is answered from the first transaction.
        let key = "co_duplicate_test.1";
        let request = ChargeRequest {
            idempotency_key: key,
            amount: usd("5.00"),
            token: &card("approve"),
            customer: None,
            description: "",
            off_session: false,
        };
        let first = gw.charge(&request).await.expect("first");
        let second = gw.charge(&request).await.expect("second");
        assert!(matches!(first, ChargeOutcome::Succeeded { .. }));
        assert_eq!(
            first, second,
            "the duplicate is the first transaction, not a new charge"
        );
        let charges = ledger
            .lock()
            .expect("ledger")
            .transactions
            .iter()
            .filter(|t| t.amount == "5.00")
            .count();
        assert_eq!(charges, 1);
    }

    pub async fn ach_settles_or_is_returned(store: SharedStore) {
        let (url, ledger) = peer::start().await;
        let shop = shop(
            store,
            "USD",
            &[("INV-1", "70.00"), ("INV-2", "30.00")],
            true,
        )
        .await;
        let gw: Arc<dyn Gateway> = gateway(&url, &shop);
        let bank = |outcome: &str| format!("ach:COMMON.ACCEPT.INAPP.PAYMENT:ach-{outcome}");
        let settles = shop
            .checkout("INV-1", None, MethodKind::BankAccount)
            .await
            .expect("checkout");
        let PayOutcome::Done(p) = shop.pay_with(gw.as_ref(), &settles, &bank("settle")).await
        else {
            panic!("accepted")
        };
        assert_eq!(p.status, PaymentStatus::Pending);
        let returned = shop
            .checkout("INV-2", None, MethodKind::BankAccount)
            .await
            .expect("checkout");
        assert!(matches!(
            shop.pay_with(gw.as_ref(), &returned, &bank("return")).await,
            PayOutcome::Done(_)
        ));

        let later = now() + RECONCILE_AFTER_SECS + 1;
        let before = shop.reconcile(gw.clone(), later).await;
        assert_eq!((before.settled, before.failed), (0, 0), "not settled yet");
        peer::settle_batch(&ledger);
        let after = shop.reconcile(gw.clone(), later).await;
        assert_eq!((after.settled, after.failed), (1, 1));
        assert_eq!(shop.invoice("INV-1").await.paid, usd("70.00"));
        let inv2 = shop.invoice("INV-2").await;
        assert_eq!(
            (inv2.paid, inv2.reserved),
            (usd("0.00"), usd("0.00")),
            "returned: balance reopened"
        );
    }

    pub async fn misbehaving_peers_leave_payments_pending(store: SharedStore) {
        let shop = shop(store, "USD", &[("INV-1", "90.00")], true).await;
        for mode in ["hang", "500", "garbage"] {
            let peer: Arc<dyn Gateway> = gateway(&stripe::bad_peer(mode).await, &shop);
            let checkout = shop
                .checkout("INV-1", Some("10.00"), MethodKind::Card)
                .await
                .expect("checkout");
            let token = "card:COMMON.ACCEPT.INAPP.PAYMENT:card-approve";
            assert!(
                matches!(
                    shop.pay_with(peer.as_ref(), &checkout, token).await,
                    PayOutcome::Unconfirmed(_)
                ),
                "{mode}"
            );
        }
        assert_eq!(shop.invoice("INV-1").await.paid, usd("0.00"));
    }
}

mod anet_suite {
    use super::*;
    async fn anet_charges_declines_and_reconciles(s: SharedStore) {
        anet::charges_declines_and_reconciles(s).await
    }
    async fn anet_ach_settles_or_is_returned(s: SharedStore) {
        anet::ach_settles_or_is_returned(s).await
    }
    async fn anet_misbehaving_peers_leave_payments_pending(s: SharedStore) {
        anet::misbehaving_peers_leave_payments_pending(s).await
    }
    store_suite!(
        anet_charges_declines_and_reconciles,
        anet_ach_settles_or_is_returned,
        anet_misbehaving_peers_leave_payments_pending
    );
}

/// The local peer is as strict as the real API: out-of-order or unknown elements, bad credentials.
#[tokio::test]
async fn the_authorize_net_peer_is_strict_about_the_schema() {
    let (url, _) = billfold_tests::anet::start().await;
    let client = reqwest::Client::new();
    let send = |body: &'static str| {
        let (client, url) = (client.clone(), url.clone());
        async move {
            let bytes = client
                .post(&url)
                .body(body)
                .send()
                .await
                .expect("send")
                .bytes()
                .await
                .expect("body");
            assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a BOM before the JSON");
            serde_json::from_slice::<serde_json::Value>(&bytes[3..]).expect("json")
        }
    };
    let out_of_order = send(r#"{"createTransactionRequest":{"merchantAuthentication":{"name":"login","transactionKey":"key123"},
        "transactionRequest":{"amount":"5.00","transactionType":"authCaptureTransaction"}}}"#).await;
    assert_eq!(out_of_order["messages"]["message"][0]["code"], "E00003");
    assert!(out_of_order["messages"]["message"][0]["text"]
        .as_str()
        .unwrap_or("")
        .contains("invalid child element 'transactionType'"));
    let ref_after = send(r#"{"createTransactionRequest":{"refId":"1","merchantAuthentication":{"name":"login","transactionKey":"key123"}}}"#).await;
    assert_eq!(
        ref_after["messages"]["message"][0]["code"], "E00003",
        "refId must follow merchantAuthentication"
    );
    let bad_auth = send(r#"{"getUnsettledTransactionListRequest":{"merchantAuthentication":{"name":"login","transactionKey":"nope"}}}"#).await;
    assert_eq!(bad_auth["messages"]["message"][0]["code"], "E00007");
}

// --- The ledger under concurrency: every money-moving path against every other, on both stores -------------------

use billfold_tests::{test_store_suite, TestStore};

impl Shop {
    /// Records an offline payment through the REST API; returns the status.
    async fn api_payment(&self, id: &str, allocations: &[(&str, &str)]) -> axum::http::StatusCode {
        use tower::ServiceExt;
        let total = allocations
            .iter()
            .map(|(_, a)| usd(a))
            .try_fold(usd("0"), |sum, a| sum.checked_add(a))
            .expect("sum");
        let body = serde_json::json!({
            "id": id, "account": "C-1", "amount": total.to_decimal_string(), "type": "wire",
            "paid_on": "2026-11-20",
            "allocations": allocations.iter()
                .map(|(invoice, amount)| serde_json::json!({"invoice": invoice, "amount": amount}))
                .collect::<Vec<_>>(),
        });
        let request = axum::http::Request::builder()
            .method("POST")
            .uri("/api/v1/payments")
            .header("host", format!("{}.localhost", self.tenant.slug))
            .header("authorization", format!("Bearer {}", self.api_key))
            .header("content-type", "application/json")
            .body(axum::body::Body::from(body.to_string()))
            .expect("request");
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("infallible");
        response.status()
    }

    /// Pays `amount` of `number` (or the whole balance when `number` is `None`) by card through the payment core.
    async fn card_payment(
        &self,
        number: Option<&str>,
        amount: Option<&str>,
    ) -> Result<PayOutcome, PayError> {
        let token = self.card("4242424242424242").await;
        let target = match number {
            Some(number) => PayTarget::Invoice { number, amount },
            None => PayTarget::Balance,
        };
        let checkout = payments::start_checkout(
            self.store.as_ref(),
            &self.tenant,
            &self.account,
            self.user,
            target,
            MethodKind::Card,
            now(),
        )
        .await?;
        self.pay(&checkout, &token).await
    }

    /// Pays the chosen invoices (all of them, or `amount` oldest first) by card through the payment core.
    async fn selected_payment(
        &self,
        numbers: &[&str],
        amount: Option<&str>,
    ) -> Result<PayOutcome, PayError> {
        let token = self.card("4242424242424242").await;
        let numbers: Vec<String> = numbers.iter().map(|n| n.to_string()).collect();
        let checkout = payments::start_checkout(
            self.store.as_ref(),
            &self.tenant,
            &self.account,
            self.user,
            PayTarget::Selected {
                numbers: &numbers,
                amount,
            },
            MethodKind::Card,
            now(),
        )
        .await?;
        self.pay(&checkout, &token).await
    }
}

/// An API payment's answer in a race: accepted, or refused with a 4xx that says why — never a 5xx.
fn accepted(status: axum::http::StatusCode) -> bool {
    assert!(
        status == axum::http::StatusCode::OK || status.is_client_error(),
        "a refused payment is a 4xx, got {status}"
    );
    status == axum::http::StatusCode::OK
}

/// A portal payment's result in a race: paid, or refused because the balance is taken (on an invoice, or on the
/// whole account).
fn paid_online(result: &Result<PayOutcome, PayError>) -> bool {
    match result {
        Ok(PayOutcome::Done(_)) => true,
        Err(
            PayError::AlreadyReserved
            | PayError::Selection(_)
            | PayError::Amount(_)
            | PayError::NothingToPay
            | PayError::NothingOwed,
        ) => false,
        other => panic!("unexpected result in a race: {other:?}"),
    }
}

/// Sends `n` API payments of `amount` to INV-1 at once; returns how many were accepted.
async fn api_payments_at_once(shop: &Arc<Shop>, n: usize, amount: &'static str) -> usize {
    let statuses = futures_join(n, |i| {
        let shop = shop.clone();
        async move {
            shop.api_payment(&format!("WIRE-{i}"), &[("INV-1", amount)])
                .await
        }
    })
    .await;
    statuses.iter().filter(|s| accepted(**s)).count()
}

async fn two_api_payments_of_600_on_1000_pay_once(db: TestStore) {
    let shop = Arc::new(shop(db.store.clone(), "USD", &[("INV-1", "1000.00")], true).await);
    let accepted = api_payments_at_once(&shop, 2, "600.00").await;
    assert_eq!(accepted, 1, "one of two 600.00 payments fits in 1000.00");
    let ledger = db.assert_ledger_holds().await;
    assert_eq!(ledger[0].paid, 60_000);
    assert_eq!(shop.invoice("INV-1").await.balance(), usd("400.00"));
}

async fn fifty_api_payments_fit_the_total(db: TestStore) {
    let shop = Arc::new(shop(db.store.clone(), "USD", &[("INV-1", "1000.00")], true).await);
    let accepted = api_payments_at_once(&shop, 50, "30.00").await;
    assert_eq!(accepted, 33, "33 × 30.00 fit in 1000.00");
    let ledger = db.assert_ledger_holds().await;
    assert_eq!(ledger[0].paid, 99_000);
    let summary = shop
        .store
        .account_summary(shop.tenant.id, shop.account.id)
        .await
        .expect("summary");
    assert_eq!(summary.total_outstanding, usd("10.00"));
}

async fn api_payments_race_portal_payments(db: TestStore) {
    let shop = Arc::new(shop(db.store.clone(), "USD", &[("INV-1", "1000.00")], true).await);
    let results = futures_join(40, |i| {
        let shop = shop.clone();
        async move {
            if i % 2 == 0 {
                accepted(
                    shop.api_payment(&format!("WIRE-{i}"), &[("INV-1", "60.00")])
                        .await,
                )
            } else {
                paid_online(&shop.card_payment(Some("INV-1"), Some("60.00")).await)
            }
        }
    })
    .await;
    let paid = results.iter().filter(|ok| **ok).count();
    assert_eq!(paid, 16, "16 × 60.00 fit in 1000.00, whichever path pays");
    let ledger = db.assert_ledger_holds().await;
    assert_eq!((ledger[0].paid, ledger[0].pending), (96_000, 0));
}

/// API offline payments, import files, card payments of one invoice and of the whole balance, ACH payments that
/// settle or are returned, and reconciliation, all at once on three invoices; then the ledger must balance.
async fn selected_payments_on_overlapping_invoices_never_overpay(db: TestStore) {
    let shop = Arc::new(
        shop(
            db.store.clone(),
            "USD",
            &[("INV-A", "100.00"), ("INV-B", "60.00"), ("INV-C", "40.00")],
            true,
        )
        .await,
    );
    let selections: [&[&str]; 4] = [
        &["INV-A", "INV-B"],
        &["INV-B", "INV-C"],
        &["INV-C", "INV-A"],
        &["INV-A", "INV-B", "INV-C"],
    ];
    let results = futures_join(40, |i| {
        let shop = shop.clone();
        async move {
            let amount = (i % 3 == 0).then_some("45.00");
            shop.selected_payment(selections[i % 4], amount).await
        }
    })
    .await;
    let paid: Vec<&Payment> = results
        .iter()
        .filter_map(|r| match r {
            Ok(PayOutcome::Done(p)) => Some(p),
            Ok(other) => panic!("{other:?}"),
            Err(PayError::Selection(_) | PayError::AlreadyReserved | PayError::Amount(_)) => None,
            Err(e) => panic!("{e:?}"),
        })
        .collect();
    assert!(!paid.is_empty(), "some selections were paid");
    let ledger = db.assert_ledger_holds().await;
    assert!(ledger.iter().all(|r| r.pending == 0), "{ledger:?}");
    let paid_total: i64 = paid.iter().map(|p| p.amount.minor()).sum();
    assert_eq!(
        paid_total,
        ledger.iter().map(|r| r.paid).sum::<i64>(),
        "every payment is allocated in full, and only to the chosen invoices"
    );
    assert!(paid_total <= 20000, "never above the three totals");
    // Whatever is left can still be paid by choosing it.
    let open: Vec<&str> = ledger
        .iter()
        .filter(|r| r.paid < r.total)
        .map(|r| r.number.as_str())
        .collect();
    if !open.is_empty() {
        let rest = shop.selected_payment(&open, None).await;
        assert!(matches!(rest, Ok(PayOutcome::Done(_))), "{rest:?}");
        let ledger = db.assert_ledger_holds().await;
        assert!(ledger.iter().all(|r| r.paid == r.total), "{ledger:?}");
    }
}

async fn every_money_path_races_every_other(db: TestStore) {
    let shop = Arc::new(
        shop(
            db.store.clone(),
            "USD",
            &[
                ("INV-1", "400.00"),
                ("INV-2", "300.00"),
                ("INV-3", "150.00"),
            ],
            true,
        )
        .await,
    );
    let invoices = ["INV-1", "INV-2", "INV-3"];
    let results = futures_join(90, |i| {
        let shop = shop.clone();
        async move {
            let invoice = invoices[(i / 6) % 3];
            let other = invoices[(i / 6 + 1) % 3];
            match i % 6 {
                0 => accepted(
                    shop.api_payment(&format!("WIRE-{i}"), &[(invoice, "40.00"), (other, "15.00")])
                        .await,
                ),
                1 => paid_online(&shop.card_payment(Some(invoice), Some("25.00")).await),
                2 if i % 4 == 0 => paid_online(&shop.card_payment(None, None).await),
                2 if i % 4 == 2 => {
                    paid_online(&shop.selected_payment(&[other, invoice], Some("60.00")).await)
                }
                2 => {
                    let file = serde_json::json!({"payments": [{"id": format!("CHK-{i}"), "account": "C-1",
                        "amount": "70.00", "type": "check", "paid_on": "2026-11-01",
                        "allocations": [{"invoice": other, "amount": "35.00"},
                                        {"invoice": invoice, "amount": "35.00"}]}]});
                    billfold_tests::import(&shop.store, &shop.tenant, &file).await.is_ok()
                }
                3 => {
                    let routing = if i % 2 == 0 { "110000002" } else { "110000000" };
                    let token = shop.bank(routing).await;
                    match shop.checkout(invoice, Some("20.00"), MethodKind::BankAccount).await {
                        Ok(checkout) => paid_online(&shop.pay(&checkout, &token).await),
                        Err(e) => paid_online(&Err(e)),
                    }
                }
                4 => {
                    shop.reconcile(shop.sandbox.clone(), now() + RECONCILE_AFTER_SECS + 1)
                        .await;
                    false
                }
                _ => accepted(shop.api_payment(&format!("WIRE-{i}"), &[(invoice, "90.00")]).await),
            }
        }
    })
    .await;
    assert!(results.iter().any(|ok| *ok), "some payments went through");
    // Settle or return every ACH payment still pending, then check the books.
    shop.reconcile(shop.sandbox.clone(), now() + RECONCILE_AFTER_SECS + 1)
        .await;
    let ledger = db.assert_ledger_holds().await;
    assert!(
        ledger.iter().all(|row| row.pending == 0),
        "nothing left pending: {ledger:?}"
    );
    let outstanding: i64 = ledger.iter().map(|row| row.total - row.paid).sum();
    let summary = shop
        .store
        .account_summary(shop.tenant.id, shop.account.id)
        .await
        .expect("summary");
    assert_eq!(
        summary.total_outstanding.minor(),
        outstanding,
        "the account's totals agree with its invoices"
    );
    assert_eq!(
        summary.unpaid_invoices,
        ledger.iter().filter(|row| row.paid < row.total).count() as i64
    );
}

test_store_suite!(
    two_api_payments_of_600_on_1000_pay_once,
    fifty_api_payments_fit_the_total,
    api_payments_race_portal_payments,
    every_money_path_races_every_other,
    selected_payments_on_overlapping_invoices_never_overpay,
);
