//! Estimates (`/estimates`, `/estimates/{number}`, its PDF): the list with status, the estimate like an invoice,
//! and — for members who may pay, while it is open and unexpired — **Approve** (their name or initials and the
//! terms accepted; with a deposit, straight on to paying the deposit's invoice) or **Decline** (optionally saying
//! why). The approval records the name, the user, the time and the client address.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::invoices::pdf_download;
use super::{see_other, Page};
use crate::domain::{Decider, Estimate, EstimateDecision, EstimateStatus};
use crate::web::client_address::ClientAddress;
use crate::web::error::WebError;
use crate::web::pdf;
use crate::web::session::{Member, Payer, Protected, Viewer};
use crate::web::view::{path_segment, LineView};
use crate::web::PortalState;

/// The longest name (or initials) and decline reason accepted, in characters.
const NAME_MAX: usize = 100;
const REASON_MAX: usize = 1000;

#[derive(Serialize)]
struct EstimateView {
    number: String,
    url: String,
    pdf_url: String,
    issued_on: String,
    expires_on: String,
    state: &'static str,
    state_class: &'static str,
    subtotal: String,
    tax: String,
    total: String,
    deposit: Option<String>,
    lines: Vec<LineView>,
}

fn view(member: &Member, e: &Estimate) -> EstimateView {
    let state = e.state(member.today());
    let url = member
        .ctx
        .link(&format!("/estimates/{}", path_segment(&e.number)));
    EstimateView {
        number: e.number.clone(),
        pdf_url: format!("{url}/pdf"),
        url,
        issued_on: member.ctx.locale.format_date(e.issued_on),
        expires_on: member.ctx.locale.format_date(e.expires_on),
        state,
        state_class: match state {
            "open" => "unpaid",
            "approved" | "invoiced" => "paid",
            "expired" => "past-due",
            _ => "void",
        },
        subtotal: member.ctx.locale.format_money(e.subtotal),
        tax: member.ctx.locale.format_money(e.tax),
        total: member.ctx.locale.format_money(e.total),
        deposit: (!e.deposit.is_zero()).then(|| member.ctx.locale.format_money(e.deposit)),
        lines: e
            .lines
            .iter()
            .map(|l| LineView::in_locale(l, member.ctx.locale))
            .collect(),
    }
}

pub(crate) async fn list(
    State(state): State<Arc<PortalState>>,
    Viewer(member): Viewer,
) -> Result<Response, WebError> {
    let estimates = state
        .store
        .estimates(member.ctx.tenant.id, member.membership.account.id)
        .await?;
    let views: Vec<EstimateView> = estimates.iter().map(|e| view(&member, e)).collect();
    let title = super::tr(&state, &member.ctx, "nav-estimates", &[]);
    let mut page = Page::new(
        &state,
        Some(&member.ctx),
        Some(&member),
        &title,
        "estimates",
    );
    page.insert("estimates", &views);
    Ok(page.render("estimates.html"))
}

async fn load(state: &PortalState, member: &Member, number: &str) -> Result<Estimate, WebError> {
    state
        .store
        .estimate(
            member.ctx.tenant.id,
            Some(member.membership.account.id),
            number,
        )
        .await?
        .ok_or(WebError::NotFound)
}

#[derive(Deserialize)]
pub(crate) struct Shown {
    #[serde(default)]
    decided: Option<String>,
}

pub(crate) async fn show(
    State(state): State<Arc<PortalState>>,
    Viewer(member): Viewer,
    Path(number): Path<String>,
    Query(q): Query<Shown>,
) -> Result<Response, WebError> {
    let e = load(&state, &member, &number).await?;
    let notice = match q.decided.as_deref() {
        Some("approved") => Some("est-done-approved"),
        Some("declined") => Some("est-done-declined"),
        _ => None,
    };
    estimate_page(&state, &member, &e, notice, None).await
}

