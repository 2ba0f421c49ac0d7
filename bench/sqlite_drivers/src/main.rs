//! The dashboard's reads (session with memberships and account totals, a page of 25 invoices, their lines, the
//! AutoPay enrolment — the SQL the portal runs) against a database `bench/dashboard.sh` imported, through sqlx's
//! SQLite driver (a worker thread per connection, rows sent back over a channel) and through rusqlite on tokio's
//! blocking pool (statements cached per connection, rows read in place). 16 tasks at once on a 2-thread runtime, 4
//! connections each way, like the portal. Prints page reads per second and the process's CPU time per page read.
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sqlx::Row;

const SESSION: &str = "SELECT s.tenant_id, s.user_id, s.account_id, s.csrf_token, s.created_at, s.last_seen_at, s.scope, \
    u.email AS user_email, u.name AS user_name, u.locale AS user_locale, m.roles, a.id, a.external_id, a.name, \
    a.currency, a.address, a.subscription_count, a.estimate_count, a.locale, a.outstanding_minor, a.invoice_count, \
    a.open_invoice_count, a.void_invoice_count FROM sessions s JOIN users u ON u.tenant_id = s.tenant_id AND \
    u.id = s.user_id LEFT JOIN memberships m ON m.tenant_id = s.tenant_id AND m.user_id = s.user_id LEFT JOIN \
    accounts a ON a.tenant_id = m.tenant_id AND a.id = m.account_id WHERE s.id_hash = $1 AND s.tenant_id = $2 \
    ORDER BY a.name, a.id";
const INVOICES: &str = "SELECT i.id, i.account_id, i.number, i.issued_on, i.due_on, i.currency, i.subtotal_minor, \
    i.tax_minor, i.total_minor, i.paid_minor, i.pending_minor, i.voided, i.po_number, i.needs_attention, \
    i.comment_count FROM invoices i WHERE i.tenant_id = $1 AND i.account_id = $2 AND TRUE AND TRUE \
    ORDER BY i.issued_on DESC, i.id DESC LIMIT $3";
const AUTOPAY: &str = "SELECT en.id AS enrollment_id, en.account_id AS enrolled_account_id, en.saved_method_id, \
    en.enrolled_by, u.email AS enrolled_by_email, en.enrolled_at, en.authorization_text, en.failures, \
    en.suspended_at FROM autopay_enrollments en LEFT JOIN users u ON u.tenant_id = en.tenant_id AND \
    u.id = en.enrolled_by WHERE en.tenant_id = $1 AND en.account_id = $2 AND en.disabled_at IS NULL";

fn lines_sql(n: usize) -> String {
    let marks = (0..n)
        .map(|k| format!("${}", k + 2))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "SELECT l.invoice_id, l.description, l.quantity, l.unit_price_minor, l.amount_minor, i.currency \
         FROM invoice_lines l JOIN invoices i ON i.tenant_id = l.tenant_id AND i.id = l.invoice_id \
         WHERE l.tenant_id = $1 AND l.invoice_id IN ({marks}) ORDER BY l.invoice_id, l.position"
    )
}

#[derive(Clone)]
struct Keys {
    session: Vec<u8>,
    tenant: i64,
    account: i64,
}

/// What a page read brings back (kept so neither driver can skip work).
#[derive(Default)]
struct Page {
    texts: usize,
    numbers: i64,
}

async fn sqlx_page(pool: &sqlx::SqlitePool, k: &Keys) -> Page {
    let mut page = Page::default();
    for row in sqlx::query(SESSION)
        .bind(&k.session)
        .bind(k.tenant)
        .fetch_all(pool)
        .await
        .expect("session")
    {
        page.texts +=
            row.get::<String, _>("csrf_token").len() + row.get::<String, _>("user_email").len();
        page.numbers += row.get::<i64, _>("outstanding_minor");
    }
    let invoices = sqlx::query(INVOICES)
        .bind(k.tenant)
        .bind(k.account)
        .bind(26_i64)
        .fetch_all(pool)
        .await
        .expect("invoices");
    let mut ids = Vec::new();
    for row in &invoices {
        ids.push(row.get::<i64, _>("id"));
        page.texts +=
            row.get::<String, _>("number").len() + row.get::<String, _>("issued_on").len();
        page.numbers += row.get::<i64, _>("total_minor") + row.get::<i64, _>("paid_minor");
    }
    ids.truncate(25);
    let sql = lines_sql(ids.len());
    let mut q = sqlx::query(&sql).bind(k.tenant);
    for id in &ids {
        q = q.bind(*id);
    }
    for row in q.fetch_all(pool).await.expect("lines") {
        page.texts +=
            row.get::<String, _>("description").len() + row.get::<String, _>("quantity").len();
        page.numbers += row.get::<i64, _>("amount_minor");
    }
    for row in sqlx::query(AUTOPAY)
        .bind(k.tenant)
        .bind(k.account)
        .fetch_all(pool)
        .await
        .expect("autopay")
    {
        page.numbers += row.get::<i64, _>("failures");
    }
    page
}

