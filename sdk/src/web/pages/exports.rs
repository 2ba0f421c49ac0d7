//! CSV exports of the invoice list (with the dashboard's current filter) and of Payment History. Streamed: the rows
//! are read a chunk at a time by keyset, so an account with 100,000 invoices exports in flat memory.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use futures_util::stream::{self, Stream};
use time::Date;

use super::dashboard::{DashboardQuery, Filter};
use crate::domain::{AccountId, InvoiceId, PaymentId, TenantId};
use crate::store::SharedStore;
use crate::web::csv::{row, Field};
use crate::web::error::WebError;
use crate::web::session::{Member, Viewer};
use crate::web::PortalState;

/// Rows read per query.
const CHUNK: i64 = 1000;

/// A CSV download named `<what>-<account>-<today>.csv`.
pub(crate) fn csv_response(member: &Member, what: &str, body: Body) -> Response {
    let account: String = member
        .membership
        .account
        .external_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let name = format!("{what}-{account}-{}.csv", member.today());
    let mut response = body.into_response();
    let h = response.headers_mut();
    h.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(CONTENT_DISPOSITION, v);
    }
    response
}

/// Where a keyset export is: before its header, after a cursor, or done.
enum Cursor<K> {
    Header,
    After(Option<K>),
    Done,
}

/// A CSV body: `header`, then each chunk `next(cursor)` reads (rendered, with the cursor after it) until a short one.
fn keyset_csv<K, F, Fut>(
    header: String,
    next: F,
) -> impl Stream<Item = Result<Bytes, std::io::Error>>
where
    K: Send + 'static,
    F: Fn(Option<K>) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<(String, usize, Option<K>), crate::store::StoreError>>
        + Send,
{
    let next = Arc::new(next);
    stream::unfold(Cursor::Header, move |cursor| {
        let next = next.clone();
        let header = header.clone();
        async move {
            match cursor {
                Cursor::Header => Some((Ok(Bytes::from(header)), Cursor::After(None))),
                Cursor::After(after) => match next(after).await {
                    Ok((_, 0, _)) => None,
                    Ok((text, n, last)) => {
                        let then = if (n as i64) < CHUNK {
                            Cursor::Done
                        } else {
                            Cursor::After(last)
                        };
                        Some((Ok(Bytes::from(text)), then))
                    }
                    Err(e) => {
                        tracing::error!(error = %e, "a CSV export stopped");
                        Some((Err(std::io::Error::other("export failed")), Cursor::Done))
                    }
                },
                Cursor::Done => None,
            }
        }
    })
}

/// `GET /invoices.csv?status=&q=`: the invoice list as the dashboard filters it.
pub(crate) async fn invoices(
    State(state): State<Arc<PortalState>>,
    Viewer(member): Viewer,
    Query(query): Query<DashboardQuery>,
) -> Result<Response, WebError> {
    let Filter { filter, search, .. } = Filter::of(&query);
    // The export keeps the dashboard's filter; its order is always newest first (the keyset the chunks follow).
    let store: SharedStore = state.store.clone();
    let (tenant, account): (TenantId, AccountId) =
        (member.ctx.tenant.id, member.membership.account.id);
    let today = state.today();
    let header = row(&[
        Field::Value("Invoice #"),
        Field::Value("Status"),
        Field::Value("Issued"),
        Field::Value("Due"),
        Field::Value("Currency"),
        Field::Value("Total"),
        Field::Value("Paid"),
        Field::Value("Balance"),
    ]);
    let body = keyset_csv(header, move |after: Option<(Date, InvoiceId)>| {
        let (store, search) = (store.clone(), search.clone());
        async move {
            let rows = store
                .invoices_after(tenant, account, filter, Some(&search), after, CHUNK)
                .await?;
            let mut text = String::with_capacity(rows.len() * 80);
            for i in &rows {
                text.push_str(&row(&[
                    Field::Text(&i.number),
                    Field::Value(i.badge(today).label()),
                    Field::Value(&i.issued_on.to_string()),
                    Field::Value(&i.due_on.to_string()),
                    Field::Value(i.currency.code()),
                    Field::Value(&i.total.to_decimal_string()),
                    Field::Value(&i.paid.to_decimal_string()),
                    Field::Value(&i.balance().to_decimal_string()),
                ]));
            }
            Ok((text, rows.len(), rows.last().map(|i| (i.issued_on, i.id))))
        }
    });
    Ok(csv_response(&member, "invoices", Body::from_stream(body)))
}

/// `GET /payments.csv`: Payment History, newest first, one row per invoice a payment was applied to.
pub(crate) async fn payments(
    State(state): State<Arc<PortalState>>,
    Viewer(member): Viewer,
) -> Result<Response, WebError> {
    let store: SharedStore = state.store.clone();
    let (tenant, account) = (member.ctx.tenant.id, member.membership.account.id);
    let header = row(&[
        Field::Value("Date"),
        Field::Value("Receipt"),
        Field::Value("Invoice #"),
        Field::Value("Amount"),
        Field::Value("Currency"),
        Field::Value("Type"),
        Field::Value("Paid with"),
        Field::Value("Reference"),
        Field::Value("Status"),
    ]);
    let body = keyset_csv(header, move |before: Option<PaymentId>| {
        let store = store.clone();
        async move {
            let rows = store
                .payment_rows_before(tenant, account, before, CHUNK)
                .await?;
            let mut text = String::with_capacity(rows.len() * 100);
            let mut payments = 0;
            let mut last = None;
            for r in &rows {
                if last != Some(r.payment_id) {
                    payments += 1;
                    last = Some(r.payment_id);
                }
                let receipt = r
                    .receipt_number
                    .map(crate::domain::receipt_label)
                    .unwrap_or_default();
                text.push_str(&row(&[
                    Field::Value(&r.paid_on.to_string()),
                    Field::Value(&receipt),
                    Field::Text(r.invoice_number.as_deref().unwrap_or("")),
                    Field::Value(&r.amount.to_decimal_string()),
                    Field::Value(r.amount.currency().code()),
                    Field::Value(r.kind.label()),
                    Field::Text(r.method_label.as_deref().unwrap_or("")),
                    Field::Text(r.reference.as_deref().unwrap_or("")),
                    Field::Value(r.status.as_str()),
                ]));
            }
            Ok((text, payments, last))
        }
    });
    Ok(csv_response(&member, "payments", Body::from_stream(body)))
}
