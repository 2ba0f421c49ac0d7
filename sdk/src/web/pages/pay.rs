//! Paying in the portal (seed 000 "Make a Payment", seed 002 "pay an invoice or the full balance"): the amount
//! form for one invoice, the whole balance or the invoices ticked on the dashboard, and Continue to Payment
//! (reserves the amount and sends the customer to the gateway's page). The confirmation and the Pay button are in
//! `confirm.rs`.

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::Page;
use crate::domain::{Checkout, Invoice, SavedMethod};
use crate::gateway::config::GatewayConfig;
use crate::gateway::MethodKind;
use crate::payments::{self, PayError, PayTarget};
use crate::web::error::WebError;
use crate::web::session::{Member, Payer, Protected};
use crate::web::view::path_segment;
use crate::web::PortalState;

use super::checkout::hosted_page;
use super::{see_other, tr};

#[derive(Serialize)]
struct PayFormView {
    title: String,
    action: String,
    invoices: Vec<InvoiceLine>,
    amount: String,
    amount_editable: bool,
    /// Paying the account's whole balance (not one invoice).
    whole_balance: bool,
    /// Paying the invoices ticked on the dashboard.
    selected: bool,
    /// Said above the form (e.g. that no invoice was ticked).
    notice: Option<String>,
    /// Nothing is owed: no form, just the news.
    nothing_owed: bool,
    /// Something is owed but all of it is held by payments in progress: no form, just those.
    all_held: bool,
    balance: String,
    reserved: Option<String>,
    method: String,
    ach_enabled: bool,
    /// Saved methods to pay with (`value` is `saved:<id>`), the default first.
    saved: Vec<SavedChoice>,
    /// Checkouts already holding part of this: the payer's own to resume or start over, others' to wait for.
    holds: Vec<super::checkout::HoldView>,
    error: Option<String>,
}

#[derive(Serialize)]
struct SavedChoice {
    value: String,
    label: String,
    is_default: bool,
    expired: bool,
}

/// The account's saved methods that its gateway can charge, and the choice to preselect (the default, or a new card).
async fn saved_choices(
    state: &PortalState,
    member: &Member,
) -> Result<(Vec<SavedChoice>, String), WebError> {
    let config = state.gateway_config(member.ctx.tenant.id).await?;
    let ach = member.ctx.tenant.settings.ach_enabled;
    let choices: Vec<SavedChoice> = state
        .store
        .saved_methods(member.ctx.tenant.id, member.membership.account.id)
        .await?
        .into_iter()
        .filter(|m| m.gateway == config.kind() && (ach || m.kind == MethodKind::Card.as_str()))
        .map(|m| SavedChoice {
            value: format!("saved:{}", m.public_id),
            label: m.label(),
            is_default: m.is_default,
            expired: m.expiry(state.today()) == crate::domain::Expiry::Expired,
        })
        .collect();
    let preselect = choices
        .iter()
        .find(|c| c.is_default && !c.expired)
        .map_or_else(|| "card".to_string(), |c| c.value.clone());
    Ok((choices, preselect))
}

#[derive(Serialize)]
struct InvoiceLine {
    number: String,
    url: String,
    due_on: String,
    balance: String,
}

async fn invoice_of(
    state: &PortalState,
    member: &Member,
    number: &str,
) -> Result<Invoice, WebError> {
    state
        .store
        .invoice(member.ctx.tenant.id, number)
        .await?
        .filter(|i| i.account_id == member.membership.account.id && !i.voided)
        .ok_or(WebError::NotFound)
}

fn line(member: &Member, i: &Invoice) -> InvoiceLine {
    InvoiceLine {
        number: i.number.clone(),
        url: member
            .ctx
            .link(&format!("/invoices/{}", path_segment(&i.number))),
        due_on: member.ctx.locale.format_date(i.due_on),
        balance: member.ctx.locale.format_money(i.balance()),
    }
}

fn render_form(state: &PortalState, member: &Member, form: PayFormView) -> Response {
    // A refused amount comes back as 422 with the message and what was typed.
    let status = if form.error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let mut page = Page::new(
        state,
        Some(&member.ctx),
        Some(member),
        &form.title,
        "invoices",
    );
    page.insert("form", &form);
    page.status(status).render("pay.html")
}