fn rusqlite_page(conn: &rusqlite::Connection, k: &Keys) -> Page {
    let mut page = Page::default();
    let mut s = conn.prepare_cached(SESSION).expect("prepare");
    let mut rows = s
        .query(rusqlite::params![k.session, k.tenant])
        .expect("session");
    while let Some(row) = rows.next().expect("row") {
        page.texts += row.get_ref(3).expect("csrf").as_str().expect("text").len()
            + row.get_ref(7).expect("email").as_str().expect("text").len();
        page.numbers += row.get::<_, i64>(19).expect("outstanding");
    }
    let mut s = conn.prepare_cached(INVOICES).expect("prepare");
    let mut rows = s
        .query(rusqlite::params![k.tenant, k.account, 26_i64])
        .expect("invoices");
    let mut ids = Vec::new();
    while let Some(row) = rows.next().expect("row") {
        ids.push(row.get::<_, i64>(0).expect("id"));
        page.texts += row.get::<_, String>(2).expect("number").len()
            + row.get::<_, String>(3).expect("issued").len();
        page.numbers += row.get::<_, i64>(8).expect("total") + row.get::<_, i64>(9).expect("paid");
    }
    ids.truncate(25);
    let mut s = conn.prepare_cached(&lines_sql(ids.len())).expect("prepare");
    let mut params: Vec<&dyn rusqlite::ToSql> = vec![&k.tenant];
    for id in &ids {
        params.push(id);
    }
    let mut rows = s.query(params.as_slice()).expect("lines");
    while let Some(row) = rows.next().expect("row") {
        page.texts += row.get::<_, String>(1).expect("description").len()
            + row.get::<_, String>(2).expect("qty").len();
        page.numbers += row.get::<_, i64>(4).expect("amount");
    }
    let mut s = conn.prepare_cached(AUTOPAY).expect("prepare");
    let mut rows = s
        .query(rusqlite::params![k.tenant, k.account])
        .expect("autopay");
    while let Some(row) = rows.next().expect("row") {
        page.numbers += row.get::<_, i64>(7).expect("failures");
    }
    page
}

fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").expect("stat");
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .expect("fields")
        .split_whitespace()
        .collect();
    let ticks: f64 =
        fields[11].parse::<f64>().expect("utime") + fields[12].parse::<f64>().expect("stime");
    ticks / 100.0
}

async fn run<F, Fut>(name: &str, seconds: u64, page: F)
where
    F: Fn() -> Fut + Send + Sync + Clone + 'static,
    Fut: std::future::Future<Output = Page> + Send,
{
    let until = Instant::now() + Duration::from_secs(seconds);
    let cpu = cpu_seconds();
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..16 {
        let page = page.clone();
        tasks.push(tokio::spawn(async move {
            let (mut n, mut seen) = (0_u64, 0_usize);
            while Instant::now() < until {
                let p = page().await;
                seen += p.texts + p.numbers as usize % 7;
                n += 1;
            }
            (n, seen)
        }));
    }
    let mut total = 0;
    for t in tasks {
        total += t.await.expect("task").0;
    }
    let wall = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu;
    println!(
        "| {name} | {:.0} | {:.0} |",
        total as f64 / wall,
        cpu * 1e6 / total as f64
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: sqlite-drivers-bench BENCH.db [SECONDS]");
    let seconds: u64 = std::env::args()
        .nth(2)
        .map_or(6, |s| s.parse().expect("seconds"));
    let pool = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(4)
        .connect(&format!("sqlite://{path}"))
        .await
        .expect("sqlx connect");
    let row = sqlx::query(
        "SELECT s.id_hash, s.tenant_id, a.id FROM sessions s JOIN accounts a ON a.tenant_id = s.tenant_id \
         WHERE a.external_id = 'A-10K' ORDER BY s.created_at DESC LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .expect("a session (sign in once through the portal first)");
    let keys = Keys {
        session: row.get(0),
        tenant: row.get(1),
        account: row.get(2),
    };
    let conns: Arc<Mutex<Vec<rusqlite::Connection>>> = Arc::new(Mutex::new(
        (0..4)
            .map(|_| {
                let c = rusqlite::Connection::open_with_flags(
                    &path,
                    rusqlite::OpenFlags::SQLITE_OPEN_READ_WRITE,
                )
                .expect("rusqlite open");
                c.set_prepared_statement_cache_capacity(100);
                c
            })
            .collect(),
    ));
    let free = Arc::new(tokio::sync::Semaphore::new(4));
    println!("| driver | page reads/s (16 tasks, 2 threads) | CPU µs per page read |");
    println!("| --- | ---: | ---: |");
    for round in 0..2 {
        let _ = round;
        let (p, k) = (pool.clone(), keys.clone());
        run("sqlx (worker thread per connection)", seconds, move || {
            let (p, k) = (p.clone(), k.clone());
            async move { sqlx_page(&p, &k).await }
        })
        .await;
        let (c, f, k) = (conns.clone(), free.clone(), keys.clone());
        run("rusqlite on the blocking pool", seconds, move || {
            let (c, f, k) = (c.clone(), f.clone(), k.clone());
            async move {
                let _permit = f.acquire_owned().await.expect("semaphore");
                tokio::task::spawn_blocking(move || {
                    let conn = c.lock().expect("lock").pop().expect("a free connection");
                    let page = rusqlite_page(&conn, &k);
                    c.lock().expect("lock").push(conn);
                    page
                })
                .await
                .expect("blocking task")
            }
        })
        .await;
    }
}
