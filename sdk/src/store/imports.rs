//! Writing a validated import batch (the import file and the API's record writes).

use std::collections::HashMap;

#[cfg(feature = "postgres")]
use sqlx::postgres::PgConnection;
#[cfg(feature = "sqlite")]
use sqlx::sqlite::SqliteConnection;

use super::prelude::*;
use crate::domain::ImportError;

const UPSERT_ACCOUNT: &str = "INSERT INTO accounts (tenant_id, external_id, name, currency, created_at, updated_at, \
    address, locale) VALUES ($1, $2, $3, $4, $5, $5, NULLIF($6, ''), NULLIF($7, '')) \
    ON CONFLICT (tenant_id, external_id) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at, \
    address = CASE WHEN $6 IS NULL THEN accounts.address ELSE NULLIF($6, '') END, \
    locale = CASE WHEN $7 IS NULL THEN accounts.locale ELSE NULLIF($7, '') END \
    RETURNING id, currency";

const ACCOUNT_ID_BY_EXTERNAL_ID: &str =
    "SELECT id FROM accounts WHERE tenant_id = $1 AND external_id = $2";

const UPSERT_MEMBERSHIP: &str = "INSERT INTO memberships (tenant_id, user_id, account_id, roles) \
    VALUES ($1, $2, $3, $4) \
    ON CONFLICT (tenant_id, user_id, account_id) DO UPDATE SET roles = excluded.roles";

const UPSERT_INVOICES_HEAD: &str =
    "INSERT INTO invoices (tenant_id, account_id, number, issued_on, due_on, \
    currency, subtotal_minor, tax_minor, total_minor, created_at, updated_at, po_number) ";

/// Updates an existing invoice only while it stays with its account and above what has been paid on it; a refused
/// row is missing from `RETURNING`.
const UPSERT_INVOICES_TAIL: &str = " ON CONFLICT (tenant_id, number) DO UPDATE SET issued_on = excluded.issued_on, due_on = excluded.due_on, \
    currency = excluded.currency, subtotal_minor = excluded.subtotal_minor, tax_minor = excluded.tax_minor, \
    total_minor = excluded.total_minor, updated_at = excluded.updated_at, po_number = excluded.po_number \
    WHERE invoices.account_id = excluded.account_id \
    AND invoices.paid_minor + invoices.pending_minor <= excluded.total_minor \
    RETURNING id, number";

const INSERT_LINES_HEAD: &str =
    "INSERT INTO invoice_lines (tenant_id, invoice_id, position, description, quantity, unit_price_minor, \
     amount_minor) ";

const INVOICE_CONFLICT: &str =
    "SELECT account_id, paid_minor + pending_minor AS paid_minor FROM invoices WHERE tenant_id = $1 AND number = $2";

const INVOICE_BY_NUMBER: &str =
    "SELECT id, account_id, total_minor FROM invoices WHERE tenant_id = $1 AND number = $2";

const UPSERT_PAYMENTS_HEAD: &str =
    "INSERT INTO payments (tenant_id, account_id, external_id, amount_minor, \
    currency, kind, reference, paid_on, status, created_at) ";

const UPSERT_PAYMENTS_TAIL: &str =
    " ON CONFLICT (tenant_id, account_id, external_id) DO UPDATE SET \
    amount_minor = excluded.amount_minor, kind = excluded.kind, reference = excluded.reference, \
    paid_on = excluded.paid_on RETURNING id, receipt_number, account_id, external_id";

const INSERT_ALLOCATIONS_HEAD: &str =
    "INSERT INTO allocations (tenant_id, payment_id, invoice_id, amount_minor) ";

/// Invoices written per multi-row statement during an import (12 parameters each).
const INVOICE_CHUNK: usize = 500;

/// Payments written per multi-row statement (9 parameters each).
const PAYMENT_CHUNK: usize = 500;

/// Allocations written per multi-row statement (4 parameters each).
const ALLOCATION_CHUNK: usize = 1000;

/// Invoice lines written per multi-row statement (6 parameters each).
const LINE_CHUNK: usize = 1000;

/// Imports with at least this many invoices and payments refresh planner statistics while and after they load.
const BULK_LOAD_RECORDS: usize = 5_000;

