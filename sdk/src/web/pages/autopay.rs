//! AutoPay (`/autopay`): an account's `accounting`/`admin` user turns it on with a saved card or bank account,
//! accepting the authorisation shown (kept word for word, with who and when), and turns it off any time. The
//! dashboard says whether it is on; background work ([`crate::autopay`]) does the paying.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::{see_other, Page};
use crate::domain::AutopayEnrollment;
use crate::web::context::Ctx;
use crate::web::error::WebError;
use crate::web::session::{Member, Payer, Protected};
use crate::web::PortalState;

/// When AutoPay pays an invoice, in the reader's words ("on its due date").
fn timing(state: &PortalState, ctx: &Ctx) -> String {
    match ctx.tenant.settings.autopay_days_after_issue {
        None => super::tr(state, ctx, "autopay-when-due", &[]),
        Some(0) => super::tr(state, ctx, "autopay-when-issued", &[]),
        Some(n) => super::tr_count(state, ctx, "autopay-when-days", i64::from(n)),
    }
}

/// The authorization a payer accepts, in the language it is shown in (and kept word for word).
pub(crate) fn authorization_text(state: &PortalState, ctx: &Ctx, account_name: &str) -> String {
    super::tr(
        state,
        ctx,
        "autopay-authorization",
        &[
            ("vendor", ctx.tenant.name.clone()),
            ("account", account_name.to_string()),
            ("when", timing(state, ctx)),
        ],
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
    pub(crate) fn of(state: &PortalState, member: &Member, e: &AutopayEnrollment) -> AutopayStatus {
        AutopayStatus {
            on: e.suspended_at.is_none() && e.method.is_some(),
            suspended: e.suspended_at.is_some() || e.method.is_none(),
            method: e.method.as_ref().map_or_else(
                || super::tr(state, &member.ctx, "autopay-removed-method", &[]),
                |m| m.label(),
            ),
            timing: timing(state, &member.ctx),
            enrolled_by: e.enrolled_by_email.clone().unwrap_or_default(),
            enrolled_on: time::OffsetDateTime::from_unix_timestamp(e.enrolled_at)
                .map(|t| member.ctx.locale.format_date(t.date()))
                .unwrap_or_default(),
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
        Some("on") => Some("autopay-done-on"),
        Some("off") => Some("autopay-done-off"),
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
    // `notice` and `error` are message keys.
    let say = |key: &str| super::tr(state, &member.ctx, key, &[]);
    let (notice, error) = (notice.map(say), error.map(say));
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
    let title = say("autopay-title");
    let mut page = Page::new(state, Some(&member.ctx), Some(member), &title, "methods");
    page.insert(
        "autopay",
        &enrollment
            .as_ref()
            .map(|e| AutopayStatus::of(state, member, e)),
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
        &authorization_text(state, &member.ctx, &account.name),
    );
    page.insert("timing", &timing(state, &member.ctx));
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
        return render(&state, &member, None, Some("autopay-choose-method")).await;
    };
    if form.accept.is_none() {
        return render(&state, &member, None, Some("autopay-tick")).await;
    }
    let text = authorization_text(&state, &member.ctx, &account.name);
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
        .ok_or_else(|| {
            WebError::BadRequest(super::tr(&state, &member.ctx, "autopay-choose-method", &[]))
        })?;
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
