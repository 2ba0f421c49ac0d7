//! Payment History: Date, Invoice #, Amount, Type, Reference; one row per invoice a payment was applied to.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

use super::Page;
use crate::domain::HistoryCursor;
use crate::web::error::WebError;
use crate::web::session::Viewer;
use crate::web::view::{Pager, PaymentRowView};
use crate::web::PortalState;

const PER_PAGE: i64 = 25;

/// `?before=` (older than) or `?after=` (newer than) a payment's cursor; neither: the newest payments.
#[derive(Deserialize)]
pub(crate) struct HistoryQuery {
    before: Option<String>,
    after: Option<String>,
}

pub(crate) async fn history(
    State(state): State<Arc<PortalState>>,
    Viewer(member): Viewer,
    Query(query): Query<HistoryQuery>,
) -> Result<Response, WebError> {
    let ctx = &member.ctx;
    // A cursor that can't be read is the newest page (links stay shareable: a cursor names a payment, not a page).
    let at = match (query.before.as_deref(), query.after.as_deref()) {
        (Some(t), _) => HistoryCursor::parse(t, true),
        (None, Some(t)) => HistoryCursor::parse(t, false),
        (None, None) => None,
    }
    .unwrap_or(HistoryCursor::Newest);
    let page = state
        .store
        .payment_history_page(ctx.tenant.id, member.membership.account.id, at, PER_PAGE)
        .await?;
    let views: Vec<PaymentRowView> = page
        .rows
        .iter()
        .map(|r| PaymentRowView::of(ctx, r))
        .collect();
    let link = |c: HistoryCursor| {
        let (name, token) = match c {
            HistoryCursor::Newer(..) => ("after", c.token()),
            _ => ("before", c.token()),
        };
        ctx.link(&format!("/payments?{name}={}", token.unwrap_or_default()))
    };
    let pager = Pager::keyset(page.newer.map(link), page.older.map(link));
    let title = super::tr(&state, ctx, "nav-payment-history", &[]);
    let mut page = Page::new(&state, Some(ctx), Some(&member), &title, "payments");
    page.insert("payments", &views);
    page.insert("pager", &pager);
    Ok(page.render("payments.html"))
}