fn is_bulk_load(batch: &Batch) -> bool {
    batch.invoices.len() + batch.payments.len() >= BULK_LOAD_RECORDS
}

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
                let summary =
                    Self::import_in_transaction(&mut tx, tenant, batch, progress, self.now())
                        .await?;
                tx.commit().await?;
                if let Some(analyze) = <$store as Dialect>::AFTER_BULK_LOAD {
                    if is_bulk_load(batch) {
                        sqlx::query(analyze).execute(&self.pool).await?;
                    }
                }
                Ok(summary)
            }
        }
    };
}

#[cfg(feature = "sqlite")]
impl_imports!(SqliteStore, Sqlite, SqliteRow, SqliteConnection);
#[cfg(feature = "postgres")]
impl_imports!(PostgresStore, Postgres, PgRow, PgConnection);

/// The import's own steps, on one transaction's connection: upserting in batches, resolving references, recomputing
/// what is paid on the invoices it touches.
macro_rules! import_steps {
    ($store:ident, $db:ty, $row:ty, $conn:ty) => {
        impl $store {
            /// `invoice.created` for the invoices this import inserted (their `created_at` is the import's).
            pub(super) async fn emit_invoices_created(conn: &mut $conn, tenant: TenantId, at: OffsetDateTime) -> StoreResult<()> {
                let rows: Vec<(String, String, i64, String)> = sqlx::query_as(
                    "SELECT i.number, a.external_id, i.total_minor, i.currency FROM invoices i \
                     JOIN accounts a ON a.tenant_id = i.tenant_id AND a.id = i.account_id \
                     WHERE i.tenant_id = $1 AND i.created_at = $2 ORDER BY i.id",
                )
                .bind(tenant.0)
                .bind(at)
                .fetch_all(&mut *conn)
                .await?;
                let mut events = Vec::with_capacity(rows.len());
                for (number, account, total, cur) in rows {
                    let total = Money::from_minor(total, currency(&cur)?);
                    events.push(DomainEvent::InvoiceCreated(InvoiceCreated {
                        number,
                        account,
                        currency: cur,
                        total: total.to_decimal_string(),
                    }));
                }
                Self::emit_events(conn, tenant, &events, at.unix_timestamp()).await?;
                Ok(())
            }

            /// Which of `numbers` are paid in full (and their account's external id).
            pub(super) async fn paid_among_with_account(
                conn: &mut $conn,
                tenant: TenantId,
                numbers: &[String],
            ) -> StoreResult<Vec<(String, String)>> {
                let mut qb: QueryBuilder<$db> = QueryBuilder::new(
                    "SELECT i.number, a.external_id FROM invoices i \
                     JOIN accounts a ON a.tenant_id = i.tenant_id AND a.id = i.account_id WHERE i.tenant_id = ",
                );
                qb.push_bind(tenant.0)
                    .push(" AND i.paid_minor >= i.total_minor AND NOT i.voided AND i.number IN (");
                push_in_list(&mut qb, numbers);
                Ok(qb.build_query_as().fetch_all(&mut *conn).await?)
            }

            pub(super) async fn paid_among(conn: &mut $conn, tenant: TenantId, numbers: &[String]) -> StoreResult<Vec<String>> {
                Ok(Self::paid_among_with_account(conn, tenant, numbers)
                    .await?
                    .into_iter()
                    .map(|(number, _)| number)
                    .collect())
            }

            /// Explains why an invoice's upsert was refused (see `UPSERT_INVOICES_TAIL`).
            pub(super) async fn invoice_conflict(
                conn: &mut $conn,
                tenant: TenantId,
                i: usize,
                inv: &InvoiceRecord,
                account_id: i64,
            ) -> StoreError {
                let row = match sqlx::query(INVOICE_CONFLICT)
                    .bind(tenant.0)
                    .bind(&inv.number)
                    .fetch_one(&mut *conn)
                    .await
                {
                    Ok(row) => row,
                    Err(e) => return e.into(),
                };
                let (owner, paid) = match (row.try_get::<i64, _>("account_id"), row.try_get::<i64, _>("paid_minor")) {
                    (Ok(owner), Ok(paid)) => (owner, Money::from_minor(paid, inv.currency)),
                    (Err(e), _) | (_, Err(e)) => return e.into(),
                };
                let (path, message) = if owner != account_id {
                    (
                        format!("invoices[{i}].account"),
                        format!("invoice {:?} already belongs to another account", inv.number),
                    )
                } else {
                    (
                        format!("invoices[{i}].lines"),
                        format!(
                            "the new total {} is less than the {paid} already paid (or being paid) on invoice {:?}",
                            inv.total, inv.number
                        ),
                    )
                };
                ImportError::new(path, message).into()
            }

            pub(super) async fn account_id(
                conn: &mut $conn,
                cache: &mut HashMap<String, i64>,
                tenant: TenantId,
                external_id: &str,
                path: impl FnOnce() -> String,
            ) -> StoreResult<i64> {
                if let Some(id) = cache.get(external_id) {
                    return Ok(*id);
                }
                let id: Option<i64> = sqlx::query_scalar(ACCOUNT_ID_BY_EXTERNAL_ID)
                    .bind(tenant.0)
                    .bind(external_id)
                    .fetch_optional(&mut *conn)
                    .await?;
                let id = id.ok_or_else(|| ImportError::new(path(), format!("unknown account {external_id:?}")))?;
                cache.insert(external_id.to_string(), id);
                Ok(id)
            }

            /// Accounts, then contacts with their memberships; returns the accounts' ids by external id.
            pub(super) async fn import_parties(
                conn: &mut $conn,
                tenant: TenantId,
                batch: &Batch,
                at: OffsetDateTime,
                tick: &mut (dyn FnMut() + Send),
            ) -> StoreResult<HashMap<String, i64>> {
                let mut accounts: HashMap<String, i64> = HashMap::new();
                for (i, a) in batch.accounts.iter().enumerate() {
                    let row = sqlx::query(UPSERT_ACCOUNT)
                        .bind(tenant.0)
                        .bind(&a.external_id)
                        .bind(&a.name)
                        .bind(a.currency.code())
                        .bind(at)
                        .bind(&a.address)
                        .bind(a.locale.map(|l| l.map_or("", |l| l.code())))
                        .fetch_one(&mut *conn)
                        .await?;
                    let stored: String = row.try_get("currency")?;
                    if stored != a.currency.code() {
                        return Err(ImportError::conflict(
                            format!("accounts[{i}].currency"),
                            format!("account {:?} already bills in {stored}", a.external_id),
                        )
                        .into());
                    }
                    accounts.insert(a.external_id.clone(), row.try_get("id")?);
                    tick();
                }

                for (i, c) in batch.contacts.iter().enumerate() {
                    let user_id: i64 = sqlx::query_scalar(UPSERT_USER)
                        .bind(tenant.0)
                        .bind(c.email.as_str())
                        .bind(&c.name)
                        .bind(at)
                        .fetch_one(&mut *conn)
                        .await?;
                    for (j, (account, roles)) in c.memberships.iter().enumerate() {
                        let account_id = Self::account_id(conn, &mut accounts, tenant, account, || {
                            format!("contacts[{i}].memberships[{j}].account")
                        })
                        .await?;
                        sqlx::query(UPSERT_MEMBERSHIP)
                            .bind(tenant.0)
                            .bind(user_id)
                            .bind(account_id)
                            .bind(roles.to_storage())
                            .execute(&mut *conn)
                            .await?;
                        Self::membership_changed(
                            conn,
                            tenant,
                            AccountId(account_id),
                            c.email.as_str(),
                            Some(*roles),
                            at.unix_timestamp(),
                        )
                        .await?;
                    }
                    tick();
                }
                Ok(accounts)
            }
        }
    };
}

