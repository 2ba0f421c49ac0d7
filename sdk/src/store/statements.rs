//! Reading an account's books in bulk: statements over a period, and the invoice list and Payment History in
//! keyset-paged chunks for CSV exports (a chunk at a time, so an export of any size runs in flat memory).

use time::Date;

use super::invoices::{INVOICE_COLUMNS, OPEN_INVOICE, PAID_INVOICE};
use super::payments::PAYMENT_ROWS;
use super::prelude::*;

/// Reading an account's books in bulk: statements and exports.
#[async_trait]
pub trait StatementStore: Send + Sync {
    /// What a statement of `account` over `from..=to` is made of.
    async fn statement_activity(
        &self,
        tenant: TenantId,
        account: AccountId,
        from: Date,
        to: Date,
    ) -> StoreResult<StatementActivity>;
    /// Up to `limit` of the account's invoices in the dashboard's order (newest first) after the cursor `after`
    /// (the last row's issue date and id), filtered like the dashboard.
    async fn invoices_after(
        &self,
        tenant: TenantId,
        account: AccountId,
        filter: InvoiceFilter,
        number_search: Option<&str>,
        after: Option<(Date, InvoiceId)>,
        limit: i64,
    ) -> StoreResult<Vec<Invoice>>;
    /// Payment History rows (newest first) of up to `limit` payments whose id is below `before`.
    async fn payment_rows_before(
        &self,
        tenant: TenantId,
        account: AccountId,
        before: Option<PaymentId>,
        limit: i64,
    ) -> StoreResult<Vec<PaymentHistoryRow>>;
}

macro_rules! impl_statements {
    ($store:ident, $db:ty, $row:ty, $conn:ty) => {
        #[async_trait]
        impl StatementStore for $store {
            async fn statement_activity(
                &self,
                tenant: TenantId,
                account: AccountId,
                from: Date,
                to: Date,
            ) -> StoreResult<StatementActivity> {
                let cur: String = sqlx::query_scalar("SELECT currency FROM accounts WHERE tenant_id = $1 AND id = $2")
                    .bind(tenant.0)
                    .bind(account.0)
                    .fetch_one(&self.pool)
                    .await?;
                let cur = currency(&cur)?;
                let invoiced: i64 = sqlx::query_scalar(
                    "SELECT CAST(COALESCE(SUM(total_minor), 0) AS BIGINT) FROM invoices \
                     WHERE tenant_id = $1 AND account_id = $2 AND NOT voided AND issued_on < $3",
                )
                .bind(tenant.0)
                .bind(account.0)
                .bind(from)
                .fetch_one(&self.pool)
                .await?;
                let paid: i64 = sqlx::query_scalar(
                    "SELECT CAST(COALESCE(SUM(amount_minor), 0) AS BIGINT) FROM payments \
                     WHERE tenant_id = $1 AND account_id = $2 AND status = 'succeeded' AND paid_on < $3",
                )
                .bind(tenant.0)
                .bind(account.0)
                .bind(from)
                .fetch_one(&self.pool)
                .await?;
                let invoices = sqlx::query(
                    "SELECT number, issued_on, due_on, total_minor FROM invoices WHERE tenant_id = $1 \
                     AND account_id = $2 AND NOT voided AND issued_on >= $3 AND issued_on <= $4 ORDER BY issued_on, id",
                )
                .bind(tenant.0)
                .bind(account.0)
                .bind(from)
                .bind(to)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(|r| {
                    Ok(StatementInvoice {
                        number: r.try_get("number")?,
                        issued_on: r.try_get("issued_on")?,
                        due_on: r.try_get("due_on")?,
                        total: Money::from_minor(r.try_get("total_minor")?, cur),
                    })
                })
                .collect::<StoreResult<Vec<_>>>()?;
                let payments = sqlx::query(
                    "SELECT receipt_number, reference, kind, paid_on, amount_minor FROM payments WHERE tenant_id = $1 \
                     AND account_id = $2 AND status = 'succeeded' AND paid_on >= $3 AND paid_on <= $4 \
                     ORDER BY paid_on, id",
                )
                .bind(tenant.0)
                .bind(account.0)
                .bind(from)
                .bind(to)
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(|r| {
                    Ok(StatementPayment {
                        receipt_number: r.try_get("receipt_number")?,
                        reference: r.try_get("reference")?,
                        kind: PaymentType::parse(r.try_get("kind")?)?,
                        paid_on: r.try_get("paid_on")?,
                        amount: Money::from_minor(r.try_get("amount_minor")?, cur),
                    })
                })
                .collect::<StoreResult<Vec<_>>>()?;
                Ok(StatementActivity {
                    invoiced_before: Money::from_minor(invoiced, cur),
                    paid_before: Money::from_minor(paid, cur),
                    invoices,
                    payments,
                })
            }

            async fn invoices_after(
                &self,
                tenant: TenantId,
                account: AccountId,
                filter: InvoiceFilter,
                number_search: Option<&str>,
                after: Option<(Date, InvoiceId)>,
                limit: i64,
            ) -> StoreResult<Vec<Invoice>> {
                let mut qb: QueryBuilder<$db> = QueryBuilder::new("SELECT ");
                qb.push(INVOICE_COLUMNS)
                    .push(" FROM invoices i WHERE i.tenant_id = ")
                    .push_bind(tenant.0)
                    .push(" AND i.account_id = ")
                    .push_bind(account.0);
                match filter {
                    InvoiceFilter::All => {}
                    InvoiceFilter::Open => {
                        qb.push(" AND ").push(OPEN_INVOICE);
                    }
                    InvoiceFilter::Paid => {
                        qb.push(" AND ").push(PAID_INVOICE);
                    }
                }
                if let Some(search) = number_search.map(str::trim).filter(|s| !s.is_empty()) {
                    qb.push(" AND LOWER(i.number) LIKE ")
                        .push_bind(contains_pattern(&search.to_lowercase()))
                        .push(" ESCAPE '\\'");
                }
                if let Some((issued_on, id)) = after {
                    qb.push(" AND (i.issued_on < ")
                        .push_bind(issued_on)
                        .push(" OR (i.issued_on = ")
                        .push_bind(issued_on)
                        .push(" AND i.id < ")
                        .push_bind(id.0)
                        .push("))");
                }
                qb.push(" ORDER BY i.issued_on DESC, i.id DESC LIMIT ").push_bind(limit);
                let rows = qb.build().fetch_all(&self.pool).await?;
                rows.iter().map(Self::invoice_from_row).collect()
            }

            async fn payment_rows_before(
                &self,
                tenant: TenantId,
                account: AccountId,
                before: Option<PaymentId>,
                limit: i64,
            ) -> StoreResult<Vec<PaymentHistoryRow>> {
                let sql = format!(
                    "{PAYMENT_ROWS} WHERE p.id IN (SELECT id FROM payments WHERE tenant_id = $1 AND account_id = $2 \
                     AND status <> 'failed' AND id < $3 ORDER BY id DESC LIMIT $4) ORDER BY p.id DESC, i.number"
                );
                let rows = sqlx::query(&sql)
                    .bind(tenant.0)
                    .bind(account.0)
                    .bind(before.map_or(i64::MAX, |p| p.0))
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter().map(Self::history_from_row).collect()
            }
        }
    };
}

#[cfg(feature = "sqlite")]
impl_statements!(SqliteStore, Sqlite, SqliteRow, SqliteConnection);
#[cfg(feature = "postgres")]
impl_statements!(PostgresStore, Postgres, PgRow, PgConnection);
