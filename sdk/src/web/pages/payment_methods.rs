//! Payment Methods (seed 002): an account's saved cards and bank accounts, held by the gateway. Add one through the
//! gateway's own fields (the sandbox's TEST MODE page, Stripe's Payment Element, Authorize.Net's Accept form), remove one (at the gateway first:
//! if that fails nothing changes here), make one the default. Every change is audited.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::gateway_fields::{render_authentication, render_fields, BankStep, Purpose};
use super::sandbox::{read_details, render_view, DetailsForm, SandboxView};
use super::see_other;
use super::Page;
use crate::domain::{Expiry, NewSavedMethod, SavedMethod};
use crate::gateway::config::GatewayConfig;
use crate::gateway::{GatewayError, MethodKind, SaveOutcome, VaultCustomer};
use crate::secrets::random_token;
use crate::web::error::WebError;
use crate::web::session::{Member, Payer, Protected};
use crate::web::PortalState;

#[derive(Serialize)]
struct MethodView {
    label: String,
    kind: &'static str,
    expiry: Option<String>,
    /// `expired` or `soon` (`methods-flag-<code>`); `kind` is `card` or `bank` (`methods-kind-<code>`).
    flag: Option<&'static str>,
    is_default: bool,
    /// The default: what becomes the default when it is removed (the newest method of the same kind), if any.
    successor: Option<String>,
    default_action: String,
    remove_action: String,
    /// What is charged to it (AutoPay, subscriptions by plan): named when removing it.
    used_by: Vec<String>,
}

#[derive(Serialize)]
struct MethodsView {
    methods: Vec<MethodView>,
    ach_enabled: bool,
    add_card_url: String,
    autopay_url: String,
    add_bank_url: String,
    notice: Option<&'static str>,
    error: Option<String>,
}

fn view_of(
    member: &Member,
    m: &SavedMethod,
    all: &[SavedMethod],
    charges: &[(i64, String)],
) -> MethodView {
    let base = format!("/payment-methods/{}", m.public_id);
    MethodView {
        label: m.label(),
        kind: if m.kind == MethodKind::BankAccount.as_str() {
            "bank"
        } else {
            "card"
        },
        expiry: m
            .exp_month
            .zip(m.exp_year)
            .map(|(mo, y)| format!("{mo:02}/{y}")),
        flag: match m.expiry(member.today()) {
            Expiry::Expired => Some("expired"),
            Expiry::Soon => Some("soon"),
            Expiry::Valid => None,
        },
        is_default: m.is_default,
        successor: all
            .iter()
            .filter(|o| m.is_default && o.id != m.id && o.kind == m.kind)
            .max_by_key(|o| (o.created_at, o.id))
            .map(SavedMethod::label),
        default_action: member.ctx.link(&format!("{base}/default")),
        remove_action: member.ctx.link(&format!("{base}/remove")),
        used_by: charges
            .iter()
            .filter(|(id, _)| *id == m.id)
            .map(|(_, what)| what.clone())
            .collect(),
    }
}

async fn render_list(
    state: &PortalState,
    member: &Member,
    notice: Option<&'static str>,
    error: Option<(StatusCode, String)>,
) -> Result<Response, WebError> {
    let (tenant, account) = (member.ctx.tenant.id, member.membership.account.id);
    let methods = state.store.saved_methods(tenant, account).await?;
    // (method id, what is charged to it)
    let mut charges: Vec<(i64, String)> = Vec::new();
    if let Some(e) = state.store.autopay_enrollment(tenant, account).await? {
        if e.suspended_at.is_none() {
            charges.push((
                e.method_id,
                super::tr(state, &member.ctx, "autopay-title", &[]),
            ));
        }
    }
    if member.membership.account.subscription_count > 0 {
        for s in state.store.subscriptions(tenant, account).await? {
            if let (Some(m), true) = (&s.payment_method, s.cancelable() || s.cancel_at_period_end) {
                charges.push((m.id, s.plan_name.clone()));
            }
        }
    }
    let (status, error) = match error {
        Some((status, message)) => (status, Some(message)),
        None => (StatusCode::OK, None),
    };
    let view = MethodsView {
        methods: methods
            .iter()
            .map(|m| view_of(member, m, &methods, &charges))
            .collect(),
        ach_enabled: member.ctx.tenant.settings.ach_enabled,
        add_card_url: member.ctx.link("/payment-methods/new?method=card"),
        autopay_url: member.ctx.link("/autopay"),
        add_bank_url: member.ctx.link("/payment-methods/new?method=ach"),
        notice,
        error,
    };
    let title = super::tr(state, &member.ctx, "nav-payment-methods", &[]);
    let mut page = Page::new(state, Some(&member.ctx), Some(member), &title, "methods");
    page.insert("methods", &view);
    Ok(page.status(status).render("payment_methods.html"))
}

