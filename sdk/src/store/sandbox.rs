//! The built-in sandbox gateway's own records: its tokens and charges.

use super::prelude::*;

/// The built-in sandbox gateway's own records: its tokens and charges.
#[async_trait]
pub trait SandboxLedger: Send + Sync {
    /// Stores a sandbox token for a test card or bank account.
    async fn sandbox_store_token(
        &self,
        tenant: TenantId,
        token: &str,
        kind: &str,
        label: &str,
        outcome: &str,
        expiry: Option<&str>,
    ) -> StoreResult<()>;
    /// `(kind, label, outcome)` of a token.
    async fn sandbox_token(
        &self,
        tenant: TenantId,
        token: &str,
    ) -> StoreResult<Option<(String, String, String)>>;
    /// Records a charge once per idempotency key; returns the recorded `(transaction id, outcome)`.
    async fn sandbox_record_charge(
        &self,
        tenant: TenantId,
        idempotency_key: &str,
        transaction_id: &str,
        token: &str,
        amount: Money,
        outcome: &str,
    ) -> StoreResult<(String, String)>;
    /// The charge recorded for an idempotency key, if any: `(transaction id, outcome)`.
    async fn sandbox_charge(
        &self,
        tenant: TenantId,
        idempotency_key: &str,
    ) -> StoreResult<Option<(String, String)>>;
    /// A test card's expiry, `MM/YYYY`.
    async fn sandbox_token_expiry(
        &self,
        tenant: TenantId,
        token: &str,
    ) -> StoreResult<Option<String>>;
    /// Forgets a saved test card or account (it can no longer be charged); `false` if it was already gone.
    async fn sandbox_remove_token(&self, tenant: TenantId, token: &str) -> StoreResult<bool>;
    /// How many charges the sandbox recorded for a tenant (tests).
    async fn sandbox_charge_count(&self, tenant: TenantId) -> StoreResult<i64>;
}

macro_rules! impl_sandbox {
    ($store:ident, $db:ty, $row:ty, $conn:ty) => {
        #[async_trait]
        impl SandboxLedger for $store {
            async fn sandbox_store_token(
                &self,
                tenant: TenantId,
                token: &str,
                kind: &str,
                label: &str,
                outcome: &str,
                expiry: Option<&str>,
            ) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO sandbox_tokens (token, tenant_id, kind, label, outcome, created_at, expiry) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7)",
                )
                .bind(token)
                .bind(tenant.0)
                .bind(kind)
                .bind(label)
                .bind(outcome)
                .bind(self.now().unix_timestamp())
                .bind(expiry)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn sandbox_token(&self, tenant: TenantId, token: &str) -> StoreResult<Option<(String, String, String)>> {
                Ok(sqlx::query_as("SELECT kind, label, outcome FROM sandbox_tokens WHERE tenant_id = $1 AND token = $2 AND removed_at IS NULL")
                    .bind(tenant.0)
                    .bind(token)
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn sandbox_record_charge(
                &self,
                tenant: TenantId,
                idempotency_key: &str,
                transaction_id: &str,
                token: &str,
                amount: Money,
                outcome: &str,
            ) -> StoreResult<(String, String)> {
                sqlx::query(
                    "INSERT INTO sandbox_charges (tenant_id, idempotency_key, transaction_id, token, amount_minor, \
                     currency, outcome, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
                     ON CONFLICT (tenant_id, idempotency_key) DO NOTHING",
                )
                .bind(tenant.0)
                .bind(idempotency_key)
                .bind(transaction_id)
                .bind(token)
                .bind(amount.minor())
                .bind(amount.currency().code())
                .bind(outcome)
                .bind(self.now().unix_timestamp())
                .execute(&self.pool)
                .await?;
                self.sandbox_charge(tenant, idempotency_key)
                    .await?
                    .ok_or_else(|| StoreError::Corrupt("sandbox charge vanished".into()))
            }

            async fn sandbox_charge(&self, tenant: TenantId, idempotency_key: &str) -> StoreResult<Option<(String, String)>> {
                Ok(sqlx::query_as(
                    "SELECT transaction_id, outcome FROM sandbox_charges WHERE tenant_id = $1 AND idempotency_key = $2",
                )
                .bind(tenant.0)
                .bind(idempotency_key)
                .fetch_optional(&self.pool)
                .await?)
            }

            async fn sandbox_token_expiry(&self, tenant: TenantId, token: &str) -> StoreResult<Option<String>> {
                Ok(sqlx::query_scalar::<_, Option<String>>(
                    "SELECT expiry FROM sandbox_tokens WHERE tenant_id = $1 AND token = $2",
                )
                .bind(tenant.0)
                .bind(token)
                .fetch_optional(&self.pool)
                .await?
                .flatten())
            }

            async fn sandbox_remove_token(&self, tenant: TenantId, token: &str) -> StoreResult<bool> {
                let done = sqlx::query(
                    "UPDATE sandbox_tokens SET removed_at = $3 WHERE tenant_id = $1 AND token = $2 AND removed_at IS NULL",
                )
                .bind(tenant.0)
                .bind(token)
                .bind(self.now().unix_timestamp())
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn sandbox_charge_count(&self, tenant: TenantId) -> StoreResult<i64> {
                Ok(sqlx::query_scalar("SELECT COUNT(*) FROM sandbox_charges WHERE tenant_id = $1")
                    .bind(tenant.0)
                    .fetch_one(&self.pool)
                    .await?)
            }
        }
    };
}

#[cfg(feature = "sqlite")]
impl_sandbox!(SqliteStore, Sqlite, SqliteRow, SqliteConnection);
#[cfg(feature = "postgres")]
impl_sandbox!(PostgresStore, Postgres, PgRow, PgConnection);
