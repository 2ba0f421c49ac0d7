//! The sandbox gateway's hosted payment page, clearly marked TEST MODE. It stands in for a real gateway's page:
//! it reads a test card or bank account, keeps only a token with display facts (never the number), and sends the
//! customer back to the portal with the token.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::header::LOCATION;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use super::checkout::checkout_of;
use super::Page;
use crate::domain::{Checkout, CheckoutState};
use crate::gateway::config::GatewayConfig;
use crate::gateway::sandbox::{read_bank_account, read_card, read_expiry, SandboxOutcome};
use crate::gateway::MethodKind;
use crate::web::error::WebError;
use crate::web::session::{Member, Payer, Protected};
use crate::web::PortalState;

#[derive(Serialize)]
pub(crate) struct SandboxView {
    pub merchant: String,
    /// What is being paid; `None` when a method is being saved.
    pub amount: Option<String>,
    pub card: bool,
    pub action: String,
    pub cancel_url: String,
    /// Paying: Cancel posts here and gives the checkout's reservation back.
    pub cancel_action: Option<String>,
    pub error: Option<String>,
    /// What was typed, put back after an error (never the CVC).
    pub typed: Typed,
}

/// The TEST MODE page's fields as typed, to fill the form again after an error.
#[derive(Serialize, Default)]
pub(crate) struct Typed {
    card_number: String,
    expiry: String,
    routing_number: String,
    account_number: String,
}

fn render_page(
    state: &PortalState,
    member: &Member,
    checkout: &Checkout,
    error: Option<String>,
    typed: Typed,
) -> Response {
    let view = SandboxView {
        merchant: member.ctx.tenant.name.clone(),
        amount: Some(member.ctx.locale.format_money(checkout.amount)),
        card: checkout.method == MethodKind::Card.as_str(),
        action: member
            .ctx
            .link(&format!("/sandbox/checkout/{}", checkout.public_id)),
        typed,
        cancel_url: member.ctx.link("/"),
        cancel_action: Some(
            member
                .ctx
                .link(&format!("/checkout/{}/cancel", checkout.public_id)),
        ),
        error,
    };
    render_view(state, member, view)
}

/// The TEST MODE page, for a payment or for saving a method.
pub(crate) fn render_view(state: &PortalState, member: &Member, view: SandboxView) -> Response {
    let status = if view.error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let title = super::tr(state, &member.ctx, "sandbox-title", &[]);
    let mut page = Page::new(state, Some(&member.ctx), Some(member), &title, "invoices");
    page.insert("sandbox", &view);
    page.status(status).render("sandbox.html")
}

/// The checkout the TEST MODE page is for, if it still waits for details; otherwise (cancelled, paid, expired)
/// where the payer should be instead.
async fn open_checkout(
    state: &PortalState,
    member: &Member,
    id: &str,
) -> Result<Result<Checkout, Response>, WebError> {
    // Only a tenant on the sandbox has a TEST MODE page.
    if !matches!(
        state.gateway_config(member.ctx.tenant.id).await?,
        GatewayConfig::Sandbox
    ) {
        return Err(WebError::NotFound);
    }
    let checkout = checkout_of(state, member, id).await?;
    if checkout.state != CheckoutState::Open {
        return Ok(Err(super::checkout::ended(state, member, &checkout).await?));
    }
    Ok(Ok(checkout))
}

pub(crate) async fn page(
    State(state): State<Arc<PortalState>>,
    Payer(member): Payer,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    Ok(match open_checkout(&state, &member, &id).await? {
        Ok(checkout) => render_page(&state, &member, &checkout, None, Typed::default()),
        Err(elsewhere) => elsewhere,
    })
}

/// What the hosted page posts. Numbers are read, reduced to a token, and dropped.
#[derive(Deserialize)]
pub(crate) struct DetailsForm {
    #[serde(default)]
    card_number: String,
    #[serde(default)]
    expiry: String,
    #[serde(default)]
    cvc: String,
    #[serde(default)]
    routing_number: String,
    #[serde(default)]
    account_number: String,
}

impl DetailsForm {
    /// What was typed, but the CVC.
    pub(crate) fn typed(&self) -> Typed {
        Typed {
            card_number: self.card_number.clone(),
            expiry: self.expiry.clone(),
            routing_number: self.routing_number.clone(),
            account_number: self.account_number.clone(),
        }
    }
}

/// What the TEST MODE page read: display label, test outcome, a card's `(month, year)` expiry.
pub(crate) type ReadDetails = (String, SandboxOutcome, Option<(u8, u16)>);

/// Reads the typed card or bank account into display facts, a test outcome and a card's expiry, or the message
/// that says what to fix. The numbers go no further than this.
pub(crate) fn read_details(
    kind: MethodKind,
    form: &DetailsForm,
    today: time::Date,
) -> Result<ReadDetails, String> {
    match kind {
        MethodKind::Card => read_card(&form.card_number, &form.expiry, &form.cvc, today)
            .map(|(label, outcome)| (label, outcome, read_expiry(&form.expiry))),
        MethodKind::BankAccount => read_bank_account(&form.routing_number, &form.account_number)
            .map(|(label, outcome)| (label, outcome, None)),
    }
}

pub(crate) async fn submit(
    State(state): State<Arc<PortalState>>,
    Path(id): Path<String>,
    Protected { member, form, .. }: Protected<Payer, DetailsForm>,
) -> Result<Response, WebError> {
    let checkout = match open_checkout(&state, &member, &id).await? {
        Ok(checkout) => checkout,
        Err(elsewhere) => return Ok(elsewhere),
    };
    let kind = MethodKind::parse(&checkout.method).unwrap_or(MethodKind::Card);
    let (label, outcome, expiry) = match read_details(kind, &form, member.today()) {
        Ok(r) => r,
        Err(message) => {
            return Ok(render_page(
                &state,
                &member,
                &checkout,
                Some(message),
                form.typed(),
            ))
        }
    };
    let token = state
        .sandbox(member.ctx.tenant.id)
        .tokenize(kind, &label, outcome, expiry)
        .await
        .map_err(|e| WebError::internal(format_args!("sandbox tokenization failed: {e}")))?;
    // Only this token may pay this checkout (a token issued for another checkout is refused).
    state
        .store
        .bind_checkout_token(
            member.ctx.tenant.id,
            checkout.id,
            &crate::web::session::hash_token(&token),
        )
        .await?;
    let to = member.ctx.link(&format!(
        "/checkout/{}/confirm?token={token}",
        checkout.public_id
    ));
    let mut response = StatusCode::SEE_OTHER.into_response();
    response.headers_mut().insert(
        LOCATION,
        HeaderValue::from_str(&to).map_err(WebError::internal)?,
    );
    Ok(response)
}
