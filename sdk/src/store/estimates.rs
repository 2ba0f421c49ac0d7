//! Estimates and their lines: the vendor's upserts (inside the import's transaction) and the customer's decisions.

use std::collections::HashMap;

#[cfg(feature = "postgres")]
use sqlx::postgres::PgConnection;
#[cfg(feature = "sqlite")]
use sqlx::sqlite::SqliteConnection;

use super::prelude::*;

const ESTIMATE_COLUMNS: &str = "e.id, e.number, e.account_id, a.external_id AS account_external_id, e.issued_on, \
    e.expires_on, e.currency, e.subtotal_minor, e.tax_minor, e.total_minor, e.deposit_minor, e.terms, e.status, \
    e.approved_name, e.decided_by, e.decided_at, e.decided_from, e.decline_reason, d.number AS deposit_number";

const ESTIMATES_FROM: &str =
    "FROM estimates e JOIN accounts a ON a.tenant_id = e.tenant_id AND a.id = e.account_id \
    LEFT JOIN invoices d ON d.tenant_id = e.tenant_id AND d.id = e.deposit_invoice_id";

/// Inserts or updates an open estimate; an estimate the customer has decided on is left alone (missing from
/// `RETURNING`), and so is one of another account.
const UPSERT_ESTIMATE: &str = "INSERT INTO estimates (tenant_id, account_id, number, issued_on, expires_on, currency, \
    subtotal_minor, tax_minor, total_minor, deposit_minor, terms, status, created_at, updated_at) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'open', $12, $12) \
    ON CONFLICT (tenant_id, number) DO UPDATE SET issued_on = excluded.issued_on, expires_on = excluded.expires_on, \
    currency = excluded.currency, subtotal_minor = excluded.subtotal_minor, tax_minor = excluded.tax_minor, \
    total_minor = excluded.total_minor, deposit_minor = excluded.deposit_minor, terms = excluded.terms, \
    updated_at = excluded.updated_at \
    WHERE estimates.account_id = excluded.account_id AND estimates.status = 'open' RETURNING id";

const REFRESH_ESTIMATE_COUNT: &str = "UPDATE accounts SET estimate_count = \
    (SELECT COUNT(*) FROM estimates e WHERE e.tenant_id = accounts.tenant_id AND e.account_id = accounts.id) \
    WHERE tenant_id = $1 AND id = $2";

/// Estimates.
#[async_trait]
pub trait EstimateStore: Send + Sync {
    /// An account's estimates, newest first, without their lines.
    async fn estimates(&self, tenant: TenantId, account: AccountId) -> StoreResult<Vec<Estimate>>;
    /// An estimate by number, with its lines; with `account`, only if it is that account's.
    async fn estimate(
        &self,
        tenant: TenantId,
        account: Option<AccountId>,
        number: &str,
    ) -> StoreResult<Option<Estimate>>;
    /// A tenant's estimates (of one account, if given), with their lines, by id after `after`, at most `limit`.
    async fn estimates_page(
        &self,
        tenant: TenantId,
        account: Option<AccountId>,
        after: Option<i64>,
        limit: i64,
    ) -> StoreResult<Vec<Estimate>>;
    /// Records a customer's decision if the estimate is still open and unexpired (`None` otherwise), with the deposit
    /// invoice (and its `invoice.created`), the `estimate.approved`/`estimate.declined` event and `audit`, in one
    /// transaction.
    async fn decide_estimate(
        &self,
        tenant: TenantId,
        estimate: &Estimate,
        decision: &EstimateDecision,
        decider: &Decider<'_>,
        audit: &NewAuditEntry<'_>,
    ) -> StoreResult<Option<Estimate>>;
}

