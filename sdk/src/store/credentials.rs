//! Users' passwords and sessions as Sign-in & security manages them, and the throttle on failed passwords.

use super::prelude::*;

const PASSWORD_HASH: &str = "SELECT password_hash FROM users WHERE tenant_id = $1 AND id = $2";

const SET_PASSWORD: &str =
    "UPDATE users SET password_hash = $3, password_changed_at = $4 WHERE tenant_id = $1 AND id = $2";

/// Unused reset links stop working once the password changes.
const SPEND_RESET_LINKS: &str = "UPDATE sign_in_links SET used_at = $3 \
     WHERE tenant_id = $1 AND user_id = $2 AND purpose = 'password_reset' AND used_at IS NULL";

const END_OTHER_SESSIONS: &str =
    "DELETE FROM sessions WHERE tenant_id = $1 AND user_id = $2 AND id_hash <> $3";

const END_ALL_SESSIONS: &str = "DELETE FROM sessions WHERE tenant_id = $1 AND user_id = $2";

const USER_SESSIONS: &str = "SELECT id_hash, created_at, last_seen_at FROM sessions \
     WHERE tenant_id = $1 AND user_id = $2 ORDER BY last_seen_at DESC";

const END_SESSION: &str =
    "DELETE FROM sessions WHERE tenant_id = $1 AND user_id = $2 AND id_hash = $3";

/// One more failure for `subject`: the count starts again once the window since the first failure has passed.
const RECORD_FAILURE: &str = "INSERT INTO sign_in_throttle (tenant_id, subject, failures, window_start, blocked_until) \
     VALUES ($1, $2, 1, $3, 0) ON CONFLICT (tenant_id, subject) DO UPDATE SET \
     failures = CASE WHEN sign_in_throttle.window_start <= $4 THEN 1 ELSE sign_in_throttle.failures + 1 END, \
     window_start = CASE WHEN sign_in_throttle.window_start <= $4 THEN $3 ELSE sign_in_throttle.window_start END \
     RETURNING failures";

const BLOCK: &str =
    "UPDATE sign_in_throttle SET blocked_until = $3 WHERE tenant_id = $1 AND subject = $2";

const BLOCKED_UNTIL: &str =
    "SELECT blocked_until FROM sign_in_throttle WHERE tenant_id = $1 AND subject = $2";

const CLEAR_FAILURES: &str = "DELETE FROM sign_in_throttle WHERE tenant_id = $1 AND subject = $2";

/// Passwords, a user's sessions, and failed sign-in attempts.
#[async_trait]
pub trait CredentialStore: Send + Sync {
    /// The user's password hash (an Argon2id PHC string), if they have set a password.
    async fn password_hash(&self, tenant: TenantId, user: UserId) -> StoreResult<Option<String>>;
    /// Sets the user's password hash and, in the same transaction, ends every session of theirs except `keep`
    /// (the one that made the change, if any), spends their unused reset links and writes `audit`.
    async fn set_password(
        &self,
        tenant: TenantId,
        user: UserId,
        hash: &str,
        keep: Option<&[u8; 32]>,
        audit: &NewAuditEntry<'_>,
    ) -> StoreResult<()>;
    /// The user's sessions, most recently used first.
    async fn user_sessions(&self, tenant: TenantId, user: UserId) -> StoreResult<Vec<UserSession>>;
    /// Ends one of the user's sessions; `false` if there is no such session of theirs.
    async fn end_user_session(
        &self,
        tenant: TenantId,
        user: UserId,
        id_hash: &[u8; 32],
    ) -> StoreResult<bool>;
    /// Counts a failed sign-in for `subject` (`email:…`, `ip:…`) and returns the failures in the current window
    /// (which starts again after `window_secs`).
    async fn record_sign_in_failure(
        &self,
        tenant: TenantId,
        subject: &str,
        now: i64,
        window_secs: i64,
    ) -> StoreResult<i64>;
    /// Refuses `subject` until `until` (Unix seconds).
    async fn block_sign_in(&self, tenant: TenantId, subject: &str, until: i64) -> StoreResult<()>;
    /// The latest time any of `subjects` is refused until (0 if none is).
    async fn sign_in_blocked_until(
        &self,
        tenant: TenantId,
        subjects: &[String],
    ) -> StoreResult<i64>;
    /// Forgets `subject`'s failures (after a successful sign-in).
    async fn clear_sign_in_failures(&self, tenant: TenantId, subject: &str) -> StoreResult<()>;
}

