//! AutoPay's background run: each open invoice of an enrolled account is paid when it is due — on its due date, or
//! the tenant's number of days after issue — through the portal's exactly-once payment path ([`crate::payments`]):
//! a reservation, a pending payment keyed by an idempotency key recorded before the gateway is called, and
//! reconciliation if the process stops between the gateway's answer and our commit. One attempt per invoice per
//! day, claimed in the store first, so several hosts running this at once never both charge. A failed attempt
//! counts against the enrolment; the tenant's number of failures in a row suspends it.

use std::collections::hash_map::Entry;
use std::collections::HashMap;
use std::sync::Arc;

use time::Date;

use crate::domain::{AutopayAttempt, AutopayCandidate, AutopayOutcome, Tenant, TenantId};
use crate::gateway::{Gateway, MethodKind};
use crate::payments::{self, Gateways, PayError, PayOutcome};
use crate::store::Store;

/// What one run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AutopayRun {
    /// Invoices paid (or bank debits accepted).
    pub paid: u64,
    /// Attempts declined (or otherwise failed).
    pub failed: u64,
    /// Attempts the gateway didn't confirm (reconciliation settles them).
    pub unconfirmed: u64,
    /// Invoices left alone (someone else is paying them, or another host took the attempt).
    pub skipped: u64,
    /// Enrolments suspended after too many failures.
    pub suspended: u64,
}

/// Something the customer should hear about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AutopayNotice {
    /// An attempt failed; AutoPay tries again the next day (unless it was suspended: see `Suspended`).
    Failed {
        /// The tenant.
        tenant: TenantId,
        /// The account.
        account: crate::domain::AccountId,
        /// The invoice's number.
        invoice: String,
        /// What was tried.
        amount: crate::money::Money,
        /// The method's label (`None`: it was removed).
        method: Option<String>,
        /// Why, in the gateway's words.
        message: String,
    },
    /// AutoPay stopped (too many failures, or the method is gone): the customer must update it.
    Suspended {
        /// The tenant.
        tenant: TenantId,
        /// The account.
        account: crate::domain::AccountId,
        /// Failed attempts in a row.
        failures: i64,
    },
}

/// Pays what is due on `today` for every enrolled account (at most `limit` invoices), with each tenant's gateway.
pub async fn run(
    store: &dyn Store,
    gateways: &dyn Gateways,
    today: Date,
    now: i64,
    limit: i64,
) -> Result<(AutopayRun, Vec<AutopayNotice>), PayError> {
    let mut done = AutopayRun::default();
    let mut notices = Vec::new();
    let mut tenants: HashMap<TenantId, (Tenant, Arc<dyn Gateway>)> = HashMap::new();
    for candidate in store.autopay_candidates(today, limit).await? {
        let tenant_id = candidate.tenant_id;
        let (tenant, gateway) = match tenants.entry(tenant_id) {
            Entry::Occupied(known) => known.into_mut(),
            Entry::Vacant(slot) => {
                let Some(tenant) = store.tenant(tenant_id).await? else {
                    continue;
                };
                let gateway = match gateways.gateway(tenant_id).await {
                    Ok(g) => g,
                    Err(e) => {
                        tracing::error!(tenant = tenant_id.0, error = %e, "no gateway for AutoPay");
                        continue;
                    }
                };
                slot.insert((tenant, gateway))
            }
        };
        let enrollment = &candidate.enrollment;
        let key = AutopayAttempt {
            tenant: tenant_id,
            enrollment: enrollment.id,
            invoice: candidate.invoice.id,
            on: today,
        };
        if !store.claim_autopay_attempt(&key, now).await? {
            done.skipped += 1;
            continue;
        }
        let (outcome, message) = attempt(store, gateway.as_ref(), tenant, &candidate, now).await?;
        let after = store
            .record_autopay_attempt(
                &key,
                outcome,
                if enrollment.method.is_none() {
                    1
                } else {
                    tenant.settings.autopay_max_failures
                },
                now,
            )
            .await?;
        match outcome {
            AutopayOutcome::Paid => done.paid += 1,
            AutopayOutcome::Unconfirmed => done.unconfirmed += 1,
            AutopayOutcome::Skipped => done.skipped += 1,
            AutopayOutcome::Failed => {
                done.failed += 1;
                notices.push(AutopayNotice::Failed {
                    tenant: tenant_id,
                    account: enrollment.account_id,
                    invoice: candidate.invoice.number.clone(),
                    amount: payments::available(&candidate.invoice),
                    method: enrollment.method.as_ref().map(|m| m.label()),
                    message: message.unwrap_or_default(),
                });
            }
        }
        if after.suspended {
            done.suspended += 1;
            notices.push(AutopayNotice::Suspended {
                tenant: tenant_id,
                account: enrollment.account_id,
                failures: after.failures,
            });
        }
    }
    Ok((done, notices))
}

/// One attempt on one invoice: what it came to, and the gateway's words when it failed.
async fn attempt(
    store: &dyn Store,
    gateway: &dyn Gateway,
    tenant: &Tenant,
    candidate: &AutopayCandidate,
    now: i64,
) -> Result<(AutopayOutcome, Option<String>), PayError> {
    let enrollment = &candidate.enrollment;
    let Some(method) = &enrollment.method else {
        return Ok((
            AutopayOutcome::Failed,
            Some("The payment method AutoPay used was removed.".into()),
        ));
    };
    let Some(kind) = MethodKind::parse(&method.kind) else {
        return Ok((
            AutopayOutcome::Failed,
            Some("The saved method can't be charged.".into()),
        ));
    };
    if kind == MethodKind::BankAccount && !tenant.settings.ach_enabled {
        return Ok((
            AutopayOutcome::Failed,
            Some("Bank account payments are no longer accepted. Choose a card for AutoPay.".into()),
        ));
    }
    if method.gateway != gateway.name() {
        return Ok((
            AutopayOutcome::Failed,
            Some(
                "The saved method belongs to a payment provider this portal no longer uses.".into(),
            ),
        ));
    }
    let checkout = match payments::reserve_invoice(
        store,
        (tenant.id, enrollment.account_id, enrollment.enrolled_by),
        &candidate.invoice,
        kind,
        now,
    )
    .await
    {
        Ok(c) => c,
        Err(PayError::AlreadyReserved | PayError::NothingToPay) => {
            return Ok((AutopayOutcome::Skipped, None))
        }
        Err(e) => return Err(e),
    };
    Ok(
        match payments::pay_off_session(store, gateway, tenant.id, &checkout, method, now).await? {
            PayOutcome::Done(_) => (AutopayOutcome::Paid, None),
            PayOutcome::Unconfirmed(_) => (AutopayOutcome::Unconfirmed, None),
            PayOutcome::Declined { message } => {
                // Nothing was charged: the invoice is free to pay again at once (by the customer, or tomorrow's run).
                store.release_checkout(tenant.id, checkout.id).await?;
                (AutopayOutcome::Failed, Some(message))
            }
            PayOutcome::NeedsAuthentication { .. } => {
                payments::cancel_checkout(store, gateway, &checkout, now).await?;
                (
                AutopayOutcome::Failed,
                Some("The card's bank asked to confirm this payment, which can't be done without you.".into()),
            )
            }
        },
    )
}
