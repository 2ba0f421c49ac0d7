//! The page that hosts a real gateway's card and bank fields for a checkout: Stripe's Payment Element (Stripe.js)
//! or Authorize.Net's hosted Accept form (AcceptUI). The numbers go from the customer's browser straight to the
//! gateway, which hands back a one-time token; the page's script (`gateway-fields.js`, no inline script) sends the
//! customer on to the confirmation with that token. Only this page's Content-Security-Policy allows the gateway's
//! origins.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::response::Response;
use serde::Serialize;

use super::pay::checkout_of;
use super::{page_context, render};
use crate::domain::CheckoutState;
use crate::gateway::config::{GatewayConfig, STRIPE_JS};
use crate::gateway::MethodKind;
use crate::web::error::WebError;
use crate::web::headers::GatewaySources;
use crate::web::session::Payer;
use crate::web::PortalState;

#[derive(Serialize)]
struct FieldsView {
    /// `stripe` or `authorize_net`.
    provider: &'static str,
    merchant: String,
    amount: String,
    amount_minor: i64,
    currency: String,
    /// `card` or `ach`.
    method: &'static str,
    js_url: String,
    /// Stripe's publishable key, or Authorize.Net's API login id.
    public_key: String,
    /// Authorize.Net's Public Client Key.
    client_key: String,
    confirm_url: String,
    cancel_url: String,
    invoices: Vec<(String, String)>,
}

/// The origins the gateway's script needs (script, frames, API calls).
fn sources(config: &GatewayConfig) -> Vec<String> {
    let mut origins: Vec<String> = match config {
        GatewayConfig::Sandbox => Vec::new(),
        GatewayConfig::Stripe(c) => {
            let mut o = vec![c.js_url.as_str(), c.api_base.as_str()];
            if c.js_url == STRIPE_JS {
                // Stripe.js's documented policy: its frames and 3-D Secure pages.
                o.extend(["https://hooks.stripe.com", "https://m.stripe.network"]);
            }
            o.into_iter()
                .filter_map(GatewayConfig::origin_of)
                .map(str::to_string)
                .collect()
        }
        GatewayConfig::AuthorizeNet(c) => GatewayConfig::origin_of(&c.js_url)
            .map(|o| {
                // AcceptUI's form is framed from the same host without the `js` label (test. / accept.).
                let form = o
                    .replace("://jstest.", "://test.")
                    .replace("://js.", "://accept.");
                vec![o.to_string(), form]
            })
            .unwrap_or_default(),
    };
    origins.dedup();
    origins
}

pub(crate) async fn page(
    State(state): State<Arc<PortalState>>,
    Payer(member): Payer,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let config = state.gateway_config(member.ctx.tenant.id).await?;
    let checkout = checkout_of(&state, &member, &id).await?;
    if checkout.state != CheckoutState::Open {
        return Err(WebError::BadRequest(
            "This payment is no longer waiting for payment details.".into(),
        ));
    }
    let (provider, js_url, public_key, client_key) = match &config {
        GatewayConfig::Sandbox => return Err(WebError::NotFound),
        GatewayConfig::Stripe(c) => ("stripe", &c.js_url, &c.publishable_key, String::new()),
        GatewayConfig::AuthorizeNet(c) => (
            "authorize_net",
            &c.js_url,
            &c.login_id,
            c.client_key.clone(),
        ),
    };
    let view = FieldsView {
        provider,
        merchant: member.ctx.tenant.name.clone(),
        amount: checkout.amount.format(),
        amount_minor: checkout.amount.minor(),
        currency: checkout.amount.currency().code().to_ascii_lowercase(),
        method: if checkout.method == MethodKind::BankAccount.as_str() {
            "ach"
        } else {
            "card"
        },
        js_url: js_url.clone(),
        public_key: public_key.clone(),
        client_key,
        confirm_url: member
            .ctx
            .link(&format!("/checkout/{}/confirm", checkout.public_id)),
        cancel_url: member.ctx.link("/"),
        invoices: checkout
            .allocations
            .iter()
            .map(|(_, n, m)| (n.clone(), m.format()))
            .collect(),
    };
    let mut c = page_context(
        &state,
        Some(&member.ctx),
        Some(&member),
        "Payment details",
        "invoices",
    );
    c.insert("fields", &view);
    let mut response = render(&state, Some(&member.ctx), "gateway_fields.html", &c);
    response
        .extensions_mut()
        .insert(GatewaySources(sources(&config)));
    Ok(response)
}
