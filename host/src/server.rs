//! The HTTP host: the `billfold` portal router with tenancy by subdomain of `server.base_domain`, the operator's
//! themes, payment reconciliation and a periodic purge of expired sessions.

use billfold::outbound::AddressPolicy;
use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use axum::Router;
use billfold::secrets::MasterKey;
use billfold::web::{Background, BodyLimits, MailDelivery};
use billfold::{Portal, SessionPolicy, SharedStore, Tenancy, Themes};
use tokio::net::TcpListener;

use crate::config::Config;
use crate::http;

/// Builds the portal the host serves.
pub fn portal(
    store: SharedStore,
    master: MasterKey,
    config: &Config,
    dir: &Path,
) -> Result<Portal, billfold::web::ThemeError> {
    let themes = Themes::with_dir(&dir.join(&config.server.themes_dir))?;
    Portal::builder(
        store,
        master,
        Tenancy::Subdomain {
            base_domain: config.server.base_domain.to_ascii_lowercase(),
        },
    )
    .themes(themes)
    .sessions(SessionPolicy {
        idle_timeout: Duration::from_secs(config.sessions.idle_timeout_secs),
        absolute_timeout: Duration::from_secs(config.sessions.absolute_timeout_secs),
    })
    .secure_cookies(config.server.public_scheme == "https")
    .invoice_link_days(config.mail.invoice_link_days)
    // Checked when the configuration was loaded.
    .trusted_proxies(config.server.trusted_proxy_addresses().unwrap_or_default())
    .api_rate_limit(config.api.rate_limit_per_minute)
    // Links in invitations and API answers use the configured address, never a request's Host header.
    .public_origin(config.server.tenant_base_url("{tenant}"))
    .webhook_addresses(if config.webhooks.allow_private_addresses {
        AddressPolicy::Any
    } else {
        AddressPolicy::PublicOnly
    })
    .sandbox_latency(Duration::from_millis(config.sandbox.latency_ms))
    .body_limits(BodyLimits {
        timeout: Duration::from_secs(config.server.body_read_timeout_secs),
        max_bytes: config.server.max_body_bytes,
    })
    // Checked when the configuration was loaded.
    .domain_verifier(config.domains.verifier().unwrap_or_default())
    .build()
}

/// The host's router: the portal, and the TLS `ask` endpoint for the proxy in front.
pub fn router(portal: &Portal, store: SharedStore) -> Router {
    Router::new()
        .route(
            "/internal/tls-ask",
            axum::routing::get(tls_ask).with_state(store),
        )
        .merge(portal.router())
}

#[derive(serde::Deserialize)]
struct Ask {
    #[serde(default)]
    domain: String,
}

/// `GET /internal/tls-ask?domain=…`, for Caddy's on-demand TLS: 200 when the host is a verified custom domain (so
/// it may get a certificate), 404 otherwise. Answers only on loopback (the proxy on the same machine), 403 to others.
async fn tls_ask(
    axum::extract::State(store): axum::extract::State<SharedStore>,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<SocketAddr>,
    axum::extract::Query(ask): axum::extract::Query<Ask>,
) -> axum::http::StatusCode {
    use axum::http::StatusCode;
    if !peer.ip().is_loopback() {
        return StatusCode::FORBIDDEN;
    }
    let host = billfold::domains::host_name(&ask.domain);
    match store.tenant_by_domain(&host).await {
        Ok(Some(_)) => StatusCode::OK,
        Ok(None) => StatusCode::NOT_FOUND,
        Err(e) => {
            tracing::error!(error = %e, "TLS ask: store error");
            StatusCode::SERVICE_UNAVAILABLE
        }
    }
}

/// Binds the host's address (port 0 picks a free port).
pub async fn bind(addr: SocketAddr) -> std::io::Result<TcpListener> {
    TcpListener::bind(addr).await
}

/// The connection limits from `[server]`, the cap lowered to stay under the open-file limit (raised first to its
/// hard maximum).
pub fn connection_limits(config: &Config) -> http::Limits {
    let open_files = http::raise_open_file_limit();
    let cap = http::connection_cap(
        config.server.max_connections,
        open_files,
        u64::from(
            config
                .database
                .max_connections
                .unwrap_or(billfold::store::POSTGRES_CONNECTIONS),
        ),
    );
    if cap < config.server.max_connections {
        tracing::info!(
            open_file_limit = open_files,
            "serving at most {cap} connections at once (server.max_connections is {})",
            config.server.max_connections
        );
    }
    http::Limits {
        header_read_timeout: Duration::from_secs(config.server.header_read_timeout_secs.max(1)),
        max_connections: cap,
    }
}

/// Serves until Ctrl-C / SIGTERM, with the portal's background work (reconciliation, mail, webhooks, purges) beside it.
pub async fn serve(
    portal: Portal,
    listener: TcpListener,
    mail: MailDelivery,
    limits: http::Limits,
) -> std::io::Result<()> {
    tracing::info!("listening on http://{}", listener.local_addr()?);
    // Payments left unconfirmed (a crash, a gateway timeout) are settled from the gateway's records at start-up and
    // every minute, expired checkouts give their reservations back, mail and webhooks go out, old records are purged.
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let background = portal.clone();
    let jobs = tokio::spawn(async move {
        background
            .run_background(Background::new(mail), async {
                let _ = stopped.await;
            })
            .await;
    });
    let store = portal.store();
    let served = http::serve(listener, router(&portal, store), limits, shutdown_signal()).await;
    let _ = stop.send(());
    let _ = jobs.await;
    served
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
    tracing::info!("shutting down");
}
