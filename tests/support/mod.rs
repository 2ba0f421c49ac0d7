//! Shared test support: a fresh store per test on SQLite (always) and PostgreSQL (when
//! `BILLFOLD_TEST_POSTGRES_URL` is set), dropped afterwards, plus fixtures.
//!
//! `store_suite!` runs each listed `async fn(SharedStore)` once per backend, so one conformance suite proves both.

pub mod anet;
pub mod localstripe;
pub mod logs;
pub mod mail;
pub mod smtp;
pub mod stripe_js;
pub mod web;
pub mod webdriver;
pub mod webhook_receiver;

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use billfold::clock::ShiftedClock;
use billfold::domain::{NewTenant, Slug, Tenant, TenantSettings};
use billfold::gateway::{ChargeOutcome, ChargeRequest, Gateway, GatewayError, TokenInfo};
use billfold::secrets::MasterKey;
use billfold::store::{connect, ConnectOptions};
use billfold::tenants::{provision, ProvisionedTenant};
use billfold::SharedStore;

pub const POSTGRES_URL_VAR: &str = "BILLFOLD_TEST_POSTGRES_URL";

/// A store that lives as long as the test; its database is deleted on drop.
pub struct TestStore {
    pub store: SharedStore,
    /// The store's clock (and every portal's on it): tests move it forward instead of sleeping.
    pub clock: Arc<ShiftedClock>,
    _cleanup: Cleanup,
}

/// Options whose clock is `clock`.
fn options_with(clock: &Arc<ShiftedClock>) -> ConnectOptions {
    ConnectOptions {
        clock: clock.clone(),
        ..ConnectOptions::default()
    }
}

enum Cleanup {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, database: String },
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        if let Cleanup::Postgres {
            admin_url,
            database,
        } = self
        {
            let (admin_url, database) = (admin_url.clone(), database.clone());
            // Drop runs inside the test's runtime, which cannot be blocked on: use a thread with its own runtime.
            let dropped = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("runtime");
                rt.block_on(async {
                    let pool = sqlx::PgPool::connect(&admin_url).await?;
                    sqlx::query(&format!(
                        "DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)"
                    ))
                    .execute(&pool)
                    .await
                    .map(|_| ())
                })
            })
            .join();
            if !matches!(dropped, Ok(Ok(()))) {
                eprintln!(
                    "warning: could not drop test database {}",
                    self.database_name()
                );
            }
        }
    }
}

impl TestStore {
    /// Everything the database holds, as text: the SQLite files' bytes, or `pg_dump --data-only` (for tests that
    /// prove something is *not* stored anywhere).
    pub fn dump(&self) -> String {
        match &self._cleanup {
            Cleanup::Sqlite(dir) => {
                let mut all = Vec::new();
                for entry in std::fs::read_dir(dir.path()).expect("db dir").flatten() {
                    all.extend(std::fs::read(entry.path()).unwrap_or_default());
                }
                String::from_utf8_lossy(&all).into_owned()
            }
            Cleanup::Postgres {
                admin_url,
                database,
            } => {
                let out = std::process::Command::new("pg_dump")
                    .args([
                        "--data-only",
                        "--dbname",
                        &with_database(admin_url, database),
                    ])
                    .output()
                    .expect("pg_dump");
                assert!(
                    out.status.success(),
                    "pg_dump: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                String::from_utf8_lossy(&out.stdout).into_owned()
            }
        }
    }
}

/// One invoice's money as the database holds it: what it totals, what it says is paid and pending, and what its
/// succeeded payments' allocations add up to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerRow {
    pub number: String,
    pub total: i64,
    pub paid: i64,
    pub pending: i64,
    pub allocated: i64,
}

const LEDGER_SQL: &str = "SELECT i.number, i.total_minor, i.paid_minor, i.pending_minor, \
    CAST(COALESCE((SELECT SUM(a.amount_minor) FROM allocations a JOIN payments p ON p.id = a.payment_id \
      WHERE a.invoice_id = i.id AND p.status = 'succeeded'), 0) AS BIGINT) \
    FROM invoices i ORDER BY i.tenant_id, i.number";

