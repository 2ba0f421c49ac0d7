//! Saved payment methods and the gateway customers they belong to.

use super::prelude::*;

pub(super) const SAVED_METHOD_COLUMNS: &str =
    "id, public_id, account_id, gateway, customer_ref, reference, kind, brand, last4, \
    exp_month, exp_year, is_default, created_at";

/// Saved payment methods and the gateway customers they belong to.
#[async_trait]
pub trait SavedMethodStore: Send + Sync {
    /// An account's saved methods, the default first, then newest first.
    async fn saved_methods(
        &self,
        tenant: TenantId,
        account: AccountId,
    ) -> StoreResult<Vec<SavedMethod>>;
    /// An account's saved method by its public id (not removed).
    async fn saved_method(
        &self,
        tenant: TenantId,
        account: AccountId,
        public_id: &str,
    ) -> StoreResult<Option<SavedMethod>>;
    /// Saves a method (the account's first becomes its default) and audits it, in one transaction. A method the
    /// account already keeps (same gateway and reference) is returned as it is, not kept twice.
    async fn add_saved_method(
        &self,
        method: &NewSavedMethod,
        audit: &NewAuditEntry<'_>,
    ) -> StoreResult<SavedMethod>;
    /// Removes a method (a removed default hands over to the newest other method) and audits it. `false` if it
    /// was already gone.
    async fn remove_saved_method(
        &self,
        tenant: TenantId,
        account: AccountId,
        id: i64,
        audit: &NewAuditEntry<'_>,
    ) -> StoreResult<bool>;
    /// Makes a method the account's only default (serialized per account, so concurrent clicks leave exactly one)
    /// and audits it. `false` if the method is gone.
    async fn make_default_method(
        &self,
        tenant: TenantId,
        account: AccountId,
        id: i64,
        audit: &NewAuditEntry<'_>,
    ) -> StoreResult<bool>;
    /// The gateway's customer standing for an account.
    async fn gateway_customer(
        &self,
        tenant: TenantId,
        account: AccountId,
        gateway: &str,
    ) -> StoreResult<Option<String>>;
    /// Records the gateway's customer for an account; if another request recorded one first, returns that one.
    async fn set_gateway_customer(
        &self,
        tenant: TenantId,
        account: AccountId,
        gateway: &str,
        customer_ref: &str,
    ) -> StoreResult<String>;
}