async fn invoice_form(
    state: &PortalState,
    member: &Member,
    number: &str,
    typed: Option<(String, String)>,
    error: Option<String>,
) -> Result<Response, WebError> {
    let invoice = invoice_of(state, member, number).await?;
    let left = payments::available(&invoice);
    let settings = &member.ctx.tenant.settings;
    let (saved, preselect) = saved_choices(state, member).await?;
    let locale = member.ctx.locale;
    let (amount, method) = typed.unwrap_or_else(|| (locale.format_plain(left), preselect));
    let form = PayFormView {
        title: tr(
            state,
            &member.ctx,
            "pay-title-invoice",
            &[("number", invoice.number.clone())],
        ),
        action: member
            .ctx
            .link(&format!("/invoices/{}/pay", path_segment(&invoice.number))),
        invoices: vec![line(member, &invoice)],
        amount,
        amount_editable: settings.partial_payments,
        whole_balance: false,
        selected: false,
        notice: None,
        nothing_owed: false,
        all_held: left.is_zero() && !invoice.balance().is_zero(),
        balance: locale.format_money(left),
        reserved: (!invoice.reserved.is_zero()).then(|| locale.format_money(invoice.reserved)),
        method,
        ach_enabled: settings.ach_enabled,
        saved,
        holds: super::checkout::holds(state, member, Some(&[invoice.number.as_str()])).await?,
        error,
    };
    Ok(render_form(state, member, form))
}

pub(crate) async fn invoice_page(
    State(state): State<Arc<PortalState>>,
    Payer(member): Payer,
    Path(number): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    let Some(typed) = Retry::of(query.as_deref()) else {
        return invoice_form(&state, &member, &number, None, None).await;
    };
    let target = PayTarget::Invoice {
        number: &number,
        amount: Some(typed.amount.as_str()),
    };
    let error = refusal(&state, &member, &typed, target).await?;
    invoice_form(
        &state,
        &member,
        &number,
        Some((typed.amount, typed.method)),
        error,
    )
    .await
}

/// A pay form refused on its POST is shown again by a GET (Post/Redirect/Get, so Back and reload never resubmit):
/// what was typed rides in the query (`amount`, `method`, `retry=1`), and the refusal is worked out again.
struct Retry {
    amount: String,
    method: String,
}

impl Retry {
    fn of(query: Option<&str>) -> Option<Retry> {
        let mut retry = false;
        let (mut amount, mut method) = (String::new(), String::new());
        for (key, value) in form_urlencoded::parse(query?.as_bytes()) {
            match key.as_ref() {
                "retry" => retry = true,
                "amount" => amount = value.chars().take(64).collect(),
                "method" => method = value.chars().take(64).collect(),
                _ => {}
            }
        }
        retry.then_some(Retry { amount, method })
    }

    /// `action` (a pay form's own address, perhaps with a query) with what was typed, to show it again.
    fn url(action: &str, form: &PayForm) -> String {
        let query = form_urlencoded::Serializer::new(String::new())
            .append_pair("amount", &form.amount)
            .append_pair("method", &form.method)
            .append_pair("retry", "1")
            .finish();
        let joiner = if action.contains('?') { '&' } else { '?' };
        format!("{action}{joiner}{query}")
    }
}

/// Why paying as typed is refused now, if it is (the message for the form).
async fn refusal(
    state: &PortalState,
    member: &Member,
    typed: &Retry,
    target: PayTarget<'_>,
) -> Result<Option<String>, WebError> {
    let form = PayForm {
        amount: typed.amount.clone(),
        method: typed.method.clone(),
    };
    let choice = match choice_of(state, member, &form).await {
        Ok(c) => c,
        Err(WebError::BadRequest(message)) => return Ok(Some(message)),
        Err(e) => return Err(e),
    };
    match payments::check_checkout(
        state.store.as_ref(),
        &member.ctx.tenant,
        &member.membership.account,
        target,
        choice.kind(),
        member.ctx.locale,
    )
    .await
    {
        Ok(()) => Ok(None),
        Err(PayError::Internal) => Err(WebError::internal("checking a payment failed")),
        Err(e) => Ok(Some(super::pay_refusal(state, &member.ctx, &e))),
    }
}

#[derive(Deserialize)]
pub(crate) struct PayForm {
    #[serde(default)]
    amount: String,
    #[serde(default)]
    method: String,
}

/// What the customer chose to pay with: a new card or bank account, or a saved method of theirs.
enum Choice {
    New(MethodKind),
    Saved(SavedMethod),
}

impl Choice {
    fn kind(&self) -> MethodKind {
        match self {
            Choice::New(kind) => *kind,
            Choice::Saved(m) => MethodKind::parse(&m.kind).unwrap_or(MethodKind::Card),
        }
    }
}

