//! Account members (customer admins managing access) and the audit log.

use super::prelude::*;

/// Account members (customer admins managing access) and the audit log.
#[async_trait]
pub trait MemberStore: Send + Sync {
    /// The account's users and their roles, by email.
    async fn account_members(
        &self,
        tenant: TenantId,
        account: AccountId,
    ) -> StoreResult<Vec<AccountMember>>;
    /// Gives `email` (a new user, or an existing one) `roles` on the account, and audits it.
    async fn add_member(
        &self,
        tenant: TenantId,
        account: AccountId,
        email: &Email,
        name: &str,
        roles: Roles,
        audit: &NewAuditEntry<'_>,
    ) -> StoreResult<Result<User, MembershipError>>;
    /// Changes a member's roles; refused if it would leave the account without an admin.
    async fn set_member_roles(
        &self,
        tenant: TenantId,
        account: AccountId,
        user: UserId,
        roles: Roles,
        audit: &NewAuditEntry<'_>,
    ) -> StoreResult<Result<(), MembershipError>>;
    /// Removes a membership; refused for the account's last admin.
    async fn remove_member(
        &self,
        tenant: TenantId,
        account: AccountId,
        user: UserId,
        audit: &NewAuditEntry<'_>,
    ) -> StoreResult<Result<(), MembershipError>>;
    /// Writes an audit entry.
    async fn record_audit(&self, entry: &NewAuditEntry<'_>) -> StoreResult<()>;
    /// Newest first: one account's entries, or (`None`) the whole tenant's; `before` an entry id, for paging.
    async fn audit_log(
        &self,
        tenant: TenantId,
        account: Option<AccountId>,
        before: Option<i64>,
        limit: i64,
    ) -> StoreResult<Vec<AuditEntry>>;
}

/// Creates the user with `name`, or finds the existing one without changing it.
const ADD_USER_KEEPING_NAME: &str =
    "INSERT INTO users (tenant_id, email, name, created_at) VALUES ($1, $2, $3, $4) \
     ON CONFLICT (tenant_id, email) DO UPDATE SET name = users.name RETURNING id";

macro_rules! impl_members {
    ($store:ident, $db:ty, $row:ty, $conn:ty) => {
        #[async_trait]
        impl MemberStore for $store {
            async fn account_members(&self, tenant: TenantId, account: AccountId) -> StoreResult<Vec<AccountMember>> {
                let rows = sqlx::query(
                    "SELECT u.id, u.email, u.name, u.locale, m.roles, m.invited_at, u.last_signed_in_at FROM memberships m \
                     JOIN users u ON u.tenant_id = m.tenant_id AND u.id = m.user_id \
                     WHERE m.tenant_id = $1 AND m.account_id = $2 ORDER BY u.email",
                )
                .bind(tenant.0)
                .bind(account.0)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok(AccountMember {
                            user: User {
                                id: UserId(r.try_get("id")?),
                                email: Email::parse(r.try_get("email")?)?,
                                name: r.try_get("name")?,
                                locale: r
                                    .try_get::<Option<String>, _>("locale")?
                                    .and_then(|l| crate::locale::Locale::parse(&l)),
                            },
                            roles: Roles::from_storage(r.try_get("roles")?)?,
                            invited_at: r.try_get("invited_at")?,
                            last_signed_in_at: r.try_get("last_signed_in_at")?,
                        })
                    })
                    .collect()
            }

            async fn add_member(
                &self,
                tenant: TenantId,
                account: AccountId,
                email: &Email,
                name: &str,
                roles: Roles,
                audit: &NewAuditEntry<'_>,
            ) -> StoreResult<Result<User, MembershipError>> {
                let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                Self::lock_account_rows(&mut tx, tenant, account).await?;
                // An existing user keeps their name: whoever adds them to an account changes nothing outside it.
                let user_id: i64 = sqlx::query_scalar(ADD_USER_KEEPING_NAME)
                    .bind(tenant.0)
                    .bind(email.as_str())
                    .bind(name)
                    .bind(self.now())
                    .fetch_one(&mut *tx)
                    .await?;
                let added = sqlx::query(
                    "INSERT INTO memberships (tenant_id, user_id, account_id, roles, invited_at) \
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tenant_id, user_id, account_id) DO NOTHING",
                )
                .bind(tenant.0)
                .bind(user_id)
                .bind(account.0)
                .bind(roles.to_storage())
                .bind(audit.now)
                .execute(&mut *tx)
                .await?;
                if added.rows_affected() == 0 {
                    return Ok(Err(MembershipError::AlreadyMember(email.as_str().to_string())));
                }
                let (name, locale): (String, Option<String>) =
                    sqlx::query_as("SELECT name, locale FROM users WHERE id = $1")
                        .bind(user_id)
                        .fetch_one(&mut *tx)
                        .await?;
                Self::insert_audit(&mut tx, audit).await?;
                Self::membership_changed(&mut tx, tenant, account, email.as_str(), Some(roles), audit.now).await?;
                tx.commit().await?;
                let locale = locale.and_then(|l| crate::locale::Locale::parse(&l));
                Ok(Ok(User { id: UserId(user_id), email: email.clone(), name, locale }))
            }

            async fn set_member_roles(
                &self,
                tenant: TenantId,
                account: AccountId,
                user: UserId,
                roles: Roles,
                audit: &NewAuditEntry<'_>,
            ) -> StoreResult<Result<(), MembershipError>> {
                let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                Self::lock_account_rows(&mut tx, tenant, account).await?;
                if !roles.contains(Role::Admin) && Self::is_last_admin(&mut tx, tenant, account, user).await? {
                    return Ok(Err(MembershipError::LastAdmin));
                }
                let done = sqlx::query(
                    "UPDATE memberships SET roles = $4 WHERE tenant_id = $1 AND account_id = $2 AND user_id = $3",
                )
                .bind(tenant.0)
                .bind(account.0)
                .bind(user.0)
                .bind(roles.to_storage())
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() == 0 {
                    return Ok(Err(MembershipError::NotMember));
                }
                Self::insert_audit(&mut tx, audit).await?;
                let email: String = sqlx::query_scalar("SELECT email FROM users WHERE id = $1").bind(user.0).fetch_one(&mut *tx).await?;
                Self::membership_changed(&mut tx, tenant, account, &email, Some(roles), audit.now).await?;
                tx.commit().await?;
                Ok(Ok(()))
            }

            async fn remove_member(
                &self,
                tenant: TenantId,
                account: AccountId,
                user: UserId,
                audit: &NewAuditEntry<'_>,
            ) -> StoreResult<Result<(), MembershipError>> {
                let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                Self::lock_account_rows(&mut tx, tenant, account).await?;
                if Self::is_last_admin(&mut tx, tenant, account, user).await? {
                    return Ok(Err(MembershipError::LastAdmin));
                }
                let done = sqlx::query("DELETE FROM memberships WHERE tenant_id = $1 AND account_id = $2 AND user_id = $3")
                    .bind(tenant.0)
                    .bind(account.0)
                    .bind(user.0)
                    .execute(&mut *tx)
                    .await?;
                if done.rows_affected() == 0 {
                    return Ok(Err(MembershipError::NotMember));
                }
                let email: String = sqlx::query_scalar("SELECT email FROM users WHERE id = $1").bind(user.0).fetch_one(&mut *tx).await?;
                Self::membership_changed(&mut tx, tenant, account, &email, None, audit.now).await?;
                // Sessions opened on that account end with the membership.
                sqlx::query("DELETE FROM sessions WHERE tenant_id = $1 AND account_id = $2 AND user_id = $3")
                    .bind(tenant.0)
                    .bind(account.0)
                    .bind(user.0)
                    .execute(&mut *tx)
                    .await?;
                Self::insert_audit(&mut tx, audit).await?;
                tx.commit().await?;
                Ok(Ok(()))
            }

            async fn record_audit(&self, entry: &NewAuditEntry<'_>) -> StoreResult<()> {
                let mut conn = self.pool.acquire().await?;
                Self::insert_audit(&mut conn, entry).await
            }

            async fn audit_log(&self, tenant: TenantId, account: Option<AccountId>, before: Option<i64>, limit: i64) -> StoreResult<Vec<AuditEntry>> {
                let rows = sqlx::query(
                    "SELECT l.id, a.external_id, l.actor, l.session_ref, l.action, l.detail, l.created_at \
                     FROM audit_log l LEFT JOIN accounts a ON a.tenant_id = l.tenant_id AND a.id = l.account_id \
                     WHERE l.tenant_id = $1 AND ($2 IS NULL OR l.account_id = $2) AND l.id < $3 \
                     ORDER BY l.id DESC LIMIT $4",
                )
                .bind(tenant.0)
                .bind(account.map(|a| a.0))
                .bind(before.unwrap_or(i64::MAX))
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok(AuditEntry {
                            id: r.try_get("id")?,
                            account: r.try_get("external_id")?,
                            actor: r.try_get("actor")?,
                            session: r.try_get("session_ref")?,
                            action: r.try_get("action")?,
                            detail: r.try_get("detail")?,
                            created_at: r.try_get("created_at")?,
                        })
                    })
                    .collect()
            }
        }
    };
}

#[cfg(feature = "sqlite")]
impl_members!(SqliteStore, Sqlite, SqliteRow, SqliteConnection);
#[cfg(feature = "postgres")]
impl_members!(PostgresStore, Postgres, PgRow, PgConnection);
