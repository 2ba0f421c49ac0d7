//! Online payments: checkouts reserving amounts, charges claimed and finished, reconciliation.

use super::prelude::*;
use super::PaymentStore;

/// Payments whose gateway call is unconfirmed, with their checkout's state (add a WHERE clause).
const UNCONFIRMED_PAYMENTS: &str =
    "SELECT p.tenant_id, p.id, p.external_id, p.gateway, c.state, c.charged_at \
    FROM payments p JOIN checkouts c ON c.id = p.checkout_id";

/// Releases one open checkout (bind its id as `$1`); affects no row when it is not open.
const RELEASE_OPEN: &str =
    "UPDATE checkouts SET state = 'released' WHERE id = $1 AND state = 'open'";
/// Gives a released checkout's reservations back to its invoices (bind its id as `$1`).
const GIVE_BACK: &str = "UPDATE invoices SET pending_minor = pending_minor - ca.amount_minor \
    FROM checkout_allocations ca WHERE ca.checkout_id = $1 AND invoices.id = ca.invoice_id";

/// Online payments: checkouts reserving amounts, charges claimed and finished, reconciliation.
#[async_trait]
pub trait CheckoutStore: Send + Sync {
    /// Reserves each allocation against its invoice's remaining balance (total − paid − reserved) and creates the
    /// checkout, all or nothing. `None` when an invoice no longer has that much left (another payer got there
    /// first). Reservation is one conditional UPDATE per invoice, so no lock is held beyond this call.
    async fn create_checkout(&self, checkout: &NewCheckout) -> StoreResult<Option<Checkout>>;
    /// Records where the payer reached the portal (an absolute URL), for links in the receipt mail.
    async fn set_checkout_portal_url(
        &self,
        tenant: TenantId,
        checkout: CheckoutId,
        url: &str,
    ) -> StoreResult<()>;
    /// Binds an open checkout to the payment token (its SHA-256) entered for it, replacing an earlier one: only
    /// that token may pay it. `false` when the token is already bound to another checkout (a token pays once).
    async fn bind_checkout_token(
        &self,
        tenant: TenantId,
        checkout: CheckoutId,
        token_hash: &[u8; 32],
    ) -> StoreResult<bool>;
    /// The token hash a checkout is bound to, if one is.
    async fn checkout_token(
        &self,
        tenant: TenantId,
        checkout: CheckoutId,
    ) -> StoreResult<Option<Vec<u8>>>;
    /// A checkout by its public id.
    async fn checkout(&self, tenant: TenantId, public_id: &str) -> StoreResult<Option<Checkout>>;
    /// Claims an open, unexpired checkout for one gateway call (open → charging, attempts + 1) and records the
    /// attempt's payment as pending, keyed `<public id>.<attempt>`. `None` if the checkout is not open (a double
    /// submit, or another request is charging it).
    async fn begin_charge(
        &self,
        tenant: TenantId,
        checkout: CheckoutId,
        payment: &NewPortalPayment,
    ) -> StoreResult<Option<(PaymentId, String)>>;
    /// Records a charge attempt's end. Applies only to a payment still pending (so a result applied twice, say by
    /// a webhook and reconciliation at once, counts once); returns whether it applied.
    async fn finish_charge(
        &self,
        tenant: TenantId,
        payment: PaymentId,
        result: &ChargeResult,
    ) -> StoreResult<bool>;
    /// The newest payment attempt of a checkout, with its failure message if it failed.
    async fn checkout_payment(
        &self,
        tenant: TenantId,
        checkout: CheckoutId,
    ) -> StoreResult<Option<(Payment, Option<String>)>>;
    /// Payments whose gateway call is unconfirmed (checkout charging since before `charged_before`) or whose ACH
    /// debit has not settled yet.
    async fn unconfirmed_payments(
        &self,
        charged_before: i64,
    ) -> StoreResult<Vec<UnconfirmedPayment>>;
    /// Gives back the reservations of open checkouts that expired. Returns how many were released.
    async fn release_expired_checkouts(&self, now: i64) -> StoreResult<u64>;
    /// Releases an open checkout now (the payer cancelled or started over) and gives its reservation back. `false`
    /// when it was not open (a charge claimed it first, or it had ended).
    async fn release_checkout(&self, tenant: TenantId, checkout: CheckoutId) -> StoreResult<bool>;
    /// The account's checkouts still holding part of its balance: open and unexpired, or charging at the gateway.
    async fn active_checkouts(
        &self,
        tenant: TenantId,
        account: AccountId,
        now: i64,
    ) -> StoreResult<Vec<Checkout>>;
    /// The pending payment keyed `idempotency_key` (a webhook's own charge), if it is still unconfirmed.
    async fn unconfirmed_payment(
        &self,
        tenant: TenantId,
        idempotency_key: &str,
    ) -> StoreResult<Option<UnconfirmedPayment>>;
}

