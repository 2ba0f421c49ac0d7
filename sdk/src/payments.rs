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

/// The smallest partial payment a customer may make: one major unit (e.g. $1.00), or the balance if less.
fn minimum_partial(balance: Money) -> Money {
    let one = Money::from_minor(
        10i64.pow(u32::from(balance.currency().exponent())),
        balance.currency(),
    );
    if balance.minor() < one.minor() {
        balance
    } else {
        one
    }
}

/// What is left to pay on an invoice after what is paid and what checkouts and unsettled payments hold.
pub fn available(invoice: &Invoice) -> Money {
    Money::from_minor(
        (invoice.balance().minor() - invoice.reserved.minor()).max(0),
        invoice.currency,
    )
}

/// What is wrong with a typed amount. Displayed in English; the portal says it in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountProblem {
    /// Separators in the wrong places for the locale (`100,50` in English, `100.50` in German).
    #[error("{}", if *comma_decimals { format!("Use a comma for decimals, like {example}.") } else { format!("Use a point for decimals and commas only between thousands, like {example}.") })]
    Separators {
        /// An amount written the locale's way (`336,98`).
        example: String,
        /// Whether the locale writes decimals with a comma.
        comma_decimals: bool,
    },
    /// Not an amount at all, or too many decimals.
    #[error("Enter an amount like {example} (up to {decimals} decimals).")]
    Unreadable {
        /// An amount written the locale's way.
        example: String,
        /// The currency's decimals.
        decimals: u8,
    },
    /// Zero or less.
    #[error("Enter an amount above zero.")]
    NotPositive,
    /// More than is left to pay on the invoice (or the chosen invoices).
    #[error("That is more than {} of {}. Enter {} or less.", if *chosen { "the chosen invoices' balance" } else { "the balance" }, left.format(), left.format())]
    MoreThanLeft {
        /// What is left.
        left: Money,
        /// Whether several chosen invoices were paid together.
        chosen: bool,
    },
    /// Partial payments are off and the amount isn't the whole balance.
    #[error("Invoices are paid in full here: the amount is {}.", left.format())]
    WholeOnly {
        /// What is left.
        left: Money,
    },
    /// Less than the smallest partial payment.
    #[error("The smallest payment is {}.", minimum.format())]
    BelowMinimum {
        /// The smallest payment.
        minimum: Money,
    },
}

/// Why chosen invoices can't be paid together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SelectionProblem {
    /// Nothing ticked.
    #[error("Choose at least one invoice to pay.")]
    NoneChosen,
    /// A chosen invoice is paid (or gone).
    #[error("Invoice {0} has nothing left to pay. Choose your invoices again.")]
    NothingLeft(String),
    /// A chosen invoice is held by another payment.
    #[error(
        "Invoice {0} is already being paid. Leave it out, or wait until that payment is done."
    )]
    BeingPaid(String),
}

/// The allocations of a payment of the chosen invoices: oldest first, each in full, the last one reached in part
/// when the customer typed less than the total (where the tenant allows partial payments).
async fn select(
    store: &dyn Store,
    tenant: &Tenant,
    account: &Account,
    numbers: &[String],
    amount: Option<&str>,
    locale: Locale,
) -> Result<Vec<(InvoiceId, Money)>, PayError> {
    if numbers.is_empty() {
        return Err(PayError::Selection(SelectionProblem::NoneChosen));
    }
    let open = store
        .open_invoices_oldest_first(tenant.id, account.id)
        .await?;
    let chosen: Vec<&Invoice> = open
        .iter()
        .filter(|i| numbers.contains(&i.number))
        .collect();
    if let Some(missing) = numbers
        .iter()
        .find(|n| !chosen.iter().any(|i| &i.number == *n))
    {
        return Err(PayError::Selection(SelectionProblem::NothingLeft(
            missing.clone(),
        )));
    }
    if let Some(held) = chosen.iter().find(|i| available(i).is_zero()) {
        return Err(PayError::Selection(SelectionProblem::BeingPaid(
            held.number.clone(),
        )));
    }
    let total = Money::checked_sum(account.currency, chosen.iter().map(|i| available(i)))
        .map_err(|_| PayError::Internal)?;
    let wanted = match amount.map(str::trim).filter(|a| !a.is_empty()) {
        None => total,
        Some(typed) => within(parse_amount(typed, total, locale)?, total, true, tenant)?,
    };
    let mut left = wanted.minor();
    let mut parts = Vec::new();
    for invoice in chosen {
        if left == 0 {
            break;
        }
        let part = available(invoice).minor().min(left);
        left -= part;
        parts.push((invoice.id, Money::from_minor(part, invoice.currency)));
    }
    Ok(parts)
}

