//! The confirmation of a payment (the amount, the method the gateway's page tokenized or a saved one, the ACH
//! authorisation, "Save for next time"), the Pay button, and back from the bank's 3-D Secure step.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::checkout::{checkout_of, hosted_page};
use super::see_other;
use super::Page;
use crate::domain::{Checkout, CheckoutState, SavedMethod};
use crate::gateway::config::GatewayConfig;
use crate::gateway::MethodKind;
use crate::payments::{self, PayError, PayOutcome, PaySource};
use crate::web::error::WebError;
use crate::web::session::{Member, Payer, Protected};
use crate::web::PortalState;

#[derive(Deserialize)]
pub(crate) struct ConfirmQuery {
    token: Option<String>,
    /// A saved method's id, instead of a token.
    saved: Option<String>,
}

#[derive(Serialize)]
struct ConfirmView {
    amount: String,
    method_label: String,
    token: String,
    saved: Option<String>,
    action: String,
    retry_url: String,
    /// After a decline: where "Try a different card" posts (a new checkout for the same invoices).
    again_action: String,
    /// The gateway page's Cancel.
    cancel_action: String,
    invoices: Vec<(String, String)>,
    error: Option<String>,
    guidance: bool,
    /// A bank debit: the page states the authorisation the Pay button gives (NACHA, for a WEB debit).
    ach_authorization: Option<AchAuthorization>,
    /// After an error that charged nothing and kept the checkout (saving the card failed): Pay is still offered.
    still_open: bool,
    /// New details (not a saved method): "Save for next time" is offered.
    can_save: bool,
}

/// The words of a one-time ACH debit authorisation.
#[derive(Serialize)]
struct AchAuthorization {
    merchant: String,
    date: String,
}

fn confirm_view(
    member: &Member,
    gateway: &GatewayConfig,
    checkout: &Checkout,
    source: PaySource<'_>,
    error: Option<String>,
    label: String,
) -> ConfirmView {
    let locale = member.ctx.locale;
    ConfirmView {
        amount: locale.format_money(checkout.amount),
        method_label: label,
        token: match source {
            PaySource::Token(t) => t.to_string(),
            PaySource::Saved(_) => String::new(),
        },
        saved: match source {
            PaySource::Token(_) => None,
            PaySource::Saved(m) => Some(m.public_id.clone()),
        },
        action: member
            .ctx
            .link(&format!("/checkout/{}/pay", checkout.public_id)),
        retry_url: hosted_page(member, checkout, gateway),
        again_action: member
            .ctx
            .link(&format!("/checkout/{}/again", checkout.public_id)),
        cancel_action: member
            .ctx
            .link(&format!("/checkout/{}/cancel", checkout.public_id)),
        invoices: checkout
            .allocations
            .iter()
            .map(|(_, n, m)| (n.clone(), locale.format_money(*m)))
            .collect(),
        guidance: error.is_some(),
        error,
        still_open: false,
        can_save: matches!(source, PaySource::Token(_)),
        ach_authorization: (checkout.method == MethodKind::BankAccount.as_str()).then(|| {
            AchAuthorization {
                merchant: member.ctx.tenant.name.clone(),
                date: locale.format_date(member.today()),
            }
        }),
    }
}

fn render_confirm(
    state: &PortalState,
    member: &Member,
    view: ConfirmView,
    status: StatusCode,
) -> Response {
    let mut page = Page::new(
        state,
        Some(&member.ctx),
        Some(member),
        &super::tr(state, &member.ctx, "confirm-title", &[]),
        "invoices",
    );
    page.insert("confirm", &view);
    page.status(status).render("confirm.html")
}

