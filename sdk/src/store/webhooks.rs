//! Webhook endpoints, events and their deliveries.

use super::prelude::*;

/// Webhook endpoints, events and their deliveries.
#[async_trait]
pub trait WebhookStore: Send + Sync {
    /// Records `event` (for webhooks and the API's event list) with `audit`, together.
    async fn record_event(
        &self,
        tenant: TenantId,
        event: &DomainEvent,
        audit: &NewAuditEntry<'_>,
    ) -> StoreResult<()>;
    /// Creates a webhook endpoint with its sealed signing secret.
    async fn create_webhook_endpoint(
        &self,
        tenant: TenantId,
        public_id: &str,
        url: &str,
        events: &[String],
        sealed_secret: &[u8],
        now: i64,
    ) -> StoreResult<WebhookEndpoint>;
    /// The tenant's webhook endpoints, oldest first.
    async fn webhook_endpoints(&self, tenant: TenantId) -> StoreResult<Vec<WebhookEndpoint>>;
    /// Disables an endpoint (its pending deliveries stop). `false` if it is not the tenant's or already disabled.
    async fn disable_webhook_endpoint(
        &self,
        tenant: TenantId,
        public_id: &str,
        reason: &str,
        now: i64,
    ) -> StoreResult<bool>;
    /// A tenant's events, oldest first, after `after`.
    async fn events_page(
        &self,
        tenant: TenantId,
        after: Option<i64>,
        limit: i64,
    ) -> StoreResult<Vec<Event>>;
    /// Claims up to `limit` due deliveries for `lease_secs` (several workers never claim one delivery at once:
    /// `FOR UPDATE SKIP LOCKED` on PostgreSQL, the single writer on SQLite).
    async fn claim_deliveries(
        &self,
        now: i64,
        limit: i64,
        lease_secs: i64,
    ) -> StoreResult<Vec<DueDelivery>>;
    /// Logs an attempt and moves the delivery on.
    async fn record_delivery(
        &self,
        delivery: &DueDelivery,
        status_code: Option<u16>,
        error: Option<&str>,
        result: DeliveryResult,
        now: i64,
    ) -> StoreResult<()>;
    /// An endpoint's delivery log, newest first.
    async fn delivery_attempts(
        &self,
        tenant: TenantId,
        endpoint_public_id: &str,
        limit: i64,
    ) -> StoreResult<Vec<DeliveryAttempt>>;
}

