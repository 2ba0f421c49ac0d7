//! Persistence behind one trait, with a SQLite implementation (the embedded default) and a PostgreSQL one (scale
//! out). Both share the SQL text in `sql.rs`; only dialect-specific statements differ.

mod migrate;
mod sql;

use std::sync::Arc;

use async_trait::async_trait;
use time::Date;

use crate::domain::*;
use crate::import::{Batch, ImportError, ImportSummary};
use crate::money::Money;

pub use migrate::{embedded, Migration};
pub use sql::{PostgresStore, SqliteStore};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    Conflict(String),
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error("migration {version} ({name}) {problem}")]
    Migration {
        version: i64,
        name: String,
        problem: String,
    },
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    #[error("unsupported database URL {0:?}: use sqlite://PATH or postgres://…")]
    UnsupportedUrl(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

/// Cutoffs (Unix seconds) for [`Store::purge_history`].
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

/// What [`Store::purge_history`] deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Purged {
    pub api_requests: u64,
    pub events: u64,
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

pub type StoreResult<T> = Result<T, StoreError>;

/// Which database a store talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A tenant's SSO key as stored: the secret is sealed under the master key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSsoKey {
    pub key_id: String,
    pub sealed_secret: Vec<u8>,
}

/// Everything Billfold keeps. Every tenant-owned operation takes the tenant id, and implementations filter on it in
/// SQL, so one tenant's data is never returned for another.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    fn backend(&self) -> Backend;

    /// Applies pending migrations (idempotent; safe when several hosts start at once).
    async fn migrate(&self) -> StoreResult<()>;

    /// Versions of the migrations applied so far, in order.
    async fn applied_migrations(&self) -> StoreResult<Vec<i64>>;

    // --- tenants and their keys -------------------------------------------------------------------------------
    /// Creates a tenant with its first API key hash and SSO key, all or nothing. A taken slug is a `Conflict`.
    async fn create_tenant(
        &self,
        tenant: &NewTenant,
        api_key_prefix: &str,
        api_key_hash: &[u8; 32],
        sso_key_id: &str,
        seal_sso_secret: &(dyn Fn(TenantId) -> Result<Vec<u8>, String> + Sync),
    ) -> StoreResult<Tenant>;
    async fn tenant_by_slug(&self, slug: &str) -> StoreResult<Option<Tenant>>;
    async fn list_tenants(&self) -> StoreResult<Vec<Tenant>>;
    /// Replaces a tenant's name, theme, branding and settings (the slug never changes).
    async fn update_tenant(&self, tenant: TenantId, update: &NewTenant) -> StoreResult<Tenant>;
    async fn tenant_by_api_key(&self, key_hash: &[u8; 32]) -> StoreResult<Option<Tenant>>;
    async fn add_sso_key(&self, tenant: TenantId, key: &StoredSsoKey) -> StoreResult<()>;
    /// Adds another API key (its hash and display prefix).
    async fn add_api_key(
        &self,
        tenant: TenantId,
        prefix: &str,
        key_hash: &[u8; 32],
    ) -> StoreResult<()>;
    /// The tenant's API keys: `(prefix, created at, revoked)`, oldest first.
    async fn api_keys(&self, tenant: TenantId) -> StoreResult<Vec<(String, String, bool)>>;
    /// Revokes the key with this prefix; `false` if there is no such active key.
    async fn revoke_api_key(&self, tenant: TenantId, prefix: &str) -> StoreResult<bool>;
    async fn revoke_sso_key(&self, tenant: TenantId, key_id: &str) -> StoreResult<bool>;
    async fn active_sso_keys(&self, tenant: TenantId) -> StoreResult<Vec<StoredSsoKey>>;

    // --- bulk load ----------------------------------------------------------------------------------------------
    /// Writes a validated import batch in one transaction: all of it or, on any error, none of it.
    /// `progress` is called with the number of records written so far.
    async fn apply_import(
        &self,
        tenant: TenantId,
        batch: &Batch,
        progress: &(dyn Fn(u64) + Sync),
    ) -> StoreResult<ImportSummary>;

    // --- reads ---------------------------------------------------------------------------------------------------
    async fn accounts_by_external_ids(
        &self,
        tenant: TenantId,
        external_ids: &[String],
    ) -> StoreResult<Vec<Account>>;
    async fn list_accounts(&self, tenant: TenantId) -> StoreResult<Vec<Account>>;
    async fn user(&self, tenant: TenantId, user: UserId) -> StoreResult<Option<User>>;
    async fn user_by_email(&self, tenant: TenantId, email: &Email) -> StoreResult<Option<User>>;
    async fn memberships(&self, tenant: TenantId, user: UserId) -> StoreResult<Vec<Membership>>;
    /// Invoices by number with the external id of their account (for import validation).
    async fn invoice_owners(
        &self,
        tenant: TenantId,
        numbers: &[String],
    ) -> StoreResult<Vec<(String, String, Money)>>;
    async fn invoice(&self, tenant: TenantId, number: &str) -> StoreResult<Option<Invoice>>;
    /// One page of an account's invoices, newest first, without their lines.
    async fn list_invoices(
        &self,
        tenant: TenantId,
        account: AccountId,
        query: &InvoiceQuery,
    ) -> StoreResult<Page<Invoice>>;
    /// The lines of several invoices at once (one query), keyed by invoice id, in position order.
    async fn invoice_lines(
        &self,
        tenant: TenantId,
        invoices: &[InvoiceId],
    ) -> StoreResult<Vec<(InvoiceId, InvoiceLine)>>;
    /// One payment as Payment History rows (once per invoice it paid or, while pending, will pay).
    async fn payment_rows(
        &self,
        tenant: TenantId,
        payment: PaymentId,
    ) -> StoreResult<Vec<PaymentHistoryRow>>;
    /// The payments applied to one invoice (Payment History rows for that invoice), oldest first.
    async fn invoice_payments(
        &self,
        tenant: TenantId,
        invoice: InvoiceId,
    ) -> StoreResult<Vec<PaymentHistoryRow>>;
    async fn account_summary(
        &self,
        tenant: TenantId,
        account: AccountId,
    ) -> StoreResult<AccountSummary>;
    /// One page of Payment History, newest first (no total: see [`Slice`]).
    async fn payment_history(
        &self,
        tenant: TenantId,
        account: AccountId,
        offset: i64,
        limit: i64,
    ) -> StoreResult<Slice<PaymentHistoryRow>>;
    async fn payment(
        &self,
        tenant: TenantId,
        account: AccountId,
        external_id: &str,
    ) -> StoreResult<Option<Payment>>;

    // --- portal sign-in -----------------------------------------------------------------------------------------
    /// Records an SSO token id as used; `false` if it was used before (a replay). Forgets ids whose tokens have
    /// expired, since an expired token is refused anyway.
    async fn consume_sso_token(
        &self,
        tenant: TenantId,
        jti: &str,
        expires_at: i64,
        now: i64,
    ) -> StoreResult<bool>;
    async fn create_session(&self, id_hash: &[u8; 32], session: &SessionRecord) -> StoreResult<()>;
    async fn session(
        &self,
        tenant: TenantId,
        id_hash: &[u8; 32],
    ) -> StoreResult<Option<SessionRecord>>;
    async fn touch_session(
        &self,
        tenant: TenantId,
        id_hash: &[u8; 32],
        now: i64,
    ) -> StoreResult<()>;
    async fn switch_session_account(
        &self,
        tenant: TenantId,
        id_hash: &[u8; 32],
        account: AccountId,
    ) -> StoreResult<()>;
    async fn delete_session(&self, tenant: TenantId, id_hash: &[u8; 32]) -> StoreResult<()>;
    /// Deletes sessions idle since before `idle_before` or created before `created_before` (Unix seconds).
    async fn purge_sessions(&self, idle_before: i64, created_before: i64) -> StoreResult<u64>;
    /// Deletes records past their retention: idempotency records, events whose deliveries have all finished (with
    /// those deliveries and their attempts) and long-expired sign-in links, each older than its cutoff. The audit
    /// log, payments and invoices are kept.
    async fn purge_history(&self, before: &PurgeBefore) -> StoreResult<Purged>;
    /// Adds `requests` API requests of the key (`key_hash`) to the minute starting at `window_start` (Unix
    /// seconds) and returns the minute's count so far, shared by every host process on this database.
    async fn count_api_requests(
        &self,
        tenant: TenantId,
        key_hash: &[u8; 32],
        window_start: i64,
        requests: i64,
    ) -> StoreResult<i64>;

    // --- online payments ----------------------------------------------------------------------------------------
    /// An account's open invoices (balance above zero, not void), oldest first.
    async fn open_invoices_oldest_first(
        &self,
        tenant: TenantId,
        account: AccountId,
    ) -> StoreResult<Vec<Invoice>>;
    /// Reserves each allocation against its invoice's remaining balance (total − paid − reserved) and creates the
    /// checkout, all or nothing. `None` when an invoice no longer has that much left (another payer got there
    /// first). Reservation is one conditional UPDATE per invoice, so no lock is held beyond this call.
    async fn create_checkout(&self, checkout: &NewCheckout) -> StoreResult<Option<Checkout>>;
    async fn checkout(&self, tenant: TenantId, public_id: &str) -> StoreResult<Option<Checkout>>;
    /// Claims an open, unexpired checkout for one gateway call (open → charging, attempts + 1) and records the
    /// attempt's payment as pending, keyed `<public id>.<attempt>`. `None` if the checkout is not open (a double
    /// submit, or another request is charging it).
    async fn begin_charge(
        &self,
        tenant: TenantId,
        checkout: CheckoutId,
        payment: &NewPortalPayment,
    ) -> StoreResult<Option<(PaymentId, String)>>;
    /// Records a charge attempt's end. Applies only to a payment still pending (so a result applied twice, say by
    /// a webhook and reconciliation at once, counts once); returns whether it applied.
    async fn finish_charge(
        &self,
        tenant: TenantId,
        payment: PaymentId,
        result: &ChargeResult,
    ) -> StoreResult<bool>;
    /// The newest payment attempt of a checkout, with its failure message if it failed.
    async fn checkout_payment(
        &self,
        tenant: TenantId,
        checkout: CheckoutId,
    ) -> StoreResult<Option<(Payment, Option<String>)>>;
    /// Payments whose gateway call is unconfirmed (checkout charging since before `charged_before`) or whose ACH
    /// debit has not settled yet.
    async fn unconfirmed_payments(
        &self,
        charged_before: i64,
    ) -> StoreResult<Vec<UnconfirmedPayment>>;
    /// Gives back the reservations of open checkouts that expired. Returns how many were released.
    async fn release_expired_checkouts(&self, now: i64) -> StoreResult<u64>;

    /// Records the gateway's own id (Stripe PaymentIntent, Authorize.Net transId) for the attempt keyed
    /// `idempotency_key`, so reconciliation can ask the gateway about it.
    async fn set_gateway_ref(
        &self,
        tenant: TenantId,
        idempotency_key: &str,
        reference: &str,
    ) -> StoreResult<()>;
    async fn gateway_ref(
        &self,
        tenant: TenantId,
        idempotency_key: &str,
    ) -> StoreResult<Option<String>>;
    /// The idempotency key of the payment the gateway knows as `reference` (a webhook names charges that way).
    async fn payment_key_by_gateway_ref(
        &self,
        tenant: TenantId,
        reference: &str,
    ) -> StoreResult<Option<String>>;
    /// The pending payment keyed `idempotency_key` (a webhook's own charge), if it is still unconfirmed.
    async fn unconfirmed_payment(
        &self,
        tenant: TenantId,
        idempotency_key: &str,
    ) -> StoreResult<Option<UnconfirmedPayment>>;

    // --- tenant gateways ----------------------------------------------------------------------------------------
    /// Sets the tenant's gateway: its kind and its settings sealed under the master key.
    async fn set_gateway_config(
        &self,
        tenant: TenantId,
        kind: &str,
        sealed_config: &[u8],
    ) -> StoreResult<()>;
    /// `(kind, sealed settings)`; `None` for a tenant on the built-in sandbox.
    async fn gateway_config(&self, tenant: TenantId) -> StoreResult<Option<(String, Vec<u8>)>>;

    /// The type (card, ach…) of the payment keyed `idempotency_key`.
    async fn payment_kind_by_key(
        &self,
        tenant: TenantId,
        idempotency_key: &str,
    ) -> StoreResult<Option<PaymentType>>;

    // --- saved payment methods ----------------------------------------------------------------------------------
    /// An account's saved methods, the default first, then newest first.
    async fn saved_methods(
        &self,
        tenant: TenantId,
        account: AccountId,
    ) -> StoreResult<Vec<SavedMethod>>;
    async fn saved_method(
        &self,
        tenant: TenantId,
        account: AccountId,
        public_id: &str,
    ) -> StoreResult<Option<SavedMethod>>;
    /// Saves a method (the account's first becomes its default) and audits it, in one transaction. A method the
    /// account already keeps (same gateway and reference) is returned as it is, not kept twice.
    async fn add_saved_method(
        &self,
        method: &NewSavedMethod,
        audit: &NewAuditEntry<'_>,
    ) -> StoreResult<SavedMethod>;
    /// Removes a method (a removed default hands over to the newest other method) and audits it. `false` if it
    /// was already gone.
    async fn remove_saved_method(
        &self,
        tenant: TenantId,
        account: AccountId,
        id: i64,
        audit: &NewAuditEntry<'_>,
    ) -> StoreResult<bool>;
    /// Makes a method the account's only default (serialized per account, so concurrent clicks leave exactly one)
    /// and audits it. `false` if the method is gone.
    async fn make_default_method(
        &self,
        tenant: TenantId,
        account: AccountId,
        id: i64,
        audit: &NewAuditEntry<'_>,
    ) -> StoreResult<bool>;
    /// The gateway's customer standing for an account.
    async fn gateway_customer(
        &self,
        tenant: TenantId,
        account: AccountId,
        gateway: &str,
    ) -> StoreResult<Option<String>>;
    /// Records the gateway's customer for an account; if another request recorded one first, returns that one.
    async fn set_gateway_customer(
        &self,
        tenant: TenantId,
        account: AccountId,
        gateway: &str,
        customer_ref: &str,
    ) -> StoreResult<String>;

    // --- an account's users ---------------------------------------------------------------------------------------
    /// The account's users and their roles, by email.
    async fn account_members(
        &self,
        tenant: TenantId,
        account: AccountId,
    ) -> StoreResult<Vec<AccountMember>>;
    /// Gives `email` (a new user, or an existing one) `roles` on the account, and audits it.
    async fn add_member(
        &self,
        tenant: TenantId,
        account: AccountId,
        email: &Email,
        name: &str,
        roles: Roles,
        audit: &NewAuditEntry<'_>,
    ) -> StoreResult<Result<User, MembershipError>>;
    /// Changes a member's roles; refused if it would leave the account without an admin.
    async fn set_member_roles(
        &self,
        tenant: TenantId,
        account: AccountId,
        user: UserId,
        roles: Roles,
        audit: &NewAuditEntry<'_>,
    ) -> StoreResult<Result<(), MembershipError>>;
    /// Removes a membership; refused for the account's last admin.
    async fn remove_member(
        &self,
        tenant: TenantId,
        account: AccountId,
        user: UserId,
        audit: &NewAuditEntry<'_>,
    ) -> StoreResult<Result<(), MembershipError>>;

    // --- audit log ------------------------------------------------------------------------------------------------
    async fn record_audit(&self, entry: &NewAuditEntry<'_>) -> StoreResult<()>;
    /// Newest first: one account's entries, or (`None`) the whole tenant's; `before` an entry id, for paging.
    async fn audit_log(
        &self,
        tenant: TenantId,
        account: Option<AccountId>,
        before: Option<i64>,
        limit: i64,
    ) -> StoreResult<Vec<AuditEntry>>;

    // --- sign-in links and other mail -----------------------------------------------------------------------------
    /// Stores a single-use sign-in link (its token's hash) and queues the mail that carries it, together.
    async fn create_sign_in_link(
        &self,
        link: &NewSignInLink,
        mail: &NewMailMessage,
    ) -> StoreResult<()>;
    /// Uses a sign-in link once: `(user, account)` if it exists, is unused and unexpired.
    async fn consume_sign_in_link(
        &self,
        tenant: TenantId,
        token_hash: &[u8; 32],
        now: i64,
    ) -> StoreResult<Option<(UserId, AccountId)>>;
    async fn unsent_messages(&self, limit: i64) -> StoreResult<Vec<MailMessage>>;
    /// Marks a message delivered (and forgets its body, which may hold a sign-in link); `false` if another
    /// process already did.
    async fn mark_message_sent(&self, id: i64, now: i64) -> StoreResult<bool>;

    // --- the REST API ---------------------------------------------------------------------------------------------
    /// A tenant's accounts by internal id, after `after`, at most `limit`.
    async fn accounts_page(
        &self,
        tenant: TenantId,
        after: Option<i64>,
        limit: i64,
    ) -> StoreResult<Vec<Account>>;
    /// A tenant's invoices (with lines, and their account's external id) by internal id, after `after`, filtered,
    /// at most `limit`.
    async fn invoices_page(
        &self,
        tenant: TenantId,
        filter: &ApiInvoiceFilter,
        after: Option<i64>,
        limit: i64,
    ) -> StoreResult<Vec<(Invoice, String)>>;
    /// A tenant's payments (with allocations, and their account's external id) by internal id, after `after`,
    /// optionally one account's, at most `limit`.
    async fn payments_page(
        &self,
        tenant: TenantId,
        account: Option<AccountId>,
        after: Option<i64>,
        limit: i64,
    ) -> StoreResult<Vec<(Payment, String)>>;
    /// A tenant's users with their memberships `(account external id, roles)`, by id, after `after`.
    async fn contacts_page(
        &self,
        tenant: TenantId,
        after: Option<i64>,
        limit: i64,
    ) -> StoreResult<Vec<(User, Vec<(String, Roles)>)>>;
    /// Voids an invoice nothing has been paid or reserved on. `Ok(false)` if it has payments (or is already void).
    async fn void_invoice(&self, tenant: TenantId, number: &str) -> StoreResult<bool>;
    /// Claims an idempotency key for a request with this fingerprint.
    async fn begin_api_request(
        &self,
        tenant: TenantId,
        key: &str,
        request_hash: &[u8; 32],
        now: i64,
    ) -> StoreResult<IdempotentRequest>;
    /// Records the response to replay for the key.
    async fn finish_api_request(
        &self,
        tenant: TenantId,
        key: &str,
        status: u16,
        body: &str,
    ) -> StoreResult<()>;
    /// Lets the key be used again (the request failed on our side, so a retry should run it).
    async fn forget_api_request(&self, tenant: TenantId, key: &str) -> StoreResult<()>;

    // --- webhooks -------------------------------------------------------------------------------------------------
    async fn create_webhook_endpoint(
        &self,
        tenant: TenantId,
        public_id: &str,
        url: &str,
        events: &[String],
        sealed_secret: &[u8],
        now: i64,
    ) -> StoreResult<WebhookEndpoint>;
    async fn webhook_endpoints(&self, tenant: TenantId) -> StoreResult<Vec<WebhookEndpoint>>;
    /// Disables an endpoint (its pending deliveries stop). `false` if it is not the tenant's or already disabled.
    async fn disable_webhook_endpoint(
        &self,
        tenant: TenantId,
        public_id: &str,
        reason: &str,
        now: i64,
    ) -> StoreResult<bool>;
    /// A tenant's events, oldest first, after `after`.
    async fn events_page(
        &self,
        tenant: TenantId,
        after: Option<i64>,
        limit: i64,
    ) -> StoreResult<Vec<Event>>;
    /// Claims up to `limit` due deliveries for `lease_secs` (several workers never claim one delivery at once:
    /// `FOR UPDATE SKIP LOCKED` on PostgreSQL, the single writer on SQLite).
    async fn claim_deliveries(
        &self,
        now: i64,
        limit: i64,
        lease_secs: i64,
    ) -> StoreResult<Vec<DueDelivery>>;
    /// Logs an attempt and moves the delivery on.
    async fn record_delivery(
        &self,
        delivery: &DueDelivery,
        status_code: Option<u16>,
        error: Option<&str>,
        result: DeliveryResult,
        now: i64,
    ) -> StoreResult<()>;
    /// An endpoint's delivery log, newest first.
    async fn delivery_attempts(
        &self,
        tenant: TenantId,
        endpoint_public_id: &str,
        limit: i64,
    ) -> StoreResult<Vec<DeliveryAttempt>>;

    // --- mail ---------------------------------------------------------------------------------------------------
    async fn tenant(&self, tenant: TenantId) -> StoreResult<Option<Tenant>>;
    /// Queued mail not yet delivered, oldest first.
    async fn unsent_mail(&self, limit: i64) -> StoreResult<Vec<QueuedMail>>;
    /// Marks a message delivered; `false` if another process already did.
    async fn mark_mail_sent(&self, id: i64, now: i64) -> StoreResult<bool>;

    // --- the sandbox gateway's own ledger -------------------------------------------------------------------
    async fn sandbox_store_token(
        &self,
        tenant: TenantId,
        token: &str,
        kind: &str,
        label: &str,
        outcome: &str,
        expiry: Option<&str>,
    ) -> StoreResult<()>;
    /// `(kind, label, outcome)` of a token.
    async fn sandbox_token(
        &self,
        tenant: TenantId,
        token: &str,
    ) -> StoreResult<Option<(String, String, String)>>;
    /// Records a charge once per idempotency key; returns the recorded `(transaction id, outcome)`.
    async fn sandbox_record_charge(
        &self,
        tenant: TenantId,
        idempotency_key: &str,
        transaction_id: &str,
        token: &str,
        amount: Money,
        outcome: &str,
    ) -> StoreResult<(String, String)>;
    async fn sandbox_charge(
        &self,
        tenant: TenantId,
        idempotency_key: &str,
    ) -> StoreResult<Option<(String, String)>>;
    /// A test card's expiry, `MM/YYYY`.
    async fn sandbox_token_expiry(
        &self,
        tenant: TenantId,
        token: &str,
    ) -> StoreResult<Option<String>>;
    /// Forgets a saved test card or account (it can no longer be charged); `false` if it was already gone.
    async fn sandbox_remove_token(&self, tenant: TenantId, token: &str) -> StoreResult<bool>;
    /// How many charges the sandbox recorded for a tenant (tests).
    async fn sandbox_charge_count(&self, tenant: TenantId) -> StoreResult<i64>;
}

pub type SharedStore = Arc<dyn Store>;

/// Options for opening a store.
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    pub max_connections: u32,
    /// Apply migrations on connect (turn off when the embedding application runs them itself).
    pub run_migrations: bool,
}

impl Default for ConnectOptions {
    fn default() -> Self {
        ConnectOptions {
            max_connections: 10,
            run_migrations: true,
        }
    }
}

/// Opens the store named by `url`: `sqlite://path` (created if missing) or `postgres://…`.
pub async fn connect(url: &str, options: &ConnectOptions) -> StoreResult<SharedStore> {
    let store: SharedStore = if url.starts_with("sqlite:") {
        Arc::new(SqliteStore::connect(url, options.max_connections).await?)
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Arc::new(PostgresStore::connect(url, options.max_connections).await?)
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

/// Today's date in UTC, the reference for **Past Due**.
pub fn today() -> Date {
    time::OffsetDateTime::now_utc().date()
}