impl TestStore {
    /// Every invoice's ledger, read straight from the database (a second connection, not the store under test).
    pub async fn ledger(&self) -> Vec<LedgerRow> {
        // The same read on either backend's pool type.
        macro_rules! read_ledger {
            ($pool:ty, $url:expr) => {{
                let pool = <$pool>::connect(&$url).await.expect("ledger connection");
                let rows = sqlx::query_as(LEDGER_SQL)
                    .fetch_all(&pool)
                    .await
                    .expect("ledger");
                pool.close().await;
                rows
            }};
        }
        let rows: Vec<(String, i64, i64, i64, i64)> = match &self._cleanup {
            Cleanup::Sqlite(dir) => read_ledger!(
                sqlx::SqlitePool,
                format!("sqlite://{}", dir.path().join("billfold.db").display())
            ),
            Cleanup::Postgres {
                admin_url,
                database,
            } => read_ledger!(sqlx::PgPool, with_database(admin_url, database)),
        };
        rows.into_iter()
            .map(|(number, total, paid, pending, allocated)| LedgerRow {
                number,
                total,
                paid,
                pending,
                allocated,
            })
            .collect()
    }

    /// Asserts the ledger invariants on every invoice: paid equals the sum of its succeeded allocations, nothing
    /// is negative, and paid plus pending never exceeds the total.
    pub async fn assert_ledger_holds(&self) -> Vec<LedgerRow> {
        let ledger = self.ledger().await;
        for row in &ledger {
            assert_eq!(
                row.paid, row.allocated,
                "paid is what was allocated: {row:?}"
            );
            assert!(
                row.paid >= 0 && row.pending >= 0,
                "nothing negative: {row:?}"
            );
            assert!(
                row.paid + row.pending <= row.total,
                "never above the total: {row:?}"
            );
        }
        ledger
    }
}

/// Runs `$body` (an `async fn(TestStore)`) on SQLite and on PostgreSQL (when configured), for tests that need
/// the `TestStore` itself (its ledger or a dump), not only the store.
#[macro_export]
macro_rules! test_store_suite {
    ($($name:ident),* $(,)?) => {
        mod sqlite_db {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::$name($crate::sqlite().await).await;
                }
            )*
        }
        mod postgres_db {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some(s) = $crate::postgres().await else { return };
                    super::$name(s).await;
                }
            )*
        }
    };
}

impl Cleanup {
    fn database_name(&self) -> &str {
        match self {
            Cleanup::Postgres { database, .. } => database,
            Cleanup::Sqlite(_) => "",
        }
    }
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn unique_name() -> String {
    let random: [u8; 4] = billfold::secrets::random_bytes().expect("random");
    format!(
        "billfold_test_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        u32::from_le_bytes(random)
    )
}

/// A fresh SQLite store in a temporary directory.
pub async fn sqlite() -> TestStore {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("billfold.db").display());
    let clock = Arc::new(ShiftedClock::new());
    let store = connect(&url, &options_with(&clock))
        .await
        .expect("open SQLite store");
    TestStore {
        store,
        clock,
        _cleanup: Cleanup::Sqlite(dir),
    }
}

/// The PostgreSQL server under test, or `None` (after saying so loudly) when none is configured.
pub fn postgres_admin_url() -> Option<String> {
    match std::env::var(POSTGRES_URL_VAR) {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            eprintln!(
                "SKIPPED: {POSTGRES_URL_VAR} is not set, so this PostgreSQL test did not run \
                 (CI sets it; locally: {POSTGRES_URL_VAR}=postgres://postgres@127.0.0.1:5432/postgres)"
            );
            None
        }
    }
}

/// Replaces the database name of a `postgres://` URL.
pub fn with_database(url: &str, database: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let base = match base[after_scheme..].find('/') {
        Some(i) => &base[..after_scheme + i],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{database}?{q}"),
        None => format!("{base}/{database}"),
    }
}

/// Creates an empty PostgreSQL database, returning its URL and the admin URL that can drop it.
pub async fn create_postgres_database() -> Option<(String, String, String)> {
    let admin_url = postgres_admin_url()?;
    let database = unique_name();
    let admin = sqlx::PgPool::connect(&admin_url)
        .await
        .unwrap_or_else(|e| panic!("{POSTGRES_URL_VAR} is set but PostgreSQL is unreachable: {e}"));
    sqlx::query(&format!("CREATE DATABASE \"{database}\""))
        .execute(&admin)
        .await
        .expect("create test database");
    admin.close().await;
    Some((with_database(&admin_url, &database), admin_url, database))
}