macro_rules! impl_saved_methods {
    ($store:ident, $db:ty, $row:ty, $conn:ty) => {
        #[async_trait]
        impl SavedMethodStore for $store {
            async fn saved_methods(&self, tenant: TenantId, account: AccountId) -> StoreResult<Vec<SavedMethod>> {
                let sql = format!(
                    "SELECT {SAVED_METHOD_COLUMNS} FROM saved_methods WHERE tenant_id = $1 AND account_id = $2 \
                     AND removed_at IS NULL ORDER BY is_default DESC, created_at DESC, id DESC"
                );
                let rows = sqlx::query(&sql).bind(tenant.0).bind(account.0).fetch_all(&self.pool).await?;
                rows.iter().map(Self::saved_method_from_row).collect()
            }

            async fn saved_method(&self, tenant: TenantId, account: AccountId, public_id: &str) -> StoreResult<Option<SavedMethod>> {
                let sql = format!(
                    "SELECT {SAVED_METHOD_COLUMNS} FROM saved_methods WHERE tenant_id = $1 AND account_id = $2 \
                     AND public_id = $3 AND removed_at IS NULL"
                );
                let row = sqlx::query(&sql).bind(tenant.0).bind(account.0).bind(public_id).fetch_optional(&self.pool).await?;
                row.as_ref().map(Self::saved_method_from_row).transpose()
            }

            async fn add_saved_method(&self, m: &NewSavedMethod, audit: &NewAuditEntry<'_>) -> StoreResult<SavedMethod> {
                let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                Self::lock_account_rows(&mut tx, m.tenant_id, m.account_id).await?;
                // The same gateway method kept twice (a reload after the bank's step, a gateway answering a
                // repeat with the first method) stays one row.
                let sql = format!(
                    "SELECT {SAVED_METHOD_COLUMNS} FROM saved_methods WHERE tenant_id = $1 AND account_id = $2 \
                     AND gateway = $3 AND reference = $4 AND removed_at IS NULL"
                );
                if let Some(row) = sqlx::query(&sql)
                    .bind(m.tenant_id.0)
                    .bind(m.account_id.0)
                    .bind(&m.gateway)
                    .bind(&m.reference)
                    .fetch_optional(&mut *tx)
                    .await?
                {
                    return Self::saved_method_from_row(&row);
                }
                let has_default: Option<i64> = sqlx::query_scalar(
                    "SELECT id FROM saved_methods WHERE tenant_id = $1 AND account_id = $2 AND is_default AND removed_at IS NULL",
                )
                .bind(m.tenant_id.0)
                .bind(m.account_id.0)
                .fetch_optional(&mut *tx)
                .await?;
                let sql = format!(
                    "INSERT INTO saved_methods (public_id, tenant_id, account_id, gateway, customer_ref, reference, kind, \
                     brand, last4, exp_month, exp_year, is_default, created_by, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING {SAVED_METHOD_COLUMNS}"
                );
                let row = sqlx::query(&sql)
                    .bind(&m.public_id)
                    .bind(m.tenant_id.0)
                    .bind(m.account_id.0)
                    .bind(&m.gateway)
                    .bind(&m.customer_ref)
                    .bind(&m.reference)
                    .bind(&m.kind)
                    .bind(&m.brand)
                    .bind(&m.last4)
                    .bind(m.exp_month.map(i64::from))
                    .bind(m.exp_year.map(i64::from))
                    .bind(has_default.is_none())
                    .bind(m.created_by.map(|u| u.0))
                    .bind(m.now)
                    .fetch_one(&mut *tx)
                    .await?;
                let saved = Self::saved_method_from_row(&row)?;
                Self::insert_audit(&mut tx, audit).await?;
                let event = DomainEvent::PaymentMethodAdded(Self::method_event(&mut tx, &saved).await?);
                Self::emit_event(&mut tx, m.tenant_id, &event, m.now).await?;
                tx.commit().await?;
                Ok(saved)
            }

            async fn remove_saved_method(&self, tenant: TenantId, account: AccountId, id: i64, audit: &NewAuditEntry<'_>) -> StoreResult<bool> {
                let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                Self::lock_account_rows(&mut tx, tenant, account).await?;
                let was_default: Option<bool> = sqlx::query_scalar(
                    "SELECT is_default FROM saved_methods \
                     WHERE tenant_id = $1 AND account_id = $2 AND id = $3 AND removed_at IS NULL",
                )
                .bind(tenant.0)
                .bind(account.0)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
                let Some(was_default) = was_default else {
                    return Ok(false);
                };
                let sql = format!("SELECT {SAVED_METHOD_COLUMNS} FROM saved_methods WHERE id = $1");
                let removed = Self::saved_method_from_row(&sqlx::query(&sql).bind(id).fetch_one(&mut *tx).await?)?;
                sqlx::query("UPDATE saved_methods SET removed_at = $2, is_default = FALSE WHERE id = $1")
                    .bind(id)
                    .bind(audit.now)
                    .execute(&mut *tx)
                    .await?;
                let event = DomainEvent::PaymentMethodRemoved(Self::method_event(&mut tx, &removed).await?);
                Self::emit_event(&mut tx, tenant, &event, audit.now).await?;
                if was_default {
                    // The newest method of the same kind takes over (a card for a card, never a bank account for a
                    // card); with none, the account has no default until the customer picks one.
                    sqlx::query(
                        "UPDATE saved_methods SET is_default = TRUE WHERE id = (SELECT id FROM saved_methods \
                         WHERE tenant_id = $1 AND account_id = $2 AND removed_at IS NULL AND kind = $3 \
                         ORDER BY created_at DESC, id DESC LIMIT 1)",
                    )
                    .bind(tenant.0)
                    .bind(account.0)
                    .bind(&removed.kind)
                    .execute(&mut *tx)
                    .await?;
                }
                Self::insert_audit(&mut tx, audit).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn make_default_method(&self, tenant: TenantId, account: AccountId, id: i64, audit: &NewAuditEntry<'_>) -> StoreResult<bool> {
                let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                Self::lock_account_rows(&mut tx, tenant, account).await?;
                let exists: Option<i64> = sqlx::query_scalar(
                    "SELECT id FROM saved_methods WHERE tenant_id = $1 AND account_id = $2 AND id = $3 AND removed_at IS NULL",
                )
                .bind(tenant.0)
                .bind(account.0)
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
                if exists.is_none() {
                    return Ok(false);
                }
                sqlx::query(
                    "UPDATE saved_methods SET is_default = FALSE \
                     WHERE tenant_id = $1 AND account_id = $2 AND is_default AND id <> $3",
                )
                .bind(tenant.0)
                .bind(account.0)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                sqlx::query("UPDATE saved_methods SET is_default = TRUE WHERE id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                Self::insert_audit(&mut tx, audit).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn gateway_customer(&self, tenant: TenantId, account: AccountId, gateway: &str) -> StoreResult<Option<String>> {
                Ok(sqlx::query_scalar(
                    "SELECT customer_ref FROM gateway_customers WHERE tenant_id = $1 AND account_id = $2 AND gateway = $3",
                )
                .bind(tenant.0)
                .bind(account.0)
                .bind(gateway)
                .fetch_optional(&self.pool)
                .await?)
            }

            async fn set_gateway_customer(&self, tenant: TenantId, account: AccountId, gateway: &str, customer_ref: &str) -> StoreResult<String> {
                sqlx::query(
                    "INSERT INTO gateway_customers (tenant_id, account_id, gateway, customer_ref, created_at) \
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tenant_id, account_id, gateway) DO NOTHING",
                )
                .bind(tenant.0)
                .bind(account.0)
                .bind(gateway)
                .bind(customer_ref)
                .bind(self.now().unix_timestamp())
                .execute(&self.pool)
                .await?;
                self.gateway_customer(tenant, account, gateway)
                    .await?
                    .ok_or_else(|| StoreError::Corrupt("gateway customer vanished".into()))
            }
        }
    };
}

#[cfg(feature = "sqlite")]
impl_saved_methods!(SqliteStore, Sqlite, SqliteRow, SqliteConnection);
#[cfg(feature = "postgres")]
impl_saved_methods!(PostgresStore, Postgres, PgRow, PgConnection);