#[derive(Deserialize)]
pub(crate) struct ListQuery {
    done: Option<String>,
}

pub(crate) async fn list(
    State(state): State<Arc<PortalState>>,
    Payer(member): Payer,
    Query(query): Query<ListQuery>,
) -> Result<Response, WebError> {
    // Only fixed notices, so a link can't put words in the page.
    let notice = match query.done.as_deref() {
        Some("added") => Some("methods-saved"),
        Some("removed") => Some("methods-removed"),
        Some("default") => Some("methods-default-changed"),
        _ => None,
    };
    render_list(&state, &member, notice, None).await
}

#[derive(Deserialize)]
pub(crate) struct NewQuery {
    #[serde(default)]
    method: String,
}

fn method_kind(member: &Member, method: &str) -> Result<MethodKind, WebError> {
    match MethodKind::parse(method) {
        Some(MethodKind::BankAccount) if !member.ctx.tenant.settings.ach_enabled => {
            Err(WebError::BadRequest("refuse-no-bank-save".into()))
        }
        Some(kind) => Ok(kind),
        None => Err(WebError::BadRequest("refuse-card-or-bank".into())),
    }
}

fn sandbox_view(member: &Member, kind: MethodKind, error: Option<String>) -> SandboxView {
    SandboxView {
        merchant: member.ctx.tenant.name.clone(),
        amount: None,
        card: kind == MethodKind::Card,
        action: member
            .ctx
            .link(&format!("/payment-methods/new?method={}", kind.as_str())),
        cancel_url: member.ctx.link("/payment-methods"),
        cancel_action: None,
        error,
        typed: Default::default(),
    }
}

/// The gateway's fields for a new method: the sandbox's TEST MODE page, or the real gateway's fields.
pub(crate) async fn new_page(
    State(state): State<Arc<PortalState>>,
    Payer(member): Payer,
    Query(query): Query<NewQuery>,
) -> Result<Response, WebError> {
    let kind = method_kind(&member, &query.method)?;
    let config = state.gateway_config(member.ctx.tenant.id).await?;
    match config {
        GatewayConfig::Sandbox => Ok(render_view(
            &state,
            &member,
            sandbox_view(&member, kind, None),
        )),
        ref c => render_fields(&state, &member, c, kind, Purpose::Save, None),
    }
}

/// The sandbox's TEST MODE page posted: tokenize, then save.
pub(crate) async fn submit_sandbox(
    State(state): State<Arc<PortalState>>,
    Query(query): Query<NewQuery>,
    Protected { member, form, .. }: Protected<Payer, DetailsForm>,
) -> Result<Response, WebError> {
    let kind = method_kind(&member, &query.method)?;
    let config = state.gateway_config(member.ctx.tenant.id).await?;
    if !matches!(config, GatewayConfig::Sandbox) {
        return Err(WebError::NotFound);
    }
    let (label, outcome, expiry) = match read_details(kind, &form, member.today()) {
        Ok(r) => r,
        Err(message) => {
            let mut view = sandbox_view(&member, kind, Some(message));
            view.typed = form.typed();
            return Ok(render_view(&state, &member, view));
        }
    };
    let token = state
        .sandbox(member.ctx.tenant.id)
        .tokenize(kind, &label, outcome, expiry)
        .await
        .map_err(|e| WebError::internal(format_args!("sandbox tokenization failed: {e}")))?;
    save(&state, &member, &config, &token).await
}

#[derive(Deserialize)]
pub(crate) struct SaveForm {
    #[serde(default)]
    token: String,
}

/// A token from the gateway's fields, to save.
pub(crate) async fn submit_token(
    State(state): State<Arc<PortalState>>,
    Protected { member, form, .. }: Protected<Payer, SaveForm>,
) -> Result<Response, WebError> {
    let config = state.gateway_config(member.ctx.tenant.id).await?;
    if matches!(config, GatewayConfig::Sandbox) {
        return Err(WebError::NotFound);
    }
    save(&state, &member, &config, form.token.trim()).await
}

/// Asks the gateway to keep the method `token` stands for, as the account's (its customer reused or created): the
/// gateway, the customer the account already had there, and the gateway's answer.
async fn vault(
    state: &PortalState,
    member: &Member,
    config: &GatewayConfig,
    token: &str,
) -> Result<
    (
        Arc<dyn crate::gateway::Gateway>,
        Option<String>,
        Result<SaveOutcome, GatewayError>,
    ),
    WebError,
