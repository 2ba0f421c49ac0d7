//! The SQLite and PostgreSQL stores: their connections, what differs between the two databases ([`Dialect`]), and
//! the helpers and row mappers every aggregate's store file shares (`sql_helpers!`, expanded for each backend). The
//! SQL text is written once (`$N` placeholders work on both); only the [`Dialect`] constants differ.

use std::collections::HashMap;
use std::str::FromStr;
use std::time::Duration;

use rust_decimal::Decimal;
#[cfg(feature = "postgres")]
use sqlx::postgres::{PgConnection, PgPool, PgPoolOptions, PgRow, Postgres};
#[cfg(feature = "sqlite")]
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool, SqlitePoolOptions,
    SqliteRow, SqliteSynchronous,
};
#[cfg(feature = "sqlite")]
use sqlx::Sqlite;
use sqlx::{Connection, QueryBuilder, Row};
use time::{Date, OffsetDateTime};

use super::migrate::{embedded, Migration};
use super::{Backend, ConnectOptions, StoreClock, StoreError, StoreResult};
use crate::clock::SharedClock;
use crate::domain::*;
use crate::money::{Currency, Money};

/// What differs between the two databases.
pub(super) trait Dialect {
    const BACKEND: Backend;
    const MIGRATIONS: &'static [Migration];
    /// Serialises concurrent `migrate` calls from several processes (PostgreSQL advisory lock).
    const MIGRATION_LOCK: Option<(&'static str, &'static str)>;
    const MIGRATION_TABLE: &'static str;
    /// Refreshes planner statistics after a large import, so the first page views afterwards use the indexes.
    /// SQLite keeps only the per-index averages (`sqlite_stat1`): with the value samples of `sqlite_stat4` present,
    /// SQLite (built with STAT4, as `libsqlite3-sys` builds it) marks every statement whose plan could depend on a
    /// bound value as expired each time a value is bound, and parses and plans it again on every execution — a
    /// fifth of a dashboard's time. Our reads are keyed by tenant and account, where the averages choose the same index.
    const AFTER_BULK_LOAD: Option<&'static str>;
    /// The operator that matches a [`contains_pattern`] ignoring case (with `ESCAPE '\\'`).
    const LIKE_ANY_CASE: &'static str;
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

#[cfg(feature = "sqlite")]
/// The SQLite store (the embedded default).
pub struct SqliteStore {
    pub(super) pool: SqlitePool,
    pub(super) clock: SharedClock,
}

#[cfg(feature = "postgres")]
/// The PostgreSQL store.
pub struct PostgresStore {
    pub(super) pool: PgPool,
    pub(super) clock: SharedClock,
}

#[cfg(feature = "sqlite")]
/// `ANALYZE` keeping only `sqlite_stat1` (see [`Dialect::AFTER_BULK_LOAD`]); `ANALYZE sqlite_schema` reloads the
/// statistics into the connection.
const SQLITE_ANALYZE: &str = "ANALYZE; DELETE FROM sqlite_stat4; ANALYZE sqlite_schema";

#[cfg(feature = "sqlite")]
impl Dialect for SqliteStore {
    const BACKEND: Backend = Backend::Sqlite;
    const MIGRATIONS: &'static [Migration] = embedded::SQLITE;
    const MIGRATION_LOCK: Option<(&'static str, &'static str)> = None;
    const MIGRATION_TABLE: &'static str = "CREATE TABLE IF NOT EXISTS billfold_migrations (
        version BIGINT PRIMARY KEY, name TEXT NOT NULL, checksum BLOB NOT NULL, applied_at BIGINT NOT NULL)";
    const AFTER_BULK_LOAD: Option<&'static str> = Some(SQLITE_ANALYZE);
    // SQLite's LIKE ignores ASCII case.
    const LIKE_ANY_CASE: &'static str = "LIKE";
    // One writer at a time: the claiming UPDATE is atomic on its own.
    const SKIP_LOCKED: &'static str = "";
    const BEGIN_WRITE: &'static str = "BEGIN IMMEDIATE";
    const LOCK_INVOICE: Option<&'static str> = None;
    const LOCK_ACCOUNT: Option<&'static str> = None;
}