/// A fresh PostgreSQL store in its own database, or `None` when PostgreSQL is not configured.
pub async fn postgres() -> Option<TestStore> {
    let (url, admin_url, database) = create_postgres_database().await?;
    let cleanup = Cleanup::Postgres {
        admin_url,
        database,
    };
    let clock = Arc::new(ShiftedClock::new());
    let store = connect(&url, &options_with(&clock))
        .await
        .expect("open PostgreSQL store");
    Some(TestStore {
        store,
        clock,
        _cleanup: cleanup,
    })
}

/// Runs each `async fn(SharedStore)` on SQLite and on PostgreSQL (when configured).
#[macro_export]
macro_rules! store_suite {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let s = $crate::sqlite().await;
                    super::$name(s.store.clone()).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some(s) = $crate::postgres().await else { return };
                    super::$name(s.store.clone()).await;
                }
            )*
        }
    };
}

/// A master key for tests.
pub fn master_key() -> MasterKey {
    MasterKey::generate().expect("master key")
}

/// Creates a tenant with default settings.
pub async fn tenant(store: &SharedStore, master: &MasterKey, slug: &str) -> ProvisionedTenant {
    provision(
        store.as_ref(),
        master,
        &NewTenant {
            slug: Slug::parse(slug).expect("slug"),
            name: format!("{slug} Inc."),
            theme: "default".into(),
            branding: Default::default(),
            settings: TenantSettings::default(),
        },
    )
    .await
    .expect("provision tenant")
}

/// Imports a JSON value for `tenant`.
pub async fn import(
    store: &SharedStore,
    tenant: &Tenant,
    file: &serde_json::Value,
) -> Result<billfold::import::ImportSummary, billfold::StoreError> {
    let json = serde_json::to_vec(file).expect("json");
    billfold::import::run(store.as_ref(), tenant.id, &json, &|_| {}).await
}

/// The import example from the product spec.
pub fn sample_file() -> serde_json::Value {
    serde_json::json!({
      "accounts": [{"id": "C-100", "name": "Initech", "currency": "USD"},
                   {"id": "C-200", "name": "Globex", "currency": "USD"}],
      "contacts": [{"email": "Pat@Initech.example", "name": "Pat Doe",
                    "memberships": [{"account": "C-100", "roles": ["accounting"]},
                                    {"account": "C-200", "roles": ["viewer"]}]}],
      "invoices": [{"number": "INV-1001", "account": "C-100", "issued_on": "2026-09-01", "due_on": "2026-10-01",
                    "currency": "USD", "tax": "32.00",
                    "lines": [{"description": "Scanner", "quantity": "2", "unit_price": "199.99"},
                              {"description": "Cable", "quantity": "1.5", "unit_price": "3.33"}]},
                   {"number": "INV-1002", "account": "C-100", "issued_on": "2026-10-15", "due_on": "2026-11-14",
                    "currency": "USD",
                    "lines": [{"description": "Support", "quantity": "1", "unit_price": "50.00"}]},
                   {"number": "INV-2001", "account": "C-200", "issued_on": "2026-10-01", "due_on": "2026-10-31",
                    "currency": "USD",
                    "lines": [{"description": "Labels", "quantity": "10", "unit_price": "1.00"}]}],
      "payments": [{"account": "C-100", "amount": "150.00", "type": "check", "reference": "CHK-5521",
                    "paid_on": "2026-10-20",
                    "allocations": [{"invoice": "INV-1001", "amount": "100.00"},
                                    {"invoice": "INV-1002", "amount": "50.00"}]}]
    })
}

/// Charges through the inner gateway, then reports a timeout: the process "died" after the gateway charged and
/// before our commit.
pub struct CrashAfterCharge(pub std::sync::Arc<dyn Gateway>);

#[async_trait::async_trait]
impl Gateway for CrashAfterCharge {
    fn name(&self) -> &'static str {
        self.0.name()
    }
    async fn token_info(&self, token: &str) -> Result<TokenInfo, GatewayError> {
        self.0.token_info(token).await
    }
    async fn charge(&self, request: &ChargeRequest<'_>) -> Result<ChargeOutcome, GatewayError> {
        self.0.charge(request).await?;
        Err(GatewayError::Timeout)
    }
    async fn lookup(&self, key: &str) -> Result<Option<ChargeOutcome>, GatewayError> {
        self.0.lookup(key).await
    }
}
