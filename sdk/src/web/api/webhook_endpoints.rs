//! The API's webhook endpoints (create, list, disable, their delivery log) and the events they deliver.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::resources::{paging, parse_body, query_of, ListQuery};
use super::views::{AttemptView, EndpointView, EventView, ListPage};
use super::{json, reply, ApiClient, ApiError};
use crate::web::PortalState;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EndpointInput {
    url: String,
    #[serde(default)]
    events: Option<Vec<String>>,
}

pub(crate) async fn create_endpoint(
    State(state): State<Arc<PortalState>>,
    client: ApiClient,
    body: Bytes,
) -> Response {
    let run = async {
        let input: EndpointInput = parse_body(&body)?;
        let url = input.url.trim();
        let checked = match reqwest::Url::parse(url) {
            Ok(parsed) if url.len() <= 2048 => {
                crate::outbound::check_url(&parsed, state.webhook_addresses)
            }
            _ => Err(crate::outbound::AddressError::NotHttp),
        };
        match checked {
            Ok(()) => {}
            Err(e @ crate::outbound::AddressError::NotHttp) => {
                return Err(ApiError::invalid(format!("{e}."), Some("url".into())))
            }
            // A well-formed URL this host won't call.
            Err(e) => return Err(ApiError::unprocessable(format!("{e}."), "url")),
        }
        let events = input.events.unwrap_or_else(|| vec!["*".into()]);
        for (i, e) in events.iter().enumerate() {
            if e != "*" && !crate::webhooks::EVENT_TYPES.contains(&e.as_str()) {
                return Err(ApiError::invalid(
                    format!(
                        "unknown event type {e:?}; use * or {}",
                        crate::webhooks::EVENT_TYPES.join(", ")
                    ),
                    Some(format!("events[{i}]")),
                ));
            }
        }
        if events.is_empty() {
            return Err(ApiError::invalid(
                "events must list at least one event type (or *).",
                Some("events".into()),
            ));
        }
        let tenant = client.ctx.tenant.id;
        let public_id =
            crate::secrets::random_token::<12>("we_").map_err(|_| ApiError::internal())?;
        let secret = crate::webhooks::new_secret().map_err(|_| ApiError::internal())?;
        let sealed = crate::webhooks::seal_secret(&state.master, tenant, &public_id, &secret)
            .map_err(|_| ApiError::internal())?;
        let endpoint = state
            .store
            .create_webhook_endpoint(tenant, &public_id, url, &events, &sealed, state.now())
            .await?;
        // The secret is shown once, like the tenant's own secrets.
        Ok((
            StatusCode::OK,
            EndpointView::of(&endpoint).with_secret(secret),
        ))
    };
    reply(run.await)
}

pub(crate) async fn list_endpoints(
    State(state): State<Arc<PortalState>>,
    client: ApiClient,
) -> Result<Response, ApiError> {
    let endpoints = state.store.webhook_endpoints(client.ctx.tenant.id).await?;
    Ok(json(
        StatusCode::OK,
        &ListPage::whole(&endpoints, EndpointView::of),
    ))
}

async fn endpoint_of(
    state: &PortalState,
    client: &ApiClient,
    id: &str,
) -> Result<crate::domain::WebhookEndpoint, ApiError> {
    state
        .store
        .webhook_endpoints(client.ctx.tenant.id)
        .await?
        .into_iter()
        .find(|e| e.public_id == id)
        .ok_or_else(|| ApiError::not_found(format!("No webhook endpoint {id:?}.")))
}

pub(crate) async fn disable_endpoint(
    State(state): State<Arc<PortalState>>,
    client: ApiClient,
    Path(id): Path<String>,
) -> Response {
    let run = async {
        endpoint_of(&state, &client, &id).await?;
        state
            .store
            .disable_webhook_endpoint(
                client.ctx.tenant.id,
                &id,
                "disabled through the API",
                state.now(),
            )
            .await?;
        Ok((
            StatusCode::OK,
            EndpointView::of(&endpoint_of(&state, &client, &id).await?),
        ))
    };
    reply(run.await)
}

pub(crate) async fn endpoint_attempts(
    State(state): State<Arc<PortalState>>,
    client: ApiClient,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    endpoint_of(&state, &client, &id).await?;
    let attempts = state
        .store
        .delivery_attempts(client.ctx.tenant.id, &id, 100)
        .await?;
    Ok(json(
        StatusCode::OK,
        &ListPage::whole(&attempts, AttemptView::of),
    ))
}

pub(crate) async fn list_events(
    State(state): State<Arc<PortalState>>,
    client: ApiClient,
    q: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let q = query_of(q)?;
    let (limit, after) = paging(&q)?;
    let rows = state
        .store
        .events_page(client.ctx.tenant.id, after, limit + 1)
        .await?;
    Ok(json(
        StatusCode::OK,
        &ListPage::of(rows, limit, |e| e.id, EventView::of),
    ))
}
