//! Invoice PDFs, written directly with `pdf-writer` in the PDF base-14 Helvetica (no font files to ship): the
//! tenant's name on a band of its brand colour, bill-to and dates, the lines, totals, payments applied and the
//! balance, paginated. Text is WinAnsi-encoded so `pdftotext` and screen readers get it back.

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use time::Date;

use super::i18n::Words;
use super::view::quantity;
use crate::domain::{
    Account, Estimate, EstimateStatus, Invoice, InvoiceLine, Payment, PaymentHistoryRow,
    PaymentStatus, Statement, Tenant,
};

const WIDTH: f32 = 612.0; // US Letter
const HEIGHT: f32 = 792.0;
const MARGIN: f32 = 54.0;
const REGULAR: Name = Name(b"F1");
const BOLD: Name = Name(b"F2");

/// Helvetica advance widths (1/1000 em) for ASCII 32..=126, from the Adobe AFM.
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

fn text_width(s: &str, size: f32) -> f32 {
    let units: u32 = s
        .chars()
        .map(|c| {
            let i = c as u32;
            if (32..=126).contains(&i) {
                u32::from(HELVETICA[(i - 32) as usize])
            } else {
                556
            }
        })
        .sum();
    units as f32 * size / 1000.0
}

/// WinAnsi (cp1252) bytes; characters it lacks become `?`.
fn win_ansi(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c {
            ' '..='~' => c as u8,
            '\u{a0}'..='\u{ff}' => c as u32 as u8,
            '€' => 0x80,
            // French groups thousands with a narrow no-break space, which WinAnsi lacks: a no-break space.
            '\u{202f}' => 0xa0,
            '…' => 0x85,
            '–' => 0x96,
            '—' => 0x97,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '•' => 0x95,
            _ => b'?',
        })
        .collect()
}

