//! Settling what the gateway decided while nobody was waiting: unconfirmed payments asked about by their
//! idempotency key, expired checkouts released.

use super::*;

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
