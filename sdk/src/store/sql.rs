//! The SQLite and PostgreSQL stores. The SQL text is written once (`$N` placeholders work on both) and the method
//! bodies are expanded for each backend by `sql_store!`; only the [`Dialect`] constants differ.

use std::collections::HashMap;
use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use rust_decimal::Decimal;
use sqlx::postgres::{PgConnection, PgPool, PgPoolOptions, PgRow, Postgres};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool, SqlitePoolOptions,
    SqliteRow, SqliteSynchronous,
};
use sqlx::{Connection, QueryBuilder, Row, Sqlite};
use time::{Date, OffsetDateTime};

use super::migrate::{embedded, Migration};
use super::{Backend, PurgeBefore, Purged, Store, StoreError, StoreResult, StoredSsoKey};
use crate::domain::*;
use crate::import::{Batch, ImportError, ImportSummary};
use crate::money::{Currency, Money};

/// What differs between the two databases.
trait Dialect {
    const BACKEND: Backend;
    const MIGRATIONS: &'static [Migration];
    /// Serialises concurrent `migrate` calls from several processes (PostgreSQL advisory lock).
    const MIGRATION_LOCK: Option<(&'static str, &'static str)>;
    const MIGRATION_TABLE: &'static str;
    /// Refreshes planner statistics after a large import, so the first page views afterwards use the indexes.
    const AFTER_BULK_LOAD: Option<&'static str>;
    /// `$5` matches invoice numbers starting with a prefix, using an index; see [`Dialect::number_pattern`].
    const NUMBER_STARTS_WITH: &'static str;
    /// The pattern bound to `$5` for a literal prefix.
    fn number_pattern(prefix: &str) -> String;
    /// Appended to the select of due webhook deliveries, so concurrent workers skip each other's rows.
    const SKIP_LOCKED: &'static str;
    /// Starts a transaction that will write. SQLite's `BEGIN IMMEDIATE` takes the write lock up front (waiting with
    /// the busy timeout); a deferred transaction that read first would fail with `SQLITE_BUSY_SNAPSHOT` when another
    /// connection committed in between.
    const BEGIN_WRITE: &'static str;
    /// Locks one invoice row (`$1` tenant, `$2` id) until the transaction ends (`FOR NO KEY UPDATE`: the lock an
    /// `UPDATE` takes, which does not wait for the key-share locks of foreign keys pointing at the row), so what has been paid on it can be
    /// read and rewritten without a concurrent payment slipping in between. `None` where the write transaction
    /// already excludes every other writer (SQLite's `BEGIN IMMEDIATE`).
    const LOCK_INVOICE: Option<&'static str>;
    /// Locks one account row (`$1` tenant, `$2` id), for the same reason, before its cached totals are recomputed.
    const LOCK_ACCOUNT: Option<&'static str>;
}

/// Imports with at least this many invoices refresh planner statistics afterwards.
const BULK_LOAD_INVOICES: usize = 5_000;

pub struct SqliteStore {
    pool: SqlitePool,
}

pub struct PostgresStore {
    pool: PgPool,
}

impl Dialect for SqliteStore {
    const BACKEND: Backend = Backend::Sqlite;
    const MIGRATIONS: &'static [Migration] = embedded::SQLITE;
    const MIGRATION_LOCK: Option<(&'static str, &'static str)> = None;
    const MIGRATION_TABLE: &'static str = "CREATE TABLE IF NOT EXISTS billfold_migrations (
        version BIGINT PRIMARY KEY, name TEXT NOT NULL, checksum BLOB NOT NULL, applied_at BIGINT NOT NULL)";
    const AFTER_BULK_LOAD: Option<&'static str> = Some("ANALYZE");
    // GLOB is case-sensitive and uses the (tenant_id, number) index; LIKE would not (it ignores case).
    const NUMBER_STARTS_WITH: &'static str = "i.number GLOB $5";
    // One writer at a time: the claiming UPDATE is atomic on its own.
    const SKIP_LOCKED: &'static str = "";
    const BEGIN_WRITE: &'static str = "BEGIN IMMEDIATE";
    const LOCK_INVOICE: Option<&'static str> = None;
    const LOCK_ACCOUNT: Option<&'static str> = None;
    fn number_pattern(prefix: &str) -> String {
        let mut p = String::with_capacity(prefix.len() + 1);
        for c in prefix.chars() {
            match c {
                '*' | '?' | '[' => {
                    p.push('[');
                    p.push(c);
                    p.push(']');
                }
                _ => p.push(c),
            }
        }
        p.push('*');
        p
    }
}

impl Dialect for PostgresStore {
    const BACKEND: Backend = Backend::Postgres;
    const MIGRATIONS: &'static [Migration] = embedded::POSTGRES;
    const MIGRATION_LOCK: Option<(&'static str, &'static str)> = Some((
        "SELECT pg_advisory_lock(7355608)",
        "SELECT pg_advisory_unlock(7355608)",
    ));
    const MIGRATION_TABLE: &'static str = "CREATE TABLE IF NOT EXISTS billfold_migrations (
        version BIGINT PRIMARY KEY, name TEXT NOT NULL, checksum BYTEA NOT NULL, applied_at BIGINT NOT NULL)";
    const AFTER_BULK_LOAD: Option<&'static str> =
        Some("ANALYZE invoices, invoice_lines, payments, allocations, accounts");
    // Uses the text_pattern_ops index of migration 0003 whatever the database collation.
    const NUMBER_STARTS_WITH: &'static str = "i.number LIKE $5";
    const SKIP_LOCKED: &'static str = "FOR UPDATE SKIP LOCKED";
    const BEGIN_WRITE: &'static str = "BEGIN";
    const LOCK_INVOICE: Option<&'static str> =
        Some("SELECT id FROM invoices WHERE tenant_id = $1 AND id = $2 FOR NO KEY UPDATE");
    const LOCK_ACCOUNT: Option<&'static str> =
        Some("SELECT id FROM accounts WHERE tenant_id = $1 AND id = $2 FOR NO KEY UPDATE");
    fn number_pattern(prefix: &str) -> String {
        let mut p = String::with_capacity(prefix.len() + 1);
        for c in prefix.chars() {
            if matches!(c, '\\' | '%' | '_') {
                p.push('\\');
            }
            p.push(c);
        }
        p.push('%');
        p
    }
}

impl SqliteStore {
    /// Opens (creating if missing) a SQLite database in WAL mode with foreign keys enforced and a busy timeout.
    pub async fn connect(url: &str, max_connections: u32) -> StoreResult<SqliteStore> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(max_connections.max(1))
            .connect_with(options)
            .await?;
        Ok(SqliteStore { pool })
    }
}

impl PostgresStore {
    pub async fn connect(url: &str, max_connections: u32) -> StoreResult<PostgresStore> {
        let pool = PgPoolOptions::new()
            .max_connections(max_connections.max(1))
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await?;
        Ok(PostgresStore { pool })
    }

    /// The underlying pool, for tests and tools that need raw access.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

impl SqliteStore {
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

// --- SQL text, shared by both backends ------------------------------------------------------------------------

const TENANT_COLUMNS: &str = "t.id, t.slug, t.name, t.theme, t.logo_url, t.primary_color, t.support_phone, \
    t.support_email, t.support_hours, t.default_currency, t.past_due_after_days, t.partial_payments, t.ach_enabled, t.frame_ancestors";

/// `$2`…`$13` are a tenant's editable fields, bound by `bind_tenant_fields` for both statements.
const INSERT_TENANT: &str = "INSERT INTO tenants (slug, name, theme, logo_url, primary_color, support_phone, \
    support_email, support_hours, default_currency, past_due_after_days, partial_payments, ach_enabled, \
    frame_ancestors, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id";
const UPDATE_TENANT: &str = "UPDATE tenants SET name = $2, theme = $3, logo_url = $4, primary_color = $5, \
    support_phone = $6, support_email = $7, support_hours = $8, default_currency = $9, past_due_after_days = $10, \
    partial_payments = $11, ach_enabled = $12, frame_ancestors = $13 WHERE id = $1";
const SESSION_COLUMNS: &str =
    "tenant_id, user_id, account_id, csrf_token, created_at, last_seen_at";
/// Payment History rows: a payment once per invoice it paid (its allocations, or while pending, its checkout's).
const PAYMENT_ROWS: &str = "SELECT p.id, p.external_id, p.paid_on, i.number, \
    COALESCE(a.amount_minor, ca.amount_minor, p.amount_minor) AS amount_minor, p.currency, p.kind, p.method_label, \
    p.reference, p.status FROM payments p \
    LEFT JOIN allocations a ON a.payment_id = p.id \
    LEFT JOIN checkout_allocations ca ON a.payment_id IS NULL AND ca.checkout_id = p.checkout_id \
    LEFT JOIN invoices i ON i.id = COALESCE(a.invoice_id, ca.invoice_id)";
/// A session's last-seen time is written at most this often (seconds), so page views rarely write.
const TOUCH_INTERVAL_SECS: i64 = 60;
const INSERT_API_KEY: &str =
    "INSERT INTO api_keys (tenant_id, prefix, key_hash, created_at) VALUES ($1, $2, $3, $4)";
const INSERT_SSO_KEY: &str =
    "INSERT INTO sso_keys (tenant_id, key_id, sealed_secret, created_at) VALUES ($1, $2, $3, $4)";
const REVOKE_SSO_KEY: &str = "UPDATE sso_keys SET revoked_at = $3 \
    WHERE tenant_id = $1 AND key_id = $2 AND revoked_at IS NULL";
const ACTIVE_SSO_KEYS: &str = "SELECT key_id, sealed_secret FROM sso_keys \
    WHERE tenant_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC, id DESC";

const ACCOUNT_COLUMNS: &str = "a.id, a.external_id, a.name, a.currency";
const UPSERT_ACCOUNT: &str = "INSERT INTO accounts (tenant_id, external_id, name, currency, created_at, updated_at) \
    VALUES ($1, $2, $3, $4, $5, $5) \
    ON CONFLICT (tenant_id, external_id) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at \
    RETURNING id, currency";
const ACCOUNT_ID_BY_EXTERNAL_ID: &str =
    "SELECT id FROM accounts WHERE tenant_id = $1 AND external_id = $2";

const UPSERT_USER: &str =
    "INSERT INTO users (tenant_id, email, name, created_at) VALUES ($1, $2, $3, $4) \
    ON CONFLICT (tenant_id, email) DO UPDATE \
    SET name = CASE WHEN excluded.name = '' THEN users.name ELSE excluded.name END \
    RETURNING id";
const UPSERT_MEMBERSHIP: &str = "INSERT INTO memberships (tenant_id, user_id, account_id, roles) \
    VALUES ($1, $2, $3, $4) \
    ON CONFLICT (tenant_id, user_id, account_id) DO UPDATE SET roles = excluded.roles";

/// Payments whose gateway call is unconfirmed, with their checkout's state (add a WHERE clause).
const UNCONFIRMED_PAYMENTS: &str =
    "SELECT p.tenant_id, p.id, p.external_id, p.gateway, c.state, c.charged_at \
    FROM payments p JOIN checkouts c ON c.id = p.checkout_id";
const SAVED_METHOD_COLUMNS: &str =
    "id, public_id, account_id, gateway, customer_ref, reference, kind, brand, last4, \
    exp_month, exp_year, is_default, created_at";

const INVOICE_COLUMNS: &str = "i.id, i.account_id, i.number, i.issued_on, i.due_on, i.currency, \
    i.subtotal_minor, i.tax_minor, i.total_minor, i.paid_minor, i.pending_minor, i.voided";
const UPSERT_INVOICES_HEAD: &str =
    "INSERT INTO invoices (tenant_id, account_id, number, issued_on, due_on, \
    currency, subtotal_minor, tax_minor, total_minor, created_at, updated_at) ";
/// Updates an existing invoice only while it stays with its account and above what has been paid on it; a refused
/// row is missing from `RETURNING`.
const UPSERT_INVOICES_TAIL: &str = " ON CONFLICT (tenant_id, number) DO UPDATE SET issued_on = excluded.issued_on, due_on = excluded.due_on, \
    currency = excluded.currency, subtotal_minor = excluded.subtotal_minor, tax_minor = excluded.tax_minor, \
    total_minor = excluded.total_minor, updated_at = excluded.updated_at \
    WHERE invoices.account_id = excluded.account_id \
    AND invoices.paid_minor + invoices.pending_minor <= excluded.total_minor \
    RETURNING id, number";
const INSERT_LINES_HEAD: &str =
    "INSERT INTO invoice_lines (tenant_id, invoice_id, position, description, quantity, unit_price_minor, \
     amount_minor) ";
const INVOICE_CONFLICT: &str =
    "SELECT account_id, paid_minor + pending_minor AS paid_minor FROM invoices WHERE tenant_id = $1 AND number = $2";
const INVOICE_BY_NUMBER: &str =
    "SELECT id, account_id, total_minor FROM invoices WHERE tenant_id = $1 AND number = $2";
const INVOICE_LINES: &str =
    "SELECT l.description, l.quantity, l.unit_price_minor, l.amount_minor, i.currency FROM invoice_lines l \
    JOIN invoices i ON i.tenant_id = l.tenant_id AND i.id = l.invoice_id \
    WHERE l.tenant_id = $1 AND l.invoice_id = $2 ORDER BY l.position";

const UPSERT_PAYMENT: &str = "INSERT INTO payments (tenant_id, account_id, external_id, amount_minor, currency, kind, \
    reference, paid_on, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'succeeded', $9) \
    ON CONFLICT (tenant_id, account_id, external_id) DO UPDATE SET amount_minor = excluded.amount_minor, \
    kind = excluded.kind, reference = excluded.reference, paid_on = excluded.paid_on \
    RETURNING id";
const PAYMENT_ALLOCATED_INVOICES: &str = "SELECT invoice_id FROM allocations WHERE payment_id = $1";
const DELETE_ALLOCATIONS: &str = "DELETE FROM allocations WHERE payment_id = $1";
const INSERT_ALLOCATION: &str =
    "INSERT INTO allocations (tenant_id, payment_id, invoice_id, amount_minor) VALUES ($1, $2, $3, $4)";
/// What has been paid on an invoice: its succeeded payments' allocations.
const INVOICE_PAID_FROM_ALLOCATIONS: &str = "SELECT i.number, i.total_minor, i.currency, i.pending_minor, \
    CAST(COALESCE((SELECT SUM(a.amount_minor) FROM allocations a JOIN payments p ON p.id = a.payment_id \
      WHERE a.invoice_id = i.id AND p.status = 'succeeded'), 0) AS BIGINT) AS paid \
    FROM invoices i WHERE i.tenant_id = $1 AND i.id = $2";
const SET_INVOICE_PAID: &str =
    "UPDATE invoices SET paid_minor = $3 WHERE tenant_id = $1 AND id = $2";

/// Recomputes an account's totals from its invoices (one indexed pass over that account only).
const REFRESH_ACCOUNT_TOTALS: &str = "UPDATE accounts SET \
    invoice_count = (SELECT COUNT(*) FROM invoices i WHERE i.tenant_id = accounts.tenant_id AND i.account_id = accounts.id), \
    open_invoice_count = (SELECT COUNT(*) FROM invoices i WHERE i.tenant_id = accounts.tenant_id \
      AND i.account_id = accounts.id AND i.paid_minor < i.total_minor AND NOT i.voided), \
    void_invoice_count = (SELECT COUNT(*) FROM invoices i WHERE i.tenant_id = accounts.tenant_id \
      AND i.account_id = accounts.id AND i.voided), \
    outstanding_minor = (SELECT CAST(COALESCE(SUM(i.total_minor - i.paid_minor), 0) AS BIGINT) FROM invoices i \
      WHERE i.tenant_id = accounts.tenant_id AND i.account_id = accounts.id \
      AND i.paid_minor < i.total_minor AND NOT i.voided) \
    WHERE tenant_id = $1 AND id = $2";
const ACCOUNT_TOTALS: &str =
    "SELECT currency, invoice_count, open_invoice_count, void_invoice_count, \
    outstanding_minor FROM accounts WHERE tenant_id = $1 AND id = $2";
/// Invoices written per multi-row statement during an import (10 parameters each).
const INVOICE_CHUNK: usize = 500;
/// Invoice lines written per multi-row statement (6 parameters each).
const LINE_CHUNK: usize = 1000;

const OPEN_INVOICE: &str = "i.paid_minor < i.total_minor AND NOT i.voided";
const PAID_INVOICE: &str = "i.paid_minor >= i.total_minor AND NOT i.voided";

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

fn currency(code: &str) -> StoreResult<Currency> {
    Ok(Currency::from_code(code)?)
}

fn unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

/// Closes an `… IN (` clause with one bind per key.
fn push_in_list<'a, DB: sqlx::Database>(qb: &mut QueryBuilder<'a, DB>, keys: &'a [String])
where
    String: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    let mut sep = qb.separated(", ");
    for k in keys {
        sep.push_bind(k.clone());
    }
    sep.push_unseparated(")");
}

macro_rules! sql_store {
    ($store:ident, $db:ty, $row:ty, $conn:ty) => {
        impl $store {
            fn tenant_from_row(r: &$row) -> StoreResult<Tenant> {
                Ok(Tenant {
                    id: TenantId(r.try_get("id")?),
                    slug: Slug::parse(r.try_get("slug")?)?,
                    name: r.try_get("name")?,
                    theme: r.try_get("theme")?,
                    branding: Branding {
                        logo_url: r.try_get("logo_url")?,
                        primary_color: r.try_get("primary_color")?,
                        support_phone: r.try_get("support_phone")?,
                        support_email: r.try_get("support_email")?,
                        support_hours: r.try_get("support_hours")?,
                    },
                    settings: TenantSettings {
                        default_currency: currency(r.try_get("default_currency")?)?,
                        past_due_after_days: u32::try_from(r.try_get::<i64, _>("past_due_after_days")?)
                            .map_err(|_| StoreError::Corrupt("negative past_due_after_days".into()))?,
                        partial_payments: r.try_get("partial_payments")?,
                        ach_enabled: r.try_get("ach_enabled")?,
                        frame_ancestors: r
                            .try_get::<Option<String>, _>("frame_ancestors")?
                            .map(|f| FrameAncestors::parse(&f))
                            .transpose()?,
                    },
                })
            }

            /// Binds a tenant's editable fields as the next twelve parameters (`$2`…`$13`).
            fn bind_tenant_fields<'q>(
                q: sqlx::query::Query<'q, $db, <$db as sqlx::Database>::Arguments<'q>>,
                t: &'q NewTenant,
            ) -> sqlx::query::Query<'q, $db, <$db as sqlx::Database>::Arguments<'q>> {
                q.bind(&t.name)
                    .bind(&t.theme)
                    .bind(&t.branding.logo_url)
                    .bind(&t.branding.primary_color)
                    .bind(&t.branding.support_phone)
                    .bind(&t.branding.support_email)
                    .bind(&t.branding.support_hours)
                    .bind(t.settings.default_currency.code())
                    .bind(i64::from(t.settings.past_due_after_days))
                    .bind(t.settings.partial_payments)
                    .bind(t.settings.ach_enabled)
                    .bind(t.settings.frame_ancestors.as_ref().map(FrameAncestors::as_str))
            }

            /// Writes an event and a pending delivery for every enabled endpoint that wants it, on `conn` (inside the
            /// transaction of the change it reports).
            async fn emit_event(conn: &mut $conn, tenant: TenantId, kind: &str, payload: &serde_json::Value, at: i64) -> StoreResult<()> {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO events (tenant_id, type, payload, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
                )
                .bind(tenant.0)
                .bind(kind)
                .bind(payload.to_string())
                .bind(at)
                .fetch_one(&mut *conn)
                .await?;
                Self::fan_out(conn, tenant, id, kind, at).await
            }

            async fn fan_out(conn: &mut $conn, tenant: TenantId, event: i64, kind: &str, at: i64) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO webhook_deliveries (tenant_id, event_id, endpoint_id, status, next_attempt_at) \
                     SELECT $1, $2, id, 'pending', $4 FROM webhook_endpoints \
                     WHERE tenant_id = $1 AND disabled_at IS NULL \
                     AND (events = '*' OR (',' || events || ',') LIKE ('%,' || $3 || ',%'))",
                )
                .bind(tenant.0)
                .bind(event)
                .bind(kind)
                .bind(at)
                .execute(&mut *conn)
                .await?;
                Ok(())
            }

