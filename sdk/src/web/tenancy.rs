//! Which tenant a request is for: one fixed tenant (the SDK mounted in a vendor's app) or the subdomain of the
//! host's base domain (`acme.portal.example.com`, `acme.localhost:8080`).

use std::sync::Arc;

use axum::extract::{OriginalUri, Request, State};
use axum::http::header::{CONTENT_SECURITY_POLICY, HOST};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::context::Ctx;
use super::error::WebError;
use super::headers::{content_security_policy, GatewaySources};
use super::pages::render_error;
use super::pages::sign_in_page::{sign_in_form, Prompt};
use super::PortalState;
use crate::domain::{Slug, Tenant, TenantId};
use crate::domains::{host_name, WELL_KNOWN};

#[derive(Debug, Clone)]
/// How a request finds its tenant.
pub enum Tenancy {
    /// Every request is for this tenant.
    Single(Slug),
    /// The tenant is the first label of the Host header under `base_domain` (e.g. `localhost`).
    Subdomain {
        /// The domain under which each tenant has its subdomain (`portal.example.com`, `localhost`).
        base_domain: String,
    },
}

impl Tenancy {
    /// The tenant slug a Host header names, if any.
    pub fn slug_for_host(&self, host: Option<&str>) -> Option<String> {
        match self {
            Tenancy::Single(slug) => Some(slug.to_string()),
            Tenancy::Subdomain { base_domain } => {
                let host = host?.trim().to_ascii_lowercase();
                let name = match host.rsplit_once(':') {
                    Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => {
                        name.to_string()
                    }
                    _ => host,
                };
                let name = name.trim_end_matches('.');
                let label = name.strip_suffix(base_domain.as_str())?.strip_suffix('.')?;
                Slug::parse(label).ok().map(|s| s.to_string())
            }
        }
    }
}

/// Verified custom domains seen recently, so a request on one costs no query. An entry lives 30 seconds: a domain
/// removed through another host process stops resolving here within that time (through this one, at once).
#[derive(Default)]
pub(crate) struct DomainCache {
    entries: std::sync::Mutex<std::collections::HashMap<String, (TenantId, std::time::Instant)>>,
}

const DOMAIN_CACHE_TTL: std::time::Duration = std::time::Duration::from_secs(30);

impl DomainCache {
    fn get(&self, host: &str) -> Option<TenantId> {
        let entries = self.entries.lock().ok()?;
        entries
            .get(host)
            .filter(|(_, at)| at.elapsed() < DOMAIN_CACHE_TTL)
            .map(|(id, _)| *id)
    }

    fn put(&self, host: &str, tenant: TenantId) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() > 10_000 {
                entries.clear();
            }
            entries.insert(host.to_string(), (tenant, std::time::Instant::now()));
        }
    }

    /// Forgets a domain (removed, or moved): the next request looks it up again.
    pub(crate) fn forget(&self, host: &str) {
        if let Ok(mut entries) = self.entries.lock() {
            entries.remove(host);
        }
    }
}

/// The tenant a verified custom domain belongs to.
async fn tenant_of_domain(state: &PortalState, host: &str) -> Result<Option<Tenant>, WebError> {
    let id = match state.domain_cache.get(host) {
        Some(id) => Some(id),
        None => {
            let found = state.store.tenant_by_domain(host).await?;
            if let Some(id) = found {
                state.domain_cache.put(host, id);
            }
            found
        }
    };
    match id {
        Some(id) => Ok(state.store.tenant(id).await?),
        None => Ok(None),
    }
}

/// `GET /.well-known/billfold-domain/{token}` on a domain being verified: the token, when it is that domain's.
async fn domain_token(state: &PortalState, host: &str, token: &str) -> Response {
    match state.store.domain_token_matches(host, token).await {
        Ok(true) => (
            [(
                axum::http::header::CONTENT_TYPE,
                "text/plain; charset=utf-8",
            )],
            token.to_string(),
        )
            .into_response(),
        Ok(false) => render_error(state, None, &WebError::NotFound),
        Err(e) => render_error(state, None, &WebError::from(e)),
    }
}

/// The mount prefix: what the enclosing router stripped from the path before it reached ours.
fn mount_prefix(original: &str, inner: &str) -> String {
    let prefix = original.strip_suffix(inner).unwrap_or_else(|| {
        // `/billing` reaches a nested router as `/`.
        if inner == "/" {
            original
        } else {
            ""
        }
    });
    prefix.trim_end_matches('/').to_string()
}

