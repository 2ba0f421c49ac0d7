//! Persistence behind one trait, with a SQLite implementation (the embedded default) and a PostgreSQL one (scale
//! out). Both share the SQL text in `sql.rs`; only dialect-specific statements differ.

mod accounts;
mod api_requests;
mod autopay;
mod checkouts;
mod comments;
mod credentials;
mod domains;
mod estimates;
mod gateway_refs;
mod imports;
mod invoices;
mod mail;
mod members;
mod migrate;
mod payments;
mod prelude;
mod sandbox;
mod saved_methods;
mod schema;
mod sessions;
mod sql;
mod statements;
mod subscriptions;
mod tenants;
mod webhooks;

use std::sync::Arc;

use crate::clock::{SharedClock, SystemClock};

use crate::domain::ImportError;
use crate::domain::*;

pub use accounts::AccountStore;
pub use api_requests::ApiRequestStore;
pub use autopay::AutopayStore;
pub use checkouts::CheckoutStore;
pub use comments::CommentStore;
pub use credentials::CredentialStore;
pub use domains::DomainStore;
pub use estimates::EstimateStore;
pub use gateway_refs::GatewayRefs;
pub use imports::ImportStore;
pub use invoices::InvoiceStore;
pub use mail::MailStore;
pub use members::MemberStore;
pub use migrate::{embedded, Migration};
pub use payments::PaymentStore;
pub use sandbox::SandboxLedger;
pub use saved_methods::SavedMethodStore;
pub use schema::SchemaStore;
pub use sessions::SessionStore;
#[cfg(feature = "postgres")]
pub use sql::PostgresStore;
#[cfg(feature = "sqlite")]
pub use sql::SqliteStore;
pub use statements::StatementStore;
pub use subscriptions::SubscriptionStore;
pub use tenants::TenantStore;
pub use webhooks::WebhookStore;

#[derive(Debug, thiserror::Error)]
/// What went wrong in the store.
pub enum StoreError {
    #[error("{0}")]
    /// The change conflicts with what is stored (a taken slug, a duplicate).
    Conflict(String),
    #[error(transparent)]
    /// An import was refused (the error names the record and field).
    Import(#[from] ImportError),
    #[error("migration {version} ({name}) {problem}")]
    /// A migration could not be applied, or was edited after it was.
    Migration {
        /// Its number.
        version: i64,
        /// Its name.
        name: String,
        /// What is wrong.
        problem: String,
    },
    #[error("stored data is not valid: {0}")]
    /// Stored data the domain refuses (it was changed outside Billfold).
    Corrupt(String),
    #[error("unsupported database URL {0:?}: use sqlite://PATH or postgres://…")]
    /// Not a `sqlite://` or `postgres://` URL.
    UnsupportedUrl(String),
    #[error("this build of billfold has no {0} store (enable the crate's `{0}` feature)")]
    /// The URL names a store this build left out (a Cargo feature).
    BackendNotBuilt(&'static str),
    #[error("database error: {0}")]
    /// The database failed.
    Database(#[from] sqlx::Error),
}

/// Cutoffs (Unix seconds) for [`ApiRequestStore::purge_history`].
#[derive(Debug, Clone, Copy)]
pub struct PurgeBefore {
    /// API idempotency records created before this.
    pub api_requests: i64,
    /// Events created before this, once none of their deliveries is still pending.
    pub events: i64,
    /// Sign-in links that expired before this.
    pub sign_in_links: i64,
    /// Rate-limit windows that started before this.
    pub rate_windows: i64,
}

/// What [`ApiRequestStore::purge_history`] deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Purged {
    /// API idempotency records deleted.
    pub api_requests: u64,
    /// Events deleted (with their deliveries and attempts).
    pub events: u64,
    /// Sign-in links deleted.
    pub sign_in_links: u64,
}

impl From<crate::money::MoneyError> for StoreError {
    fn from(e: crate::money::MoneyError) -> Self {
        StoreError::Corrupt(e.to_string())
    }
}

impl From<Invalid> for StoreError {
    fn from(e: Invalid) -> Self {
        StoreError::Corrupt(e.0)
    }
}

/// A store call's result.
pub type StoreResult<T> = Result<T, StoreError>;

/// Which database a store talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// SQLite (the embedded default).
    Sqlite,
    /// PostgreSQL (scale-out).
    Postgres,
}

/// A tenant's SSO key as stored: the secret is sealed under the master key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSsoKey {
    /// The key's id.
    pub key_id: String,
    /// The HMAC secret, sealed under the master key.
    pub sealed_secret: Vec<u8>,
}

