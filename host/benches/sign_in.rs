//! Password sign-in under load, and whether an unknown email can be told apart by time. 20 users with passwords;
//! 20 concurrent clients each post the sign-in form (after fetching it) to the portal's router, on SQLite and
//! (when `BILLFOLD_TEST_POSTGRES_URL` is set) PostgreSQL:
//!
//! - successful sign-ins (each client its own user, 3 rounds);
//! - wrong passwords for known emails (4 per user, under the throttle's 5 free failures);
//! - the same for unknown emails (each a new address);
//! - the known emails once more, as the noise baseline for the difference;
//! - Forgot Password requests for known and unknown emails, the same way.
//!
//! Run: `cargo bench -p billfold-host --bench sign_in`.

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use axum::Router;
use billfold::auth::PasswordHasher;
use billfold::domain::{Actor, Email, NewAuditEntry};
use billfold::SharedStore;
use billfold_tests::web::{enc, form_token, portal_fixture, post, HOST_ACME};

const CLIENTS: usize = 20;
const PASSWORD: &str = "a bench passphrase";

/// Times one posted form: the sign-in form with `password`, or (`None`) Forgot Password. Only the POST is timed.
async fn attempt(router: &Router, email: &str, password: Option<&str>) -> (Duration, StatusCode) {
    let page_path = if password.is_some() {
        "/sign-in"
    } else {
        "/forgot-password"
    };
    let (token, cookie) = form_token(router, page_path).await;
    let body = match password {
        Some(p) => format!(
            "form={token}&email={}&password={}&next=%2F",
            enc(email),
            enc(p)
        ),
        None => format!("form={token}&email={}", enc(email)),
    };
    let started = Instant::now();
    let page = post(router, HOST_ACME, page_path, &cookie, &body).await;
    (started.elapsed(), page.status)
}

/// Runs `rounds` attempts per client, `CLIENTS` at once; `who(client, round)` gives the email and the password
/// (`None`: a Forgot Password request). Every answer must be `expect`.
async fn phase(
    router: &Router,
    rounds: usize,
    who: impl Fn(usize, usize) -> (String, Option<String>),
    expect: StatusCode,
) -> Vec<Duration> {
    let mut tasks = tokio::task::JoinSet::new();
    for client in 0..CLIENTS {
        let router = router.clone();
        let attempts: Vec<(String, Option<String>)> = (0..rounds).map(|r| who(client, r)).collect();
        tasks.spawn(async move {
            let mut times = Vec::new();
            for (email, password) in attempts {
                let (took, status) = attempt(&router, &email, password.as_deref()).await;
                assert_eq!(status, expect, "{email}");
                times.push(took);
            }
            times
        });
    }
    let mut all = Vec::new();
    while let Some(times) = tasks.join_next().await {
        all.extend(times.expect("client"));
    }
    all.sort();
    all
}

fn pct(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn report(what: &str, t: &[Duration]) -> f64 {
    let p50 = pct(t, 0.5);
    println!(
        "  {what:<34} n={:<4} p50 {p50:>7.1} ms   p99 {:>7.1} ms",
        t.len(),
        pct(t, 0.99)
    );
    p50
}

async fn run(backend: &str, store: SharedStore) {
    let f = portal_fixture(store.clone()).await;
    let contacts: Vec<serde_json::Value> = (0..CLIENTS)
        .map(|i| {
            serde_json::json!({"email": format!("u{i}@bench.example"),
            "memberships": [{"account": "C-100", "roles": ["accounting"]}]})
        })
        .collect();
    billfold_tests::import(
        &store,
        &f.acme.tenant,
        &serde_json::json!({"contacts": contacts}),
    )
    .await
    .expect("import");
    let hash = PasswordHasher::new(2).hash(PASSWORD).await.expect("hash");
    for i in 0..CLIENTS {
        let user = store
            .user_by_email(
                f.acme.tenant.id,
                &Email::parse(&format!("u{i}@bench.example")).expect("email"),
            )
            .await
            .expect("user")
            .expect("exists");
        let actor = Actor::vendor("bench");
        store
            .set_password(
                f.acme.tenant.id,
                user.id,
                &hash,
                None,
                &NewAuditEntry {
                    tenant_id: f.acme.tenant.id,
                    account_id: None,
                    actor: &actor,
                    action: "password.set",
                    detail: String::new(),
                    now: 0,
                },
            )
            .await
            .expect("password");
    }
    let router = &f.router;
    println!("{backend} ({CLIENTS} concurrent clients):");
    let ok = phase(
        router,
        3,
        |c, _| (format!("u{c}@bench.example"), Some(PASSWORD.into())),
        StatusCode::SEE_OTHER,
    )
    .await;
    report("successful sign-in", &ok);
    let known = phase(
        router,
        2,
        |c, _| (format!("u{c}@bench.example"), Some("wrong password".into())),
        StatusCode::UNAUTHORIZED,
    )
    .await;
    let unknown = phase(
        router,
        2,
        |c, r| {
            (
                format!("nobody{c}-{r}@bench.example"),
                Some("wrong password".into()),
            )
        },
        StatusCode::UNAUTHORIZED,
    )
    .await;
    let known_again = phase(
        router,
        2,
        |c, _| (format!("u{c}@bench.example"), Some("wrong password".into())),
        StatusCode::UNAUTHORIZED,
    )
    .await;
    let k = report("wrong password, known email", &known);
    let u = report("wrong password, unknown email", &unknown);
    let k2 = report("wrong password, known (again)", &known_again);
    println!(
        "  median difference unknown - known: {:+.1} ms (noise, known vs known again: {:+.1} ms)",
        u - k,
        k2 - k
    );
    // Forgot Password: at most five mails an hour go to one address, so four rounds stay under the cap.
    let known = phase(
        router,
        2,
        |c, _| (format!("u{c}@bench.example"), None),
        StatusCode::OK,
    )
    .await;
    let unknown = phase(
        router,
        2,
        |c, r| (format!("nobody{c}-{r}@bench.example"), None),
        StatusCode::OK,
    )
    .await;
    let known_again = phase(
        router,
        2,
        |c, _| (format!("u{c}@bench.example"), None),
        StatusCode::OK,
    )
    .await;
    let k = report("forgot password, known email", &known);
    let u = report("forgot password, unknown email", &unknown);
    let k2 = report("forgot password, known (again)", &known_again);
    println!(
        "  median difference unknown - known: {:+.1} ms (noise, known vs known again: {:+.1} ms)",
        u - k,
        k2 - k
    );
}

#[tokio::main]
async fn main() {
    let sqlite = billfold_tests::sqlite().await;
    run("SQLite", sqlite.store.clone()).await;
    if let Some(pg) = billfold_tests::postgres().await {
        run("PostgreSQL", pg.store.clone()).await;
    }
}
