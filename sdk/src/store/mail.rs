//! The mail queue: every message waiting to be delivered, in one table.

use super::prelude::*;

const UNSENT_MAIL: &str =
    "SELECT m.id, m.tenant_id, m.kind, m.recipient, m.subject, m.body_text, m.body_html, m.user_id, \
     m.created_at, m.attempts, p.account_id, p.external_id AS payment_key, c.portal_url FROM mail_queue m \
     LEFT JOIN payments p ON p.id = m.payment_id LEFT JOIN checkouts c ON c.id = p.checkout_id \
     WHERE m.sent_at IS NULL AND m.next_attempt_at <= $2 \
     AND m.claimed_until <= $2 ORDER BY m.id LIMIT $1";

/// One worker at a time per message: the claim lapses at `$3` if the worker dies.
const CLAIM: &str = "UPDATE mail_queue SET claimed_until = $3 \
     WHERE id = $1 AND sent_at IS NULL AND claimed_until <= $2";

/// A failed attempt: try again at `$3`, or (with `$3` NULL) give up, keeping the error.
const ATTEMPT_FAILED: &str = "UPDATE mail_queue SET attempts = attempts + 1, claimed_until = 0, last_error = $4, \
     next_attempt_at = COALESCE($3, next_attempt_at), sent_at = CASE WHEN $3 IS NULL THEN $2 ELSE sent_at END \
     WHERE id = $1 AND sent_at IS NULL";

/// Marks it sent and forgets a rendered body (it may hold a sign-in link).
const MARK_SENT: &str = "UPDATE mail_queue SET sent_at = $2, body_html = NULL, \
     body_text = CASE WHEN body_text IS NULL THEN NULL ELSE '' END WHERE id = $1 AND sent_at IS NULL";

const RECENT_MAIL: &str = "SELECT COUNT(*) FROM mail_queue \
     WHERE tenant_id = $1 AND recipient = $2 AND kind = $3 AND created_at >= $4";

pub(super) const QUEUE_RENDERED: &str =
    "INSERT INTO mail_queue (tenant_id, kind, recipient, subject, body_text, created_at, body_html) \
     VALUES ($1, $2, $3, $4, $5, $6, $7)";

/// Queues a payment's receipt; a payment has one, whoever settles it.
pub(super) const QUEUE_RECEIPT: &str =
    "INSERT INTO mail_queue (tenant_id, kind, payment_id, user_id, created_at) \
     VALUES ($1, 'receipt', $2, $3, $4) ON CONFLICT (kind, payment_id) DO NOTHING";

/// The mail queue: every message waiting to be delivered.
#[async_trait]
pub trait MailStore: Send + Sync {
    /// Messages due for delivery at `now` (not sent, not waiting for a retry, not claimed), oldest first.
    async fn unsent_mail(&self, limit: i64, now: i64) -> StoreResult<Vec<QueuedMail>>;
    /// Claims a message for one delivery attempt until `until`; `false` if another worker has it or it was sent.
    async fn claim_mail(&self, id: i64, now: i64, until: i64) -> StoreResult<bool>;
    /// Records a failed attempt: retried at `retry_at`, or given up (`None`) with `error` kept.
    async fn mail_attempt_failed(
        &self,
        id: i64,
        now: i64,
        retry_at: Option<i64>,
        error: &str,
    ) -> StoreResult<()>;
    /// Marks a message delivered (forgetting a rendered body); `false` if another process already did.
    async fn mark_mail_sent(&self, id: i64, now: i64) -> StoreResult<bool>;
    /// How many messages of `kind` were queued for `recipient` since `since` (Unix seconds): the cap on sign-in and
    /// reset mails.
    async fn recent_mail_count(
        &self,
        tenant: TenantId,
        recipient: &str,
        kind: &str,
        since: i64,
    ) -> StoreResult<i64>;
    /// Queues a rendered message.
    async fn queue_mail(&self, mail: &NewMailMessage) -> StoreResult<()>;
}

