//! Payments as history: receipts, Payment History, the API's payment list, lookups by gateway reference.

use time::Date;

use super::prelude::*;

/// Payment History rows: a payment once per invoice it paid (its allocations, or while pending, its checkout's).
pub(super) const PAYMENT_ROWS: &str = "SELECT p.id, p.external_id, p.paid_on, i.number, p.receipt_number, \
    COALESCE(a.amount_minor, ca.amount_minor, p.amount_minor) AS amount_minor, p.currency, p.kind, p.method_label, \
    p.reference, p.status FROM payments p \
    LEFT JOIN allocations a ON a.payment_id = p.id \
    LEFT JOIN checkout_allocations ca ON a.payment_id IS NULL AND ca.checkout_id = p.checkout_id \
    LEFT JOIN invoices i ON i.id = COALESCE(a.invoice_id, ca.invoice_id)";

/// Takes the tenant's next `$2` receipt numbers (bind the tenant as `$1`); returns the last of them. Every writer
/// takes them last in its transaction, so the counter's row lock never waits behind an invoice's.
pub(super) const NEXT_RECEIPT_NUMBERS: &str = "INSERT INTO receipt_counters (tenant_id, last) VALUES ($1, $2) \
    ON CONFLICT (tenant_id) DO UPDATE SET last = receipt_counters.last + excluded.last RETURNING last";

/// Gives a payment (`$1`) its receipt number (`$2`) unless it has one.
pub(super) const SET_RECEIPT_NUMBER: &str =
    "UPDATE payments SET receipt_number = $2 WHERE id = $1 AND receipt_number IS NULL";

/// Payments as history: receipts, Payment History, the API's payment list, lookups by gateway reference.
#[async_trait]
pub trait PaymentStore: Send + Sync {
    /// One payment as Payment History rows (once per invoice it paid or, while pending, will pay).
    async fn payment_rows(
        &self,
        tenant: TenantId,
        payment: PaymentId,
    ) -> StoreResult<Vec<PaymentHistoryRow>>;
    /// A page of an account's Payment History from `at`: `limit` payments (each with a row per allocation), found by
    /// keyset on `(paid_on, id)` so a page far back costs what the first does.
    async fn payment_history_page(
        &self,
        tenant: TenantId,
        account: AccountId,
        at: HistoryCursor,
        limit: i64,
    ) -> StoreResult<HistoryPage>;
    /// An account's payment by its external id, with its allocations.
    async fn payment(
        &self,
        tenant: TenantId,
        account: AccountId,
        external_id: &str,
    ) -> StoreResult<Option<Payment>>;
    /// The idempotency key of the payment the gateway knows as `reference` (a webhook names charges that way).
    async fn payment_key_by_gateway_ref(
        &self,
        tenant: TenantId,
        reference: &str,
    ) -> StoreResult<Option<String>>;
    /// A tenant's payments (with allocations, and their account's external id) by internal id, after `after`,
    /// optionally one account's, at most `limit`.
    async fn payments_page(
        &self,
        tenant: TenantId,
        account: Option<AccountId>,
        after: Option<i64>,
        limit: i64,
    ) -> StoreResult<Vec<(Payment, String)>>;
}

