//! The dashboard (seed 000): the summary cards and one page of the invoice list, each row expandable to its lines.
//! Its cost is a fixed number of indexed queries whatever the number of invoices: totals kept per account, one
//! LIMITed page, and the lines of that page in one query.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::Page;
use crate::domain::{
    InvoiceCursor, InvoiceFilter, InvoiceId, InvoiceKey, InvoiceLine, InvoiceQuery, InvoiceSort,
};
use crate::web::error::WebError;
use crate::web::session::Viewer;
use crate::web::view::{query_value, InvoiceView, Pager};
use crate::web::PortalState;

const PER_PAGE: i64 = 25;
const MAX_SEARCH: usize = 64;

#[derive(Deserialize)]
pub(crate) struct DashboardQuery {
    status: Option<String>,
    sort: Option<String>,
    q: Option<String>,
    /// The page after this invoice's key, in the list's order ([`InvoiceKey::token`]).
    starting_after: Option<String>,
    /// The page before this invoice's key.
    ending_before: Option<String>,
}

/// The invoice list's filter as the query gives it: which invoices, the tab's name, the number search.
pub(crate) struct Filter {
    pub sort: InvoiceSort,
    pub filter: InvoiceFilter,
    pub status: &'static str,
    pub search: String,
}

impl Filter {
    pub(crate) fn of(query: &DashboardQuery) -> Filter {
        let (filter, status) = match query.status.as_deref() {
            Some("open") => (InvoiceFilter::Open, "open"),
            Some("paid") => (InvoiceFilter::Paid, "paid"),
            _ => (InvoiceFilter::All, "all"),
        };
        let search = query
            .q
            .as_deref()
            .unwrap_or("")
            .trim()
            .chars()
            .take(MAX_SEARCH)
            .collect();
        Filter {
            sort: match query.sort.as_deref() {
                Some("due") => InvoiceSort::DueFirst,
                _ => InvoiceSort::Newest,
            },
            filter,
            status,
            search,
        }
    }
}

#[derive(Serialize)]
struct FilterTab {
    /// `all`, `open` or `paid` (the label is the catalogue's `filter-<key>`).
    key: &'static str,
    url: String,
    current: bool,
}

pub(crate) async fn show(
    State(state): State<Arc<PortalState>>,
    Viewer(member): Viewer,
    Query(query): Query<DashboardQuery>,
) -> Result<Response, WebError> {
    let ctx = &member.ctx;
    let account = &member.membership.account;
    let Filter {
        sort,
        filter,
        status,
        search,
    } = Filter::of(&query);
    // A key that can't be read is the list's beginning (links name an invoice, not a page: they stay shareable).
    let at = match (
        query.starting_after.as_deref(),
        query.ending_before.as_deref(),
    ) {
        (Some(t), _) => InvoiceKey::parse(t).map(InvoiceCursor::After),
        (None, Some(t)) => InvoiceKey::parse(t).map(InvoiceCursor::Before),
        (None, None) => None,
    }
    .unwrap_or_default();

    // The totals came with the account in this request's session query: current, at no extra query.
    let summary = account.summary;
    let invoices = state
        .store
        .list_invoices(
            ctx.tenant.id,
            account.id,
            &InvoiceQuery {
                sort,
                filter,
                number_search: (!search.is_empty()).then(|| search.clone()),
                at,
                limit: PER_PAGE,
            },
        )
        .await?;
    let total = if search.is_empty() {
        summary.count(filter)
    } else {
        state
            .store
            .count_invoices(ctx.tenant.id, account.id, filter, &search)
            .await?
    };
    let ids: Vec<InvoiceId> = invoices.items.iter().map(|i| i.id).collect();
    let mut lines: HashMap<InvoiceId, Vec<InvoiceLine>> = HashMap::new();
    for (id, line) in state.store.invoice_lines(ctx.tenant.id, &ids).await? {
        lines.entry(id).or_default().push(line);
    }
    let today = state.today();
    let payer = member.payer().is_some();
    let rows: Vec<InvoiceView> = invoices
        .items
        .iter()
        .map(|inv| {
            InvoiceView::of(
                ctx,
                inv,
                lines.get(&inv.id).map_or(&[][..], Vec::as_slice),
                today,
                payer,
            )
        })
        .collect();

    let link = |status: &str, at: InvoiceCursor| {
        let mut url = ctx.link(&format!("/?status={status}"));
        if sort == InvoiceSort::DueFirst {
            url.push_str("&sort=due");
        }
        if !search.is_empty() {
            url.push_str(&format!("&q={}", query_value(&search)));
        }
        match at {
            InvoiceCursor::First => {}
            InvoiceCursor::After(key) => url.push_str(&format!("&starting_after={}", key.token())),
            InvoiceCursor::Before(key) => url.push_str(&format!("&ending_before={}", key.token())),
        }
        url
    };
    let tabs: Vec<FilterTab> = ["all", "open", "paid"]
        .into_iter()
        .map(|s| FilterTab {
            key: s,
            url: link(s, InvoiceCursor::First),
            current: s == status,
        })
        .collect();
    // Rows are numbered on the first page only: a deeper page's position would cost a count of what precedes it.
    let pager = Pager::keyset(
        invoices
            .prev
            .map(|k| link(status, InvoiceCursor::Before(k))),
        invoices.next.map(|k| link(status, InvoiceCursor::After(k))),
    )
    .counted(total, (at == InvoiceCursor::First).then_some(rows.len()));

    let title = super::tr(&state, ctx, "nav-invoices", &[]);
    let mut page = Page::new(&state, Some(ctx), Some(&member), &title, "invoices");
    page.insert(
        "total_outstanding",
        &ctx.locale.format_money(summary.total_outstanding),
    );
    page.insert("unpaid_invoices", &summary.unpaid_invoices);
    page.insert("invoices", &rows);
    page.insert("tabs", &tabs);
    page.insert("status", status);
    page.insert("search", &search);
    page.insert("pager", &pager);
    let mut export = ctx.link(&format!("/invoices.csv?status={status}"));
    if !search.is_empty() {
        export.push_str(&format!("&q={}", query_value(&search)));
    }
    page.insert("export_url", &export);
    page.insert("view_only", &!payer);
    let autopay = state
        .store
        .autopay_enrollment(ctx.tenant.id, account.id)
        .await?;
    page.insert(
        "autopay",
        &autopay
            .as_ref()
            .map(|e| super::autopay::AutopayStatus::of(&state, &member, e)),
    );
    let sort_link = |key: &str| {
        let mut url = ctx.link(&format!("/?status={status}&sort={key}"));
        if !search.is_empty() {
            url.push_str(&format!("&q={}", query_value(&search)));
        }
        url
    };
    page.insert("sort_due", &(sort == InvoiceSort::DueFirst));
    page.insert("sort_newest_url", &sort_link("newest"));
    page.insert("sort_due_url", &sort_link("due"));
    page.insert(
        "pay_balance_url",
        &(payer && summary.unpaid_invoices > 0).then(|| ctx.link("/pay")),
    );
    Ok(page.render("dashboard.html"))
}
