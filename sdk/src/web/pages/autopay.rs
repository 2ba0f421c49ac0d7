//! AutoPay (`/autopay`): an account's `accounting`/`admin` user turns it on with a saved card or bank account,
//! accepting the authorisation shown (kept word for word, with who and when), and turns it off any time. The
//! dashboard says whether it is on; background work ([`crate::autopay`]) does the paying.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::{see_other, Page};
use crate::domain::{AutopayEnrollment, Tenant};
use crate::web::error::WebError;
use crate::web::session::{Member, Payer, Protected};
use crate::web::view::date_of;
use crate::web::PortalState;

/// When AutoPay pays, in words (`on its due date`).
fn timing(tenant: &Tenant) -> String {
    match tenant.settings.autopay_days_after_issue {
        None => "on its due date".to_string(),
        Some(0) => "on the day it is issued".to_string(),
        Some(1) => "1 day after it is issued".to_string(),
        Some(n) => format!("{n} days after it is issued"),
    }
}

/// The authorisation the customer accepts, exactly as shown and kept.
pub(crate) fn authorization_text(tenant: &Tenant, account_name: &str) -> String {
    format!(
        "I authorize {vendor} to charge the payment method I selected for the full balance of each invoice of \
         {account}, {when}, until I turn AutoPay off. For a bank account, this authorizes recurring ACH debits \
         from it, which I may revoke by turning AutoPay off at least one business day before a payment. Each \
         payment is emailed as a receipt.",
        vendor = tenant.name,
        account = account_name,
        when = timing(tenant),
    )
}

/// How the dashboard and this page describe an enrolment.
#[derive(Serialize)]
pub(crate) struct AutopayStatus {
    on: bool,
    suspended: bool,
    method: String,
    timing: String,
    enrolled_by: String,
    enrolled_on: String,
    authorization: String,
    url: String,
}

impl AutopayStatus {
    pub(crate) fn of(member: &Member, e: &AutopayEnrollment) -> AutopayStatus {
        AutopayStatus {
            on: e.suspended_at.is_none() && e.method.is_some(),
            suspended: e.suspended_at.is_some() || e.method.is_none(),
            method: e
                .method
                .as_ref()
                .map_or_else(|| "a removed payment method".to_string(), |m| m.label()),
            timing: timing(&member.ctx.tenant),
            enrolled_by: e.enrolled_by_email.clone().unwrap_or_default(),
            enrolled_on: date_of(e.enrolled_at),
            authorization: e.authorization_text.clone(),
            url: member.ctx.link("/autopay"),
        }
    }
}

#[derive(Serialize)]
struct MethodChoice {
    id: String,
    label: String,
}

#[derive(Deserialize)]
pub(crate) struct Shown {
    #[serde(default)]
    done: Option<String>,
}

pub(crate) async fn page(
    State(state): State<Arc<PortalState>>,
    Payer(member): Payer,
    Query(q): Query<Shown>,
) -> Result<Response, WebError> {
    let notice = match q.done.as_deref() {
        Some("on") => Some("AutoPay is on."),
        Some("off") => Some("AutoPay is off. Invoices are no longer paid automatically."),
        _ => None,
    };
    render(&state, &member, notice, None).await
}

async fn render(
    state: &PortalState,
    member: &Member,
    notice: Option<&str>,
    error: Option<&str>,
) -> Result<Response, WebError> {
    let tenant = member.ctx.tenant.id;
    let account = &member.membership.account;
    let enrollment = state.store.autopay_enrollment(tenant, account.id).await?;
    let methods: Vec<MethodChoice> = state
        .store
        .saved_methods(tenant, account.id)
        .await?
        .iter()
        .filter(|m| m.kind == "card" || member.ctx.tenant.settings.ach_enabled)
        .map(|m| MethodChoice {
            id: m.public_id.clone(),
            label: m.label(),
        })
        .collect();
    let mut page = Page::new(state, Some(&member.ctx), Some(member), "AutoPay", "methods");
    page.insert(
        "autopay",
        &enrollment.as_ref().map(|e| AutopayStatus::of(member, e)),
    );
    page.insert(
        "current_method",
        &enrollment
            .as_ref()
            .and_then(|e| e.method.as_ref().map(|m| m.public_id.clone())),
    );
    page.insert("methods", &methods);
    page.insert(
        "authorization",
        &authorization_text(&member.ctx.tenant, &account.name),
    );
    page.insert("timing", &timing(&member.ctx.tenant));
    page.insert("notice", &notice);
    page.insert("error", &error);
    page.insert("methods_url", &member.ctx.link("/payment-methods"));
    page.insert("action", &member.ctx.link("/autopay"));
    let page = if error.is_some() {
        page.status(axum::http::StatusCode::UNPROCESSABLE_ENTITY)
    } else {
        page
    };
    Ok(page.render("autopay.html"))
}

#[derive(Deserialize)]
pub(crate) struct EnrollForm {
    #[serde(default)]
    method: String,
    #[serde(default)]
    accept: Option<String>,
}

/// `POST /autopay`: turns AutoPay on (or moves it to another method), keeping the authorisation shown.
pub(crate) async fn enroll(
    State(state): State<Arc<PortalState>>,
    Protected { member, form, .. }: Protected<Payer, EnrollForm>,
) -> Result<Response, WebError> {
    let tenant = &member.ctx.tenant;
    let account = &member.membership.account;
    let method = state
        .store
        .saved_method(tenant.id, account.id, &form.method)
        .await?
        .filter(|m| m.kind == "card" || tenant.settings.ach_enabled);
    let Some(method) = method else {
        return render(
            &state,
            &member,
            None,
            Some("Choose one of your saved payment methods."),
        )
        .await;
    };
    if form.accept.is_none() {
        return render(
            &state,
            &member,
            None,
            Some("Tick the box to give the authorization."),
        )
        .await;
    }
    let text = authorization_text(tenant, &account.name);
    let actor = member.actor();
    let audit = member.audit(
        &actor,
        "autopay.enabled",
        format!("with {}", method.label()),
    );
    state
        .store
        .enroll_autopay(
            tenant.id,
            account.id,
            method.id,
            member.user.id,
            &text,
            &audit,
        )
        .await?
        .ok_or_else(|| WebError::BadRequest("Choose one of your saved payment methods.".into()))?;
    see_other(&member.ctx.link("/autopay?done=on"))
}

#[derive(Deserialize)]
pub(crate) struct NoFields {}

/// `POST /autopay/off`.
pub(crate) async fn disenroll(
    State(state): State<Arc<PortalState>>,
    Protected { member, .. }: Protected<Payer, NoFields>,
) -> Result<Response, WebError> {
    let actor = member.actor();
    let audit = member.audit(&actor, "autopay.disabled", "turned off".into());
    state
        .store
        .disenroll_autopay(
            member.ctx.tenant.id,
            member.membership.account.id,
            member.user.id,
            &audit,
        )
        .await?;
    see_other(&member.ctx.link("/autopay?done=off"))
}