macro_rules! impl_credentials {
    ($store:ident, $db:ty, $row:ty, $conn:ty) => {
        #[async_trait]
        impl CredentialStore for $store {
            async fn password_hash(
                &self,
                tenant: TenantId,
                user: UserId,
            ) -> StoreResult<Option<String>> {
                let hash: Option<Option<String>> = sqlx::query_scalar(PASSWORD_HASH)
                    .bind(tenant.0)
                    .bind(user.0)
                    .fetch_optional(&self.pool)
                    .await?;
                Ok(hash.flatten())
            }

            async fn set_password(
                &self,
                tenant: TenantId,
                user: UserId,
                hash: &str,
                keep: Option<&[u8; 32]>,
                audit: &NewAuditEntry<'_>,
            ) -> StoreResult<()> {
                let mut tx = self
                    .pool
                    .begin_with(<$store as Dialect>::BEGIN_WRITE)
                    .await?;
                sqlx::query(SET_PASSWORD)
                    .bind(tenant.0)
                    .bind(user.0)
                    .bind(hash)
                    .bind(audit.now)
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(SPEND_RESET_LINKS)
                    .bind(tenant.0)
                    .bind(user.0)
                    .bind(audit.now)
                    .execute(&mut *tx)
                    .await?;
                match keep {
                    Some(kept) => {
                        sqlx::query(END_OTHER_SESSIONS)
                            .bind(tenant.0)
                            .bind(user.0)
                            .bind(&kept[..])
                            .execute(&mut *tx)
                            .await?;
                    }
                    None => {
                        sqlx::query(END_ALL_SESSIONS)
                            .bind(tenant.0)
                            .bind(user.0)
                            .execute(&mut *tx)
                            .await?;
                    }
                }
                Self::insert_audit(&mut tx, audit).await?;
                tx.commit().await?;
                Ok(())
            }

            async fn user_sessions(
                &self,
                tenant: TenantId,
                user: UserId,
            ) -> StoreResult<Vec<UserSession>> {
                let rows: Vec<(Vec<u8>, i64, i64)> = sqlx::query_as(USER_SESSIONS)
                    .bind(tenant.0)
                    .bind(user.0)
                    .fetch_all(&self.pool)
                    .await?;
                rows.into_iter()
                    .map(|(hash, created_at, last_seen_at)| {
                        Ok(UserSession {
                            id_hash: hash.try_into().map_err(|_| {
                                StoreError::Corrupt("a session id is not 32 bytes".into())
                            })?,
                            created_at,
                            last_seen_at,
                        })
                    })
                    .collect()
            }

            async fn end_user_session(
                &self,
                tenant: TenantId,
                user: UserId,
                id_hash: &[u8; 32],
            ) -> StoreResult<bool> {
                let done = sqlx::query(END_SESSION)
                    .bind(tenant.0)
                    .bind(user.0)
                    .bind(&id_hash[..])
                    .execute(&self.pool)
                    .await?;
                Ok(done.rows_affected() > 0)
            }

            async fn record_sign_in_failure(
                &self,
                tenant: TenantId,
                subject: &str,
                now: i64,
                window_secs: i64,
            ) -> StoreResult<i64> {
                Ok(sqlx::query_scalar(RECORD_FAILURE)
                    .bind(tenant.0)
                    .bind(subject)
                    .bind(now)
                    .bind(now - window_secs)
                    .fetch_one(&self.pool)
                    .await?)
            }

            async fn block_sign_in(
                &self,
                tenant: TenantId,
                subject: &str,
                until: i64,
            ) -> StoreResult<()> {
                sqlx::query(BLOCK)
                    .bind(tenant.0)
                    .bind(subject)
                    .bind(until)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn sign_in_blocked_until(
                &self,
                tenant: TenantId,
                subjects: &[String],
            ) -> StoreResult<i64> {
                let mut latest = 0;
                for subject in subjects {
                    let until: Option<i64> = sqlx::query_scalar(BLOCKED_UNTIL)
                        .bind(tenant.0)
                        .bind(subject)
                        .fetch_optional(&self.pool)
                        .await?;
                    latest = latest.max(until.unwrap_or(0));
                }
                Ok(latest)
            }

            async fn clear_sign_in_failures(
                &self,
                tenant: TenantId,
                subject: &str,
            ) -> StoreResult<()> {
                sqlx::query(CLEAR_FAILURES)
                    .bind(tenant.0)
                    .bind(subject)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }
        }
    };
}

#[cfg(feature = "sqlite")]
impl_credentials!(SqliteStore, Sqlite, SqliteRow, SqliteConnection);
#[cfg(feature = "postgres")]
impl_credentials!(PostgresStore, Postgres, PgRow, PgConnection);
