//! AutoPay enrolments and attempts.

#[cfg(feature = "postgres")]
use sqlx::postgres::PgConnection;
#[cfg(feature = "sqlite")]
use sqlx::sqlite::SqliteConnection;

use super::invoices::INVOICE_COLUMNS;
use super::prelude::*;
use super::saved_methods::SAVED_METHOD_COLUMNS;

const ENROLLMENT_COLUMNS: &str = "en.id AS enrollment_id, en.account_id AS enrolled_account_id, en.saved_method_id, \
    en.enrolled_by, u.email AS enrolled_by_email, en.enrolled_at, en.authorization_text, en.failures, en.suspended_at";

const ENROLLMENTS_FROM: &str =
    "FROM autopay_enrollments en LEFT JOIN users u ON u.tenant_id = en.tenant_id AND u.id = en.enrolled_by";

/// AutoPay enrolments and attempts.
#[async_trait]
pub trait AutopayStore: Send + Sync {
    /// The account's current enrolment (active or suspended), if any.
    async fn autopay_enrollment(
        &self,
        tenant: TenantId,
        account: AccountId,
    ) -> StoreResult<Option<AutopayEnrollment>>;
    /// Enrols the account with saved method `method` (replacing a current enrolment), keeping the authorisation
    /// text, with `autopay.enabled` and `audit`. `None` if the method isn't the account's (or was removed).
    async fn enroll_autopay(
        &self,
        tenant: TenantId,
        account: AccountId,
        method: i64,
        user: UserId,
        authorization_text: &str,
        audit: &NewAuditEntry<'_>,
    ) -> StoreResult<Option<AutopayEnrollment>>;
    /// Turns the account's AutoPay off, with `autopay.disabled` and `audit`. `false` if it wasn't on.
    async fn disenroll_autopay(
        &self,
        tenant: TenantId,
        account: AccountId,
        user: UserId,
        audit: &NewAuditEntry<'_>,
    ) -> StoreResult<bool>;
    /// Open invoices of active enrolments issued by `today` and not yet attempted on `today` (for tenants paying
    /// on the due date, only those due by `today`), at most `limit`, across tenants.
    async fn autopay_candidates(
        &self,
        today: time::Date,
        limit: i64,
    ) -> StoreResult<Vec<AutopayCandidate>>;
    /// Claims the day's one attempt on `invoice` for `enrollment`; `false` if another run already has it.
    async fn claim_autopay_attempt(&self, attempt: &AutopayAttempt, now: i64) -> StoreResult<bool>;
    /// Records how the attempt ended: a payment resets the enrolment's failures, a failure counts one, and the
    /// `max_failures`-th in a row suspends it (with `autopay.disabled`).
    async fn record_autopay_attempt(
        &self,
        attempt: &AutopayAttempt,
        outcome: AutopayOutcome,
        max_failures: u32,
        now: i64,
    ) -> StoreResult<AutopayAfter>;
}