/// What was typed in the approval form, and why it was refused.
struct Refused<'a> {
    name: &'a str,
    error: &'a str,
}

async fn estimate_page(
    state: &PortalState,
    member: &Member,
    e: &Estimate,
    notice: Option<&str>,
    refused: Option<Refused<'_>>,
) -> Result<Response, WebError> {
    let tenant = &member.ctx.tenant;
    let deposit_invoice = match &e.deposit_invoice {
        Some(number) => state.store.invoice(tenant.id, number).await?,
        None => None,
    };
    let mut page = Page::new(
        state,
        Some(&member.ctx),
        Some(member),
        &super::tr(
            state,
            &member.ctx,
            "estimate-title",
            &[("number", e.number.clone())],
        ),
        "estimates",
    );
    page.insert("estimate", &view(member, e));
    page.insert("terms", &crate::text::lines(e.terms.as_deref()));
    page.insert(
        "can_decide",
        &(member.payer().is_some() && e.decidable(member.today())),
    );
    page.insert("approved_name", &e.approved_name);
    page.insert(
        "decided_on",
        &e.decided_at
            .and_then(|at| time::OffsetDateTime::from_unix_timestamp(at).ok())
            .map(|t| member.ctx.locale.format_date(t.date())),
    );
    page.insert("decline_reason", &e.decline_reason);
    page.insert(
        "deposit_invoice",
        &deposit_invoice.as_ref().map(|i| {
            let url = member
                .ctx
                .link(&format!("/invoices/{}", path_segment(&i.number)));
            serde_json::json!({
                "number": i.number,
                "url": url,
                "balance": member.ctx.locale.format_money(i.balance()),
                "paid": i.balance().is_zero(),
                "pay_url": (member.payer().is_some() && !i.balance().is_zero()).then(|| format!("{url}/pay")),
            })
        }),
    );
    page.insert(
        "notice",
        &notice.map(|key| super::tr(state, &member.ctx, key, &[])),
    );
    page.insert("name", &refused.as_ref().map_or("", |r| r.name));
    page.insert("error", &refused.as_ref().map(|r| r.error));
    page.insert("name_max", &NAME_MAX);
    page.insert("reason_max", &REASON_MAX);
    page.insert("bill_to", &member.membership.account.name);
    let page = if refused.is_some() {
        page.status(axum::http::StatusCode::UNPROCESSABLE_ENTITY)
    } else {
        page
    };
    Ok(page.render("estimate.html"))
}

pub(crate) async fn pdf(
    State(state): State<Arc<PortalState>>,
    Viewer(member): Viewer,
    Path(number): Path<String>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let e = load(&state, &member, &number).await?;
    let ctx = &member.ctx;
    let account = &member.membership.account;
    let today = member.today();
    let made_of = (&ctx.tenant, account, &e, today);
    Ok(pdf_download(
        &headers,
        ctx,
        &made_of,
        "estimate",
        &e.number,
        || {
            pdf::estimate(
                &crate::web::i18n::Words::of(&state, ctx),
                &ctx.tenant,
                account,
                &e,
                today,
            )
        },
    ))
}

fn not_open(state: &PortalState, member: &Member, e: &Estimate, today: time::Date) -> WebError {
    let number = ("number", e.number.clone());
    WebError::Rejected {
        status: axum::http::StatusCode::CONFLICT,
        message: if e.status == EstimateStatus::Open && today > e.expires_on {
            let expired = ("date", member.ctx.locale.format_date(e.expires_on));
            super::tr(state, &member.ctx, "est-expired", &[number, expired])
        } else {
            let now = super::tr(
                state,
                &member.ctx,
                &format!("estimate-state-{}", e.state(today)),
                &[],
            );
            super::tr(state, &member.ctx, "est-already", &[number, ("state", now)])
        },
    }
}

#[derive(Deserialize)]
pub(crate) struct ApproveForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    accept: Option<String>,
}