pub(crate) async fn confirm_page(
    State(state): State<Arc<PortalState>>,
    Payer(member): Payer,
    Path(id): Path<String>,
    Query(query): Query<ConfirmQuery>,
) -> Result<Response, WebError> {
    let checkout = checkout_of(&state, &member, &id).await?;
    if checkout.state != CheckoutState::Open {
        return super::checkout::ended(&state, &member, &checkout).await;
    }
    let config = state.gateway_config(member.ctx.tenant.id).await?;
    if let Some(id) = query.saved {
        let method = saved_of(&state, &member, &id).await?;
        let label = method.label();
        return Ok(render_confirm(
            &state,
            &member,
            confirm_view(
                &member,
                &config,
                &checkout,
                PaySource::Saved(&method),
                None,
                label,
            ),
            StatusCode::OK,
        ));
    }
    let token = query.token.unwrap_or_default();
    let gateway = state.build_gateway(member.ctx.tenant.id, &config);
    let info = gateway
        .token_info(&token)
        .await
        .map_err(|_| WebError::BadRequest("refuse-details-expired".into()))?;
    super::checkout::hold_token(&state, &member, &checkout, &token).await?;
    Ok(render_confirm(
        &state,
        &member,
        confirm_view(
            &member,
            &config,
            &checkout,
            PaySource::Token(&token),
            None,
            info.label,
        ),
        StatusCode::OK,
    ))
}

async fn saved_of(state: &PortalState, member: &Member, id: &str) -> Result<SavedMethod, WebError> {
    state
        .store
        .saved_method(member.ctx.tenant.id, member.membership.account.id, id)
        .await?
        .ok_or_else(|| WebError::BadRequest("refuse-method-gone".into()))
}

#[derive(Deserialize)]
pub(crate) struct ChargeForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    saved: String,
    /// `1`: keep the card or bank account for next time, then pay with it.
    #[serde(default)]
    save: String,
}

