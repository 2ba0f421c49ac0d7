//! A payment's receipt page and its PDF (linked from the payment result, Payment History and the receipt mail). A
//! declined payment's page says it did not go through; the thanks show only right after paying.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::Serialize;

use super::Page;
use crate::web::error::WebError;
use crate::web::session::{Member, Viewer};
use crate::web::view::path_segment;
use crate::web::PortalState;

#[derive(Serialize)]
struct ReceiptView {
    /// `R-000123`, once the payment went through.
    number: Option<String>,
    /// `paid`, `pending`, `failed`, `refunded` (`payment-status-<code>`).
    status_code: &'static str,
    /// Paid within the last quarter hour: the page thanks the payer (an old receipt just shows the facts).
    just_paid: bool,
    /// Declined or returned: not a receipt, and nothing to download.
    failed: bool,
    settled: bool,
    unconfirmed: bool,
    accepted: bool,
    amount: String,
    date: String,
    method: String,
    reference: Option<String>,
    invoices: Vec<(String, String, String)>,
    pdf_url: String,
}

pub(crate) async fn receipt(
    State(state): State<Arc<PortalState>>,
    Viewer(member): Viewer,
    Path(key): Path<String>,
) -> Result<Response, WebError> {
    let payment = state
        .store
        .payment(member.ctx.tenant.id, member.membership.account.id, &key)
        .await?
        .ok_or(WebError::NotFound)?;
    let rows = state
        .store
        .payment_rows(member.ctx.tenant.id, payment.id)
        .await?;
    use crate::domain::PaymentStatus::*;
    let view = ReceiptView {
        number: payment.receipt_label(),
        status_code: match payment.status {
            Succeeded => "paid",
            Pending => "pending",
            Failed => "failed",
            Refunded => "refunded",
        },
        just_paid: state.now() - payment.created_at.unix_timestamp() < 15 * 60,
        failed: payment.status == Failed,
        settled: payment.status == Succeeded,
        unconfirmed: payment.status == Pending && payment.reference.is_none(),
        accepted: payment.status == Pending && payment.reference.is_some(),
        amount: member.ctx.locale.format_money(payment.amount),
        date: member.ctx.locale.format_date(payment.paid_on),
        pdf_url: member
            .ctx
            .link(&format!("/receipts/{}/pdf", path_segment(&key))),
        method: rows
            .first()
            .and_then(|r| r.method_label.clone())
            .unwrap_or_else(|| payment.kind.label().into()),
        reference: payment.reference.clone(),
        invoices: rows
            .iter()
            .filter_map(|r| {
                let n = r.invoice_number.clone()?;
                Some((
                    member.ctx.link(&format!("/invoices/{}", path_segment(&n))),
                    n,
                    member.ctx.locale.format_money(r.amount),
                ))
            })
            .collect(),
    };
    let title = super::tr(&state, &member.ctx, "receipt-title", &[]);
    let mut page = Page::new(&state, Some(&member.ctx), Some(&member), &title, "payments");
    page.insert("receipt", &view);
    Ok(page.render("receipt.html"))
}

/// A payment of the member's account and its rows, by key.
async fn receipt_of(
    state: &PortalState,
    member: &Member,
    key: &str,
) -> Result<
    (
        crate::domain::Payment,
        Vec<crate::domain::PaymentHistoryRow>,
    ),
    WebError,
> {
    let payment = state
        .store
        .payment(member.ctx.tenant.id, member.membership.account.id, key)
        .await?
        .filter(|p| p.status != crate::domain::PaymentStatus::Failed)
        .ok_or(WebError::NotFound)?;
    let rows = state
        .store
        .payment_rows(member.ctx.tenant.id, payment.id)
        .await?;
    Ok((payment, rows))
}

pub(crate) async fn receipt_pdf(
    State(state): State<Arc<PortalState>>,
    Viewer(member): Viewer,
    Path(key): Path<String>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let (payment, rows) = receipt_of(&state, &member, &key).await?;
    let ctx = &member.ctx;
    let account = &member.membership.account;
    let made_of = (&ctx.tenant, account, &payment, &rows);
    let name = payment.receipt_label().unwrap_or_else(|| key.clone());
    Ok(super::invoices::pdf_download(
        &headers,
        ctx,
        &made_of,
        "receipt",
        &name,
        || {
            crate::web::pdf::receipt(
                &crate::web::i18n::Words::of(&state, ctx),
                &ctx.tenant,
                account,
                &payment,
                &rows,
            )
        },
    ))
}
