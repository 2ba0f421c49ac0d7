//! Security headers on every response. The tenancy layer sets the Content-Security-Policy with the tenant's
//! `frame-ancestors`; responses without a tenant (health, unknown host) get the strictest one.

use axum::extract::Request;
use axum::http::header::{
    CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

/// Origins a page that hosts a gateway's card fields loads scripts and frames from and talks to (Stripe.js,
/// Authorize.Net's Accept). A handler attaches it to its response; the tenancy layer widens that page's policy.
#[derive(Debug, Clone)]
pub(crate) struct GatewaySources(pub Vec<String>);

/// No inline script anywhere; styles and images from the portal itself (logos may be https). Only a page hosting a
/// gateway's fields also allows that gateway's origins (and the inline styles its script sets on its frames).
pub(crate) fn content_security_policy(
    frame_ancestors: Option<&str>,
    gateway: Option<&GatewaySources>,
) -> HeaderValue {
    let policy = match gateway {
        None => format!(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; \
             font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors {}",
            frame_ancestors.unwrap_or("'none'")
        ),
        Some(GatewaySources(origins)) => {
            let o = origins.join(" ");
            format!(
                "default-src 'none'; script-src 'self' {o}; style-src 'self' 'unsafe-inline'; \
                 img-src 'self' https: data:; font-src 'self' {o}; frame-src {o}; connect-src {o}; \
                 form-action 'self' {o}; base-uri 'none'; frame-ancestors {}",
                frame_ancestors.unwrap_or("'none'")
            )
        }
    };
    // Frame ancestors are validated (`FrameAncestors::parse`) to hold only header-safe characters.
    HeaderValue::from_str(&policy)
        .unwrap_or_else(|_| HeaderValue::from_static("default-src 'none'"))
}

pub(crate) async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if !headers.contains_key(CONTENT_SECURITY_POLICY) {
        headers.insert(CONTENT_SECURITY_POLICY, content_security_policy(None, None));
        headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // Sign-in URLs carry a token: never send any URL of ours as a referrer.
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}