macro_rules! impl_autopay {
    ($store:ident, $db:ty, $row:ty, $conn:ty) => {
        impl $store {
            async fn enrollment_from_row(conn: &mut $conn, tenant: TenantId, r: &$row) -> StoreResult<AutopayEnrollment> {
                let method_id: i64 = r.try_get("saved_method_id")?;
                let method = sqlx::query(&format!(
                    "SELECT {SAVED_METHOD_COLUMNS} FROM saved_methods WHERE tenant_id = $1 AND id = $2 AND removed_at IS NULL"
                ))
                .bind(tenant.0)
                .bind(method_id)
                .fetch_optional(&mut *conn)
                .await?
                .map(|m| Self::saved_method_from_row(&m))
                .transpose()?;
                Ok(AutopayEnrollment {
                    id: r.try_get("enrollment_id")?,
                    account_id: AccountId(r.try_get("enrolled_account_id")?),
                    method,
                    method_id,
                    enrolled_by: UserId(r.try_get("enrolled_by")?),
                    enrolled_by_email: r.try_get("enrolled_by_email")?,
                    enrolled_at: r.try_get("enrolled_at")?,
                    authorization_text: r.try_get("authorization_text")?,
                    failures: r.try_get("failures")?,
                    suspended_at: r.try_get("suspended_at")?,
                })
            }

            async fn current_enrollment(conn: &mut $conn, tenant: TenantId, account: AccountId) -> StoreResult<Option<AutopayEnrollment>> {
                let row = sqlx::query(&format!(
                    "SELECT {ENROLLMENT_COLUMNS} {ENROLLMENTS_FROM} WHERE en.tenant_id = $1 AND en.account_id = $2 \
                     AND en.disabled_at IS NULL"
                ))
                .bind(tenant.0)
                .bind(account.0)
                .fetch_optional(&mut *conn)
                .await?;
                match row {
                    Some(r) => Ok(Some(Self::enrollment_from_row(conn, tenant, &r).await?)),
                    None => Ok(None),
                }
            }

            fn autopay_event(e: &AutopayEnrollment, account: String, by: Option<String>, reason: &'static str) -> AutopayEvent {
                AutopayEvent {
                    account,
                    payment_method: e.method.as_ref().map(|m| m.public_id.clone()),
                    changed_by: by,
                    reason,
                    authorization_text: (reason == "enrolled").then(|| e.authorization_text.clone()),
                }
            }
        }

        #[async_trait]
        impl AutopayStore for $store {
            async fn autopay_enrollment(&self, tenant: TenantId, account: AccountId) -> StoreResult<Option<AutopayEnrollment>> {
                let mut conn = self.pool.acquire().await?;
                Self::current_enrollment(&mut conn, tenant, account).await
            }

            async fn enroll_autopay(
                &self,
                tenant: TenantId,
                account: AccountId,
                method: i64,
                user: UserId,
                authorization_text: &str,
                audit: &NewAuditEntry<'_>,
            ) -> StoreResult<Option<AutopayEnrollment>> {
                let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                let owned: Option<i64> = sqlx::query_scalar(
                    "SELECT id FROM saved_methods WHERE tenant_id = $1 AND account_id = $2 AND id = $3 AND removed_at IS NULL",
                )
                .bind(tenant.0)
                .bind(account.0)
                .bind(method)
                .fetch_optional(&mut *tx)
                .await?;
                if owned.is_none() {
                    return Ok(None);
                }
                sqlx::query(
                    "UPDATE autopay_enrollments SET disabled_at = $3, disabled_by = $4 \
                     WHERE tenant_id = $1 AND account_id = $2 AND disabled_at IS NULL",
                )
                .bind(tenant.0)
                .bind(account.0)
                .bind(audit.now)
                .bind(user.0)
                .execute(&mut *tx)
                .await?;
                sqlx::query(
                    "INSERT INTO autopay_enrollments (tenant_id, account_id, saved_method_id, enrolled_by, enrolled_at, \
                     authorization_text) VALUES ($1, $2, $3, $4, $5, $6)",
                )
                .bind(tenant.0)
                .bind(account.0)
                .bind(method)
                .bind(user.0)
                .bind(audit.now)
                .bind(authorization_text)
                .execute(&mut *tx)
                .await?;
                let Some(enrollment) = Self::current_enrollment(&mut tx, tenant, account).await? else {
                    return Ok(None);
                };
                let external = Self::account_external_id(&mut tx, account).await?;
                let event = DomainEvent::AutopayEnabled(Self::autopay_event(
                    &enrollment,
                    external,
                    enrollment.enrolled_by_email.clone(),
                    "enrolled",
                ));
                Self::emit_event(&mut tx, tenant, &event, audit.now).await?;
                Self::insert_audit(&mut tx, audit).await?;
                tx.commit().await?;
                Ok(Some(enrollment))
            }

            async fn disenroll_autopay(
                &self,
                tenant: TenantId,
                account: AccountId,
                user: UserId,
                audit: &NewAuditEntry<'_>,
            ) -> StoreResult<bool> {
                let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                let Some(enrollment) = Self::current_enrollment(&mut tx, tenant, account).await? else {
                    return Ok(false);
                };
                sqlx::query("UPDATE autopay_enrollments SET disabled_at = $2, disabled_by = $3 WHERE id = $1")
                    .bind(enrollment.id)
                    .bind(audit.now)
                    .bind(user.0)
                    .execute(&mut *tx)
                    .await?;
                let external = Self::account_external_id(&mut tx, account).await?;
                let event = DomainEvent::AutopayDisabled(Self::autopay_event(
                    &enrollment,
                    external,
                    Some(audit.actor.name.clone()),
                    "turned_off",
                ));
                Self::emit_event(&mut tx, tenant, &event, audit.now).await?;
                Self::insert_audit(&mut tx, audit).await?;
                tx.commit().await?;
                Ok(true)
            }

            async fn autopay_candidates(&self, today: time::Date, limit: i64) -> StoreResult<Vec<AutopayCandidate>> {
                let mut conn = self.pool.acquire().await?;
                let rows = sqlx::query(&format!(
                    "SELECT {ENROLLMENT_COLUMNS}, en.tenant_id AS enrolled_tenant_id, {INVOICE_COLUMNS}, \
                     t.autopay_days_after_issue {ENROLLMENTS_FROM} \
                     JOIN tenants t ON t.id = en.tenant_id \
                     JOIN invoices i ON i.tenant_id = en.tenant_id AND i.account_id = en.account_id \
                     WHERE en.disabled_at IS NULL AND en.suspended_at IS NULL \
                     AND i.paid_minor + i.pending_minor < i.total_minor AND NOT i.voided AND i.issued_on <= $1 \
                     AND (t.autopay_days_after_issue IS NOT NULL OR i.due_on <= $1) \
                     AND NOT EXISTS (SELECT 1 FROM autopay_attempts x WHERE x.tenant_id = i.tenant_id \
                       AND x.invoice_id = i.id AND x.attempted_on = $1) \
                     ORDER BY en.tenant_id, en.account_id, i.due_on, i.id LIMIT $2"
                ))
                .bind(today)
                .bind(limit)
                .fetch_all(&mut *conn)
                .await?;
                let mut out = Vec::with_capacity(rows.len());
                for r in &rows {
                    let tenant = TenantId(r.try_get("enrolled_tenant_id")?);
                    let invoice = Self::invoice_from_row(r)?;
                    let days: Option<i64> = r.try_get("autopay_days_after_issue")?;
                    if let Some(days) = days {
                        if invoice.issued_on + time::Duration::days(days) > today {
                            continue;
                        }
                    }
                    let enrollment = Self::enrollment_from_row(&mut conn, tenant, r).await?;
                    out.push(AutopayCandidate { tenant_id: tenant, enrollment, invoice });
                }
                Ok(out)
            }

            async fn claim_autopay_attempt(&self, attempt: &AutopayAttempt, now: i64) -> StoreResult<bool> {
                let AutopayAttempt { tenant, enrollment, invoice, on: today } = *attempt;
                let done = sqlx::query(
                    "INSERT INTO autopay_attempts (tenant_id, invoice_id, attempted_on, enrollment_id, created_at) \
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                )
                .bind(tenant.0)
                .bind(invoice.0)
                .bind(today)
                .bind(enrollment)
                .bind(now)
                .execute(&self.pool)
                .await?;
                Ok(done.rows_affected() == 1)
            }

            async fn record_autopay_attempt(
                &self,
                attempt: &AutopayAttempt,
                outcome: AutopayOutcome,
                max_failures: u32,
                now: i64,
            ) -> StoreResult<AutopayAfter> {
                let AutopayAttempt { tenant, enrollment, invoice, on: today } = *attempt;
                let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                sqlx::query(
                    "UPDATE autopay_attempts SET outcome = $4 WHERE tenant_id = $1 AND invoice_id = $2 AND attempted_on = $3",
                )
                .bind(tenant.0)
                .bind(invoice.0)
                .bind(today)
                .bind(outcome.as_str())
                .execute(&mut *tx)
                .await?;
                let failures: i64 = match outcome {
                    AutopayOutcome::Paid => {
                        sqlx::query_scalar("UPDATE autopay_enrollments SET failures = 0 WHERE id = $1 RETURNING failures")
                            .bind(enrollment)
                            .fetch_one(&mut *tx)
                            .await?
                    }
                    AutopayOutcome::Failed => {
                        sqlx::query_scalar(
                            "UPDATE autopay_enrollments SET failures = failures + 1 WHERE id = $1 RETURNING failures",
                        )
                        .bind(enrollment)
                        .fetch_one(&mut *tx)
                        .await?
                    }
                    AutopayOutcome::Unconfirmed | AutopayOutcome::Skipped => {
                        sqlx::query_scalar("SELECT failures FROM autopay_enrollments WHERE id = $1")
                            .bind(enrollment)
                            .fetch_one(&mut *tx)
                            .await?
                    }
                };
                let mut suspended = false;
                if outcome == AutopayOutcome::Failed && failures >= i64::from(max_failures.max(1)) {
                    let done = sqlx::query(
                        "UPDATE autopay_enrollments SET suspended_at = $2 WHERE id = $1 AND suspended_at IS NULL",
                    )
                    .bind(enrollment)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                    suspended = done.rows_affected() == 1;
                    if suspended {
                        let account: i64 =
                            sqlx::query_scalar("SELECT account_id FROM autopay_enrollments WHERE id = $1")
                                .bind(enrollment)
                                .fetch_one(&mut *tx)
                                .await?;
                        if let Some(e) = Self::current_enrollment(&mut tx, tenant, AccountId(account)).await? {
                            let external = Self::account_external_id(&mut tx, AccountId(account)).await?;
                            let event = DomainEvent::AutopayDisabled(Self::autopay_event(&e, external, None, "failures"));
                            Self::emit_event(&mut tx, tenant, &event, now).await?;
                        }
                    }
                }
                tx.commit().await?;
                Ok(AutopayAfter { failures, suspended })
            }
        }
    };
}

#[cfg(feature = "sqlite")]
impl_autopay!(SqliteStore, Sqlite, SqliteRow, SqliteConnection);
#[cfg(feature = "postgres")]
impl_autopay!(PostgresStore, Postgres, PgRow, PgConnection);
