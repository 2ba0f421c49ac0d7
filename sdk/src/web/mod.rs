//! The customer portal as an axum [`Router`]: SSO sign-in, the invoice dashboard, invoice pages and PDFs, Payment
//! History and the account switcher, rendered with tera themes.
//!
//! A vendor embeds it with [`Portal::router`], which returns a `Router<S>` for any state `S`, so it nests at any
//! prefix of the vendor's own app (links and forms are built from the mount prefix). The multi-tenant host builds the
//! same router with [`Tenancy::Subdomain`].

mod api;
mod background;
mod client_address;
mod conditional;
mod context;
mod csv;
mod edge;
mod error;
mod headers;
mod i18n;
mod invoice_mail;
mod mail;
mod mail_delivery;
mod notices;
mod pages;
mod pdf;
mod session;
mod tenancy;
mod themes;
mod tracing_layer;
mod view;

use std::sync::Arc;
use std::time::Duration;

use axum::http::header::HOST;
use axum::http::HeaderMap;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use axum::Router;

use crate::domain::{SessionScope, Slug, Tenant, TenantId};
use crate::gateway::config::GatewayConfig;
use crate::gateway::sandbox::Sandbox;
use crate::gateway::{Gateway, GatewayError};
use crate::outbound::AddressPolicy;
use crate::payments::Gateways;
use crate::secrets::MasterKey;
use crate::sso::SignInRequest;
use crate::store::{PurgeBefore, Purged, SharedStore};
use crate::tenants::{self, TenantError};
use context::Ctx;

pub use background::Background;
pub use edge::BodyLimits;
pub use error::WebError;
pub use invoice_mail::SendInvoiceError;
pub use mail_delivery::{MailDelivery, MailError, SmtpRelay};
pub use session::{AccountAdmin, Member, Payer, Viewer};
pub use tenancy::Tenancy;
pub use themes::{ThemeError, Themes};

/// How long a portal session lives.
#[derive(Debug, Clone, Copy)]
pub struct SessionPolicy {
    /// Signed out after this long without a request.
    pub idle_timeout: Duration,
    /// Signed out this long after signing in, however active.
    pub absolute_timeout: Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy {
            idle_timeout: Duration::from_secs(30 * 60),
            absolute_timeout: Duration::from_secs(12 * 60 * 60),
        }
    }
}

/// What every request handler shares.
pub(crate) struct PortalState {
    pub store: SharedStore,
    pub master: MasterKey,
    pub tenancy: Tenancy,
    pub themes: Themes,
    pub sessions: SessionPolicy,
    /// Marks the session cookie `Secure` (set when the portal is served over https).
    pub secure_cookies: bool,
    /// Simulated latency of the sandbox gateway (benchmarks).
    pub sandbox_latency: Duration,
    /// Calls remote gateways (one client per process: its pool and TLS roots are shared by every tenant's gateway);
    /// its timeout is how long a call may take before the payment is left to reconciliation.
    pub gateway_http: reqwest::Client,
    /// Requests per API key per minute (counted in the store, across host processes).
    pub api_limiter: api::RateLimiter,
    /// Where customers reach the portal, for links that leave it (emails, API answers); `{tenant}` stands for the
    /// tenant's slug. `None`: the request's `Host` header.
    pub public_origin: Option<String>,
    /// Which addresses webhook endpoints may point at.
    pub webhook_addresses: AddressPolicy,
    /// Sends webhooks (under `webhook_addresses`).
    pub webhook_http: reqwest::Client,
    /// How long a request body may take to arrive, and how large it may be.
    pub body_limits: BodyLimits,
    /// Hashes and verifies passwords, a few at a time, off the async runtime.
    pub passwords: crate::auth::PasswordHasher,
    /// Proxies whose `X-Forwarded-For` names the client (for the sign-in throttle); otherwise the socket's peer.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Sign-in and reset mails are queued one at a time in this process, so the hourly cap per address is counted
    /// exactly here (other processes may each add one more in a race).
    pub link_mail: tokio::sync::Mutex<()>,
    /// How many days a View Invoice link in an invoice email works.
    pub invoice_link_days: i64,
    /// How custom domains are reached to verify them.
    pub domain_verifier: crate::domains::DomainVerifier,
    /// Verified custom domains seen recently.
    pub domain_cache: tenancy::DomainCache,
}

