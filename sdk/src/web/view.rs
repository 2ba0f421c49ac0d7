//! View models: what templates and the PDF show, already formatted (money through `Money::format`, dates one way),
//! so templates hold no logic beyond layout.

use rust_decimal::Decimal;
use serde::Serialize;
use time::Date;

use super::context::Ctx;
use crate::domain::{Badge, Invoice, InvoiceLine, PaymentHistoryRow, PaymentStatus};

/// RFC 3339 (`2026-09-01T14:05:00Z`), from Unix seconds: for `<time datetime>`, which the page's script shows in the
/// reader's time zone.
pub(crate) fn iso_time(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

/// A quantity without trailing zeros: `2`, `1.5`.
pub(crate) fn quantity(q: Decimal) -> String {
    q.normalize().to_string()
}

/// Path-segment encoding for invoice numbers in links.
pub(crate) fn path_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Query-string encoding for values in pagination and filter links.
pub(crate) fn query_value(s: &str) -> String {
    path_segment(s)
}

#[derive(Serialize)]
pub(crate) struct LineView {
    pub description: String,
    pub quantity: String,
    pub unit_price: String,
    pub amount: String,
}

impl LineView {
    /// The line with its amounts as `locale` writes them.
    pub fn in_locale(l: &InvoiceLine, locale: crate::locale::Locale) -> LineView {
        LineView {
            description: l.description.clone(),
            quantity: quantity(l.quantity),
            unit_price: locale.format_money(l.unit_price),
            amount: locale.format_money(l.amount),
        }
    }
}

#[derive(Serialize)]
pub(crate) struct BadgeView {
    pub label: &'static str,
    /// CSS modifier: `paid`, `past-due`, `unpaid`, `void`.
    pub class: &'static str,
}

impl BadgeView {
    pub fn of(b: Badge) -> BadgeView {
        BadgeView {
            label: b.label(),
            class: match b {
                Badge::Paid => "paid",
                Badge::PastDue => "past-due",
                Badge::Unpaid => "unpaid",
                Badge::Void => "void",
            },
        }
    }
}

#[derive(Serialize)]
pub(crate) struct InvoiceView {
    pub number: String,
    pub url: String,
    pub pdf_url: String,
    pub issued_on: String,
    pub due_on: String,
    pub subtotal: String,
    pub tax: String,
    pub total: String,
    pub paid: String,
    pub balance: String,
    pub badge: BadgeView,
    pub lines: Vec<LineView>,
    /// Held by payments in progress (shown as pending).
    pub reserved: Option<String>,
    /// The customer's purchase order number.
    pub po_number: Option<String>,
    /// The Pay button's target, for payers when something is left to pay.
    pub pay_url: Option<String>,
    /// How many comments its thread holds.
    pub comment_count: i64,
    /// A comment waits for the vendor's reply.
    pub awaiting_reply: bool,
}

impl InvoiceView {
    /// `payer` is whether the viewer may pay (the `Payer` capability).
    pub fn of(
        ctx: &Ctx,
        invoice: &Invoice,
        lines: &[InvoiceLine],
        today: Date,
        payer: bool,
    ) -> InvoiceView {
        let money = |m| ctx.locale.format_money(m);
        let url = ctx.link(&format!("/invoices/{}", path_segment(&invoice.number)));
        let payable = payer && !invoice.voided && !invoice.balance().is_zero();
        InvoiceView {
            number: invoice.number.clone(),
            pdf_url: format!("{url}/pdf"),
            issued_on: ctx.locale.format_date(invoice.issued_on),
            due_on: ctx.locale.format_date(invoice.due_on),
            subtotal: money(invoice.subtotal),
            tax: money(invoice.tax),
            total: money(invoice.total),
            paid: money(invoice.paid),
            balance: money(invoice.balance()),
            badge: BadgeView::of(invoice.badge(today)),
            lines: lines
                .iter()
                .map(|l| LineView::in_locale(l, ctx.locale))
                .collect(),
            reserved: (!invoice.reserved.is_zero()).then(|| money(invoice.reserved)),
            po_number: invoice.po_number.clone(),
            pay_url: payable.then(|| format!("{url}/pay")),
            comment_count: invoice.comment_count,
            awaiting_reply: invoice.needs_attention,
            url,
        }
    }
}

#[derive(Serialize)]
pub(crate) struct PaymentRowView {
    pub date: String,
    pub invoice_number: Option<String>,
    pub invoice_url: Option<String>,
    pub amount: String,
    /// The method (`Visa •••• 4242`) when known; else the type, as `kind_code` for the catalogue.
    pub kind: Option<String>,
    /// `card`, `ach`, `check`, `wire`, `cash`, `other` (`payment-type-<code>`).
    pub kind_code: &'static str,
    pub reference: Option<String>,
    /// `pending`, `succeeded`, `failed`, `refunded` (`payment-status-<code>`).
    pub status: &'static str,
    pub settled: bool,
    pub receipt_url: String,
}

impl PaymentRowView {
    pub fn of(ctx: &Ctx, row: &PaymentHistoryRow) -> PaymentRowView {
        PaymentRowView {
            date: ctx.locale.format_date(row.paid_on),
            invoice_url: row
                .invoice_number
                .as_ref()
                .map(|n| ctx.link(&format!("/invoices/{}", path_segment(n)))),
            invoice_number: row.invoice_number.clone(),
            amount: ctx.locale.format_money(row.amount),
            kind: row.method_label.clone(),
            kind_code: row.kind.as_str(),
            reference: row.reference.clone(),
            status: row.status.as_str(),
            settled: row.status == PaymentStatus::Succeeded,
            receipt_url: ctx.link(&format!("/receipts/{}", path_segment(&row.payment_key))),
        }
    }
}

/// "Showing 26–50 of 120" (or "Showing 26–50" where the total isn't counted) and the neighbouring pages' links.
#[derive(Serialize)]
pub(crate) struct Pager {
    pub first: i64,
    pub last: i64,
    pub total: Option<i64>,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
}

impl Pager {
    /// A keyset pager: links to the newer (previous) and older (next) pages, no row numbers.
    pub fn keyset(prev_url: Option<String>, next_url: Option<String>) -> Pager {
        Pager {
            first: 0,
            last: 0,
            total: None,
            prev_url,
            next_url,
        }
    }

    /// The list's total, and on its first page (`first_page_rows`: how many it shows) "Showing 1–25 of N".
    pub fn counted(self, total: i64, first_page_rows: Option<usize>) -> Pager {
        let shown = first_page_rows.unwrap_or(0) as i64;
        Pager {
            first: shown.min(1),
            last: shown,
            total: Some(total),
            ..self
        }
    }
}
