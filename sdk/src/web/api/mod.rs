//! The vendor REST API under `/api/v1` on each tenant's host: JSON, authenticated by a tenant API key
//! (`Authorization: Bearer …`), one error shape, cursor pagination, `Idempotency-Key` on POSTs, a per-key rate limit,
//! and an OpenAPI 3.1 document at `/api/v1/openapi.json`.
//!
//! Writes go through the import file's validation (the same rules, and errors naming the field), so what the API
//! accepts is exactly what `billfold import` accepts.

mod comments;
mod domains;
mod error;
mod estimates;
mod idempotency;
pub(crate) mod openapi;
mod rate_limit;
mod resources;
mod settings;
mod subscriptions;
mod views;
mod webhook_endpoints;

pub(crate) use rate_limit::RateLimiter;

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;

use super::context::Ctx;
use super::session::ctx_of;
use super::PortalState;
use crate::secrets::hash_api_key;

pub(crate) use error::ApiError;

/// The API's routes, to nest at `/api/v1`. Every one is described in the OpenAPI document (`openapi::PATHS`).
pub(crate) fn routes(state: Arc<PortalState>) -> Router<Arc<PortalState>> {
    Router::new()
        .route("/openapi.json", get(openapi::document))
        .route(
            "/accounts",
            get(resources::list_accounts).post(resources::upsert_account),
        )
        .route("/accounts/{id}", get(resources::get_account))
        .route(
            "/invoices",
            get(resources::list_invoices).post(resources::upsert_invoice),
        )
        .route("/invoices/{number}", get(resources::get_invoice))
        .route("/invoices/{number}/void", post(resources::void_invoice))
        .route("/invoices/{number}/send", post(resources::send_invoice))
        .route(
            "/invoices/{number}/comments",
            get(comments::list).post(comments::add),
        )
        .route("/invoices/{number}/resolve", post(comments::resolve))
        .route("/payment-methods", get(resources::list_payment_methods))
        .route(
            "/contacts",
            get(resources::list_contacts).post(resources::upsert_contact),
        )
        .route("/contacts/{email}", get(resources::get_contact))
        .route(
            "/contacts/{email}/memberships/{account}/remove",
            post(resources::remove_membership),
        )
        .route(
            "/payments",
            get(resources::list_payments).post(resources::record_payment),
        )
        .route("/estimates", get(estimates::list).post(estimates::upsert))
        .route("/estimates/{number}", get(estimates::get))
        .route(
            "/subscriptions",
            get(subscriptions::list).post(subscriptions::upsert),
        )
        .route("/subscriptions/{id}", get(subscriptions::get))
        .route("/domains", get(domains::list).post(domains::add))
        .route("/domains/{hostname}/verify", post(domains::verify))
        .route("/domains/{hostname}/prefer", post(domains::prefer))
        .route("/domains/{hostname}/remove", post(domains::remove))
        .route("/sso-links", post(resources::sso_link))
        .route("/settings", get(settings::get).post(settings::update))
        .route("/events", get(webhook_endpoints::list_events))
        .route(
            "/webhook-endpoints",
            get(webhook_endpoints::list_endpoints).post(webhook_endpoints::create_endpoint),
        )
        .route(
            "/webhook-endpoints/{id}/disable",
            post(webhook_endpoints::disable_endpoint),
        )
        .route(
            "/webhook-endpoints/{id}/attempts",
            get(webhook_endpoints::endpoint_attempts),
        )
        .route_layer(axum::middleware::from_fn_with_state(
            state,
            idempotency::layer,
        ))
        .fallback(not_found)
        .layer(axum::middleware::from_fn(json_errors))
}

/// Every API answer that is not a success is in the one JSON error shape, including what axum answers by itself
/// (a method the path doesn't take, a path parameter that can't be read): a non-JSON error body becomes
/// `{"error": …}` with the same status and headers (`Allow` stays on a 405).
async fn json_errors(request: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let method = request.method().clone();
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if status.is_success() || status.is_redirection() || is_json {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, 64 << 10)
        .await
        .unwrap_or_default();
    let text = String::from_utf8_lossy(&text);
    let message = match status {
        StatusCode::METHOD_NOT_ALLOWED => {
            let allowed = parts
                .headers
                .get(axum::http::header::ALLOW)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            format!("{method} is not allowed on this endpoint; it takes {allowed}.")
        }
        StatusCode::PAYLOAD_TOO_LARGE => "The request body is too large.".to_string(),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => {
            "Send the request body as application/json.".to_string()
        }
        _ if status.is_server_error() => "Something went wrong on our side.".to_string(),
        _ if text.trim().is_empty() => status.canonical_reason().unwrap_or("Error").to_string(),
        _ => text.trim().to_string(),
    };
    let mut shaped = ApiError::status(status, message).into_response();
    for (name, value) in &parts.headers {
        if name != axum::http::header::CONTENT_TYPE && name != axum::http::header::CONTENT_LENGTH {
            shaped.headers_mut().append(name.clone(), value.clone());
        }
    }
    shaped
}

async fn not_found() -> ApiError {
    ApiError::not_found("No such API endpoint.")
}

/// A request authenticated by one of the host tenant's API keys.
#[derive(Clone)]
pub(crate) struct ApiClient {
    pub ctx: Ctx,
}

impl FromRequestParts<Arc<PortalState>> for ApiClient {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<PortalState>,
    ) -> Result<Self, ApiError> {
        // Already authenticated (and counted against the rate limit) by the idempotency layer.
        if let Some(client) = parts.extensions.get::<ApiClient>() {
            return Ok(client.clone());
        }
        let ctx = ctx_of(parts).map_err(|_| ApiError::internal())?;
        let key = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .ok_or_else(|| {
                ApiError::unauthenticated("Send your API key as `Authorization: Bearer <key>`.")
            })?;
        let hash = hash_api_key(key);
        let tenant = state
            .store
            .tenant_by_api_key(&hash)
            .await
            .map_err(ApiError::from)?;
        // A key of another tenant is as unknown here as a made-up one.
        if tenant.map(|t| t.id) != Some(ctx.tenant.id) {
            return Err(ApiError::unauthenticated(
                "The API key is not valid for this portal.",
            ));
        }
        state
            .api_limiter
            .check(state.store.as_ref(), ctx.tenant.id, &hash, state.now())
            .await
            .map_err(ApiError::from)?
            .map_err(ApiError::rate_limited)?;
        Ok(ApiClient { ctx })
    }
}

/// A JSON response.
pub(crate) fn json(status: StatusCode, value: &impl serde::Serialize) -> Response {
    match serde_json::to_string(value) {
        Ok(text) => (status, [("content-type", "application/json")], text).into_response(),
        Err(e) => ApiError::internal()
            .caused_by(format_args!("an API answer did not serialize: {e}"))
            .into_response(),
    }
}

/// A handler's result as a response: its JSON with its status, or the error shape.
pub(crate) fn reply<T: serde::Serialize>(result: Result<(StatusCode, T), ApiError>) -> Response {
    match result {
        Ok((status, value)) => json(status, &value),
        Err(e) => e.into_response(),
    }
}
