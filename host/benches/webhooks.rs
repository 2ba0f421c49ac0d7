//! Webhook deliveries per second to a receiver that takes 50 ms to answer, on SQLite and (when
//! `BILLFOLD_TEST_POSTGRES_URL` is set) PostgreSQL: 1,000 `membership.changed` events, each signed and sent, and its
//! attempt recorded. One worker keeps up to 16 deliveries in flight; sent one at a time, 50 ms each would cap it
//! near 20/s.
//!
//! Run: `cargo bench -p billfold-host --bench webhooks`.

use std::time::{Duration, Instant};

use axum::routing::post;
use axum::Router;
use billfold::web::{Portal, Tenancy};
use billfold::SharedStore;

const EVENTS: usize = 1_000;
const RECEIVER_LATENCY: Duration = Duration::from_millis(50);

async fn receiver() -> String {
    let app = Router::new().route(
        "/hook",
        post(|| async {
            tokio::time::sleep(RECEIVER_LATENCY).await;
            axum::http::StatusCode::NO_CONTENT
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/hook", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

async fn run(name: &str, store: SharedStore, url: &str) {
    let master = billfold_tests::master_key();
    let tenant = billfold_tests::tenant(&store, &master, "hooks")
        .await
        .tenant;
    let secret = billfold::webhooks::new_secret().expect("secret");
    let sealed =
        billfold::webhooks::seal_secret(&master, tenant.id, "we_bench", &secret).expect("seal");
    store
        .create_webhook_endpoint(tenant.id, "we_bench", url, &["*".to_string()], &sealed, 0)
        .await
        .expect("endpoint");
    let contacts: Vec<serde_json::Value> = (0..EVENTS)
        .map(|i| {
            serde_json::json!({"email": format!("u{i}@bench.example"),
                                    "memberships": [{"account": "C-1", "roles": ["viewer"]}]})
        })
        .collect();
    billfold_tests::import(
        &store,
        &tenant,
        &serde_json::json!({"accounts": [{"id": "C-1", "name": "Bench", "currency": "USD"}], "contacts": contacts}),
    )
    .await
    .expect("import");
    let portal = Portal::builder(
        store,
        master,
        Tenancy::Subdomain {
            base_domain: "localhost".into(),
        },
    )
    // The benchmark's receiver listens on loopback.
    .webhook_addresses(billfold::outbound::AddressPolicy::Any)
    .build()
    .expect("portal");
    let started = Instant::now();
    let mut delivered = 0;
    while delivered < EVENTS as u64 {
        let pass = portal.deliver_webhooks().await.expect("deliver");
        assert_eq!(pass.retrying + pass.failed, 0, "{pass:?}");
        delivered += pass.delivered;
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{name:<10} {EVENTS} deliveries, receiver {} ms: {secs:.2} s = {:.0} deliveries/s",
        RECEIVER_LATENCY.as_millis(),
        EVENTS as f64 / secs
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let url = receiver().await;
    let sqlite = billfold_tests::sqlite().await;
    run("sqlite", sqlite.store.clone(), &url).await;
    if let Some(pg) = billfold_tests::postgres().await {
        run("postgres", pg.store.clone(), &url).await;
    }
}
