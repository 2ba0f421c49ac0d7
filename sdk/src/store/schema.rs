//! The schema: which database, and its migrations.

use super::prelude::*;

/// The schema: which database, and its migrations.
#[async_trait]
pub trait SchemaStore: Send + Sync {
    /// Which database this store talks to.
    fn backend(&self) -> Backend;
    /// Applies pending migrations (idempotent; safe when several hosts start at once).
    async fn migrate(&self) -> StoreResult<()>;
    /// Versions of the migrations applied so far, in order.
    async fn applied_migrations(&self) -> StoreResult<Vec<i64>>;
}

macro_rules! impl_schema {
    ($store:ident, $db:ty, $row:ty, $conn:ty) => {
        #[async_trait]
        impl SchemaStore for $store {
            fn backend(&self) -> Backend {
                <$store as Dialect>::BACKEND
            }

            async fn migrate(&self) -> StoreResult<()> {
                let mut conn = self.pool.acquire().await?;
                if let Some((lock, _)) = <$store as Dialect>::MIGRATION_LOCK {
                    sqlx::query(lock).execute(&mut *conn).await?;
                }
                let result = Self::run_migrations(&mut conn).await;
                if let Some((_, unlock)) = <$store as Dialect>::MIGRATION_LOCK {
                    sqlx::query(unlock).execute(&mut *conn).await?;
                }
                result
            }

            async fn applied_migrations(&self) -> StoreResult<Vec<i64>> {
                Ok(
                    sqlx::query_scalar("SELECT version FROM billfold_migrations ORDER BY version")
                        .fetch_all(&self.pool)
                        .await?,
                )
            }
        }
    };
}

#[cfg(feature = "sqlite")]
impl_schema!(SqliteStore, Sqlite, SqliteRow, SqliteConnection);
#[cfg(feature = "postgres")]
impl_schema!(PostgresStore, Postgres, PgRow, PgConnection);
