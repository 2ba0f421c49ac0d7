//! Paying invoices in the portal, exactly and idempotently.
//!
//! 1. [`start_checkout`] checks the amount against the tenant's rules and **reserves** it against the invoices'
//!    balances in one short transaction (a conditional UPDATE per invoice), so concurrent payers can never pay more
//!    than an invoice's total, and no lock is held while the customer is at the gateway.
//! 2. [`pay`] claims the checkout for one attempt and records a **pending** payment keyed by the attempt's
//!    idempotency key *before* calling the gateway with that key. A double submit finds the checkout claimed and
//!    gets the same payment back; only one request ever calls the gateway per attempt.
//! 3. The gateway's answer settles the payment. If the process dies, or the gateway times out, the payment stays
//!    pending and [`reconcile`] asks the gateway for its record of that key and settles it exactly once.

use std::sync::Arc;

use crate::domain::*;
use crate::gateway::{ChargeOutcome, ChargeRequest, Gateway, GatewayError, MethodKind, TokenInfo};
use crate::locale::Locale;
use crate::money::Money;
use crate::secrets::random_token;
use crate::store::{Store, StoreError};

mod amounts;
mod reconcile;

pub use amounts::{available, AmountProblem, SelectionProblem};
use amounts::{parse_amount, select, within};
pub use reconcile::{reconcile, settle_from_gateway, Gateways, Reconciled, Settled};

/// How long a checkout holds its reservation while the customer is at the gateway.
pub const CHECKOUT_TTL_SECS: i64 = 30 * 60;
/// A charge unconfirmed for this long is asked about again by [`reconcile`].
pub const RECONCILE_AFTER_SECS: i64 = 60;

/// Why a payment can't be made as asked. Messages are for the customer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PayError {
    #[error("{0}")]
    /// The amount typed is not one that can be paid.
    Amount(AmountProblem),
    #[error("This invoice has nothing left to pay.")]
    /// Nothing is owed on the invoice.
    NothingToPay,
    #[error("There is nothing left to pay on this account.")]
    /// Nothing is owed on the account (paying the whole balance).
    NothingOwed,
    #[error("{0}")]
    /// The chosen invoices can't be paid together as asked.
    Selection(SelectionProblem),
    #[error(
        "Part of this balance is already being paid. Refresh the page to see what is left to pay."
    )]
    /// Another checkout holds part of the balance.
    AlreadyReserved,
    #[error("This payment has expired. Start again from your invoices.")]
    /// The checkout's reservation lapsed.
    Expired,
    #[error(
        "This payment was cancelled, and nothing was charged. Start again from your invoices."
    )]
    /// The payer cancelled the checkout (or started over) before paying.
    Cancelled,
    #[error("Bank account payments are not available. Pay by card instead.")]
    /// The tenant does not take bank accounts.
    AchDisabled,
    #[error("the payment token is not valid; start again from your invoices")]
    /// The token is not the gateway's or does not fit the checkout.
    BadToken,
    #[error("something went wrong on our side")]
    /// A failure on our side (logged).
    Internal,
}

impl From<StoreError> for PayError {
    fn from(e: StoreError) -> Self {
        tracing::error!(error = %e, "store error during payment");
        PayError::Internal
    }
}

/// What to pay.
#[derive(Debug, Clone)]
pub enum PayTarget<'a> {
    /// One invoice; `amount` is what the customer typed (`None`: the whole remaining balance).
    Invoice {
        /// The invoice's number.
        number: &'a str,
        /// What the customer typed, if anything.
        amount: Option<&'a str>,
    },
    /// Every open invoice of the account, oldest first.
    Balance,
    /// The invoices the customer ticked, oldest first, each in full; with an `amount` (where partial payments are
    /// allowed) the last one it reaches is paid in part.
    Selected {
        /// The chosen invoices' numbers.
        numbers: &'a [String],
        /// What the customer typed, if anything (`None`: all of the chosen invoices' balances).
        amount: Option<&'a str>,
    },
}

/// Checks the amount and reserves it. The returned checkout's public id goes to the gateway's hosted page.
pub async fn start_checkout(
    store: &dyn Store,
    tenant: &Tenant,
    account: &Account,
    user: UserId,
    target: PayTarget<'_>,
    method: MethodKind,
    now: i64,
) -> Result<Checkout, PayError> {
    start_checkout_in(
        store,
        tenant,
        account,
        user,
        target,
        method,
        Locale::En,
        now,
    )
    .await
}

