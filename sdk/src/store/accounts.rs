//! Accounts, their users and memberships as the portal reads them, and account totals.

use super::prelude::*;

pub(super) const ACCOUNT_COLUMNS: &str =
    "a.id, a.external_id, a.name, a.currency, a.address, a.subscription_count, a.estimate_count, \
    a.locale, a.outstanding_minor, a.invoice_count, a.open_invoice_count, a.void_invoice_count";

/// Accounts, their users and memberships as the portal reads them, and account totals.
#[async_trait]
pub trait AccountStore: Send + Sync {
    /// The tenant's accounts with these external ids (unknown ids are left out).
    async fn accounts_by_external_ids(
        &self,
        tenant: TenantId,
        external_ids: &[String],
    ) -> StoreResult<Vec<Account>>;
    /// Every account of the tenant, by name.
    async fn list_accounts(&self, tenant: TenantId) -> StoreResult<Vec<Account>>;
    /// A user by id.
    async fn user(&self, tenant: TenantId, user: UserId) -> StoreResult<Option<User>>;
    /// A user by email.
    async fn user_by_email(&self, tenant: TenantId, email: &Email) -> StoreResult<Option<User>>;
    /// Remembers the language a user chose in the portal.
    async fn set_user_locale(
        &self,
        tenant: TenantId,
        user: UserId,
        locale: crate::locale::Locale,
    ) -> StoreResult<()>;
    /// The user's memberships in the tenant, by account name.
    async fn memberships(&self, tenant: TenantId, user: UserId) -> StoreResult<Vec<Membership>>;
    /// An account's totals (what is owed, how many invoices are open).
    async fn account_summary(
        &self,
        tenant: TenantId,
        account: AccountId,
    ) -> StoreResult<AccountSummary>;
    /// A tenant's accounts by internal id, after `after`, at most `limit`.
    async fn accounts_page(
        &self,
        tenant: TenantId,
        after: Option<i64>,
        limit: i64,
    ) -> StoreResult<Vec<Account>>;
    /// A tenant's users with their memberships `(account external id, roles)`, by id, after `after`.
    async fn contacts_page(
        &self,
        tenant: TenantId,
        after: Option<i64>,
        limit: i64,
    ) -> StoreResult<Vec<(User, Vec<(String, Roles)>)>>;
}

