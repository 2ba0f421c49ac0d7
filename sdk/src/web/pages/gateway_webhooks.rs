//! Webhooks from the tenant's gateway (`POST /webhooks/stripe`, `POST /webhooks/authorize-net` on the tenant's
//! host). The signature is checked on the raw body with the tenant's signing secret; a verified event only says
//! *which* charge changed: its outcome is read from the gateway's API (as reconciliation does) and applied to the
//! payment if it is still pending, so a replayed, reordered or forged-but-signed event can't settle a payment
//! wrongly or twice.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde::Deserialize;

use crate::gateway::config::GatewayConfig;
use crate::gateway::{authorize_net, stripe};
use crate::payments;
use crate::web::context::Ctx;
use crate::web::PortalState;

fn reply(status: StatusCode, message: &'static str) -> Response {
    (status, [("content-type", "application/json")], message).into_response()
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// The host tenant's gateway settings; unreadable ones ask the gateway to retry later.
async fn gateway_config(state: &PortalState, ctx: &Ctx) -> Result<GatewayConfig, Response> {
    state
        .gateway_config(ctx.tenant.id)
        .await
        .map_err(|e| try_again(format_args!("webhook: gateway settings unreadable: {e}")))
}

/// 503, so the gateway retries later; what broke is logged once by the trace layer.
fn try_again(cause: impl std::fmt::Display) -> Response {
    let mut response = reply(StatusCode::SERVICE_UNAVAILABLE, r#"{"error":"try again"}"#);
    response
        .extensions_mut()
        .insert(crate::web::error::Cause(std::sync::Arc::from(
            cause.to_string(),
        )));
    response
}

/// The tenant doesn't take this gateway's webhooks (another gateway, or no signing secret set).
fn not_configured() -> Response {
    reply(StatusCode::NOT_FOUND, r#"{"error":"not configured"}"#)
}

/// Settles the charge a verified event names, from the gateway's own record.
async fn settle_key(state: &PortalState, ctx: &Ctx, config: &GatewayConfig, key: &str) -> Response {
    let tenant = ctx.tenant.id;
    let pending = match state.store.unconfirmed_payment(tenant, key).await {
        Ok(p) => p,
        Err(e) => {
            return try_again(format_args!("webhook: store error: {e}"));
        }
    };
    let Some(pending) = pending else {
        return reply(StatusCode::OK, r#"{"received":true}"#);
    };
    let gateway = state.build_gateway(tenant, config);
    match payments::settle_from_gateway(
        state.store.as_ref(),
        gateway.as_ref(),
        &pending,
        false,
        state.now(),
    )
    .await
    {
        Ok(settled) => {
            // Still pending: nothing new yet; the gateway sends more events and reconciliation keeps asking.
            tracing::info!(
                payment = pending.payment_id.0,
                ?settled,
                "webhook: payment checked with the gateway"
            );
            reply(StatusCode::OK, r#"{"received":true}"#)
        }
        Err(e) => try_again(format_args!("webhook: could not settle: {e}")),
    }
}

#[derive(Deserialize)]
struct StripeEvent {
    #[serde(rename = "type")]
    kind: String,
    data: StripeEventData,
}

#[derive(Deserialize)]
struct StripeEventData {
    object: StripeObject,
}

#[derive(Deserialize)]
struct StripeObject {
    #[serde(default)]
    object: String,
    #[serde(default)]
    id: String,
    #[serde(default)]
    metadata: std::collections::HashMap<String, String>,
}

pub(crate) async fn stripe(
    State(state): State<Arc<PortalState>>,
    Extension(ctx): Extension<Ctx>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let config = match gateway_config(&state, &ctx).await {
        Ok(c) => c,
        Err(refused) => return refused,
    };
    let GatewayConfig::Stripe(stripe_config) = &config else {
        return not_configured();
    };
    let Some(secret) = &stripe_config.webhook_secret else {
        return not_configured();
    };
    let signature = header(&headers, "stripe-signature");
    if let Err(e) = stripe::verify_webhook(signature, &body, secret.expose(), state.now()) {
        tracing::warn!(tenant = %ctx.tenant.slug, reason = %e, "Stripe webhook refused");
        return reply(StatusCode::BAD_REQUEST, r#"{"error":"bad signature"}"#);
    }
    let Ok(event) = serde_json::from_slice::<StripeEvent>(&body) else {
        return reply(StatusCode::BAD_REQUEST, r#"{"error":"malformed event"}"#);
    };
    let object = event.data.object;
    if object.object != "payment_intent" || !event.kind.starts_with("payment_intent.") {
        return reply(StatusCode::OK, r#"{"received":true}"#);
    }
    let key = match object.metadata.get("billfold_key") {
        Some(key) => Some(key.clone()),
        None => state
            .store
            .payment_key_by_gateway_ref(ctx.tenant.id, &object.id)
            .await
            .ok()
            .flatten(),
    };
    match key {
        Some(key) => settle_key(&state, &ctx, &config, &key).await,
        None => reply(StatusCode::OK, r#"{"received":true}"#),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AnetNotification {
    #[serde(default)]
    event_type: String,
    payload: AnetPayload,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct AnetPayload {
    #[serde(default)]
    entity_name: String,
    #[serde(default)]
    id: String,
}

pub(crate) async fn authorize_net(
    State(state): State<Arc<PortalState>>,
    Extension(ctx): Extension<Ctx>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let config = match gateway_config(&state, &ctx).await {
        Ok(c) => c,
        Err(refused) => return refused,
    };
    let GatewayConfig::AuthorizeNet(anet) = &config else {
        return not_configured();
    };
    let Some(key) = &anet.signature_key else {
        return not_configured();
    };
    if !authorize_net::verify_webhook(header(&headers, "x-anet-signature"), &body, key.expose()) {
        tracing::warn!(tenant = %ctx.tenant.slug, "Authorize.Net webhook refused: signature does not match");
        return reply(StatusCode::BAD_REQUEST, r#"{"error":"bad signature"}"#);
    }
    let Ok(notification) = serde_json::from_slice::<AnetNotification>(&body) else {
        return reply(
            StatusCode::BAD_REQUEST,
            r#"{"error":"malformed notification"}"#,
        );
    };
    let payload = notification.payload;
    if payload.entity_name != "transaction"
        || !notification
            .event_type
            .starts_with("net.authorize.payment.")
    {
        return reply(StatusCode::OK, r#"{"received":true}"#);
    }
    match state
        .store
        .payment_key_by_gateway_ref(ctx.tenant.id, &payload.id)
        .await
    {
        Ok(Some(key)) => settle_key(&state, &ctx, &config, &key).await,
        // A charge we never heard back about is found by reconciliation (by its invoice number).
        Ok(None) => reply(StatusCode::OK, r#"{"received":true}"#),
        Err(e) => try_again(format_args!("webhook: store error: {e}")),
    }
}