> {
    let tenant = member.ctx.tenant.id;
    let account = &member.membership.account;
    let gateway = state.build_gateway(tenant, config);
    let existing = state
        .store
        .gateway_customer(tenant, account.id, gateway.name())
        .await?;
    let key = random_token::<12>("sv_").map_err(WebError::internal)?;
    let customer = VaultCustomer {
        existing: existing.as_deref(),
        account_external_id: &account.external_id,
        account_name: &account.name,
        idempotency_key: &key,
    };
    let outcome = gateway.save_method(&customer, token).await;
    Ok((gateway, existing, outcome))
}

async fn save(
    state: &PortalState,
    member: &Member,
    config: &GatewayConfig,
    token: &str,
) -> Result<Response, WebError> {
    let (tenant, account) = (member.ctx.tenant.id, &member.membership.account);
    let (gateway, existing, outcome) = vault(state, member, config, token).await?;
    if let Ok(SaveOutcome::NeedsAuthentication {
        customer_ref,
        setup_reference,
        client_secret,
    }) = &outcome
    {
        // The gateway's customer is kept now, so the card comes back to the same one after the bank's step.
        if existing.is_none() {
            state
                .store
                .set_gateway_customer(tenant, account.id, gateway.name(), customer_ref)
                .await?;
        }
        return render_authentication(
            state,
            member,
            config,
            BankStep {
                client_secret,
                amount: None,
                return_path: format!("/payment-methods/authenticated?setup={setup_reference}"),
                cancel_path: "/payment-methods",
            },
        );
    }
    keep(state, member, gateway.name(), existing, outcome).await
}

#[derive(Deserialize)]
pub(crate) struct AuthenticatedQuery {
    #[serde(default)]
    setup: String,
}

/// `GET /payment-methods/authenticated?setup=…`: back from the bank's step on a card being saved. The gateway is
/// asked how it went, for this account's own gateway customer only; a reload keeps the card once.
pub(crate) async fn authenticated(
    State(state): State<Arc<PortalState>>,
    Payer(member): Payer,
    Query(query): Query<AuthenticatedQuery>,
) -> Result<Response, WebError> {
    let tenant = member.ctx.tenant.id;
    let config = state.gateway_config(tenant).await?;
    let gateway = state.build_gateway(tenant, &config);
    let existing = state
        .store
        .gateway_customer(tenant, member.membership.account.id, gateway.name())
        .await?;
    let Some(customer_ref) = existing.as_deref() else {
        return Err(WebError::NotFound);
    };
    let outcome = gateway.finish_save(customer_ref, query.setup.trim()).await;
    // Not this account's (or not a real) confirmation, or a gateway without one: nothing to come back to.
    if matches!(
        outcome,
        Err(GatewayError::BadToken | GatewayError::Unsupported)
    ) {
        return Err(WebError::NotFound);
    }
    keep(&state, &member, gateway.name(), existing, outcome).await
}

/// Keeps what the gateway saved (audited), or tells the customer why nothing was saved.
async fn keep(
    state: &PortalState,
    member: &Member,
    gateway_name: &str,
    existing: Option<String>,
    outcome: Result<SaveOutcome, GatewayError>,
) -> Result<Response, WebError> {
    let saved = match outcome {
        Ok(SaveOutcome::Saved(v)) => v,
        Ok(refused @ (SaveOutcome::Declined { .. } | SaveOutcome::NeedsAuthentication { .. })) => {
            let message = match refused {
                SaveOutcome::Declined { message } => {
                    super::gateway_words(state, &member.ctx, &message)
                }
                // Still waiting for the bank when the customer came back.
                _ => super::tr(state, &member.ctx, "methods-bank-did-not-confirm", &[]),
            };
            return render_list(
                state,
                member,
                None,
                Some((
                    StatusCode::UNPROCESSABLE_ENTITY,
                    format!(
                        "{message} {}",
                        super::tr(state, &member.ctx, "methods-nothing-saved", &[])
                    ),
                )),
            )
            .await;
        }
        Err(GatewayError::BadToken) => {
            return Err(WebError::BadRequest("refuse-details-expired".into()))
        }
        Err(e) => {
            tracing::warn!(error = %e, "saving a payment method failed at the gateway");
            return render_list(
                state,
                member,
                None,
                Some((
                    StatusCode::BAD_GATEWAY,
                    super::tr(state, &member.ctx, "methods-processor-down", &[]),
                )),
            )
            .await;
        }
    };
    store_vaulted(state, member, gateway_name, existing, saved).await?;
    see_other(&member.ctx.link("/payment-methods?done=added"))
}

