//! Subscriptions through the API: the vendor creates and updates them (through the import file's validation) and
//! reads them back, with what the customer changed in the portal (a scheduled cancellation and its reason, the
//! method).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;

use super::resources::{account_by_external_id, field, import_one, paging, query_of, ListQuery};
use super::views::ListPage;
use super::{json, reply, ApiClient, ApiError};
use crate::domain::Subscription;
use crate::web::view::iso_time;
use crate::web::PortalState;

#[derive(Serialize)]
pub(crate) struct SubscriptionView {
    object: &'static str,
    id: String,
    account: String,
    plan: String,
    quantity: u32,
    unit_amount: String,
    /// quantity × unit amount, per interval.
    amount: String,
    currency: &'static str,
    interval: &'static str,
    interval_count: u32,
    status: &'static str,
    current_period_start: String,
    current_period_end: String,
    cancel_at_period_end: bool,
    canceled_at: Option<String>,
    payment_method: Option<String>,
    cancel_reason: Option<&'static str>,
    cancel_comment: Option<String>,
}

impl SubscriptionView {
    fn of(s: &Subscription) -> SubscriptionView {
        SubscriptionView {
            object: "subscription",
            id: s.external_id.clone(),
            account: s.account_external_id.clone(),
            plan: s.plan_name.clone(),
            quantity: s.quantity,
            unit_amount: s.unit_amount.to_decimal_string(),
            amount: s.amount().to_decimal_string(),
            currency: s.unit_amount.currency().code(),
            interval: s.interval.unit_str(),
            interval_count: s.interval.count,
            status: s.status.as_str(),
            current_period_start: s.current_period_start.to_string(),
            current_period_end: s.current_period_end.to_string(),
            cancel_at_period_end: s.cancel_at_period_end,
            canceled_at: s.canceled_at.map(iso_time),
            payment_method: s.payment_method.as_ref().map(|m| m.public_id.clone()),
            cancel_reason: s.cancel_reason.map(|r| r.as_str()),
            cancel_comment: s.cancel_comment.clone(),
        }
    }
}

/// `GET /api/v1/subscriptions`: oldest first; `account` filters.
pub(crate) async fn list(
    State(state): State<Arc<PortalState>>,
    client: ApiClient,
    q: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let q = query_of(q)?;
    let (limit, after) = paging(&q)?;
    let tenant = client.ctx.tenant.id;
    let account = match &q.account {
        None => None,
        Some(id) => match account_by_external_id(&state, tenant, id).await? {
            Some(a) => Some(a.id),
            None => return Ok(json(StatusCode::OK, &ListPage::<()>::empty())),
        },
    };
    let rows = state
        .store
        .subscriptions_page(tenant, account, after, limit + 1)
        .await?;
    Ok(json(
        StatusCode::OK,
        &ListPage::of(rows, limit, |s| s.id.0, SubscriptionView::of),
    ))
}

async fn one(
    state: &PortalState,
    client: &ApiClient,
    id: &str,
) -> Result<SubscriptionView, ApiError> {
    state
        .store
        .subscription(client.ctx.tenant.id, None, id)
        .await?
        .map(|s| SubscriptionView::of(&s))
        .ok_or_else(|| ApiError::not_found(format!("No subscription {id:?}.")))
}

/// `GET /api/v1/subscriptions/{id}`.
pub(crate) async fn get(
    State(state): State<Arc<PortalState>>,
    client: ApiClient,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    Ok(json(StatusCode::OK, &one(&state, &client, &id).await?))
}

/// `POST /api/v1/subscriptions`: creates or updates (by `id`) one subscription, as the import file's
/// `subscriptions` section would; the vendor's update wins over what the customer changed.
pub(crate) async fn upsert(
    State(state): State<Arc<PortalState>>,
    client: ApiClient,
    body: Bytes,
) -> Response {
    let run = async {
        import_one(&state, client.ctx.tenant.id, "subscriptions", &body).await?;
        let id = field(&body, "id").unwrap_or_default();
        Ok((StatusCode::OK, one(&state, &client, &id).await?))
    };
    reply(run.await)
}
