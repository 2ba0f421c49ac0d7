//! The mail queue: receipts and rendered messages waiting to be delivered.

use super::prelude::*;

/// The mail queue: receipts and rendered messages waiting to be delivered.
#[async_trait]
pub trait MailStore: Send + Sync {
    async fn unsent_messages(&self, limit: i64) -> StoreResult<Vec<MailMessage>>;
    /// Marks a message delivered (and forgets its body, which may hold a sign-in link); `false` if another
    /// process already did.
    async fn mark_message_sent(&self, id: i64, now: i64) -> StoreResult<bool>;
    /// Queued mail not yet delivered, oldest first.
    async fn unsent_mail(&self, limit: i64) -> StoreResult<Vec<QueuedMail>>;
    /// Marks a message delivered; `false` if another process already did.
    async fn mark_mail_sent(&self, id: i64, now: i64) -> StoreResult<bool>;
}

macro_rules! impl_mail {
    ($store:ident, $db:ty, $row:ty, $conn:ty) => {
        #[async_trait]
        impl MailStore for $store {
            async fn unsent_messages(&self, limit: i64) -> StoreResult<Vec<MailMessage>> {
                let rows = sqlx::query(
                    "SELECT id, tenant_id, kind, recipient, subject, body_text, created_at FROM mail_messages \
                     WHERE sent_at IS NULL ORDER BY id LIMIT $1",
                )
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok(MailMessage {
                            id: r.try_get("id")?,
                            tenant_id: TenantId(r.try_get("tenant_id")?),
                            kind: r.try_get("kind")?,
                            recipient: r.try_get("recipient")?,
                            subject: r.try_get("subject")?,
                            body_text: r.try_get("body_text")?,
                            created_at: r.try_get("created_at")?,
                        })
                    })
                    .collect()
            }

            async fn mark_message_sent(&self, id: i64, now: i64) -> StoreResult<bool> {
                let done = sqlx::query(
                    "UPDATE mail_messages SET sent_at = $2, body_text = '' WHERE id = $1 AND sent_at IS NULL",
                )
                .bind(id)
                .bind(now)
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn unsent_mail(&self, limit: i64) -> StoreResult<Vec<QueuedMail>> {
                let rows = sqlx::query(
                    "SELECT m.id, m.tenant_id, m.kind, m.payment_id, m.user_id, m.created_at, p.account_id, \
                     p.external_id FROM mail_outbox m JOIN payments p ON p.id = m.payment_id \
                     WHERE m.sent_at IS NULL ORDER BY m.id LIMIT $1",
                )
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
                rows.iter()
                    .map(|r| {
                        Ok(QueuedMail {
                            id: r.try_get("id")?,
                            tenant_id: TenantId(r.try_get("tenant_id")?),
                            kind: r.try_get("kind")?,
                            user_id: UserId(r.try_get("user_id")?),
                            account_id: AccountId(r.try_get("account_id")?),
                            payment_key: r.try_get("external_id")?,
                            created_at: r.try_get("created_at")?,
                        })
                    })
                    .collect()
            }

            async fn mark_mail_sent(&self, id: i64, now: i64) -> StoreResult<bool> {
                let done = sqlx::query("UPDATE mail_outbox SET sent_at = $2 WHERE id = $1 AND sent_at IS NULL")
                    .bind(id)
                    .bind(now)
                    .execute(&self.pool)
                    .await?;
                Ok(done.rows_affected() == 1)
            }
        }
    };
}

#[cfg(feature = "sqlite")]
impl_mail!(SqliteStore, Sqlite, SqliteRow, SqliteConnection);
#[cfg(feature = "postgres")]
impl_mail!(PostgresStore, Postgres, PgRow, PgConnection);