/// The import itself, in one transaction: accounts, contacts and memberships, invoices in chunks, payments and
/// their allocations, then what became paid.
macro_rules! import_transaction {
    ($store:ident, $db:ty, $row:ty, $conn:ty) => {
        impl $store {
            pub(super) async fn import_in_transaction(
                conn: &mut $conn,
                tenant: TenantId,
                batch: &Batch,
                progress: &(dyn Fn(u64) + Sync),
                at: OffsetDateTime,
            ) -> StoreResult<ImportSummary> {
                let mut written = 0u64;
                let mut tick = || {
                    written += 1;
                    if written % 500 == 0 {
                        progress(written);
                    }
                };
                let mut accounts = Self::import_parties(conn, tenant, batch, at, &mut tick).await?;

                // invoice number → (id, account id)
                let mut invoices: HashMap<String, (i64, i64)> = HashMap::new();
                for (chunk_no, chunk) in batch.invoices.chunks(INVOICE_CHUNK).enumerate() {
                    let first = chunk_no * INVOICE_CHUNK;
                    let mut account_ids = Vec::with_capacity(chunk.len());
                    for (k, inv) in chunk.iter().enumerate() {
                        let i = first + k;
                        account_ids.push(
                            Self::account_id(conn, &mut accounts, tenant, &inv.account, || {
                                format!("invoices[{i}].account")
                            })
                            .await?,
                        );
                    }
                    let mut qb: QueryBuilder<$db> = QueryBuilder::new(UPSERT_INVOICES_HEAD);
                    qb.push_values(chunk.iter().zip(&account_ids), |mut b, (inv, account_id)| {
                        b.push_bind(tenant.0)
                            .push_bind(*account_id)
                            .push_bind(inv.number.clone())
                            .push_bind(inv.issued_on)
                            .push_bind(inv.due_on)
                            .push_bind(inv.currency.code())
                            .push_bind(inv.subtotal.minor())
                            .push_bind(inv.tax.minor())
                            .push_bind(inv.total.minor())
                            .push_bind(at)
                            .push_bind(at)
                            .push_bind(inv.po_number.clone());
                    });
                    qb.push(UPSERT_INVOICES_TAIL);
                    let rows: Vec<(i64, String)> = qb.build_query_as().fetch_all(&mut *conn).await?;
                    let ids: HashMap<String, i64> = rows.into_iter().map(|(id, n)| (n, id)).collect();
                    for (k, (inv, account_id)) in chunk.iter().zip(&account_ids).enumerate() {
                        match ids.get(&inv.number) {
                            Some(id) => {
                                invoices.insert(inv.number.clone(), (*id, *account_id));
                            }
                            None => {
                                return Err(Self::invoice_conflict(conn, tenant, first + k, inv, *account_id).await)
                            }
                        }
                    }
                    let chunk_ids: Vec<i64> = chunk.iter().map(|inv| ids[&inv.number]).collect();
                    let mut qb: QueryBuilder<$db> = QueryBuilder::new("DELETE FROM invoice_lines WHERE tenant_id = ");
                    qb.push_bind(tenant.0).push(" AND invoice_id IN (");
                    let mut sep = qb.separated(", ");
                    for id in &chunk_ids {
                        sep.push_bind(*id);
                    }
                    sep.push_unseparated(")");
                    qb.build().execute(&mut *conn).await?;
                    let lines: Vec<(i64, usize, &InvoiceLine)> = chunk
                        .iter()
                        .zip(&chunk_ids)
                        .flat_map(|(inv, id)| inv.lines.iter().enumerate().map(move |(pos, l)| (*id, pos, l)))
                        .collect();
                    for part in lines.chunks(LINE_CHUNK) {
                        let mut qb: QueryBuilder<$db> = QueryBuilder::new(INSERT_LINES_HEAD);
                        qb.push_values(part, |mut b, (id, pos, line)| {
                            b.push_bind(tenant.0)
                                .push_bind(*id)
                                .push_bind(*pos as i64)
                                .push_bind(line.description.clone())
                                .push_bind(line.quantity.to_string())
                                .push_bind(line.unit_price.minor())
                                .push_bind(line.amount.minor());
                        });
                        qb.build().execute(&mut *conn).await?;
                    }
                    for _ in chunk {
                        tick();
                    }
                }

                // invoice id → path of the last allocation in the file that touches it
                let mut touched: Vec<(i64, Option<String>)> = Vec::new();
                // Invoices the payments touch, and which of them are paid already: those that become paid get an
                // `invoice.paid` event below.
                let mut paid_before = std::collections::BTreeSet::new();
                let allocated_to: Vec<String> = {
                    let mut t: Vec<String> = batch
                        .payments
                        .iter()
                        .flat_map(|p| p.allocations.iter().map(|(n, _)| n.clone()))
                        .collect();
                    t.sort();
                    t.dedup();
                    t
                };
                for chunk in allocated_to.chunks(500) {
                    for number in Self::paid_among(conn, tenant, chunk).await? {
                        paid_before.insert(number);
                    }
                }
                let mut unnumbered: Vec<i64> = Vec::new();
                // (payment id, invoice id, amount), inserted once every payment is written.
                let mut allocations: Vec<(i64, i64, i64)> = Vec::new();
                // A chunk of payments at a time: one multi-row upsert, one read and one delete of their previous
                // allocations — a handful of round trips per 500 payments instead of four or more per payment.
                for (chunk_no, chunk) in batch.payments.chunks(PAYMENT_CHUNK).enumerate() {
                    let first = chunk_no * PAYMENT_CHUNK;
                    let mut account_ids = Vec::with_capacity(chunk.len());
                    for (k, pay) in chunk.iter().enumerate() {
                        let i = first + k;
                        account_ids.push(
                            Self::account_id(conn, &mut accounts, tenant, &pay.account, || {
                                format!("payments[{i}].account")
                            })
                            .await?,
                        );
                    }
                    let mut qb: QueryBuilder<$db> = QueryBuilder::new(UPSERT_PAYMENTS_HEAD);
                    qb.push_values(chunk.iter().zip(&account_ids), |mut b, (pay, account_id)| {
                        b.push_bind(tenant.0)
                            .push_bind(*account_id)
                            .push_bind(pay.external_id.clone())
                            .push_bind(pay.amount.minor())
                            .push_bind(pay.amount.currency().code())
                            .push_bind(pay.kind.as_str())
                            .push_bind(pay.reference.clone())
                            .push_bind(pay.paid_on)
                            .push("'succeeded'")
                            .push_bind(at);
                    });
                    qb.push(UPSERT_PAYMENTS_TAIL);
                    // (account id, external id) → (payment id, receipt number): RETURNING's order is not the rows'.
                    let written: HashMap<(i64, String), (i64, Option<i64>)> = qb
                        .build_query_as::<(i64, Option<i64>, i64, String)>()
                        .fetch_all(&mut *conn)
                        .await?
                        .into_iter()
                        .map(|(id, receipt, account, external)| ((account, external), (id, receipt)))
                        .collect();
                    let mut payment_ids = Vec::with_capacity(chunk.len());
                    for (pay, account_id) in chunk.iter().zip(&account_ids) {
                        let &(id, receipt) = written
                            .get(&(*account_id, pay.external_id.clone()))
                            .ok_or_else(|| StoreError::Corrupt(format!("payment {:?} not written", pay.external_id)))?;
                        if receipt.is_none() {
                            unnumbered.push(id);
                        }
                        payment_ids.push(id);
                    }
                    // Internal ids from the store, not input: written into the SQL as numbers.
                    let list = payment_ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
                    let previous: Vec<i64> =
                        sqlx::query_scalar(&format!("SELECT invoice_id FROM allocations WHERE payment_id IN ({list})"))
                            .fetch_all(&mut *conn)
                            .await?;
                    touched.extend(previous.into_iter().map(|id| (id, None)));
                    sqlx::query(&format!("DELETE FROM allocations WHERE payment_id IN ({list})"))
                        .execute(&mut *conn)
                        .await?;
                    for (k, ((pay, account_id), payment_id)) in
                        chunk.iter().zip(&account_ids).zip(&payment_ids).enumerate()
                    {
                        let i = first + k;
                        for (j, (number, amount)) in pay.allocations.iter().enumerate() {
                            let path = format!("payments[{i}].allocations[{j}]");
                            let invoice_id = match invoices.get(number) {
                                Some((id, owner)) if owner == account_id => *id,
                                Some(_) => {
                                    return Err(ImportError::new(
                                        format!("{path}.invoice"),
                                        format!("invoice {number:?} belongs to another account"),
                                    )
                                    .into())
                                }
                                None => {
                                    let row = sqlx::query(INVOICE_BY_NUMBER)
                                        .bind(tenant.0)
                                        .bind(number)
                                        .fetch_optional(&mut *conn)
                                        .await?
                                        .ok_or_else(|| {
                                            ImportError::new(
                                                format!("{path}.invoice"),
                                                format!("unknown invoice {number:?}"),
                                            )
                                        })?;
                                    let (id, owner): (i64, i64) = (row.try_get("id")?, row.try_get("account_id")?);
                                    invoices.insert(number.clone(), (id, owner));
                                    if owner != *account_id {
                                        return Err(ImportError::new(
                                            format!("{path}.invoice"),
                                            format!("invoice {number:?} belongs to another account"),
                                        )
                                        .into());
                                    }
                                    id
                                }
                            };
                            allocations.push((*payment_id, invoice_id, amount.minor()));
                            touched.push((invoice_id, Some(format!("{path}.amount"))));
                        }
                    }
                    for _ in chunk {
                        tick();
                    }
                }
                // A big load refreshes the planner's statistics before the allocations are inserted and the totals
                // summed: PostgreSQL plans each allocation's foreign-key checks once per connection, and planned
                // against the nearly empty tables of a first import it scanned the payments table for every row
                // (55,000 payments took minutes). ANALYZE inside the transaction sees its own rows.
                if let Some(analyze) = <$store as Dialect>::AFTER_BULK_LOAD {
                    if is_bulk_load(batch) {
                        sqlx::query(analyze).execute(&mut *conn).await?;
                    }
                }
                for part in allocations.chunks(ALLOCATION_CHUNK) {
                    let mut qb: QueryBuilder<$db> = QueryBuilder::new(INSERT_ALLOCATIONS_HEAD);
                    qb.push_values(part, |mut b, (payment_id, invoice_id, amount)| {
                        b.push_bind(tenant.0).push_bind(*payment_id).push_bind(*invoice_id).push_bind(*amount);
                    });
                    qb.build().execute(&mut *conn).await?;
                }

                let mut blame: HashMap<i64, Option<String>> = HashMap::new();
                for (id, path) in touched {
                    let entry = blame.entry(id).or_insert(None);
                    if path.is_some() {
                        *entry = path;
                    }
                }
                let mut ids: Vec<_> = blame.keys().copied().collect();
                ids.sort_unstable();
                // Each invoice is locked (in id order, as every payment path does) before what has been paid on it
                // is summed and written: under READ COMMITTED a concurrent payment's allocations would otherwise be
                // invisible here, and its paid total overwritten. Once the lock is held, the next statement sees
                // everything committed before.
                // A chunk at a time: the chunk's rows locked in id order in one statement (where the store has row
                // locks), what has been paid on each summed in one query, and written in one UPDATE — three round
                // trips per 500 invoices instead of three per invoice.
                for chunk in ids.chunks(INVOICE_CHUNK) {
                    // Internal ids from the store, not input: written into the SQL as numbers.
                    let list = chunk.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
                    if <$store as Dialect>::LOCK_INVOICE.is_some() {
                        sqlx::query(&format!(
                            "SELECT id FROM invoices WHERE tenant_id = $1 AND id IN ({list}) ORDER BY id \
                             FOR NO KEY UPDATE"
                        ))
                        .bind(tenant.0)
                        .fetch_all(&mut *conn)
                        .await?;
                    }
                    let rows = sqlx::query(&format!(
                        "SELECT i.id, i.number, i.total_minor, i.currency, i.pending_minor, \
                         CAST(COALESCE(s.paid, 0) AS BIGINT) AS paid FROM invoices i LEFT JOIN \
                         (SELECT a.invoice_id, SUM(a.amount_minor) AS paid FROM allocations a \
                          JOIN payments p ON p.id = a.payment_id \
                          WHERE p.status = 'succeeded' AND a.invoice_id IN ({list}) GROUP BY a.invoice_id) s \
                         ON s.invoice_id = i.id WHERE i.tenant_id = $1 AND i.id IN ({list}) ORDER BY i.id"
                    ))
                    .bind(tenant.0)
                    .fetch_all(&mut *conn)
                    .await?;
                    let mut paid_by_id = Vec::with_capacity(rows.len());
                    for row in &rows {
                        let id: i64 = row.try_get("id")?;
                        let (number, total, paid): (String, i64, i64) =
                            (row.try_get("number")?, row.try_get("total_minor")?, row.try_get("paid")?);
                        // Amounts being paid online right now (checkouts, unsettled ACH) count too, so an offline
                        // payment can't take an invoice over its total under a payment in progress.
                        let pending: i64 = row.try_get("pending_minor")?;
                        if paid + pending > total {
                            let cur = currency(row.try_get("currency")?)?;
                            let path = blame.remove(&id).flatten().unwrap_or_else(|| "payments".to_string());
                            return Err(ImportError::new(
                                path,
                                if pending > 0 {
                                    format!(
                                        "payments to invoice {number:?} would add up to {}, and {} of it is being \
                                         paid online right now: more than its total of {}",
                                        Money::from_minor(paid, cur),
                                        Money::from_minor(pending, cur),
                                        Money::from_minor(total, cur),
                                    )
                                } else {
                                    format!(
                                        "payments to invoice {number:?} would add up to {}, more than its total of {}",
                                        Money::from_minor(paid, cur),
                                        Money::from_minor(total, cur),
                                    )
                                },
                            )
                            .into());
                        }
                        paid_by_id.push(format!("WHEN {id} THEN {paid}"));
                    }
                    if paid_by_id.is_empty() {
                        continue;
                    }
                    sqlx::query(&format!(
                        "UPDATE invoices SET paid_minor = CASE id {} END WHERE tenant_id = $1 AND id IN ({list})",
                        paid_by_id.join(" ")
                    ))
                    .bind(tenant.0)
                    .execute(&mut *conn)
                    .await?;
                }
                let mut touched_accounts: Vec<i64> = invoices.values().map(|(_, account)| *account).collect();
                for pay in &batch.payments {
                    if let Some(id) = accounts.get(&pay.account) {
                        touched_accounts.push(*id);
                    }
                }
                touched_accounts.sort_unstable();
                touched_accounts.dedup();
                for account in touched_accounts {
                    Self::refresh_account_totals(conn, tenant, account).await?;
                }
                if !batch.invoices.is_empty() {
                    Self::emit_invoices_created(conn, tenant, at).await?;
                }
                let mut paid_now = Vec::new();
                for chunk in allocated_to.chunks(500) {
                    for (number, account) in Self::paid_among_with_account(conn, tenant, chunk).await? {
                        if !paid_before.contains(&number) {
                            paid_now.push(DomainEvent::InvoicePaid(InvoicePaid { number, account }));
                        }
                    }
                }
                Self::emit_events(conn, tenant, &paid_now, at.unix_timestamp()).await?;
                // New payments' receipt numbers, taken last (see NEXT_RECEIPT_NUMBERS).
                if !unnumbered.is_empty() {
                    let last: i64 = sqlx::query_scalar(super::payments::NEXT_RECEIPT_NUMBERS)
                        .bind(tenant.0)
                        .bind(unnumbered.len() as i64)
                        .fetch_one(&mut *conn)
                        .await?;
                    let first = last - unnumbered.len() as i64 + 1;
                    let numbered: Vec<(i64, &i64)> = (first..).zip(&unnumbered).collect();
                    for part in numbered.chunks(PAYMENT_CHUNK) {
                        // Internal ids and counter values, not input: written into the SQL as numbers.
                        let cases = part.iter().map(|(n, id)| format!("WHEN {id} THEN {n}")).collect::<Vec<_>>();
                        let list = part.iter().map(|(_, id)| id.to_string()).collect::<Vec<_>>().join(", ");
                        sqlx::query(&format!(
                            "UPDATE payments SET receipt_number = CASE id {} END \
                             WHERE id IN ({list}) AND receipt_number IS NULL",
                            cases.join(" ")
                        ))
                        .execute(&mut *conn)
                        .await?;
                    }
                }
                Self::import_subscriptions(conn, tenant, &batch.subscriptions, &mut accounts, at).await?;
                Self::import_estimates(conn, tenant, &batch.estimates, &mut accounts, at).await?;
                progress(written);
                Ok(ImportSummary {
                    accounts: batch.accounts.len() as u64,
                    contacts: batch.contacts.len() as u64,
                    invoices: batch.invoices.len() as u64,
                    payments: batch.payments.len() as u64,
                    subscriptions: batch.subscriptions.len() as u64,
                    estimates: batch.estimates.len() as u64,
                })
            }
        }
    };
}

#[cfg(feature = "sqlite")]
import_steps!(SqliteStore, Sqlite, SqliteRow, SqliteConnection);
#[cfg(feature = "sqlite")]
import_transaction!(SqliteStore, Sqlite, SqliteRow, SqliteConnection);
#[cfg(feature = "postgres")]
import_steps!(PostgresStore, Postgres, PgRow, PgConnection);
#[cfg(feature = "postgres")]
import_transaction!(PostgresStore, Postgres, PgRow, PgConnection);