macro_rules! impl_accounts {
    ($store:ident, $db:ty, $row:ty, $conn:ty) => {
        #[async_trait]
        impl AccountStore for $store {
            async fn accounts_by_external_ids(
                &self,
                tenant: TenantId,
                external_ids: &[String],
            ) -> StoreResult<Vec<Account>> {
                let mut out = Vec::new();
                for chunk in external_ids.chunks(500) {
                    let mut qb: QueryBuilder<$db> =
                        QueryBuilder::new(format!("SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.tenant_id = "));
                    qb.push_bind(tenant.0).push(" AND a.external_id IN (");
                    push_in_list(&mut qb, chunk);
                    for row in qb.build().fetch_all(&self.pool).await? {
                        out.push(Self::account_from_row(&row)?);
                    }
                }
                Ok(out)
            }

            async fn list_accounts(&self, tenant: TenantId) -> StoreResult<Vec<Account>> {
                let sql = format!(
                    "SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.tenant_id = $1 ORDER BY a.external_id"
                );
                let rows = sqlx::query(&sql).bind(tenant.0).fetch_all(&self.pool).await?;
                rows.iter().map(Self::account_from_row).collect()
            }

            async fn set_user_locale(&self, tenant: TenantId, user: UserId, locale: crate::locale::Locale) -> StoreResult<()> {
                sqlx::query("UPDATE users SET locale = $3 WHERE tenant_id = $1 AND id = $2")
                    .bind(tenant.0)
                    .bind(user.0)
                    .bind(locale.code())
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn user_by_email(&self, tenant: TenantId, email: &Email) -> StoreResult<Option<User>> {
                let row = sqlx::query("SELECT id, email, name, locale FROM users WHERE tenant_id = $1 AND email = $2")
                    .bind(tenant.0)
                    .bind(email.as_str())
                    .fetch_optional(&self.pool)
                    .await?;
                row.map(|r| {
                    Ok(User {
                        id: UserId(r.try_get("id")?),
                        email: Email::parse(r.try_get("email")?)?,
                        name: r.try_get("name")?,
                        locale: r
                            .try_get::<Option<String>, _>("locale")?
                            .and_then(|l| crate::locale::Locale::parse(&l)),
                    })
                })
                .transpose()
            }

            async fn memberships(&self, tenant: TenantId, user: UserId) -> StoreResult<Vec<Membership>> {
                let sql = format!(
                    "SELECT {ACCOUNT_COLUMNS}, m.roles FROM memberships m \
                     JOIN accounts a ON a.tenant_id = m.tenant_id AND a.id = m.account_id \
                     WHERE m.tenant_id = $1 AND m.user_id = $2 ORDER BY a.name, a.id"
                );
                let rows = sqlx::query(&sql).bind(tenant.0).bind(user.0).fetch_all(&self.pool).await?;
                rows.iter()
                    .map(|r| {
                        Ok(Membership {
                            user_id: user,
                            account: Self::account_from_row(r)?,
                            roles: Roles::from_storage(r.try_get("roles")?)?,
                        })
                    })
                    .collect()
            }

            async fn account_summary(&self, tenant: TenantId, account: AccountId) -> StoreResult<AccountSummary> {
                let row = sqlx::query(ACCOUNT_TOTALS).bind(tenant.0).bind(account.0).fetch_one(&self.pool).await?;
                Self::summary_from_row(&row, currency(row.try_get("currency")?)?)
            }

            async fn user(&self, tenant: TenantId, user: UserId) -> StoreResult<Option<User>> {
                let row = sqlx::query("SELECT id, email, name, locale FROM users WHERE tenant_id = $1 AND id = $2")
                    .bind(tenant.0)
                    .bind(user.0)
                    .fetch_optional(&self.pool)
                    .await?;
                row.map(|r| {
                    Ok(User {
                        id: UserId(r.try_get("id")?),
                        email: Email::parse(r.try_get("email")?)?,
                        name: r.try_get("name")?,
                        locale: r
                            .try_get::<Option<String>, _>("locale")?
                            .and_then(|l| crate::locale::Locale::parse(&l)),
                    })
                })
                .transpose()
            }

            async fn accounts_page(&self, tenant: TenantId, after: Option<i64>, limit: i64) -> StoreResult<Vec<Account>> {
                let sql = format!(
                    "SELECT {ACCOUNT_COLUMNS} FROM accounts a WHERE a.tenant_id = $1 AND a.id > $2 ORDER BY a.id LIMIT $3"
                );
                let rows = sqlx::query(&sql)
                    .bind(tenant.0)
                    .bind(after.unwrap_or(0))
                    .bind(limit)
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter().map(Self::account_from_row).collect()
            }

            async fn contacts_page(
                &self,
                tenant: TenantId,
                after: Option<i64>,
                limit: i64,
            ) -> StoreResult<Vec<(User, Vec<(String, Roles)>)>> {
                let users: Vec<(i64, String, String)> = sqlx::query_as(
                    "SELECT id, email, name, locale FROM users WHERE tenant_id = $1 AND id > $2 ORDER BY id LIMIT $3",
                )
                .bind(tenant.0)
                .bind(after.unwrap_or(0))
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                let (Some(first), Some(last)) = (users.first().map(|u| u.0), users.last().map(|u| u.0)) else {
                    return Ok(Vec::new());
                };
                let memberships: Vec<(i64, String, String)> = sqlx::query_as(
                    "SELECT m.user_id, a.external_id, m.roles FROM memberships m \
                     JOIN accounts a ON a.tenant_id = m.tenant_id AND a.id = m.account_id \
                     WHERE m.tenant_id = $1 AND m.user_id BETWEEN $2 AND $3 ORDER BY a.external_id",
                )
                .bind(tenant.0)
                .bind(first)
                .bind(last)
                .fetch_all(&self.pool)
                .await?;
                users
                    .into_iter()
                    .map(|(id, email, name)| {
                        let of_user = memberships
                            .iter()
                            .filter(|(u, _, _)| *u == id)
                            .map(|(_, account, roles)| Ok((account.clone(), Roles::from_storage(roles)?)))
                            .collect::<StoreResult<Vec<_>>>()?;
                        Ok((User { id: UserId(id), email: Email::parse(&email)?, name, locale: None }, of_user))
                    })
                    .collect()
            }
        }
    };
}

#[cfg(feature = "sqlite")]
impl_accounts!(SqliteStore, Sqlite, SqliteRow, SqliteConnection);
#[cfg(feature = "postgres")]
impl_accounts!(PostgresStore, Postgres, PgRow, PgConnection);
