//! The page that hosts a real gateway's card and bank fields for a checkout: Stripe's Payment Element (Stripe.js)
//! or Authorize.Net's hosted Accept form (AcceptUI). The numbers go from the customer's browser straight to the
//! gateway, which hands back a one-time token; the page's script (`gateway-fields.js`, no inline script) sends the
//! customer on to the confirmation with that token. Only this page's Content-Security-Policy allows the gateway's
//! origins.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::response::Response;
use serde::Serialize;

use super::checkout::checkout_of;
use super::Page;
use crate::domain::{Checkout, CheckoutState};
use crate::gateway::config::{GatewayConfig, STRIPE_JS};
use crate::gateway::MethodKind;
use crate::web::error::WebError;
use crate::web::headers::GatewaySources;
use crate::web::session::{Member, Payer};
use crate::web::PortalState;

#[derive(Serialize)]
struct FieldsView {
    /// `stripe` or `authorize_net`.
    provider: &'static str,
    merchant: String,
    /// What is being paid; `None` when a method is being saved.
    amount: Option<String>,
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
    save_action: String,
    cancel_url: String,
    /// Paying: Cancel posts here and gives the checkout's reservation back.
    cancel_action: Option<String>,
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

#[derive(serde::Deserialize)]
pub(crate) struct PageQuery {
    error: Option<String>,
}

pub(crate) async fn page(
    State(state): State<Arc<PortalState>>,
    Payer(member): Payer,
    Path(id): Path<String>,
    axum::extract::Query(query): axum::extract::Query<PageQuery>,
) -> Result<Response, WebError> {
    let config = state.gateway_config(member.ctx.tenant.id).await?;
    let checkout = checkout_of(&state, &member, &id).await?;
    if checkout.state != CheckoutState::Open {
        return super::checkout::ended(&state, &member, &checkout).await;
    }
    let method = if checkout.method == MethodKind::BankAccount.as_str() {
        MethodKind::BankAccount
    } else {
        MethodKind::Card
    };
    // Only fixed messages, so a link can't put words in the page.
    let error = match query.error.as_deref() {
        Some("authentication") => Some(super::tr(
            &state,
            &member.ctx,
            "fields-bank-did-not-confirm",
            &[],
        )),
        _ => None,
    };
    render_fields(
        &state,
        &member,
        &config,
        method,
        Purpose::Pay(&checkout),
        error.as_deref(),
    )
}

#[derive(Serialize)]
struct AuthenticationView {
    /// The payment's amount; `None` when a card is being saved.
    amount: Option<String>,
    js_url: String,
    public_key: String,
    client_secret: String,
    return_url: String,
    cancel_url: String,
}

/// What the bank is asked to confirm, and where the customer comes back to.
pub(crate) struct BankStep<'a> {
    pub client_secret: &'a str,
    /// The payment's amount; `None` when a card is being saved.
    pub amount: Option<String>,
    /// Inside the portal (not yet mount-prefixed).
    pub return_path: String,
    pub cancel_path: &'a str,
}

/// The bank wants the customer (3-D Secure): a page running the gateway's own step (Stripe.js `handleNextAction`,
/// which serves PaymentIntents and SetupIntents alike), which comes back to `step.return_path`.
pub(crate) fn render_authentication(
    state: &PortalState,
    member: &Member,
    config: &GatewayConfig,
    step: BankStep<'_>,
) -> Result<Response, WebError> {
    let GatewayConfig::Stripe(stripe) = config else {
        return Err(WebError::internal("authentication step without Stripe"));
    };
    let view = AuthenticationView {
        amount: step.amount,
        js_url: stripe.js_url.clone(),
        public_key: stripe.publishable_key.clone(),
        client_secret: step.client_secret.to_string(),
        return_url: member.ctx.link(&step.return_path),
        cancel_url: member.ctx.link(step.cancel_path),
    };
    let title = super::tr(
        state,
        &member.ctx,
        if view.amount.is_some() {
            "authenticate-title-pay"
        } else {
            "authenticate-title-save"
        },
        &[],
    );
    let mut page = Page::new(
        state,
        Some(&member.ctx),
        Some(member),
        &title,
        if view.amount.is_some() {
            "invoices"
        } else {
            "methods"
        },
    );
    page.insert("auth", &view);
    let mut response = page.render("authenticate.html");
    response
        .extensions_mut()
        .insert(GatewaySources(sources(config)));
    Ok(response)
}

/// What the gateway's fields are for.
pub(crate) enum Purpose<'a> {
    Pay(&'a Checkout),
    /// Save a method for later (the token is posted to `/payment-methods`).
    Save,
}

pub(crate) fn render_fields(
    state: &PortalState,
    member: &Member,
    config: &GatewayConfig,
    method: MethodKind,
    purpose: Purpose<'_>,
    error: Option<&str>,
) -> Result<Response, WebError> {
    let (provider, js_url, public_key, client_key) = match config {
        GatewayConfig::Sandbox => return Err(WebError::NotFound),
        GatewayConfig::Stripe(c) => ("stripe", &c.js_url, &c.publishable_key, String::new()),
        GatewayConfig::AuthorizeNet(c) => (
            "authorize_net",
            &c.js_url,
            &c.login_id,
            c.client_key.clone(),
        ),
    };
    let currency = member.membership.account.currency;
    let view = FieldsView {
        provider,
        merchant: member.ctx.tenant.name.clone(),
        amount: match &purpose {
            Purpose::Pay(c) => Some(member.ctx.locale.format_money(c.amount)),
            Purpose::Save => None,
        },
        amount_minor: match &purpose {
            Purpose::Pay(c) => c.amount.minor(),
            Purpose::Save => 0,
        },
        currency: currency.code().to_ascii_lowercase(),
        method: method.as_str(),
        js_url: js_url.clone(),
        public_key: public_key.clone(),
        client_key,
        confirm_url: match &purpose {
            Purpose::Pay(c) => member
                .ctx
                .link(&format!("/checkout/{}/confirm", c.public_id)),
            Purpose::Save => String::new(),
        },
        save_action: member.ctx.link("/payment-methods"),
        cancel_url: match &purpose {
            Purpose::Pay(_) => member.ctx.link("/"),
            Purpose::Save => member.ctx.link("/payment-methods"),
        },
        cancel_action: match &purpose {
            Purpose::Pay(c) => Some(
                member
                    .ctx
                    .link(&format!("/checkout/{}/cancel", c.public_id)),
            ),
            Purpose::Save => None,
        },
        invoices: match &purpose {
            Purpose::Pay(c) => c
                .allocations
                .iter()
                .map(|(_, n, m)| (n.clone(), member.ctx.locale.format_money(*m)))
                .collect(),
            Purpose::Save => Vec::new(),
        },
    };
    let (title, nav) = match purpose {
        Purpose::Pay(_) => ("fields-title-pay", "invoices"),
        Purpose::Save => ("fields-title-save", "methods"),
    };
    let title = super::tr(state, &member.ctx, title, &[]);
    let mut page = Page::new(state, Some(&member.ctx), Some(member), &title, nav);
    page.insert("fields", &view);
    page.insert("error", &error);
    let mut response = page.render("gateway_fields.html");
    response
        .extensions_mut()
        .insert(GatewaySources(sources(config)));
    Ok(response)
}
