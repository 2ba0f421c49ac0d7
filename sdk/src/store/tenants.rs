//! Tenants, their settings and gateway configuration, their API keys and SSO keys.

use super::prelude::*;

const TENANT_COLUMNS: &str = "t.id, t.slug, t.name, t.theme, t.logo_url, t.primary_color, t.support_phone, \
    t.support_email, t.support_hours, t.default_currency, t.past_due_after_days, t.partial_payments, t.ach_enabled, t.frame_ancestors, \
    t.sign_in_methods, t.vendor_address, t.tax_id, t.remit_to, t.subscription_cancel, \
    t.autopay_days_after_issue, t.autopay_max_failures, t.default_locale, \
    (SELECT d.hostname FROM tenant_domains d WHERE d.tenant_id = t.id AND d.verified_at IS NOT NULL \
     ORDER BY d.preferred DESC, d.verified_at, d.hostname LIMIT 1) AS custom_domain";

/// `$2`…`$21` are a tenant's editable fields, bound by `bind_tenant_fields` for both statements.
const INSERT_TENANT: &str = "INSERT INTO tenants (slug, name, theme, logo_url, primary_color, support_phone, \
    support_email, support_hours, default_currency, past_due_after_days, partial_payments, ach_enabled, \
    frame_ancestors, sign_in_methods, vendor_address, tax_id, remit_to, subscription_cancel, \
    autopay_days_after_issue, autopay_max_failures, default_locale, created_at) \
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22) \
    RETURNING id";

const UPDATE_TENANT: &str = "UPDATE tenants SET name = $2, theme = $3, logo_url = $4, primary_color = $5, \
    support_phone = $6, support_email = $7, support_hours = $8, default_currency = $9, past_due_after_days = $10, \
    partial_payments = $11, ach_enabled = $12, frame_ancestors = $13, sign_in_methods = $14, vendor_address = $15, \
    tax_id = $16, remit_to = $17, subscription_cancel = $18, autopay_days_after_issue = $19, \
    autopay_max_failures = $20, default_locale = $21 WHERE id = $1";

const INSERT_API_KEY: &str =
    "INSERT INTO api_keys (tenant_id, prefix, key_hash, created_at) VALUES ($1, $2, $3, $4)";

const INSERT_SSO_KEY: &str =
    "INSERT INTO sso_keys (tenant_id, key_id, sealed_secret, created_at) VALUES ($1, $2, $3, $4)";

const REVOKE_SSO_KEY: &str = "UPDATE sso_keys SET revoked_at = $3 \
    WHERE tenant_id = $1 AND key_id = $2 AND revoked_at IS NULL";

const ACTIVE_SSO_KEYS: &str = "SELECT key_id, sealed_secret FROM sso_keys \
    WHERE tenant_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC, id DESC";

/// Tenants, their settings and gateway configuration, their API keys and SSO keys.
#[async_trait]
pub trait TenantStore: Send + Sync {
    /// Creates a tenant with its first API key hash and SSO key, all or nothing. A taken slug is a `Conflict`.
    async fn create_tenant(
        &self,
        tenant: &NewTenant,
        api_key_prefix: &str,
        api_key_hash: &[u8; 32],
        sso_key_id: &str,
        seal_sso_secret: &(dyn Fn(TenantId) -> Result<Vec<u8>, String> + Sync),
    ) -> StoreResult<Tenant>;
    /// A tenant by slug.
    async fn tenant_by_slug(&self, slug: &str) -> StoreResult<Option<Tenant>>;
    /// Every tenant, by slug.
    async fn list_tenants(&self) -> StoreResult<Vec<Tenant>>;
    /// Replaces a tenant's name, theme, branding and settings (the slug never changes).
    async fn update_tenant(&self, tenant: TenantId, update: &NewTenant) -> StoreResult<Tenant>;
    /// The tenant an API key (its SHA-256) belongs to, if the key is active.
    async fn tenant_by_api_key(&self, key_hash: &[u8; 32]) -> StoreResult<Option<Tenant>>;
    /// Adds an SSO signing key.
    async fn add_sso_key(&self, tenant: TenantId, key: &StoredSsoKey) -> StoreResult<()>;
    /// Adds another API key (its hash and display prefix).
    async fn add_api_key(
        &self,
        tenant: TenantId,
        prefix: &str,
        key_hash: &[u8; 32],
    ) -> StoreResult<()>;
    /// The tenant's API keys: `(prefix, created at, revoked)`, oldest first.
    async fn api_keys(&self, tenant: TenantId) -> StoreResult<Vec<(String, String, bool)>>;
    /// Revokes the key with this prefix; `false` if there is no such active key.
    async fn revoke_api_key(&self, tenant: TenantId, prefix: &str) -> StoreResult<bool>;
    /// Revokes an SSO key; `false` if there is no such active key.
    async fn revoke_sso_key(&self, tenant: TenantId, key_id: &str) -> StoreResult<bool>;
    /// The tenant's active SSO keys, newest first.
    async fn active_sso_keys(&self, tenant: TenantId) -> StoreResult<Vec<StoredSsoKey>>;
    /// Sets the tenant's gateway: its kind and its settings sealed under the master key.
    async fn set_gateway_config(
        &self,
        tenant: TenantId,
        kind: &str,
        sealed_config: &[u8],
    ) -> StoreResult<()>;
    /// `(kind, sealed settings)`; `None` for a tenant on the built-in sandbox.
    async fn gateway_config(&self, tenant: TenantId) -> StoreResult<Option<(String, Vec<u8>)>>;
    /// A tenant by id.
    async fn tenant(&self, tenant: TenantId) -> StoreResult<Option<Tenant>>;
}

