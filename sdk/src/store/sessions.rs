//! Portal sessions, single-use SSO token ids and emailed sign-in links.

use super::prelude::*;

/// Uses a single-use link up.
const USE_LINK: &str = "UPDATE sign_in_links SET used_at = $3 \
     WHERE token_hash = $1 AND tenant_id = $2 AND used_at IS NULL AND expires_at > $3 AND purpose = $4 \
     RETURNING user_id, account_id, scope";

/// Reads a link that works until it expires.
const READ_LINK: &str = "SELECT user_id, account_id, scope FROM sign_in_links \
     WHERE token_hash = $1 AND tenant_id = $2 AND expires_at > $3 AND purpose = $4";

const SESSION_COLUMNS: &str =
    "tenant_id, user_id, account_id, csrf_token, created_at, last_seen_at, scope";

/// A signed-in request's session, its user and all of the user's memberships, in one query (one row per membership;
/// a user without any gets one row with no account). Nothing is cached: a role changed through another host process
/// is read by the next request.
fn signed_in_sql() -> String {
    format!(
        "SELECT s.tenant_id, s.user_id, s.account_id, s.csrf_token, s.created_at, s.last_seen_at, s.scope, \
         u.email AS user_email, u.name AS user_name, u.locale AS user_locale, m.roles, {} \
         FROM sessions s JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id \
         LEFT JOIN memberships m ON m.tenant_id = s.tenant_id AND m.user_id = s.user_id \
         LEFT JOIN accounts a ON a.tenant_id = m.tenant_id AND a.id = m.account_id \
         WHERE s.id_hash = $1 AND s.tenant_id = $2 ORDER BY a.name, a.id",
        super::accounts::ACCOUNT_COLUMNS
    )
}

/// A session's last-seen time is written at most this often (seconds), so page views rarely write.
const TOUCH_INTERVAL_SECS: i64 = 60;

/// Portal sessions, single-use SSO token ids and emailed sign-in links.
#[async_trait]
pub trait SessionStore: Send + Sync {
    /// Records an SSO token id as used; `false` if it was used before (a replay). Forgets ids whose tokens have
    /// expired, since an expired token is refused anyway.
    async fn consume_sso_token(
        &self,
        tenant: TenantId,
        jti: &str,
        expires_at: i64,
        now: i64,
    ) -> StoreResult<bool>;
    /// Creates a session keyed by the hash of its cookie's token.
    async fn create_session(&self, id_hash: &[u8; 32], session: &SessionRecord) -> StoreResult<()>;
    /// A session by its token's hash, within the tenant.
    async fn session(
        &self,
        tenant: TenantId,
        id_hash: &[u8; 32],
    ) -> StoreResult<Option<SessionRecord>>;
    /// A session by its token's hash within the tenant, with its user and the user's memberships (ordered by account
    /// name), read together.
    async fn signed_in(
        &self,
        tenant: TenantId,
        id_hash: &[u8; 32],
    ) -> StoreResult<Option<(SessionRecord, User, Vec<Membership>)>>;
    /// Records a session's use (at most once a minute), for the idle timeout.
    async fn touch_session(
        &self,
        tenant: TenantId,
        id_hash: &[u8; 32],
        now: i64,
    ) -> StoreResult<()>;
    /// Points a session at another of the user's accounts.
    async fn switch_session_account(
        &self,
        tenant: TenantId,
        id_hash: &[u8; 32],
        account: AccountId,
    ) -> StoreResult<()>;
    /// Ends a session.
    async fn delete_session(&self, tenant: TenantId, id_hash: &[u8; 32]) -> StoreResult<()>;
    /// Deletes sessions idle since before `idle_before` or created before `created_before` (Unix seconds).
    async fn purge_sessions(&self, idle_before: i64, created_before: i64) -> StoreResult<u64>;
    /// Stores a single-use sign-in link (its token's hash) and queues the mail that carries it, together.
    async fn create_sign_in_link(
        &self,
        link: &NewSignInLink,
        mail: &NewMailMessage,
    ) -> StoreResult<()>;
    /// Uses a link for `purpose`: the user, account and scope it signs in to, if it exists, is unexpired and (but
    /// for View Invoice links, which work until they expire) unused; a single-use link is used up.
    async fn consume_sign_in_link(
        &self,
        tenant: TenantId,
        token_hash: &[u8; 32],
        purpose: LinkPurpose,
        now: i64,
    ) -> StoreResult<Option<LinkGrant>>;
    /// Whether a link for `purpose` exists and is unused and unexpired (the reset page checks before asking).
    async fn sign_in_link_is_valid(
        &self,
        tenant: TenantId,
        token_hash: &[u8; 32],
        purpose: LinkPurpose,
        now: i64,
    ) -> StoreResult<bool>;
}

