//! Writing a validated import batch (the import file and the API's record writes).

use super::prelude::*;

/// Writing a validated import batch (the import file and the API's record writes).
#[async_trait]
pub trait ImportStore: Send + Sync {
    /// Writes a validated import batch in one transaction: all of it or, on any error, none of it.
    /// `progress` is called with the number of records written so far.
    async fn apply_import(
        &self,
        tenant: TenantId,
        batch: &Batch,
        progress: &(dyn Fn(u64) + Sync),
    ) -> StoreResult<ImportSummary>;
}

macro_rules! impl_imports {
    ($store:ident, $db:ty, $row:ty, $conn:ty) => {
        #[async_trait]
        impl ImportStore for $store {
            async fn apply_import(
                &self,
                tenant: TenantId,
                batch: &Batch,
                progress: &(dyn Fn(u64) + Sync),
            ) -> StoreResult<ImportSummary> {
                let mut tx = self
                    .pool
                    .begin_with(<$store as Dialect>::BEGIN_WRITE)
                    .await?;
                let summary = Self::import_in_transaction(&mut tx, tenant, batch, progress).await?;
                tx.commit().await?;
                if let Some(analyze) = <$store as Dialect>::AFTER_BULK_LOAD {
                    if batch.invoices.len() >= BULK_LOAD_INVOICES {
                        sqlx::query(analyze).execute(&self.pool).await?;
                    }
                }
                Ok(summary)
            }
        }
    };
}

impl_imports!(SqliteStore, Sqlite, SqliteRow, SqliteConnection);
impl_imports!(PostgresStore, Postgres, PgRow, PgConnection);