/// Reads what the customer typed as an amount in `example`'s currency, in the customer's `locale`'s convention
/// (`$1,234.50` or `1234.50` in English, `1.234,50` or `1234,50` in German), never a decimal separator read as a
/// thousands one, and above zero.
fn parse_amount(typed: &str, example: Money, locale: Locale) -> Result<Money, PayError> {
    let currency = example.currency();
    let example = locale.format_plain(example);
    let amount = locale.parse_amount(typed, currency).map_err(|e| {
        PayError::Amount(match e {
            crate::money::MoneyError::Grouping(_) => AmountProblem::Separators {
                example,
                comma_decimals: locale != Locale::En,
            },
            _ => AmountProblem::Unreadable {
                example,
                decimals: currency.exponent(),
            },
        })
    })?;
    if amount.minor() <= 0 {
        return Err(PayError::Amount(AmountProblem::NotPositive));
    }
    Ok(amount)
}

/// Checks a typed amount against what is left to pay (of one invoice, or of several `chosen` together) and the
/// tenant's rules: not above it, the whole of it where partial payments are off, at least the minimum.
fn within(amount: Money, left: Money, chosen: bool, tenant: &Tenant) -> Result<Money, PayError> {
    if amount.minor() > left.minor() {
        return Err(PayError::Amount(AmountProblem::MoreThanLeft {
            left,
            chosen,
        }));
    }
    if !tenant.settings.partial_payments && amount != left {
        return Err(PayError::Amount(AmountProblem::WholeOnly { left }));
    }
    let minimum = minimum_partial(left);
    if amount.minor() < minimum.minor() {
        return Err(PayError::Amount(AmountProblem::BelowMinimum { minimum }));
    }
    Ok(amount)
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

/// What one reconciliation pass did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Reconciled {
    /// Payments the gateway confirmed.
    pub settled: u64,
    /// Payments the gateway declined or returned.
    pub failed: u64,
    /// Payments the gateway has not decided yet.
    pub still_pending: u64,
    /// Expired checkouts whose reservations were given back.
    pub released: u64,
}

/// Finds each tenant's gateway, for reconciliation. A closure `Fn(TenantId) -> Arc<dyn Gateway>` is one.
#[async_trait::async_trait]
pub trait Gateways: Send + Sync {
    /// The gateway `tenant` uses now.
    async fn gateway(&self, tenant: TenantId) -> Result<Arc<dyn Gateway>, GatewayError>;
}

#[async_trait::async_trait]
impl<F: Fn(TenantId) -> Arc<dyn Gateway> + Send + Sync> Gateways for F {
    async fn gateway(&self, tenant: TenantId) -> Result<Arc<dyn Gateway>, GatewayError> {
        Ok(self(tenant))
    }
}

/// What asking the gateway about one unconfirmed payment came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settled {
    /// The gateway confirmed it.
    Succeeded,
    /// The gateway declined or returned it.
    Failed,
    /// The gateway has not decided yet.
    StillPending,
    /// Another process settled it first.
    AlreadyDone,
}