impl PortalState {
    /// The time in Unix seconds, by the store's clock.
    pub fn now(&self) -> i64 {
        self.store.clock().unix()
    }

    /// Today's date in UTC by the store's clock, the reference for **Past Due**.
    pub fn today(&self) -> time::Date {
        self.store.clock().now().date()
    }

    /// The tenant's gateway settings (the built-in sandbox unless the vendor set one).
    pub async fn gateway_config(&self, tenant: TenantId) -> Result<GatewayConfig, TenantError> {
        tenants::gateway_config(self.store.as_ref(), &self.master, tenant).await
    }

    /// The tenant's payment gateway.
    pub async fn gateway(&self, tenant: TenantId) -> Result<Arc<dyn Gateway>, TenantError> {
        Ok(self.build_gateway(tenant, &self.gateway_config(tenant).await?))
    }

    pub fn build_gateway(&self, tenant: TenantId, config: &GatewayConfig) -> Arc<dyn Gateway> {
        config.build(
            self.store.clone(),
            tenant,
            &self.gateway_http,
            self.sandbox_latency,
        )
    }

    /// The absolute URL of `link` (a portal link, from [`Ctx::link`]) for mail and API answers: on the configured
    /// public origin, else on the request's host. `None` when neither is known.
    pub fn absolute_url(&self, ctx: &Ctx, headers: &HeaderMap, link: &str) -> Option<String> {
        if let Some(domain) = &ctx.tenant.custom_domain {
            // The vendor's own domain, served over https by the proxy in front (on-demand TLS).
            return Some(format!("https://{domain}{link}"));
        }
        let origin = match &self.public_origin {
            Some(origin) => origin.replace("{tenant}", &ctx.tenant.slug.to_string()),
            None => {
                let host = headers.get(HOST)?.to_str().ok()?;
                let scheme = if self.secure_cookies { "https" } else { "http" };
                format!("{scheme}://{host}")
            }
        };
        Some(format!("{origin}{link}"))
    }

    pub fn sandbox(&self, tenant: TenantId) -> Sandbox {
        Sandbox::new(self.store.clone(), tenant, self.sandbox_latency)
    }
}

#[async_trait::async_trait]
impl Gateways for PortalState {
    async fn gateway(&self, tenant: TenantId) -> Result<Arc<dyn Gateway>, GatewayError> {
        PortalState::gateway(self, tenant)
            .await
            .map_err(|e| GatewayError::Unavailable(e.to_string()))
    }
}

/// The embeddable portal. Cheap to clone.
#[derive(Clone)]
pub struct Portal {
    state: Arc<PortalState>,
}

/// Builds a [`Portal`].
pub struct PortalBuilder {
    store: SharedStore,
    master: MasterKey,
    tenancy: Tenancy,
    themes: Option<Themes>,
    sessions: SessionPolicy,
    secure_cookies: bool,
    sandbox_latency: Duration,
    gateway_timeout: Duration,
    api_rate_per_minute: u32,
    webhook_addresses: AddressPolicy,
    public_origin: Option<String>,
    body_limits: BodyLimits,
    trusted_proxies: Vec<std::net::IpAddr>,
    invoice_link_days: i64,
    domain_verifier: crate::domains::DomainVerifier,
}

impl Portal {
    /// A portal over `store`, with SSO secrets sealed under `master`, serving tenants as `tenancy` says.
    pub fn builder(store: SharedStore, master: MasterKey, tenancy: Tenancy) -> PortalBuilder {
        PortalBuilder {
            store,
            master,
            tenancy,
            themes: None,
            sessions: SessionPolicy::default(),
            secure_cookies: false,
            sandbox_latency: Duration::ZERO,
            gateway_timeout: Duration::from_secs(20),
            api_rate_per_minute: 600,
            webhook_addresses: AddressPolicy::PublicOnly,
            public_origin: None,
            body_limits: BodyLimits::default(),
            trusted_proxies: Vec::new(),
            invoice_link_days: 30,
            domain_verifier: crate::domains::DomainVerifier::default(),
        }
    }

