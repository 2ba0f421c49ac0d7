//! Invoices and their lines.

use super::prelude::*;

pub(super) const INVOICE_COLUMNS: &str =
    "i.id, i.account_id, i.number, i.issued_on, i.due_on, i.currency, \
    i.subtotal_minor, i.tax_minor, i.total_minor, i.paid_minor, i.pending_minor, i.voided, i.po_number, i.needs_attention, i.comment_count";

const INVOICE_LINES: &str =
    "SELECT l.description, l.quantity, l.unit_price_minor, l.amount_minor, i.currency FROM invoice_lines l \
    JOIN invoices i ON i.tenant_id = l.tenant_id AND i.id = l.invoice_id \
    WHERE l.tenant_id = $1 AND l.invoice_id = $2 ORDER BY l.position";

pub(super) const OPEN_INVOICE: &str = "i.paid_minor < i.total_minor AND NOT i.voided";

pub(super) const NOT_OPEN_INVOICE: &str = "NOT (i.paid_minor < i.total_minor AND NOT i.voided)";

pub(super) const PAID_INVOICE: &str = "i.paid_minor >= i.total_minor AND NOT i.voided";

/// The SQL condition on `i` of a list filter.
fn filter_condition(filter: InvoiceFilter) -> &'static str {
    match filter {
        InvoiceFilter::All => "TRUE",
        InvoiceFilter::Open => OPEN_INVOICE,
        InvoiceFilter::Paid => PAID_INVOICE,
    }
}

/// Invoices and their lines.
#[async_trait]
pub trait InvoiceStore: Send + Sync {
    /// Invoices by number with the external id of their account (for import validation).
    async fn invoice_owners(
        &self,
        tenant: TenantId,
        numbers: &[String],
    ) -> StoreResult<Vec<(String, String, Money)>>;
    /// An invoice by number, with its lines.
    async fn invoice(&self, tenant: TenantId, number: &str) -> StoreResult<Option<Invoice>>;
    /// One page of an account's invoices in the query's order, without their lines; the page's cost does not
    /// grow with its depth.
    async fn list_invoices(
        &self,
        tenant: TenantId,
        account: AccountId,
        query: &InvoiceQuery,
    ) -> StoreResult<InvoicePage>;
    /// How many of an account's invoices pass `filter` and contain `search` in their number (ignoring case). Without
    /// a search the account's [`AccountSummary::count`] says it for free.
    async fn count_invoices(
        &self,
        tenant: TenantId,
        account: AccountId,
        filter: InvoiceFilter,
        search: &str,
    ) -> StoreResult<i64>;
    /// The lines of several invoices at once (one query), keyed by invoice id, in position order.
    async fn invoice_lines(
        &self,
        tenant: TenantId,
        invoices: &[InvoiceId],
    ) -> StoreResult<Vec<(InvoiceId, InvoiceLine)>>;
    /// The payments applied to one invoice (Payment History rows for that invoice), oldest first.
    async fn invoice_payments(
        &self,
        tenant: TenantId,
        invoice: InvoiceId,
    ) -> StoreResult<Vec<PaymentHistoryRow>>;
    /// An account's open invoices (balance above zero, not void), oldest first.
    async fn open_invoices_oldest_first(
        &self,
        tenant: TenantId,
        account: AccountId,
    ) -> StoreResult<Vec<Invoice>>;
    /// A tenant's invoices (with lines, and their account's external id) by internal id, after `after`, filtered,
    /// at most `limit`.
    async fn invoices_page(
        &self,
        tenant: TenantId,
        filter: &ApiInvoiceFilter,
        after: Option<i64>,
        limit: i64,
    ) -> StoreResult<Vec<(Invoice, String)>>;
    /// Voids an invoice nothing has been paid or reserved on. `Ok(false)` if it has payments (or is already void).
    async fn void_invoice(&self, tenant: TenantId, number: &str) -> StoreResult<bool>;
}

