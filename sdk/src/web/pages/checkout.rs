//! The checkout a page works on: one of the signed-in member's account, by its public id — shared by the pay,
//! gateway-fields and sandbox pages — and what a payer does with one they left: **Cancel** (on the gateway's page),
//! **Start over** or **Resume** (on the pay form), **Try again** after a decline.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::see_other;
use crate::domain::{Checkout, CheckoutState};
use crate::gateway::config::GatewayConfig;
use crate::payments::{self, Cancelled, PayError};
use crate::web::error::WebError;
use crate::web::session::{Member, Payer, Protected};
use crate::web::view::path_segment;
use crate::web::PortalState;

/// Where the customer enters card or bank details for a checkout: the sandbox's TEST MODE page, or the portal's
/// page hosting the real gateway's fields (Stripe's Payment Element, Authorize.Net's Accept form).
pub(crate) fn hosted_page(member: &Member, checkout: &Checkout, gateway: &GatewayConfig) -> String {
    let id = &checkout.public_id;
    member.ctx.link(&match gateway {
        GatewayConfig::Sandbox => format!("/sandbox/checkout/{id}"),
        _ => format!("/checkout/{id}/details"),
    })
}

/// A checkout of the member's account, by its public id.
pub(crate) async fn checkout_of(
    state: &PortalState,
    member: &Member,
    id: &str,
) -> Result<Checkout, WebError> {
    state
        .store
        .checkout(member.ctx.tenant.id, id)
        .await?
        .filter(|c| c.account_id == member.membership.account.id)
        .ok_or(WebError::NotFound)
}

/// Makes `token` (card or bank details the gateway's page tokenized) the only one that may pay `checkout`: bound to
/// it while it is open (replacing details entered earlier for it), and refused if it was entered for another
/// checkout — on every gateway, a token pays one checkout. A checkout no longer open takes only its own token back
/// (a repeated Pay gets the first result).
pub(crate) async fn hold_token(
    state: &PortalState,
    member: &Member,
    checkout: &Checkout,
    token: &str,
) -> Result<(), WebError> {
    let elsewhere = || WebError::BadRequest("refuse-token-other-payment".into());
    let tenant = member.ctx.tenant.id;
    let presented = crate::web::session::hash_token(token);
    if checkout.state == CheckoutState::Open {
        return match state
            .store
            .bind_checkout_token(tenant, checkout.id, &presented)
            .await?
        {
            true => Ok(()),
            false => Err(elsewhere()),
        };
    }
    match state.store.checkout_token(tenant, checkout.id).await? {
        Some(bound) if !bool::from(subtle::ConstantTimeEq::ct_eq(&bound[..], &presented[..])) => {
            Err(elsewhere())
        }
        _ => Ok(()),
    }
}

/// Where a payer who reaches a checkout that no longer waits for details belongs: its payment's receipt (paid, or
/// being confirmed), else — cancelled, declined or expired — the pay form for the same invoices, nothing charged.
pub(crate) async fn ended(
    state: &PortalState,
    member: &Member,
    checkout: &Checkout,
) -> Result<Response, WebError> {
    match state
        .store
        .checkout_payment(member.ctx.tenant.id, checkout.id)
        .await?
    {
        Some((payment, _)) if payment.status != crate::domain::PaymentStatus::Failed => see_other(
            &member
                .ctx
                .link(&format!("/receipts/{}", payment.external_id)),
        ),
        _ => see_other(&pay_form_of(member, checkout)),
    }
}

/// A checkout holding part of what the pay form offers, as the form shows it.
#[derive(Serialize)]
pub(crate) struct HoldView {
    amount: String,
    invoices: String,
    started: String,
    until: String,
    started_iso: String,
    until_iso: String,
    /// Started by the member looking: they may resume it or start over.
    mine: bool,
    /// A charge is at the gateway: it can be neither resumed nor released until the gateway answers.
    charging: bool,
    resume_url: String,
    cancel_action: String,
}