macro_rules! impl_checkouts {
    ($store:ident, $db:ty, $row:ty, $conn:ty) => {
        #[async_trait]
        impl CheckoutStore for $store {
            async fn bind_checkout_token(&self, tenant: TenantId, checkout: CheckoutId, token_hash: &[u8; 32]) -> StoreResult<bool> {
                let bound = sqlx::query(
                    "UPDATE checkouts SET token_hash = $3 WHERE tenant_id = $1 AND id = $2 AND state = 'open'",
                )
                .bind(tenant.0)
                .bind(checkout.0)
                .bind(&token_hash[..])
                .execute(&self.pool)
                .await;
                match bound {
                    Ok(_) => Ok(true),
                    Err(e) if unique_violation(&e) => Ok(false),
                    Err(e) => Err(e.into()),
                }
            }

            async fn checkout_token(&self, tenant: TenantId, checkout: CheckoutId) -> StoreResult<Option<Vec<u8>>> {
                let hash: Option<Option<Vec<u8>>> =
                    sqlx::query_scalar("SELECT token_hash FROM checkouts WHERE tenant_id = $1 AND id = $2")
                        .bind(tenant.0)
                        .bind(checkout.0)
                        .fetch_optional(&self.pool)
                        .await?;
                Ok(hash.flatten())
            }

            async fn set_checkout_portal_url(&self, tenant: TenantId, checkout: CheckoutId, url: &str) -> StoreResult<()> {
                sqlx::query("UPDATE checkouts SET portal_url = $3 WHERE tenant_id = $1 AND id = $2")
                    .bind(tenant.0)
                    .bind(checkout.0)
                    .bind(url)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn create_checkout(&self, c: &NewCheckout) -> StoreResult<Option<Checkout>> {
                let mut allocations = c.allocations.clone();
                allocations.sort_by_key(|(invoice, _)| *invoice);
                let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                for (invoice, amount) in &allocations {
                    let reserved = sqlx::query(
                        "UPDATE invoices SET pending_minor = pending_minor + $3 \
                         WHERE tenant_id = $1 AND id = $2 AND account_id = $4 AND NOT voided AND currency = $5 \
                         AND paid_minor + pending_minor + $3 <= total_minor",
                    )
                    .bind(c.tenant_id.0)
                    .bind(invoice.0)
                    .bind(amount.minor())
                    .bind(c.account_id.0)
                    .bind(amount.currency().code())
                    .execute(&mut *tx)
                    .await?;
                    if reserved.rows_affected() != 1 {
                        tx.rollback().await?;
                        return Ok(None);
                    }
                }
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO checkouts (public_id, tenant_id, account_id, user_id, amount_minor, currency, method, \
                     state, attempts, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', 0, $8, $9) \
                     RETURNING id",
                )
                .bind(&c.public_id)
                .bind(c.tenant_id.0)
                .bind(c.account_id.0)
                .bind(c.user_id.0)
                .bind(c.amount.minor())
                .bind(c.amount.currency().code())
                .bind(&c.method)
                .bind(c.created_at)
                .bind(c.expires_at)
                .fetch_one(&mut *tx)
                .await?;
                for (invoice, amount) in &allocations {
                    sqlx::query(
                        "INSERT INTO checkout_allocations (checkout_id, tenant_id, invoice_id, amount_minor) \
                         VALUES ($1, $2, $3, $4)",
                    )
                    .bind(id)
                    .bind(c.tenant_id.0)
                    .bind(invoice.0)
                    .bind(amount.minor())
                    .execute(&mut *tx)
                    .await?;
                }
                tx.commit().await?;
                self.checkout(c.tenant_id, &c.public_id).await
            }

            async fn checkout(&self, tenant: TenantId, public_id: &str) -> StoreResult<Option<Checkout>> {
                let Some(r) = sqlx::query(
                    "SELECT id, public_id, tenant_id, account_id, user_id, amount_minor, currency, method, state, \
                     attempts, created_at, expires_at FROM checkouts WHERE tenant_id = $1 AND public_id = $2",
                )
                .bind(tenant.0)
                .bind(public_id)
                .fetch_optional(&self.pool)
                .await?
                else {
                    return Ok(None);
                };
                let cur = currency(r.try_get("currency")?)?;
                let id: i64 = r.try_get("id")?;
                let allocations: Vec<(i64, String, i64)> = sqlx::query_as(
                    "SELECT ca.invoice_id, i.number, ca.amount_minor FROM checkout_allocations ca \
                     JOIN invoices i ON i.tenant_id = ca.tenant_id AND i.id = ca.invoice_id \
                     WHERE ca.checkout_id = $1 ORDER BY i.issued_on, i.id",
                )
                .bind(id)
                .fetch_all(&self.pool)
                .await?;
                Ok(Some(Checkout {
                    id: CheckoutId(id),
                    public_id: r.try_get("public_id")?,
                    tenant_id: TenantId(r.try_get("tenant_id")?),
                    account_id: AccountId(r.try_get("account_id")?),
                    user_id: UserId(r.try_get("user_id")?),
                    amount: Money::from_minor(r.try_get("amount_minor")?, cur),
                    method: r.try_get("method")?,
                    state: CheckoutState::parse(r.try_get("state")?)?,
                    attempts: r.try_get("attempts")?,
                    created_at: r.try_get("created_at")?,
                    expires_at: r.try_get("expires_at")?,
                    allocations: allocations
                        .into_iter()
                        .map(|(i, n, m)| (InvoiceId(i), n, Money::from_minor(m, cur)))
                        .collect(),
                }))
            }

            async fn begin_charge(
                &self,
                tenant: TenantId,
                checkout: CheckoutId,
                payment: &NewPortalPayment,
            ) -> StoreResult<Option<(PaymentId, String)>> {
                let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                let Some(r) = sqlx::query(
                    "UPDATE checkouts SET state = 'charging', attempts = attempts + 1, charged_at = $3 \
                     WHERE tenant_id = $1 AND id = $2 AND state = 'open' AND expires_at > $3 \
                     RETURNING public_id, attempts, account_id, user_id, amount_minor, currency",
                )
                .bind(tenant.0)
                .bind(checkout.0)
                .bind(payment.now)
                .fetch_optional(&mut *tx)
                .await?
                else {
                    tx.rollback().await?;
                    return Ok(None);
                };
                let public_id: String = r.try_get("public_id")?;
                let attempts: i64 = r.try_get("attempts")?;
                let key = format!("{public_id}.{attempts}");
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO payments (tenant_id, account_id, external_id, amount_minor, currency, kind, reference, \
                     paid_on, status, created_at, checkout_id, user_id, gateway, method_label) \
                     VALUES ($1, $2, $3, $4, $5, $6, NULL, $7, 'pending', $8, $9, $10, $11, $12) RETURNING id",
                )
                .bind(tenant.0)
                .bind(r.try_get::<i64, _>("account_id")?)
                .bind(&key)
                .bind(r.try_get::<i64, _>("amount_minor")?)
                .bind(r.try_get::<String, _>("currency")?)
                .bind(payment.kind.as_str())
                .bind(payment.paid_on)
                .bind(self.now())
                .bind(checkout.0)
                .bind(r.try_get::<i64, _>("user_id")?)
                .bind(&payment.gateway)
                .bind(&payment.method_label)
                .fetch_one(&mut *tx)
                .await?;
                tx.commit().await?;
                Ok(Some((PaymentId(id), key)))
            }

            async fn finish_charge(
                &self,
                tenant: TenantId,
                payment: PaymentId,
                result: &ChargeResult,
            ) -> StoreResult<bool> {
                self.settle_charge(tenant, payment, result).await
            }

            async fn checkout_payment(
                &self,
                tenant: TenantId,
                checkout: CheckoutId,
            ) -> StoreResult<Option<(Payment, Option<String>)>> {
                let Some(r) = sqlx::query(
                    "SELECT account_id, external_id, failure_message FROM payments \
                     WHERE tenant_id = $1 AND checkout_id = $2 ORDER BY id DESC LIMIT 1",
                )
                .bind(tenant.0)
                .bind(checkout.0)
                .fetch_optional(&self.pool)
                .await?
                else {
                    return Ok(None);
                };
                let external_id: String = r.try_get("external_id")?;
                let payment = self.payment(tenant, AccountId(r.try_get("account_id")?), &external_id).await?;
                Ok(payment.map(|p| (p, r.try_get("failure_message").ok().flatten())))
            }

            async fn unconfirmed_payments(&self, charged_before: i64) -> StoreResult<Vec<UnconfirmedPayment>> {
                let sql = format!(
                    "{UNCONFIRMED_PAYMENTS} WHERE p.status = 'pending' \
                     AND ((c.state = 'charging' AND c.charged_at < $1) OR c.state = 'settling') ORDER BY p.id"
                );
                let rows = sqlx::query(&sql).bind(charged_before).fetch_all(&self.pool).await?;
                rows.iter().map(Self::unconfirmed_from_row).collect()
            }

            async fn release_expired_checkouts(&self, now: i64) -> StoreResult<u64> {
                let expired: Vec<(i64,)> =
                    sqlx::query_as("SELECT id FROM checkouts WHERE state = 'open' AND expires_at <= $1")
                        .bind(now)
                        .fetch_all(&self.pool)
                        .await?;
                let mut released = 0;
                for (id,) in expired {
                    if self.release_open(id).await? {
                        released += 1;
                    }
                }
                Ok(released)
            }

            async fn release_checkout(&self, tenant: TenantId, checkout: CheckoutId) -> StoreResult<bool> {
                let of_tenant: Option<i64> =
                    sqlx::query_scalar("SELECT id FROM checkouts WHERE tenant_id = $1 AND id = $2")
                        .bind(tenant.0)
                        .bind(checkout.0)
                        .fetch_optional(&self.pool)
                        .await?;
                match of_tenant {
                    Some(id) => self.release_open(id).await,
                    None => Ok(false),
                }
            }

            async fn active_checkouts(&self, tenant: TenantId, account: AccountId, now: i64) -> StoreResult<Vec<Checkout>> {
                let ids: Vec<String> = sqlx::query_scalar(
                    "SELECT public_id FROM checkouts WHERE tenant_id = $1 AND account_id = $2 \
                     AND ((state = 'open' AND expires_at > $3) OR state = 'charging') ORDER BY id",
                )
                .bind(tenant.0)
                .bind(account.0)
                .bind(now)
                .fetch_all(&self.pool)
                .await?;
                let mut active = Vec::with_capacity(ids.len());
                for id in ids {
                    if let Some(c) = self.checkout(tenant, &id).await? {
                        active.push(c);
                    }
                }
                Ok(active)
            }

            async fn unconfirmed_payment(&self, tenant: TenantId, idempotency_key: &str) -> StoreResult<Option<UnconfirmedPayment>> {
                let sql = format!(
                    "{UNCONFIRMED_PAYMENTS} WHERE p.tenant_id = $1 AND p.external_id = $2 AND p.status = 'pending' \
                     AND c.state IN ('charging', 'settling')"
                );
                let row = sqlx::query(&sql)
                    .bind(tenant.0)
                    .bind(idempotency_key)
                    .fetch_optional(&self.pool)
                    .await?;
                row.as_ref().map(Self::unconfirmed_from_row).transpose()
            }
        }
    };
}

