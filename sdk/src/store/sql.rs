//! The SQLite and PostgreSQL stores. The SQL text is written once (`$N` placeholders work on both) and the method
//! bodies are expanded for each backend by `sql_store!`; only the [`Dialect`] constants differ.

use std::collections::HashMap;
use std::str::FromStr;
use std::time::Duration;

use rust_decimal::Decimal;
use sqlx::postgres::{PgConnection, PgPool, PgPoolOptions, PgRow, Postgres};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool, SqlitePoolOptions,
    SqliteRow, SqliteSynchronous,
};
use sqlx::{Connection, QueryBuilder, Row, Sqlite};
use time::{Date, OffsetDateTime};

use super::migrate::{embedded, Migration};
use super::{Backend, StoreError, StoreResult};
use crate::domain::*;
use crate::import::{Batch, ImportError, ImportSummary};
use crate::money::{Currency, Money};

/// What differs between the two databases.
pub(super) trait Dialect {
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
pub(super) const BULK_LOAD_INVOICES: usize = 5_000;

pub struct SqliteStore {
    pub(super) pool: SqlitePool,
}

pub struct PostgresStore {
    pub(super) pool: PgPool,
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

pub(super) const TENANT_COLUMNS: &str = "t.id, t.slug, t.name, t.theme, t.logo_url, t.primary_color, t.support_phone, \
    t.support_email, t.support_hours, t.default_currency, t.past_due_after_days, t.partial_payments, t.ach_enabled, t.frame_ancestors";

/// `$2`…`$13` are a tenant's editable fields, bound by `bind_tenant_fields` for both statements.
pub(super) const INSERT_TENANT: &str = "INSERT INTO tenants (slug, name, theme, logo_url, primary_color, support_phone, \
    support_email, support_hours, default_currency, past_due_after_days, partial_payments, ach_enabled, \
    frame_ancestors, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id";
pub(super) const UPDATE_TENANT: &str = "UPDATE tenants SET name = $2, theme = $3, logo_url = $4, primary_color = $5, \
    support_phone = $6, support_email = $7, support_hours = $8, default_currency = $9, past_due_after_days = $10, \
    partial_payments = $11, ach_enabled = $12, frame_ancestors = $13 WHERE id = $1";
pub(super) const SESSION_COLUMNS: &str =
    "tenant_id, user_id, account_id, csrf_token, created_at, last_seen_at";
/// Payment History rows: a payment once per invoice it paid (its allocations, or while pending, its checkout's).
pub(super) const PAYMENT_ROWS: &str = "SELECT p.id, p.external_id, p.paid_on, i.number, \
    COALESCE(a.amount_minor, ca.amount_minor, p.amount_minor) AS amount_minor, p.currency, p.kind, p.method_label, \
    p.reference, p.status FROM payments p \
    LEFT JOIN allocations a ON a.payment_id = p.id \
    LEFT JOIN checkout_allocations ca ON a.payment_id IS NULL AND ca.checkout_id = p.checkout_id \
    LEFT JOIN invoices i ON i.id = COALESCE(a.invoice_id, ca.invoice_id)";
/// A session's last-seen time is written at most this often (seconds), so page views rarely write.
pub(super) const TOUCH_INTERVAL_SECS: i64 = 60;
pub(super) const INSERT_API_KEY: &str =
    "INSERT INTO api_keys (tenant_id, prefix, key_hash, created_at) VALUES ($1, $2, $3, $4)";
pub(super) const INSERT_SSO_KEY: &str =
    "INSERT INTO sso_keys (tenant_id, key_id, sealed_secret, created_at) VALUES ($1, $2, $3, $4)";
pub(super) const REVOKE_SSO_KEY: &str = "UPDATE sso_keys SET revoked_at = $3 \
    WHERE tenant_id = $1 AND key_id = $2 AND revoked_at IS NULL";
pub(super) const ACTIVE_SSO_KEYS: &str = "SELECT key_id, sealed_secret FROM sso_keys \
    WHERE tenant_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC, id DESC";

pub(super) const ACCOUNT_COLUMNS: &str = "a.id, a.external_id, a.name, a.currency";
pub(super) const UPSERT_ACCOUNT: &str = "INSERT INTO accounts (tenant_id, external_id, name, currency, created_at, updated_at) \
    VALUES ($1, $2, $3, $4, $5, $5) \
    ON CONFLICT (tenant_id, external_id) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at \
    RETURNING id, currency";
pub(super) const ACCOUNT_ID_BY_EXTERNAL_ID: &str =
    "SELECT id FROM accounts WHERE tenant_id = $1 AND external_id = $2";

pub(super) const UPSERT_USER: &str =
    "INSERT INTO users (tenant_id, email, name, created_at) VALUES ($1, $2, $3, $4) \
    ON CONFLICT (tenant_id, email) DO UPDATE \
    SET name = CASE WHEN excluded.name = '' THEN users.name ELSE excluded.name END \
    RETURNING id";
pub(super) const UPSERT_MEMBERSHIP: &str =
    "INSERT INTO memberships (tenant_id, user_id, account_id, roles) \
    VALUES ($1, $2, $3, $4) \
    ON CONFLICT (tenant_id, user_id, account_id) DO UPDATE SET roles = excluded.roles";

/// Payments whose gateway call is unconfirmed, with their checkout's state (add a WHERE clause).
pub(super) const UNCONFIRMED_PAYMENTS: &str =
    "SELECT p.tenant_id, p.id, p.external_id, p.gateway, c.state, c.charged_at \
    FROM payments p JOIN checkouts c ON c.id = p.checkout_id";
pub(super) const SAVED_METHOD_COLUMNS: &str =
    "id, public_id, account_id, gateway, customer_ref, reference, kind, brand, last4, \
    exp_month, exp_year, is_default, created_at";

pub(super) const INVOICE_COLUMNS: &str =
    "i.id, i.account_id, i.number, i.issued_on, i.due_on, i.currency, \
    i.subtotal_minor, i.tax_minor, i.total_minor, i.paid_minor, i.pending_minor, i.voided";
pub(super) const UPSERT_INVOICES_HEAD: &str =
    "INSERT INTO invoices (tenant_id, account_id, number, issued_on, due_on, \
    currency, subtotal_minor, tax_minor, total_minor, created_at, updated_at) ";
/// Updates an existing invoice only while it stays with its account and above what has been paid on it; a refused
/// row is missing from `RETURNING`.
pub(super) const UPSERT_INVOICES_TAIL: &str = " ON CONFLICT (tenant_id, number) DO UPDATE SET issued_on = excluded.issued_on, due_on = excluded.due_on, \
    currency = excluded.currency, subtotal_minor = excluded.subtotal_minor, tax_minor = excluded.tax_minor, \
    total_minor = excluded.total_minor, updated_at = excluded.updated_at \
    WHERE invoices.account_id = excluded.account_id \
    AND invoices.paid_minor + invoices.pending_minor <= excluded.total_minor \
    RETURNING id, number";
pub(super) const INSERT_LINES_HEAD: &str =
    "INSERT INTO invoice_lines (tenant_id, invoice_id, position, description, quantity, unit_price_minor, \
     amount_minor) ";
pub(super) const INVOICE_CONFLICT: &str =
    "SELECT account_id, paid_minor + pending_minor AS paid_minor FROM invoices WHERE tenant_id = $1 AND number = $2";
pub(super) const INVOICE_BY_NUMBER: &str =
    "SELECT id, account_id, total_minor FROM invoices WHERE tenant_id = $1 AND number = $2";
pub(super) const INVOICE_LINES: &str =
    "SELECT l.description, l.quantity, l.unit_price_minor, l.amount_minor, i.currency FROM invoice_lines l \
    JOIN invoices i ON i.tenant_id = l.tenant_id AND i.id = l.invoice_id \
    WHERE l.tenant_id = $1 AND l.invoice_id = $2 ORDER BY l.position";

pub(super) const UPSERT_PAYMENT: &str = "INSERT INTO payments (tenant_id, account_id, external_id, amount_minor, currency, kind, \
    reference, paid_on, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'succeeded', $9) \
    ON CONFLICT (tenant_id, account_id, external_id) DO UPDATE SET amount_minor = excluded.amount_minor, \
    kind = excluded.kind, reference = excluded.reference, paid_on = excluded.paid_on \
    RETURNING id";
pub(super) const PAYMENT_ALLOCATED_INVOICES: &str =
    "SELECT invoice_id FROM allocations WHERE payment_id = $1";
pub(super) const DELETE_ALLOCATIONS: &str = "DELETE FROM allocations WHERE payment_id = $1";
pub(super) const INSERT_ALLOCATION: &str =
    "INSERT INTO allocations (tenant_id, payment_id, invoice_id, amount_minor) VALUES ($1, $2, $3, $4)";
/// What has been paid on an invoice: its succeeded payments' allocations.
pub(super) const INVOICE_PAID_FROM_ALLOCATIONS: &str = "SELECT i.number, i.total_minor, i.currency, i.pending_minor, \
    CAST(COALESCE((SELECT SUM(a.amount_minor) FROM allocations a JOIN payments p ON p.id = a.payment_id \
      WHERE a.invoice_id = i.id AND p.status = 'succeeded'), 0) AS BIGINT) AS paid \
    FROM invoices i WHERE i.tenant_id = $1 AND i.id = $2";
pub(super) const SET_INVOICE_PAID: &str =
    "UPDATE invoices SET paid_minor = $3 WHERE tenant_id = $1 AND id = $2";

/// Recomputes an account's totals from its invoices (one indexed pass over that account only).
pub(super) const REFRESH_ACCOUNT_TOTALS: &str = "UPDATE accounts SET \
    invoice_count = (SELECT COUNT(*) FROM invoices i WHERE i.tenant_id = accounts.tenant_id AND i.account_id = accounts.id), \
    open_invoice_count = (SELECT COUNT(*) FROM invoices i WHERE i.tenant_id = accounts.tenant_id \
      AND i.account_id = accounts.id AND i.paid_minor < i.total_minor AND NOT i.voided), \
    void_invoice_count = (SELECT COUNT(*) FROM invoices i WHERE i.tenant_id = accounts.tenant_id \
      AND i.account_id = accounts.id AND i.voided), \
    outstanding_minor = (SELECT CAST(COALESCE(SUM(i.total_minor - i.paid_minor), 0) AS BIGINT) FROM invoices i \
      WHERE i.tenant_id = accounts.tenant_id AND i.account_id = accounts.id \
      AND i.paid_minor < i.total_minor AND NOT i.voided) \
    WHERE tenant_id = $1 AND id = $2";
pub(super) const ACCOUNT_TOTALS: &str =
    "SELECT currency, invoice_count, open_invoice_count, void_invoice_count, \
    outstanding_minor FROM accounts WHERE tenant_id = $1 AND id = $2";
/// Invoices written per multi-row statement during an import (10 parameters each).
pub(super) const INVOICE_CHUNK: usize = 500;
/// Invoice lines written per multi-row statement (6 parameters each).
pub(super) const LINE_CHUNK: usize = 1000;

pub(super) const OPEN_INVOICE: &str = "i.paid_minor < i.total_minor AND NOT i.voided";
pub(super) const PAID_INVOICE: &str = "i.paid_minor >= i.total_minor AND NOT i.voided";

pub(super) fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

pub(super) fn currency(code: &str) -> StoreResult<Currency> {
    Ok(Currency::from_code(code)?)
}

pub(super) fn unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

/// Closes an `… IN (` clause with one bind per key.
pub(super) fn push_in_list<'a, DB: sqlx::Database>(
    qb: &mut QueryBuilder<'a, DB>,
    keys: &'a [String],
) where
    String: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    let mut sep = qb.separated(", ");
    for k in keys {
        sep.push_bind(k.clone());
    }
    sep.push_unseparated(")");
}