macro_rules! impl_sessions {
    ($store:ident, $db:ty, $row:ty, $conn:ty) => {
        #[async_trait]
        impl SessionStore for $store {
            async fn consume_sso_token(
                &self,
                tenant: TenantId,
                jti: &str,
                expires_at: i64,
                now: i64,
            ) -> StoreResult<bool> {
                sqlx::query("DELETE FROM used_sso_tokens WHERE expires_at < $1")
                    .bind(now)
                    .execute(&self.pool)
                    .await?;
                let done = sqlx::query(
                    "INSERT INTO used_sso_tokens (tenant_id, jti, expires_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (tenant_id, jti) DO NOTHING",
                )
                .bind(tenant.0)
                .bind(jti)
                .bind(expires_at)
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn create_session(&self, id_hash: &[u8; 32], session: &SessionRecord) -> StoreResult<()> {
                sqlx::query(&format!(
                    "INSERT INTO sessions (id_hash, {SESSION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
                ))
                .bind(&id_hash[..])
                .bind(session.tenant_id.0)
                .bind(session.user_id.0)
                .bind(session.account_id.0)
                .bind(&session.csrf_token)
                .bind(session.created_at)
                .bind(session.last_seen_at)
                .bind(session.scope.as_ref().map(SessionScope::to_storage))
                .execute(&self.pool)
                .await?;
                // Signing in accepts any invitation the user had.
                sqlx::query("UPDATE users SET last_signed_in_at = $3 WHERE tenant_id = $1 AND id = $2")
                    .bind(session.tenant_id.0)
                    .bind(session.user_id.0)
                    .bind(session.created_at)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn session(&self, tenant: TenantId, id_hash: &[u8; 32]) -> StoreResult<Option<SessionRecord>> {
                let row = sqlx::query(&format!(
                    "SELECT {SESSION_COLUMNS} FROM sessions WHERE id_hash = $1 AND tenant_id = $2"
                ))
                .bind(&id_hash[..])
                .bind(tenant.0)
                .fetch_optional(&self.pool)
                .await?;
                row.as_ref().map(Self::session_from_row).transpose()
            }

            async fn signed_in(
                &self,
                tenant: TenantId,
                id_hash: &[u8; 32],
            ) -> StoreResult<Option<(SessionRecord, User, Vec<Membership>)>> {
                let rows = sqlx::query(&signed_in_sql())
                    .bind(&id_hash[..])
                    .bind(tenant.0)
                    .fetch_all(&self.pool)
                    .await?;
                let Some(first) = rows.first() else {
                    return Ok(None);
                };
                let session = Self::session_from_row(first)?;
                let user = User {
                    id: session.user_id,
                    email: Email::parse(first.try_get("user_email")?)?,
                    name: first.try_get("user_name")?,
                    locale: first
                        .try_get::<Option<String>, _>("user_locale")?
                        .and_then(|l| crate::locale::Locale::parse(&l)),
                };
                let mut memberships = Vec::with_capacity(rows.len());
                for r in &rows {
                    if let Some(roles) = r.try_get::<Option<String>, _>("roles")? {
                        memberships.push(Membership {
                            user_id: session.user_id,
                            account: Self::account_from_row(r)?,
                            roles: Roles::from_storage(&roles)?,
                        });
                    }
                }
                Ok(Some((session, user, memberships)))
            }

            async fn touch_session(&self, tenant: TenantId, id_hash: &[u8; 32], now: i64) -> StoreResult<()> {
                sqlx::query(
                    "UPDATE sessions SET last_seen_at = $3 WHERE id_hash = $1 AND tenant_id = $2 AND last_seen_at < $4",
                )
                .bind(&id_hash[..])
                .bind(tenant.0)
                .bind(now)
                .bind(now - TOUCH_INTERVAL_SECS)
                .execute(&self.pool)
                .await?;
                Ok(())
            }

            async fn switch_session_account(
                &self,
                tenant: TenantId,
                id_hash: &[u8; 32],
                account: AccountId,
            ) -> StoreResult<()> {
                sqlx::query("UPDATE sessions SET account_id = $3 WHERE id_hash = $1 AND tenant_id = $2")
                    .bind(&id_hash[..])
                    .bind(tenant.0)
                    .bind(account.0)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn delete_session(&self, tenant: TenantId, id_hash: &[u8; 32]) -> StoreResult<()> {
                sqlx::query("DELETE FROM sessions WHERE id_hash = $1 AND tenant_id = $2")
                    .bind(&id_hash[..])
                    .bind(tenant.0)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn purge_sessions(&self, idle_before: i64, created_before: i64) -> StoreResult<u64> {
                let done = sqlx::query("DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2")
                    .bind(idle_before)
                    .bind(created_before)
                    .execute(&self.pool)
                    .await?;
                Ok(done.rows_affected())
            }

            async fn create_sign_in_link(&self, link: &NewSignInLink, mail: &NewMailMessage) -> StoreResult<()> {
                let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                sqlx::query(
                    "INSERT INTO sign_in_links (token_hash, tenant_id, user_id, account_id, expires_at, created_at, \
                     purpose, scope) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(&link.token_hash[..])
                .bind(link.tenant_id.0)
                .bind(link.user_id.0)
                .bind(link.account_id.0)
                .bind(link.expires_at)
                .bind(link.now)
                .bind(link.purpose.as_str())
                .bind(link.scope.as_ref().map(SessionScope::to_storage))
                .execute(&mut *tx)
                .await?;
                sqlx::query(super::mail::QUEUE_RENDERED)
                .bind(mail.tenant_id.0)
                .bind(&mail.kind)
                .bind(&mail.mail.recipient)
                .bind(&mail.mail.subject)
                .bind(&mail.mail.body_text)
                .bind(mail.now)
                .bind(&mail.mail.body_html)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(())
            }

            async fn consume_sign_in_link(
                &self,
                tenant: TenantId,
                token_hash: &[u8; 32],
                purpose: LinkPurpose,
                now: i64,
            ) -> StoreResult<Option<LinkGrant>> {
                let sql = if purpose.single_use() { USE_LINK } else { READ_LINK };
                let row: Option<(i64, i64, Option<String>)> = sqlx::query_as(sql)
                    .bind(&token_hash[..])
                    .bind(tenant.0)
                    .bind(now)
                    .bind(purpose.as_str())
                    .fetch_optional(&self.pool)
                    .await?;
                row.map(|(user, account, scope)| {
                    Ok(LinkGrant {
                        user_id: UserId(user),
                        account_id: AccountId(account),
                        scope: scope.map(|s| SessionScope::parse(&s)).transpose()?,
                    })
                })
                .transpose()
            }

            async fn sign_in_link_is_valid(
                &self,
                tenant: TenantId,
                token_hash: &[u8; 32],
                purpose: LinkPurpose,
                now: i64,
            ) -> StoreResult<bool> {
                let found: Option<i64> = sqlx::query_scalar(
                    "SELECT user_id FROM sign_in_links WHERE token_hash = $1 AND tenant_id = $2 \
                     AND used_at IS NULL AND expires_at > $3 AND purpose = $4",
                )
                .bind(&token_hash[..])
                .bind(tenant.0)
                .bind(now)
                .bind(purpose.as_str())
                .fetch_optional(&self.pool)
                .await?;
                Ok(found.is_some())
            }
        }
    };
}

#[cfg(feature = "sqlite")]
impl_sessions!(SqliteStore, Sqlite, SqliteRow, SqliteConnection);
#[cfg(feature = "postgres")]
impl_sessions!(PostgresStore, Postgres, PgRow, PgConnection);
