//! `Idempotency-Key` on every API POST, owned by one layer: a repeat with the same body gets the first response
//! again (marked `Idempotent-Replayed: true`); the same key with a different request is refused (409), as is one
//! while the first is still running. A failure on our side (5xx) releases the key so a retry runs again. Handlers
//! know nothing of it.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use super::{ApiClient, ApiError};
use crate::domain::IdempotentRequest;
use crate::web::PortalState;

/// The largest response body kept for replay; the API's answers are a few kilobytes.
const MAX_KEPT_RESPONSE: usize = 1 << 20;

pub(super) async fn layer(
    State(state): State<Arc<PortalState>>,
    request: Request,
    next: Next,
) -> Response {
    if request.method() != Method::POST {
        return next.run(request).await;
    }
    let Some(key) = request
        .headers()
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(|k| k.trim().to_string())
    else {
        return next.run(request).await;
    };
    if key.is_empty() || key.len() > 255 {
        return ApiError::invalid(
            "The Idempotency-Key header must be 1 to 255 characters.",
            None,
        )
        .into_response();
    }
    // Authenticated first (and kept for the handler), so a request without a valid key never touches a key.
    let (mut parts, body) = request.into_parts();
    let client = match ApiClient::from_request_parts(&mut parts, &state).await {
        Ok(client) => client,
        Err(e) => return e.into_response(),
    };
    let tenant = client.ctx.tenant.id;
    parts.extensions.insert(client);
    // The edge layer has already read the body within its limits; this only takes it back.
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return ApiError::internal().into_response();
    };
    let mut fingerprint = Sha256::new();
    fingerprint.update(parts.uri.path().as_bytes());
    fingerprint.update(b"\n");
    fingerprint.update(&bytes);
    let hash: [u8; 32] = fingerprint.finalize().into();
    match state
        .store
        .begin_api_request(tenant, &key, &hash, state.now())
        .await
    {
        Err(e) => return ApiError::from(e).into_response(),
        Ok(IdempotentRequest::Replay { status, body }) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
            let mut response =
                (status, [("content-type", "application/json")], body).into_response();
            response
                .headers_mut()
                .insert("idempotent-replayed", HeaderValue::from_static("true"));
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
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    let status = response.status();
    if status.is_server_error() {
        // Our failure: let a retry with the same key run it again.
        if let Err(forget) = state.store.forget_api_request(tenant, &key).await {
            tracing::error!(error = %forget, "could not release an idempotency key");
        }
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(text) = axum::body::to_bytes(body, MAX_KEPT_RESPONSE).await else {
        if let Err(forget) = state.store.forget_api_request(tenant, &key).await {
            tracing::error!(error = %forget, "could not release an idempotency key");
        }
        return ApiError::internal().into_response();
    };
    let kept = String::from_utf8_lossy(&text);
    if let Err(e) = state
        .store
        .finish_api_request(tenant, &key, status.as_u16(), &kept)
        .await
    {
        return ApiError::from(e).into_response();
    }
    Response::from_parts(parts, Body::from(text))
}