/// Everything Billfold keeps. Every tenant-owned operation takes the tenant id, and implementations filter on it in
/// SQL, so one tenant's data is never returned for another.
///
/// It is the sum of one trait per aggregate ([`SchemaStore`], [`TenantStore`], …), each implemented for both
/// backends in its own file; anything implementing all of them is a `Store`.
pub trait Store:
    SchemaStore
    + TenantStore
    + ImportStore
    + AccountStore
    + InvoiceStore
    + PaymentStore
    + StatementStore
    + SubscriptionStore
    + SessionStore
    + CheckoutStore
    + CommentStore
    + DomainStore
    + EstimateStore
    + ApiRequestStore
    + AutopayStore
    + WebhookStore
    + SavedMethodStore
    + MemberStore
    + MailStore
    + SandboxLedger
    + CredentialStore
    + GatewayRefs
    + StoreClock
    + Send
    + Sync
    + 'static
{
}

impl<T> Store for T where
    T: SchemaStore
        + TenantStore
        + ImportStore
        + AccountStore
        + InvoiceStore
        + PaymentStore
        + StatementStore
        + SubscriptionStore
        + SubscriptionStore
        + SessionStore
        + CheckoutStore
        + CommentStore
        + DomainStore
        + DomainStore
        + EstimateStore
        + EstimateStore
        + CommentStore
        + DomainStore
        + DomainStore
        + EstimateStore
        + EstimateStore
        + ApiRequestStore
        + AutopayStore
        + AutopayStore
        + WebhookStore
        + SavedMethodStore
        + MemberStore
        + MailStore
        + SandboxLedger
        + CredentialStore
        + GatewayRefs
        + StoreClock
        + Send
        + Sync
        + 'static
{
}

/// A store shared by the portal, the host and background work.
pub type SharedStore = Arc<dyn Store>;

/// The clock a store stamps its writes with; the portal built on the store reads the same one.
pub trait StoreClock {
    /// The store's clock.
    fn clock(&self) -> &SharedClock;
}

/// SQLite's default pool size. Each connection is a thread of its own with its own page and statement caches, and
/// SQLite serialises writers: on the benchmark (`bench/dashboard.sh`, 2 cores) 4 connections serve pages as fast as
/// 10 and the host's peak memory falls from 72 to 56 MB.
pub const SQLITE_CONNECTIONS: u32 = 4;

/// PostgreSQL's default pool size.
pub const POSTGRES_CONNECTIONS: u32 = 10;

/// Options for opening a store.
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    /// The pool's size; `None` takes the store's default ([`SQLITE_CONNECTIONS`], [`POSTGRES_CONNECTIONS`]).
    pub max_connections: Option<u32>,
    /// Apply migrations on connect (turn off when the embedding application runs them itself).
    pub run_migrations: bool,
    /// Where the store and every portal on it read the time (default: the system clock).
    pub clock: SharedClock,
}

impl Default for ConnectOptions {
    fn default() -> Self {
        ConnectOptions {
            max_connections: None,
            run_migrations: true,
            clock: Arc::new(SystemClock),
        }
    }
}

/// Opens the store named by `url`: `sqlite://path` (created if missing) or `postgres://…`.
pub async fn connect(url: &str, options: &ConnectOptions) -> StoreResult<SharedStore> {
    let store: SharedStore = if url.starts_with("sqlite:") {
        #[cfg(feature = "sqlite")]
        {
            Arc::new(SqliteStore::connect(url, options).await?)
        }
        #[cfg(not(feature = "sqlite"))]
        return Err(StoreError::BackendNotBuilt("sqlite"));
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        #[cfg(feature = "postgres")]
        {
            Arc::new(PostgresStore::connect(url, options).await?)
        }
        #[cfg(not(feature = "postgres"))]
        return Err(StoreError::BackendNotBuilt("postgres"));
    } else {
        return Err(StoreError::UnsupportedUrl(redact_url(url)));
    };
    if options.run_migrations {
        store.migrate().await?;
    }
    Ok(store)
}

/// A database URL with any password replaced, for messages and logs.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or("");
            let masked = if userinfo.contains(':') {
                format!("{user}:[redacted]")
            } else {
                user.to_string()
            };
            format!("{scheme}://{masked}@{host}{path}")
        }
        None => url.to_string(),
    }
}
