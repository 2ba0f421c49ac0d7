//! Payments per second through the sandbox gateway with 100 ms of simulated gateway latency, at 1, 10 and 100
//! concurrent payers, on SQLite and (when `BILLFOLD_TEST_POSTGRES_URL` is set) PostgreSQL. Each payment is the
//! whole path: check and reserve the amount (a checkout), record the attempt as pending, call the gateway, settle.
//! If payments serialized on a database lock during the gateway call, throughput would stay near 10/s whatever
//! the concurrency; the ideal is `payers / 0.1 s`.
//!
//! Run: `cargo bench -p billfold-host --bench payments` (`BILLFOLD_BENCH_SECONDS`, default 5).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use billfold::domain::{Account, Email, Tenant, UserId};
use billfold::gateway::sandbox::{read_card, Sandbox};
use billfold::gateway::MethodKind;
use billfold::payments::{self, PayOutcome, PayTarget};
use billfold::SharedStore;

const LATENCY: Duration = Duration::from_millis(100);

struct Setup {
    store: SharedStore,
    tenant: Tenant,
    account: Account,
    user: UserId,
}

async fn setup(store: SharedStore, payers: usize) -> Setup {
    let master = billfold_tests::master_key();
    let tenant = billfold_tests::tenant(&store, &master, &format!("bench{payers}"))
        .await
        .tenant;
    let invoices: Vec<serde_json::Value> = (0..payers)
        .map(|i| serde_json::json!({"number": format!("P-{i:03}"), "account": "C-1", "issued_on": "2026-01-01",
            "due_on": "2026-02-01", "currency": "USD",
            "lines": [{"description": "Big invoice", "quantity": "1", "unit_price": "1000000.00"}]}))
        .collect();
    billfold_tests::import(
        &store,
        &tenant,
        &serde_json::json!({"accounts": [{"id": "C-1", "name": "Payer Co", "currency": "USD"}],
            "contacts": [{"email": "ap@payer.example", "memberships": [{"account": "C-1", "roles": ["accounting"]}]}],
            "invoices": invoices}),
    )
    .await
    .expect("import");
    let account = store
        .accounts_by_external_ids(tenant.id, &["C-1".into()])
        .await
        .expect("account")
        .remove(0);
    let user = store
        .user_by_email(tenant.id, &Email::parse("ap@payer.example").expect("email"))
        .await
        .expect("user")
        .expect("exists")
        .id;
    Setup {
        store,
        tenant,
        account,
        user,
    }
}

/// Payments per second with `payers` paying concurrently (each its own invoice, $1.00 at a time).
async fn run(store: SharedStore, payers: usize, seconds: u64) -> f64 {
    let s = Arc::new(setup(store, payers).await);
    let sandbox = Arc::new(Sandbox::new(s.store.clone(), s.tenant.id, LATENCY));
    let (label, outcome) = read_card(
        "4242424242424242",
        "12/30",
        "123",
        time::OffsetDateTime::now_utc().date(),
    )
    .expect("card");
    let token = sandbox
        .tokenize(MethodKind::Card, &label, outcome, None)
        .await
        .expect("token");
    let done = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let tasks: Vec<_> = (0..payers)
        .map(|i| {
            let (s, sandbox, token, done) =
                (s.clone(), sandbox.clone(), token.clone(), done.clone());
            tokio::spawn(async move {
                let number = format!("P-{i:03}");
                while Instant::now() < deadline {
                    let now = time::OffsetDateTime::now_utc().unix_timestamp();
                    let checkout = payments::start_checkout(
                        s.store.as_ref(),
                        &s.tenant,
                        &s.account,
                        s.user,
                        PayTarget::Invoice {
                            number: &number,
                            amount: Some("1.00"),
                        },
                        MethodKind::Card,
                        now,
                    )
                    .await
                    .expect("checkout");
                    let outcome = payments::pay(
                        s.store.as_ref(),
                        sandbox.as_ref(),
                        s.tenant.id,
                        &checkout,
                        &token,
                        now,
                    )
                    .await
                    .expect("pay");
                    assert!(matches!(outcome, PayOutcome::Done(_)), "{outcome:?}");
                    done.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.expect("payer");
    }
    done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64()
}

#[tokio::main]
async fn main() {
    let seconds: u64 = std::env::var("BILLFOLD_BENCH_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    println!("| store | concurrent payers | payments/s | ideal (payers / 100 ms) |");
    println!("| --- | ---: | ---: | ---: |");
    for payers in [1usize, 10, 100] {
        let sqlite = billfold_tests::sqlite().await;
        let rate = run(sqlite.store.clone(), payers, seconds).await;
        println!("| SQLite | {payers} | {rate:.1} | {} |", payers * 10);
        if let Some(pg) = billfold_tests::postgres().await {
            let rate = run(pg.store.clone(), payers, seconds).await;
            println!("| PostgreSQL | {payers} | {rate:.1} | {} |", payers * 10);
        }
    }
}
