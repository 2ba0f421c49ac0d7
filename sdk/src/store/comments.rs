//! Comments on invoices and the "needs attention" flag they raise.

use super::prelude::*;

const COMMENT_COLUMNS: &str =
    "c.id, i.number, c.author_kind, c.user_id, c.author_name, c.body, c.created_at";

/// Comments on invoices.
#[async_trait]
pub trait CommentStore: Send + Sync {
    /// Adds a comment to `invoice`'s thread, with its `invoice.comment_added` event and (for a customer's comment)
    /// `audit`, in one transaction. A customer's comment flags the invoice as needing attention; a vendor reply
    /// with `resolve` clears the flag.
    async fn add_comment(
        &self,
        tenant: TenantId,
        invoice: &Invoice,
        comment: &NewComment<'_>,
        audit: Option<&NewAuditEntry<'_>>,
    ) -> StoreResult<Comment>;
    /// An invoice's thread, oldest first.
    async fn comments(&self, tenant: TenantId, invoice: InvoiceId) -> StoreResult<Vec<Comment>>;
    /// Clears an invoice's "needs attention" flag. `false` if it was not set.
    async fn resolve_attention(&self, tenant: TenantId, invoice: InvoiceId) -> StoreResult<bool>;
}

macro_rules! impl_comments {
    ($store:ident, $db:ty, $row:ty, $conn:ty) => {
        impl $store {
            fn comment_from_row(r: &$row) -> StoreResult<Comment> {
                Ok(Comment {
                    id: r.try_get("id")?,
                    invoice_number: r.try_get("number")?,
                    author: CommentAuthor::parse(r.try_get("author_kind")?)?,
                    user_id: r.try_get::<Option<i64>, _>("user_id")?.map(UserId),
                    author_name: r.try_get("author_name")?,
                    body: r.try_get("body")?,
                    created_at: r.try_get("created_at")?,
                })
            }
        }

        #[async_trait]
        impl CommentStore for $store {
            async fn add_comment(
                &self,
                tenant: TenantId,
                invoice: &Invoice,
                comment: &NewComment<'_>,
                audit: Option<&NewAuditEntry<'_>>,
            ) -> StoreResult<Comment> {
                let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO invoice_comments (tenant_id, invoice_id, author_kind, user_id, author_name, body, created_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                )
                .bind(tenant.0)
                .bind(invoice.id.0)
                .bind(comment.author.as_str())
                .bind(comment.user_id.map(|u| u.0))
                .bind(comment.author_name)
                .bind(comment.body.as_str())
                .bind(comment.now)
                .fetch_one(&mut *tx)
                .await?;
                let flag = match comment.author {
                    CommentAuthor::Customer => "TRUE",
                    CommentAuthor::Vendor if comment.resolve => "FALSE",
                    CommentAuthor::Vendor => "needs_attention",
                };
                let needs_attention: bool = sqlx::query_scalar(&format!(
                    "UPDATE invoices SET comment_count = comment_count + 1, needs_attention = {flag}, updated_at = $3 \
                     WHERE tenant_id = $1 AND id = $2 RETURNING needs_attention"
                ))
                .bind(tenant.0)
                .bind(invoice.id.0)
                .bind(self.now())
                .fetch_one(&mut *tx)
                .await?;
                let saved = Comment {
                    id,
                    invoice_number: invoice.number.clone(),
                    author: comment.author,
                    user_id: comment.user_id,
                    author_name: comment.author_name.to_string(),
                    body: comment.body.as_str().to_string(),
                    created_at: comment.now,
                };
                let event = DomainEvent::InvoiceCommentAdded(CommentEvent {
                    id: saved.public_id(),
                    invoice: invoice.number.clone(),
                    account: Self::account_external_id(&mut tx, invoice.account_id).await?,
                    author: comment.author.as_str(),
                    author_name: saved.author_name.clone(),
                    author_email: comment.author_email.map(str::to_string),
                    body: saved.body.clone(),
                    created_at: comment.now,
                    needs_attention,
                });
                Self::emit_event(&mut tx, tenant, &event, comment.now).await?;
                if let Some(audit) = audit {
                    Self::insert_audit(&mut tx, audit).await?;
                }
                tx.commit().await?;
                Ok(saved)
            }

            async fn comments(&self, tenant: TenantId, invoice: InvoiceId) -> StoreResult<Vec<Comment>> {
                let sql = format!(
                    "SELECT {COMMENT_COLUMNS} FROM invoice_comments c \
                     JOIN invoices i ON i.tenant_id = c.tenant_id AND i.id = c.invoice_id \
                     WHERE c.tenant_id = $1 AND c.invoice_id = $2 ORDER BY c.id"
                );
                let rows = sqlx::query(&sql).bind(tenant.0).bind(invoice.0).fetch_all(&self.pool).await?;
                rows.iter().map(Self::comment_from_row).collect()
            }

            async fn resolve_attention(&self, tenant: TenantId, invoice: InvoiceId) -> StoreResult<bool> {
                let done = sqlx::query(
                    "UPDATE invoices SET needs_attention = FALSE, updated_at = $3 \
                     WHERE tenant_id = $1 AND id = $2 AND needs_attention",
                )
                .bind(tenant.0)
                .bind(invoice.0)
                .bind(self.now())
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected() > 0)
            }
        }
    };
}

#[cfg(feature = "sqlite")]
impl_comments!(SqliteStore, Sqlite, SqliteRow, SqliteConnection);
#[cfg(feature = "postgres")]
impl_comments!(PostgresStore, Postgres, PgRow, PgConnection);