pub(crate) async fn charge(
    State(state): State<Arc<PortalState>>,
    Path(id): Path<String>,
    Protected { member, form, .. }: Protected<Payer, ChargeForm>,
) -> Result<Response, WebError> {
    let checkout = checkout_of(&state, &member, &id).await?;
    // A checkout already charged (Back, then Pay again) answers with its receipt; it is not another attempt.
    let repeat = checkout.state != crate::domain::CheckoutState::Open;
    let config = state.gateway_config(member.ctx.tenant.id).await?;
    let gateway = state.build_gateway(member.ctx.tenant.id, &config);
    let mut saved = if form.saved.is_empty() {
        None
    } else {
        Some(saved_of(&state, &member, &form.saved).await?)
    };
    if saved.is_none() {
        super::checkout::hold_token(&state, &member, &checkout, &form.token).await?;
        // "Save for next time": the gateway keeps the details first, and the payment is made with the kept method.
        if form.save == "1" && !repeat {
            match super::payment_methods::save_while_paying(&state, &member, &config, &form.token)
                .await?
            {
                Ok(id) => saved = Some(saved_of(&state, &member, &id).await?),
                Err(why) => {
                    let info = gateway.token_info(&form.token).await.ok();
                    let mut view = confirm_view(
                        &member,
                        &config,
                        &checkout,
                        PaySource::Token(&form.token),
                        Some(format!("{why} The card was not saved.")),
                        info.map(|i| i.label).unwrap_or_default(),
                    );
                    view.still_open = true;
                    return Ok(render_confirm(
                        &state,
                        &member,
                        view,
                        StatusCode::UNPROCESSABLE_ENTITY,
                    ));
                }
            }
        }
    }
    let source = match &saved {
        Some(m) => PaySource::Saved(m),
        None => PaySource::Token(&form.token),
    };
    let outcome = payments::pay_with(
        state.store.as_ref(),
        gateway.as_ref(),
        member.ctx.tenant.id,
        &checkout,
        source,
        state.now(),
    )
    .await;
    let actor = member.actor();
    let audit = |what: &str| {
        member.audit(
            &actor,
            "payment.attempted",
            format!(
                "{} on {}: {what}",
                checkout.amount.format(),
                checkout
                    .allocations
                    .iter()
                    .map(|(_, number, _)| number.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    };
    match outcome {
        Ok(PayOutcome::Done(payment)) | Ok(PayOutcome::Unconfirmed(payment)) => {
            let what = format!(
                "{} (receipt {})",
                payment.status.as_str(),
                payment.external_id
            );
            if !repeat {
                state.store.record_audit(&audit(&what)).await?;
            }
            see_other(
                &member
                    .ctx
                    .link(&format!("/receipts/{}", payment.external_id)),
            )
        }
        Ok(PayOutcome::NeedsAuthentication { client_secret }) => {
            state
                .store
                .record_audit(&audit("waiting for the bank's confirmation (3-D Secure)"))
                .await?;
            super::gateway_fields::render_authentication(
                &state,
                &member,
                &config,
                super::gateway_fields::BankStep {
                    client_secret: &client_secret,
                    amount: Some(member.ctx.locale.format_money(checkout.amount)),
                    return_path: format!("/checkout/{}/authenticated", checkout.public_id),
                    cancel_path: "/",
                },
            )
        }
        Ok(PayOutcome::Declined { message }) => {
            if !repeat {
                state
                    .store
                    .record_audit(&audit(&format!("declined ({message})")))
                    .await?;
            }
            let label = match source {
                PaySource::Saved(m) => m.label(),
                PaySource::Token(t) => gateway
                    .token_info(t)
                    .await
                    .map(|i| i.label)
                    .unwrap_or_default(),
            };
            let message = super::gateway_words(&state, &member.ctx, &message);
            let view = confirm_view(&member, &config, &checkout, source, Some(message), label);
            Ok(render_confirm(
                &state,
                &member,
                view,
                StatusCode::PAYMENT_REQUIRED,
            ))
        }
        Err(PayError::Internal) => Err(WebError::internal("payment failed on our side")),
        Err(e) => Err(WebError::BadRequest(super::pay_refusal(
            &state,
            &member.ctx,
            &e,
        ))),
    }
}

/// `GET /checkout/{id}/authenticated`: back from the bank's confirmation (3-D Secure). The gateway is asked how it
/// went; a confirmed payment lands on its receipt, a refused one back on the payment details with the reason.
pub(crate) async fn authenticated(
    State(state): State<Arc<PortalState>>,
    Payer(member): Payer,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let tenant = member.ctx.tenant.id;
    let checkout = checkout_of(&state, &member, &id).await?;
    let config = state.gateway_config(tenant).await?;
    if let Some((payment, _)) = state.store.checkout_payment(tenant, checkout.id).await? {
        if let Some(pending) = state
            .store
            .unconfirmed_payment(tenant, &payment.external_id)
            .await?
        {
            let gateway = state.build_gateway(tenant, &config);
            payments::settle_from_gateway(
                state.store.as_ref(),
                gateway.as_ref(),
                &pending,
                false,
                state.now(),
            )
            .await
            .map_err(WebError::internal)?;
        }
    }
    let checkout = checkout_of(&state, &member, &id).await?;
    match state.store.checkout_payment(tenant, checkout.id).await? {
        Some((payment, _)) if payment.status == crate::domain::PaymentStatus::Failed => {
            // The refused attempt released its checkout: the customer is back on the payment details of a new
            // one (the same one on a reload of this page), with the bank's refusal explained.
            match super::checkout::restart(&state, &member, &checkout).await? {
                Ok(next) => see_other(&format!(
                    "{}?error=authentication",
                    hosted_page(&member, &next, &config)
                )),
                Err(_) => see_other(
                    &member
                        .ctx
                        .link(&format!("/receipts/{}", payment.external_id)),
                ),
            }
        }
        Some((payment, _)) => see_other(
            &member
                .ctx
                .link(&format!("/receipts/{}", payment.external_id)),
        ),
        None => Err(WebError::NotFound),
    }
}
