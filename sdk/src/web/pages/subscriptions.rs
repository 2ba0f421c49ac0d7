//! Subscriptions (`/subscriptions`): each with its plan, price per interval, status, next bill date and method.
//! Members who may pay cancel (with the tenant's policy and an optional reason), resume a scheduled cancellation,
//! or pick the saved method it is charged to. Each change is a webhook event, an audit entry and an email.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::{see_other, tr, Page};
use crate::domain::{
    CancelPolicy, CancelReason, SavedMethod, Subscription, SubscriptionChange, SubscriptionStatus,
};
use crate::web::error::WebError;
use crate::web::notices::{self, Notice};
use crate::web::session::{Member, Payer, Protected, Viewer};
use crate::web::view::path_segment;
use crate::web::PortalState;

/// The longest cancellation comment accepted, in characters.
const COMMENT_MAX: usize = 1000;

#[derive(Serialize)]
struct SubscriptionView {
    id: String,
    plan: String,
    /// `$147.00 / month`, `$1,200.00 every 3 months`.
    price: String,
    /// `3 × $49.00`, when more than one.
    quantity: Option<String>,
    status: String,
    status_class: &'static str,
    /// "Renews on Dec 1, 2026", "Ends on …", "Canceled on …".
    next: String,
    method: String,
    method_id: Option<String>,
    cancel_url: Option<String>,
    resume_url: Option<String>,
    method_url: Option<String>,
}

fn view(state: &PortalState, member: &Member, s: &Subscription, payer: bool) -> SubscriptionView {
    let today = member.today();
    let (ctx, locale) = (&member.ctx, member.ctx.locale);
    let say = |key: &str, args: &[(&str, String)]| tr(state, ctx, key, args);
    let price = locale.format_money(s.amount());
    let unit = s.interval.unit_str().to_string();
    let price = match s.interval.count {
        1 => say("sub-price-per", &[("price", price), ("unit", unit)]),
        n => say(
            "sub-price-every",
            &[("price", price), ("count", n.to_string()), ("unit", unit)],
        ),
    };
    let end = || locale.format_date(s.current_period_end);
    let next = match (s.status, s.cancel_at_period_end) {
        (SubscriptionStatus::Canceled, _) => match s
            .canceled_at
            .and_then(|at| time::OffsetDateTime::from_unix_timestamp(at).ok())
        {
            Some(at) => say(
                "sub-canceled-on",
                &[("date", locale.format_date(at.date()))],
            ),
            None => say("sub-status-canceled", &[]),
        },
        (_, true) => say("sub-ends-on", &[("date", end())]),
        (SubscriptionStatus::Paused, false) => say("sub-paused", &[]),
        (SubscriptionStatus::Trialing, false) => say("sub-trial-ends", &[("date", end())]),
        _ => say("sub-renews-on", &[("date", end())]),
    };
    let url = member
        .ctx
        .link(&format!("/subscriptions/{}", path_segment(&s.external_id)));
    let running = s.status != SubscriptionStatus::Canceled;
    SubscriptionView {
        id: s.external_id.clone(),
        plan: s.plan_name.clone(),
        price,
        quantity: (s.quantity > 1)
            .then(|| format!("{} × {}", s.quantity, locale.format_money(s.unit_amount))),
        status: say(
            &format!(
                "sub-status-{}",
                if s.cancel_at_period_end && running {
                    "canceling"
                } else {
                    s.status.as_str()
                }
            ),
            &[],
        ),
        status_class: match s.status {
            SubscriptionStatus::Active | SubscriptionStatus::Trialing
                if !s.cancel_at_period_end =>
            {
                "paid"
            }
            SubscriptionStatus::PastDue => "past-due",
            SubscriptionStatus::Canceled => "void",
            _ => "unpaid",
        },
        next,
        method: s
            .payment_method
            .as_ref()
            .map_or_else(|| say("sub-invoiced", &[]), SavedMethod::label),
        method_id: s.payment_method.as_ref().map(|m| m.public_id.clone()),
        cancel_url: (payer && s.cancelable()).then(|| format!("{url}/cancel")),
        resume_url: (payer && s.resumable(today)).then(|| format!("{url}/resume")),
        method_url: (payer && running).then(|| format!("{url}/method")),
    }
}

#[derive(Serialize)]
struct MethodChoice {
    id: String,
    label: String,
}

#[derive(Deserialize)]
pub(crate) struct Changed {
    #[serde(default)]
    changed: Option<String>,
}