            async fn account_external_id(conn: &mut $conn, account: AccountId) -> StoreResult<String> {
                Ok(sqlx::query_scalar("SELECT external_id FROM accounts WHERE id = $1")
                    .bind(account.0)
                    .fetch_one(&mut *conn)
                    .await?)
            }

            async fn method_payload(conn: &mut $conn, _tenant: TenantId, m: &SavedMethod) -> StoreResult<serde_json::Value> {
                let account = Self::account_external_id(conn, m.account_id).await?;
                Ok(serde_json::json!({"payment_method": {
                    "id": m.public_id, "account": account, "type": m.kind, "brand": m.brand, "last4": m.last4,
                    "exp_month": m.exp_month, "exp_year": m.exp_year,
                }}))
            }

            /// `membership.changed`: `roles` is `None` when the membership was removed.
            async fn membership_changed(
                conn: &mut $conn,
                tenant: TenantId,
                account: AccountId,
                email: &str,
                roles: Option<Roles>,
                at: i64,
            ) -> StoreResult<()> {
                let account = Self::account_external_id(conn, account).await?;
                let payload = serde_json::json!({"membership": {
                    "account": account, "email": email, "removed": roles.is_none(),
                    "roles": roles.map(|r| r.iter().map(|r| r.as_str()).collect::<Vec<_>>()).unwrap_or_default(),
                }});
                Self::emit_event(conn, tenant, "membership.changed", &payload, at).await
            }

            /// `invoice.created` for the invoices this import inserted (their `created_at` is the import's), a thousand
            /// events and their deliveries per statement.
            async fn emit_invoices_created(conn: &mut $conn, tenant: TenantId, at: OffsetDateTime) -> StoreResult<()> {
                let rows: Vec<(String, String, i64, String)> = sqlx::query_as(
                    "SELECT i.number, a.external_id, i.total_minor, i.currency FROM invoices i \
                     JOIN accounts a ON a.tenant_id = i.tenant_id AND a.id = i.account_id \
                     WHERE i.tenant_id = $1 AND i.created_at = $2 ORDER BY i.id",
                )
                .bind(tenant.0)
                .bind(at)
                .fetch_all(&mut *conn)
                .await?;
                let when = at.unix_timestamp();
                for chunk in rows.chunks(1000) {
                    let mut payloads = Vec::with_capacity(chunk.len());
                    for (number, account, total, cur) in chunk {
                        let total = Money::from_minor(*total, currency(cur)?);
                        payloads.push(serde_json::json!({"invoice": {
                            "number": number, "account": account, "currency": cur, "total": total.to_decimal_string(),
                        }}).to_string());
                    }
                    let mut qb: QueryBuilder<$db> =
                        QueryBuilder::new("INSERT INTO events (tenant_id, type, payload, created_at) ");
                    qb.push_values(payloads, |mut b, payload| {
                        b.push_bind(tenant.0).push_bind("invoice.created").push_bind(payload).push_bind(when);
                    });
                    qb.push(" RETURNING id");
                    let ids: Vec<i64> = qb.build_query_scalar().fetch_all(&mut *conn).await?;
                    let (Some(first), Some(last)) = (ids.iter().min(), ids.iter().max()) else {
                        continue;
                    };
                    sqlx::query(
                        "INSERT INTO webhook_deliveries (tenant_id, event_id, endpoint_id, status, next_attempt_at) \
                         SELECT e.tenant_id, e.id, w.id, 'pending', e.created_at FROM events e \
                         JOIN webhook_endpoints w ON w.tenant_id = e.tenant_id AND w.disabled_at IS NULL \
                         AND (w.events = '*' OR (',' || w.events || ',') LIKE ('%,' || e.type || ',%')) \
                         WHERE e.tenant_id = $1 AND e.id BETWEEN $2 AND $3 AND e.type = 'invoice.created' \
                         ON CONFLICT (event_id, endpoint_id) DO NOTHING",
                    )
                    .bind(tenant.0)
                    .bind(first)
                    .bind(last)
                    .execute(&mut *conn)
                    .await?;
                }
                Ok(())
            }

            /// Which of `numbers` are paid in full (and their account's external id).
            async fn paid_among_with_account(
                conn: &mut $conn,
                tenant: TenantId,
                numbers: &[String],
            ) -> StoreResult<Vec<(String, String)>> {
                let mut qb: QueryBuilder<$db> = QueryBuilder::new(
                    "SELECT i.number, a.external_id FROM invoices i \
                     JOIN accounts a ON a.tenant_id = i.tenant_id AND a.id = i.account_id WHERE i.tenant_id = ",
                );
                qb.push_bind(tenant.0)
                    .push(" AND i.paid_minor >= i.total_minor AND NOT i.voided AND i.number IN (");
                push_in_list(&mut qb, numbers);
                Ok(qb.build_query_as().fetch_all(&mut *conn).await?)
            }

            /// Recomputes an account's cached totals from its invoices, with the account row locked first, so a
            /// payment settling on another of its invoices is either seen here or applied after.
            async fn refresh_account_totals(conn: &mut $conn, tenant: TenantId, account: i64) -> StoreResult<()> {
                if let Some(lock) = <$store as Dialect>::LOCK_ACCOUNT {
                    sqlx::query(lock).bind(tenant.0).bind(account).execute(&mut *conn).await?;
                }
                sqlx::query(REFRESH_ACCOUNT_TOTALS).bind(tenant.0).bind(account).execute(&mut *conn).await?;
                Ok(())
            }

            async fn paid_among(conn: &mut $conn, tenant: TenantId, numbers: &[String]) -> StoreResult<Vec<String>> {
                Ok(Self::paid_among_with_account(conn, tenant, numbers)
                    .await?
                    .into_iter()
                    .map(|(number, _)| number)
                    .collect())
            }

            fn unconfirmed_from_row(r: &$row) -> StoreResult<UnconfirmedPayment> {
                Ok(UnconfirmedPayment {
                    tenant_id: TenantId(r.try_get("tenant_id")?),
                    payment_id: PaymentId(r.try_get("id")?),
                    idempotency_key: r.try_get("external_id")?,
                    checkout_state: CheckoutState::parse(r.try_get("state")?)?,
                    gateway: r.try_get::<Option<String>, _>("gateway")?.unwrap_or_default(),
                    charged_at: r.try_get("charged_at")?,
                })
            }

            fn endpoint_from_row(r: &$row) -> StoreResult<WebhookEndpoint> {
                let events: String = r.try_get("events")?;
                Ok(WebhookEndpoint {
                    id: r.try_get("id")?,
                    public_id: r.try_get("public_id")?,
                    url: r.try_get("url")?,
                    events: events.split(',').filter(|e| !e.is_empty()).map(str::to_string).collect(),
                    sealed_secret: r.try_get("sealed_secret")?,
                    created_at: r.try_get("created_at")?,
                    disabled_at: r.try_get("disabled_at")?,
                    disabled_reason: r.try_get("disabled_reason")?,
                })
            }

            fn saved_method_from_row(r: &$row) -> StoreResult<SavedMethod> {
                let small = |v: Option<i64>| v.and_then(|v| u16::try_from(v).ok());
                Ok(SavedMethod {
                    id: r.try_get("id")?,
                    public_id: r.try_get("public_id")?,
                    account_id: AccountId(r.try_get("account_id")?),
                    gateway: r.try_get("gateway")?,
                    customer_ref: r.try_get("customer_ref")?,
                    reference: r.try_get("reference")?,
                    kind: r.try_get("kind")?,
                    brand: r.try_get("brand")?,
                    last4: r.try_get("last4")?,
                    exp_month: small(r.try_get("exp_month")?).and_then(|m| u8::try_from(m).ok()),
                    exp_year: small(r.try_get("exp_year")?),
                    is_default: r.try_get("is_default")?,
                    created_at: r.try_get("created_at")?,
                })
            }

            /// Takes the account's row lock (PostgreSQL) or the database's write lock (SQLite) for the rest of the
            /// transaction: changes that must see each other (one default, one last admin) run one at a time.
            async fn lock_account_rows(conn: &mut $conn, tenant: TenantId, account: AccountId) -> StoreResult<()> {
                sqlx::query("UPDATE accounts SET id = id WHERE tenant_id = $1 AND id = $2")
                    .bind(tenant.0)
                    .bind(account.0)
                    .execute(&mut *conn)
                    .await?;
                Ok(())
            }

            async fn insert_audit(conn: &mut $conn, e: &NewAuditEntry<'_>) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO audit_log (tenant_id, account_id, actor_user_id, actor, session_ref, action, detail, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(e.tenant_id.0)
                .bind(e.account_id.map(|a| a.0))
                .bind(e.actor.user.map(|u| u.0))
                .bind(&e.actor.name)
                .bind(&e.actor.session)
                .bind(e.action)
                .bind(&e.detail)
                .bind(e.now)
                .execute(&mut *conn)
                .await?;
                Ok(())
            }

            /// Whether `user` is the account's only admin.
            async fn is_last_admin(conn: &mut $conn, tenant: TenantId, account: AccountId, user: UserId) -> StoreResult<bool> {
                let rows: Vec<(i64, String)> =
                    sqlx::query_as("SELECT user_id, roles FROM memberships WHERE tenant_id = $1 AND account_id = $2")
                        .bind(tenant.0)
                        .bind(account.0)
                        .fetch_all(&mut *conn)
                        .await?;
                let mut admins = Vec::new();
                for (id, roles) in rows {
                    if Roles::from_storage(&roles)?.contains(Role::Admin) {
                        admins.push(id);
                    }
                }
                Ok(admins == [user.0])
            }

            fn account_from_row(r: &$row) -> StoreResult<Account> {
                Ok(Account {
                    id: AccountId(r.try_get("id")?),
                    external_id: r.try_get("external_id")?,
                    name: r.try_get("name")?,
                    currency: currency(r.try_get("currency")?)?,
                })
            }

            fn invoice_from_row(r: &$row) -> StoreResult<Invoice> {
                let cur = currency(r.try_get("currency")?)?;
                let money = |col: &str| -> StoreResult<Money> { Ok(Money::from_minor(r.try_get(col)?, cur)) };
                Ok(Invoice {
                    id: InvoiceId(r.try_get("id")?),
                    account_id: AccountId(r.try_get("account_id")?),
                    number: r.try_get("number")?,
                    issued_on: r.try_get("issued_on")?,
                    due_on: r.try_get("due_on")?,
                    currency: cur,
                    subtotal: money("subtotal_minor")?,
                    tax: money("tax_minor")?,
                    total: money("total_minor")?,
                    paid: money("paid_minor")?,
                    reserved: money("pending_minor")?,
                    voided: r.try_get("voided")?,
                    lines: Vec::new(),
                })
            }

            /// A line row with `description, quantity, unit_price_minor, amount_minor, currency`.
            fn line_from_row(r: &$row) -> StoreResult<InvoiceLine> {
                let cur = currency(r.try_get("currency")?)?;
                let quantity: String = r.try_get("quantity")?;
                Ok(InvoiceLine {
                    description: r.try_get("description")?,
                    quantity: Decimal::from_str(&quantity)
                        .map_err(|_| StoreError::Corrupt(format!("quantity {quantity:?}")))?,
                    unit_price: Money::from_minor(r.try_get("unit_price_minor")?, cur),
                    amount: Money::from_minor(r.try_get("amount_minor")?, cur),
                })
            }

            fn history_from_row(r: &$row) -> StoreResult<PaymentHistoryRow> {
                Ok(PaymentHistoryRow {
                    payment_id: PaymentId(r.try_get("id")?),
                    payment_key: r.try_get("external_id")?,
                    paid_on: r.try_get::<Date, _>("paid_on")?,
                    invoice_number: r.try_get("number")?,
                    amount: Money::from_minor(r.try_get("amount_minor")?, currency(r.try_get("currency")?)?),
                    kind: PaymentType::parse(r.try_get("kind")?)?,
                    method_label: r.try_get("method_label")?,
                    reference: r.try_get("reference")?,
                    status: PaymentStatus::parse(r.try_get("status")?)?,
                })
            }