macro_rules! impl_payments {
    ($store:ident, $db:ty, $row:ty, $conn:ty) => {
        #[async_trait]
        impl PaymentStore for $store {
            async fn payment_rows(&self, tenant: TenantId, payment: PaymentId) -> StoreResult<Vec<PaymentHistoryRow>> {
                let rows = sqlx::query(&format!("{PAYMENT_ROWS} WHERE p.tenant_id = $1 AND p.id = $2 ORDER BY i.number"))
                    .bind(tenant.0)
                    .bind(payment.0)
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter().map(Self::history_from_row).collect()
            }

            async fn payment_history_page(
                &self,
                tenant: TenantId,
                account: AccountId,
                at: HistoryCursor,
                limit: i64,
            ) -> StoreResult<HistoryPage> {
                // The page's payments by the (tenant, account, paid_on DESC, id DESC) index, one past the page; then
                // their rows. Only `limit + 1` payments are ever read, however far back the page is.
                let mut qb: QueryBuilder<$db> = QueryBuilder::new(format!("{PAYMENT_ROWS} WHERE p.tenant_id = "));
                qb.push_bind(tenant.0)
                    .push(" AND p.id IN (SELECT id FROM payments WHERE tenant_id = ")
                    .push_bind(tenant.0)
                    .push(" AND account_id = ")
                    .push_bind(account.0)
                    .push(" AND status <> 'failed'");
                let order = match at {
                    HistoryCursor::Newest => "DESC",
                    // A row-value comparison, which both stores answer with a range scan of the index (an OR of
                    // the two columns' conditions made SQLite walk the index from the newest payment).
                    HistoryCursor::Older(date, id) => {
                        qb.push(" AND (paid_on, id) < (")
                            .push_bind(date)
                            .push(", ")
                            .push_bind(id.0)
                            .push(")");
                        "DESC"
                    }
                    HistoryCursor::Newer(date, id) => {
                        qb.push(" AND (paid_on, id) > (")
                            .push_bind(date)
                            .push(", ")
                            .push_bind(id.0)
                            .push(")");
                        "ASC"
                    }
                };
                qb.push(format!(" ORDER BY paid_on {order}, id {order} LIMIT "))
                    .push_bind(limit + 1)
                    .push(") ORDER BY p.paid_on DESC, p.id DESC, i.number");
                let rows = qb.build().fetch_all(&self.pool).await?;
                let mut rows: Vec<PaymentHistoryRow> =
                    rows.iter().map(Self::history_from_row).collect::<StoreResult<_>>()?;
                // The payments in page order, each once.
                let mut payments: Vec<(Date, PaymentId)> = Vec::new();
                for r in &rows {
                    if payments.last().map(|p| p.1) != Some(r.payment_id) {
                        payments.push((r.paid_on, r.payment_id));
                    }
                }
                let more = payments.len() as i64 > limit;
                if more {
                    // The one past the page: the oldest when going back, the newest when going forward.
                    let extra = match at {
                        HistoryCursor::Newer(..) => payments.remove(0),
                        _ => payments.pop().unwrap_or((Date::MIN, PaymentId(0))),
                    };
                    rows.retain(|r| r.payment_id != extra.1);
                }
                let older = payments.last().map(|&(d, id)| HistoryCursor::Older(d, id));
                let newer = payments.first().map(|&(d, id)| HistoryCursor::Newer(d, id));
                Ok(match at {
                    HistoryCursor::Newest => HistoryPage { rows, older: older.filter(|_| more), newer: None },
                    HistoryCursor::Older(..) => HistoryPage { rows, older: older.filter(|_| more), newer },
                    HistoryCursor::Newer(..) => HistoryPage { rows, older, newer: newer.filter(|_| more) },
                })
            }

            async fn payment(
                &self,
                tenant: TenantId,
                account: AccountId,
                external_id: &str,
            ) -> StoreResult<Option<Payment>> {
                let Some(r) = sqlx::query(
                    "SELECT id, account_id, external_id, amount_minor, currency, kind, reference, paid_on, status, \
                     created_at, receipt_number FROM payments WHERE tenant_id = $1 AND account_id = $2 AND external_id = $3",
                )
                .bind(tenant.0)
                .bind(account.0)
                .bind(external_id)
                .fetch_optional(&self.pool)
                .await?
                else {
                    return Ok(None);
                };
                let cur = currency(r.try_get("currency")?)?;
                let id: i64 = r.try_get("id")?;
                let allocations: Vec<(String, i64)> = sqlx::query_as(
                    "SELECT i.number, a.amount_minor FROM allocations a JOIN invoices i ON i.id = a.invoice_id \
                     WHERE a.tenant_id = $1 AND a.payment_id = $2 ORDER BY i.number",
                )
                .bind(tenant.0)
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
                Ok(Some(Payment {
                    id: PaymentId(id),
                    account_id: AccountId(r.try_get("account_id")?),
                    external_id: r.try_get("external_id")?,
                    amount: Money::from_minor(r.try_get("amount_minor")?, cur),
                    kind: PaymentType::parse(r.try_get("kind")?)?,
                    reference: r.try_get("reference")?,
                    paid_on: r.try_get("paid_on")?,
                    status: PaymentStatus::parse(r.try_get("status")?)?,
                    allocations: allocations
                        .into_iter()
                        .map(|(invoice_number, minor)| Allocation { invoice_number, amount: Money::from_minor(minor, cur) })
                        .collect(),
                    created_at: r.try_get("created_at")?,
                    receipt_number: r.try_get("receipt_number")?,
                }))
            }

            async fn payments_page(
                &self,
                tenant: TenantId,
                account: Option<AccountId>,
                after: Option<i64>,
                limit: i64,
            ) -> StoreResult<Vec<(Payment, String)>> {
                let mut qb: QueryBuilder<$db> = QueryBuilder::new(
                    "SELECT p.id, p.account_id, p.external_id, p.amount_minor, p.currency, p.kind, p.reference, \
                     p.paid_on, p.status, p.created_at, p.receipt_number, a.external_id AS account_external_id \
                     FROM payments p \
                     JOIN accounts a ON a.tenant_id = p.tenant_id AND a.id = p.account_id WHERE p.tenant_id = ",
                );
                qb.push_bind(tenant.0).push(" AND p.id > ").push_bind(after.unwrap_or(0));
                if let Some(account) = account {
                    qb.push(" AND p.account_id = ").push_bind(account.0);
                }
                qb.push(" ORDER BY p.id LIMIT ").push_bind(limit);
                let rows = qb.build().fetch_all(&self.pool).await?;
                let mut page = Vec::with_capacity(rows.len());
                for r in &rows {
                    let cur = currency(r.try_get("currency")?)?;
                    page.push((
                        Payment {
                            id: PaymentId(r.try_get("id")?),
                            account_id: AccountId(r.try_get("account_id")?),
                            external_id: r.try_get("external_id")?,
                            amount: Money::from_minor(r.try_get("amount_minor")?, cur),
                            kind: PaymentType::parse(r.try_get("kind")?)?,
                            reference: r.try_get("reference")?,
                            paid_on: r.try_get("paid_on")?,
                            status: PaymentStatus::parse(r.try_get("status")?)?,
                            allocations: Vec::new(),
                            created_at: r.try_get("created_at")?,
                            receipt_number: r.try_get("receipt_number")?,
                        },
                        r.try_get("account_external_id")?,
                    ));
                }
                if let (Some(first), Some(last)) = (page.first(), page.last()) {
                    // The page's allocations in one query.
                    let allocations: Vec<(i64, String, i64)> = sqlx::query_as(
                        "SELECT a.payment_id, i.number, a.amount_minor FROM allocations a \
                         JOIN invoices i ON i.id = a.invoice_id \
                         WHERE a.tenant_id = $1 AND a.payment_id BETWEEN $2 AND $3 ORDER BY a.payment_id, i.number",
                    )
                    .bind(tenant.0)
                    .bind(first.0.id.0)
                    .bind(last.0.id.0)
                    .fetch_all(&self.pool)
                    .await?;
                    for (payment, invoice_number, minor) in allocations {
                        if let Some((p, _)) = page.iter_mut().find(|(p, _)| p.id.0 == payment) {
                            let amount = Money::from_minor(minor, p.amount.currency());
                            p.allocations.push(Allocation { invoice_number, amount });
                        }
                    }
                }
                Ok(page)
            }

            async fn payment_key_by_gateway_ref(&self, tenant: TenantId, reference: &str) -> StoreResult<Option<String>> {
                Ok(sqlx::query_scalar(
                    "SELECT external_id FROM payments WHERE tenant_id = $1 AND gateway_ref = $2 ORDER BY id DESC LIMIT 1",
                )
                .bind(tenant.0)
                .bind(reference)
                .fetch_optional(&self.pool)
                .await?)
            }
        }
    };
}

#[cfg(feature = "sqlite")]
impl_payments!(SqliteStore, Sqlite, SqliteRow, SqliteConnection);
#[cfg(feature = "postgres")]
impl_payments!(PostgresStore, Postgres, PgRow, PgConnection);