async fn choice_of(
    state: &PortalState,
    member: &Member,
    form: &PayForm,
) -> Result<Choice, WebError> {
    if let Some(id) = form.method.strip_prefix("saved:") {
        // Only the member's own account's methods: another account's id is simply not found.
        return state
            .store
            .saved_method(member.ctx.tenant.id, member.membership.account.id, id)
            .await?
            .map(Choice::Saved)
            .ok_or_else(|| WebError::BadRequest("refuse-method-gone".into()));
    }
    MethodKind::parse(&form.method)
        .map(Choice::New)
        .ok_or_else(|| WebError::BadRequest("refuse-card-or-bank".into()))
}

/// Where a started checkout goes: the gateway's page for new details, or straight to the confirmation for a
/// saved method.
fn next_page(
    member: &Member,
    checkout: &Checkout,
    gateway: &GatewayConfig,
    choice: &Choice,
) -> String {
    match choice {
        Choice::New(_) => hosted_page(member, checkout, gateway),
        Choice::Saved(m) => member.ctx.link(&format!(
            "/checkout/{}/confirm?saved={}",
            checkout.public_id, m.public_id
        )),
    }
}

pub(crate) async fn start_invoice(
    State(state): State<Arc<PortalState>>,
    Path(number): Path<String>,
    Protected { member, form, .. }: Protected<Payer, PayForm>,
) -> Result<Response, WebError> {
    let choice = choice_of(&state, &member, &form).await?;
    let target = PayTarget::Invoice {
        number: &number,
        amount: Some(form.amount.as_str()),
    };
    let gateway = state.gateway_config(member.ctx.tenant.id).await?;
    match start(&state, &member, target, choice.kind()).await? {
        Ok(checkout) => see_other(&next_page(&member, &checkout, &gateway, &choice)),
        Err(_) => see_other(&Retry::url(
            &member
                .ctx
                .link(&format!("/invoices/{}/pay", path_segment(&number))),
            &form,
        )),
    }
}

/// Starts a checkout; a refusal the customer can fix comes back as its message.
async fn start(
    state: &PortalState,
    member: &Member,
    target: PayTarget<'_>,
    method: MethodKind,
) -> Result<Result<Checkout, String>, WebError> {
    let result = payments::start_checkout_in(
        state.store.as_ref(),
        &member.ctx.tenant,
        &member.membership.account,
        member.user.id,
        target,
        method,
        member.ctx.locale,
        state.now(),
    )
    .await;
    match result {
        Ok(c) => {
            // Where the payer is, so the receipt mail can link back (known when the portal has a public origin).
            if let Some(url) =
                state.absolute_url(&member.ctx, &HeaderMap::new(), &member.ctx.link(""))
            {
                state
                    .store
                    .set_checkout_portal_url(member.ctx.tenant.id, c.id, &url)
                    .await?;
            }
            Ok(Ok(c))
        }
        Err(PayError::Internal) => Err(WebError::internal("payment failed on our side")),
        Err(e) => Ok(Err(super::pay_refusal(state, &member.ctx, &e))),
    }
}

/// The invoices ticked on the dashboard (`?invoice=…&invoice=…`), or `None` for the whole balance. `selected=1`
/// marks a Pay selected press, even with nothing ticked.
pub(crate) struct Selection(Option<Vec<String>>);

/// At most this many invoices are paid together (a dashboard page shows 25).
const MAX_SELECTED: usize = 100;

impl Selection {
    fn of(query: Option<&str>) -> Selection {
        let Some(query) = query else {
            return Selection(None);
        };
        let mut pressed = false;
        let mut numbers: Vec<String> = Vec::new();
        for (key, value) in form_urlencoded::parse(query.as_bytes()) {
            match key.as_ref() {
                "selected" => pressed = true,
                "invoice"
                    if numbers.len() < MAX_SELECTED && !numbers.iter().any(|n| *n == value) =>
                {
                    numbers.push(value.into_owned())
                }
                _ => {}
            }
        }
        Selection((pressed || !numbers.is_empty()).then_some(numbers))
    }

    /// The query string that carries this selection (for the form's action).
    fn query(&self) -> String {
        let mut q = form_urlencoded::Serializer::new(String::new());
        q.append_pair("selected", "1");
        for n in self.0.iter().flatten() {
            q.append_pair("invoice", n);
        }
        q.finish()
    }
}