/// Asks the gateway about one unconfirmed payment and records its answer, once. When the gateway has never seen
/// the payment's key, `never_seen_is_failure` decides: reconciliation of an old attempt says nothing was charged;
/// a webhook about a charge still in flight leaves it pending.
pub async fn settle_from_gateway(
    store: &dyn Store,
    gateway: &dyn Gateway,
    p: &UnconfirmedPayment,
    never_seen_is_failure: bool,
    now: i64,
) -> Result<Settled, PayError> {
    if gateway.name() != p.gateway {
        // The tenant changed gateways since: only the gateway that took the attempt can say what became of it.
        tracing::error!(
            payment = p.payment_id.0,
            made_with = %p.gateway,
            now_using = gateway.name(),
            "an unconfirmed payment's gateway is no longer the tenant's; settle it by hand"
        );
        return Ok(Settled::StillPending);
    }
    let outcome = match gateway.lookup(&p.idempotency_key).await {
        Ok(Some(o)) => o,
        Ok(None) if never_seen_is_failure => ChargeOutcome::Declined {
            message: "The payment did not reach the gateway; you were not charged.".into(),
        },
        Ok(None) => return Ok(Settled::StillPending),
        Err(GatewayError::Timeout | GatewayError::Unavailable(_)) => {
            return Ok(Settled::StillPending)
        }
        Err(e) => {
            tracing::error!(payment = p.payment_id.0, error = %e, "reconciliation lookup failed");
            return Ok(Settled::StillPending);
        }
    };
    let outcome = match outcome {
        // The customer had the checkout's whole lifetime to confirm with their bank; after that the attempt ends,
        // uncharged (an unconfirmed PaymentIntent never captures).
        ChargeOutcome::NeedsAuthentication { .. }
            if never_seen_is_failure
                && p.charged_at.is_some_and(|at| at < now - CHECKOUT_TTL_SECS) =>
        {
            ChargeOutcome::Declined {
                message: "Your bank's confirmation was not completed, so nothing was charged."
                    .into(),
            }
        }
        ChargeOutcome::NeedsAuthentication { .. } => return Ok(Settled::StillPending),
        other => other,
    };
    let pending = matches!(outcome, ChargeOutcome::Pending { .. });
    let failed = matches!(
        outcome,
        ChargeOutcome::Declined { .. } | ChargeOutcome::Returned { .. }
    );
    if pending && p.checkout_state == CheckoutState::Settling {
        return Ok(Settled::StillPending);
    }
    Ok(
        match settle(store, p.tenant_id, p.payment_id, outcome).await? {
            false => Settled::AlreadyDone,
            true if failed => Settled::Failed,
            true if pending => Settled::StillPending,
            true => Settled::Succeeded,
        },
    )
}

/// Settles unconfirmed payments from each gateway's record of their idempotency keys, and releases expired
/// checkouts. Safe to run from several processes at once: each result applies only to a still-pending payment.
pub async fn reconcile(
    store: &dyn Store,
    gateways: &dyn Gateways,
    now: i64,
) -> Result<Reconciled, PayError> {
    let mut done = Reconciled::default();
    let mut by_tenant: std::collections::HashMap<TenantId, Arc<dyn Gateway>> = Default::default();
    for p in store
        .unconfirmed_payments(now - RECONCILE_AFTER_SECS)
        .await?
    {
        let gateway = match by_tenant.get(&p.tenant_id) {
            Some(g) => g.clone(),
            None => match gateways.gateway(p.tenant_id).await {
                Ok(g) => by_tenant.entry(p.tenant_id).or_insert(g).clone(),
                Err(e) => {
                    tracing::error!(tenant = p.tenant_id.0, error = %e, "no gateway to reconcile with");
                    done.still_pending += 1;
                    continue;
                }
            },
        };
        match settle_from_gateway(store, gateway.as_ref(), &p, true, now).await? {
            Settled::Succeeded => done.settled += 1,
            Settled::Failed => done.failed += 1,
            Settled::StillPending => done.still_pending += 1,
            Settled::AlreadyDone => {}
        }
    }
    done.released = store.release_expired_checkouts(now).await?;
    Ok(done)
}
