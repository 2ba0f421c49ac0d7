//! Subscriptions: the vendor's upserts (inside the import's transaction) and the customer's changes.

use std::collections::HashMap;

#[cfg(feature = "postgres")]
use sqlx::postgres::PgConnection;
#[cfg(feature = "sqlite")]
use sqlx::sqlite::SqliteConnection;

use super::prelude::*;
use super::saved_methods::SAVED_METHOD_COLUMNS;

const SUBSCRIPTION_COLUMNS: &str = "s.id, s.external_id, s.account_id, s.plan_name, s.quantity, s.unit_amount_minor, \
    s.currency, s.interval_unit, s.interval_count, s.status, s.current_period_start, s.current_period_end, \
    s.cancel_at_period_end, s.canceled_at, s.payment_method_id, s.cancel_reason, s.cancel_comment, \
    a.external_id AS account_external_id";

/// The subscriptions with their accounts (for the account's external id).
const SUBSCRIPTIONS_FROM: &str =
    "FROM subscriptions s JOIN accounts a ON a.tenant_id = s.tenant_id AND a.id = s.account_id";

const UPSERT_SUBSCRIPTION: &str = "INSERT INTO subscriptions (tenant_id, account_id, external_id, plan_name, quantity, \
    unit_amount_minor, currency, interval_unit, interval_count, status, current_period_start, current_period_end, \
    cancel_at_period_end, canceled_at, payment_method_id, created_at, updated_at) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) \
    ON CONFLICT (tenant_id, external_id) DO UPDATE SET plan_name = excluded.plan_name, quantity = excluded.quantity, \
    unit_amount_minor = excluded.unit_amount_minor, currency = excluded.currency, \
    interval_unit = excluded.interval_unit, interval_count = excluded.interval_count, status = excluded.status, \
    current_period_start = excluded.current_period_start, current_period_end = excluded.current_period_end, \
    cancel_at_period_end = excluded.cancel_at_period_end, canceled_at = excluded.canceled_at, \
    payment_method_id = excluded.payment_method_id, updated_at = excluded.updated_at \
    WHERE subscriptions.account_id = excluded.account_id RETURNING id";

const REFRESH_SUBSCRIPTION_COUNT: &str = "UPDATE accounts SET subscription_count = \
    (SELECT COUNT(*) FROM subscriptions s WHERE s.tenant_id = accounts.tenant_id AND s.account_id = accounts.id) \
    WHERE tenant_id = $1 AND id = $2";

/// Subscriptions.
#[async_trait]
pub trait SubscriptionStore: Send + Sync {
    /// An account's subscriptions: running ones first, then ended ones, oldest first within each.
    async fn subscriptions(
        &self,
        tenant: TenantId,
        account: AccountId,
    ) -> StoreResult<Vec<Subscription>>;
    /// A subscription by the vendor's id; with `account`, only if it is that account's.
    async fn subscription(
        &self,
        tenant: TenantId,
        account: Option<AccountId>,
        external_id: &str,
    ) -> StoreResult<Option<Subscription>>;
    /// A tenant's subscriptions (of one account, if given) by internal id after `after`, at most `limit`.
    async fn subscriptions_page(
        &self,
        tenant: TenantId,
        account: Option<AccountId>,
        after: Option<i64>,
        limit: i64,
    ) -> StoreResult<Vec<Subscription>>;
    /// Applies a customer's change, if the subscription still allows it (it may have changed since the page was
    /// shown: `None` then), with its webhook event and audit entry, in one transaction.
    async fn change_subscription(
        &self,
        tenant: TenantId,
        subscription: SubscriptionId,
        change: &SubscriptionChange,
        today: time::Date,
        changed_by: &str,
        audit: &NewAuditEntry<'_>,
    ) -> StoreResult<Option<Subscription>>;
}

