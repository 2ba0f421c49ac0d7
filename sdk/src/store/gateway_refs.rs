//! What a remote gateway keeps in the store: its own id for each charge attempt, so reconciliation can ask it
//! later. A gateway sees only this trait, not the whole store.

use super::prelude::*;

/// The gateway's references for charge attempts, keyed by the attempt's idempotency key.
#[async_trait]
pub trait GatewayRefs: Send + Sync {
    /// Records the gateway's own id (Stripe PaymentIntent, Authorize.Net transId) for the attempt keyed
    /// `idempotency_key`, so reconciliation can ask the gateway about it.
    async fn set_gateway_ref(
        &self,
        tenant: TenantId,
        idempotency_key: &str,
        reference: &str,
    ) -> StoreResult<()>;
    /// The gateway's id recorded for the attempt keyed `idempotency_key`.
    async fn gateway_ref(
        &self,
        tenant: TenantId,
        idempotency_key: &str,
    ) -> StoreResult<Option<String>>;
    /// The type (card, ach…) of the payment keyed `idempotency_key`.
    async fn payment_kind_by_key(
        &self,
        tenant: TenantId,
        idempotency_key: &str,
    ) -> StoreResult<Option<PaymentType>>;
}

macro_rules! impl_gateway_refs {
    ($store:ident, $db:ty, $row:ty, $conn:ty) => {
        #[async_trait]
        impl GatewayRefs for $store {
            async fn set_gateway_ref(&self, tenant: TenantId, idempotency_key: &str, reference: &str) -> StoreResult<()> {
                sqlx::query("UPDATE payments SET gateway_ref = $3 WHERE tenant_id = $1 AND external_id = $2")
                    .bind(tenant.0)
                    .bind(idempotency_key)
                    .bind(reference)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn gateway_ref(&self, tenant: TenantId, idempotency_key: &str) -> StoreResult<Option<String>> {
                Ok(sqlx::query_scalar::<_, Option<String>>(
                    "SELECT gateway_ref FROM payments WHERE tenant_id = $1 AND external_id = $2",
                )
                .bind(tenant.0)
                .bind(idempotency_key)
                .fetch_optional(&self.pool)
                .await?
                .flatten())
            }

            async fn payment_kind_by_key(&self, tenant: TenantId, idempotency_key: &str) -> StoreResult<Option<PaymentType>> {
                let kind: Option<String> =
                    sqlx::query_scalar("SELECT kind FROM payments WHERE tenant_id = $1 AND external_id = $2")
                        .bind(tenant.0)
                        .bind(idempotency_key)
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(kind.map(|k| PaymentType::parse(&k)).transpose()?)
            }
        }
    };
}

#[cfg(feature = "sqlite")]
impl_gateway_refs!(SqliteStore, Sqlite, SqliteRow, SqliteConnection);
#[cfg(feature = "postgres")]
impl_gateway_refs!(PostgresStore, Postgres, PgRow, PgConnection);