/// [`start_checkout`] with the amount typed in `locale`'s convention (`100,50` in German is 100.50).
#[allow(clippy::too_many_arguments)]
pub async fn start_checkout_in(
    store: &dyn Store,
    tenant: &Tenant,
    account: &Account,
    user: UserId,
    target: PayTarget<'_>,
    method: MethodKind,
    locale: Locale,
    now: i64,
) -> Result<Checkout, PayError> {
    let allocations = plan(store, tenant, account, target, method, locale).await?;
    reserve(
        store,
        (tenant.id, account.id, user),
        method.as_str(),
        allocations,
        now,
    )
    .await
}

/// Checks a payment as [`start_checkout_in`] would, without reserving anything: the refusal the customer would get
/// now, if any (a form's error, shown again on the page the browser is sent back to).
pub async fn check_checkout(
    store: &dyn Store,
    tenant: &Tenant,
    account: &Account,
    target: PayTarget<'_>,
    method: MethodKind,
    locale: Locale,
) -> Result<(), PayError> {
    plan(store, tenant, account, target, method, locale)
        .await
        .map(|_| ())
}

/// What a payment would allocate to which invoice, after the tenant's rules and the amount are checked.
async fn plan(
    store: &dyn Store,
    tenant: &Tenant,
    account: &Account,
    target: PayTarget<'_>,
    method: MethodKind,
    locale: Locale,
) -> Result<Vec<(InvoiceId, Money)>, PayError> {
    if method == MethodKind::BankAccount && !tenant.settings.ach_enabled {
        return Err(PayError::AchDisabled);
    }
    let allocations: Vec<(InvoiceId, Money)> = match target {
        PayTarget::Invoice { number, amount } => {
            let invoice = store
                .invoice(tenant.id, number)
                .await?
                .filter(|i| i.account_id == account.id && !i.voided)
                .ok_or(PayError::NothingToPay)?;
            let left = available(&invoice);
            // What was typed is checked first: a malformed amount gets its own message even while part of the
            // balance is held by another checkout.
            let typed = match amount.map(str::trim).filter(|a| !a.is_empty()) {
                None => None,
                Some(typed) => Some(parse_amount(typed, invoice.balance(), locale)?),
            };
            if left.is_zero() {
                return Err(if invoice.balance().is_zero() {
                    PayError::NothingToPay
                } else {
                    PayError::AlreadyReserved
                });
            }
            let amount = match typed {
                None => left,
                Some(amount) => within(amount, left, false, tenant)?,
            };
            vec![(invoice.id, amount)]
        }
        PayTarget::Balance => {
            let open = store
                .open_invoices_oldest_first(tenant.id, account.id)
                .await?;
            let mut parts = Vec::new();
            for invoice in &open {
                let left = available(invoice);
                if !left.is_zero() {
                    parts.push((invoice.id, left));
                }
            }
            if parts.is_empty() {
                return Err(PayError::NothingOwed);
            }
            parts
        }
        PayTarget::Selected { numbers, amount } => {
            select(store, tenant, account, numbers, amount, locale).await?
        }
    };
    Ok(allocations)
}

/// Creates a checkout reserving `allocations` for `(tenant, account, user)`; `AlreadyReserved` when an invoice no
/// longer has that much left.
async fn reserve(
    store: &dyn Store,
    (tenant_id, account_id, user_id): (TenantId, AccountId, UserId),
    method: &str,
    allocations: Vec<(InvoiceId, Money)>,
    now: i64,
) -> Result<Checkout, PayError> {
    let currency = allocations
        .first()
        .map(|(_, m)| m.currency())
        .ok_or(PayError::Internal)?;
    let amount = Money::checked_sum(currency, allocations.iter().map(|(_, m)| *m))
        .map_err(|_| PayError::Internal)?;
    let checkout = NewCheckout {
        public_id: random_token::<16>("co_").map_err(|_| PayError::Internal)?,
        tenant_id,
        account_id,
        user_id,
        amount,
        method: method.to_string(),
        allocations,
        created_at: now,
        expires_at: now + CHECKOUT_TTL_SECS,
    };
    store
        .create_checkout(&checkout)
        .await?
        .ok_or(PayError::AlreadyReserved)
}

/// Reserves what is left to pay on one invoice for a payment nobody types an amount for (AutoPay), by `user`'s
/// standing authorisation, with `method`.
pub async fn reserve_invoice(
    store: &dyn Store,
    (tenant, account, user): (TenantId, AccountId, UserId),
    invoice: &Invoice,
    method: MethodKind,
    now: i64,
) -> Result<Checkout, PayError> {
    let amount = available(invoice);
    if amount.is_zero() || amount.is_negative() {
        return Err(PayError::NothingToPay);
    }
    reserve(
        store,
        (tenant, account, user),
        method.as_str(),
        vec![(invoice.id, amount)],
        now,
    )
    .await
}

