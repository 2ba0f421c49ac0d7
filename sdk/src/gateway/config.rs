//! Which gateway a tenant takes payments through, with its credentials. Stored sealed under the master key (see
//! `tenants::set_gateway`); `Debug` never prints a secret.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize, Serializer};

use super::authorize_net::AuthorizeNet;
use super::sandbox::Sandbox;
use super::stripe::Stripe;
use super::Gateway;
use crate::domain::TenantId;
use crate::secrets::Redacted;
use crate::store::SharedStore;

/// Stripe's API.
pub const STRIPE_API: &str = "https://api.stripe.com";
/// Stripe.js, loaded by the pay page.
pub const STRIPE_JS: &str = "https://js.stripe.com/v3/";
/// Authorize.Net's production API.
pub const AUTHORIZE_NET_API: &str = "https://api.authorize.net/xml/v1/request.api";
/// Authorize.Net's production Accept script.
pub const AUTHORIZE_NET_JS: &str = "https://js.authorize.net/v3/AcceptUI.js";
/// Authorize.Net's sandbox API.
pub const AUTHORIZE_NET_TEST_API: &str = "https://apitest.authorize.net/xml/v1/request.api";
/// Authorize.Net's sandbox Accept script.
pub const AUTHORIZE_NET_TEST_JS: &str = "https://jstest.authorize.net/v3/AcceptUI.js";

fn exposed<S: Serializer>(secret: &Redacted, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(secret.expose())
}

fn exposed_opt<S: Serializer>(secret: &Option<Redacted>, s: S) -> Result<S::Ok, S::Error> {
    match secret {
        Some(secret) => s.serialize_some(secret.expose()),
        None => s.serialize_none(),
    }
}

/// A tenant's gateway.
#[derive(Clone, Default, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum GatewayConfig {
    /// The built-in sandbox (TEST MODE page, test cards). The default.
    #[default]
    Sandbox,
    /// Stripe.
    Stripe(StripeConfig),
    /// Authorize.Net.
    AuthorizeNet(AuthorizeNetConfig),
}

/// Stripe: PaymentIntents confirmed server-side; the Payment Element (Stripe.js) collects the details in the browser.
#[derive(Clone, Serialize, Deserialize)]
pub struct StripeConfig {
    /// `sk_live_…` / `sk_test_…` (or a restricted key with PaymentIntents and PaymentMethods).
    #[serde(serialize_with = "exposed")]
    pub secret_key: Redacted,
    /// `pk_…`, given to Stripe.js in the customer's browser.
    pub publishable_key: String,
    /// The webhook endpoint's signing secret (`whsec_…`); webhooks are refused without it.
    #[serde(default, serialize_with = "exposed_opt")]
    pub webhook_secret: Option<Redacted>,
    #[serde(default = "stripe_api")]
    /// Stripe's API (another base URL for tests, e.g. localstripe).
    pub api_base: String,
    #[serde(default = "stripe_js")]
    /// Where the pay page loads Stripe.js from.
    pub js_url: String,
}

/// Authorize.Net: the Accept hosted form (AcceptUI) collects the details and hands back a nonce, charged with
/// `createTransactionRequest`.
#[derive(Clone, Serialize, Deserialize)]
pub struct AuthorizeNetConfig {
    /// The API Login ID.
    pub login_id: String,
    #[serde(serialize_with = "exposed")]
    /// The Transaction Key.
    pub transaction_key: Redacted,
    /// The Public Client Key, given to Accept in the customer's browser.
    pub client_key: String,
    /// The Signature Key (128 hex characters) that signs webhooks; webhooks are refused without it.
    #[serde(default, serialize_with = "exposed_opt")]
    pub signature_key: Option<Redacted>,
    #[serde(default = "anet_api")]
    /// The API endpoint (the sandbox's for test accounts).
    pub endpoint: String,
    #[serde(default = "anet_js")]
    /// Where the pay page loads Accept from.
    pub js_url: String,
}