/// Resolves the tenant (404 page when there is none), records it for the handlers, and renders any [`WebError`]
/// the handler returned as the tenant's themed page.
pub(crate) async fn resolve(
    State(state): State<Arc<PortalState>>,
    mut request: Request,
    next: Next,
) -> Response {
    let host = request.headers().get(HOST).and_then(|h| h.to_str().ok());
    let slug = state.tenancy.slug_for_host(host);
    let custom_host = match (&state.tenancy, &slug, host) {
        (Tenancy::Subdomain { .. }, None, Some(h)) => Some(host_name(h)),
        _ => None,
    };
    if let (Some(h), Some(token)) = (&custom_host, request.uri().path().strip_prefix(WELL_KNOWN)) {
        return domain_token(&state, h, token).await;
    }
    let tenant = match (slug, &custom_host) {
        (Some(slug), _) => state
            .store
            .tenant_by_slug(&slug)
            .await
            .map_err(WebError::from),
        (None, Some(h)) => tenant_of_domain(&state, h).await,
        (None, None) => Ok(None),
    };
    let tenant = match tenant {
        Ok(t) => t,
        Err(e) => return render_error(&state, None, &e),
    };
    let Some(tenant) = tenant else {
        return render_error(&state, None, &WebError::NotFound);
    };
    super::tracing_layer::record_tenant(tenant.slug.as_str());
    let original = request
        .extensions()
        .get::<OriginalUri>()
        .map(|u| u.path().to_string())
        .unwrap_or_else(|| request.uri().path().to_string());
    let locale = request
        .headers()
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(crate::locale::Locale::from_accept_language)
        .unwrap_or(tenant.settings.default_locale);
    let ctx = Ctx {
        locale,
        base: mount_prefix(&original, request.uri().path()),
        tenant: Arc::new(tenant),
    };
    request.extensions_mut().insert(ctx.clone());
    // A page asked for without a session answers with the sign-in form, which comes back here afterwards.
    let asked = (request.method() == axum::http::Method::GET)
        .then(|| request.uri().path_and_query().map(|p| p.to_string()))
        .flatten();
    let headers = request.headers().clone();
    let api = super::edge::is_api(request.uri().path());
    let response = next.run(request).await;
    let mut response = match response.extensions().get::<Arc<WebError>>().cloned() {
        Some(error) => {
            let methods = ctx.tenant.settings.sign_in;
            let mut page = match &*error {
                WebError::SignInRequired { expired } if methods.password || methods.email_link => {
                    let notice = super::pages::tr(
                        &state,
                        &ctx,
                        if *expired {
                            "sign-in-notice-expired"
                        } else {
                            "sign-in-notice"
                        },
                        &[],
                    );
                    sign_in_form(
                        &state,
                        &ctx,
                        &headers,
                        error.status(),
                        Prompt {
                            next: asked.as_deref(),
                            notice: Some(notice),
                            ..Prompt::default()
                        },
                    )
                }
                _ => render_error(&state, Some(&ctx), &error),
            };
            // Keep cookies the handler set (e.g. clearing an expired session).
            for cookie in response.headers().get_all(axum::http::header::SET_COOKIE) {
                page.headers_mut()
                    .append(axum::http::header::SET_COOKIE, cookie.clone());
            }
            page
        }
        // What the framework answers by itself on a page (a path parameter or form it can't read, a method the page
        // doesn't take) is plain text: answer with the themed page instead, never the raw parser message.
        None if response.status().is_client_error()
            && !api
            && !response
                .headers()
                .get(axum::http::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| {
                    v.starts_with("text/html") || v.starts_with("application/json")
                }) =>
        {
            let status = response.status();
            let error = match status {
                axum::http::StatusCode::NOT_FOUND => WebError::NotFound,
                axum::http::StatusCode::METHOD_NOT_ALLOWED => WebError::Rejected {
                    status,
                    message: "refuse-wrong-method".into(),
                },
                _ => WebError::Rejected {
                    status,
                    message: "refuse-unreadable-address".into(),
                },
            };
            let mut page = render_error(&state, Some(&ctx), &error);
            if let Some(allow) = response.headers().get(axum::http::header::ALLOW) {
                page.headers_mut()
                    .insert(axum::http::header::ALLOW, allow.clone());
            }
            page
        }
        None => response.into_response(),
    };
    let gateway = response.extensions().get::<GatewaySources>().cloned();
    let ancestors = ctx
        .tenant
        .settings
        .frame_ancestors
        .as_ref()
        .map(|f| f.as_str());
    response.headers_mut().insert(
        CONTENT_SECURITY_POLICY,
        content_security_policy(ancestors, gateway.as_ref()),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subdomain_tenancy_reads_the_first_label() {
        let t = Tenancy::Subdomain {
            base_domain: "localhost".into(),
        };
        assert_eq!(
            t.slug_for_host(Some("acme.localhost:8080")).as_deref(),
            Some("acme")
        );
        assert_eq!(
            t.slug_for_host(Some("ACME.localhost")).as_deref(),
            Some("acme")
        );
        assert_eq!(t.slug_for_host(Some("localhost:8080")), None);
        assert_eq!(t.slug_for_host(Some("a.b.localhost")), None);
        assert_eq!(t.slug_for_host(Some("acme.evil-localhost")), None);
        assert_eq!(t.slug_for_host(None), None);
    }

    #[test]
    fn mount_prefix_is_what_the_outer_router_stripped() {
        assert_eq!(
            mount_prefix("/billing/invoices/1", "/invoices/1"),
            "/billing"
        );
        assert_eq!(mount_prefix("/billing", "/"), "/billing");
        assert_eq!(mount_prefix("/billing/", "/"), "/billing");
        assert_eq!(mount_prefix("/", "/"), "");
        assert_eq!(mount_prefix("/invoices/1", "/invoices/1"), "");
    }
}