    /// The portal's routes, with their state applied, ready to `nest` into an app of any state type.
    pub fn router<S: Clone + Send + Sync + 'static>(&self) -> Router<S> {
        let state = self.state.clone();
        let tenant_routes = Router::new()
            .route("/", get(pages::dashboard::show))
            .route("/sso", get(pages::sign_in::sso))
            .route("/invoices/{number}", get(pages::invoices::show))
            .route("/invoices/{number}/pdf", get(pages::invoices::pdf))
            .route("/invoices/{number}/comments", post(pages::comments::post))
            .route("/payments", get(pages::payments::history))
            .route("/invoices.csv", get(pages::exports::invoices))
            .route("/statements", get(pages::statements::page))
            .route(
                "/autopay",
                get(pages::autopay::page).post(pages::autopay::enroll),
            )
            .route("/autopay/off", post(pages::autopay::disenroll))
            .route("/estimates", get(pages::estimates::list))
            .route("/estimates/{number}", get(pages::estimates::show))
            .route("/estimates/{number}/pdf", get(pages::estimates::pdf))
            .route(
                "/estimates/{number}/approve",
                post(pages::estimates::approve),
            )
            .route(
                "/estimates/{number}/decline",
                post(pages::estimates::decline),
            )
            .route("/subscriptions", get(pages::subscriptions::list))
            .route(
                "/subscriptions/{id}/cancel",
                get(pages::subscriptions::cancel_page).post(pages::subscriptions::cancel),
            )
            .route(
                "/subscriptions/{id}/resume",
                post(pages::subscriptions::resume),
            )
            .route(
                "/subscriptions/{id}/method",
                post(pages::subscriptions::change_method),
            )
            .route("/statements.pdf", get(pages::statements::pdf))
            .route("/statements.csv", get(pages::statements::csv))
            .route("/payments.csv", get(pages::exports::payments))
            .route(
                "/invoices/{number}/pay",
                get(pages::pay::invoice_page).post(pages::pay::start_invoice),
            )
            .route(
                "/pay",
                get(pages::pay::balance_page).post(pages::pay::start_balance),
            )
            .route(
                "/sandbox/checkout/{id}",
                get(pages::sandbox::page).post(pages::sandbox::submit),
            )
            .route("/checkout/{id}/details", get(pages::gateway_fields::page))
            .route("/checkout/{id}/confirm", get(pages::confirm::confirm_page))
            .route(
                "/checkout/{id}/authenticated",
                get(pages::confirm::authenticated),
            )
            .route("/checkout/{id}/pay", post(pages::confirm::charge))
            .route("/checkout/{id}/cancel", post(pages::checkout::cancel))
            .route("/checkout/{id}/again", post(pages::checkout::again))
            .route("/receipts/{key}", get(pages::receipts::receipt))
            .route("/receipts/{key}/pdf", get(pages::receipts::receipt_pdf))
            .route(
                "/payment-methods",
                get(pages::payment_methods::list).post(pages::payment_methods::submit_token),
            )
            .route(
                "/payment-methods/new",
                get(pages::payment_methods::new_page).post(pages::payment_methods::submit_sandbox),
            )
            .route(
                "/payment-methods/authenticated",
                get(pages::payment_methods::authenticated),
            )
            .route(
                "/payment-methods/{id}/default",
                post(pages::payment_methods::make_default),
            )
            .route(
                "/payment-methods/{id}/remove",
                post(pages::payment_methods::remove),
            )
            .route("/users", get(pages::users::list))
            .route("/users/invite", post(pages::users::invite))
            .route("/users/{user}/roles", post(pages::users::change_roles))
            .route("/users/{user}/remove", post(pages::users::remove))
            .route("/users/{user}/resend", post(pages::users::resend))
            .route("/activity", get(pages::users::activity))
            .route(
                "/sign-in",
                get(pages::sign_in_page::page).post(pages::sign_in_page::with_password),
            )
            .route(
                "/sign-in/email-link",
                post(pages::emailed_links::email_link),
            )
            .route(
                "/sign-in/{token}",
                get(pages::sign_in::link_page).post(pages::sign_in::use_link),
            )
            .route(
                "/forgot-password",
                get(pages::emailed_links::forgot_page).post(pages::emailed_links::forgot),
            )
            .route(
                "/reset-password/{token}",
                get(pages::password_reset::reset_page).post(pages::password_reset::reset),
            )
            .route("/view/{token}", get(pages::sign_in::view_invoice))
            .route("/security", get(pages::security::page))
            .route("/security/password", post(pages::security::change_password))
            .route("/security/sessions/end", post(pages::security::end_session))
            .route("/webhooks/stripe", post(pages::gateway_webhooks::stripe))
            .route(
                "/webhooks/authorize-net",
                post(pages::gateway_webhooks::authorize_net),
            )
            .nest("/api/v1", api::routes(state.clone()))
            .route("/account", post(pages::account::switch))
            .route("/language", post(pages::account::language))
            .route(
                "/logout",
                get(pages::account::logout_page).post(pages::account::logout),
            )
            .route("/brand.css", get(pages::assets::brand_css))
            .fallback(pages::not_found)
            // The edge reads each body under `body_limits`; the extractors behind it take the same limit.
            .layer(axum::extract::DefaultBodyLimit::max(
                state.body_limits.max_bytes,
            ))
            .layer(from_fn_with_state(state.clone(), edge::check_request))
            .layer(from_fn_with_state(state.clone(), tenancy::resolve));
        Router::new()
            .route("/healthz", get(|| async { "ok" }))
            // Theme files need no tenant: the page for an unknown host is styled too.
            .route("/static/{theme}/{*file}", get(pages::assets::static_file))
            .merge(tenant_routes)
            .layer(axum::middleware::from_fn(headers::security_headers))
            .layer(tracing_layer::layer())
            .with_state(state)
    }

    /// The store the portal serves from.
    pub fn store(&self) -> SharedStore {
        self.state.store.clone()
    }

    /// A signed sign-in URL for one of the tenant's users, minted with the tenant's newest SSO key. `portal_url`
    /// is where the portal is reachable from the user's browser (e.g. `https://app.example.com/billing`).
    pub async fn sign_in_url(
        &self,
        tenant: &Slug,
        portal_url: &str,
        email: &str,
        account: Option<&str>,
        to: Option<&str>,
    ) -> Result<String, TenantError> {
        self.sign_in_url_with(tenant, portal_url, email, account, to, None)
            .await
    }

    /// [`Portal::sign_in_url`] for a narrow session: `scope` limits it to one invoice, to paying, or to the payment
    /// methods (the vendor's sign-up and "Manage payment methods" links); anything else it asks for gets the
    /// sign-in page. It lands on the scope's page unless `to` says otherwise, and lasts an hour at most.
    pub async fn scoped_sign_in_url(
        &self,
        tenant: &Slug,
        portal_url: &str,
        email: &str,
        account: Option<&str>,
        scope: &SessionScope,
    ) -> Result<String, TenantError> {
        self.sign_in_url_with(tenant, portal_url, email, account, None, Some(scope))
            .await
    }

    async fn sign_in_url_with(
        &self,
        tenant: &Slug,
        portal_url: &str,
        email: &str,
        account: Option<&str>,
        to: Option<&str>,
        scope: Option<&SessionScope>,
    ) -> Result<String, TenantError> {
        let found = self.tenant(tenant).await?;
        let request = SignInRequest {
            tenant,
            email,
            account,
            to,
            ttl_secs: 300,
            scope,
        };
        tenants::sign_in_url(
            self.state.store.as_ref(),
            &self.state.master,
            &found,
            portal_url,
            &request,
            self.state.now(),
        )
        .await
    }

    /// Emails invoice `number` to its account's contacts with a **View Invoice** link each (into `portal_url`,
    /// where customers reach the portal), which opens that invoice in a session limited to viewing and paying it.
    /// Returns the addresses it went to; the vendor also gets `invoice.sent`.
    pub async fn send_invoice(
        &self,
        tenant: &Slug,
        number: &str,
        portal_url: &str,
    ) -> Result<Vec<String>, SendInvoiceError> {
        let found = self
            .state
            .store
            .tenant_by_slug(tenant.as_str())
            .await?
            .ok_or_else(|| SendInvoiceError::UnknownInvoice(number.to_string()))?;
        invoice_mail::send_invoice(
            &self.state,
            &found,
            number,
            portal_url,
            self.state.invoice_link_days,
            &crate::domain::Actor::vendor("sdk"),
        )
        .await
    }

    async fn tenant(&self, slug: &Slug) -> Result<Tenant, TenantError> {
        self.state
            .store
            .tenant_by_slug(slug.as_str())
            .await?
            .ok_or_else(|| TenantError::UnknownTenant(slug.to_string()))
    }

    /// Pays what AutoPay-enrolled accounts owe today (at most 500 invoices a run), emailing the accounts' payers
    /// about failed attempts and suspensions. Safe on several hosts at once: each invoice gets one attempt a day.
    pub async fn run_autopay(
        &self,
    ) -> Result<crate::autopay::AutopayRun, crate::payments::PayError> {
        let (done, notices) = crate::autopay::run(
            self.state.store.as_ref(),
            self.state.as_ref(),
            self.state.today(),
            self.state.now(),
            500,
        )
        .await?;
        notices::autopay(&self.state, &notices).await;
        Ok(done)
    }

    /// Settles payments whose gateway result is unconfirmed and releases expired checkouts (the host runs this at
    /// start-up and every minute; safe on several hosts at once).
    pub async fn reconcile_payments(
        &self,
    ) -> Result<crate::payments::Reconciled, crate::payments::PayError> {
        crate::payments::reconcile(
            self.state.store.as_ref(),
            self.state.as_ref(),
            self.state.now(),
        )
        .await
    }

    /// Delivers the queued mail that is due by writing each message as an `.eml` file into `dir`, once each even
    /// with several hosts. Returns the files written.
    pub async fn deliver_mail(
        &self,
        dir: &std::path::Path,
    ) -> Result<Vec<std::path::PathBuf>, MailError> {
        self.deliver_mail_with(&MailDelivery::from(dir)).await
    }

    /// Delivers the queued mail that is due through `delivery` (an SMTP relay, or a folder), once each even with
    /// several hosts; a failed attempt is retried later with backoff. Returns what was delivered (files, or
    /// `smtp:<id>` for relayed messages).
    pub async fn deliver_mail_with(
        &self,
        delivery: &MailDelivery,
    ) -> Result<Vec<std::path::PathBuf>, MailError> {
        mail::deliver(&self.state, delivery, 100).await
    }

    /// Sends the webhook deliveries due now (the host runs this every few seconds; safe on several hosts at once).
    pub async fn deliver_webhooks(
        &self,
    ) -> Result<crate::webhooks::Delivered, crate::webhooks::WebhookError> {
        crate::webhooks::deliver_due(
            self.state.store.as_ref(),
            &self.state.master,
            &self.state.webhook_http,
            self.state.webhook_addresses,
            self.state.now(),
            100,
        )
        .await
    }

    /// Deletes what is past its retention (the host calls this periodically): API idempotency keys after 24 hours
    /// (a key can then be used again), events after 30 days once their webhook deliveries have finished (with the
    /// deliveries and their attempts), and sign-in links 30 days after they expired. The audit log, payments and
    /// invoices are kept.
    pub async fn purge_old_records(&self) -> Result<Purged, crate::StoreError> {
        const DAY: i64 = 86_400;
        let now = self.state.now();
        self.state
            .store
            .purge_history(&PurgeBefore {
                api_requests: now - DAY,
                events: now - 30 * DAY,
                sign_in_links: now - 30 * DAY,
                rate_windows: now - 120,
            })
            .await
    }

    /// Deletes sessions past their idle or absolute timeout (the host calls this periodically).
    pub async fn purge_expired_sessions(&self) -> Result<u64, crate::StoreError> {
        let now = self.state.now();
        let idle = self.state.sessions.idle_timeout.as_secs() as i64;
        let absolute = self.state.sessions.absolute_timeout.as_secs() as i64;
        self.state
            .store
            .purge_sessions(now - idle, now - absolute)
            .await
    }
}

