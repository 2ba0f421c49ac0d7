//! What the store's files share: the two backends and their [`Dialect`], the SQL helpers and row mappers of
//! `sql.rs`, and the types that appear in the stores' signatures.

pub(super) use async_trait::async_trait;
#[cfg(feature = "postgres")]
pub(super) use sqlx::postgres::{PgRow, Postgres};
#[cfg(feature = "sqlite")]
pub(super) use sqlx::{sqlite::SqliteRow, Sqlite};
pub(super) use sqlx::{QueryBuilder, Row};
pub(super) use time::OffsetDateTime;

pub(super) use super::sql::*;
pub(super) use super::{Backend, PurgeBefore, Purged, StoreError, StoreResult, StoredSsoKey};
pub(super) use crate::domain::*;
pub(super) use crate::money::Money;