/// Starts a new checkout for what an ended one (declined, cancelled, expired) was paying, as the same user. An open
/// checkout of that user for the same invoices and amounts is reused, so a repeated request reserves nothing more.
pub async fn restart_checkout(
    store: &dyn Store,
    ended: &Checkout,
    now: i64,
) -> Result<Checkout, PayError> {
    let same = |c: &Checkout| {
        c.state == CheckoutState::Open
            && c.user_id == ended.user_id
            && c.method == ended.method
            && c.allocations == ended.allocations
    };
    if let Some(open) = store
        .active_checkouts(ended.tenant_id, ended.account_id, now)
        .await?
        .into_iter()
        .find(same)
    {
        return Ok(open);
    }
    reserve(
        store,
        (ended.tenant_id, ended.account_id, ended.user_id),
        &ended.method,
        ended.allocations.iter().map(|(i, _, m)| (*i, *m)).collect(),
        now,
    )
    .await
}

/// What cancelling a checkout came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cancelled {
    /// Its reservation was given back (or it had already ended unpaid).
    Released,
    /// The gateway had already taken the payment: this is it.
    Paid(Payment),
    /// A charge is still in flight at the gateway; nothing can be released until it answers.
    StillCharging,
}

/// Cancels a checkout the payer left (the gateway page's Cancel, or Start over). A checkout whose charge the gateway
/// may still complete is first settled from the gateway's record, so nothing is released that is being paid.
pub async fn cancel_checkout(
    store: &dyn Store,
    gateway: &dyn Gateway,
    checkout: &Checkout,
    now: i64,
) -> Result<Cancelled, PayError> {
    let tenant = checkout.tenant_id;
    if checkout.state == CheckoutState::Charging {
        if let Some((payment, _)) = store.checkout_payment(tenant, checkout.id).await? {
            if let Some(pending) = store
                .unconfirmed_payment(tenant, &payment.external_id)
                .await?
            {
                // The charge was made (or is being made) with this key: the gateway's record decides.
                let stale = pending
                    .charged_at
                    .is_some_and(|at| at < now - RECONCILE_AFTER_SECS);
                settle_from_gateway(store, gateway, &pending, stale, now).await?;
            }
        }
    }
    if store.release_checkout(tenant, checkout.id).await? {
        return Ok(Cancelled::Released);
    }
    let current = store
        .checkout(tenant, &checkout.public_id)
        .await?
        .ok_or(PayError::Internal)?;
    match current.state {
        CheckoutState::Open | CheckoutState::Released => Ok(Cancelled::Released),
        CheckoutState::Charging => Ok(Cancelled::StillCharging),
        CheckoutState::Paid | CheckoutState::Settling => {
            match store.checkout_payment(tenant, checkout.id).await? {
                Some((payment, _)) => Ok(Cancelled::Paid(payment)),
                None => Err(PayError::Internal),
            }
        }
    }
}

/// Where a payment attempt ended, for the page that reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayOutcome {
    /// Charged (card) or accepted (ACH, pending until settled).
    Done(Payment),
    /// Declined: nothing charged; the checkout is open for another try.
    Declined {
        /// Why, fit to show the customer.
        message: String,
    },
    /// The gateway did not answer: not charged yet as far as we know; reconciliation will confirm.
    Unconfirmed(Payment),
    /// The card's bank wants the customer to confirm (3-D Secure) in the gateway's script with `client_secret`;
    /// the payment stays pending until the gateway says how that went.
    NeedsAuthentication {
        /// What the gateway's browser script confirms with.
        client_secret: String,
    },
}