fn stripe_api() -> String {
    STRIPE_API.into()
}
fn stripe_js() -> String {
    STRIPE_JS.into()
}
fn anet_api() -> String {
    AUTHORIZE_NET_API.into()
}
fn anet_js() -> String {
    AUTHORIZE_NET_JS.into()
}

impl fmt::Debug for GatewayConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GatewayConfig::Sandbox => f.write_str("Sandbox"),
            GatewayConfig::Stripe(c) => f
                .debug_struct("Stripe")
                .field("publishable_key", &c.publishable_key)
                .field("api_base", &c.api_base)
                .finish_non_exhaustive(),
            GatewayConfig::AuthorizeNet(c) => f
                .debug_struct("AuthorizeNet")
                .field("login_id", &c.login_id)
                .field("endpoint", &c.endpoint)
                .finish_non_exhaustive(),
        }
    }
}

impl GatewayConfig {
    /// `sandbox`, `stripe` or `authorize_net`: the gateway's name, as payments record it.
    pub fn kind(&self) -> &'static str {
        match self {
            GatewayConfig::Sandbox => "sandbox",
            GatewayConfig::Stripe(_) => "stripe",
            GatewayConfig::AuthorizeNet(_) => "authorize_net",
        }
    }

    /// The gateway for one tenant: cheap, since remote gateways share `http` (built once by [`super::http_client`],
    /// whose timeout bounds each call); `sandbox_latency` slows the sandbox down (benchmarks).
    pub fn build(
        &self,
        store: SharedStore,
        tenant: TenantId,
        http: &reqwest::Client,
        sandbox_latency: Duration,
    ) -> Arc<dyn Gateway> {
        match self {
            GatewayConfig::Sandbox => Arc::new(Sandbox::new(store, tenant, sandbox_latency)),
            GatewayConfig::Stripe(c) => Arc::new(Stripe::new(
                &c.api_base,
                c.secret_key.clone(),
                store,
                tenant,
                http.clone(),
            )),
            GatewayConfig::AuthorizeNet(c) => Arc::new(AuthorizeNet::new(
                &c.endpoint,
                &c.login_id,
                c.transaction_key.clone(),
                store,
                tenant,
                http.clone(),
            )),
        }
    }

    /// The origin (`scheme://host[:port]`) of a URL, for the page's Content-Security-Policy.
    pub fn origin_of(url: &str) -> Option<&str> {
        let after_scheme = url.find("://")? + 3;
        let end = url[after_scheme..]
            .find(['/', '?', '#'])
            .map_or(url.len(), |i| after_scheme + i);
        let origin = &url[..end];
        origin
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ":/.-[]".contains(c))
            .then_some(origin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_show_in_debug_but_survive_sealing() {
        let config = GatewayConfig::Stripe(StripeConfig {
            secret_key: Redacted::new("sk_test_secret"),
            publishable_key: "pk_test_1".into(),
            webhook_secret: Some(Redacted::new("whsec_secret")),
            api_base: STRIPE_API.into(),
            js_url: STRIPE_JS.into(),
        });
        let debug = format!("{config:?}");
        assert!(!debug.contains("secret"), "{debug}");
        let json = serde_json::to_vec(&config).unwrap();
        let back: GatewayConfig = serde_json::from_slice(&json).unwrap();
        let GatewayConfig::Stripe(back) = back else {
            panic!("kind changed")
        };
        assert_eq!(back.secret_key.expose(), "sk_test_secret");
        assert_eq!(
            back.webhook_secret.as_ref().map(Redacted::expose),
            Some("whsec_secret")
        );
    }

    #[test]
    fn origins_for_the_content_security_policy() {
        assert_eq!(
            GatewayConfig::origin_of("https://js.stripe.com/v3/"),
            Some("https://js.stripe.com")
        );
        assert_eq!(
            GatewayConfig::origin_of("http://127.0.0.1:8420/js.stripe.com/v3/"),
            Some("http://127.0.0.1:8420")
        );
        assert_eq!(GatewayConfig::origin_of("no-scheme"), None);
        assert_eq!(GatewayConfig::origin_of("https://a.b; script-src *"), None);
    }
}