async fn balance_form(
    state: &PortalState,
    member: &Member,
    selection: &Selection,
    typed: Option<(String, String)>,
    error: Option<String>,
) -> Result<Response, WebError> {
    let open = state
        .store
        .open_invoices_oldest_first(member.ctx.tenant.id, member.membership.account.id)
        .await?;
    let chosen = selection.0.as_ref().filter(|n| !n.is_empty());
    let payable: Vec<&Invoice> = open
        .iter()
        .filter(|i| chosen.is_none_or(|n| n.contains(&i.number)))
        .filter(|i| !payments::available(i).is_zero())
        .collect();
    let total = crate::money::Money::checked_sum(
        member.membership.account.currency,
        payable.iter().map(|i| payments::available(i)),
    )
    .map_err(WebError::internal)?;
    let reserved = crate::money::Money::checked_sum(
        member.membership.account.currency,
        open.iter()
            .filter(|i| chosen.is_none_or(|n| n.contains(&i.number)))
            .map(|i| i.reserved),
    )
    .map_err(WebError::internal)?;
    let (saved, preselect) = saved_choices(state, member).await?;
    let locale = member.ctx.locale;
    let (amount, method) = typed.unwrap_or_else(|| (locale.format_plain(total), preselect));
    let numbers: Vec<&str> = payable.iter().map(|i| i.number.as_str()).collect();
    let settings = &member.ctx.tenant.settings;
    let form = PayFormView {
        title: tr(
            state,
            &member.ctx,
            if chosen.is_some() {
                "pay-title-selected"
            } else {
                "pay-full-balance"
            },
            &[],
        ),
        action: match chosen {
            Some(_) => member.ctx.link(&format!("/pay?{}", selection.query())),
            None => member.ctx.link("/pay"),
        },
        invoices: payable.iter().map(|i| line(member, i)).collect(),
        amount,
        amount_editable: chosen.is_some() && settings.partial_payments,
        whole_balance: chosen.is_none(),
        selected: chosen.is_some(),
        notice: (selection.0.as_ref().is_some_and(Vec::is_empty))
            .then(|| tr(state, &member.ctx, "pay-none-ticked", &[])),
        nothing_owed: payable.is_empty() && reserved.is_zero(),
        all_held: payable.is_empty() && !reserved.is_zero(),
        balance: locale.format_money(total),
        reserved: (!reserved.is_zero()).then(|| locale.format_money(reserved)),
        method,
        ach_enabled: settings.ach_enabled,
        saved,
        holds: super::checkout::holds(state, member, chosen.is_some().then_some(&numbers[..]))
            .await?,
        error,
    };
    Ok(render_form(state, member, form))
}

pub(crate) async fn balance_page(
    State(state): State<Arc<PortalState>>,
    Payer(member): Payer,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    let selection = Selection::of(query.as_deref());
    let Some(typed) = Retry::of(query.as_deref()) else {
        return balance_form(&state, &member, &selection, None, None).await;
    };
    let target = match selection.0.as_ref().filter(|n| !n.is_empty()) {
        Some(numbers) => PayTarget::Selected {
            numbers,
            amount: Some(typed.amount.as_str()),
        },
        None => PayTarget::Balance,
    };
    let error = refusal(&state, &member, &typed, target).await?;
    balance_form(
        &state,
        &member,
        &selection,
        Some((typed.amount, typed.method)),
        error,
    )
    .await
}

pub(crate) async fn start_balance(
    State(state): State<Arc<PortalState>>,
    RawQuery(query): RawQuery,
    Protected { member, form, .. }: Protected<Payer, PayForm>,
) -> Result<Response, WebError> {
    let selection = Selection::of(query.as_deref());
    let choice = choice_of(&state, &member, &form).await?;
    let gateway = state.gateway_config(member.ctx.tenant.id).await?;
    let target = match selection.0.as_ref().filter(|n| !n.is_empty()) {
        Some(numbers) => PayTarget::Selected {
            numbers,
            amount: Some(form.amount.as_str()),
        },
        None => PayTarget::Balance,
    };
    match start(&state, &member, target, choice.kind()).await? {
        Ok(checkout) => see_other(&next_page(&member, &checkout, &gateway, &choice)),
        Err(_) => {
            let action = match selection.0.as_ref().filter(|n| !n.is_empty()) {
                Some(_) => member.ctx.link(&format!("/pay?{}", selection.query())),
                None => member.ctx.link("/pay"),
            };
            see_other(&Retry::url(&action, &form))
        }
    }
}