            fn session_from_row(r: &$row) -> StoreResult<SessionRecord> {
                Ok(SessionRecord {
                    tenant_id: TenantId(r.try_get("tenant_id")?),
                    user_id: UserId(r.try_get("user_id")?),
                    account_id: AccountId(r.try_get("account_id")?),
                    csrf_token: r.try_get("csrf_token")?,
                    created_at: r.try_get("created_at")?,
                    last_seen_at: r.try_get("last_seen_at")?,
                })
            }

            async fn run_migrations(conn: &mut $conn) -> StoreResult<()> {
                    sqlx::query(<$store as Dialect>::MIGRATION_TABLE).execute(&mut *conn).await?;
                    let applied: Vec<(i64, Vec<u8>)> =
                        sqlx::query_as("SELECT version, checksum FROM billfold_migrations ORDER BY version")
                            .fetch_all(&mut *conn)
                            .await?;
                    let applied: HashMap<i64, Vec<u8>> = applied.into_iter().collect();
                    for m in <$store as Dialect>::MIGRATIONS {
                        match applied.get(&m.version) {
                            Some(sum) if *sum == m.checksum() => continue,
                            Some(_) => {
                                return Err(StoreError::Migration {
                                    version: m.version,
                                    name: m.name.to_string(),
                                    problem: "was changed after it was applied".into(),
                                })
                            }
                            None => {}
                        }
                        let mut tx = conn.begin().await?;
                        sqlx::Executor::execute(&mut *tx, m.sql).await.map_err(|e| StoreError::Migration {
                            version: m.version,
                            name: m.name.to_string(),
                            problem: format!("failed: {e}"),
                        })?;
                        sqlx::query(
                            "INSERT INTO billfold_migrations (version, name, checksum, applied_at) \
                             VALUES ($1, $2, $3, $4)",
                        )
                        .bind(m.version)
                        .bind(m.name)
                        .bind(m.checksum())
                        .bind(now().unix_timestamp())
                        .execute(&mut *tx)
                        .await?;
                        tx.commit().await?;
                        tracing::info!(version = m.version, name = m.name, "applied migration");
                    }
                    Ok(())
            }

            /// Explains why an invoice's upsert was refused (see `UPSERT_INVOICES_TAIL`).
            async fn invoice_conflict(
                conn: &mut $conn,
                tenant: TenantId,
                i: usize,
                inv: &crate::import::InvoiceRecord,
                account_id: i64,
            ) -> StoreError {
                let row = match sqlx::query(INVOICE_CONFLICT)
                    .bind(tenant.0)
                    .bind(&inv.number)
                    .fetch_one(&mut *conn)
                    .await
                {
                    Ok(row) => row,
                    Err(e) => return e.into(),
                };
                let (owner, paid) = match (row.try_get::<i64, _>("account_id"), row.try_get::<i64, _>("paid_minor")) {
                    (Ok(owner), Ok(paid)) => (owner, Money::from_minor(paid, inv.currency)),
                    (Err(e), _) | (_, Err(e)) => return e.into(),
                };
                let (path, message) = if owner != account_id {
                    (
                        format!("invoices[{i}].account"),
                        format!("invoice {:?} already belongs to another account", inv.number),
                    )
                } else {
                    (
                        format!("invoices[{i}].lines"),
                        format!(
                            "the new total {} is less than the {paid} already paid (or being paid) on invoice {:?}",
                            inv.total, inv.number
                        ),
                    )
                };
                ImportError::new(path, message).into()
            }

            async fn account_id(
                conn: &mut $conn,
                cache: &mut HashMap<String, i64>,
                tenant: TenantId,
                external_id: &str,
                path: impl FnOnce() -> String,
            ) -> StoreResult<i64> {
                if let Some(id) = cache.get(external_id) {
                    return Ok(*id);
                }
                let id: Option<i64> = sqlx::query_scalar(ACCOUNT_ID_BY_EXTERNAL_ID)
                    .bind(tenant.0)
                    .bind(external_id)
                    .fetch_optional(&mut *conn)
                    .await?;
                let id = id.ok_or_else(|| ImportError::new(path(), format!("unknown account {external_id:?}")))?;
                cache.insert(external_id.to_string(), id);
                Ok(id)
            }