#[cfg(feature = "postgres")]
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
    const LIKE_ANY_CASE: &'static str = "ILIKE";
    const SKIP_LOCKED: &'static str = "FOR UPDATE SKIP LOCKED";
    const BEGIN_WRITE: &'static str = "BEGIN";
    const LOCK_INVOICE: Option<&'static str> =
        Some("SELECT id FROM invoices WHERE tenant_id = $1 AND id = $2 FOR NO KEY UPDATE");
    const LOCK_ACCOUNT: Option<&'static str> =
        Some("SELECT id FROM accounts WHERE tenant_id = $1 AND id = $2 FOR NO KEY UPDATE");
}

#[cfg(feature = "sqlite")]
impl SqliteStore {
    /// Opens (creating if missing) a SQLite database in WAL mode with foreign keys enforced and a busy timeout.
    pub async fn connect(url: &str, options: &ConnectOptions) -> StoreResult<SqliteStore> {
        let connect = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(
                options
                    .max_connections
                    .unwrap_or(super::SQLITE_CONNECTIONS)
                    .max(1),
            )
            .connect_with(connect)
            .await?;
        // A database analysed by an earlier version (or by hand) may hold value samples: drop them (see
        // `SQLITE_ANALYZE`). The check reads; only a database with samples is written to.
        let has_samples: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE name = 'sqlite_stat4')",
        )
        .fetch_one(&pool)
        .await?;
        if has_samples {
            let samples: i64 = sqlx::query_scalar("SELECT count(*) FROM sqlite_stat4")
                .fetch_one(&pool)
                .await?;
            if samples > 0 {
                sqlx::query("DELETE FROM sqlite_stat4; ANALYZE sqlite_schema")
                    .execute(&pool)
                    .await?;
            }
        }
        Ok(SqliteStore {
            pool,
            clock: options.clock.clone(),
        })
    }
}

#[cfg(feature = "postgres")]
impl PostgresStore {
    /// Opens the database at `url` (migrations are applied by [`connect`](super::connect)).
    pub async fn connect(url: &str, options: &ConnectOptions) -> StoreResult<PostgresStore> {
        let pool = PgPoolOptions::new()
            .max_connections(
                options
                    .max_connections
                    .unwrap_or(super::POSTGRES_CONNECTIONS)
                    .max(1),
            )
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await?;
        Ok(PostgresStore {
            pool,
            clock: options.clock.clone(),
        })
    }

    /// The underlying pool, for tests and tools that need raw access.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

#[cfg(feature = "sqlite")]
impl SqliteStore {
    /// The underlying pool, for tests and tools that need raw access.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

// --- SQL text, shared by both backends ------------------------------------------------------------------------

pub(super) const UPSERT_USER: &str =
    "INSERT INTO users (tenant_id, email, name, created_at) VALUES ($1, $2, $3, $4) \
    ON CONFLICT (tenant_id, email) DO UPDATE \
    SET name = CASE WHEN excluded.name = '' THEN users.name ELSE excluded.name END \
    RETURNING id";

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

/// The `LIKE` pattern for numbers containing `search` (its `\\`, `%` and `_` taken literally).
pub(super) fn contains_pattern(search: &str) -> String {
    let mut p = String::with_capacity(search.len() + 2);
    p.push('%');
    for c in search.chars() {
        if matches!(c, '\\' | '%' | '_') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
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

/// The start of the statement that writes a pending delivery of events of tenant `$1` to every enabled endpoint that
/// wants their type (`*` or a comma-separated list); the caller appends which events (` AND e.id …`).
macro_rules! deliveries_for_events {
    () => {
        "INSERT INTO webhook_deliveries (tenant_id, event_id, endpoint_id, status, next_attempt_at) \
         SELECT e.tenant_id, e.id, w.id, 'pending', e.created_at FROM events e \
         JOIN webhook_endpoints w ON w.tenant_id = e.tenant_id AND w.disabled_at IS NULL \
         AND (w.events = '*' OR (',' || w.events || ',') LIKE ('%,' || e.type || ',%')) \
         WHERE e.tenant_id = $1"
    };
}

macro_rules! sql_helpers {
    ($store:ident, $db:ty, $row:ty, $conn:ty) => {
        impl StoreClock for $store {
            fn clock(&self) -> &SharedClock {
                &self.clock
            }
        }

        impl $store {
            /// The time by the store's clock.
            pub(super) fn now(&self) -> OffsetDateTime {
                self.clock.now()
            }

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
                        address: r.try_get("vendor_address")?,
                        tax_id: r.try_get("tax_id")?,
                        remit_to: r.try_get("remit_to")?,
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
                        sign_in: SignInMethods::parse(r.try_get("sign_in_methods")?)?,
                        subscription_cancel: CancelPolicy::parse(r.try_get("subscription_cancel")?)?,
                        autopay_days_after_issue: r
                            .try_get::<Option<i64>, _>("autopay_days_after_issue")?
                            .and_then(|d| u32::try_from(d).ok()),
                        autopay_max_failures: u32::try_from(r.try_get::<i64, _>("autopay_max_failures")?)
                            .map_err(|_| StoreError::Corrupt("negative autopay_max_failures".into()))?,
                        default_locale: crate::locale::Locale::parse(r.try_get("default_locale")?).unwrap_or_default(),
                    },
                    custom_domain: r.try_get("custom_domain")?,
                })
            }

            /// Binds a tenant's editable fields as the next twenty parameters (`$2`…`$21`).
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
                    .bind(t.settings.sign_in.to_storage())
                    .bind(&t.branding.address)
                    .bind(&t.branding.tax_id)
                    .bind(&t.branding.remit_to)
                    .bind(t.settings.subscription_cancel.as_str())
                    .bind(t.settings.autopay_days_after_issue.map(i64::from))
                    .bind(i64::from(t.settings.autopay_max_failures))
                    .bind(t.settings.default_locale.code())
            }

