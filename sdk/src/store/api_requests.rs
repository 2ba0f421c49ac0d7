//! The API's idempotency records and rate-limit counters, and retention purges.

use super::prelude::*;

/// The API's idempotency records and rate-limit counters, and retention purges.
#[async_trait]
pub trait ApiRequestStore: Send + Sync {
    /// Deletes records past their retention: idempotency records, events whose deliveries have all finished (with
    /// those deliveries and their attempts) and long-expired sign-in links, each older than its cutoff. The audit
    /// log, payments and invoices are kept.
    async fn purge_history(&self, before: &PurgeBefore) -> StoreResult<Purged>;
    /// Adds `requests` API requests of the key (`key_hash`) to the minute starting at `window_start` (Unix
    /// seconds) and returns the minute's count so far, shared by every host process on this database.
    async fn count_api_requests(
        &self,
        tenant: TenantId,
        key_hash: &[u8; 32],
        window_start: i64,
        requests: i64,
    ) -> StoreResult<i64>;
    /// Claims an idempotency key for a request with this fingerprint.
    async fn begin_api_request(
        &self,
        tenant: TenantId,
        key: &str,
        request_hash: &[u8; 32],
        now: i64,
    ) -> StoreResult<IdempotentRequest>;
    /// Records the response to replay for the key.
    async fn finish_api_request(
        &self,
        tenant: TenantId,
        key: &str,
        status: u16,
        body: &str,
    ) -> StoreResult<()>;
    /// Lets the key be used again (the request failed on our side, so a retry should run it).
    async fn forget_api_request(&self, tenant: TenantId, key: &str) -> StoreResult<()>;
}

macro_rules! impl_api_requests {
    ($store:ident, $db:ty, $row:ty, $conn:ty) => {
        #[async_trait]
        impl ApiRequestStore for $store {
            async fn purge_history(&self, before: &PurgeBefore) -> StoreResult<Purged> {
                let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                let api_requests = sqlx::query("DELETE FROM api_requests WHERE created_at < $1")
                    .bind(before.api_requests)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                // An event goes once none of its deliveries is pending: attempts, deliveries, then the event.
                let finished = "SELECT e.id FROM events e WHERE e.created_at < $1 AND NOT EXISTS \
                     (SELECT 1 FROM webhook_deliveries p WHERE p.event_id = e.id AND p.status = 'pending')";
                sqlx::query(&format!(
                    "DELETE FROM webhook_attempts WHERE delivery_id IN \
                     (SELECT d.id FROM webhook_deliveries d WHERE d.event_id IN ({finished}))"
                ))
                .bind(before.events)
                .execute(&mut *tx)
                .await?;
                sqlx::query(&format!("DELETE FROM webhook_deliveries WHERE event_id IN ({finished})"))
                    .bind(before.events)
                    .execute(&mut *tx)
                    .await?;
                let events = sqlx::query(&format!("DELETE FROM events WHERE id IN ({finished})"))
                    .bind(before.events)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                let sign_in_links = sqlx::query("DELETE FROM sign_in_links WHERE expires_at < $1")
                    .bind(before.sign_in_links)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                sqlx::query("DELETE FROM api_rate_windows WHERE window_start < $1")
                    .bind(before.rate_windows)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(Purged { api_requests, events, sign_in_links })
            }

            async fn count_api_requests(&self, tenant: TenantId, key_hash: &[u8; 32], window_start: i64, requests: i64) -> StoreResult<i64> {
                Ok(sqlx::query_scalar(
                    "INSERT INTO api_rate_windows (tenant_id, key_hash, window_start, count) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (tenant_id, key_hash, window_start) DO UPDATE SET count = api_rate_windows.count + $4 \
                     RETURNING count",
                )
                .bind(tenant.0)
                .bind(&key_hash[..])
                .bind(window_start)
                .bind(requests)
                .fetch_one(&self.pool)
                .await?)
            }

            async fn begin_api_request(&self, tenant: TenantId, key: &str, request_hash: &[u8; 32], now: i64) -> StoreResult<IdempotentRequest> {
                let claimed = sqlx::query(
                    "INSERT INTO api_requests (tenant_id, idempotency_key, request_hash, created_at) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (tenant_id, idempotency_key) DO NOTHING",
                )
                .bind(tenant.0)
                .bind(key)
                .bind(&request_hash[..])
                .bind(now)
                .execute(&self.pool)
                .await?;
                if claimed.rows_affected() == 1 {
                    return Ok(IdempotentRequest::New);
                }
                let row: Option<(Vec<u8>, Option<i64>, Option<String>)> = sqlx::query_as(
                    "SELECT request_hash, status_code, response_body FROM api_requests WHERE tenant_id = $1 AND idempotency_key = $2",
                )
                .bind(tenant.0)
                .bind(key)
                .fetch_optional(&self.pool)
                .await?;
                Ok(match row {
                    // Forgotten in between: the caller may retry.
                    None => IdempotentRequest::InProgress,
                    Some((hash, _, _)) if hash != request_hash[..] => IdempotentRequest::Mismatch,
                    Some((_, Some(status), Some(body))) => IdempotentRequest::Replay {
                        status: u16::try_from(status).unwrap_or(500),
                        body,
                    },
                    Some(_) => IdempotentRequest::InProgress,
                })
            }

            async fn finish_api_request(&self, tenant: TenantId, key: &str, status: u16, body: &str) -> StoreResult<()> {
                sqlx::query(
                    "UPDATE api_requests SET status_code = $3, response_body = $4 WHERE tenant_id = $1 AND idempotency_key = $2",
                )
                .bind(tenant.0)
                .bind(key)
                .bind(i64::from(status))
                .bind(body)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn forget_api_request(&self, tenant: TenantId, key: &str) -> StoreResult<()> {
                sqlx::query("DELETE FROM api_requests WHERE tenant_id = $1 AND idempotency_key = $2")
                    .bind(tenant.0)
                    .bind(key)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }
        }
    };
}

#[cfg(feature = "sqlite")]
impl_api_requests!(SqliteStore, Sqlite, SqliteRow, SqliteConnection);
#[cfg(feature = "postgres")]
impl_api_requests!(PostgresStore, Postgres, PgRow, PgConnection);