            async fn import_in_transaction(
                conn: &mut $conn,
                tenant: TenantId,
                batch: &Batch,
                progress: &(dyn Fn(u64) + Sync),
            ) -> StoreResult<ImportSummary> {
                let at = now();
                let mut written = 0u64;
                let mut tick = || {
                    written += 1;
                    if written % 500 == 0 {
                        progress(written);
                    }
                };
                let mut accounts: HashMap<String, i64> = HashMap::new();
                for (i, a) in batch.accounts.iter().enumerate() {
                    let row = sqlx::query(UPSERT_ACCOUNT)
                        .bind(tenant.0)
                        .bind(&a.external_id)
                        .bind(&a.name)
                        .bind(a.currency.code())
                        .bind(at)
                        .fetch_one(&mut *conn)
                        .await?;
                    let stored: String = row.try_get("currency")?;
                    if stored != a.currency.code() {
                        return Err(ImportError::conflict(
                            format!("accounts[{i}].currency"),
                            format!("account {:?} already bills in {stored}", a.external_id),
                        )
                        .into());
                    }
                    accounts.insert(a.external_id.clone(), row.try_get("id")?);
                    tick();
                }

                for (i, c) in batch.contacts.iter().enumerate() {
                    let user_id: i64 = sqlx::query_scalar(UPSERT_USER)
                        .bind(tenant.0)
                        .bind(c.email.as_str())
                        .bind(&c.name)
                        .bind(at)
                        .fetch_one(&mut *conn)
                        .await?;
                    for (j, (account, roles)) in c.memberships.iter().enumerate() {
                        let account_id = Self::account_id(conn, &mut accounts, tenant, account, || {
                            format!("contacts[{i}].memberships[{j}].account")
                        })
                        .await?;
                        sqlx::query(UPSERT_MEMBERSHIP)
                            .bind(tenant.0)
                            .bind(user_id)
                            .bind(account_id)
                            .bind(roles.to_storage())
                            .execute(&mut *conn)
                            .await?;
                        Self::membership_changed(
                            conn,
                            tenant,
                            AccountId(account_id),
                            c.email.as_str(),
                            Some(*roles),
                            at.unix_timestamp(),
                        )
                        .await?;
                    }
                    tick();
                }

                // invoice number → (id, account id)
                let mut invoices: HashMap<String, (i64, i64)> = HashMap::new();
                for (chunk_no, chunk) in batch.invoices.chunks(INVOICE_CHUNK).enumerate() {
                    let first = chunk_no * INVOICE_CHUNK;
                    let mut account_ids = Vec::with_capacity(chunk.len());
                    for (k, inv) in chunk.iter().enumerate() {
                        let i = first + k;
                        account_ids.push(
                            Self::account_id(conn, &mut accounts, tenant, &inv.account, || {
                                format!("invoices[{i}].account")
                            })
                            .await?,
                        );
                    }
                    let mut qb: QueryBuilder<$db> = QueryBuilder::new(UPSERT_INVOICES_HEAD);
                    qb.push_values(chunk.iter().zip(&account_ids), |mut b, (inv, account_id)| {
                        b.push_bind(tenant.0)
                            .push_bind(*account_id)
                            .push_bind(inv.number.clone())
                            .push_bind(inv.issued_on)
                            .push_bind(inv.due_on)
                            .push_bind(inv.currency.code())
                            .push_bind(inv.subtotal.minor())
                            .push_bind(inv.tax.minor())
                            .push_bind(inv.total.minor())
                            .push_bind(at)
                            .push_bind(at);
                    });
                    qb.push(UPSERT_INVOICES_TAIL);
                    let rows: Vec<(i64, String)> = qb.build_query_as().fetch_all(&mut *conn).await?;
                    let ids: HashMap<String, i64> = rows.into_iter().map(|(id, n)| (n, id)).collect();
                    for (k, (inv, account_id)) in chunk.iter().zip(&account_ids).enumerate() {
                        match ids.get(&inv.number) {
                            Some(id) => {
                                invoices.insert(inv.number.clone(), (*id, *account_id));
                            }
                            None => {
                                return Err(Self::invoice_conflict(conn, tenant, first + k, inv, *account_id).await)
                            }
                        }
                    }
                    let chunk_ids: Vec<i64> = chunk.iter().map(|inv| ids[&inv.number]).collect();
                    let mut qb: QueryBuilder<$db> = QueryBuilder::new("DELETE FROM invoice_lines WHERE tenant_id = ");
                    qb.push_bind(tenant.0).push(" AND invoice_id IN (");
                    let mut sep = qb.separated(", ");
                    for id in &chunk_ids {
                        sep.push_bind(*id);
                    }
                    sep.push_unseparated(")");
                    qb.build().execute(&mut *conn).await?;
                    let lines: Vec<(i64, usize, &InvoiceLine)> = chunk
                        .iter()
                        .zip(&chunk_ids)
                        .flat_map(|(inv, id)| inv.lines.iter().enumerate().map(move |(pos, l)| (*id, pos, l)))
                        .collect();
                    for part in lines.chunks(LINE_CHUNK) {
                        let mut qb: QueryBuilder<$db> = QueryBuilder::new(INSERT_LINES_HEAD);
                        qb.push_values(part, |mut b, (id, pos, line)| {
                            b.push_bind(tenant.0)
                                .push_bind(*id)
                                .push_bind(*pos as i64)
                                .push_bind(line.description.clone())
                                .push_bind(line.quantity.to_string())
                                .push_bind(line.unit_price.minor())
                                .push_bind(line.amount.minor());
                        });
                        qb.build().execute(&mut *conn).await?;
                    }
                    for _ in chunk {
                        tick();
                    }
                }

                // invoice id → path of the last allocation in the file that touches it
                let mut touched: Vec<(i64, Option<String>)> = Vec::new();
                // Invoices the payments touch, and which of them are paid already: those that become paid get an
                // `invoice.paid` event below.
                let mut paid_before = std::collections::BTreeSet::new();
                let allocated_to: Vec<String> = {
                    let mut t: Vec<String> = batch
                        .payments
                        .iter()
                        .flat_map(|p| p.allocations.iter().map(|(n, _)| n.clone()))
                        .collect();
                    t.sort();
                    t.dedup();
                    t
                };
                for chunk in allocated_to.chunks(500) {
                    for number in Self::paid_among(conn, tenant, chunk).await? {
                        paid_before.insert(number);
                    }
                }
                for (i, pay) in batch.payments.iter().enumerate() {
                    let account_id =
                        Self::account_id(conn, &mut accounts, tenant, &pay.account, || format!("payments[{i}].account"))
                            .await?;
                    let payment_id: i64 = sqlx::query_scalar(UPSERT_PAYMENT)
                        .bind(tenant.0)
                        .bind(account_id)
                        .bind(&pay.external_id)
                        .bind(pay.amount.minor())
                        .bind(pay.amount.currency().code())
                        .bind(pay.kind.as_str())
                        .bind(&pay.reference)
                        .bind(pay.paid_on)
                        .bind(at)
                        .fetch_one(&mut *conn)
                        .await?;
                    let previous: Vec<i64> = sqlx::query_scalar(PAYMENT_ALLOCATED_INVOICES)
                        .bind(payment_id)
                        .fetch_all(&mut *conn)
                        .await?;
                    touched.extend(previous.into_iter().map(|id| (id, None)));
                    sqlx::query(DELETE_ALLOCATIONS).bind(payment_id).execute(&mut *conn).await?;
                    for (j, (number, amount)) in pay.allocations.iter().enumerate() {
                        let path = format!("payments[{i}].allocations[{j}]");
                        let invoice_id = match invoices.get(number) {
                            Some((id, owner)) if *owner == account_id => *id,
                            Some(_) => {
                                return Err(ImportError::new(
                                    format!("{path}.invoice"),
                                    format!("invoice {number:?} belongs to another account"),
                                )
                                .into())
                            }
                            None => {
                                let row = sqlx::query(INVOICE_BY_NUMBER)
                                    .bind(tenant.0)
                                    .bind(number)
                                    .fetch_optional(&mut *conn)
                                    .await?
                                    .ok_or_else(|| {
                                        ImportError::new(format!("{path}.invoice"), format!("unknown invoice {number:?}"))
                                    })?;
                                let (id, owner): (i64, i64) = (row.try_get("id")?, row.try_get("account_id")?);
                                invoices.insert(number.clone(), (id, owner));
                                if owner != account_id {
                                    return Err(ImportError::new(
                                        format!("{path}.invoice"),
                                        format!("invoice {number:?} belongs to another account"),
                                    )
                                    .into());
                                }
                                id
                            }
                        };
                        sqlx::query(INSERT_ALLOCATION)
                            .bind(tenant.0)
                            .bind(payment_id)
                            .bind(invoice_id)
                            .bind(amount.minor())
                            .execute(&mut *conn)
                            .await?;
                        touched.push((invoice_id, Some(format!("{path}.amount"))));
                    }
                    tick();
                }

                let mut blame: HashMap<i64, Option<String>> = HashMap::new();
                for (id, path) in touched {
                    let entry = blame.entry(id).or_insert(None);
                    if path.is_some() {
                        *entry = path;
                    }
                }
                let mut ids: Vec<_> = blame.keys().copied().collect();
                ids.sort_unstable();
                // Each invoice is locked (in id order, as every payment path does) before what has been paid on it
                // is summed and written: under READ COMMITTED a concurrent payment's allocations would otherwise be
                // invisible here, and its paid total overwritten. Once the lock is held, the next statement sees
                // everything committed before.
                for id in ids {
                    if let Some(lock) = <$store as Dialect>::LOCK_INVOICE {
                        sqlx::query(lock).bind(tenant.0).bind(id).execute(&mut *conn).await?;
                    }
                    let row = sqlx::query(INVOICE_PAID_FROM_ALLOCATIONS)
                        .bind(tenant.0)
                        .bind(id)
                        .fetch_one(&mut *conn)
                        .await?;
                    let (number, total, paid): (String, i64, i64) =
                        (row.try_get("number")?, row.try_get("total_minor")?, row.try_get("paid")?);
                    // Amounts being paid online right now (checkouts, unsettled ACH) count too, so an offline
                    // payment can't take an invoice over its total under a payment in progress.
                    let pending: i64 = row.try_get("pending_minor")?;
                    if paid + pending > total {
                        let cur = currency(row.try_get("currency")?)?;
                        let path = blame.remove(&id).flatten().unwrap_or_else(|| "payments".to_string());
                        return Err(ImportError::new(
                            path,
                            if pending > 0 {
                                format!(
                                    "payments to invoice {number:?} would add up to {}, and {} of it is being paid \
                                     online right now: more than its total of {}",
                                    Money::from_minor(paid, cur),
                                    Money::from_minor(pending, cur),
                                    Money::from_minor(total, cur),
                                )
                            } else {
                                format!(
                                    "payments to invoice {number:?} would add up to {}, more than its total of {}",
                                    Money::from_minor(paid, cur),
                                    Money::from_minor(total, cur),
                                )
                            },
                        )
                        .into());
                    }
                    sqlx::query(SET_INVOICE_PAID)
                        .bind(tenant.0)
                        .bind(id)
                        .bind(paid)
                        .execute(&mut *conn)
                        .await?;
                }
                let mut touched_accounts: Vec<i64> = invoices.values().map(|(_, account)| *account).collect();
                for pay in &batch.payments {
                    if let Some(id) = accounts.get(&pay.account) {
                        touched_accounts.push(*id);
                    }
                }
                touched_accounts.sort_unstable();
                touched_accounts.dedup();
                for account in touched_accounts {
                    Self::refresh_account_totals(conn, tenant, account).await?;
                }
                if !batch.invoices.is_empty() {
                    Self::emit_invoices_created(conn, tenant, at).await?;
                }
                for chunk in allocated_to.chunks(500) {
                    for (number, account) in Self::paid_among_with_account(conn, tenant, chunk).await? {
                        if !paid_before.contains(&number) {
                            let payload = serde_json::json!({"invoice": {"number": number, "account": account}});
                            Self::emit_event(conn, tenant, "invoice.paid", &payload, at.unix_timestamp()).await?;
                        }
                    }
                }
                progress(written);
                Ok(ImportSummary {
                    accounts: batch.accounts.len() as u64,
                    contacts: batch.contacts.len() as u64,
                    invoices: batch.invoices.len() as u64,
                    payments: batch.payments.len() as u64,
                })
            }
        }

        #[async_trait]
        impl Store for $store {
            fn backend(&self) -> Backend {
                <$store as Dialect>::BACKEND
            }

            async fn migrate(&self) -> StoreResult<()> {
                let mut conn = self.pool.acquire().await?;
                if let Some((lock, _)) = <$store as Dialect>::MIGRATION_LOCK {
                    sqlx::query(lock).execute(&mut *conn).await?;
                }
                let result = Self::run_migrations(&mut conn).await;
                if let Some((_, unlock)) = <$store as Dialect>::MIGRATION_LOCK {
                    sqlx::query(unlock).execute(&mut *conn).await?;
                }
                result
            }

            async fn applied_migrations(&self) -> StoreResult<Vec<i64>> {
                Ok(sqlx::query_scalar("SELECT version FROM billfold_migrations ORDER BY version")
                    .fetch_all(&self.pool)
                    .await?)
            }

            async fn create_tenant(
                &self,
                tenant: &NewTenant,
                api_key_prefix: &str,
                api_key_hash: &[u8; 32],
                sso_key_id: &str,
                seal_sso_secret: &(dyn Fn(TenantId) -> Result<Vec<u8>, String> + Sync),
            ) -> StoreResult<Tenant> {
                let at = now();
                let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                let row = Self::bind_tenant_fields(sqlx::query(INSERT_TENANT).bind(tenant.slug.as_str()), tenant)
                    .bind(at)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(|e| {
                        if unique_violation(&e) {
                            StoreError::Conflict(format!("a tenant with slug {:?} already exists", tenant.slug.as_str()))
                        } else {
                            e.into()
                        }
                    })?;
                let id: i64 = row.try_get("id")?;
                sqlx::query(INSERT_API_KEY)
                    .bind(id)
                    .bind(api_key_prefix)
                    .bind(&api_key_hash[..])
                    .bind(at)
                    .execute(&mut *tx)
                    .await?;
                let sealed = seal_sso_secret(TenantId(id)).map_err(StoreError::Corrupt)?;
                sqlx::query(INSERT_SSO_KEY)
                    .bind(id)
                    .bind(sso_key_id)
                    .bind(sealed)
                    .bind(at)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(Tenant {
                    id: TenantId(id),
                    slug: tenant.slug.clone(),
                    name: tenant.name.clone(),
                    theme: tenant.theme.clone(),
                    branding: tenant.branding.clone(),
                    settings: tenant.settings.clone(),
                })
            }

            async fn tenant_by_slug(&self, slug: &str) -> StoreResult<Option<Tenant>> {
                let sql = format!("SELECT {TENANT_COLUMNS} FROM tenants t WHERE t.slug = $1");
                let row = sqlx::query(&sql).bind(slug).fetch_optional(&self.pool).await?;
                row.as_ref().map(Self::tenant_from_row).transpose()
            }

            async fn list_tenants(&self) -> StoreResult<Vec<Tenant>> {
                let sql = format!("SELECT {TENANT_COLUMNS} FROM tenants t ORDER BY t.slug");
                let rows = sqlx::query(&sql).fetch_all(&self.pool).await?;
                rows.iter().map(Self::tenant_from_row).collect()
            }

            async fn tenant_by_api_key(&self, key_hash: &[u8; 32]) -> StoreResult<Option<Tenant>> {
                let sql = format!(
                    "SELECT {TENANT_COLUMNS} FROM tenants t JOIN api_keys k ON k.tenant_id = t.id \
                     WHERE k.key_hash = $1 AND k.revoked_at IS NULL"
                );
                let row = sqlx::query(&sql).bind(&key_hash[..]).fetch_optional(&self.pool).await?;
                row.as_ref().map(Self::tenant_from_row).transpose()
            }

            async fn add_api_key(&self, tenant: TenantId, prefix: &str, key_hash: &[u8; 32]) -> StoreResult<()> {
                sqlx::query(INSERT_API_KEY)
                    .bind(tenant.0)
                    .bind(prefix)
                    .bind(&key_hash[..])
                    .bind(now())
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn api_keys(&self, tenant: TenantId) -> StoreResult<Vec<(String, String, bool)>> {
                let rows: Vec<(String, OffsetDateTime, Option<OffsetDateTime>)> = sqlx::query_as(
                    "SELECT prefix, created_at, revoked_at FROM api_keys WHERE tenant_id = $1 ORDER BY id",
                )
                .bind(tenant.0)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(prefix, created, revoked)| {
                        let created = created
                            .format(&time::format_description::well_known::Rfc3339)
                            .unwrap_or_default();
                        (prefix, created, revoked.is_some())
                    })
                    .collect())
            }

            async fn revoke_api_key(&self, tenant: TenantId, prefix: &str) -> StoreResult<bool> {
                let done = sqlx::query(
                    "UPDATE api_keys SET revoked_at = $3 WHERE tenant_id = $1 AND prefix = $2 AND revoked_at IS NULL",
                )
                .bind(tenant.0)
                .bind(prefix)
                .bind(now())
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected() > 0)
            }

            async fn add_sso_key(&self, tenant: TenantId, key: &StoredSsoKey) -> StoreResult<()> {
                sqlx::query(INSERT_SSO_KEY)
                    .bind(tenant.0)
                    .bind(&key.key_id)
                    .bind(&key.sealed_secret)
                    .bind(now())
                    .execute(&self.pool)
                    .await
                    .map_err(|e| {
                        if unique_violation(&e) {
                            StoreError::Conflict(format!("the key id {:?} is already used", key.key_id))
                        } else {
                            e.into()
                        }
                    })?;
                Ok(())
            }

            async fn revoke_sso_key(&self, tenant: TenantId, key_id: &str) -> StoreResult<bool> {
                let done = sqlx::query(REVOKE_SSO_KEY)
                    .bind(tenant.0)
                    .bind(key_id)
                    .bind(now())
                    .execute(&self.pool)
                    .await?;
                Ok(done.rows_affected() > 0)
            }

            async fn active_sso_keys(&self, tenant: TenantId) -> StoreResult<Vec<StoredSsoKey>> {
                let rows: Vec<(String, Vec<u8>)> =
                    sqlx::query_as(ACTIVE_SSO_KEYS).bind(tenant.0).fetch_all(&self.pool).await?;
                Ok(rows
                    .into_iter()
                    .map(|(key_id, sealed_secret)| StoredSsoKey { key_id, sealed_secret })
                    .collect())
            }

            async fn apply_import(
                &self,
                tenant: TenantId,
                batch: &Batch,
                progress: &(dyn Fn(u64) + Sync),
            ) -> StoreResult<ImportSummary> {
                let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                let summary = Self::import_in_transaction(&mut tx, tenant, batch, progress).await?;
                tx.commit().await?;
                if let Some(analyze) = <$store as Dialect>::AFTER_BULK_LOAD {
                    if batch.invoices.len() >= BULK_LOAD_INVOICES {
                        sqlx::query(analyze).execute(&self.pool).await?;
                    }
                }
                Ok(summary)
            }

            async fn accounts_by_external_ids(
                &self,
                tenant: TenantId,
                external_ids: &[String],
            ) -> StoreResult<Vec<Account>> {
                let mut out = Vec::new();
                for chunk in external_ids.chunks(500) {
                    let mut qb: QueryBuilder<$db> =
                        QueryBuilder::new(format!("SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.tenant_id = "));
                    qb.push_bind(tenant.0).push(" AND a.external_id IN (");
                    push_in_list(&mut qb, chunk);
                    for row in qb.build().fetch_all(&self.pool).await? {
                        out.push(Self::account_from_row(&row)?);
                    }
                }
                Ok(out)
            }

            async fn list_accounts(&self, tenant: TenantId) -> StoreResult<Vec<Account>> {
                let sql = format!(
                    "SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.tenant_id = $1 ORDER BY a.external_id"
                );
                let rows = sqlx::query(&sql).bind(tenant.0).fetch_all(&self.pool).await?;
                rows.iter().map(Self::account_from_row).collect()
            }

            async fn user_by_email(&self, tenant: TenantId, email: &Email) -> StoreResult<Option<User>> {
                let row = sqlx::query("SELECT id, email, name FROM users WHERE tenant_id = $1 AND email = $2")
                    .bind(tenant.0)
                    .bind(email.as_str())
                    .fetch_optional(&self.pool)
                    .await?;
                row.map(|r| {
                    Ok(User {
                        id: UserId(r.try_get("id")?),
                        email: Email::parse(r.try_get("email")?)?,
                        name: r.try_get("name")?,
                    })
                })
                .transpose()
            }

            async fn memberships(&self, tenant: TenantId, user: UserId) -> StoreResult<Vec<Membership>> {
                let sql = format!(
                    "SELECT {ACCOUNT_COLUMNS}, m.roles FROM memberships m \
                     JOIN accounts a ON a.tenant_id = m.tenant_id AND a.id = m.account_id \
                     WHERE m.tenant_id = $1 AND m.user_id = $2 ORDER BY a.name, a.id"
                );
                let rows = sqlx::query(&sql).bind(tenant.0).bind(user.0).fetch_all(&self.pool).await?;
                rows.iter()
                    .map(|r| {
                        Ok(Membership {
                            user_id: user,
                            account: Self::account_from_row(r)?,
                            roles: Roles::from_storage(r.try_get("roles")?)?,
                        })
                    })
                    .collect()
            }

            async fn invoice_owners(
                &self,
                tenant: TenantId,
                numbers: &[String],
            ) -> StoreResult<Vec<(String, String, Money)>> {
                let mut out = Vec::new();
                for chunk in numbers.chunks(500) {
                    let mut qb: QueryBuilder<$db> = QueryBuilder::new(
                        "SELECT i.number, a.external_id, i.total_minor, i.currency FROM invoices i \
                         JOIN accounts a ON a.tenant_id = i.tenant_id AND a.id = i.account_id WHERE i.tenant_id = ",
                    );
                    qb.push_bind(tenant.0).push(" AND i.number IN (");
                    push_in_list(&mut qb, chunk);
                    for r in qb.build().fetch_all(&self.pool).await? {
                        let total = Money::from_minor(r.try_get("total_minor")?, currency(r.try_get("currency")?)?);
                        out.push((r.try_get("number")?, r.try_get("external_id")?, total));
                    }
                }
                Ok(out)
            }

            async fn invoice(&self, tenant: TenantId, number: &str) -> StoreResult<Option<Invoice>> {
                let sql = format!("SELECT {INVOICE_COLUMNS} FROM invoices i WHERE i.tenant_id = $1 AND i.number = $2");
                let Some(row) = sqlx::query(&sql).bind(tenant.0).bind(number).fetch_optional(&self.pool).await?
                else {
                    return Ok(None);
                };
                let mut invoice = Self::invoice_from_row(&row)?;
                let lines = sqlx::query(INVOICE_LINES).bind(tenant.0).bind(invoice.id.0).fetch_all(&self.pool).await?;
                invoice.lines = lines.iter().map(Self::line_from_row).collect::<StoreResult<_>>()?;
                Ok(Some(invoice))
            }

            async fn list_invoices(
                &self,
                tenant: TenantId,
                account: AccountId,
                query: &InvoiceQuery,
            ) -> StoreResult<Page<Invoice>> {
                let condition = match query.filter {
                    InvoiceFilter::All => "TRUE",
                    InvoiceFilter::Open => OPEN_INVOICE,
                    InvoiceFilter::Paid => PAID_INVOICE,
                };
                let prefix = query.number_prefix.as_deref().filter(|p| !p.is_empty());
                let search = if prefix.is_some() { <$store as Dialect>::NUMBER_STARTS_WITH } else { "$5 = ''" };
                let pattern = prefix.map(<$store as Dialect>::number_pattern).unwrap_or_default();
                let sql = format!(
                    "SELECT {INVOICE_COLUMNS} FROM invoices i WHERE i.tenant_id = $1 AND i.account_id = $2 \
                     AND {condition} AND {search} ORDER BY i.issued_on DESC, i.id DESC LIMIT $3 OFFSET $4"
                );
                let rows = sqlx::query(&sql)
                    .bind(tenant.0)
                    .bind(account.0)
                    .bind(query.limit)
                    .bind(query.offset)
                    .bind(&pattern)
                    .fetch_all(&self.pool)
                    .await?;
                let total = if prefix.is_some() {
                    // Bounded by the matches, found through the number index.
                    let sql = format!(
                        "SELECT COUNT(*) FROM invoices i WHERE i.tenant_id = $1 AND i.account_id = $2 \
                         AND {condition} AND {search} AND $3 = $3 AND $4 = $4"
                    );
                    sqlx::query_scalar(&sql)
                        .bind(tenant.0)
                        .bind(account.0)
                        .bind(query.limit)
                        .bind(query.offset)
                        .bind(&pattern)
                        .fetch_one(&self.pool)
                        .await?
                } else {
                    match sqlx::query(ACCOUNT_TOTALS).bind(tenant.0).bind(account.0).fetch_optional(&self.pool).await? {
                        None => 0,
                        Some(t) => {
                            let (all, open, void): (i64, i64, i64) = (
                                t.try_get("invoice_count")?,
                                t.try_get("open_invoice_count")?,
                                t.try_get("void_invoice_count")?,
                            );
                            match query.filter {
                                InvoiceFilter::All => all,
                                InvoiceFilter::Open => open,
                                InvoiceFilter::Paid => all - open - void,
                            }
                        }
                    }
                };
                Ok(Page {
                    items: rows.iter().map(Self::invoice_from_row).collect::<StoreResult<_>>()?,
                    total,
                    offset: query.offset,
                    limit: query.limit,
                })
            }

            async fn invoice_lines(
                &self,
                tenant: TenantId,
                invoices: &[InvoiceId],
            ) -> StoreResult<Vec<(InvoiceId, InvoiceLine)>> {
                if invoices.is_empty() {
                    return Ok(Vec::new());
                }
                let mut qb: QueryBuilder<$db> = QueryBuilder::new(
                    "SELECT l.invoice_id, l.description, l.quantity, l.unit_price_minor, l.amount_minor, i.currency \
                     FROM invoice_lines l JOIN invoices i ON i.tenant_id = l.tenant_id AND i.id = l.invoice_id \
                     WHERE l.tenant_id = ",
                );
                qb.push_bind(tenant.0).push(" AND l.invoice_id IN (");
                let mut separated = qb.separated(", ");
                for id in invoices {
                    separated.push_bind(id.0);
                }
                qb.push(") ORDER BY l.invoice_id, l.position");
                qb.build()
                    .fetch_all(&self.pool)
                    .await?
                    .iter()
                    .map(|r| Ok((InvoiceId(r.try_get("invoice_id")?), Self::line_from_row(r)?)))
                    .collect()
            }

            async fn payment_rows(&self, tenant: TenantId, payment: PaymentId) -> StoreResult<Vec<PaymentHistoryRow>> {
                let rows = sqlx::query(&format!("{PAYMENT_ROWS} WHERE p.tenant_id = $1 AND p.id = $2 ORDER BY i.number"))
                    .bind(tenant.0)
                    .bind(payment.0)
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter().map(Self::history_from_row).collect()
            }

            async fn invoice_payments(
                &self,
                tenant: TenantId,
                invoice: InvoiceId,
            ) -> StoreResult<Vec<PaymentHistoryRow>> {
                let rows = sqlx::query(
                    "SELECT p.id, p.external_id, p.paid_on, i.number, a.amount_minor, p.currency, p.kind, p.method_label, p.reference, \
                     p.status \
                     FROM allocations a JOIN payments p ON p.tenant_id = a.tenant_id AND p.id = a.payment_id \
                     JOIN invoices i ON i.tenant_id = a.tenant_id AND i.id = a.invoice_id \
                     WHERE a.tenant_id = $1 AND a.invoice_id = $2 ORDER BY p.paid_on, p.id",
                )
                .bind(tenant.0)
                .bind(invoice.0)
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(Self::history_from_row).collect()
            }

            async fn account_summary(&self, tenant: TenantId, account: AccountId) -> StoreResult<AccountSummary> {
                let row = sqlx::query(ACCOUNT_TOTALS).bind(tenant.0).bind(account.0).fetch_one(&self.pool).await?;
                Ok(AccountSummary {
                    total_outstanding: Money::from_minor(
                        row.try_get("outstanding_minor")?,
                        currency(row.try_get("currency")?)?,
                    ),
                    unpaid_invoices: row.try_get("open_invoice_count")?,
                })
            }

            async fn payment_history(
                &self,
                tenant: TenantId,
                account: AccountId,
                offset: i64,
                limit: i64,
            ) -> StoreResult<Slice<PaymentHistoryRow>> {
                let rows = sqlx::query(&format!(
                    "{PAYMENT_ROWS} WHERE p.tenant_id = $1 AND p.account_id = $2 AND p.status <> 'failed' \
                     ORDER BY p.paid_on DESC, p.id DESC, i.number LIMIT $3 OFFSET $4"
                ))
                .bind(tenant.0)
                .bind(account.0)
                .bind(limit + 1)
                .bind(offset)
                .fetch_all(&self.pool)
                .await?;
                let mut items: Vec<PaymentHistoryRow> =
                    rows.iter().map(Self::history_from_row).collect::<StoreResult<_>>()?;
                let has_more = items.len() as i64 > limit;
                items.truncate(limit.max(0) as usize);
                Ok(Slice { items, offset, limit, has_more })
            }

            async fn payment(
                &self,
                tenant: TenantId,
                account: AccountId,
                external_id: &str,
            ) -> StoreResult<Option<Payment>> {
                let Some(r) = sqlx::query(
                    "SELECT id, account_id, external_id, amount_minor, currency, kind, reference, paid_on, status, \
                     created_at FROM payments WHERE tenant_id = $1 AND account_id = $2 AND external_id = $3",
                )
                .bind(tenant.0)
                .bind(account.0)
                .bind(external_id)
                .fetch_optional(&self.pool)
                .await?
                else {
                    return Ok(None);
                };
                let cur = currency(r.try_get("currency")?)?;
                let id: i64 = r.try_get("id")?;
                let allocations: Vec<(String, i64)> = sqlx::query_as(
                    "SELECT i.number, a.amount_minor FROM allocations a JOIN invoices i ON i.id = a.invoice_id \
                     WHERE a.tenant_id = $1 AND a.payment_id = $2 ORDER BY i.number",
                )
                .bind(tenant.0)
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
                Ok(Some(Payment {
                    id: PaymentId(id),
                    account_id: AccountId(r.try_get("account_id")?),
                    external_id: r.try_get("external_id")?,
                    amount: Money::from_minor(r.try_get("amount_minor")?, cur),
                    kind: PaymentType::parse(r.try_get("kind")?)?,
                    reference: r.try_get("reference")?,
                    paid_on: r.try_get("paid_on")?,
                    status: PaymentStatus::parse(r.try_get("status")?)?,
                    allocations: allocations
                        .into_iter()
                        .map(|(invoice_number, minor)| Allocation { invoice_number, amount: Money::from_minor(minor, cur) })
                        .collect(),
                    created_at: r.try_get("created_at")?,
                }))
            }

            async fn update_tenant(&self, tenant: TenantId, update: &NewTenant) -> StoreResult<Tenant> {
                let done = Self::bind_tenant_fields(sqlx::query(UPDATE_TENANT).bind(tenant.0), update)
                    .execute(&self.pool)
                    .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::Conflict(format!("no tenant with id {}", tenant.0)));
                }
                let sql = format!("SELECT {TENANT_COLUMNS} FROM tenants t WHERE t.id = $1");
                let row = sqlx::query(&sql).bind(tenant.0).fetch_one(&self.pool).await?;
                Self::tenant_from_row(&row)
            }

            async fn user(&self, tenant: TenantId, user: UserId) -> StoreResult<Option<User>> {
                let row = sqlx::query("SELECT id, email, name FROM users WHERE tenant_id = $1 AND id = $2")
                    .bind(tenant.0)
                    .bind(user.0)
                    .fetch_optional(&self.pool)
                    .await?;
                row.map(|r| {
                    Ok(User {
                        id: UserId(r.try_get("id")?),
                        email: Email::parse(r.try_get("email")?)?,
                        name: r.try_get("name")?,
                    })
                })
                .transpose()
            }

            async fn consume_sso_token(
                &self,
                tenant: TenantId,
                jti: &str,
                expires_at: i64,
                now: i64,
            ) -> StoreResult<bool> {
                sqlx::query("DELETE FROM used_sso_tokens WHERE expires_at < $1")
                    .bind(now)
                    .execute(&self.pool)
                    .await?;
                let done = sqlx::query(
                    "INSERT INTO used_sso_tokens (tenant_id, jti, expires_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (tenant_id, jti) DO NOTHING",
                )
                .bind(tenant.0)
                .bind(jti)
                .bind(expires_at)
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn create_session(&self, id_hash: &[u8; 32], session: &SessionRecord) -> StoreResult<()> {
                sqlx::query(&format!(
                    "INSERT INTO sessions (id_hash, {SESSION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)"
                ))
                .bind(&id_hash[..])
                .bind(session.tenant_id.0)
                .bind(session.user_id.0)
                .bind(session.account_id.0)
                .bind(&session.csrf_token)
                .bind(session.created_at)
                .bind(session.last_seen_at)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn session(&self, tenant: TenantId, id_hash: &[u8; 32]) -> StoreResult<Option<SessionRecord>> {
                let row = sqlx::query(&format!(
                    "SELECT {SESSION_COLUMNS} FROM sessions WHERE id_hash = $1 AND tenant_id = $2"
                ))
                .bind(&id_hash[..])
                .bind(tenant.0)
                .fetch_optional(&self.pool)
                .await?;
                row.as_ref().map(Self::session_from_row).transpose()
            }

            async fn touch_session(&self, tenant: TenantId, id_hash: &[u8; 32], now: i64) -> StoreResult<()> {
                sqlx::query(
                    "UPDATE sessions SET last_seen_at = $3 WHERE id_hash = $1 AND tenant_id = $2 AND last_seen_at < $4",
                )
                .bind(&id_hash[..])
                .bind(tenant.0)
                .bind(now)
                .bind(now - TOUCH_INTERVAL_SECS)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn switch_session_account(
                &self,
                tenant: TenantId,
                id_hash: &[u8; 32],
                account: AccountId,
            ) -> StoreResult<()> {
                sqlx::query("UPDATE sessions SET account_id = $3 WHERE id_hash = $1 AND tenant_id = $2")
                    .bind(&id_hash[..])
                    .bind(tenant.0)
                    .bind(account.0)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn delete_session(&self, tenant: TenantId, id_hash: &[u8; 32]) -> StoreResult<()> {
                sqlx::query("DELETE FROM sessions WHERE id_hash = $1 AND tenant_id = $2")
                    .bind(&id_hash[..])
                    .bind(tenant.0)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn purge_sessions(&self, idle_before: i64, created_before: i64) -> StoreResult<u64> {
                let done = sqlx::query("DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2")
                    .bind(idle_before)
                    .bind(created_before)
                    .execute(&self.pool)
                    .await?;
                Ok(done.rows_affected())
            }

            async fn purge_history(&self, before: &PurgeBefore) -> StoreResult<Purged> {
                let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                let api_requests = sqlx::query("DELETE FROM api_requests WHERE created_at < $1")
                    .bind(before.api_requests)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                // An event goes once none of its deliveries is pending: attempts, deliveries, then the event.
                let finished = "SELECT e.id FROM events e WHERE e.created_at < $1 AND NOT EXISTS \
                     (SELECT 1 FROM webhook_deliveries p WHERE p.event_id = e.id AND p.status = 'pending')";
                sqlx::query(&format!(
                    "DELETE FROM webhook_attempts WHERE delivery_id IN \
                     (SELECT d.id FROM webhook_deliveries d WHERE d.event_id IN ({finished}))"
                ))
                .bind(before.events)
                .execute(&mut *tx)
                .await?;
                sqlx::query(&format!("DELETE FROM webhook_deliveries WHERE event_id IN ({finished})"))
                    .bind(before.events)
                    .execute(&mut *tx)
                    .await?;
                let events = sqlx::query(&format!("DELETE FROM events WHERE id IN ({finished})"))
                    .bind(before.events)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                let sign_in_links = sqlx::query("DELETE FROM sign_in_links WHERE expires_at < $1")
                    .bind(before.sign_in_links)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                sqlx::query("DELETE FROM api_rate_windows WHERE window_start < $1")
                    .bind(before.rate_windows)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(Purged { api_requests, events, sign_in_links })
            }

            async fn count_api_requests(&self, tenant: TenantId, key_hash: &[u8; 32], window_start: i64, requests: i64) -> StoreResult<i64> {
                Ok(sqlx::query_scalar(
                    "INSERT INTO api_rate_windows (tenant_id, key_hash, window_start, count) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (tenant_id, key_hash, window_start) DO UPDATE SET count = api_rate_windows.count + $4 \
                     RETURNING count",
                )
                .bind(tenant.0)
                .bind(&key_hash[..])
                .bind(window_start)
                .bind(requests)
                .fetch_one(&self.pool)
                .await?)
            }

            async fn open_invoices_oldest_first(&self, tenant: TenantId, account: AccountId) -> StoreResult<Vec<Invoice>> {
                let sql = format!(
                    "SELECT {INVOICE_COLUMNS} FROM invoices i WHERE i.tenant_id = $1 AND i.account_id = $2 \
                     AND {OPEN_INVOICE} ORDER BY i.issued_on, i.id"
                );
                let rows = sqlx::query(&sql).bind(tenant.0).bind(account.0).fetch_all(&self.pool).await?;
                rows.iter().map(Self::invoice_from_row).collect()
            }

            async fn create_checkout(&self, c: &NewCheckout) -> StoreResult<Option<Checkout>> {
                let mut allocations = c.allocations.clone();
                allocations.sort_by_key(|(invoice, _)| *invoice);
                let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                for (invoice, amount) in &allocations {
                    let reserved = sqlx::query(
                        "UPDATE invoices SET pending_minor = pending_minor + $3 \
                         WHERE tenant_id = $1 AND id = $2 AND account_id = $4 AND NOT voided AND currency = $5 \
                         AND paid_minor + pending_minor + $3 <= total_minor",
                    )
                    .bind(c.tenant_id.0)
                    .bind(invoice.0)
                    .bind(amount.minor())
                    .bind(c.account_id.0)
                    .bind(amount.currency().code())
                    .execute(&mut *tx)
                    .await?;
                    if reserved.rows_affected() != 1 {
                        tx.rollback().await?;
                        return Ok(None);
                    }
                }
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO checkouts (public_id, tenant_id, account_id, user_id, amount_minor, currency, method, \
                     state, attempts, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', 0, $8, $9) \
                     RETURNING id",
                )
                .bind(&c.public_id)
                .bind(c.tenant_id.0)
                .bind(c.account_id.0)
                .bind(c.user_id.0)
                .bind(c.amount.minor())
                .bind(c.amount.currency().code())
                .bind(&c.method)
                .bind(c.created_at)
                .bind(c.expires_at)
                .fetch_one(&mut *tx)
                .await?;
                for (invoice, amount) in &allocations {
                    sqlx::query(
                        "INSERT INTO checkout_allocations (checkout_id, tenant_id, invoice_id, amount_minor) \
                         VALUES ($1, $2, $3, $4)",
                    )
                    .bind(id)
                    .bind(c.tenant_id.0)
                    .bind(invoice.0)
                    .bind(amount.minor())
                    .execute(&mut *tx)
                    .await?;
                }
                tx.commit().await?;
                self.checkout(c.tenant_id, &c.public_id).await
            }

            async fn checkout(&self, tenant: TenantId, public_id: &str) -> StoreResult<Option<Checkout>> {
                let Some(r) = sqlx::query(
                    "SELECT id, public_id, tenant_id, account_id, user_id, amount_minor, currency, method, state, \
                     attempts, created_at, expires_at FROM checkouts WHERE tenant_id = $1 AND public_id = $2",
                )
                .bind(tenant.0)
                .bind(public_id)
                .fetch_optional(&self.pool)
                .await?
                else {
                    return Ok(None);
                };
                let cur = currency(r.try_get("currency")?)?;
                let id: i64 = r.try_get("id")?;
                let allocations: Vec<(i64, String, i64)> = sqlx::query_as(
                    "SELECT ca.invoice_id, i.number, ca.amount_minor FROM checkout_allocations ca \
                     JOIN invoices i ON i.tenant_id = ca.tenant_id AND i.id = ca.invoice_id \
                     WHERE ca.checkout_id = $1 ORDER BY i.issued_on, i.id",
                )
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
                Ok(Some(Checkout {
                    id: CheckoutId(id),
                    public_id: r.try_get("public_id")?,
                    tenant_id: TenantId(r.try_get("tenant_id")?),
                    account_id: AccountId(r.try_get("account_id")?),
                    user_id: UserId(r.try_get("user_id")?),
                    amount: Money::from_minor(r.try_get("amount_minor")?, cur),
                    method: r.try_get("method")?,
                    state: CheckoutState::parse(r.try_get("state")?)?,
                    attempts: r.try_get("attempts")?,
                    created_at: r.try_get("created_at")?,
                    expires_at: r.try_get("expires_at")?,
                    allocations: allocations
                        .into_iter()
                        .map(|(i, n, m)| (InvoiceId(i), n, Money::from_minor(m, cur)))
                        .collect(),
                }))
            }

            async fn begin_charge(
                &self,
                tenant: TenantId,
                checkout: CheckoutId,
                payment: &NewPortalPayment,
            ) -> StoreResult<Option<(PaymentId, String)>> {
                let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                let Some(r) = sqlx::query(
                    "UPDATE checkouts SET state = 'charging', attempts = attempts + 1, charged_at = $3 \
                     WHERE tenant_id = $1 AND id = $2 AND state = 'open' AND expires_at > $3 \
                     RETURNING public_id, attempts, account_id, user_id, amount_minor, currency",
                )
                .bind(tenant.0)
                .bind(checkout.0)
                .bind(payment.now)
                .fetch_optional(&mut *tx)
                .await?
                else {
                    tx.rollback().await?;
                    return Ok(None);
                };
                let public_id: String = r.try_get("public_id")?;
                let attempts: i64 = r.try_get("attempts")?;
                let key = format!("{public_id}.{attempts}");
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO payments (tenant_id, account_id, external_id, amount_minor, currency, kind, reference, \
                     paid_on, status, created_at, checkout_id, user_id, gateway, method_label) \
                     VALUES ($1, $2, $3, $4, $5, $6, NULL, $7, 'pending', $8, $9, $10, $11, $12) RETURNING id",
                )
                .bind(tenant.0)
                .bind(r.try_get::<i64, _>("account_id")?)
                .bind(&key)
                .bind(r.try_get::<i64, _>("amount_minor")?)
                .bind(r.try_get::<String, _>("currency")?)
                .bind(payment.kind.as_str())
                .bind(payment.paid_on)
                .bind(now())
                .bind(checkout.0)
                .bind(r.try_get::<i64, _>("user_id")?)
                .bind(&payment.gateway)
                .bind(&payment.method_label)
                .fetch_one(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(Some((PaymentId(id), key)))
            }

            async fn finish_charge(
                &self,
                tenant: TenantId,
                payment: PaymentId,
                result: &ChargeResult,
            ) -> StoreResult<bool> {
                let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                let (status, reference, message) = match result {
                    ChargeResult::Succeeded { reference } => ("succeeded", Some(reference.as_str()), None),
                    ChargeResult::Accepted { reference } => ("pending", Some(reference.as_str()), None),
                    ChargeResult::Failed { message } => ("failed", None, Some(message.as_str())),
                    ChargeResult::Returned { reference } => {
                        ("failed", Some(reference.as_str()), Some("The bank returned this payment."))
                    }
                };
                let Some(r) = sqlx::query(
                    "UPDATE payments SET status = $3, reference = COALESCE($4, reference), failure_message = $5 \
                     WHERE tenant_id = $1 AND id = $2 AND status = 'pending' \
                     RETURNING checkout_id, account_id, amount_minor, user_id",
                )
                .bind(tenant.0)
                .bind(payment.0)
                .bind(status)
                .bind(reference)
                .bind(message)
                .fetch_optional(&mut *tx)
                .await?
                else {
                    tx.rollback().await?;
                    return Ok(false);
                };
                let checkout: i64 = r.try_get("checkout_id")?;
                let account: i64 = r.try_get("account_id")?;
                let amount: i64 = r.try_get("amount_minor")?;
                let allocations: Vec<(i64, i64)> = sqlx::query_as(
                    "SELECT invoice_id, amount_minor FROM checkout_allocations WHERE checkout_id = $1 ORDER BY invoice_id",
                )
                .bind(checkout)
                .fetch_all(&mut *tx)
                .await?;
                let mut paid_invoices: Vec<String> = Vec::new();
                let next_state = match result {
                    ChargeResult::Succeeded { .. } => {
                        let mut now_paid = 0i64;
                        for (invoice, part) in &allocations {
                            sqlx::query(
                                "INSERT INTO allocations (tenant_id, payment_id, invoice_id, amount_minor) \
                                 VALUES ($1, $2, $3, $4)",
                            )
                            .bind(tenant.0)
                            .bind(payment.0)
                            .bind(invoice)
                            .bind(part)
                            .execute(&mut *tx)
                            .await?;
                            let (paid, total, number): (i64, i64, String) = sqlx::query_as(
                                "UPDATE invoices SET paid_minor = paid_minor + $3, pending_minor = pending_minor - $3 \
                                 WHERE tenant_id = $1 AND id = $2 RETURNING paid_minor, total_minor, number",
                            )
                            .bind(tenant.0)
                            .bind(invoice)
                            .bind(part)
                            .fetch_one(&mut *tx)
                            .await?;
                            if paid >= total {
                                now_paid += 1;
                                paid_invoices.push(number);
                            }
                        }
                        sqlx::query(
                            "UPDATE accounts SET outstanding_minor = outstanding_minor - $3, \
                             open_invoice_count = open_invoice_count - $4 WHERE tenant_id = $1 AND id = $2",
                        )
                        .bind(tenant.0)
                        .bind(account)
                        .bind(amount)
                        .bind(now_paid)
                        .execute(&mut *tx)
                        .await?;
                        // The receipt is queued with the success itself: exactly once, whoever settles it.
                        sqlx::query(
                            "INSERT INTO mail_outbox (tenant_id, kind, payment_id, user_id, created_at) \
                             VALUES ($1, 'receipt', $2, $3, $4) ON CONFLICT (kind, payment_id) DO NOTHING",
                        )
                        .bind(tenant.0)
                        .bind(payment.0)
                        .bind(r.try_get::<Option<i64>, _>("user_id")?.unwrap_or(0))
                        .bind(now().unix_timestamp())
                        .execute(&mut *tx)
                        .await?;
                        "paid"
                    }
                    ChargeResult::Accepted { .. } => "settling",
                    ChargeResult::Failed { .. } => "open",
                    ChargeResult::Returned { .. } => {
                        for (invoice, part) in &allocations {
                            sqlx::query(
                                "UPDATE invoices SET pending_minor = pending_minor - $3 WHERE tenant_id = $1 AND id = $2",
                            )
                            .bind(tenant.0)
                            .bind(invoice)
                            .bind(part)
                            .execute(&mut *tx)
                            .await?;
                        }
                        "released"
                    }
                };
                sqlx::query("UPDATE checkouts SET state = $2 WHERE id = $1")
                    .bind(checkout)
                    .bind(next_state)
                    .execute(&mut *tx)
                    .await?;
                // The webhook events, in the same transaction as the change they report.
                let p = sqlx::query(
                    "SELECT p.external_id, p.currency, p.kind, p.reference, a.external_id AS account FROM payments p \
                     JOIN accounts a ON a.tenant_id = p.tenant_id AND a.id = p.account_id WHERE p.id = $1",
                )
                .bind(payment.0)
                .fetch_one(&mut *tx)
                .await?;
                let money = Money::from_minor(amount, currency(p.try_get("currency")?)?);
                let account_id: String = p.try_get("account")?;
                let kind = match result {
                    ChargeResult::Succeeded { .. } => "payment.succeeded",
                    ChargeResult::Accepted { .. } => "payment.pending",
                    ChargeResult::Failed { .. } | ChargeResult::Returned { .. } => "payment.failed",
                };
                let at = now().unix_timestamp();
                let payload = serde_json::json!({"payment": {
                    "id": p.try_get::<String, _>("external_id")?, "account": account_id, "amount": money.to_decimal_string(),
                    "currency": money.currency().code(), "type": p.try_get::<String, _>("kind")?, "status": status,
                    "reference": p.try_get::<Option<String>, _>("reference")?, "failure_message": message,
                }});
                Self::emit_event(&mut tx, tenant, kind, &payload, at).await?;
                for number in paid_invoices {
                    let payload = serde_json::json!({"invoice": {"number": number, "account": account_id}});
                    Self::emit_event(&mut tx, tenant, "invoice.paid", &payload, at).await?;
                }
                tx.commit().await?;
                Ok(true)
            }

            async fn checkout_payment(
                &self,
                tenant: TenantId,
                checkout: CheckoutId,
            ) -> StoreResult<Option<(Payment, Option<String>)>> {
                let Some(r) = sqlx::query(
                    "SELECT account_id, external_id, failure_message FROM payments \
                     WHERE tenant_id = $1 AND checkout_id = $2 ORDER BY id DESC LIMIT 1",
                )
                .bind(tenant.0)
                .bind(checkout.0)
                .fetch_optional(&self.pool)
                .await?
                else {
                    return Ok(None);
                };
                let external_id: String = r.try_get("external_id")?;
                let payment = self.payment(tenant, AccountId(r.try_get("account_id")?), &external_id).await?;
                Ok(payment.map(|p| (p, r.try_get("failure_message").ok().flatten())))
            }

            async fn unconfirmed_payments(&self, charged_before: i64) -> StoreResult<Vec<UnconfirmedPayment>> {
                let sql = format!(
                    "{UNCONFIRMED_PAYMENTS} WHERE p.status = 'pending' \
                     AND ((c.state = 'charging' AND c.charged_at < $1) OR c.state = 'settling') ORDER BY p.id"
                );
                let rows = sqlx::query(&sql).bind(charged_before).fetch_all(&self.pool).await?;
                rows.iter().map(Self::unconfirmed_from_row).collect()
            }

            async fn release_expired_checkouts(&self, now: i64) -> StoreResult<u64> {
                let expired: Vec<(i64,)> =
                    sqlx::query_as("SELECT id FROM checkouts WHERE state = 'open' AND expires_at <= $1")
                        .bind(now)
                        .fetch_all(&self.pool)
                        .await?;
                let mut released = 0;
                for (id,) in expired {
                    let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                    let done = sqlx::query("UPDATE checkouts SET state = 'released' WHERE id = $1 AND state = 'open'")
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    if done.rows_affected() == 1 {
                        sqlx::query(
                            "UPDATE invoices SET pending_minor = pending_minor - ca.amount_minor \
                             FROM checkout_allocations ca WHERE ca.checkout_id = $1 AND invoices.id = ca.invoice_id",
                        )
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                        released += 1;
                    }
                    tx.commit().await?;
                }
                Ok(released)
            }

            async fn set_gateway_ref(&self, tenant: TenantId, idempotency_key: &str, reference: &str) -> StoreResult<()> {
                sqlx::query("UPDATE payments SET gateway_ref = $3 WHERE tenant_id = $1 AND external_id = $2")
                    .bind(tenant.0)
                    .bind(idempotency_key)
                    .bind(reference)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn gateway_ref(&self, tenant: TenantId, idempotency_key: &str) -> StoreResult<Option<String>> {
                Ok(sqlx::query_scalar::<_, Option<String>>(
                    "SELECT gateway_ref FROM payments WHERE tenant_id = $1 AND external_id = $2",
                )
                .bind(tenant.0)
                .bind(idempotency_key)
                .fetch_optional(&self.pool)
                .await?
                .flatten())
            }

            async fn accounts_page(&self, tenant: TenantId, after: Option<i64>, limit: i64) -> StoreResult<Vec<Account>> {
                let sql = format!(
                    "SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.tenant_id = $1 AND a.id > $2 ORDER BY a.id LIMIT $3"
                );
                let rows = sqlx::query(&sql)
                    .bind(tenant.0)
                    .bind(after.unwrap_or(0))
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter().map(Self::account_from_row).collect()
            }

            async fn invoices_page(
                &self,
                tenant: TenantId,
                filter: &ApiInvoiceFilter,
                after: Option<i64>,
                limit: i64,
            ) -> StoreResult<Vec<(Invoice, String)>> {
                let mut qb: QueryBuilder<$db> = QueryBuilder::new(format!(
                    "SELECT {INVOICE_COLUMNS}, a.external_id AS account_external_id FROM invoices i \
                     JOIN accounts a ON a.tenant_id = i.tenant_id AND a.id = i.account_id WHERE i.tenant_id = "
                ));
                qb.push_bind(tenant.0).push(" AND i.id > ").push_bind(after.unwrap_or(0));
                if let Some(account) = filter.account {
                    qb.push(" AND i.account_id = ").push_bind(account.0);
                }
                match filter.status.as_deref() {
                    Some("open") => {
                        qb.push(format!(" AND {OPEN_INVOICE}"));
                    }
                    Some("paid") => {
                        qb.push(format!(" AND {PAID_INVOICE}"));
                    }
                    Some("void") => {
                        qb.push(" AND i.voided");
                    }
                    _ => {}
                }
                if let Some(since) = filter.updated_since {
                    let since = OffsetDateTime::from_unix_timestamp(since)
                        .map_err(|_| StoreError::Corrupt("updated_since out of range".into()))?;
                    qb.push(" AND i.updated_at >= ").push_bind(since);
                }
                qb.push(" ORDER BY i.id LIMIT ").push_bind(limit);
                let rows = qb.build().fetch_all(&self.pool).await?;
                let mut invoices = rows
                    .iter()
                    .map(|r| Ok((Self::invoice_from_row(r)?, r.try_get("account_external_id")?)))
                    .collect::<StoreResult<Vec<(Invoice, String)>>>()?;
                let ids: Vec<InvoiceId> = invoices.iter().map(|(i, _)| i.id).collect();
                for (id, line) in self.invoice_lines(tenant, &ids).await? {
                    if let Some((invoice, _)) = invoices.iter_mut().find(|(i, _)| i.id == id) {
                        invoice.lines.push(line);
                    }
                }
                Ok(invoices)
            }

            async fn payments_page(
                &self,
                tenant: TenantId,
                account: Option<AccountId>,
                after: Option<i64>,
                limit: i64,
            ) -> StoreResult<Vec<(Payment, String)>> {
                let mut qb: QueryBuilder<$db> = QueryBuilder::new(
                    "SELECT p.id, p.account_id, p.external_id, p.amount_minor, p.currency, p.kind, p.reference, \
                     p.paid_on, p.status, p.created_at, a.external_id AS account_external_id FROM payments p \
                     JOIN accounts a ON a.tenant_id = p.tenant_id AND a.id = p.account_id WHERE p.tenant_id = ",
                );
                qb.push_bind(tenant.0).push(" AND p.id > ").push_bind(after.unwrap_or(0));
                if let Some(account) = account {
                    qb.push(" AND p.account_id = ").push_bind(account.0);
                }
                qb.push(" ORDER BY p.id LIMIT ").push_bind(limit);
                let rows = qb.build().fetch_all(&self.pool).await?;
                let mut page = Vec::with_capacity(rows.len());
                for r in &rows {
                    let cur = currency(r.try_get("currency")?)?;
                    page.push((
                        Payment {
                            id: PaymentId(r.try_get("id")?),
                            account_id: AccountId(r.try_get("account_id")?),
                            external_id: r.try_get("external_id")?,
                            amount: Money::from_minor(r.try_get("amount_minor")?, cur),
                            kind: PaymentType::parse(r.try_get("kind")?)?,
                            reference: r.try_get("reference")?,
                            paid_on: r.try_get("paid_on")?,
                            status: PaymentStatus::parse(r.try_get("status")?)?,
                            allocations: Vec::new(),
                            created_at: r.try_get("created_at")?,
                        },
                        r.try_get("account_external_id")?,
                    ));
                }
                if let (Some(first), Some(last)) = (page.first(), page.last()) {
                    // The page's allocations in one query.
                    let allocations: Vec<(i64, String, i64)> = sqlx::query_as(
                        "SELECT a.payment_id, i.number, a.amount_minor FROM allocations a \
                         JOIN invoices i ON i.id = a.invoice_id \
                         WHERE a.tenant_id = $1 AND a.payment_id BETWEEN $2 AND $3 ORDER BY a.payment_id, i.number",
                    )
                    .bind(tenant.0)
                    .bind(first.0.id.0)
                    .bind(last.0.id.0)
                    .fetch_all(&self.pool)
                    .await?;
                    for (payment, invoice_number, minor) in allocations {
                        if let Some((p, _)) = page.iter_mut().find(|(p, _)| p.id.0 == payment) {
                            let amount = Money::from_minor(minor, p.amount.currency());
                            p.allocations.push(Allocation { invoice_number, amount });
                        }
                    }
                }
                Ok(page)
            }

            async fn contacts_page(
                &self,
                tenant: TenantId,
                after: Option<i64>,
                limit: i64,
            ) -> StoreResult<Vec<(User, Vec<(String, Roles)>)>> {
                let users: Vec<(i64, String, String)> = sqlx::query_as(
                    "SELECT id, email, name FROM users WHERE tenant_id = $1 AND id > $2 ORDER BY id LIMIT $3",
                )
                .bind(tenant.0)
                .bind(after.unwrap_or(0))
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                let (Some(first), Some(last)) = (users.first().map(|u| u.0), users.last().map(|u| u.0)) else {
                    return Ok(Vec::new());
                };
                let memberships: Vec<(i64, String, String)> = sqlx::query_as(
                    "SELECT m.user_id, a.external_id, m.roles FROM memberships m \
                     JOIN accounts a ON a.tenant_id = m.tenant_id AND a.id = m.account_id \
                     WHERE m.tenant_id = $1 AND m.user_id BETWEEN $2 AND $3 ORDER BY a.external_id",
                )
                .bind(tenant.0)
                .bind(first)
                .bind(last)
                .fetch_all(&self.pool)
                .await?;
                users
                    .into_iter()
                    .map(|(id, email, name)| {
                        let of_user = memberships
                            .iter()
                            .filter(|(u, _, _)| *u == id)
                            .map(|(_, account, roles)| Ok((account.clone(), Roles::from_storage(roles)?)))
                            .collect::<StoreResult<Vec<_>>>()?;
                        Ok((User { id: UserId(id), email: Email::parse(&email)?, name }, of_user))
                    })
                    .collect()
            }

            async fn void_invoice(&self, tenant: TenantId, number: &str) -> StoreResult<bool> {
                let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                let account: Option<i64> = sqlx::query_scalar(
                    "UPDATE invoices SET voided = TRUE, updated_at = $3 WHERE tenant_id = $1 AND number = $2 \
                     AND paid_minor = 0 AND pending_minor = 0 AND NOT voided RETURNING account_id",
                )
                .bind(tenant.0)
                .bind(number)
                .bind(now())
                .fetch_optional(&mut *tx)
                .await?;
                let Some(account) = account else {
                    return Ok(false);
                };
                Self::refresh_account_totals(&mut tx, tenant, account).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn begin_api_request(&self, tenant: TenantId, key: &str, request_hash: &[u8; 32], now: i64) -> StoreResult<IdempotentRequest> {
                let claimed = sqlx::query(
                    "INSERT INTO api_requests (tenant_id, idempotency_key, request_hash, created_at) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (tenant_id, idempotency_key) DO NOTHING",
                )
                .bind(tenant.0)
                .bind(key)
                .bind(&request_hash[..])
                .bind(now)
                .execute(&self.pool)
                .await?;
                if claimed.rows_affected() == 1 {
                    return Ok(IdempotentRequest::New);
                }
                let row: Option<(Vec<u8>, Option<i64>, Option<String>)> = sqlx::query_as(
                    "SELECT request_hash, status_code, response_body FROM api_requests WHERE tenant_id = $1 AND idempotency_key = $2",
                )
                .bind(tenant.0)
                .bind(key)
                .fetch_optional(&self.pool)
                .await?;
                Ok(match row {
                    // Forgotten in between: the caller may retry.
                    None => IdempotentRequest::InProgress,
                    Some((hash, _, _)) if hash != request_hash[..] => IdempotentRequest::Mismatch,
                    Some((_, Some(status), Some(body))) => IdempotentRequest::Replay {
                        status: u16::try_from(status).unwrap_or(500),
                        body,
                    },
                    Some(_) => IdempotentRequest::InProgress,
                })
            }

            async fn finish_api_request(&self, tenant: TenantId, key: &str, status: u16, body: &str) -> StoreResult<()> {
                sqlx::query(
                    "UPDATE api_requests SET status_code = $3, response_body = $4 WHERE tenant_id = $1 AND idempotency_key = $2",
                )
                .bind(tenant.0)
                .bind(key)
                .bind(i64::from(status))
                .bind(body)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn forget_api_request(&self, tenant: TenantId, key: &str) -> StoreResult<()> {
                sqlx::query("DELETE FROM api_requests WHERE tenant_id = $1 AND idempotency_key = $2")
                    .bind(tenant.0)
                    .bind(key)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn create_webhook_endpoint(
                &self,
                tenant: TenantId,
                public_id: &str,
                url: &str,
                events: &[String],
                sealed_secret: &[u8],
                now: i64,
            ) -> StoreResult<WebhookEndpoint> {
                let row = sqlx::query(
                    "INSERT INTO webhook_endpoints (public_id, tenant_id, url, events, sealed_secret, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6) \
                     RETURNING id, public_id, url, events, sealed_secret, created_at, disabled_at, disabled_reason",
                )
                .bind(public_id)
                .bind(tenant.0)
                .bind(url)
                .bind(events.join(","))
                .bind(sealed_secret)
                .bind(now)
                .fetch_one(&self.pool)
                .await?;
                Self::endpoint_from_row(&row)
            }

            async fn webhook_endpoints(&self, tenant: TenantId) -> StoreResult<Vec<WebhookEndpoint>> {
                let rows = sqlx::query(
                    "SELECT id, public_id, url, events, sealed_secret, created_at, disabled_at, disabled_reason \
                     FROM webhook_endpoints WHERE tenant_id = $1 ORDER BY id",
                )
                .bind(tenant.0)
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(Self::endpoint_from_row).collect()
            }

            async fn disable_webhook_endpoint(&self, tenant: TenantId, public_id: &str, reason: &str, now: i64) -> StoreResult<bool> {
                let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                let id: Option<i64> = sqlx::query_scalar(
                    "UPDATE webhook_endpoints SET disabled_at = $3, disabled_reason = $4 \
                     WHERE tenant_id = $1 AND public_id = $2 AND disabled_at IS NULL RETURNING id",
                )
                .bind(tenant.0)
                .bind(public_id)
                .bind(now)
                .bind(reason)
                .fetch_optional(&mut *tx)
                .await?;
                let Some(id) = id else {
                    return Ok(false);
                };
                sqlx::query("UPDATE webhook_deliveries SET status = 'failed' WHERE endpoint_id = $1 AND status = 'pending'")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn events_page(&self, tenant: TenantId, after: Option<i64>, limit: i64) -> StoreResult<Vec<Event>> {
                let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(
                    "SELECT id, type, payload, created_at FROM events WHERE tenant_id = $1 AND id > $2 ORDER BY id LIMIT $3",
                )
                .bind(tenant.0)
                .bind(after.unwrap_or(0))
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(id, kind, payload, created_at)| Event { id, kind, payload, created_at })
                    .collect())
            }

            async fn claim_deliveries(&self, now: i64, limit: i64, lease_secs: i64) -> StoreResult<Vec<DueDelivery>> {
                let sql = format!(
                    "UPDATE webhook_deliveries SET locked_until = $2 WHERE id IN (\
                     SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= $1 \
                     AND (locked_until IS NULL OR locked_until <= $1) ORDER BY next_attempt_at, id LIMIT $3 {}) \
                     RETURNING id",
                    <$store as Dialect>::SKIP_LOCKED
                );
                let ids: Vec<i64> = sqlx::query_scalar(&sql)
                    .bind(now)
                    .bind(now + lease_secs)
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await?;
                if ids.is_empty() {
                    return Ok(Vec::new());
                }
                // What the claimed deliveries need, in one query.
                let mut qb: QueryBuilder<$db> = QueryBuilder::new(
                    "SELECT d.id AS delivery_id, d.tenant_id, d.attempts, e.id AS event_id, e.type, e.payload, \
                     e.created_at AS event_created_at, w.id, w.public_id, w.url, w.events, w.sealed_secret, \
                     w.created_at, w.disabled_at, w.disabled_reason \
                     FROM webhook_deliveries d JOIN events e ON e.id = d.event_id \
                     JOIN webhook_endpoints w ON w.id = d.endpoint_id WHERE d.id IN (",
                );
                let mut listed = qb.separated(", ");
                for id in &ids {
                    listed.push_bind(*id);
                }
                listed.push_unseparated(") ORDER BY d.next_attempt_at, d.id");
                let rows = qb.build().fetch_all(&self.pool).await?;
                rows.iter()
                    .map(|row| {
                        Ok(DueDelivery {
                            id: row.try_get("delivery_id")?,
                            tenant_id: TenantId(row.try_get("tenant_id")?),
                            attempts: row.try_get("attempts")?,
                            event: Event {
                                id: row.try_get("event_id")?,
                                kind: row.try_get("type")?,
                                payload: row.try_get("payload")?,
                                created_at: row.try_get("event_created_at")?,
                            },
                            endpoint: Self::endpoint_from_row(row)?,
                        })
                    })
                    .collect()
            }

            async fn record_delivery(
                &self,
                delivery: &DueDelivery,
                status_code: Option<u16>,
                error: Option<&str>,
                result: DeliveryResult,
                now: i64,
            ) -> StoreResult<()> {
                let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                sqlx::query(
                    "INSERT INTO webhook_attempts (delivery_id, tenant_id, endpoint_id, attempt, status_code, error, at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(delivery.id)
                .bind(delivery.tenant_id.0)
                .bind(delivery.endpoint.id)
                .bind(delivery.attempts + 1)
                .bind(status_code.map(i64::from))
                .bind(error)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                let (status, next, delivered) = match result {
                    DeliveryResult::Delivered => ("delivered", now, Some(now)),
                    DeliveryResult::Retry { at } => ("pending", at, None),
                    DeliveryResult::GaveUp | DeliveryResult::Gone => ("failed", now, None),
                };
                sqlx::query(
                    "UPDATE webhook_deliveries SET status = $2, attempts = attempts + 1, next_attempt_at = $3, \
                     delivered_at = $4, locked_until = NULL WHERE id = $1",
                )
                .bind(delivery.id)
                .bind(status)
                .bind(next)
                .bind(delivered)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                if result == DeliveryResult::Gone {
                    self.disable_webhook_endpoint(
                        delivery.tenant_id,
                        &delivery.endpoint.public_id,
                        "the endpoint answered 410 Gone",
                        now,
                    )
                    .await?;
                }
                Ok(())
            }

            async fn delivery_attempts(&self, tenant: TenantId, endpoint_public_id: &str, limit: i64) -> StoreResult<Vec<DeliveryAttempt>> {
                let rows: Vec<(i64, i64, Option<i64>, Option<String>, i64)> = sqlx::query_as(
                    "SELECT d.event_id, a.attempt, a.status_code, a.error, a.at FROM webhook_attempts a \
                     JOIN webhook_deliveries d ON d.id = a.delivery_id \
                     JOIN webhook_endpoints w ON w.id = a.endpoint_id \
                     WHERE a.tenant_id = $1 AND w.public_id = $2 ORDER BY a.id DESC LIMIT $3",
                )
                .bind(tenant.0)
                .bind(endpoint_public_id)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(event_id, attempt, status_code, error, at)| DeliveryAttempt { event_id, attempt, status_code, error, at })
                    .collect())
            }

            async fn saved_methods(&self, tenant: TenantId, account: AccountId) -> StoreResult<Vec<SavedMethod>> {
                let sql = format!(
                    "SELECT {SAVED_METHOD_COLUMNS} FROM saved_methods WHERE tenant_id = $1 AND account_id = $2 \
                     AND removed_at IS NULL ORDER BY is_default DESC, created_at DESC, id DESC"
                );
                let rows = sqlx::query(&sql).bind(tenant.0).bind(account.0).fetch_all(&self.pool).await?;
                rows.iter().map(Self::saved_method_from_row).collect()
            }

            async fn saved_method(&self, tenant: TenantId, account: AccountId, public_id: &str) -> StoreResult<Option<SavedMethod>> {
                let sql = format!(
                    "SELECT {SAVED_METHOD_COLUMNS} FROM saved_methods WHERE tenant_id = $1 AND account_id = $2 \
                     AND public_id = $3 AND removed_at IS NULL"
                );
                let row = sqlx::query(&sql).bind(tenant.0).bind(account.0).bind(public_id).fetch_optional(&self.pool).await?;
                row.as_ref().map(Self::saved_method_from_row).transpose()
            }

            async fn add_saved_method(&self, m: &NewSavedMethod, audit: &NewAuditEntry<'_>) -> StoreResult<SavedMethod> {
                let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                Self::lock_account_rows(&mut tx, m.tenant_id, m.account_id).await?;
                // The same gateway method kept twice (a reload after the bank's step, a gateway answering a
                // repeat with the first method) stays one row.
                let sql = format!(
                    "SELECT {SAVED_METHOD_COLUMNS} FROM saved_methods WHERE tenant_id = $1 AND account_id = $2 \
                     AND gateway = $3 AND reference = $4 AND removed_at IS NULL"
                );
                if let Some(row) = sqlx::query(&sql)
                    .bind(m.tenant_id.0)
                    .bind(m.account_id.0)
                    .bind(&m.gateway)
                    .bind(&m.reference)
                    .fetch_optional(&mut *tx)
                    .await?
                {
                    return Self::saved_method_from_row(&row);
                }
                let has_default: Option<i64> = sqlx::query_scalar(
                    "SELECT id FROM saved_methods WHERE tenant_id = $1 AND account_id = $2 AND is_default AND removed_at IS NULL",
                )
                .bind(m.tenant_id.0)
                .bind(m.account_id.0)
                .fetch_optional(&mut *tx)
                .await?;
                let sql = format!(
                    "INSERT INTO saved_methods (public_id, tenant_id, account_id, gateway, customer_ref, reference, kind, \
                     brand, last4, exp_month, exp_year, is_default, created_by, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING {SAVED_METHOD_COLUMNS}"
                );
                let row = sqlx::query(&sql)
                    .bind(&m.public_id)
                    .bind(m.tenant_id.0)
                    .bind(m.account_id.0)
                    .bind(&m.gateway)
                    .bind(&m.customer_ref)
                    .bind(&m.reference)
                    .bind(&m.kind)
                    .bind(&m.brand)
                    .bind(&m.last4)
                    .bind(m.exp_month.map(i64::from))
                    .bind(m.exp_year.map(i64::from))
                    .bind(has_default.is_none())
                    .bind(m.created_by.map(|u| u.0))
                    .bind(m.now)
                    .fetch_one(&mut *tx)
                    .await?;
                let saved = Self::saved_method_from_row(&row)?;
                Self::insert_audit(&mut tx, audit).await?;
                let payload = Self::method_payload(&mut tx, m.tenant_id, &saved).await?;
                Self::emit_event(&mut tx, m.tenant_id, "payment_method.added", &payload, m.now).await?;
                tx.commit().await?;
                Ok(saved)
            }

            async fn remove_saved_method(&self, tenant: TenantId, account: AccountId, id: i64, audit: &NewAuditEntry<'_>) -> StoreResult<bool> {
                let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                Self::lock_account_rows(&mut tx, tenant, account).await?;
                let was_default: Option<bool> = sqlx::query_scalar(
                    "SELECT is_default FROM saved_methods \
                     WHERE tenant_id = $1 AND account_id = $2 AND id = $3 AND removed_at IS NULL",
                )
                .bind(tenant.0)
                .bind(account.0)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
                let Some(was_default) = was_default else {
                    return Ok(false);
                };
                let sql = format!("SELECT {SAVED_METHOD_COLUMNS} FROM saved_methods WHERE id = $1");
                let removed = Self::saved_method_from_row(&sqlx::query(&sql).bind(id).fetch_one(&mut *tx).await?)?;
                sqlx::query("UPDATE saved_methods SET removed_at = $2, is_default = FALSE WHERE id = $1")
                    .bind(id)
                    .bind(audit.now)
                    .execute(&mut *tx)
                    .await?;
                let payload = Self::method_payload(&mut tx, tenant, &removed).await?;
                Self::emit_event(&mut tx, tenant, "payment_method.removed", &payload, audit.now).await?;
                if was_default {
                    sqlx::query(
                        "UPDATE saved_methods SET is_default = TRUE WHERE id = (SELECT id FROM saved_methods \
                         WHERE tenant_id = $1 AND account_id = $2 AND removed_at IS NULL \
                         ORDER BY created_at DESC, id DESC LIMIT 1)",
                    )
                    .bind(tenant.0)
                    .bind(account.0)
                    .execute(&mut *tx)
                    .await?;
                }
                Self::insert_audit(&mut tx, audit).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn make_default_method(&self, tenant: TenantId, account: AccountId, id: i64, audit: &NewAuditEntry<'_>) -> StoreResult<bool> {
                let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                Self::lock_account_rows(&mut tx, tenant, account).await?;
                let exists: Option<i64> = sqlx::query_scalar(
                    "SELECT id FROM saved_methods WHERE tenant_id = $1 AND account_id = $2 AND id = $3 AND removed_at IS NULL",
                )
                .bind(tenant.0)
                .bind(account.0)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
                if exists.is_none() {
                    return Ok(false);
                }
                sqlx::query(
                    "UPDATE saved_methods SET is_default = FALSE \
                     WHERE tenant_id = $1 AND account_id = $2 AND is_default AND id <> $3",
                )
                .bind(tenant.0)
                .bind(account.0)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                sqlx::query("UPDATE saved_methods SET is_default = TRUE WHERE id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                Self::insert_audit(&mut tx, audit).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn gateway_customer(&self, tenant: TenantId, account: AccountId, gateway: &str) -> StoreResult<Option<String>> {
                Ok(sqlx::query_scalar(
                    "SELECT customer_ref FROM gateway_customers WHERE tenant_id = $1 AND account_id = $2 AND gateway = $3",
                )
                .bind(tenant.0)
                .bind(account.0)
                .bind(gateway)
                .fetch_optional(&self.pool)
                .await?)
            }

            async fn set_gateway_customer(&self, tenant: TenantId, account: AccountId, gateway: &str, customer_ref: &str) -> StoreResult<String> {
                sqlx::query(
                    "INSERT INTO gateway_customers (tenant_id, account_id, gateway, customer_ref, created_at) \
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tenant_id, account_id, gateway) DO NOTHING",
                )
                .bind(tenant.0)
                .bind(account.0)
                .bind(gateway)
                .bind(customer_ref)
                .bind(now().unix_timestamp())
                .execute(&self.pool)
                .await?;
                self.gateway_customer(tenant, account, gateway)
                    .await?
                    .ok_or_else(|| StoreError::Corrupt("gateway customer vanished".into()))
            }

            async fn account_members(&self, tenant: TenantId, account: AccountId) -> StoreResult<Vec<AccountMember>> {
                let rows = sqlx::query(
                    "SELECT u.id, u.email, u.name, m.roles FROM memberships m \
                     JOIN users u ON u.tenant_id = m.tenant_id AND u.id = m.user_id \
                     WHERE m.tenant_id = $1 AND m.account_id = $2 ORDER BY u.email",
                )
                .bind(tenant.0)
                .bind(account.0)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok(AccountMember {
                            user: User {
                                id: UserId(r.try_get("id")?),
                                email: Email::parse(r.try_get("email")?)?,
                                name: r.try_get("name")?,
                            },
                            roles: Roles::from_storage(r.try_get("roles")?)?,
                        })
                    })
                    .collect()
            }

            async fn add_member(
                &self,
                tenant: TenantId,
                account: AccountId,
                email: &Email,
                name: &str,
                roles: Roles,
                audit: &NewAuditEntry<'_>,
            ) -> StoreResult<Result<User, MembershipError>> {
                let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                Self::lock_account_rows(&mut tx, tenant, account).await?;
                let user_id: i64 = sqlx::query_scalar(UPSERT_USER)
                    .bind(tenant.0)
                    .bind(email.as_str())
                    .bind(name)
                    .bind(now())
                    .fetch_one(&mut *tx)
                    .await?;
                let added = sqlx::query(
                    "INSERT INTO memberships (tenant_id, user_id, account_id, roles) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (tenant_id, user_id, account_id) DO NOTHING",
                )
                .bind(tenant.0)
                .bind(user_id)
                .bind(account.0)
                .bind(roles.to_storage())
                .execute(&mut *tx)
                .await?;
                if added.rows_affected() == 0 {
                    return Ok(Err(MembershipError::AlreadyMember(email.as_str().to_string())));
                }
                let name: String = sqlx::query_scalar("SELECT name FROM users WHERE id = $1")
                    .bind(user_id)
                    .fetch_one(&mut *tx)
                    .await?;
                Self::insert_audit(&mut tx, audit).await?;
                Self::membership_changed(&mut tx, tenant, account, email.as_str(), Some(roles), audit.now).await?;
                tx.commit().await?;
                Ok(Ok(User { id: UserId(user_id), email: email.clone(), name }))
            }

            async fn set_member_roles(
                &self,
                tenant: TenantId,
                account: AccountId,
                user: UserId,
                roles: Roles,
                audit: &NewAuditEntry<'_>,
            ) -> StoreResult<Result<(), MembershipError>> {
                let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                Self::lock_account_rows(&mut tx, tenant, account).await?;
                if !roles.contains(Role::Admin) && Self::is_last_admin(&mut tx, tenant, account, user).await? {
                    return Ok(Err(MembershipError::LastAdmin));
                }
                let done = sqlx::query(
                    "UPDATE memberships SET roles = $4 WHERE tenant_id = $1 AND account_id = $2 AND user_id = $3",
                )
                .bind(tenant.0)
                .bind(account.0)
                .bind(user.0)
                .bind(roles.to_storage())
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    return Ok(Err(MembershipError::NotMember));
                }
                Self::insert_audit(&mut tx, audit).await?;
                let email: String = sqlx::query_scalar("SELECT email FROM users WHERE id = $1").bind(user.0).fetch_one(&mut *tx).await?;
                Self::membership_changed(&mut tx, tenant, account, &email, Some(roles), audit.now).await?;
                tx.commit().await?;
                Ok(Ok(()))
            }

            async fn remove_member(
                &self,
                tenant: TenantId,
                account: AccountId,
                user: UserId,
                audit: &NewAuditEntry<'_>,
            ) -> StoreResult<Result<(), MembershipError>> {
                let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                Self::lock_account_rows(&mut tx, tenant, account).await?;
                if Self::is_last_admin(&mut tx, tenant, account, user).await? {
                    return Ok(Err(MembershipError::LastAdmin));
                }
                let done = sqlx::query("DELETE FROM memberships WHERE tenant_id = $1 AND account_id = $2 AND user_id = $3")
                    .bind(tenant.0)
                    .bind(account.0)
                    .bind(user.0)
                    .execute(&mut *tx)
                    .await?;
                if done.rows_affected() == 0 {
                    return Ok(Err(MembershipError::NotMember));
                }
                let email: String = sqlx::query_scalar("SELECT email FROM users WHERE id = $1").bind(user.0).fetch_one(&mut *tx).await?;
                Self::membership_changed(&mut tx, tenant, account, &email, None, audit.now).await?;
                // Sessions opened on that account end with the membership.
                sqlx::query("DELETE FROM sessions WHERE tenant_id = $1 AND account_id = $2 AND user_id = $3")
                    .bind(tenant.0)
                    .bind(account.0)
                    .bind(user.0)
                    .execute(&mut *tx)
                    .await?;
                Self::insert_audit(&mut tx, audit).await?;
                tx.commit().await?;
                Ok(Ok(()))
            }

            async fn record_audit(&self, entry: &NewAuditEntry<'_>) -> StoreResult<()> {
                let mut conn = self.pool.acquire().await?;
                Self::insert_audit(&mut conn, entry).await
            }

            async fn audit_log(&self, tenant: TenantId, account: Option<AccountId>, before: Option<i64>, limit: i64) -> StoreResult<Vec<AuditEntry>> {
                let rows = sqlx::query(
                    "SELECT l.id, a.external_id, l.actor, l.session_ref, l.action, l.detail, l.created_at \
                     FROM audit_log l LEFT JOIN accounts a ON a.tenant_id = l.tenant_id AND a.id = l.account_id \
                     WHERE l.tenant_id = $1 AND ($2 IS NULL OR l.account_id = $2) AND l.id < $3 \
                     ORDER BY l.id DESC LIMIT $4",
                )
                .bind(tenant.0)
                .bind(account.map(|a| a.0))
                .bind(before.unwrap_or(i64::MAX))
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok(AuditEntry {
                            id: r.try_get("id")?,
                            account: r.try_get("external_id")?,
                            actor: r.try_get("actor")?,
                            session: r.try_get("session_ref")?,
                            action: r.try_get("action")?,
                            detail: r.try_get("detail")?,
                            created_at: r.try_get("created_at")?,
                        })
                    })
                    .collect()
            }

            async fn create_sign_in_link(&self, link: &NewSignInLink, mail: &NewMailMessage) -> StoreResult<()> {
                let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                sqlx::query(
                    "INSERT INTO sign_in_links (token_hash, tenant_id, user_id, account_id, expires_at, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(&link.token_hash[..])
                .bind(link.tenant_id.0)
                .bind(link.user_id.0)
                .bind(link.account_id.0)
                .bind(link.expires_at)
                .bind(link.now)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO mail_messages (tenant_id, kind, recipient, subject, body_text, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(mail.tenant_id.0)
                .bind(&mail.kind)
                .bind(&mail.recipient)
                .bind(&mail.subject)
                .bind(&mail.body_text)
                .bind(mail.now)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn consume_sign_in_link(&self, tenant: TenantId, token_hash: &[u8; 32], now: i64) -> StoreResult<Option<(UserId, AccountId)>> {
                let row: Option<(i64, i64)> = sqlx::query_as(
                    "UPDATE sign_in_links SET used_at = $3 \
                     WHERE token_hash = $1 AND tenant_id = $2 AND used_at IS NULL AND expires_at > $3 \
                     RETURNING user_id, account_id",
                )
                .bind(&token_hash[..])
                .bind(tenant.0)
                .bind(now)
                .fetch_optional(&self.pool)
                .await?;
                Ok(row.map(|(u, a)| (UserId(u), AccountId(a))))
            }

            async fn unsent_messages(&self, limit: i64) -> StoreResult<Vec<MailMessage>> {
                let rows = sqlx::query(
                    "SELECT id, tenant_id, kind, recipient, subject, body_text, created_at FROM mail_messages \
                     WHERE sent_at IS NULL ORDER BY id LIMIT $1",
                )
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok(MailMessage {
                            id: r.try_get("id")?,
                            tenant_id: TenantId(r.try_get("tenant_id")?),
                            kind: r.try_get("kind")?,
                            recipient: r.try_get("recipient")?,
                            subject: r.try_get("subject")?,
                            body_text: r.try_get("body_text")?,
                            created_at: r.try_get("created_at")?,
                        })
                    })
                    .collect()
            }

            async fn mark_message_sent(&self, id: i64, now: i64) -> StoreResult<bool> {
                let done = sqlx::query(
                    "UPDATE mail_messages SET sent_at = $2, body_text = '' WHERE id = $1 AND sent_at IS NULL",
                )
                .bind(id)
                .bind(now)
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn payment_key_by_gateway_ref(&self, tenant: TenantId, reference: &str) -> StoreResult<Option<String>> {
                Ok(sqlx::query_scalar(
                    "SELECT external_id FROM payments WHERE tenant_id = $1 AND gateway_ref = $2 ORDER BY id DESC LIMIT 1",
                )
                .bind(tenant.0)
                .bind(reference)
                .fetch_optional(&self.pool)
                .await?)
            }

            async fn unconfirmed_payment(&self, tenant: TenantId, idempotency_key: &str) -> StoreResult<Option<UnconfirmedPayment>> {
                let sql = format!(
                    "{UNCONFIRMED_PAYMENTS} WHERE p.tenant_id = $1 AND p.external_id = $2 AND p.status = 'pending' \
                     AND c.state IN ('charging', 'settling')"
                );
                let row = sqlx::query(&sql)
                    .bind(tenant.0)
                    .bind(idempotency_key)
                    .fetch_optional(&self.pool)
                    .await?;
                row.as_ref().map(Self::unconfirmed_from_row).transpose()
            }

            async fn set_gateway_config(&self, tenant: TenantId, kind: &str, sealed_config: &[u8]) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO tenant_gateways (tenant_id, kind, sealed_config, updated_at) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (tenant_id) DO UPDATE SET kind = excluded.kind, \
                     sealed_config = excluded.sealed_config, updated_at = excluded.updated_at",
                )
                .bind(tenant.0)
                .bind(kind)
                .bind(sealed_config)
                .bind(now().unix_timestamp())
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn gateway_config(&self, tenant: TenantId) -> StoreResult<Option<(String, Vec<u8>)>> {
                Ok(sqlx::query_as("SELECT kind, sealed_config FROM tenant_gateways WHERE tenant_id = $1")
                    .bind(tenant.0)
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn payment_kind_by_key(&self, tenant: TenantId, idempotency_key: &str) -> StoreResult<Option<PaymentType>> {
                let kind: Option<String> =
                    sqlx::query_scalar("SELECT kind FROM payments WHERE tenant_id = $1 AND external_id = $2")
                        .bind(tenant.0)
                        .bind(idempotency_key)
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(kind.map(|k| PaymentType::parse(&k)).transpose()?)
            }

            async fn tenant(&self, tenant: TenantId) -> StoreResult<Option<Tenant>> {
                let sql = format!("SELECT {TENANT_COLUMNS} FROM tenants t WHERE t.id = $1");
                let row = sqlx::query(&sql).bind(tenant.0).fetch_optional(&self.pool).await?;
                row.as_ref().map(Self::tenant_from_row).transpose()
            }

            async fn unsent_mail(&self, limit: i64) -> StoreResult<Vec<QueuedMail>> {
                let rows = sqlx::query(
                    "SELECT m.id, m.tenant_id, m.kind, m.payment_id, m.user_id, m.created_at, p.account_id, \
                     p.external_id FROM mail_outbox m JOIN payments p ON p.id = m.payment_id \
                     WHERE m.sent_at IS NULL ORDER BY m.id LIMIT $1",
                )
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok(QueuedMail {
                            id: r.try_get("id")?,
                            tenant_id: TenantId(r.try_get("tenant_id")?),
                            kind: r.try_get("kind")?,
                            user_id: UserId(r.try_get("user_id")?),
                            account_id: AccountId(r.try_get("account_id")?),
                            payment_key: r.try_get("external_id")?,
                            created_at: r.try_get("created_at")?,
                        })
                    })
                    .collect()
            }

            async fn mark_mail_sent(&self, id: i64, now: i64) -> StoreResult<bool> {
                let done = sqlx::query("UPDATE mail_outbox SET sent_at = $2 WHERE id = $1 AND sent_at IS NULL")
                    .bind(id)
                    .bind(now)
                    .execute(&self.pool)
                    .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn sandbox_store_token(
                &self,
                tenant: TenantId,
                token: &str,
                kind: &str,
                label: &str,
                outcome: &str,
                expiry: Option<&str>,
            ) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO sandbox_tokens (token, tenant_id, kind, label, outcome, created_at, expiry) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(token)
                .bind(tenant.0)
                .bind(kind)
                .bind(label)
                .bind(outcome)
                .bind(now().unix_timestamp())
                .bind(expiry)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn sandbox_token(&self, tenant: TenantId, token: &str) -> StoreResult<Option<(String, String, String)>> {
                Ok(sqlx::query_as("SELECT kind, label, outcome FROM sandbox_tokens WHERE tenant_id = $1 AND token = $2 AND removed_at IS NULL")
                    .bind(tenant.0)
                    .bind(token)
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn sandbox_record_charge(
                &self,
                tenant: TenantId,
                idempotency_key: &str,
                transaction_id: &str,
                token: &str,
                amount: Money,
                outcome: &str,
            ) -> StoreResult<(String, String)> {
                sqlx::query(
                    "INSERT INTO sandbox_charges (tenant_id, idempotency_key, transaction_id, token, amount_minor, \
                     currency, outcome, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                     ON CONFLICT (tenant_id, idempotency_key) DO NOTHING",
                )
                .bind(tenant.0)
                .bind(idempotency_key)
                .bind(transaction_id)
                .bind(token)
                .bind(amount.minor())
                .bind(amount.currency().code())
                .bind(outcome)
                .bind(now().unix_timestamp())
                .execute(&self.pool)
                .await?;
                self.sandbox_charge(tenant, idempotency_key)
                    .await?
                    .ok_or_else(|| StoreError::Corrupt("sandbox charge vanished".into()))
            }

            async fn sandbox_charge(&self, tenant: TenantId, idempotency_key: &str) -> StoreResult<Option<(String, String)>> {
                Ok(sqlx::query_as(
                    "SELECT transaction_id, outcome FROM sandbox_charges WHERE tenant_id = $1 AND idempotency_key = $2",
                )
                .bind(tenant.0)
                .bind(idempotency_key)
                .fetch_optional(&self.pool)
                .await?)
            }

            async fn sandbox_token_expiry(&self, tenant: TenantId, token: &str) -> StoreResult<Option<String>> {
                Ok(sqlx::query_scalar::<_, Option<String>>(
                    "SELECT expiry FROM sandbox_tokens WHERE tenant_id = $1 AND token = $2",
                )
                .bind(tenant.0)
                .bind(token)
                .fetch_optional(&self.pool)
                .await?
                .flatten())
            }

            async fn sandbox_remove_token(&self, tenant: TenantId, token: &str) -> StoreResult<bool> {
                let done = sqlx::query(
                    "UPDATE sandbox_tokens SET removed_at = $3 WHERE tenant_id = $1 AND token = $2 AND removed_at IS NULL",
                )
                .bind(tenant.0)
                .bind(token)
                .bind(now().unix_timestamp())
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn sandbox_charge_count(&self, tenant: TenantId) -> StoreResult<i64> {
                Ok(sqlx::query_scalar("SELECT COUNT(*) FROM sandbox_charges WHERE tenant_id = $1")
                    .bind(tenant.0)
                    .fetch_one(&self.pool)
                    .await?)
            }
        }
    };
}

sql_store!(SqliteStore, Sqlite, SqliteRow, SqliteConnection);
sql_store!(PostgresStore, Postgres, PgRow, PgConnection);
