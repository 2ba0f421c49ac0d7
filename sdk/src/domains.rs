//! Custom domains: a vendor adds `billing.acme.example` to its tenant, points the name at Billfold (a CNAME to the
//! portal, or the proxy in front of it), and asks Billfold to verify it. Billfold serves the domain's token at
//! `http://<domain>/.well-known/billfold-domain/<token>` and fetches that URL through DNS: reaching itself there
//! proves the vendor controls the name (the idea of ACME's HTTP challenge). A verified domain resolves to the tenant
//! (its sessions, theme, links) and may get a certificate (the host's on-demand TLS `ask` endpoint).

use std::net::IpAddr;
use std::time::Duration;

use crate::domain::{CustomDomain, DomainName, Tenant};
use crate::secrets::random_token;
use crate::store::{Store, StoreError};

/// The path (under the domain's root) where Billfold serves a domain's verification token.
pub const WELL_KNOWN: &str = "/.well-known/billfold-domain/";

/// How Billfold reaches a domain to verify it.
#[derive(Debug, Clone)]
pub struct DomainVerifier {
    /// The port to fetch from (80: the proxy in front of Billfold answers plain HTTP there).
    pub port: u16,
    /// Connect here instead of where DNS points (a private deployment, or tests); `None`: public DNS.
    pub connect_to: Option<IpAddr>,
    /// How long to wait.
    pub timeout: Duration,
}

impl Default for DomainVerifier {
    fn default() -> Self {
        DomainVerifier {
            port: 80,
            connect_to: None,
            timeout: Duration::from_secs(10),
        }
    }
}

/// Why a domain can't be added or verified. Messages are for the vendor.
#[derive(Debug, thiserror::Error)]
pub enum DomainError {
    /// Not a host name.
    #[error("{0}")]
    Invalid(String),
    /// A name under the portal's own domain: tenants are served there already.
    #[error("{0}")]
    Reserved(String),
    /// The tenant has no such domain.
    #[error("{0} is not one of this tenant's domains; add it first")]
    Unknown(String),
    /// Another tenant verified it.
    #[error("{0} is already another tenant's domain")]
    Taken(String),
    /// Billfold couldn't reach itself at the domain.
    #[error(
        "{domain} doesn't reach this portal yet ({why}). Point it at the portal (a CNAME), wait for DNS, and verify \
         again."
    )]
    NotPointed {
        /// The domain.
        domain: String,
        /// What happened.
        why: String,
    },
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The normalized host name of a `Host` header (no port, lower case, no trailing dot).
pub fn host_name(host: &str) -> String {
    let host = host.trim().to_ascii_lowercase();
    let name = match host.rsplit_once(':') {
        Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name.to_string(),
        _ => host,
    };
    name.trim_end_matches('.').to_string()
}

fn parse(hostname: &str, base_domain: Option<&str>) -> Result<DomainName, DomainError> {
    let name = DomainName::parse(hostname).map_err(|e| DomainError::Invalid(e.0))?;
    if let Some(base) = base_domain {
        let base = base.to_ascii_lowercase();
        if name.as_str() == base || name.as_str().ends_with(&format!(".{base}")) {
            return Err(DomainError::Reserved(format!(
                "{name} is under the portal's own domain {base}: tenants are served there already"
            )));
        }
    }
    Ok(name)
}

/// A name given for one of the tenant's domains: one that can't be a host name is none of them.
fn existing(hostname: &str) -> Result<DomainName, DomainError> {
    DomainName::parse(hostname).map_err(|_| DomainError::Unknown(hostname.to_string()))
}

/// Adds `hostname` to the tenant, pending verification (adding it again returns the same record).
pub async fn add(
    store: &dyn Store,
    tenant: &Tenant,
    hostname: &str,
    base_domain: Option<&str>,
    now: i64,
) -> Result<CustomDomain, DomainError> {
    let name = parse(hostname, base_domain)?;
    let token = random_token::<24>("bfd_").map_err(|e| DomainError::Invalid(e.to_string()))?;
    store
        .add_domain(tenant.id, &name, &token, now)
        .await
        .map_err(|e| match e {
            StoreError::Conflict(_) => DomainError::Taken(name.to_string()),
            other => DomainError::Store(other),
        })
}

/// Where Billfold looks for the domain's token when verifying it.
pub fn verification_url(domain: &CustomDomain) -> String {
    format!("http://{}{WELL_KNOWN}{}", domain.hostname, domain.token)
}

/// Verifies the tenant's domain: fetches its token through the domain (see the module's docs).
pub async fn verify(
    store: &dyn Store,
    verifier: &DomainVerifier,
    tenant: &Tenant,
    hostname: &str,
    now: i64,
) -> Result<CustomDomain, DomainError> {
    let name = existing(hostname)?;
    let domain = store
        .domains(tenant.id)
        .await?
        .into_iter()
        .find(|d| d.hostname == name.as_str())
        .ok_or_else(|| DomainError::Unknown(name.to_string()))?;
    if domain.verified_at.is_none() {
        let mut client = reqwest::Client::builder()
            .timeout(verifier.timeout)
            .redirect(reqwest::redirect::Policy::none());
        if let Some(ip) = verifier.connect_to {
            client = client.resolve(name.as_str(), std::net::SocketAddr::new(ip, verifier.port));
        }
        let client = client
            .build()
            .map_err(|e| DomainError::Invalid(e.to_string()))?;
        let url = format!(
            "http://{}:{}{WELL_KNOWN}{}",
            name.as_str(),
            verifier.port,
            domain.token
        );
        let not_pointed = |why: String| DomainError::NotPointed {
            domain: name.to_string(),
            why,
        };
        let response = client
            .get(&url)
            .send()
            .await
            .map_err(|e| not_pointed(format!("fetching {url}: {e}")))?;
        if !response.status().is_success() {
            return Err(not_pointed(format!("{url} answered {}", response.status())));
        }
        let body = response
            .text()
            .await
            .map_err(|e| not_pointed(e.to_string()))?;
        if body.trim() != domain.token {
            return Err(not_pointed(format!("{url} answered something else")));
        }
        let marked = store
            .mark_domain_verified(tenant.id, &name, now)
            .await
            .map_err(|e| match e {
                StoreError::Conflict(_) => DomainError::Taken(name.to_string()),
                other => DomainError::Store(other),
            })?;
        if !marked {
            return Err(DomainError::Unknown(name.to_string()));
        }
    }
    store
        .domains(tenant.id)
        .await?
        .into_iter()
        .find(|d| d.hostname == name.as_str())
        .ok_or_else(|| DomainError::Unknown(name.to_string()))
}

/// Makes a verified domain the one links are built on.
pub async fn prefer(store: &dyn Store, tenant: &Tenant, hostname: &str) -> Result<(), DomainError> {
    let name = existing(hostname)?;
    if store.prefer_domain(tenant.id, &name).await? {
        Ok(())
    } else {
        Err(DomainError::Unknown(name.to_string()))
    }
}

/// Removes a domain from the tenant.
pub async fn remove(store: &dyn Store, tenant: &Tenant, hostname: &str) -> Result<(), DomainError> {
    let name = existing(hostname)?;
    if store.remove_domain(tenant.id, &name).await? {
        Ok(())
    } else {
        Err(DomainError::Unknown(name.to_string()))
    }
}