macro_rules! impl_subscriptions {
    ($store:ident, $db:ty, $row:ty, $conn:ty) => {
        impl $store {
            fn subscription_from_row(r: &$row, methods: &HashMap<i64, SavedMethod>) -> StoreResult<Subscription> {
                let cur = currency(r.try_get("currency")?)?;
                let count = u32::try_from(r.try_get::<i64, _>("interval_count")?)
                    .map_err(|_| StoreError::Corrupt("interval_count out of range".into()))?;
                Ok(Subscription {
                    id: SubscriptionId(r.try_get("id")?),
                    external_id: r.try_get("external_id")?,
                    account_id: AccountId(r.try_get("account_id")?),
                    account_external_id: r.try_get("account_external_id")?,
                    plan_name: r.try_get("plan_name")?,
                    quantity: u32::try_from(r.try_get::<i64, _>("quantity")?)
                        .map_err(|_| StoreError::Corrupt("quantity out of range".into()))?,
                    unit_amount: Money::from_minor(r.try_get("unit_amount_minor")?, cur),
                    interval: BillingInterval::parse(r.try_get("interval_unit")?, count)?,
                    status: SubscriptionStatus::parse(r.try_get("status")?)?,
                    current_period_start: r.try_get("current_period_start")?,
                    current_period_end: r.try_get("current_period_end")?,
                    cancel_at_period_end: r.try_get("cancel_at_period_end")?,
                    canceled_at: r.try_get("canceled_at")?,
                    payment_method: r
                        .try_get::<Option<i64>, _>("payment_method_id")?
                        .and_then(|id| methods.get(&id).cloned()),
                    cancel_reason: r
                        .try_get::<Option<String>, _>("cancel_reason")?
                        .map(|r| CancelReason::parse(&r))
                        .transpose()?,
                    cancel_comment: r.try_get("cancel_comment")?,
                })
            }

            /// The saved methods (not removed) the rows point at, by id: one query.
            async fn methods_of(conn: &mut $conn, tenant: TenantId, rows: &[$row]) -> StoreResult<HashMap<i64, SavedMethod>> {
                let mut ids: Vec<i64> = rows
                    .iter()
                    .filter_map(|r| r.try_get::<Option<i64>, _>("payment_method_id").ok().flatten())
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                if ids.is_empty() {
                    return Ok(HashMap::new());
                }
                let mut qb: QueryBuilder<$db> = QueryBuilder::new(format!(
                    "SELECT {SAVED_METHOD_COLUMNS} FROM saved_methods WHERE removed_at IS NULL AND tenant_id = "
                ));
                qb.push_bind(tenant.0).push(" AND id IN (");
                let mut sep = qb.separated(", ");
                for id in &ids {
                    sep.push_bind(*id);
                }
                sep.push_unseparated(")");
                qb.build()
                    .fetch_all(&mut *conn)
                    .await?
                    .iter()
                    .map(|r| Ok((r.try_get("id")?, Self::saved_method_from_row(r)?)))
                    .collect()
            }

            async fn read_subscriptions(conn: &mut $conn, tenant: TenantId, rows: Vec<$row>) -> StoreResult<Vec<Subscription>> {
                let methods = Self::methods_of(conn, tenant, &rows).await?;
                rows.iter().map(|r| Self::subscription_from_row(r, &methods)).collect()
            }

            /// Upserts the import's subscriptions on its transaction; refreshes their accounts' counts.
            pub(super) async fn import_subscriptions(
                conn: &mut $conn,
                tenant: TenantId,
                records: &[SubscriptionRecord],
                accounts: &mut HashMap<String, i64>,
                at: OffsetDateTime,
            ) -> StoreResult<()> {
                let mut touched = Vec::new();
                for (i, s) in records.iter().enumerate() {
                    let path = format!("subscriptions[{i}]");
                    let account = Self::account_id(conn, accounts, tenant, &s.account, || format!("{path}.account")).await?;
                    let method: Option<i64> = match &s.payment_method {
                        None => None,
                        Some(public_id) => Some(
                            sqlx::query_scalar(
                                "SELECT id FROM saved_methods WHERE tenant_id = $1 AND account_id = $2 \
                                 AND public_id = $3 AND removed_at IS NULL",
                            )
                            .bind(tenant.0)
                            .bind(account)
                            .bind(public_id)
                            .fetch_optional(&mut *conn)
                            .await?
                            .ok_or_else(|| {
                                ImportError::unknown(
                                    format!("{path}.payment_method"),
                                    format!("account {:?} has no saved payment method {public_id:?}", s.account),
                                )
                            })?,
                        ),
                    };
                    let id: Option<i64> = sqlx::query_scalar(UPSERT_SUBSCRIPTION)
                        .bind(tenant.0)
                        .bind(account)
                        .bind(&s.external_id)
                        .bind(&s.plan_name)
                        .bind(i64::from(s.quantity))
                        .bind(s.unit_amount.minor())
                        .bind(s.unit_amount.currency().code())
                        .bind(s.interval.unit_str())
                        .bind(i64::from(s.interval.count))
                        .bind(s.status.as_str())
                        .bind(s.current_period_start)
                        .bind(s.current_period_end)
                        .bind(s.cancel_at_period_end)
                        .bind(s.canceled_at)
                        .bind(method)
                        .bind(at.unix_timestamp())
                        .fetch_optional(&mut *conn)
                        .await?;
                    if id.is_none() {
                        return Err(ImportError::conflict(
                            format!("{path}.account"),
                            format!("subscription {:?} belongs to another account", s.external_id),
                        )
                        .into());
                    }
                    touched.push(account);
                }
                touched.sort_unstable();
                touched.dedup();
                for account in touched {
                    sqlx::query(REFRESH_SUBSCRIPTION_COUNT).bind(tenant.0).bind(account).execute(&mut *conn).await?;
                }
                Ok(())
            }
        }

        #[async_trait]
        impl SubscriptionStore for $store {
            async fn subscriptions(&self, tenant: TenantId, account: AccountId) -> StoreResult<Vec<Subscription>> {
                let mut conn = self.pool.acquire().await?;
                let rows = sqlx::query(&format!(
                    "SELECT {SUBSCRIPTION_COLUMNS} {SUBSCRIPTIONS_FROM} WHERE s.tenant_id = $1 AND s.account_id = $2 \
                     ORDER BY CASE WHEN s.status = 'canceled' THEN 1 ELSE 0 END, s.id"
                ))
                .bind(tenant.0)
                .bind(account.0)
                .fetch_all(&mut *conn)
                .await?;
                Self::read_subscriptions(&mut conn, tenant, rows).await
            }

            async fn subscription(
                &self,
                tenant: TenantId,
                account: Option<AccountId>,
                external_id: &str,
            ) -> StoreResult<Option<Subscription>> {
                let mut conn = self.pool.acquire().await?;
                let rows = sqlx::query(&format!(
                    "SELECT {SUBSCRIPTION_COLUMNS} {SUBSCRIPTIONS_FROM} WHERE s.tenant_id = $1 \
                     AND (s.account_id = $2 OR $2 = 0) AND s.external_id = $3"
                ))
                .bind(tenant.0)
                .bind(account.map_or(0, |a| a.0))
                .bind(external_id)
                .fetch_all(&mut *conn)
                .await?;
                Ok(Self::read_subscriptions(&mut conn, tenant, rows).await?.into_iter().next())
            }

            async fn subscriptions_page(
                &self,
                tenant: TenantId,
                account: Option<AccountId>,
                after: Option<i64>,
                limit: i64,
            ) -> StoreResult<Vec<Subscription>> {
                let mut conn = self.pool.acquire().await?;
                let mut qb: QueryBuilder<$db> = QueryBuilder::new(format!(
                    "SELECT {SUBSCRIPTION_COLUMNS} {SUBSCRIPTIONS_FROM} WHERE s.tenant_id = "
                ));
                qb.push_bind(tenant.0).push(" AND s.id > ").push_bind(after.unwrap_or(0));
                if let Some(account) = account {
                    qb.push(" AND s.account_id = ").push_bind(account.0);
                }
                qb.push(" ORDER BY s.id LIMIT ").push_bind(limit);
                let rows = qb.build().fetch_all(&mut *conn).await?;
                Self::read_subscriptions(&mut conn, tenant, rows).await
            }

            async fn change_subscription(
                &self,
                tenant: TenantId,
                subscription: SubscriptionId,
                change: &SubscriptionChange,
                today: time::Date,
                changed_by: &str,
                audit: &NewAuditEntry<'_>,
            ) -> StoreResult<Option<Subscription>> {
                let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                let now = audit.now;
                let running = "tenant_id = $1 AND id = $2 AND status <> 'canceled'";
                let done = match change {
                    SubscriptionChange::Cancel { immediately, reason, comment } => {
                        let sql = if *immediately {
                            format!(
                                "UPDATE subscriptions SET status = 'canceled', canceled_at = $3, cancel_reason = $4, \
                                 cancel_comment = $5, updated_at = $3 WHERE {running} AND NOT cancel_at_period_end"
                            )
                        } else {
                            format!(
                                "UPDATE subscriptions SET cancel_at_period_end = TRUE, cancel_reason = $4, \
                                 cancel_comment = $5, updated_at = $3 WHERE {running} AND NOT cancel_at_period_end"
                            )
                        };
                        sqlx::query(&sql)
                            .bind(tenant.0)
                            .bind(subscription.0)
                            .bind(now)
                            .bind(reason.map(|r| r.as_str()))
                            .bind(comment.as_deref())
                            .execute(&mut *tx)
                            .await?
                    }
                    SubscriptionChange::Resume => {
                        sqlx::query(&format!(
                            "UPDATE subscriptions SET cancel_at_period_end = FALSE, cancel_reason = NULL, \
                             cancel_comment = NULL, updated_at = $3 WHERE {running} AND cancel_at_period_end \
                             AND current_period_end > $4"
                        ))
                        .bind(tenant.0)
                        .bind(subscription.0)
                        .bind(now)
                        .bind(today)
                        .execute(&mut *tx)
                        .await?
                    }
                    SubscriptionChange::PaymentMethod(method) => {
                        sqlx::query(&format!(
                            "UPDATE subscriptions SET payment_method_id = $4, updated_at = $3 WHERE {running} \
                             AND EXISTS (SELECT 1 FROM saved_methods m WHERE m.id = $4 AND m.tenant_id = $1 \
                             AND m.account_id = subscriptions.account_id AND m.removed_at IS NULL)"
                        ))
                        .bind(tenant.0)
                        .bind(subscription.0)
                        .bind(now)
                        .bind(*method)
                        .execute(&mut *tx)
                        .await?
                    }
                };
                if done.rows_affected() == 0 {
                    return Ok(None);
                }
                let rows = sqlx::query(&format!(
                    "SELECT {SUBSCRIPTION_COLUMNS} {SUBSCRIPTIONS_FROM} WHERE s.tenant_id = $1 AND s.id = $2"
                ))
                .bind(tenant.0)
                .bind(subscription.0)
                .fetch_all(&mut *tx)
                .await?;
                let Some(changed) = Self::read_subscriptions(&mut tx, tenant, rows).await?.into_iter().next() else {
                    return Ok(None);
                };
                let payload = SubscriptionEvent::of(&changed, changed_by);
                let event = match change {
                    SubscriptionChange::Cancel { .. } => DomainEvent::SubscriptionCancelRequested(payload),
                    SubscriptionChange::Resume => DomainEvent::SubscriptionResumed(payload),
                    SubscriptionChange::PaymentMethod(_) => DomainEvent::SubscriptionPaymentMethodChanged(payload),
                };
                Self::emit_event(&mut tx, tenant, &event, now).await?;
                Self::insert_audit(&mut tx, audit).await?;
                tx.commit().await?;
                Ok(Some(changed))
            }
        }
    };
}

#[cfg(feature = "sqlite")]
impl_subscriptions!(SqliteStore, Sqlite, SqliteRow, SqliteConnection);
#[cfg(feature = "postgres")]
impl_subscriptions!(PostgresStore, Postgres, PgRow, PgConnection);