macro_rules! impl_mail {
    ($store:ident, $db:ty, $row:ty, $conn:ty) => {
        #[async_trait]
        impl MailStore for $store {
            async fn unsent_mail(&self, limit: i64, now: i64) -> StoreResult<Vec<QueuedMail>> {
                let rows = sqlx::query(UNSENT_MAIL)
                    .bind(limit)
                    .bind(now)
                    .fetch_all(&self.pool)
                    .await?;
                rows.iter().map(Self::queued_mail).collect()
            }

            async fn claim_mail(&self, id: i64, now: i64, until: i64) -> StoreResult<bool> {
                let done = sqlx::query(CLAIM)
                    .bind(id)
                    .bind(now)
                    .bind(until)
                    .execute(&self.pool)
                    .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn mail_attempt_failed(
                &self,
                id: i64,
                now: i64,
                retry_at: Option<i64>,
                error: &str,
            ) -> StoreResult<()> {
                sqlx::query(ATTEMPT_FAILED)
                    .bind(id)
                    .bind(now)
                    .bind(retry_at)
                    .bind(error)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn mark_mail_sent(&self, id: i64, now: i64) -> StoreResult<bool> {
                let done = sqlx::query(MARK_SENT)
                    .bind(id)
                    .bind(now)
                    .execute(&self.pool)
                    .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn recent_mail_count(
                &self,
                tenant: TenantId,
                recipient: &str,
                kind: &str,
                since: i64,
            ) -> StoreResult<i64> {
                Ok(sqlx::query_scalar(RECENT_MAIL)
                    .bind(tenant.0)
                    .bind(recipient)
                    .bind(kind)
                    .bind(since)
                    .fetch_one(&self.pool)
                    .await?)
            }

            async fn queue_mail(&self, mail: &NewMailMessage) -> StoreResult<()> {
                sqlx::query(QUEUE_RENDERED)
                    .bind(mail.tenant_id.0)
                    .bind(&mail.kind)
                    .bind(&mail.mail.recipient)
                    .bind(&mail.mail.subject)
                    .bind(&mail.mail.body_text)
                    .bind(mail.now)
                    .bind(&mail.mail.body_html)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }
        }

        impl $store {
            fn queued_mail(r: &$row) -> StoreResult<QueuedMail> {
                let recipient: Option<String> = r.try_get("recipient")?;
                let subject: Option<String> = r.try_get("subject")?;
                let body_text: Option<String> = r.try_get("body_text")?;
                let content = match (recipient, subject, body_text) {
                    (Some(recipient), Some(subject), Some(body_text)) => {
                        MailContent::Rendered(RenderedMail {
                            recipient,
                            subject,
                            body_text,
                            body_html: r.try_get("body_html")?,
                        })
                    }
                    _ => MailContent::Receipt {
                        user_id: UserId(r.try_get::<Option<i64>, _>("user_id")?.unwrap_or(0)),
                        account_id: AccountId(
                            r.try_get::<Option<i64>, _>("account_id")?.unwrap_or(0),
                        ),
                        payment_key: r
                            .try_get::<Option<String>, _>("payment_key")?
                            .unwrap_or_default(),
                        portal_url: r.try_get("portal_url")?,
                    },
                };
                Ok(QueuedMail {
                    id: r.try_get("id")?,
                    tenant_id: TenantId(r.try_get("tenant_id")?),
                    kind: r.try_get("kind")?,
                    created_at: r.try_get("created_at")?,
                    attempts: r.try_get("attempts")?,
                    content,
                })
            }
        }
    };
}

#[cfg(feature = "sqlite")]
impl_mail!(SqliteStore, Sqlite, SqliteRow, SqliteConnection);
#[cfg(feature = "postgres")]
impl_mail!(PostgresStore, Postgres, PgRow, PgConnection);