macro_rules! impl_webhooks {
    ($store:ident, $db:ty, $row:ty, $conn:ty) => {
        #[async_trait]
        impl WebhookStore for $store {
            async fn record_event(&self, tenant: TenantId, event: &DomainEvent, audit: &NewAuditEntry<'_>) -> StoreResult<()> {
                let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                Self::emit_event(&mut tx, tenant, event, audit.now).await?;
                Self::insert_audit(&mut tx, audit).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn create_webhook_endpoint(
                &self,
                tenant: TenantId,
                public_id: &str,
                url: &str,
                events: &[String],
                sealed_secret: &[u8],
                now: i64,
            ) -> StoreResult<WebhookEndpoint> {
                let row = sqlx::query(
                    "INSERT INTO webhook_endpoints (public_id, tenant_id, url, events, sealed_secret, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6) \
                     RETURNING id, public_id, url, events, sealed_secret, created_at, disabled_at, disabled_reason",
                )
                .bind(public_id)
                .bind(tenant.0)
                .bind(url)
                .bind(events.join(","))
                .bind(sealed_secret)
                .bind(now)
                .fetch_one(&self.pool)
                .await?;
                Self::endpoint_from_row(&row)
            }

            async fn webhook_endpoints(&self, tenant: TenantId) -> StoreResult<Vec<WebhookEndpoint>> {
                let rows = sqlx::query(
                    "SELECT id, public_id, url, events, sealed_secret, created_at, disabled_at, disabled_reason \
                     FROM webhook_endpoints WHERE tenant_id = $1 ORDER BY id",
                )
                .bind(tenant.0)
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(Self::endpoint_from_row).collect()
            }

            async fn disable_webhook_endpoint(&self, tenant: TenantId, public_id: &str, reason: &str, now: i64) -> StoreResult<bool> {
                let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                let id: Option<i64> = sqlx::query_scalar(
                    "UPDATE webhook_endpoints SET disabled_at = $3, disabled_reason = $4 \
                     WHERE tenant_id = $1 AND public_id = $2 AND disabled_at IS NULL RETURNING id",
                )
                .bind(tenant.0)
                .bind(public_id)
                .bind(now)
                .bind(reason)
                .fetch_optional(&mut *tx)
                .await?;
                let Some(id) = id else {
                    return Ok(false);
                };
                sqlx::query("UPDATE webhook_deliveries SET status = 'failed' WHERE endpoint_id = $1 AND status = 'pending'")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn events_page(&self, tenant: TenantId, after: Option<i64>, limit: i64) -> StoreResult<Vec<Event>> {
                let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(
                    "SELECT id, type, payload, created_at FROM events WHERE tenant_id = $1 AND id > $2 ORDER BY id LIMIT $3",
                )
                .bind(tenant.0)
                .bind(after.unwrap_or(0))
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(id, kind, payload, created_at)| Event { id, kind, payload, created_at })
                    .collect())
            }

            async fn claim_deliveries(&self, now: i64, limit: i64, lease_secs: i64) -> StoreResult<Vec<DueDelivery>> {
                let sql = format!(
                    "UPDATE webhook_deliveries SET locked_until = $2 WHERE id IN (\
                     SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= $1 \
                     AND (locked_until IS NULL OR locked_until <= $1) ORDER BY next_attempt_at, id LIMIT $3 {}) \
                     RETURNING id",
                    <$store as Dialect>::SKIP_LOCKED
                );
                let ids: Vec<i64> = sqlx::query_scalar(&sql)
                    .bind(now)
                    .bind(now + lease_secs)
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await?;
                if ids.is_empty() {
                    return Ok(Vec::new());
                }
                // What the claimed deliveries need, in one query.
                let mut qb: QueryBuilder<$db> = QueryBuilder::new(
                    "SELECT d.id AS delivery_id, d.tenant_id, d.attempts, e.id AS event_id, e.type, e.payload, \
                     e.created_at AS event_created_at, w.id, w.public_id, w.url, w.events, w.sealed_secret, \
                     w.created_at, w.disabled_at, w.disabled_reason \
                     FROM webhook_deliveries d JOIN events e ON e.id = d.event_id \
                     JOIN webhook_endpoints w ON w.id = d.endpoint_id WHERE d.id IN (",
                );
                let mut listed = qb.separated(", ");
                for id in &ids {
                    listed.push_bind(*id);
                }
                listed.push_unseparated(") ORDER BY d.next_attempt_at, d.id");
                let rows = qb.build().fetch_all(&self.pool).await?;
                rows.iter()
                    .map(|row| {
                        Ok(DueDelivery {
                            id: row.try_get("delivery_id")?,
                            tenant_id: TenantId(row.try_get("tenant_id")?),
                            attempts: row.try_get("attempts")?,
                            event: Event {
                                id: row.try_get("event_id")?,
                                kind: row.try_get("type")?,
                                payload: row.try_get("payload")?,
                                created_at: row.try_get("event_created_at")?,
                            },
                            endpoint: Self::endpoint_from_row(row)?,
                        })
                    })
                    .collect()
            }

            async fn record_delivery(
                &self,
                delivery: &DueDelivery,
                status_code: Option<u16>,
                error: Option<&str>,
                result: DeliveryResult,
                now: i64,
            ) -> StoreResult<()> {
                let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                sqlx::query(
                    "INSERT INTO webhook_attempts (delivery_id, tenant_id, endpoint_id, attempt, status_code, error, at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(delivery.id)
                .bind(delivery.tenant_id.0)
                .bind(delivery.endpoint.id)
                .bind(delivery.attempts + 1)
                .bind(status_code.map(i64::from))
                .bind(error)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                let (status, next, delivered) = match result {
                    DeliveryResult::Delivered => ("delivered", now, Some(now)),
                    DeliveryResult::Retry { at } => ("pending", at, None),
                    DeliveryResult::GaveUp | DeliveryResult::Gone => ("failed", now, None),
                };
                sqlx::query(
                    "UPDATE webhook_deliveries SET status = $2, attempts = attempts + 1, next_attempt_at = $3, \
                     delivered_at = $4, locked_until = NULL WHERE id = $1",
                )
                .bind(delivery.id)
                .bind(status)
                .bind(next)
                .bind(delivered)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                if result == DeliveryResult::Gone {
                    self.disable_webhook_endpoint(
                        delivery.tenant_id,
                        &delivery.endpoint.public_id,
                        "the endpoint answered 410 Gone",
                        now,
                    )
                    .await?;
                }
                Ok(())
            }

            async fn delivery_attempts(&self, tenant: TenantId, endpoint_public_id: &str, limit: i64) -> StoreResult<Vec<DeliveryAttempt>> {
                let rows: Vec<(i64, i64, Option<i64>, Option<String>, i64)> = sqlx::query_as(
                    "SELECT d.event_id, a.attempt, a.status_code, a.error, a.at FROM webhook_attempts a \
                     JOIN webhook_deliveries d ON d.id = a.delivery_id \
                     JOIN webhook_endpoints w ON w.id = a.endpoint_id \
                     WHERE a.tenant_id = $1 AND w.public_id = $2 ORDER BY a.id DESC LIMIT $3",
                )
                .bind(tenant.0)
                .bind(endpoint_public_id)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(event_id, attempt, status_code, error, at)| DeliveryAttempt { event_id, attempt, status_code, error, at })
                    .collect())
            }
        }
    };
}

#[cfg(feature = "sqlite")]
impl_webhooks!(SqliteStore, Sqlite, SqliteRow, SqliteConnection);
#[cfg(feature = "postgres")]
impl_webhooks!(PostgresStore, Postgres, PgRow, PgConnection);