macro_rules! impl_invoices {
    ($store:ident, $db:ty, $row:ty, $conn:ty) => {
        #[async_trait]
        impl InvoiceStore for $store {
            async fn invoice_owners(
                &self,
                tenant: TenantId,
                numbers: &[String],
            ) -> StoreResult<Vec<(String, String, Money)>> {
                let mut out = Vec::new();
                for chunk in numbers.chunks(500) {
                    let mut qb: QueryBuilder<$db> = QueryBuilder::new(
                        "SELECT i.number, a.external_id, i.total_minor, i.currency FROM invoices i \
                         JOIN accounts a ON a.tenant_id = i.tenant_id AND a.id = i.account_id WHERE i.tenant_id = ",
                    );
                    qb.push_bind(tenant.0).push(" AND i.number IN (");
                    push_in_list(&mut qb, chunk);
                    for r in qb.build().fetch_all(&self.pool).await? {
                        let total = Money::from_minor(r.try_get("total_minor")?, currency(r.try_get("currency")?)?);
                        out.push((r.try_get("number")?, r.try_get("external_id")?, total));
                    }
                }
                Ok(out)
            }

            async fn invoice(&self, tenant: TenantId, number: &str) -> StoreResult<Option<Invoice>> {
                let sql = format!("SELECT {INVOICE_COLUMNS} FROM invoices i WHERE i.tenant_id = $1 AND i.number = $2");
                let Some(row) = sqlx::query(&sql).bind(tenant.0).bind(number).fetch_optional(&self.pool).await?
                else {
                    return Ok(None);
                };
                let mut invoice = Self::invoice_from_row(&row)?;
                let lines = sqlx::query(INVOICE_LINES).bind(tenant.0).bind(invoice.id.0).fetch_all(&self.pool).await?;
                invoice.lines = lines.iter().map(Self::line_from_row).collect::<StoreResult<_>>()?;
                Ok(Some(invoice))
            }

            async fn list_invoices(
                &self,
                tenant: TenantId,
                account: AccountId,
                query: &InvoiceQuery,
            ) -> StoreResult<InvoicePage> {
                let condition = filter_condition(query.filter);
                let prefix = query.number_search.as_deref().map(str::trim).filter(|p| !p.is_empty());
                let pattern = prefix.map(contains_pattern);
                // The list's order walked in groups, each read by an index from the cursor's place: newest first is
                // one group by (issued_on, id) descending; due first is the open invoices by (due_on, id), then the
                // others. A page reads at most `limit + 1` rows however deep it is.
                let (date, descending, groups): (&str, bool, &[(bool, &str)]) = match query.sort {
                    InvoiceSort::Newest => ("i.issued_on", true, &[(true, "TRUE")]),
                    InvoiceSort::DueFirst => match query.filter {
                        InvoiceFilter::Open => ("i.due_on", false, &[(true, OPEN_INVOICE)]),
                        InvoiceFilter::Paid => ("i.due_on", false, &[(false, "TRUE")]),
                        InvoiceFilter::All => ("i.due_on", false, &[(true, OPEN_INVOICE), (false, NOT_OPEN_INVOICE)]),
                    },
                };
                let grouped = query.sort == InvoiceSort::DueFirst;
                let (backward, from) = match query.at {
                    InvoiceCursor::First => (false, None),
                    InvoiceCursor::After(key) => (false, Some(key)),
                    InvoiceCursor::Before(key) => (true, Some(key)),
                };
                let (order, beyond) = if descending != backward { ("DESC", "<") } else { ("ASC", ">") };
                let walk: Vec<&(bool, &str)> =
                    if backward { groups.iter().rev().collect() } else { groups.iter().collect() };
                // Groups before the cursor's are skipped; the cursor's group reads from the cursor on.
                let skip = from.map_or(0, |key| {
                    walk.iter().position(|(open, _)| !grouped || *open == key.open).unwrap_or(walk.len())
                });
                let mut rows: Vec<Invoice> = Vec::new();
                for (i, (_, group)) in walk.iter().enumerate().skip(skip) {
                    let want = query.limit + 1 - rows.len() as i64;
                    if want <= 0 {
                        break;
                    }
                    let mut qb: QueryBuilder<$db> =
                        QueryBuilder::new(format!("SELECT {INVOICE_COLUMNS} FROM invoices i WHERE i.tenant_id = "));
                    qb.push_bind(tenant.0)
                        .push(" AND i.account_id = ")
                        .push_bind(account.0)
                        .push(format!(" AND {condition} AND {group}"));
                    if let Some(pattern) = &pattern {
                        qb.push(format!(" AND i.number {} ", <$store as Dialect>::LIKE_ANY_CASE))
                            .push_bind(pattern.clone())
                            .push(" ESCAPE '\\'");
                    }
                    if let (Some(key), true) = (from, i == skip) {
                        // A row-value comparison: both stores answer it with a range scan of the index.
                        qb.push(format!(" AND ({date}, i.id) {beyond} ("))
                            .push_bind(key.date)
                            .push(", ")
                            .push_bind(key.id.0)
                            .push(")");
                    }
                    qb.push(format!(" ORDER BY {date} {order}, i.id {order} LIMIT ")).push_bind(want);
                    for row in qb.build().fetch_all(&self.pool).await? {
                        rows.push(Self::invoice_from_row(&row)?);
                    }
                }
                let more = rows.len() as i64 > query.limit;
                rows.truncate(query.limit.max(0) as usize);
                if backward {
                    rows.reverse();
                }
                let key = |invoice: &Invoice| InvoiceKey::of(invoice, query.sort);
                let (first, last) = (rows.first().map(key), rows.last().map(key));
                let (prev, next) = match query.at {
                    InvoiceCursor::First => (None, last.filter(|_| more)),
                    // A page past either end (a stale link) still leads back to the cursor's neighbours.
                    InvoiceCursor::After(cursor) => (first.or(Some(cursor)), last.filter(|_| more)),
                    InvoiceCursor::Before(cursor) => (first.filter(|_| more), last.or(Some(cursor))),
                };
                Ok(InvoicePage { items: rows, next, prev })
            }

            async fn count_invoices(
                &self,
                tenant: TenantId,
                account: AccountId,
                filter: InvoiceFilter,
                search: &str,
            ) -> StoreResult<i64> {
                let condition = filter_condition(filter);
                // Within the account's invoices (its index).
                let mut qb: QueryBuilder<$db> = QueryBuilder::new("SELECT COUNT(*) FROM invoices i WHERE i.tenant_id = ");
                qb.push_bind(tenant.0)
                    .push(" AND i.account_id = ")
                    .push_bind(account.0)
                    .push(format!(" AND {condition} AND i.number {} ", <$store as Dialect>::LIKE_ANY_CASE))
                    .push_bind(contains_pattern(search.trim()))
                    .push(" ESCAPE '\\'");
                Ok(qb.build_query_scalar().fetch_one(&self.pool).await?)
            }

            async fn invoice_lines(
                &self,
                tenant: TenantId,
                invoices: &[InvoiceId],
            ) -> StoreResult<Vec<(InvoiceId, InvoiceLine)>> {
                if invoices.is_empty() {
                    return Ok(Vec::new());
                }
                let mut qb: QueryBuilder<$db> = QueryBuilder::new(
                    "SELECT l.invoice_id, l.description, l.quantity, l.unit_price_minor, l.amount_minor, i.currency \
                     FROM invoice_lines l JOIN invoices i ON i.tenant_id = l.tenant_id AND i.id = l.invoice_id \
                     WHERE l.tenant_id = ",
                );
                qb.push_bind(tenant.0).push(" AND l.invoice_id IN (");
                let mut separated = qb.separated(", ");
                for id in invoices {
                    separated.push_bind(id.0);
                }
                qb.push(") ORDER BY l.invoice_id, l.position");
                qb.build()
                    .fetch_all(&self.pool)
                    .await?
                    .iter()
                    .map(|r| Ok((InvoiceId(r.try_get("invoice_id")?), Self::line_from_row(r)?)))
                    .collect()
            }

            async fn invoice_payments(
                &self,
                tenant: TenantId,
                invoice: InvoiceId,
            ) -> StoreResult<Vec<PaymentHistoryRow>> {
                let rows = sqlx::query(
                    "SELECT p.id, p.external_id, p.paid_on, i.number, a.amount_minor, p.currency, p.kind, p.method_label, p.reference, \
                     p.status, p.receipt_number \
                     FROM allocations a JOIN payments p ON p.tenant_id = a.tenant_id AND p.id = a.payment_id \
                     JOIN invoices i ON i.tenant_id = a.tenant_id AND i.id = a.invoice_id \
                     WHERE a.tenant_id = $1 AND a.invoice_id = $2 ORDER BY p.paid_on, p.id",
                )
                .bind(tenant.0)
                .bind(invoice.0)
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(Self::history_from_row).collect()
            }

            async fn open_invoices_oldest_first(&self, tenant: TenantId, account: AccountId) -> StoreResult<Vec<Invoice>> {
                let sql = format!(
                    "SELECT {INVOICE_COLUMNS} FROM invoices i WHERE i.tenant_id = $1 AND i.account_id = $2 \
                     AND {OPEN_INVOICE} ORDER BY i.issued_on, i.id"
                );
                let rows = sqlx::query(&sql).bind(tenant.0).bind(account.0).fetch_all(&self.pool).await?;
                rows.iter().map(Self::invoice_from_row).collect()
            }

            async fn invoices_page(
                &self,
                tenant: TenantId,
                filter: &ApiInvoiceFilter,
                after: Option<i64>,
                limit: i64,
            ) -> StoreResult<Vec<(Invoice, String)>> {
                let mut qb: QueryBuilder<$db> = QueryBuilder::new(format!(
                    "SELECT {INVOICE_COLUMNS}, a.external_id AS account_external_id FROM invoices i \
                     JOIN accounts a ON a.tenant_id = i.tenant_id AND a.id = i.account_id WHERE i.tenant_id = "
                ));
                qb.push_bind(tenant.0).push(" AND i.id > ").push_bind(after.unwrap_or(0));
                if let Some(account) = filter.account {
                    qb.push(" AND i.account_id = ").push_bind(account.0);
                }
                match filter.status.as_deref() {
                    Some("open") => {
                        qb.push(format!(" AND {OPEN_INVOICE}"));
                    }
                    Some("paid") => {
                        qb.push(format!(" AND {PAID_INVOICE}"));
                    }
                    Some("void") => {
                        qb.push(" AND i.voided");
                    }
                    _ => {}
                }
                if let Some(flag) = filter.needs_attention {
                    qb.push(" AND i.needs_attention = ").push_bind(flag);
                }
                if let Some(since) = filter.updated_since {
                    let since = OffsetDateTime::from_unix_timestamp(since)
                        .map_err(|_| StoreError::Corrupt("updated_since out of range".into()))?;
                    qb.push(" AND i.updated_at >= ").push_bind(since);
                }
                qb.push(" ORDER BY i.id LIMIT ").push_bind(limit);
                let rows = qb.build().fetch_all(&self.pool).await?;
                let mut invoices = rows
                    .iter()
                    .map(|r| Ok((Self::invoice_from_row(r)?, r.try_get("account_external_id")?)))
                    .collect::<StoreResult<Vec<(Invoice, String)>>>()?;
                let ids: Vec<InvoiceId> = invoices.iter().map(|(i, _)| i.id).collect();
                for (id, line) in self.invoice_lines(tenant, &ids).await? {
                    if let Some((invoice, _)) = invoices.iter_mut().find(|(i, _)| i.id == id) {
                        invoice.lines.push(line);
                    }
                }
                Ok(invoices)
            }

            async fn void_invoice(&self, tenant: TenantId, number: &str) -> StoreResult<bool> {
                let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                let account: Option<i64> = sqlx::query_scalar(
                    "UPDATE invoices SET voided = TRUE, updated_at = $3 WHERE tenant_id = $1 AND number = $2 \
                     AND paid_minor = 0 AND pending_minor = 0 AND NOT voided RETURNING account_id",
                )
                .bind(tenant.0)
                .bind(number)
                .bind(self.now())
                .fetch_optional(&mut *tx)
                .await?;
                let Some(account) = account else {
                    return Ok(false);
                };
                Self::refresh_account_totals(&mut tx, tenant, account).await?;
                tx.commit().await?;
                Ok(true)
            }
        }
    };
}

#[cfg(feature = "sqlite")]
impl_invoices!(SqliteStore, Sqlite, SqliteRow, SqliteConnection);
#[cfg(feature = "postgres")]
impl_invoices!(PostgresStore, Postgres, PgRow, PgConnection);