            /// Writes an event and a pending delivery for every enabled endpoint that wants it, on `conn` (inside the
            /// transaction of the change it reports).
            pub(super) async fn emit_event(conn: &mut $conn, tenant: TenantId, event: &DomainEvent, at: i64) -> StoreResult<()> {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO events (tenant_id, type, payload, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
                )
                .bind(tenant.0)
                .bind(event.type_name())
                .bind(event.payload())
                .bind(at)
                .fetch_one(&mut *conn)
                .await?;
                sqlx::query(concat!(deliveries_for_events!(), " AND e.id = $2"))
                    .bind(tenant.0)
                    .bind(id)
                    .execute(&mut *conn)
                    .await?;
                Ok(())
            }

            /// Many events at once, as [`Self::emit_event`] writes one: a thousand events and their deliveries per
            /// two statements.
            pub(super) async fn emit_events(conn: &mut $conn, tenant: TenantId, events: &[DomainEvent], at: i64) -> StoreResult<()> {
                for chunk in events.chunks(1000) {
                    let mut qb: QueryBuilder<$db> =
                        QueryBuilder::new("INSERT INTO events (tenant_id, type, payload, created_at) ");
                    qb.push_values(chunk, |mut b, event| {
                        b.push_bind(tenant.0).push_bind(event.type_name()).push_bind(event.payload()).push_bind(at);
                    });
                    qb.push(" RETURNING id");
                    let ids: Vec<i64> = qb.build_query_scalar().fetch_all(&mut *conn).await?;
                    if ids.is_empty() {
                        continue;
                    }
                    // Internal ids from the store, not input: written into the SQL as numbers.
                    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
                    sqlx::query(&format!("{} AND e.id IN ({list})", deliveries_for_events!()))
                        .bind(tenant.0)
                        .execute(&mut *conn)
                        .await?;
                }
                Ok(())
            }

            pub(super) async fn account_external_id(conn: &mut $conn, account: AccountId) -> StoreResult<String> {
                Ok(sqlx::query_scalar("SELECT external_id FROM accounts WHERE id = $1")
                    .bind(account.0)
                    .fetch_one(&mut *conn)
                    .await?)
            }