macro_rules! impl_tenants {
    ($store:ident, $db:ty, $row:ty, $conn:ty) => {
        #[async_trait]
        impl TenantStore for $store {
            async fn create_tenant(
                &self,
                tenant: &NewTenant,
                api_key_prefix: &str,
                api_key_hash: &[u8; 32],
                sso_key_id: &str,
                seal_sso_secret: &(dyn Fn(TenantId) -> Result<Vec<u8>, String> + Sync),
            ) -> StoreResult<Tenant> {
                let at = self.now();
                let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                let row = Self::bind_tenant_fields(sqlx::query(INSERT_TENANT).bind(tenant.slug.as_str()), tenant)
                    .bind(at)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err(|e| {
                        if unique_violation(&e) {
                            StoreError::Conflict(format!("a tenant with slug {:?} already exists", tenant.slug.as_str()))
                        } else {
                            e.into()
                        }
                    })?;
                let id: i64 = row.try_get("id")?;
                sqlx::query(INSERT_API_KEY)
                    .bind(id)
                    .bind(api_key_prefix)
                    .bind(&api_key_hash[..])
                    .bind(at)
                    .execute(&mut *tx)
                    .await?;
                let sealed = seal_sso_secret(TenantId(id)).map_err(StoreError::Corrupt)?;
                sqlx::query(INSERT_SSO_KEY)
                    .bind(id)
                    .bind(sso_key_id)
                    .bind(sealed)
                    .bind(at)
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                Ok(Tenant {
                    id: TenantId(id),
                    slug: tenant.slug.clone(),
                    name: tenant.name.clone(),
                    theme: tenant.theme.clone(),
                    branding: tenant.branding.clone(),
                    settings: tenant.settings.clone(),
                    custom_domain: None,
                })
            }

            async fn tenant_by_slug(&self, slug: &str) -> StoreResult<Option<Tenant>> {
                let sql = format!("SELECT {TENANT_COLUMNS} FROM tenants t WHERE t.slug = $1");
                let row = sqlx::query(&sql).bind(slug).fetch_optional(&self.pool).await?;
                row.as_ref().map(Self::tenant_from_row).transpose()
            }

            async fn list_tenants(&self) -> StoreResult<Vec<Tenant>> {
                let sql = format!("SELECT {TENANT_COLUMNS} FROM tenants t ORDER BY t.slug");
                let rows = sqlx::query(&sql).fetch_all(&self.pool).await?;
                rows.iter().map(Self::tenant_from_row).collect()
            }

            async fn tenant_by_api_key(&self, key_hash: &[u8; 32]) -> StoreResult<Option<Tenant>> {
                let sql = format!(
                    "SELECT {TENANT_COLUMNS} FROM tenants t JOIN api_keys k ON k.tenant_id = t.id \
                     WHERE k.key_hash = $1 AND k.revoked_at IS NULL"
                );
                let row = sqlx::query(&sql).bind(&key_hash[..]).fetch_optional(&self.pool).await?;
                row.as_ref().map(Self::tenant_from_row).transpose()
            }

            async fn add_api_key(&self, tenant: TenantId, prefix: &str, key_hash: &[u8; 32]) -> StoreResult<()> {
                sqlx::query(INSERT_API_KEY)
                    .bind(tenant.0)
                    .bind(prefix)
                    .bind(&key_hash[..])
                    .bind(self.now())
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn api_keys(&self, tenant: TenantId) -> StoreResult<Vec<(String, String, bool)>> {
                let rows: Vec<(String, OffsetDateTime, Option<OffsetDateTime>)> = sqlx::query_as(
                    "SELECT prefix, created_at, revoked_at FROM api_keys WHERE tenant_id = $1 ORDER BY id",
                )
                .bind(tenant.0)
                .fetch_all(&self.pool)
                .await?;
                Ok(rows
                    .into_iter()
                    .map(|(prefix, created, revoked)| {
                        let created = created
                            .format(&time::format_description::well_known::Rfc3339)
                            .unwrap_or_default();
                        (prefix, created, revoked.is_some())
                    })
                    .collect())
            }

            async fn revoke_api_key(&self, tenant: TenantId, prefix: &str) -> StoreResult<bool> {
                let done = sqlx::query(
                    "UPDATE api_keys SET revoked_at = $3 WHERE tenant_id = $1 AND prefix = $2 AND revoked_at IS NULL",
                )
                .bind(tenant.0)
                .bind(prefix)
                .bind(self.now())
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected() > 0)
            }

            async fn add_sso_key(&self, tenant: TenantId, key: &StoredSsoKey) -> StoreResult<()> {
                sqlx::query(INSERT_SSO_KEY)
                    .bind(tenant.0)
                    .bind(&key.key_id)
                    .bind(&key.sealed_secret)
                    .bind(self.now())
                    .execute(&self.pool)
                    .await
                    .map_err(|e| {
                        if unique_violation(&e) {
                            StoreError::Conflict(format!("the key id {:?} is already used", key.key_id))
                        } else {
                            e.into()
                        }
                    })?;
                Ok(())
            }

            async fn revoke_sso_key(&self, tenant: TenantId, key_id: &str) -> StoreResult<bool> {
                let done = sqlx::query(REVOKE_SSO_KEY)
                    .bind(tenant.0)
                    .bind(key_id)
                    .bind(self.now())
                    .execute(&self.pool)
                    .await?;
                Ok(done.rows_affected() > 0)
            }

            async fn active_sso_keys(&self, tenant: TenantId) -> StoreResult<Vec<StoredSsoKey>> {
                let rows: Vec<(String, Vec<u8>)> =
                    sqlx::query_as(ACTIVE_SSO_KEYS).bind(tenant.0).fetch_all(&self.pool).await?;
                Ok(rows
                    .into_iter()
                    .map(|(key_id, sealed_secret)| StoredSsoKey { key_id, sealed_secret })
                    .collect())
            }

            async fn update_tenant(&self, tenant: TenantId, update: &NewTenant) -> StoreResult<Tenant> {
                let done = Self::bind_tenant_fields(sqlx::query(UPDATE_TENANT).bind(tenant.0), update)
                    .execute(&self.pool)
                    .await?;
                if done.rows_affected() == 0 {
                    return Err(StoreError::Conflict(format!("no tenant with id {}", tenant.0)));
                }
                let sql = format!("SELECT {TENANT_COLUMNS} FROM tenants t WHERE t.id = $1");
                let row = sqlx::query(&sql).bind(tenant.0).fetch_one(&self.pool).await?;
                Self::tenant_from_row(&row)
            }

            async fn set_gateway_config(&self, tenant: TenantId, kind: &str, sealed_config: &[u8]) -> StoreResult<()> {
                sqlx::query(
                    "INSERT INTO tenant_gateways (tenant_id, kind, sealed_config, updated_at) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (tenant_id) DO UPDATE SET kind = excluded.kind, \
                     sealed_config = excluded.sealed_config, updated_at = excluded.updated_at",
                )
                .bind(tenant.0)
                .bind(kind)
                .bind(sealed_config)
                .bind(self.now().unix_timestamp())
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn gateway_config(&self, tenant: TenantId) -> StoreResult<Option<(String, Vec<u8>)>> {
                Ok(sqlx::query_as("SELECT kind, sealed_config FROM tenant_gateways WHERE tenant_id = $1")
                    .bind(tenant.0)
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn tenant(&self, tenant: TenantId) -> StoreResult<Option<Tenant>> {
                let sql = format!("SELECT {TENANT_COLUMNS} FROM tenants t WHERE t.id = $1");
                let row = sqlx::query(&sql).bind(tenant.0).fetch_optional(&self.pool).await?;
                row.as_ref().map(Self::tenant_from_row).transpose()
            }
        }
    };
}

#[cfg(feature = "sqlite")]
impl_tenants!(SqliteStore, Sqlite, SqliteRow, SqliteConnection);
#[cfg(feature = "postgres")]
impl_tenants!(PostgresStore, Postgres, PgRow, PgConnection);