/// The account's checkouts that hold any of `invoices` (all of the account's when `None`).
pub(crate) async fn holds(
    state: &PortalState,
    member: &Member,
    invoices: Option<&[&str]>,
) -> Result<Vec<HoldView>, WebError> {
    let gateway = state.gateway_config(member.ctx.tenant.id).await?;
    let active = state
        .store
        .active_checkouts(
            member.ctx.tenant.id,
            member.membership.account.id,
            state.now(),
        )
        .await?;
    Ok(active
        .into_iter()
        .filter(|c| {
            invoices.is_none_or(|numbers| {
                c.allocations
                    .iter()
                    .any(|(_, n, _)| numbers.contains(&n.as_str()))
            })
        })
        .map(|c| HoldView {
            amount: member.ctx.locale.format_money(c.amount),
            invoices: c
                .allocations
                .iter()
                .map(|(_, n, _)| n.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            started: member.ctx.locale.format_date_time(c.created_at),
            until: member.ctx.locale.format_date_time(c.expires_at),
            started_iso: crate::web::view::iso_time(c.created_at),
            until_iso: crate::web::view::iso_time(c.expires_at),
            mine: c.user_id == member.user.id,
            charging: c.state == CheckoutState::Charging,
            resume_url: hosted_page(member, &c, &gateway),
            cancel_action: member
                .ctx
                .link(&format!("/checkout/{}/cancel", c.public_id)),
        })
        .collect())
}

/// Where the payer goes after leaving a checkout: the invoice's pay form, or the whole balance's.
fn pay_form_of(member: &Member, checkout: &Checkout) -> String {
    match checkout.allocations.as_slice() {
        [(_, number, _)] => member
            .ctx
            .link(&format!("/invoices/{}/pay", path_segment(number))),
        _ => member.ctx.link("/pay"),
    }
}

#[derive(Deserialize)]
pub(crate) struct LeaveForm {
    /// `pay`: back to the pay form (Start over); otherwise back to the invoices (the gateway page's Cancel).
    #[serde(default)]
    next: String,
}

/// `POST /checkout/{id}/cancel`: the payer leaves a checkout they started. Its reservation is given back at once —
/// after the gateway's record settled any charge still in flight, so nothing being paid is released.
pub(crate) async fn cancel(
    State(state): State<Arc<PortalState>>,
    Path(id): Path<String>,
    Protected { member, form, .. }: Protected<Payer, LeaveForm>,
) -> Result<Response, WebError> {
    let checkout = checkout_of(&state, &member, &id).await?;
    if checkout.user_id != member.user.id {
        return Err(WebError::Forbidden("refused-someone-elses-payment"));
    }
    let config = state.gateway_config(member.ctx.tenant.id).await?;
    let gateway = state.build_gateway(member.ctx.tenant.id, &config);
    match payments::cancel_checkout(
        state.store.as_ref(),
        gateway.as_ref(),
        &checkout,
        state.now(),
    )
    .await
    {
        Ok(Cancelled::Released) => {
            if checkout.state == CheckoutState::Open {
                let actor = member.actor();
                let what = format!("{} cancelled before paying", checkout.amount.format());
                state
                    .store
                    .record_audit(&member.audit(&actor, "payment.cancelled", what))
                    .await?;
            }
            see_other(&if form.next == "pay" {
                pay_form_of(&member, &checkout)
            } else {
                member.ctx.link("/")
            })
        }
        Ok(Cancelled::Paid(payment)) => see_other(
            &member
                .ctx
                .link(&format!("/receipts/{}", payment.external_id)),
        ),
        Ok(Cancelled::StillCharging) => Err(WebError::Rejected {
            status: axum::http::StatusCode::CONFLICT,
            message: super::tr(&state, &member.ctx, "refuse-still-confirming", &[]),
        }),
        Err(PayError::Internal) => Err(WebError::internal("cancelling a checkout failed")),
        Err(e) => Err(WebError::BadRequest(super::pay_refusal(
            &state,
            &member.ctx,
            &e,
        ))),
    }
}

/// `POST /checkout/{id}/again`: after a decline (or a bank's refused confirmation), pay the same invoices again with
/// other details: a new checkout (or the one a repeat of this request already opened) on the gateway's page.
pub(crate) async fn again(
    State(state): State<Arc<PortalState>>,
    Path(id): Path<String>,
    Protected { member, .. }: Protected<Payer, LeaveForm>,
) -> Result<Response, WebError> {
    let checkout = checkout_of(&state, &member, &id).await?;
    let config = state.gateway_config(member.ctx.tenant.id).await?;
    match restart(&state, &member, &checkout).await? {
        Ok(next) => see_other(&hosted_page(&member, &next, &config)),
        Err(message) => Err(WebError::Rejected {
            status: axum::http::StatusCode::CONFLICT,
            message,
        }),
    }
}

/// A fresh checkout for what `ended` was paying (the same one again while it is still open); a refusal the
/// customer can act on comes back as its message.
pub(crate) async fn restart(
    state: &PortalState,
    member: &Member,
    ended: &Checkout,
) -> Result<Result<Checkout, String>, WebError> {
    if ended.state == CheckoutState::Open && ended.expires_at > state.now() {
        return Ok(Ok(ended.clone()));
    }
    if ended.user_id != member.user.id {
        return Err(WebError::NotFound);
    }
    match payments::restart_checkout(state.store.as_ref(), ended, state.now()).await {
        Ok(c) => Ok(Ok(c)),
        Err(PayError::Internal) => Err(WebError::internal("restarting a checkout failed")),
        Err(e) => Ok(Err(super::pay_refusal(state, &member.ctx, &e))),
    }
}
