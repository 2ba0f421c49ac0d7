//! Payment History: Date, Invoice #, Amount, Type, Reference; one row per invoice a payment was applied to.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

use super::Page;
use crate::web::error::WebError;
use crate::web::session::Viewer;
use crate::web::view::{Pager, PaymentRowView};
use crate::web::PortalState;

const PER_PAGE: i64 = 25;

#[derive(Deserialize)]
pub(crate) struct HistoryQuery {
    page: Option<String>,
}

/// A 1-based page number from a query string; anything else is page 1.
pub(crate) fn page_number(raw: Option<&str>) -> i64 {
    raw.and_then(|p| p.parse::<i64>().ok())
        .filter(|p| (1..=1_000_000).contains(p))
        .unwrap_or(1)
}

pub(crate) async fn history(
    State(state): State<Arc<PortalState>>,
    Viewer(member): Viewer,
    Query(query): Query<HistoryQuery>,
) -> Result<Response, WebError> {
    let ctx = &member.ctx;
    let page = page_number(query.page.as_deref());
    let rows = state
        .store
        .payment_history(
            ctx.tenant.id,
            member.membership.account.id,
            (page - 1) * PER_PAGE,
            PER_PAGE,
        )
        .await?;
    let views: Vec<PaymentRowView> = rows
        .items
        .iter()
        .map(|r| PaymentRowView::of(ctx, r))
        .collect();
    let pager = Pager::open_ended(page, PER_PAGE, views.len(), rows.has_more, |p| {
        ctx.link(&format!("/payments?page={p}"))
    });
    let title = super::tr(&state, ctx, "nav-payment-history", &[]);
    let mut page = Page::new(&state, Some(ctx), Some(&member), &title, "payments");
    page.insert("payments", &views);
    page.insert("pager", &pager);
    Ok(page.render("payments.html"))
}