impl PortalBuilder {
    /// Themes to render with (default: the themes compiled into this crate).
    pub fn themes(mut self, themes: Themes) -> Self {
        self.themes = Some(themes);
        self
    }

    /// How long sessions last (idle and absolute timeouts).
    pub fn sessions(mut self, policy: SessionPolicy) -> Self {
        self.sessions = policy;
        self
    }

    /// Marks the session cookie `Secure`; turn on whenever users reach the portal over https.
    pub fn secure_cookies(mut self, secure: bool) -> Self {
        self.secure_cookies = secure;
        self
    }

    /// Adds this much latency to every sandbox gateway call (to measure payments under a realistic gateway).
    pub fn sandbox_latency(mut self, latency: Duration) -> Self {
        self.sandbox_latency = latency;
        self
    }

    /// How long a call to a remote gateway may take (default 20 s); a payment whose call times out stays pending
    /// and is settled by reconciliation.
    pub fn gateway_timeout(mut self, timeout: Duration) -> Self {
        self.gateway_timeout = timeout;
        self
    }

    /// Requests each API key may make per wall-clock minute (default 600), counted in the store so every process
    /// on the database shares the budget; more get 429 with `Retry-After`.
    pub fn api_rate_limit(mut self, per_minute: u32) -> Self {
        self.api_rate_per_minute = per_minute;
        self
    }