/// Stores a method the gateway kept for the account (its customer too, the first time); returns its public id.
async fn store_vaulted(
    state: &PortalState,
    member: &Member,
    gateway_name: &str,
    existing: Option<String>,
    saved: crate::gateway::VaultedMethod,
) -> Result<String, WebError> {
    let tenant = member.ctx.tenant.id;
    let account = &member.membership.account;
    let customer_ref = match (&saved.customer_ref, existing) {
        (Some(new), None) => Some(
            state
                .store
                .set_gateway_customer(tenant, account.id, gateway_name, new)
                .await?,
        ),
        (Some(new), Some(_)) => Some(new.clone()),
        (None, existing) => existing,
    };
    let actor = member.actor();
    let label = format!("{} •••• {}", saved.brand, saved.last4);
    let method = NewSavedMethod {
        public_id: random_token::<12>("spm_").map_err(WebError::internal)?,
        tenant_id: tenant,
        account_id: account.id,
        gateway: gateway_name.to_string(),
        customer_ref,
        reference: saved.reference,
        kind: saved.kind.as_str().to_string(),
        brand: saved.brand,
        last4: saved.last4,
        exp_month: saved.exp_month,
        exp_year: saved.exp_year,
        created_by: Some(member.user.id),
        now: state.now(),
    };
    state
        .store
        .add_saved_method(
            &method,
            &member.audit(&actor, "payment_method.added", label),
        )
        .await?;
    Ok(method.public_id)
}

/// Saves the card or bank account `token` stands for while paying ("Save for next time"): kept at the gateway and
/// stored, its public id back; or why it couldn't be (the payment can go ahead without it).
pub(crate) async fn save_while_paying(
    state: &PortalState,
    member: &Member,
    config: &GatewayConfig,
    token: &str,
) -> Result<Result<String, String>, WebError> {
    let (gateway, existing, outcome) = vault(state, member, config, token).await?;
    match outcome {
        Ok(SaveOutcome::Saved(v)) => Ok(Ok(store_vaulted(
            state,
            member,
            gateway.name(),
            existing,
            v,
        )
        .await?)),
        Ok(SaveOutcome::Declined { message }) => {
            Ok(Err(super::gateway_words(state, &member.ctx, &message)))
        }
        Ok(SaveOutcome::NeedsAuthentication { .. }) => Ok(Err(super::tr(
            state,
            &member.ctx,
            "methods-bank-wants-confirm",
            &[],
        ))),
        Err(e) => {
            tracing::warn!(error = %e, "saving a method while paying failed at the gateway");
            Ok(Err(super::tr(
                state,
                &member.ctx,
                "methods-processor-silent",
                &[],
            )))
        }
    }
}

async fn method_of(
    state: &PortalState,
    member: &Member,
    id: &str,
) -> Result<SavedMethod, WebError> {
    state
        .store
        .saved_method(member.ctx.tenant.id, member.membership.account.id, id)
        .await?
        .ok_or(WebError::NotFound)
}

#[derive(Deserialize)]
pub(crate) struct NoFields {}

pub(crate) async fn make_default(
    State(state): State<Arc<PortalState>>,
    Path(id): Path<String>,
    Protected { member, .. }: Protected<Payer, NoFields>,
) -> Result<Response, WebError> {
    let method = method_of(&state, &member, &id).await?;
    let actor = member.actor();
    let audit = member.audit(&actor, "payment_method.made_default", method.label());
    if !state
        .store
        .make_default_method(member.ctx.tenant.id, method.account_id, method.id, &audit)
        .await?
    {
        return Err(WebError::NotFound);
    }
    see_other(&member.ctx.link("/payment-methods?done=default"))
}

pub(crate) async fn remove(
    State(state): State<Arc<PortalState>>,
    Path(id): Path<String>,
    Protected { member, .. }: Protected<Payer, NoFields>,
) -> Result<Response, WebError> {
    let method = method_of(&state, &member, &id).await?;
    let tenant = member.ctx.tenant.id;
    let gateway = state.gateway(tenant).await?;
    // At the gateway first: if it can't forget the method, nothing changes here and the customer is told.
    if gateway.name() == method.gateway {
        if let Err(e) = gateway
            .remove_method(method.customer_ref.as_deref(), &method.reference)
            .await
        {
            tracing::warn!(error = %e, method = %method.public_id, "removing a payment method failed at the gateway");
            return render_list(
                &state,
                &member,
                None,
                Some((
                    StatusCode::BAD_GATEWAY,
                    format!(
                        "{} could not be removed: our payment processor didn't answer. Nothing changed; try again in a moment.",
                        method.label()
                    ),
                )),
            )
            .await;
        }
    }
    let actor = member.actor();
    let audit = member.audit(&actor, "payment_method.removed", method.label());
    state
        .store
        .remove_saved_method(tenant, method.account_id, method.id, &audit)
        .await?;
    see_other(&member.ctx.link("/payment-methods?done=removed"))
}
