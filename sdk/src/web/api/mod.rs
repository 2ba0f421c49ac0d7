//! The vendor REST API under `/api/v1` on each tenant's host: JSON, authenticated by a tenant API key
//! (`Authorization: Bearer …`), one error shape, cursor pagination, `Idempotency-Key` on POSTs, a per-key rate limit,
//! and an OpenAPI 3.1 document at `/api/v1/openapi.json`.
//!
//! Writes go through the import file's validation (the same rules, and errors naming the field), so what the API
//! accepts is exactly what `billfold import` accepts.

mod error;
pub(crate) mod openapi;
mod rate_limit;
mod resources;
mod webhook_endpoints;

pub(crate) use rate_limit::RateLimiter;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::context::Ctx;
use super::session::ctx_of;
use super::PortalState;
use crate::domain::IdempotentRequest;
use crate::secrets::hash_api_key;

pub(crate) use error::ApiError;

/// The API's routes, to nest at `/api/v1`. Every one is described in the OpenAPI document (`openapi::PATHS`).
pub(crate) fn routes() -> Router<Arc<PortalState>> {
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
        .route("/sso-links", post(resources::sso_link))
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
pub(crate) struct ApiClient {
    pub ctx: Ctx,
}

impl FromRequestParts<Arc<PortalState>> for ApiClient {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<PortalState>,
    ) -> Result<Self, ApiError> {
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
pub(crate) fn json(status: StatusCode, value: &Value) -> Response {
    (
        status,
        [("content-type", "application/json")],
        value.to_string(),
    )
        .into_response()
}

/// Runs a POST once per `Idempotency-Key`: a repeat with the same body gets the first response again; the same key
/// with a different request is refused (409), as is one while the first is still running.
pub(crate) async fn idempotent<F>(
    state: &PortalState,
    client: &ApiClient,
    headers: &HeaderMap,
    path: &str,
    body: &Bytes,
    run: F,
) -> Response
where
    F: std::future::Future<Output = Result<(StatusCode, Value), ApiError>>,
{
    let Some(key) = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
    else {
        return match run.await {
            Ok((status, value)) => json(status, &value),
            Err(e) => e.into_response(),
        };
    };
    if key.is_empty() || key.len() > 255 {
        return ApiError::invalid(
            "The Idempotency-Key header must be 1 to 255 characters.",
            None,
        )
        .into_response();
    }
    let tenant = client.ctx.tenant.id;
    let mut fingerprint = Sha256::new();
    fingerprint.update(path.as_bytes());
    fingerprint.update(b"\n");
    fingerprint.update(body);
    let hash: [u8; 32] = fingerprint.finalize().into();
    match state
        .store
        .begin_api_request(tenant, key, &hash, state.now())
        .await
    {
        Err(e) => return ApiError::from(e).into_response(),
        Ok(IdempotentRequest::Replay { status, body }) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
            let mut response =
                (status, [("content-type", "application/json")], body).into_response();
            response.headers_mut().insert(
                "idempotent-replayed",
                axum::http::HeaderValue::from_static("true"),
            );
            return response;
        }
        Ok(IdempotentRequest::Mismatch) => {
            return ApiError::idempotency(
                "This Idempotency-Key was already used with a different request.",
            )
            .into_response()
        }
        Ok(IdempotentRequest::InProgress) => {
            return ApiError::idempotency(
                "A request with this Idempotency-Key is still being processed. Retry shortly.",
            )
            .into_response()
        }
        Ok(IdempotentRequest::New) => {}
    }
    let (status, value) = match run.await {
        Ok(ok) => ok,
        Err(e) if e.status.is_server_error() => {
            // Our failure: let a retry with the same key run it again.
            if let Err(forget) = state.store.forget_api_request(tenant, key).await {
                tracing::error!(error = %forget, "could not release an idempotency key");
            }
            return e.into_response();
        }
        Err(e) => (e.status, e.body()),
    };
    let text = value.to_string();
    if let Err(e) = state
        .store
        .finish_api_request(tenant, key, status.as_u16(), &text)
        .await
    {
        return ApiError::from(e).into_response();
    }
    (status, [("content-type", "application/json")], text).into_response()
}