    /// Which addresses webhook endpoints may point at (default: public internet addresses only, so a tenant's
    /// endpoint can't reach the host's own network). [`AddressPolicy::Any`] is for development and tests.
    pub fn webhook_addresses(mut self, policy: AddressPolicy) -> Self {
        self.webhook_addresses = policy;
        self
    }

    /// Where customers reach the portal, for the links Billfold puts in emails (invitations) and API answers (SSO
    /// links, the OpenAPI server): the scheme and host only, e.g. `https://app.vendor.example` with
    /// [`Tenancy::Single`] (the mount prefix such as `/billing` is added), or `https://{tenant}.portal.example.com`
    /// with [`Tenancy::Subdomain`] (`{tenant}` becomes the tenant's slug). Without it those links are built from
    /// the request's `Host` header — set it whenever the enclosing app answers requests for any host name, or a
    /// forged `Host` could put another site in an invitation.
    pub fn public_origin(mut self, origin: impl Into<String>) -> Self {
        self.public_origin = Some(origin.into().trim_end_matches('/').to_string());
        self
    }

    /// How long a client may take to send a request body (default 30 s; slower gets 408) and how large it may be
    /// (default 2 MiB; larger gets 413).
    pub fn body_limits(mut self, limits: BodyLimits) -> Self {
        self.body_limits = limits;
        self
    }

