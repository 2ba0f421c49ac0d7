//! A span per request: a request id, the method, the matched route — never the raw URI, since sign-in URLs carry
//! tokens — and the tenant's slug once the tenancy layer has resolved it. Everything logged while the request runs
//! (errors included) is logged inside that span; a 5xx answer is logged once more, with its latency, at ERROR.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::extract::MatchedPath;
use axum::http::{Request, Response};
use tower_http::classify::{ServerErrorsAsFailures, ServerErrorsFailureClass, SharedClassifier};
use tower_http::trace::TraceLayer;
use tracing::Span;

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

fn on_response(response: &Response<axum::body::Body>, latency: Duration, _: &Span) {
    tracing::debug!(
        status = response.status().as_u16(),
        latency_us = latency.as_micros() as u64,
        "answered"
    );
}

fn on_failure(class: ServerErrorsFailureClass, latency: Duration, _: &Span) {
    tracing::error!(%class, latency_us = latency.as_micros() as u64, "request failed");
}

/// Records the tenant on the current request's span.
pub(crate) fn record_tenant(slug: &str) {
    Span::current().record("tenant", tracing::field::display(slug));
}
