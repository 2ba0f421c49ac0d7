//! Tenants' custom domains.

use super::prelude::*;

const DOMAIN_COLUMNS: &str = "hostname, token, created_at, verified_at, preferred";

/// Tenants' custom domains.
#[async_trait]
pub trait DomainStore: Send + Sync {
    /// Adds a pending domain for the tenant (again: the same record). `Conflict` if another tenant verified it.
    async fn add_domain(
        &self,
        tenant: TenantId,
        hostname: &DomainName,
        token: &str,
        now: i64,
    ) -> StoreResult<CustomDomain>;
    /// The tenant's domains, verified ones first.
    async fn domains(&self, tenant: TenantId) -> StoreResult<Vec<CustomDomain>>;
    /// Whether `token` is the pending (or verified) token of `hostname` for some tenant.
    async fn domain_token_matches(&self, hostname: &str, token: &str) -> StoreResult<bool>;
    /// Marks the tenant's domain verified. `Conflict` if another tenant verified it first; `false` if the tenant
    /// has no such domain.
    async fn mark_domain_verified(
        &self,
        tenant: TenantId,
        hostname: &DomainName,
        now: i64,
    ) -> StoreResult<bool>;
    /// Makes a verified domain the one links are built on. `false` if it isn't the tenant's verified domain.
    async fn prefer_domain(&self, tenant: TenantId, hostname: &DomainName) -> StoreResult<bool>;
    /// Removes a domain. `false` if the tenant has none by that name.
    async fn remove_domain(&self, tenant: TenantId, hostname: &DomainName) -> StoreResult<bool>;
    /// The tenant a verified domain belongs to.
    async fn tenant_by_domain(&self, hostname: &str) -> StoreResult<Option<TenantId>>;
}

macro_rules! impl_domains {
    ($store:ident, $db:ty, $row:ty, $conn:ty) => {
        impl $store {
            fn domain_from_row(r: &$row) -> StoreResult<CustomDomain> {
                Ok(CustomDomain {
                    hostname: r.try_get("hostname")?,
                    token: r.try_get("token")?,
                    created_at: r.try_get("created_at")?,
                    verified_at: r.try_get("verified_at")?,
                    preferred: r.try_get("preferred")?,
                })
            }
        }

        #[async_trait]
        impl DomainStore for $store {
            async fn add_domain(
                &self,
                tenant: TenantId,
                hostname: &DomainName,
                token: &str,
                now: i64,
            ) -> StoreResult<CustomDomain> {
                let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                let taken: Option<i64> = sqlx::query_scalar(
                    "SELECT tenant_id FROM tenant_domains WHERE hostname = $1 AND verified_at IS NOT NULL AND tenant_id <> $2",
                )
                .bind(hostname.as_str())
                .bind(tenant.0)
                .fetch_optional(&mut *tx)
                .await?;
                if taken.is_some() {
                    return Err(StoreError::Conflict(format!("{hostname} is another tenant's domain")));
                }
                sqlx::query(
                    "INSERT INTO tenant_domains (tenant_id, hostname, token, created_at) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (tenant_id, hostname) DO NOTHING",
                )
                .bind(tenant.0)
                .bind(hostname.as_str())
                .bind(token)
                .bind(now)
                .execute(&mut *tx)
                .await?;
                let row = sqlx::query(&format!(
                    "SELECT {DOMAIN_COLUMNS} FROM tenant_domains WHERE tenant_id = $1 AND hostname = $2"
                ))
                .bind(tenant.0)
                .bind(hostname.as_str())
                .fetch_one(&mut *tx)
                .await?;
                tx.commit().await?;
                Self::domain_from_row(&row)
            }

            async fn domains(&self, tenant: TenantId) -> StoreResult<Vec<CustomDomain>> {
                let rows = sqlx::query(&format!(
                    "SELECT {DOMAIN_COLUMNS} FROM tenant_domains WHERE tenant_id = $1 \
                     ORDER BY CASE WHEN verified_at IS NULL THEN 1 ELSE 0 END, hostname"
                ))
                .bind(tenant.0)
                .fetch_all(&self.pool)
                .await?;
                rows.iter().map(Self::domain_from_row).collect()
            }

            async fn domain_token_matches(&self, hostname: &str, token: &str) -> StoreResult<bool> {
                let found: Option<i64> = sqlx::query_scalar(
                    "SELECT tenant_id FROM tenant_domains WHERE hostname = $1 AND token = $2",
                )
                .bind(hostname)
                .bind(token)
                .fetch_optional(&self.pool)
                .await?;
                Ok(found.is_some())
            }

            async fn mark_domain_verified(&self, tenant: TenantId, hostname: &DomainName, now: i64) -> StoreResult<bool> {
                let done = sqlx::query(
                    "UPDATE tenant_domains SET verified_at = COALESCE(verified_at, $3) WHERE tenant_id = $1 AND hostname = $2",
                )
                .bind(tenant.0)
                .bind(hostname.as_str())
                .bind(now)
                .execute(&self.pool)
                .await;
                match done {
                    Ok(d) => Ok(d.rows_affected() > 0),
                    Err(e) if unique_violation(&e) => {
                        Err(StoreError::Conflict(format!("{hostname} is another tenant's domain")))
                    }
                    Err(e) => Err(e.into()),
                }
            }

            async fn prefer_domain(&self, tenant: TenantId, hostname: &DomainName) -> StoreResult<bool> {
                let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                let done = sqlx::query(
                    "UPDATE tenant_domains SET preferred = (hostname = $2) WHERE tenant_id = $1 \
                     AND EXISTS (SELECT 1 FROM tenant_domains d WHERE d.tenant_id = $1 AND d.hostname = $2 \
                     AND d.verified_at IS NOT NULL)",
                )
                .bind(tenant.0)
                .bind(hostname.as_str())
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(done.rows_affected() > 0)
            }

            async fn remove_domain(&self, tenant: TenantId, hostname: &DomainName) -> StoreResult<bool> {
                let done = sqlx::query("DELETE FROM tenant_domains WHERE tenant_id = $1 AND hostname = $2")
                    .bind(tenant.0)
                    .bind(hostname.as_str())
                    .execute(&self.pool)
                    .await?;
                Ok(done.rows_affected() > 0)
            }

            async fn tenant_by_domain(&self, hostname: &str) -> StoreResult<Option<TenantId>> {
                let id: Option<i64> = sqlx::query_scalar(
                    "SELECT tenant_id FROM tenant_domains WHERE hostname = $1 AND verified_at IS NOT NULL",
                )
                .bind(hostname)
                .fetch_optional(&self.pool)
                .await?;
                Ok(id.map(TenantId))
            }
        }
    };
}

#[cfg(feature = "sqlite")]
impl_domains!(SqliteStore, Sqlite, SqliteRow, SqliteConnection);
#[cfg(feature = "postgres")]
impl_domains!(PostgresStore, Postgres, PgRow, PgConnection);