    /// Proxies in front of the portal whose `X-Forwarded-For` header names the client (the sign-in throttle counts
    /// failures per client address). Without them the socket's peer address is the client's.
    pub fn trusted_proxies(mut self, proxies: Vec<std::net::IpAddr>) -> Self {
        self.trusted_proxies = proxies;
        self
    }

    /// How many days the View Invoice link of an invoice email works (default 30; at least 1).
    pub fn invoice_link_days(mut self, days: u32) -> Self {
        self.invoice_link_days = i64::from(days.max(1));
        self
    }

    /// How custom domains are reached to verify them (default: port 80 through public DNS).
    pub fn domain_verifier(mut self, verifier: crate::domains::DomainVerifier) -> Self {
        self.domain_verifier = verifier;
        self
    }

    /// The portal, or why its themes could not be loaded.
    pub fn build(self) -> Result<Portal, ThemeError> {
        let themes = match self.themes {
            Some(t) => t,
            None => Themes::embedded()?,
        };
        Ok(Portal {
            state: Arc::new(PortalState {
                store: self.store,
                master: self.master,
                tenancy: self.tenancy,
                themes,
                sessions: self.sessions,
                secure_cookies: self.secure_cookies,
                sandbox_latency: self.sandbox_latency,
                gateway_http: crate::gateway::http_client(self.gateway_timeout),
                api_limiter: api::RateLimiter::new(self.api_rate_per_minute),
                public_origin: self.public_origin,
                webhook_addresses: self.webhook_addresses,
                webhook_http: crate::outbound::client(self.webhook_addresses),
                body_limits: self.body_limits,
                passwords: crate::auth::PasswordHasher::new(
                    std::thread::available_parallelism().map_or(2, usize::from),
                ),
                trusted_proxies: self.trusted_proxies,
                link_mail: tokio::sync::Mutex::new(()),
                invoice_link_days: self.invoice_link_days,
                domain_verifier: self.domain_verifier,
                domain_cache: tenancy::DomainCache::default(),
            }),
        })
    }
}
