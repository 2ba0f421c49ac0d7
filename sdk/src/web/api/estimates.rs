//! Estimates through the API: the vendor creates and updates them while open (through the import file's
//! validation), marks approved ones invoiced, and reads back the customer's decision.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Serialize;

use super::resources::{account_by_external_id, field, import_one, paging, query_of, ListQuery};
use super::views::{InvoiceLineView, ListPage};
use super::{json, reply, ApiClient, ApiError};
use crate::domain::Estimate;
use crate::web::view::iso_time;
use crate::web::PortalState;

#[derive(Serialize)]
pub(crate) struct EstimateView {
    object: &'static str,
    number: String,
    account: String,
    issued_on: String,
    expires_on: String,
    currency: &'static str,
    /// `open`, `approved`, `declined`, `expired` or `invoiced`.
    status: &'static str,
    subtotal: String,
    tax: String,
    total: String,
    deposit: String,
    deposit_invoice: Option<String>,
    terms: Option<String>,
    approved_name: Option<String>,
    decline_reason: Option<String>,
    decided_at: Option<String>,
    decided_from: Option<String>,
    lines: Vec<InvoiceLineView>,
}

impl EstimateView {
    fn of(e: &Estimate, today: time::Date) -> EstimateView {
        EstimateView {
            object: "estimate",
            number: e.number.clone(),
            account: e.account_external_id.clone(),
            issued_on: e.issued_on.to_string(),
            expires_on: e.expires_on.to_string(),
            currency: e.total.currency().code(),
            status: e.state(today),
            subtotal: e.subtotal.to_decimal_string(),
            tax: e.tax.to_decimal_string(),
            total: e.total.to_decimal_string(),
            deposit: e.deposit.to_decimal_string(),
            deposit_invoice: e.deposit_invoice.clone(),
            terms: e.terms.clone(),
            approved_name: e.approved_name.clone(),
            decline_reason: e.decline_reason.clone(),
            decided_at: e.decided_at.map(iso_time),
            decided_from: e.decided_from.clone(),
            lines: e.lines.iter().map(InvoiceLineView::of).collect(),
        }
    }
}

/// `GET /api/v1/estimates`: oldest first; `account` filters.
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
        .estimates_page(tenant, account, after, limit + 1)
        .await?;
    let today = state.today();
    Ok(json(
        StatusCode::OK,
        &ListPage::of(rows, limit, |e| e.id, |e| EstimateView::of(e, today)),
    ))
}

async fn one(
    state: &PortalState,
    client: &ApiClient,
    number: &str,
) -> Result<EstimateView, ApiError> {
    state
        .store
        .estimate(client.ctx.tenant.id, None, number)
        .await?
        .map(|e| EstimateView::of(&e, state.today()))
        .ok_or_else(|| ApiError::not_found(format!("No estimate {number:?}.")))
}

/// `GET /api/v1/estimates/{number}`.
pub(crate) async fn get(
    State(state): State<Arc<PortalState>>,
    client: ApiClient,
    Path(number): Path<String>,
) -> Result<Response, ApiError> {
    Ok(json(StatusCode::OK, &one(&state, &client, &number).await?))
}

/// `POST /api/v1/estimates`: creates or updates (by `number`) an open estimate, or marks an approved one invoiced.
pub(crate) async fn upsert(
    State(state): State<Arc<PortalState>>,
    client: ApiClient,
    body: Bytes,
) -> Response {
    let run = async {
        import_one(&state, client.ctx.tenant.id, "estimates", &body).await?;
        let number = field(&body, "number").unwrap_or_default();
        Ok((StatusCode::OK, one(&state, &client, &number).await?))
    };
    reply(run.await)
}
