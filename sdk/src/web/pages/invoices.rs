//! One invoice: its page (`/invoices/{number}`) and its PDF (`/invoices/{number}/pdf`). An invoice of another
//! account, even of another account of the same user, is "not found" here.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::{comments, Page};
use crate::domain::{Invoice, PaymentHistoryRow};
use crate::web::conditional;
use crate::web::context::Ctx;
use crate::web::error::WebError;
use crate::web::pdf;
use crate::web::session::{Member, Viewer};
use crate::web::view::{path_segment, InvoiceView};
use crate::web::PortalState;

pub(crate) async fn load(
    state: &PortalState,
    member: &Member,
    number: &str,
) -> Result<(Invoice, Vec<PaymentHistoryRow>), WebError> {
    let tenant = member.ctx.tenant.id;
    let invoice = state
        .store
        .invoice(tenant, number)
        .await?
        .filter(|i| i.account_id == member.membership.account.id)
        .ok_or(WebError::NotFound)?;
    let payments = state.store.invoice_payments(tenant, invoice.id).await?;
    Ok((invoice, payments))
}

#[derive(Serialize)]
struct AppliedView {
    date: String,
    kind: &'static str,
    reference: Option<String>,
    amount: String,
    status: &'static str,
}

pub(crate) async fn show(
    State(state): State<Arc<PortalState>>,
    Viewer(member): Viewer,
    Path(number): Path<String>,
) -> Result<Response, WebError> {
    invoice_page(&state, &member, &number, None).await
}

/// The invoice page; with `refused`, the comment that could not be added (what was typed, and why) is shown in
/// the comment form again.
pub(crate) async fn invoice_page(
    state: &PortalState,
    member: &Member,
    number: &str,
    refused: Option<(&str, &str)>,
) -> Result<Response, WebError> {
    let (invoice, payments) = load(state, member, number).await?;
    let ctx = &member.ctx;
    let view = InvoiceView::of(
        ctx,
        &invoice,
        &invoice.lines,
        state.today(),
        member.payer().is_some(),
    );
    let applied: Vec<AppliedView> = payments
        .iter()
        .map(|p| AppliedView {
            date: ctx.locale.format_date(p.paid_on),
            kind: p.kind.as_str(),
            reference: p.reference.clone(),
            amount: ctx.locale.format_money(p.amount),
            status: p.status.as_str(),
        })
        .collect();
    let thread = state.store.comments(ctx.tenant.id, invoice.id).await?;
    let mut page = Page::new(
        state,
        Some(ctx),
        Some(member),
        &super::tr(
            state,
            ctx,
            "invoice-title",
            &[("number", invoice.number.clone())],
        ),
        "invoices",
    );
    page.insert("invoice", &view);
    page.insert("applied", &applied);
    page.insert("bill_to", &member.membership.account.name);
    let address = crate::text::lines(member.membership.account.address.as_deref());
    page.insert("bill_to_address", &address);
    page.insert(
        "comments",
        &comments::views(&thread, &ctx.tenant.name, ctx.locale),
    );
    // Waiting for the vendor: flagged, and the customer spoke last.
    let awaiting = invoice.needs_attention
        && thread
            .last()
            .is_some_and(|c| c.author == crate::domain::CommentAuthor::Customer);
    page.insert("awaiting_reply", &awaiting);
    page.insert(
        "comment_url",
        &ctx.link(&format!(
            "/invoices/{}/comments",
            path_segment(&invoice.number)
        )),
    );
    page.insert("comment_max", &crate::domain::COMMENT_MAX_CHARS);
    page.insert("comment_draft", &refused.map_or("", |r| r.0));
    page.insert("comment_error", &refused.map(|r| r.1));
    let page = if refused.is_some() {
        page.status(axum::http::StatusCode::UNPROCESSABLE_ENTITY)
    } else {
        page
    };
    Ok(page.render("invoice.html"))
}

/// A file name safe in a Content-Disposition header.
fn file_name(kind: &str, id: &str) -> String {
    let safe: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{kind}-{safe}.pdf")
}

/// A PDF download, tagged with what it is made from (`made_of`: everything the PDF shows, as `Debug` text): a client
/// holding that version gets `304 Not Modified` and the PDF is not generated again. The browser may keep the PDF
/// (`private`) but asks each time (`no-cache`); signing out clears its cache (`Clear-Site-Data`).
pub(crate) fn pdf_download(
    headers: &HeaderMap,
    ctx: &Ctx,
    made_of: &dyn std::fmt::Debug,
    kind: &str,
    id: &str,
    render: impl FnOnce() -> Vec<u8>,
) -> Response {
    let made_of = format!("{made_of:?}");
    let etag = conditional::etag(&[
        kind.as_bytes(),
        env!("CARGO_PKG_VERSION").as_bytes(),
        ctx.locale.code().as_bytes(),
        made_of.as_bytes(),
    ]);
    conditional::respond(headers, &etag, "private, no-cache", || {
        let mut response = render().into_response();
        let h = response.headers_mut();
        h.insert(CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
        let disposition = format!("attachment; filename=\"{}\"", file_name(kind, id));
        if let Ok(v) = HeaderValue::from_str(&disposition) {
            h.insert(CONTENT_DISPOSITION, v);
        }
        response
    })
}

pub(crate) async fn pdf(
    State(state): State<Arc<PortalState>>,
    Viewer(member): Viewer,
    Path(number): Path<String>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let (invoice, payments) = load(&state, &member, &number).await?;
    let ctx = &member.ctx;
    let account = &member.membership.account;
    let today = state.today();
    let made_of = (&ctx.tenant, account, &invoice, &payments, today);
    Ok(pdf_download(
        &headers,
        ctx,
        &made_of,
        "invoice",
        &invoice.number,
        || {
            pdf::invoice(
                &crate::web::i18n::Words::of(&state, ctx),
                &ctx.tenant,
                account,
                &invoice,
                &payments,
                today,
            )
        },
    ))
}