            pub(super) async fn method_event(conn: &mut $conn, m: &SavedMethod) -> StoreResult<PaymentMethodEvent> {
                let account = Self::account_external_id(conn, m.account_id).await?;
                Ok(PaymentMethodEvent::of(m, account))
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
                let event = DomainEvent::MembershipChanged(MembershipEvent {
                    account,
                    email: email.to_string(),
                    removed: roles.is_none(),
                    roles: roles.map(|r| r.iter().map(|r| r.as_str().to_string()).collect()).unwrap_or_default(),
                });
                Self::emit_event(conn, tenant, &event, at).await
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
        }
    };
}

/// Row mappers for the aggregates' types, and applying the migrations.
macro_rules! row_mappers {
    ($store:ident, $db:ty, $row:ty, $conn:ty) => {
        impl $store {
            /// An account's totals from the columns of [`ACCOUNT_TOTALS`].
            pub(super) fn summary_from_row(
                r: &$row,
                currency: crate::money::Currency,
            ) -> StoreResult<AccountSummary> {
                Ok(AccountSummary {
                    total_outstanding: Money::from_minor(r.try_get("outstanding_minor")?, currency),
                    unpaid_invoices: r.try_get("open_invoice_count")?,
                    invoices: r.try_get("invoice_count")?,
                    void_invoices: r.try_get("void_invoice_count")?,
                })
            }

            pub(super) fn account_from_row(r: &$row) -> StoreResult<Account> {
                let currency = currency(r.try_get("currency")?)?;
                Ok(Account {
                    id: AccountId(r.try_get("id")?),
                    external_id: r.try_get("external_id")?,
                    name: r.try_get("name")?,
                    currency,
                    summary: Self::summary_from_row(r, currency)?,
                    address: r.try_get("address")?,
                    subscription_count: r.try_get("subscription_count")?,
                    estimate_count: r.try_get("estimate_count")?,
                    locale: r
                        .try_get::<Option<String>, _>("locale")?
                        .and_then(|l| crate::locale::Locale::parse(&l)),
                })
            }

            pub(super) fn invoice_from_row(r: &$row) -> StoreResult<Invoice> {
                let cur = currency(r.try_get("currency")?)?;
                let money = |col: &str| -> StoreResult<Money> {
                    Ok(Money::from_minor(r.try_get(col)?, cur))
                };
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
                    po_number: r.try_get("po_number")?,
                    needs_attention: r.try_get("needs_attention")?,
                    comment_count: r.try_get("comment_count")?,
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
                    amount: Money::from_minor(
                        r.try_get("amount_minor")?,
                        currency(r.try_get("currency")?)?,
                    ),
                    kind: PaymentType::parse(r.try_get("kind")?)?,
                    method_label: r.try_get("method_label")?,
                    reference: r.try_get("reference")?,
                    status: PaymentStatus::parse(r.try_get("status")?)?,
                    receipt_number: r.try_get("receipt_number")?,
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
                    scope: r
                        .try_get::<Option<String>, _>("scope")?
                        .map(|s| SessionScope::parse(&s))
                        .transpose()?,
                })
            }

            pub(super) async fn run_migrations(conn: &mut $conn) -> StoreResult<()> {
                sqlx::query(<$store as Dialect>::MIGRATION_TABLE)
                    .execute(&mut *conn)
                    .await?;
                let applied: Vec<(i64, Vec<u8>)> = sqlx::query_as(
                    "SELECT version, checksum FROM billfold_migrations ORDER BY version",
                )
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
                    sqlx::Executor::execute(&mut *tx, m.sql)
                        .await
                        .map_err(|e| StoreError::Migration {
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
                    .bind(OffsetDateTime::now_utc().unix_timestamp())
                    .execute(&mut *tx)
                    .await?;
                    tx.commit().await?;
                    tracing::info!(version = m.version, name = m.name, "applied migration");
                }
                Ok(())
            }
        }
    };
}

#[cfg(feature = "sqlite")]
sql_helpers!(SqliteStore, Sqlite, SqliteRow, SqliteConnection);
#[cfg(feature = "sqlite")]
row_mappers!(SqliteStore, Sqlite, SqliteRow, SqliteConnection);
#[cfg(feature = "postgres")]
sql_helpers!(PostgresStore, Postgres, PgRow, PgConnection);
#[cfg(feature = "postgres")]
row_mappers!(PostgresStore, Postgres, PgRow, PgConnection);