/// Settling a charge in one transaction: the payment's status, its allocations onto the invoices, the checkout's
/// state, the account's totals, the receipt in the mail queue and the webhook events.
macro_rules! charge_settlement {
    ($store:ident, $db:ty, $row:ty, $conn:ty) => {
        impl $store {
            /// Releases an open checkout and gives its reservation back, in one transaction.
            async fn release_open(&self, id: i64) -> StoreResult<bool> {
                let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                let done = sqlx::query(RELEASE_OPEN).bind(id).execute(&mut *tx).await?;
                if done.rows_affected() == 1 {
                    sqlx::query(GIVE_BACK).bind(id).execute(&mut *tx).await?;
                }
                tx.commit().await?;
                Ok(done.rows_affected() == 1)
            }

            async fn settle_charge(
                &self,
                tenant: TenantId,
                payment: PaymentId,
                result: &ChargeResult,
            ) -> StoreResult<bool> {
                let mut tx = self.pool.begin_with(<$store as Dialect>::BEGIN_WRITE).await?;
                let (status, reference, message) = match result {
                    ChargeResult::Succeeded { reference } => ("succeeded", Some(reference.as_str()), None),
                    ChargeResult::Accepted { reference } => ("pending", Some(reference.as_str()), None),
                    ChargeResult::Failed { message } => ("failed", None, Some(message.as_str())),
                    ChargeResult::Returned { reference } => {
                        ("failed", Some(reference.as_str()), Some("The bank returned this payment."))
                    }
                };
                let Some(r) = sqlx::query(
                    "UPDATE payments SET status = $3, reference = COALESCE($4, reference), failure_message = $5 \
                     WHERE tenant_id = $1 AND id = $2 AND status = 'pending' \
                     RETURNING checkout_id, account_id, amount_minor, user_id, receipt_number",
                )
                .bind(tenant.0)
                .bind(payment.0)
                .bind(status)
                .bind(reference)
                .bind(message)
                .fetch_optional(&mut *tx)
                .await?
                else {
                    tx.rollback().await?;
                    return Ok(false);
                };
                let checkout: i64 = r.try_get("checkout_id")?;
                let account: i64 = r.try_get("account_id")?;
                let amount: i64 = r.try_get("amount_minor")?;
                let allocations: Vec<(i64, i64)> = sqlx::query_as(
                    "SELECT invoice_id, amount_minor FROM checkout_allocations WHERE checkout_id = $1 ORDER BY invoice_id",
                )
                .bind(checkout)
                .fetch_all(&mut *tx)
                .await?;
                let mut paid_invoices: Vec<String> = Vec::new();
                let next_state = match result {
                    ChargeResult::Succeeded { .. } => {
                        let mut now_paid = 0i64;
                        for (invoice, part) in &allocations {
                            sqlx::query(
                                "INSERT INTO allocations (tenant_id, payment_id, invoice_id, amount_minor) \
                                 VALUES ($1, $2, $3, $4)",
                            )
                            .bind(tenant.0)
                            .bind(payment.0)
                            .bind(invoice)
                            .bind(part)
                            .execute(&mut *tx)
                            .await?;
                            let (paid, total, number): (i64, i64, String) = sqlx::query_as(
                                "UPDATE invoices SET paid_minor = paid_minor + $3, pending_minor = pending_minor - $3 \
                                 WHERE tenant_id = $1 AND id = $2 RETURNING paid_minor, total_minor, number",
                            )
                            .bind(tenant.0)
                            .bind(invoice)
                            .bind(part)
                            .fetch_one(&mut *tx)
                            .await?;
                            if paid >= total {
                                now_paid += 1;
                                paid_invoices.push(number);
                            }
                        }
                        sqlx::query(
                            "UPDATE accounts SET outstanding_minor = outstanding_minor - $3, \
                             open_invoice_count = open_invoice_count - $4 WHERE tenant_id = $1 AND id = $2",
                        )
                        .bind(tenant.0)
                        .bind(account)
                        .bind(amount)
                        .bind(now_paid)
                        .execute(&mut *tx)
                        .await?;
                        // The receipt is queued with the success itself: exactly once, whoever settles it.
                        sqlx::query(super::mail::QUEUE_RECEIPT)
                        .bind(tenant.0)
                        .bind(payment.0)
                        .bind(r.try_get::<Option<i64>, _>("user_id")?.unwrap_or(0))
                        .bind(self.now().unix_timestamp())
                        .execute(&mut *tx)
                        .await?;
                        "paid"
                    }
                    ChargeResult::Accepted { .. } => "settling",
                    // A decline or a return gives the reservation back at once; another try is a new checkout.
                    ChargeResult::Failed { .. } | ChargeResult::Returned { .. } => {
                        for (invoice, part) in &allocations {
                            sqlx::query(
                                "UPDATE invoices SET pending_minor = pending_minor - $3 WHERE tenant_id = $1 AND id = $2",
                            )
                            .bind(tenant.0)
                            .bind(invoice)
                            .bind(part)
                            .execute(&mut *tx)
                            .await?;
                        }
                        "released"
                    }
                };
                sqlx::query("UPDATE checkouts SET state = $2 WHERE id = $1")
                    .bind(checkout)
                    .bind(next_state)
                    .execute(&mut *tx)
                    .await?;
                // The webhook events, in the same transaction as the change they report.
                let p = sqlx::query(
                    "SELECT p.external_id, p.currency, p.kind, p.reference, a.external_id AS account FROM payments p \
                     JOIN accounts a ON a.tenant_id = p.tenant_id AND a.id = p.account_id WHERE p.id = $1",
                )
                .bind(payment.0)
                .fetch_one(&mut *tx)
                .await?;
                let money = Money::from_minor(amount, currency(p.try_get("currency")?)?);
                let account_id: String = p.try_get("account")?;
                let event = PaymentEvent {
                    id: p.try_get("external_id")?,
                    account: account_id.clone(),
                    amount: money.to_decimal_string(),
                    currency: money.currency().code().to_string(),
                    kind: p.try_get("kind")?,
                    status: status.to_string(),
                    reference: p.try_get("reference")?,
                    failure_message: message.map(str::to_string),
                };
                let event = match result {
                    ChargeResult::Succeeded { .. } => DomainEvent::PaymentSucceeded(event),
                    ChargeResult::Accepted { .. } => DomainEvent::PaymentPending(event),
                    ChargeResult::Failed { .. } | ChargeResult::Returned { .. } => DomainEvent::PaymentFailed(event),
                };
                let at = self.now().unix_timestamp();
                Self::emit_event(&mut tx, tenant, &event, at).await?;
                for number in paid_invoices {
                    let paid = DomainEvent::InvoicePaid(InvoicePaid { number, account: account_id.clone() });
                    Self::emit_event(&mut tx, tenant, &paid, at).await?;
                }
                // A payment that went through (or a bank debit accepted) gets its receipt number, taken last.
                let numbered: Option<i64> = r.try_get("receipt_number")?;
                if numbered.is_none() && matches!(result, ChargeResult::Succeeded { .. } | ChargeResult::Accepted { .. }) {
                    let n: i64 = sqlx::query_scalar(super::payments::NEXT_RECEIPT_NUMBERS)
                        .bind(tenant.0)
                        .bind(1i64)
                        .fetch_one(&mut *tx)
                        .await?;
                    sqlx::query(super::payments::SET_RECEIPT_NUMBER).bind(payment.0).bind(n).execute(&mut *tx).await?;
                }
                tx.commit().await?;
                Ok(true)
            }
        }
    };
}

#[cfg(feature = "sqlite")]
impl_checkouts!(SqliteStore, Sqlite, SqliteRow, SqliteConnection);
#[cfg(feature = "sqlite")]
charge_settlement!(SqliteStore, Sqlite, SqliteRow, SqliteConnection);
#[cfg(feature = "postgres")]
impl_checkouts!(PostgresStore, Postgres, PgRow, PgConnection);
#[cfg(feature = "postgres")]
charge_settlement!(PostgresStore, Postgres, PgRow, PgConnection);