pub(crate) async fn approve(
    State(state): State<Arc<PortalState>>,
    ClientAddress(address): ClientAddress,
    Path(number): Path<String>,
    Protected { member, form, .. }: Protected<Payer, ApproveForm>,
) -> Result<Response, WebError> {
    let e = load(&state, &member, &number).await?;
    let today = member.today();
    if !e.decidable(today) {
        return Err(not_open(&state, &member, &e, today));
    }
    let name = form.name.trim();
    let problem = if name.is_empty() {
        Some(super::tr(&state, &member.ctx, "est-type-name", &[]))
    } else if name.chars().count() > NAME_MAX || name.chars().any(char::is_control) {
        Some(super::tr(
            &state,
            &member.ctx,
            "est-name-long",
            &[("max", NAME_MAX.to_string())],
        ))
    } else if form.accept.is_none() {
        Some(super::tr(&state, &member.ctx, "est-tick-terms", &[]))
    } else {
        None
    };
    if let Some(error) = problem {
        let refused = Refused {
            name: &form.name,
            error: &error,
        };
        return estimate_page(&state, &member, &e, None, Some(refused)).await;
    }
    let deposit_invoice = (!e.deposit.is_zero()).then(|| (format!("{}-DEP", e.number), today));
    let decision = EstimateDecision::Approve {
        name: name.to_string(),
        deposit_invoice,
    };
    let decided = decide(
        &state,
        &member,
        &e,
        &decision,
        address.map(|a| a.to_string()),
    )
    .await?;
    match &decided.deposit_invoice {
        Some(invoice) => see_other(
            &member
                .ctx
                .link(&format!("/invoices/{}/pay", path_segment(invoice))),
        ),
        None => see_other(&member.ctx.link(&format!(
            "/estimates/{}?decided=approved",
            path_segment(&e.number)
        ))),
    }
}

#[derive(Deserialize)]
pub(crate) struct DeclineForm {
    #[serde(default)]
    reason: String,
}

pub(crate) async fn decline(
    State(state): State<Arc<PortalState>>,
    ClientAddress(address): ClientAddress,
    Path(number): Path<String>,
    Protected { member, form, .. }: Protected<Payer, DeclineForm>,
) -> Result<Response, WebError> {
    let e = load(&state, &member, &number).await?;
    let today = member.today();
    if !e.decidable(today) {
        return Err(not_open(&state, &member, &e, today));
    }
    let reason = form.reason.replace("\r\n", "\n").trim().to_string();
    if reason.chars().count() > REASON_MAX || reason.chars().any(|c| c.is_control() && c != '\n') {
        return Err(WebError::BadRequest(super::tr(
            &state,
            &member.ctx,
            "refuse-reason-long",
            &[("max", REASON_MAX.to_string())],
        )));
    }
    let decision = EstimateDecision::Decline {
        reason: (!reason.is_empty()).then_some(reason),
    };
    decide(
        &state,
        &member,
        &e,
        &decision,
        address.map(|a| a.to_string()),
    )
    .await?;
    see_other(&member.ctx.link(&format!(
        "/estimates/{}?decided=declined",
        path_segment(&e.number)
    )))
}

async fn decide(
    state: &PortalState,
    member: &Member,
    e: &Estimate,
    decision: &EstimateDecision,
    from: Option<String>,
) -> Result<Estimate, WebError> {
    let actor = member.actor();
    let (action, detail) = match decision {
        EstimateDecision::Approve { name, .. } => {
            ("estimate.approved", format!("{} as {name:?}", e.number))
        }
        EstimateDecision::Decline { .. } => ("estimate.declined", e.number.clone()),
    };
    let audit = member.audit(&actor, action, detail);
    let decider = Decider {
        user: member.user.id,
        email: member.user.email.as_str(),
        from,
        today: member.today(),
    };
    state
        .store
        .decide_estimate(member.ctx.tenant.id, e, decision, &decider, &audit)
        .await?
        .ok_or_else(|| not_open(state, member, e, member.today()))
}