pub(crate) async fn list(
    State(state): State<Arc<PortalState>>,
    Viewer(member): Viewer,
    Query(q): Query<Changed>,
) -> Result<Response, WebError> {
    let tenant = member.ctx.tenant.id;
    let account = member.membership.account.id;
    let subscriptions = state.store.subscriptions(tenant, account).await?;
    let payer = member.payer().is_some();
    let methods: Vec<MethodChoice> = if payer {
        state
            .store
            .saved_methods(tenant, account)
            .await?
            .iter()
            .map(|m| MethodChoice {
                id: m.public_id.clone(),
                label: m.label(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let views: Vec<SubscriptionView> = subscriptions
        .iter()
        .map(|s| view(&state, &member, s, payer))
        .collect();
    let notice = match q.changed.as_deref() {
        Some(done @ ("canceled" | "scheduled" | "resumed" | "method")) => {
            Some(tr(&state, &member.ctx, &format!("sub-done-{done}"), &[]))
        }
        _ => None,
    };
    let title = tr(&state, &member.ctx, "nav-subscriptions", &[]);
    let mut page = Page::new(
        &state,
        Some(&member.ctx),
        Some(&member),
        &title,
        "subscriptions",
    );
    page.insert("subscriptions", &views);
    page.insert("methods", &methods);
    page.insert("notice", &notice);
    page.insert("methods_url", &member.ctx.link("/payment-methods"));
    Ok(page.render("subscriptions.html"))
}

async fn load(state: &PortalState, member: &Member, id: &str) -> Result<Subscription, WebError> {
    state
        .store
        .subscription(member.ctx.tenant.id, Some(member.membership.account.id), id)
        .await?
        .ok_or(WebError::NotFound)
}

#[derive(Serialize)]
struct ReasonChoice {
    value: &'static str,
    label: String,
}

/// The cancellation page: what canceling does under the tenant's policy, and why (optional).
pub(crate) async fn cancel_page(
    State(state): State<Arc<PortalState>>,
    Payer(member): Payer,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let s = load(&state, &member, &id).await?;
    cancel_form(&state, &member, &s, None, "", None)
}

fn cancel_form(
    state: &PortalState,
    member: &Member,
    s: &Subscription,
    reason: Option<&str>,
    comment: &str,
    error: Option<&str>,
) -> Result<Response, WebError> {
    let policy = member.ctx.tenant.settings.subscription_cancel;
    let v = view(state, member, s, true);
    let (ctx, locale) = (&member.ctx, member.ctx.locale);
    let plan = s.plan_name.clone();
    let vendor = ctx.tenant.name.clone();
    let effect = match policy {
        CancelPolicy::AtPeriodEnd => tr(
            state,
            ctx,
            "sub-effect-period-end",
            &[
                ("plan", plan),
                ("date", locale.format_date(s.current_period_end)),
            ],
        ),
        CancelPolicy::Immediately => tr(
            state,
            ctx,
            "sub-effect-now",
            &[("plan", plan), ("vendor", vendor)],
        ),
        CancelPolicy::NotAllowed => tr(
            state,
            ctx,
            "sub-effect-not-allowed",
            &[("plan", plan), ("vendor", vendor)],
        ),
    };
    let reasons: Vec<ReasonChoice> = CancelReason::ALL
        .iter()
        .map(|r| ReasonChoice {
            value: r.as_str(),
            label: tr(state, ctx, &format!("cancel-reason-{}", r.as_str()), &[]),
        })
        .collect();
    let mut page = Page::new(
        state,
        Some(&member.ctx),
        Some(member),
        &tr(
            state,
            ctx,
            "sub-cancel-title",
            &[("plan", s.plan_name.clone())],
        ),
        "subscriptions",
    );
    page.insert("subscription", &v);
    page.insert(
        "allowed",
        &(policy != CancelPolicy::NotAllowed && s.cancelable()),
    );
    page.insert("effect", &effect);
    page.insert("reasons", &reasons);
    page.insert("reason", &reason.unwrap_or(""));
    page.insert("comment", comment);
    page.insert("comment_max", &COMMENT_MAX);
    page.insert("error", &error);
    page.insert("back_url", &member.ctx.link("/subscriptions"));
    let page = if error.is_some() {
        page.status(axum::http::StatusCode::UNPROCESSABLE_ENTITY)
    } else {
        page
    };
    Ok(page.render("subscription_cancel.html"))
}

#[derive(Deserialize)]
pub(crate) struct CancelForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    comment: String,
}

pub(crate) async fn cancel(
    State(state): State<Arc<PortalState>>,
    Path(id): Path<String>,
    Protected { member, form, .. }: Protected<Payer, CancelForm>,
) -> Result<Response, WebError> {
    let s = load(&state, &member, &id).await?;
    let policy = member.ctx.tenant.settings.subscription_cancel;
    if policy == CancelPolicy::NotAllowed {
        return Err(WebError::Forbidden("refused-cancel-not-allowed"));
    }
    let reason = match form.reason.as_str() {
        "" => None,
        r => match CancelReason::parse(r) {
            Ok(r) => Some(r),
            Err(_) => {
                return cancel_form(
                    &state,
                    &member,
                    &s,
                    None,
                    &form.comment,
                    Some("Choose one of the reasons listed."),
                )
            }
        },
    };
    let comment = form.comment.replace("\r\n", "\n").trim().to_string();
    if comment.chars().count() > COMMENT_MAX || comment.chars().any(|c| c.is_control() && c != '\n')
    {
        return cancel_form(
            &state,
            &member,
            &s,
            reason.map(|r| r.as_str()),
            &form.comment,
            Some(&format!(
                "Keep the comment to {COMMENT_MAX} characters of plain text."
            )),
        );
    }
    let immediately = policy == CancelPolicy::Immediately;
    let change = SubscriptionChange::Cancel {
        immediately,
        reason,
        comment: (!comment.is_empty()).then_some(comment),
    };
    let changed = apply(&state, &member, &s, &change).await?;
    let (subject, paragraph) = if immediately {
        ("sub-mail-canceled-subject", "sub-mail-canceled")
    } else {
        ("sub-mail-ending-subject", "sub-mail-ending")
    };
    confirm_by_email(&state, &member, &changed, subject, paragraph).await;
    see_other(&member.ctx.link(&format!(
        "/subscriptions?changed={}",
        if immediately { "canceled" } else { "scheduled" }
    )))
}

#[derive(Deserialize)]
pub(crate) struct NoFields {}

pub(crate) async fn resume(
    State(state): State<Arc<PortalState>>,
    Path(id): Path<String>,
    Protected { member, .. }: Protected<Payer, NoFields>,
) -> Result<Response, WebError> {
    let s = load(&state, &member, &id).await?;
    if !s.resumable(member.today()) {
        return Err(WebError::Rejected {
            status: axum::http::StatusCode::CONFLICT,
            message: "refuse-nothing-to-resume".into(),
        });
    }
    let changed = apply(&state, &member, &s, &SubscriptionChange::Resume).await?;
    confirm_by_email(
        &state,
        &member,
        &changed,
        "sub-mail-resumed-subject",
        "sub-mail-resumed",
    )
    .await;
    see_other(&member.ctx.link("/subscriptions?changed=resumed"))
}

#[derive(Deserialize)]
pub(crate) struct MethodForm {
    #[serde(default)]
    method: String,
}

pub(crate) async fn change_method(
    State(state): State<Arc<PortalState>>,
    Path(id): Path<String>,
    Protected { member, form, .. }: Protected<Payer, MethodForm>,
) -> Result<Response, WebError> {
    let s = load(&state, &member, &id).await?;
    let method = state
        .store
        .saved_method(
            member.ctx.tenant.id,
            member.membership.account.id,
            &form.method,
        )
        .await?
        .ok_or_else(|| WebError::BadRequest("autopay-choose-method".into()))?;
    let changed = apply(
        &state,
        &member,
        &s,
        &SubscriptionChange::PaymentMethod(method.id),
    )
    .await?;
    confirm_by_email(
        &state,
        &member,
        &changed,
        "sub-mail-method-subject",
        "sub-mail-method",
    )
    .await;
    see_other(&member.ctx.link("/subscriptions?changed=method"))
}

/// Applies the change through the store (which checks again that it still applies).
async fn apply(
    state: &PortalState,
    member: &Member,
    s: &Subscription,
    change: &SubscriptionChange,
) -> Result<Subscription, WebError> {
    let actor = member.actor();
    let (action, detail) = match change {
        SubscriptionChange::Cancel {
            immediately: true, ..
        } => ("subscription.canceled", s.plan_name.clone()),
        SubscriptionChange::Cancel { .. } => ("subscription.cancel_scheduled", s.plan_name.clone()),
        SubscriptionChange::Resume => ("subscription.resumed", s.plan_name.clone()),
        SubscriptionChange::PaymentMethod(_) => {
            ("subscription.payment_method_changed", s.plan_name.clone())
        }
    };
    let audit = member.audit(&actor, action, detail);
    state
        .store
        .change_subscription(
            member.ctx.tenant.id,
            s.id,
            change,
            member.today(),
            member.user.email.as_str(),
            &audit,
        )
        .await?
        .ok_or_else(|| WebError::Rejected {
            status: axum::http::StatusCode::CONFLICT,
            message: "refuse-subscription-changed".into(),
        })
}

/// Confirms a change to the member who made it, in the language of their page; `subject` and `paragraph` are message
/// keys, given the plan, who, the account, the period's end and the method. The change stands if the mail can't be
/// queued (it is logged).
async fn confirm_by_email(
    state: &PortalState,
    member: &Member,
    changed: &Subscription,
    subject: &str,
    paragraph: &str,
) {
    let locale = member.ctx.locale;
    let args = [
        ("plan", changed.plan_name.clone()),
        ("who", member.user.email.as_str().to_string()),
        ("account", member.membership.account.name.clone()),
        ("end", locale.format_date(changed.current_period_end)),
        (
            "method",
            changed
                .payment_method
                .as_ref()
                .map(|m| m.label())
                .unwrap_or_default(),
        ),
    ];
    let to = [notices::Recipient {
        email: member.user.email.as_str().to_string(),
        locale,
    }];
    let sent = notices::send(state, &member.ctx.tenant, &to, |w| Notice {
        kind: "subscription",
        subject: w.say(subject, &args),
        heading: w.say("sub-mail-heading", &[]),
        paragraphs: vec![w.say(paragraph, &args)],
        quote: None,
        button: None,
    });
    if let Err(e) = sent.await {
        tracing::error!(error = %e, "a subscription change's confirmation could not be queued");
    }
}