/// Shortens `s` with an ellipsis to fit `max` points.
fn fit(s: &str, size: f32, max: f32) -> String {
    if text_width(s, size) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    for c in s.chars() {
        if text_width(&out, size) + text_width(&c.to_string(), size) + text_width("…", size) > max
        {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

fn brand_rgb(hex: Option<&str>) -> (f32, f32, f32) {
    let parsed = hex
        .and_then(|h| h.strip_prefix('#'))
        .filter(|h| h.len() == 6)
        .and_then(|h| {
            let c = |i: usize| {
                u8::from_str_radix(&h[i..i + 2], 16)
                    .ok()
                    .map(|v| f32::from(v) / 255.0)
            };
            Some((c(0)?, c(2)?, c(4)?))
        });
    parsed.unwrap_or((0.11, 0.16, 0.25))
}

/// Splits `s` into lines no wider than `max` points, at spaces where it can and inside a word too long for a line.
fn wrap(s: &str, size: f32, max: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in s.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if text_width(&candidate, size) <= max {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            if !line.is_empty() && text_width(&line, size) + text_width(&c.to_string(), size) > max
            {
                lines.push(std::mem::take(&mut line));
            }
            line.push(c);
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Lays text out top to bottom, starting a new page when the current one is full. Pages after the first start with
/// a running head (whose document this is); every page of a document longer than one is numbered "Page n of m".
struct Layout {
    pages: Vec<Content>,
    page: Content,
    y: f32,
    /// `acme Inc. — Invoice INV-1001`, at the top of pages 2+.
    running_head: String,
}

impl Layout {
    fn new(running_head: String) -> Layout {
        Layout {
            pages: Vec::new(),
            page: Content::new(),
            y: HEIGHT - MARGIN,
            running_head,
        }
    }

    fn text(&mut self, x: f32, y: f32, font: Name, size: f32, s: &str) {
        self.page
            .begin_text()
            .set_font(font, size)
            .next_line(x, y)
            .show(Str(&win_ansi(s)))
            .end_text();
    }

    fn text_right(&mut self, right: f32, y: f32, font: Name, size: f32, s: &str) {
        self.text(right - text_width(s, size), y, font, size, s);
    }

    fn rule(&mut self, y: f32) {
        self.page
            .set_stroke_rgb(0.8, 0.82, 0.85)
            .set_line_width(0.75)
            .move_to(MARGIN, y)
            .line_to(WIDTH - MARGIN, y)
            .stroke();
    }

    /// Makes room for `height` points, breaking the page if needed. Returns whether it broke.
    fn need(&mut self, height: f32) -> bool {
        if self.y - height >= MARGIN + 24.0 {
            return false;
        }
        let full = std::mem::replace(&mut self.page, Content::new());
        self.pages.push(full);
        let head = fit(&self.running_head, 9.0, WIDTH - 2.0 * MARGIN);
        self.page.set_fill_rgb(0.35, 0.38, 0.42);
        self.text(MARGIN, HEIGHT - MARGIN + 10.0, BOLD, 9.0, &head);
        self.page.set_fill_rgb(0.1, 0.11, 0.13);
        self.rule(HEIGHT - MARGIN + 2.0);
        self.y = HEIGHT - MARGIN - 20.0;
        true
    }

    fn finish(mut self, w: &Words<'_>) -> Vec<Content> {
        self.pages.push(self.page);
        let count = self.pages.len();
        if count > 1 {
            for (i, page) in self.pages.iter_mut().enumerate() {
                let label = w.say(
                    "pdf-page",
                    &[("page", (i + 1).to_string()), ("count", count.to_string())],
                );
                page.set_fill_rgb(0.35, 0.38, 0.42)
                    .begin_text()
                    .set_font(REGULAR, 9.0)
                    .next_line(WIDTH - MARGIN - text_width(&label, 9.0), MARGIN - 18.0)
                    .show(Str(&win_ansi(&label)))
                    .end_text();
            }
        }
        self.pages
    }
}

/// The invoice as a PDF document.
pub(crate) fn invoice(
    w: &Words<'_>,
    tenant: &Tenant,
    account: &Account,
    invoice: &Invoice,
    payments: &[PaymentHistoryRow],
    today: Date,
) -> Vec<u8> {
    let s = |key: &str| w.say(key, &[]);
    let (money, date) = (
        |m: crate::money::Money| w.locale.format_money(m),
        |d: Date| w.locale.format_date(d),
    );
    let title = w.say("pdf-invoice-title", &[("number", invoice.number.clone())]);
    let mut l = Layout::new(format!("{} — {title}", tenant.name));
    let right = WIDTH - MARGIN;

    letterhead(w, &mut l, tenant, &s("pdf-invoice"), &invoice.number);

    // Bill to and dates.
    let party_depth = party(w, &mut l, &s("pdf-bill-to"), account);
    let badge = s(&format!(
        "badge-{}",
        super::view::BadgeView::of(invoice.badge(today)).class
    ));
    let mut facts = vec![
        (s("pdf-issued"), date(invoice.issued_on)),
        (s("pdf-due"), date(invoice.due_on)),
        (s("pdf-status"), badge),
    ];
    if let Some(po) = &invoice.po_number {
        facts.push((s("pdf-po"), fit(po, 10.0, 100.0)));
    }
    for (i, (label, value)) in facts.iter().enumerate() {
        let y = l.y - 15.0 * i as f32;
        l.text_right(right - 110.0, y, BOLD, 9.0, label);
        l.text_right(right, y, REGULAR, 10.0, value);
    }
    l.y -= 65.0_f32.max(party_depth + 22.0);

    line_items(w, &mut l, &invoice.lines);

    // Totals.
    let totals = [
        (s("pdf-subtotal"), money(invoice.subtotal), REGULAR),
        (s("pdf-tax"), money(invoice.tax), REGULAR),
        (s("pdf-total"), money(invoice.total), BOLD),
        (s("pdf-paid"), money(invoice.paid), REGULAR),
        (s("pdf-balance-due"), money(invoice.balance()), BOLD),
    ];
    for (label, value, font) in totals {
        l.need(18.0);
        l.text_right(right - 110.0, l.y, font, 10.0, &label);
        l.text_right(right, l.y, font, 10.0, &value);
        l.y -= 17.0;
    }

    // Payments applied.
    if !payments.is_empty() {
        l.y -= 14.0;
        l.need(40.0);
        l.text(MARGIN, l.y, BOLD, 11.0, &s("pdf-payments-applied"));
        l.y -= 18.0;
        for p in payments {
            l.need(16.0);
            let kind = s(&format!("payment-type-{}", p.kind.as_str()));
            let what = match &p.reference {
                Some(r) => format!("{kind} {r}"),
                None => kind,
            };
            l.text(MARGIN, l.y, REGULAR, 10.0, &date(p.paid_on));
            l.text(MARGIN + 90.0, l.y, REGULAR, 10.0, &fit(&what, 10.0, 260.0));
            l.text_right(right, l.y, REGULAR, 10.0, &money(p.amount));
            l.y -= 16.0;
        }
    }

    remit_to(w, &mut l, tenant);
    help_footer(&mut l, tenant, &s("pdf-questions-invoice"));

    let pages = l.finish(w);
    write_document(&format!("{title} — {}", tenant.name), pages)
}

/// The line items table (its header repeated on each page it runs onto), and the rule under it.
fn line_items(w: &Words<'_>, l: &mut Layout, lines: &[InvoiceLine]) {
    let right = WIDTH - MARGIN;
    let (qty_right, price_right) = (right - 170.0, right - 85.0);
    let labels = [
        "pdf-col-description",
        "pdf-col-qty",
        "pdf-col-unit-price",
        "pdf-col-amount",
    ]
    .map(|k| w.say(k, &[]));
    let header = |l: &mut Layout| {
        l.text(MARGIN, l.y, BOLD, 9.0, &labels[0]);
        l.text_right(qty_right, l.y, BOLD, 9.0, &labels[1]);
        l.text_right(price_right, l.y, BOLD, 9.0, &labels[2]);
        l.text_right(right, l.y, BOLD, 9.0, &labels[3]);
        l.rule(l.y - 6.0);
        l.y -= 22.0;
    };
    header(l);
    for line in lines {
        // The whole description, wrapped; a line's rows stay together unless they fill a page.
        let rows = wrap(&line.description, 10.0, qty_right - MARGIN - 60.0);
        let height = 13.0 * rows.len() as f32 + 5.0;
        if l.need(height.min(HEIGHT - 2.0 * MARGIN - 80.0)) {
            header(l);
        }
        l.text_right(qty_right, l.y, REGULAR, 10.0, &quantity(line.quantity));
        l.text_right(
            price_right,
            l.y,
            REGULAR,
            10.0,
            &w.locale.format_money(line.unit_price),
        );
        l.text_right(
            right,
            l.y,
            REGULAR,
            10.0,
            &w.locale.format_money(line.amount),
        );
        for (i, row) in rows.iter().enumerate() {
            if i > 0 && l.need(13.0) {
                header(l);
            }
            l.text(MARGIN, l.y, REGULAR, 10.0, row);
            l.y -= 13.0;
        }
        l.y -= 5.0;
    }
    l.rule(l.y + 8.0);
    l.y -= 10.0;
}

/// An estimate as a PDF document: its lines and totals, the deposit, the terms, and its approval or decline.
pub(crate) fn estimate(
    w: &Words<'_>,
    tenant: &Tenant,
    account: &Account,
    e: &Estimate,
    today: Date,
) -> Vec<u8> {
    let s = |key: &str| w.say(key, &[]);
    let (money, date) = (
        |m: crate::money::Money| w.locale.format_money(m),
        |d: Date| w.locale.format_date(d),
    );
    let title = w.say("pdf-estimate-title", &[("number", e.number.clone())]);
    let mut l = Layout::new(format!("{} — {title}", tenant.name));
    let right = WIDTH - MARGIN;
    letterhead(w, &mut l, tenant, &s("pdf-estimate"), &e.number);
    let party_depth = party(w, &mut l, &s("pdf-prepared-for"), account);
    let facts = [
        (s("pdf-issued"), date(e.issued_on)),
        (s("pdf-valid-until"), date(e.expires_on)),
        (
            s("pdf-status"),
            s(&format!("estimate-state-{}", e.state(today))),
        ),
    ];
    for (i, (label, value)) in facts.iter().enumerate() {
        let y = l.y - 15.0 * i as f32;
        l.text_right(right - 110.0, y, BOLD, 9.0, label);
        l.text_right(right, y, REGULAR, 10.0, value);
    }
    l.y -= 65.0_f32.max(party_depth + 22.0);
    line_items(w, &mut l, &e.lines);
    let mut totals = vec![
        (s("pdf-subtotal"), money(e.subtotal), REGULAR),
        (s("pdf-tax"), money(e.tax), REGULAR),
        (s("pdf-total"), money(e.total), BOLD),
    ];
    if !e.deposit.is_zero() {
        totals.push((s("pdf-deposit-due"), money(e.deposit), BOLD));
    }
    for (label, value, font) in totals {
        l.need(18.0);
        l.text_right(right - 110.0, l.y, font, 10.0, &label);
        l.text_right(right, l.y, font, 10.0, &value);
        l.y -= 17.0;
    }
    let paragraph = |l: &mut Layout, heading: &str, text: &str| {
        l.y -= 14.0;
        l.need(40.0);
        l.text(MARGIN, l.y, BOLD, 11.0, heading);
        l.y -= 16.0;
        for source in text.lines() {
            for row in wrap(source, 10.0, WIDTH - 2.0 * MARGIN) {
                l.need(14.0);
                l.text(MARGIN, l.y, REGULAR, 10.0, &row);
                l.y -= 13.0;
            }
        }
    };
    if let Some(terms) = &e.terms {
        paragraph(&mut l, &s("pdf-terms"), terms);
    }
    let decided_on = e
        .decided_at
        .and_then(|at| time::OffsetDateTime::from_unix_timestamp(at).ok())
        .map(|t| date(t.date()))
        .unwrap_or_default();
    match (e.status, &e.approved_name) {
        (EstimateStatus::Approved | EstimateStatus::Invoiced, Some(name)) => {
            let text = w.say(
                "pdf-approved-by",
                &[("name", name.clone()), ("date", decided_on.clone())],
            );
            paragraph(&mut l, &s("pdf-approved"), &text);
        }
        (EstimateStatus::Declined, _) => {
            let mut text = w.say("pdf-declined-on", &[("date", decided_on.clone())]);
            if let Some(r) = e.decline_reason.as_deref() {
                text.push(' ');
                text.push_str(&w.say("pdf-reason", &[("reason", r.to_string())]));
            }
            paragraph(&mut l, &s("pdf-declined"), &text);
        }
        _ => {}
    }
    help_footer(&mut l, tenant, &s("pdf-questions-estimate"));
    let pages = l.finish(w);
    write_document(&format!("{title} — {}", tenant.name), pages)
}

/// The tenant's name on a band of its brand colour, with the document's kind and number on the right.
fn letterhead(w: &Words<'_>, l: &mut Layout, tenant: &Tenant, kind: &str, number: &str) {
    let right = WIDTH - MARGIN;
    let (r, g, b) = brand_rgb(tenant.branding.primary_color.as_deref());
    let ink = if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.6 {
        0.1
    } else {
        1.0
    };
    l.page
        .set_fill_rgb(r, g, b)
        .rect(0.0, HEIGHT - 90.0, WIDTH, 90.0)
        .fill_nonzero();
    l.page.set_fill_rgb(ink, ink, ink);
    l.text(
        MARGIN,
        HEIGHT - 55.0,
        BOLD,
        20.0,
        &fit(&tenant.name, 20.0, 300.0),
    );
    l.text_right(right, HEIGHT - 50.0, BOLD, 16.0, kind);
    l.text_right(
        right,
        HEIGHT - 68.0,
        REGULAR,
        11.0,
        &fit(number, 11.0, 200.0),
    );
    l.page.set_fill_rgb(0.35, 0.38, 0.42);
    let b = &tenant.branding;
    let mut vendor: Vec<String> = crate::text::lines(b.address.as_deref())
        .into_iter()
        .map(str::to_string)
        .collect();
    if let Some(tax) = b.tax_id.as_deref().filter(|t| !t.trim().is_empty()) {
        vendor.push(w.say("pdf-tax-id", &[("tax", tax.to_string())]));
    }
    if !vendor.is_empty() {
        let line = fit(&vendor.join(" · "), 9.0, WIDTH - 2.0 * MARGIN);
        l.text(MARGIN, HEIGHT - 106.0, REGULAR, 9.0, &line);
    }
    l.page.set_fill_rgb(0.1, 0.11, 0.13);
    l.y = HEIGHT - 125.0;
}

/// The vendor's remit-to / bank details, when it has them: "Other ways to pay".
fn remit_to(w: &Words<'_>, l: &mut Layout, tenant: &Tenant) {
    let rows: Vec<String> = crate::text::lines(tenant.branding.remit_to.as_deref())
        .into_iter()
        .flat_map(|r| wrap(r, 10.0, WIDTH - 2.0 * MARGIN))
        .collect();
    if rows.is_empty() {
        return;
    }
    l.y -= 14.0;
    l.need(20.0 + 13.0 * rows.len() as f32);
    l.text(MARGIN, l.y, BOLD, 11.0, &w.say("pdf-other-ways", &[]));
    l.y -= 16.0;
    for row in rows {
        l.need(13.0);
        l.text(MARGIN, l.y, REGULAR, 10.0, &row);
        l.y -= 13.0;
    }
}

/// The customer's name and account under a small heading, at the top left.
/// Returns how far below `l.y` the block reaches.
fn party(w: &Words<'_>, l: &mut Layout, heading: &str, account: &Account) -> f32 {
    l.text(MARGIN, l.y, BOLD, 9.0, heading);
    l.text(
        MARGIN,
        l.y - 15.0,
        REGULAR,
        11.0,
        &fit(&account.name, 11.0, 280.0),
    );
    let mut y = l.y - 29.0;
    for line in crate::text::lines(account.address.as_deref())
        .into_iter()
        .take(4)
    {
        l.text(MARGIN, y, REGULAR, 9.0, &fit(line, 9.0, 280.0));
        y -= 12.0;
    }
    l.text(
        MARGIN,
        y,
        REGULAR,
        9.0,
        &w.say("pdf-account-id", &[("id", account.external_id.clone())]),
    );
    l.y - y
}

/// The tenant's support contact at the foot of the last page.
fn help_footer(l: &mut Layout, tenant: &Tenant, question: &str) {
    let b = &tenant.branding;
    let contact: Vec<&str> = [b.support_phone.as_deref(), b.support_email.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if !contact.is_empty() {
        let footer = format!("{question} {}", contact.join(" · "));
        l.page.set_fill_rgb(0.35, 0.38, 0.42);
        l.text(
            MARGIN,
            MARGIN,
            REGULAR,
            9.0,
            &fit(&footer, 9.0, WIDTH - 2.0 * MARGIN),
        );
    }
}

/// A payment receipt: amount, date, method, reference, status and the invoices it paid.
pub(crate) fn receipt(
    w: &Words<'_>,
    tenant: &Tenant,
    account: &Account,
    payment: &Payment,
    rows: &[PaymentHistoryRow],
) -> Vec<u8> {
    let number = payment
        .receipt_label()
        .or_else(|| payment.reference.clone())
        .unwrap_or_else(|| payment.external_id.clone());
    let s = |key: &str| w.say(key, &[]);
    let money = |m: crate::money::Money| w.locale.format_money(m);
    let title = w.say("pdf-receipt-title", &[("number", number.clone())]);
    let mut l = Layout::new(format!("{} — {title}", tenant.name));
    let right = WIDTH - MARGIN;
    letterhead(w, &mut l, tenant, &s("pdf-receipt"), &number);
    let party_depth = party(w, &mut l, &s("pdf-received-from"), account);
    let method = rows
        .first()
        .and_then(|r| r.method_label.clone())
        .unwrap_or_else(|| s(&format!("payment-type-{}", payment.kind.as_str())));
    let status = match payment.status {
        PaymentStatus::Succeeded => "payment-status-paid",
        PaymentStatus::Pending => "payment-status-pending",
        PaymentStatus::Failed => "payment-status-failed",
        PaymentStatus::Refunded => "payment-status-refunded",
    };
    let facts = [
        (s("pdf-date"), w.locale.format_date(payment.paid_on)),
        (s("pdf-paid-with"), method),
        (
            s("pdf-reference"),
            payment.reference.clone().unwrap_or_else(|| "—".into()),
        ),
        (s("pdf-status"), s(status)),
    ];
    for (i, (label, value)) in facts.iter().enumerate() {
        let y = l.y - 15.0 * i as f32;
        l.text_right(right - 150.0, y, BOLD, 9.0, label);
        l.text_right(right, y, REGULAR, 10.0, &fit(value, 10.0, 140.0));
    }
    l.y -= 90.0_f32.max(party_depth + 22.0);
    l.text(MARGIN, l.y, BOLD, 9.0, &s("pdf-applied-to"));
    l.text_right(right, l.y, BOLD, 9.0, &s("pdf-col-amount"));
    l.rule(l.y - 6.0);
    l.y -= 22.0;
    for row in rows {
        l.need(18.0);
        let invoice = row
            .invoice_number
            .clone()
            .unwrap_or_else(|| s("pdf-unapplied"));
        l.text(MARGIN, l.y, REGULAR, 10.0, &invoice);
        l.text_right(right, l.y, REGULAR, 10.0, &money(row.amount));
        l.y -= 18.0;
    }
    l.rule(l.y + 8.0);
    l.y -= 10.0;
    l.text_right(right - 110.0, l.y, BOLD, 11.0, &s("pdf-total-paid"));
    l.text_right(right, l.y, BOLD, 11.0, &money(payment.amount));
    help_footer(&mut l, tenant, &s("pdf-questions-payment"));
    let pages = l.finish(w);
    write_document(&format!("{title} — {}", tenant.name), pages)
}

/// An account statement: opening balance, the period's activity with a running balance, closing balance, and the
/// invoices still open.
pub(crate) fn statement(
    w: &Words<'_>,
    tenant: &Tenant,
    account: &Account,
    (from, to): (Date, Date),
    statement: &Statement,
    open: &[Invoice],
) -> Vec<u8> {
    let s = |key: &str| w.say(key, &[]);
    let (money, date) = (
        |m: crate::money::Money| w.locale.format_money(m),
        |d: Date| w.locale.format_date(d),
    );
    let period = format!("{} – {}", date(from), date(to));
    let title = w.say("pdf-statement-title", &[("period", period.clone())]);
    let mut l = Layout::new(format!("{} — {title}", tenant.name));
    let right = WIDTH - MARGIN;
    letterhead(w, &mut l, tenant, &s("pdf-statement"), &period);
    let party_depth = party(w, &mut l, &s("pdf-account"), account);
    for (i, (label, value)) in [
        (s("pdf-opening"), money(statement.opening)),
        (s("pdf-invoiced"), money(statement.charges)),
        (s("pdf-paid"), money(statement.credits)),
        (s("pdf-closing"), money(statement.closing)),
    ]
    .iter()
    .enumerate()
    {
        let y = l.y - 15.0 * i as f32;
        l.text_right(right - 110.0, y, BOLD, 9.0, label);
        l.text_right(right, y, REGULAR, 10.0, value);
    }
    l.y -= 80.0_f32.max(party_depth + 22.0);

    let (charge_right, credit_right, balance_right) = (right - 170.0, right - 85.0, right);
    let heads = [
        "pdf-col-date",
        "pdf-col-description",
        "pdf-col-charges",
        "pdf-col-payments",
        "pdf-col-balance",
    ]
    .map(s);
    let header = |l: &mut Layout| {
        l.text(MARGIN, l.y, BOLD, 9.0, &heads[0]);
        l.text(MARGIN + 80.0, l.y, BOLD, 9.0, &heads[1]);
        l.text_right(charge_right, l.y, BOLD, 9.0, &heads[2]);
        l.text_right(credit_right, l.y, BOLD, 9.0, &heads[3]);
        l.text_right(balance_right, l.y, BOLD, 9.0, &heads[4]);
        l.rule(l.y - 6.0);
        l.y -= 22.0;
    };
    l.text(MARGIN, l.y, BOLD, 11.0, &s("pdf-activity"));
    l.y -= 20.0;
    header(&mut l);
    l.text(MARGIN, l.y, REGULAR, 10.0, &date(from));
    l.text(MARGIN + 80.0, l.y, REGULAR, 10.0, &s("pdf-opening"));
    l.text_right(balance_right, l.y, REGULAR, 10.0, &money(statement.opening));
    l.y -= 16.0;
    for line in &statement.lines {
        if l.need(16.0) {
            header(&mut l);
        }
        l.text(MARGIN, l.y, REGULAR, 10.0, &date(line.date));
        l.text(
            MARGIN + 80.0,
            l.y,
            REGULAR,
            10.0,
            &fit(
                &w.statement_line(&line.item),
                10.0,
                charge_right - MARGIN - 150.0,
            ),
        );
        if let Some(c) = line.charge {
            l.text_right(charge_right, l.y, REGULAR, 10.0, &money(c));
        }
        if let Some(c) = line.credit {
            l.text_right(credit_right, l.y, REGULAR, 10.0, &money(c));
        }
        l.text_right(balance_right, l.y, REGULAR, 10.0, &money(line.balance));
        l.y -= 16.0;
    }
    l.rule(l.y + 8.0);
    l.y -= 8.0;
    l.need(18.0);
    l.text(MARGIN, l.y, BOLD, 10.0, &date(to));
    l.text(MARGIN + 80.0, l.y, BOLD, 10.0, &s("pdf-closing"));
    l.text_right(balance_right, l.y, BOLD, 10.0, &money(statement.closing));
    l.y -= 30.0;

    l.need(60.0);
    l.text(MARGIN, l.y, BOLD, 11.0, &s("pdf-open-invoices"));
    l.y -= 20.0;
    if open.is_empty() {
        l.text(MARGIN, l.y, REGULAR, 10.0, &s("pdf-nothing-open"));
    } else {
        let heads = [
            "pdf-col-invoice",
            "pdf-col-issued",
            "pdf-col-due",
            "pdf-col-balance",
        ]
        .map(s);
        let open_header = |l: &mut Layout| {
            l.text(MARGIN, l.y, BOLD, 9.0, &heads[0]);
            l.text(MARGIN + 150.0, l.y, BOLD, 9.0, &heads[1]);
            l.text(MARGIN + 250.0, l.y, BOLD, 9.0, &heads[2]);
            l.text_right(right, l.y, BOLD, 9.0, &heads[3]);
            l.rule(l.y - 6.0);
            l.y -= 22.0;
        };
        open_header(&mut l);
        for i in open {
            if l.need(16.0) {
                open_header(&mut l);
            }
            l.text(MARGIN, l.y, REGULAR, 10.0, &fit(&i.number, 10.0, 140.0));
            l.text(MARGIN + 150.0, l.y, REGULAR, 10.0, &date(i.issued_on));
            l.text(MARGIN + 250.0, l.y, REGULAR, 10.0, &date(i.due_on));
            l.text_right(right, l.y, REGULAR, 10.0, &money(i.balance()));
            l.y -= 16.0;
        }
    }
    remit_to(w, &mut l, tenant);
    help_footer(&mut l, tenant, &s("pdf-questions-statement"));
    let pages = l.finish(w);
    write_document(&format!("{title} — {}", tenant.name), pages)
}

fn write_document(title: &str, pages: Vec<Content>) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let catalog = Ref::new(1);
    let tree = Ref::new(2);
    let regular = Ref::new(3);
    let bold = Ref::new(4);
    let info = Ref::new(5);
    let first_page = 6;
    let page_ids: Vec<Ref> = (0..pages.len())
        .map(|i| Ref::new(first_page + 2 * i as i32))
        .collect();
    pdf.catalog(catalog).pages(tree);
    pdf.pages(tree)
        .kids(page_ids.iter().copied())
        .count(pages.len() as i32);
    pdf.type1_font(regular)
        .base_font(Name(b"Helvetica"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold)
        .base_font(Name(b"Helvetica-Bold"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.document_info(info)
        .title(TextStr(title))
        .producer(TextStr("Billfold"));
    for (i, content) in pages.into_iter().enumerate() {
        let page_id = page_ids[i];
        let content_id = Ref::new(page_id.get() + 1);
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, WIDTH, HEIGHT));
        page.parent(tree);
        page.contents(content_id);
        let mut resources = page.resources();
        resources.fonts().pair(REGULAR, regular).pair(BOLD, bold);
        resources.finish();
        page.finish();
        pdf.stream(content_id, &content.finish());
    }
    pdf.finish()
}
