//! Import throughput: 100,000 invoices (two lines each) for one account, into SQLite and, when
//! `BILLFOLD_TEST_POSTGRES_URL` is set, PostgreSQL. Then the cost of the dashboard's queries on that account.
//!
//! Run: `cargo bench -p billfold-host --bench import` (set `BILLFOLD_BENCH_INVOICES` to change the size).

use std::time::Instant;

use billfold::domain::{InvoiceCursor, InvoiceFilter, InvoiceKey, InvoiceQuery, InvoiceSort};
use billfold::SharedStore;

fn invoices() -> usize {
    std::env::var("BILLFOLD_BENCH_INVOICES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000)
}

fn file(n: usize) -> Vec<u8> {
    let invoices: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            serde_json::json!({
                "number": format!("INV-{i:07}"), "account": "C-1", "currency": "USD",
                "issued_on": format!("20{:02}-{:02}-{:02}", 10 + (i / 336) % 16, 1 + (i / 28) % 12, 1 + i % 28),
                "due_on": "2042-12-31", "tax": "1.25",
                "lines": [{"description": "Licence", "quantity": "3", "unit_price": "19.99"},
                          {"description": "Support", "quantity": "1.5", "unit_price": "40.00"}]
            })
        })
        .collect();
    let payments: Vec<serde_json::Value> = (0..n / 10)
        .map(|i| serde_json::json!({"id": format!("P-{i}"), "account": "C-1", "amount": "10.00", "type": "check",
            "paid_on": "2026-01-01", "allocations": [{"invoice": format!("INV-{:07}", i * 10), "amount": "10.00"}]}))
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "accounts": [{"id": "C-1", "name": "Big Customer", "currency": "USD"}],
        "contacts": [{"email": "ap@big.example", "memberships": [{"account": "C-1", "roles": ["accounting"]}]}],
        "invoices": invoices,
        "payments": payments,
    }))
    .expect("json")
}

async fn run(name: &str, store: SharedStore, json: &[u8], n: usize) {
    let master = billfold_tests::master_key();
    let tenant = billfold_tests::tenant(&store, &master, "bench")
        .await
        .tenant;
    let start = Instant::now();
    let summary = billfold::import::run(store.as_ref(), tenant.id, json, &|_| {})
        .await
        .expect("import");
    let secs = start.elapsed().as_secs_f64();
    assert_eq!(summary.invoices as usize, n);
    println!(
        "{name:<10} import of {n} invoices (+{} payments): {secs:>6.2} s = {:>8.0} invoices/s",
        summary.payments,
        n as f64 / secs
    );

    let start = Instant::now();
    billfold::import::run(store.as_ref(), tenant.id, json, &|_| {})
        .await
        .expect("re-import");
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{name:<10} re-import (all updates):          {secs:>6.2} s = {:>8.0} invoices/s",
        n as f64 / secs
    );

    let account = store.list_accounts(tenant.id).await.unwrap()[0].id;
    let query = |filter, at| InvoiceQuery {
        sort: InvoiceSort::Newest,
        filter,
        number_search: None,
        at,
        limit: 25,
    };
    // Page 101's place: after the 2,500th invoice, newest first.
    let mut deep = store
        .list_invoices(
            tenant.id,
            account,
            &query(InvoiceFilter::All, InvoiceCursor::First),
        )
        .await
        .unwrap();
    for _ in 0..99 {
        let Some(key) = deep.next else { break };
        deep = store
            .list_invoices(
                tenant.id,
                account,
                &query(InvoiceFilter::All, InvoiceCursor::After(key)),
            )
            .await
            .unwrap();
    }
    let deep_key: Option<InvoiceKey> = deep.next;
    for (label, filter, at) in [
        ("first page, all", InvoiceFilter::All, InvoiceCursor::First),
        (
            "first page, open",
            InvoiceFilter::Open,
            InvoiceCursor::First,
        ),
        (
            "page 101, all",
            InvoiceFilter::All,
            deep_key.map_or(InvoiceCursor::First, InvoiceCursor::After),
        ),
    ] {
        let runs = 20;
        let start = Instant::now();
        for _ in 0..runs {
            store
                .list_invoices(tenant.id, account, &query(filter, at))
                .await
                .unwrap();
        }
        println!(
            "{name:<10} list invoices ({label:<16}): {:>7.2} ms",
            start.elapsed().as_secs_f64() * 1e3 / runs as f64
        );
    }
    let start = Instant::now();
    for _ in 0..20 {
        store.account_summary(tenant.id, account).await.unwrap();
    }
    println!(
        "{name:<10} summary cards:                   {:>7.2} ms",
        start.elapsed().as_secs_f64() * 1e3 / 20.0
    );
}

fn main() {
    let n = invoices();
    let json = file(n);
    println!(
        "import file: {n} invoices, {:.1} MB",
        json.len() as f64 / 1e6
    );
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let sqlite = billfold_tests::sqlite().await;
        run("sqlite", sqlite.store.clone(), &json, n).await;
        drop(sqlite);
        match billfold_tests::postgres().await {
            Some(pg) => run("postgres", pg.store.clone(), &json, n).await,
            None => println!("postgres   skipped: set BILLFOLD_TEST_POSTGRES_URL"),
        }
    });
}