macro_rules! impl_estimates {
    ($store:ident, $db:ty, $row:ty, $conn:ty) => {
        impl $store {
            fn estimate_from_row(r: &$row) -> StoreResult<Estimate> {
                let cur = currency(r.try_get("currency")?)?;
                let money = |col: &str| -> StoreResult<Money> { Ok(Money::from_minor(r.try_get(col)?, cur)) };
                Ok(Estimate {
                    id: r.try_get("id")?,
                    number: r.try_get("number")?,
                    account_id: AccountId(r.try_get("account_id")?),
                    account_external_id: r.try_get("account_external_id")?,
                    issued_on: r.try_get("issued_on")?,
                    expires_on: r.try_get("expires_on")?,
                    subtotal: money("subtotal_minor")?,
                    tax: money("tax_minor")?,
                    total: money("total_minor")?,
                    deposit: money("deposit_minor")?,
                    terms: r.try_get("terms")?,
                    status: EstimateStatus::parse(r.try_get("status")?)?,
                    approved_name: r.try_get("approved_name")?,
                    decided_by: r.try_get::<Option<i64>, _>("decided_by")?.map(UserId),
                    decided_at: r.try_get("decided_at")?,
                    decided_from: r.try_get("decided_from")?,
                    decline_reason: r.try_get("decline_reason")?,
                    deposit_invoice: r.try_get("deposit_number")?,
                    lines: Vec::new(),
                })
            }

            /// Fills in the estimates' lines: one query.
            async fn with_lines(conn: &mut $conn, tenant: TenantId, mut estimates: Vec<Estimate>) -> StoreResult<Vec<Estimate>> {
                if estimates.is_empty() {
                    return Ok(estimates);
                }
                let mut qb: QueryBuilder<$db> = QueryBuilder::new(
                    "SELECT l.estimate_id, l.description, l.quantity, l.unit_price_minor, l.amount_minor, e.currency \
                     FROM estimate_lines l JOIN estimates e ON e.tenant_id = l.tenant_id AND e.id = l.estimate_id \
                     WHERE l.tenant_id = ",
                );
                qb.push_bind(tenant.0).push(" AND l.estimate_id IN (");
                let mut sep = qb.separated(", ");
                for e in &estimates {
                    sep.push_bind(e.id);
                }
                sep.push_unseparated(") ORDER BY l.estimate_id, l.position");
                let mut by_id: HashMap<i64, usize> = HashMap::new();
                for (i, e) in estimates.iter().enumerate() {
                    by_id.insert(e.id, i);
                }
                for r in qb.build().fetch_all(&mut *conn).await? {
                    let id: i64 = r.try_get("estimate_id")?;
                    if let Some(i) = by_id.get(&id) {
                        estimates[*i].lines.push(Self::line_from_row(&r)?);
                    }
                }
                Ok(estimates)
            }

            /// Upserts the import's estimates on its transaction; refreshes their accounts' counts.
            pub(super) async fn import_estimates(
                conn: &mut $conn,
                tenant: TenantId,
                records: &[EstimateRecord],
                accounts: &mut HashMap<String, i64>,
                at: OffsetDateTime,
            ) -> StoreResult<()> {
                let now = at.unix_timestamp();
                let mut touched = Vec::new();
                for (i, e) in records.iter().enumerate() {
                    let path = format!("estimates[{i}]");
                    let account = Self::account_id(conn, accounts, tenant, &e.account, || format!("{path}.account")).await?;
                    touched.push(account);
                    let stored: Option<(i64, String)> = sqlx::query_as(
                        "SELECT account_id, status FROM estimates WHERE tenant_id = $1 AND number = $2",
                    )
                    .bind(tenant.0)
                    .bind(&e.number)
                    .fetch_optional(&mut *conn)
                    .await?;
                    if let Some((owner, status)) = &stored {
                        if *owner != account {
                            return Err(ImportError::conflict(
                                format!("{path}.account"),
                                format!("estimate {:?} belongs to another account", e.number),
                            )
                            .into());
                        }
                        if e.invoiced && (status == "approved" || status == "invoiced") {
                            sqlx::query(
                                "UPDATE estimates SET status = 'invoiced', updated_at = $3 WHERE tenant_id = $1 AND number = $2",
                            )
                            .bind(tenant.0)
                            .bind(&e.number)
                            .bind(now)
                            .execute(&mut *conn)
                            .await?;
                            continue;
                        }
                        if status != "open" {
                            return Err(ImportError::conflict(
                                format!("{path}.number"),
                                format!("estimate {:?} is {status}: it can't be changed any more", e.number),
                            )
                            .into());
                        }
                    }
                    if e.invoiced {
                        return Err(ImportError::conflict(
                            format!("{path}.status"),
                            format!("estimate {:?} can be marked invoiced only once it is approved", e.number),
                        )
                        .into());
                    }
                    let id: i64 = sqlx::query_scalar(UPSERT_ESTIMATE)
                        .bind(tenant.0)
                        .bind(account)
                        .bind(&e.number)
                        .bind(e.issued_on)
                        .bind(e.expires_on)
                        .bind(e.total.currency().code())
                        .bind(e.subtotal.minor())
                        .bind(e.tax.minor())
                        .bind(e.total.minor())
                        .bind(e.deposit.minor())
                        .bind(&e.terms)
                        .bind(now)
                        .fetch_one(&mut *conn)
                        .await?;
                    sqlx::query("DELETE FROM estimate_lines WHERE tenant_id = $1 AND estimate_id = $2")
                        .bind(tenant.0)
                        .bind(id)
                        .execute(&mut *conn)
                        .await?;
                    let mut qb: QueryBuilder<$db> = QueryBuilder::new(
                        "INSERT INTO estimate_lines (tenant_id, estimate_id, position, description, quantity, \
                         unit_price_minor, amount_minor) ",
                    );
                    qb.push_values(e.lines.iter().enumerate(), |mut b, (pos, l)| {
                        b.push_bind(tenant.0)
                            .push_bind(id)
                            .push_bind(pos as i64)
                            .push_bind(l.description.clone())
                            .push_bind(l.quantity.to_string())
                            .push_bind(l.unit_price.minor())
                            .push_bind(l.amount.minor());
                    });
                    qb.build().execute(&mut *conn).await?;
                }
                touched.sort_unstable();
                touched.dedup();
                for account in touched {
                    sqlx::query(REFRESH_ESTIMATE_COUNT).bind(tenant.0).bind(account).execute(&mut *conn).await?;
                }
                Ok(())
            }

            /// The deposit's invoice: one line, due `due_on`; its `invoice.created`.
            async fn create_deposit_invoice(
                conn: &mut $conn,
                tenant: TenantId,
                estimate: &Estimate,
                (number, due_on): (&str, time::Date),
                at: OffsetDateTime,
            ) -> StoreResult<i64> {
                let id: Option<i64> = sqlx::query_scalar(
                    "INSERT INTO invoices (tenant_id, account_id, number, issued_on, due_on, currency, subtotal_minor, \
                     tax_minor, total_minor, created_at, updated_at) VALUES ($1, $2, $3, $4, $4, $5, $6, 0, $6, $7, $7) \
                     ON CONFLICT (tenant_id, number) DO NOTHING RETURNING id",
                )
                .bind(tenant.0)
                .bind(estimate.account_id.0)
                .bind(number)
                .bind(due_on)
                .bind(estimate.deposit.currency().code())
                .bind(estimate.deposit.minor())
                .bind(at)
                .fetch_optional(&mut *conn)
                .await?;
                let id = id.ok_or_else(|| {
                    StoreError::Conflict(format!("an invoice numbered {number:?} already exists"))
                })?;
                sqlx::query(
                    "INSERT INTO invoice_lines (tenant_id, invoice_id, position, description, quantity, \
                     unit_price_minor, amount_minor) VALUES ($1, $2, 0, $3, '1', $4, $4)",
                )
                .bind(tenant.0)
                .bind(id)
                .bind(format!("Deposit for estimate {}", estimate.number))
                .bind(estimate.deposit.minor())
                .execute(&mut *conn)
                .await?;
                Self::refresh_account_totals(conn, tenant, estimate.account_id.0).await?;
                let event = DomainEvent::InvoiceCreated(InvoiceCreated {
                    number: number.to_string(),
                    account: estimate.account_external_id.clone(),
                    currency: estimate.deposit.currency().code().to_string(),
                    total: estimate.deposit.to_decimal_string(),
                });
                Self::emit_event(conn, tenant, &event, at.unix_timestamp()).await?;
                Ok(id)
            }
        }

        #[async_trait]
        impl EstimateStore for $store {
            async fn estimates(&self, tenant: TenantId, account: AccountId) -> StoreResult<Vec<Estimate>> {
                let rows = sqlx::query(&format!(
                    "SELECT {ESTIMATE_COLUMNS} {ESTIMATES_FROM} WHERE e.tenant_id = $1 AND e.account_id = $2 \
                     ORDER BY e.issued_on DESC, e.id DESC"
                ))
                .bind(tenant.0)
                .bind(account.0)
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(Self::estimate_from_row).collect()
            }

            async fn estimate(
                &self,
                tenant: TenantId,
                account: Option<AccountId>,
                number: &str,
            ) -> StoreResult<Option<Estimate>> {
                let mut conn = self.pool.acquire().await?;
                let row = sqlx::query(&format!(
                    "SELECT {ESTIMATE_COLUMNS} {ESTIMATES_FROM} WHERE e.tenant_id = $1 \
                     AND (e.account_id = $2 OR $2 = 0) AND e.number = $3"
                ))
                .bind(tenant.0)
                .bind(account.map_or(0, |a| a.0))
                .bind(number)
                .fetch_optional(&mut *conn)
                .await?;
                let Some(row) = row else {
                    return Ok(None);
                };
                let estimate = Self::estimate_from_row(&row)?;
                Ok(Self::with_lines(&mut conn, tenant, vec![estimate]).await?.pop())
            }

            async fn estimates_page(
                &self,
                tenant: TenantId,
                account: Option<AccountId>,
                after: Option<i64>,
                limit: i64,
            ) -> StoreResult<Vec<Estimate>> {
                let mut conn = self.pool.acquire().await?;
                let mut qb: QueryBuilder<$db> =
                    QueryBuilder::new(format!("SELECT {ESTIMATE_COLUMNS} {ESTIMATES_FROM} WHERE e.tenant_id = "));
                qb.push_bind(tenant.0).push(" AND e.id > ").push_bind(after.unwrap_or(0));
                if let Some(account) = account {
                    qb.push(" AND e.account_id = ").push_bind(account.0);
                }
                qb.push(" ORDER BY e.id LIMIT ").push_bind(limit);
                let rows = qb.build().fetch_all(&mut *conn).await?;
                let estimates = rows.iter().map(Self::estimate_from_row).collect::<StoreResult<Vec<_>>>()?;
                Self::with_lines(&mut conn, tenant, estimates).await
            }

            async fn decide_estimate(
                &self,
                tenant: TenantId,
                estimate: &Estimate,
                decision: &EstimateDecision,
                decider: &Decider<'_>,
                audit: &NewAuditEntry<'_>,
            ) -> StoreResult<Option<Estimate>> {
                let at = self.now();
                let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                let (status, name, reason) = match decision {
                    EstimateDecision::Approve { name, .. } => ("approved", Some(name.as_str()), None),
                    EstimateDecision::Decline { reason } => ("declined", None, reason.as_deref()),
                };
                let done = sqlx::query(
                    "UPDATE estimates SET status = $3, approved_name = $4, decline_reason = $5, decided_by = $6, \
                     decided_at = $7, decided_from = $8, updated_at = $7 \
                     WHERE tenant_id = $1 AND id = $2 AND status = 'open' AND expires_on >= $9",
                )
                .bind(tenant.0)
                .bind(estimate.id)
                .bind(status)
                .bind(name)
                .bind(reason)
                .bind(decider.user.0)
                .bind(audit.now)
                .bind(decider.from.as_deref())
                .bind(decider.today)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    return Ok(None);
                }
                if let EstimateDecision::Approve { deposit_invoice: Some((number, due_on)), .. } = decision {
                    let invoice = Self::create_deposit_invoice(&mut tx, tenant, estimate, (number, *due_on), at).await?;
                    sqlx::query("UPDATE estimates SET deposit_invoice_id = $3 WHERE tenant_id = $1 AND id = $2")
                        .bind(tenant.0)
                        .bind(estimate.id)
                        .bind(invoice)
                        .execute(&mut *tx)
                        .await?;
                }
                let row = sqlx::query(&format!(
                    "SELECT {ESTIMATE_COLUMNS} {ESTIMATES_FROM} WHERE e.tenant_id = $1 AND e.id = $2"
                ))
                .bind(tenant.0)
                .bind(estimate.id)
                .fetch_one(&mut *tx)
                .await?;
                let mut decided = Self::estimate_from_row(&row)?;
                decided.lines = estimate.lines.clone();
                let payload = EstimateEvent::of(&decided, decider.email);
                let event = match decision {
                    EstimateDecision::Approve { .. } => DomainEvent::EstimateApproved(payload),
                    EstimateDecision::Decline { .. } => DomainEvent::EstimateDeclined(payload),
                };
                Self::emit_event(&mut tx, tenant, &event, audit.now).await?;
                Self::insert_audit(&mut tx, audit).await?;
                tx.commit().await?;
                Ok(Some(decided))
            }
        }
    };
}

#[cfg(feature = "sqlite")]
impl_estimates!(SqliteStore, Sqlite, SqliteRow, SqliteConnection);
#[cfg(feature = "postgres")]
impl_estimates!(PostgresStore, Postgres, PgRow, PgConnection);