/// What a payment is made with.
#[derive(Debug, Clone, Copy)]
pub enum PaySource<'a> {
    /// A one-time token from the gateway's fields or hosted page.
    Token(&'a str),
    /// A method the account saved at the gateway.
    Saved(&'a SavedMethod),
}

/// Charges `token` for the checkout, once. A repeat (double click, browser retry, concurrent request) gets the
/// first attempt's result instead of a second charge.
pub async fn pay(
    store: &dyn Store,
    gateway: &dyn Gateway,
    tenant: TenantId,
    checkout: &Checkout,
    token: &str,
    now: i64,
) -> Result<PayOutcome, PayError> {
    pay_with(
        store,
        gateway,
        tenant,
        checkout,
        PaySource::Token(token),
        now,
    )
    .await
}

/// Charges a token or a saved method for the checkout, once (see [`pay`]).
pub async fn pay_with(
    store: &dyn Store,
    gateway: &dyn Gateway,
    tenant: TenantId,
    checkout: &Checkout,
    source: PaySource<'_>,
    now: i64,
) -> Result<PayOutcome, PayError> {
    charge_checkout(store, gateway, tenant, checkout, source, false, now).await
}

/// Charges a saved method for the checkout while the customer is away (AutoPay), once (see [`pay`]): the gateway
/// is told it is off session, so it won't stop for the customer's bank to confirm.
pub async fn pay_off_session(
    store: &dyn Store,
    gateway: &dyn Gateway,
    tenant: TenantId,
    checkout: &Checkout,
    method: &SavedMethod,
    now: i64,
) -> Result<PayOutcome, PayError> {
    let source = PaySource::Saved(method);
    charge_checkout(store, gateway, tenant, checkout, source, true, now).await
}

async fn charge_checkout(
    store: &dyn Store,
    gateway: &dyn Gateway,
    tenant: TenantId,
    checkout: &Checkout,
    source: PaySource<'_>,
    off_session: bool,
    now: i64,
) -> Result<PayOutcome, PayError> {
    let (info, token, customer) = match source {
        PaySource::Token(token) => (
            gateway
                .token_info(token)
                .await
                .map_err(|_| PayError::BadToken)?,
            token,
            None,
        ),
        PaySource::Saved(method) => {
            if method.gateway != gateway.name() || method.account_id != checkout.account_id {
                return Err(PayError::BadToken);
            }
            (
                TokenInfo {
                    kind: MethodKind::parse(&method.kind).ok_or(PayError::BadToken)?,
                    label: method.label(),
                },
                method.reference.as_str(),
                method.customer_ref.as_deref(),
            )
        }
    };
    if info.kind.as_str() != checkout.method {
        return Err(PayError::BadToken);
    }
    let attempt = NewPortalPayment {
        kind: match info.kind {
            MethodKind::Card => PaymentType::Card,
            MethodKind::BankAccount => PaymentType::Ach,
        },
        gateway: gateway.name().to_string(),
        method_label: info.label,
        paid_on: time::OffsetDateTime::from_unix_timestamp(now)
            .map(|t| t.date())
            .unwrap_or(time::Date::MIN),
        now,
    };
    let Some((payment_id, key)) = store.begin_charge(tenant, checkout.id, &attempt).await? else {
        // Someone else holds (or held) this checkout: report what happened to it.
        return current_outcome(store, tenant, checkout, now).await;
    };
    let request = ChargeRequest {
        idempotency_key: &key,
        amount: checkout.amount,
        token,
        customer,
        description: &checkout.public_id,
        off_session,
    };
    match gateway.charge(&request).await {
        Ok(outcome) => {
            settle(store, tenant, payment_id, outcome.clone()).await?;
            match outcome {
                ChargeOutcome::Declined { message } => Ok(PayOutcome::Declined { message }),
                ChargeOutcome::NeedsAuthentication { client_secret, .. } => {
                    Ok(PayOutcome::NeedsAuthentication { client_secret })
                }
                _ => current_outcome(store, tenant, checkout, now).await,
            }
        }
        Err(e) => {
            tracing::warn!(checkout = %checkout.public_id, error = %e, "gateway call unconfirmed; will reconcile");
            current_outcome(store, tenant, checkout, now).await
        }
    }
}

/// Records a gateway outcome for a pending payment (once).
async fn settle(
    store: &dyn Store,
    tenant: TenantId,
    payment: PaymentId,
    outcome: ChargeOutcome,
) -> Result<bool, PayError> {
    let result = match outcome {
        // Still up to the customer: nothing to record yet.
        ChargeOutcome::NeedsAuthentication { .. } => return Ok(false),
        ChargeOutcome::Succeeded { transaction_id } => ChargeResult::Succeeded {
            reference: transaction_id,
        },
        ChargeOutcome::Pending { transaction_id } => ChargeResult::Accepted {
            reference: transaction_id,
        },
        ChargeOutcome::Declined { message } => ChargeResult::Failed { message },
        ChargeOutcome::Returned { transaction_id } => ChargeResult::Returned {
            reference: transaction_id,
        },
    };
    Ok(store.finish_charge(tenant, payment, &result).await?)
}

/// What the newest attempt of a checkout came to.
pub async fn current_outcome(
    store: &dyn Store,
    tenant: TenantId,
    checkout: &Checkout,
    now: i64,
) -> Result<PayOutcome, PayError> {
    match store.checkout_payment(tenant, checkout.id).await? {
        Some((payment, failure)) => Ok(match payment.status {
            PaymentStatus::Succeeded => PayOutcome::Done(payment),
            PaymentStatus::Failed => PayOutcome::Declined {
                message: failure.unwrap_or_else(|| "Your payment did not go through.".into()),
            },
            PaymentStatus::Pending if payment.reference.is_some() => PayOutcome::Done(payment),
            _ => PayOutcome::Unconfirmed(payment),
        }),
        None if checkout.expires_at <= now => Err(PayError::Expired),
        None => match store.checkout(tenant, &checkout.public_id).await? {
            Some(c) if c.state == CheckoutState::Released => Err(PayError::Cancelled),
            _ => Err(PayError::BadToken),
        },
    }
}