macro_rules! sql_helpers {
    ($store:ident, $db:ty, $row:ty, $conn:ty) => {
        impl $store {
            pub(super) fn tenant_from_row(r: &$row) -> StoreResult<Tenant> {
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
            pub(super) fn bind_tenant_fields<'q>(
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
            pub(super) async fn emit_event(conn: &mut $conn, tenant: TenantId, kind: &str, payload: &serde_json::Value, at: i64) -> StoreResult<()> {
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

            pub(super) async fn fan_out(conn: &mut $conn, tenant: TenantId, event: i64, kind: &str, at: i64) -> StoreResult<()> {
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

            pub(super) async fn account_external_id(conn: &mut $conn, account: AccountId) -> StoreResult<String> {
                Ok(sqlx::query_scalar("SELECT external_id FROM accounts WHERE id = $1")
                    .bind(account.0)
                    .fetch_one(&mut *conn)
                    .await?)
            }

            pub(super) async fn method_payload(conn: &mut $conn, _tenant: TenantId, m: &SavedMethod) -> StoreResult<serde_json::Value> {
                let account = Self::account_external_id(conn, m.account_id).await?;
                Ok(serde_json::json!({"payment_method": {
                    "id": m.public_id, "account": account, "type": m.kind, "brand": m.brand, "last4": m.last4,
                    "exp_month": m.exp_month, "exp_year": m.exp_year,
                }}))
            }

            /// `membership.changed`: `roles` is `None` when the membership was removed.
            pub(super) async fn membership_changed(
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
            pub(super) async fn emit_invoices_created(conn: &mut $conn, tenant: TenantId, at: OffsetDateTime) -> StoreResult<()> {
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
            pub(super) async fn paid_among_with_account(
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
            pub(super) async fn refresh_account_totals(conn: &mut $conn, tenant: TenantId, account: i64) -> StoreResult<()> {
                if let Some(lock) = <$store as Dialect>::LOCK_ACCOUNT {
                    sqlx::query(lock).bind(tenant.0).bind(account).execute(&mut *conn).await?;
                }
                sqlx::query(REFRESH_ACCOUNT_TOTALS).bind(tenant.0).bind(account).execute(&mut *conn).await?;
                Ok(())
            }

            pub(super) async fn paid_among(conn: &mut $conn, tenant: TenantId, numbers: &[String]) -> StoreResult<Vec<String>> {
                Ok(Self::paid_among_with_account(conn, tenant, numbers)
                    .await?
                    .into_iter()
                    .map(|(number, _)| number)
                    .collect())
            }

            pub(super) fn unconfirmed_from_row(r: &$row) -> StoreResult<UnconfirmedPayment> {
                Ok(UnconfirmedPayment {
                    tenant_id: TenantId(r.try_get("tenant_id")?),
                    payment_id: PaymentId(r.try_get("id")?),
                    idempotency_key: r.try_get("external_id")?,
                    checkout_state: CheckoutState::parse(r.try_get("state")?)?,
                    gateway: r.try_get::<Option<String>, _>("gateway")?.unwrap_or_default(),
                    charged_at: r.try_get("charged_at")?,
                })
            }

            pub(super) fn endpoint_from_row(r: &$row) -> StoreResult<WebhookEndpoint> {
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

            pub(super) fn saved_method_from_row(r: &$row) -> StoreResult<SavedMethod> {
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
            pub(super) async fn lock_account_rows(conn: &mut $conn, tenant: TenantId, account: AccountId) -> StoreResult<()> {
                sqlx::query("UPDATE accounts SET id = id WHERE tenant_id = $1 AND id = $2")
                    .bind(tenant.0)
                    .bind(account.0)
                    .execute(&mut *conn)
                    .await?;
                Ok(())
            }

            pub(super) async fn insert_audit(conn: &mut $conn, e: &NewAuditEntry<'_>) -> StoreResult<()> {
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
            pub(super) async fn is_last_admin(conn: &mut $conn, tenant: TenantId, account: AccountId, user: UserId) -> StoreResult<bool> {
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

            pub(super) fn account_from_row(r: &$row) -> StoreResult<Account> {
                Ok(Account {
                    id: AccountId(r.try_get("id")?),
                    external_id: r.try_get("external_id")?,
                    name: r.try_get("name")?,
                    currency: currency(r.try_get("currency")?)?,
                })
            }

            pub(super) fn invoice_from_row(r: &$row) -> StoreResult<Invoice> {
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
            pub(super) fn line_from_row(r: &$row) -> StoreResult<InvoiceLine> {
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

            pub(super) fn history_from_row(r: &$row) -> StoreResult<PaymentHistoryRow> {
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

            pub(super) fn session_from_row(r: &$row) -> StoreResult<SessionRecord> {
                Ok(SessionRecord {
                    tenant_id: TenantId(r.try_get("tenant_id")?),
                    user_id: UserId(r.try_get("user_id")?),
                    account_id: AccountId(r.try_get("account_id")?),
                    csrf_token: r.try_get("csrf_token")?,
                    created_at: r.try_get("created_at")?,
                    last_seen_at: r.try_get("last_seen_at")?,
                })
            }

            pub(super) async fn run_migrations(conn: &mut $conn) -> StoreResult<()> {
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
            pub(super) async fn invoice_conflict(
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

            pub(super) async fn account_id(
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

            pub(super) async fn import_in_transaction(
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

    };
}

sql_helpers!(SqliteStore, Sqlite, SqliteRow, SqliteConnection);
sql_helpers!(PostgresStore, Postgres, PgRow, PgConnection);
