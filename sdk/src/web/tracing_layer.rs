//! A span per request: a request id, the method, the matched route — never the raw URI, since sign-in URLs carry
//! tokens — and the tenant's slug once the tenancy layer has resolved it. Everything logged while the request runs
//! (errors included) is logged inside that span; a 5xx answer is logged once, at ERROR, with its latency and what
//! broke.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::extract::MatchedPath;
use axum::http::{Request, Response};
use tower_http::classify::{ServerErrorsAsFailures, ServerErrorsFailureClass, SharedClassifier};
use tower_http::trace::TraceLayer;
use tracing::Span;

use super::error::Cause;

/// Request ids: unique within the process, in arrival order.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

type MakeSpan = fn(&Request<axum::body::Body>) -> Span;
type OnResponse = fn(&Response<axum::body::Body>, Duration, &Span);
type OnFailure = fn(ServerErrorsFailureClass, Duration, &Span);

/// The layer for the portal's router.
pub(crate) fn layer() -> TraceLayer<
    SharedClassifier<ServerErrorsAsFailures>,
    MakeSpan,
    tower_http::trace::DefaultOnRequest,
    OnResponse,
    tower_http::trace::DefaultOnBodyChunk,
    tower_http::trace::DefaultOnEos,
    OnFailure,
> {
    TraceLayer::new_for_http()
        .make_span_with(span as MakeSpan)
        .on_response(on_response as OnResponse)
        .on_failure(on_failure as OnFailure)
}

fn span(request: &Request<axum::body::Body>) -> Span {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("(no route)", MatchedPath::as_str);
    tracing::info_span!(
        "request",
        id = NEXT_ID.fetch_add(1, Ordering::Relaxed),
        method = %request.method(),
        route = %route,
        tenant = tracing::field::Empty,
    )
}

/// Logs the answer; a 5xx once at ERROR, with what broke when the handler said (its [`Cause`]).
fn on_response(response: &Response<axum::body::Body>, latency: Duration, _: &Span) {
    let status = response.status().as_u16();
    let latency_us = latency.as_micros() as u64;
    if response.status().is_server_error() {
        match response.extensions().get::<Cause>() {
            Some(Cause(cause)) => {
                tracing::error!(status, latency_us, error = %cause, "request failed")
            }
            None => tracing::error!(status, latency_us, "request failed"),
        }
    } else {
        tracing::debug!(status, latency_us, "answered");
    }
}

/// A 5xx was logged by [`on_response`]; only a failure without a response is logged here.
fn on_failure(class: ServerErrorsFailureClass, latency: Duration, _: &Span) {
    if let ServerErrorsFailureClass::Error(error) = class {
        tracing::error!(%error, latency_us = latency.as_micros() as u64, "request failed");
    }
}

/// Records the tenant on the current request's span.
pub(crate) fn record_tenant(slug: &str) {
    Span::current().record("tenant", tracing::field::display(slug));
}
