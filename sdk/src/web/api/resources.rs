//! The API's resources: accounts, invoices, contacts with memberships, offline payments, SSO links, payment methods.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use serde_json::Value;

use super::views::{
    AccountView, ContactView, InvoiceSentView, InvoiceView, ListPage, PaymentMethodView,
    PaymentView, RecordedPayment, SsoLinkView,
};

use super::{json, reply, ApiClient, ApiError};
use crate::domain::{Account, ApiInvoiceFilter, Email, TenantId};
use crate::sso::SignInRequest;
use crate::tenants;
use crate::web::{PortalState, SendInvoiceError};

const DEFAULT_LIMIT: i64 = 25;
const MAX_LIMIT: i64 = 100;

#[derive(Deserialize, Default)]
pub(crate) struct ListQuery {
    limit: Option<i64>,
    starting_after: Option<String>,
    pub(super) account: Option<String>,
    status: Option<String>,
    updated_since: Option<String>,
    needs_attention: Option<String>,
}

pub(super) fn query_of(q: Result<Query<ListQuery>, QueryRejection>) -> Result<ListQuery, ApiError> {
    q.map(|Query(q)| q)
        .map_err(|e| ApiError::invalid(format!("Bad query string: {}", e.body_text()), None))
}

/// `(limit, cursor)`: at most 100 a page; the cursor is the previous page's `next_cursor`.
pub(super) fn paging(q: &ListQuery) -> Result<(i64, Option<i64>), ApiError> {
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::invalid(
            format!("limit must be between 1 and {MAX_LIMIT}."),
            Some("limit".into()),
        ));
    }
    let after = match &q.starting_after {
        None => None,
        Some(c) => Some(
            c.strip_prefix("cur_")
                .and_then(|n| n.parse::<i64>().ok())
                .filter(|n| *n > 0)
                .ok_or_else(|| {
                    ApiError::invalid(
                        "starting_after must be a next_cursor from a previous page.",
                        Some("starting_after".into()),
                    )
                })?,
        ),
    };
    Ok((limit, after))
}

pub(super) async fn account_by_external_id(
    state: &PortalState,
    tenant: TenantId,
    id: &str,
) -> Result<Option<Account>, ApiError> {
    Ok(state
        .store
        .accounts_by_external_ids(tenant, &[id.to_string()])
        .await?
        .into_iter()
        .next())
}

/// Writes one record through the import file's validation, as `{"<section>": [body]}`.
pub(super) async fn import_one(
    state: &PortalState,
    tenant: TenantId,
    section: &str,
    body: &Bytes,
) -> Result<(), ApiError> {
    let record: Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::invalid(format!("The body is not valid JSON: {e}"), None))?;
    if !record.is_object() {
        return Err(ApiError::invalid("The body must be a JSON object.", None));
    }
    let file = serde_json::to_vec(&std::collections::BTreeMap::from([(section, [record])]))
        .map_err(|_| ApiError::internal())?;
    let batch = crate::import::prepare(state.store.as_ref(), tenant, &file).await?;
    state.store.apply_import(tenant, &batch, &|_| {}).await?;
    Ok(())
}

/// A request body as `T`, or the error naming the field at fault.
pub(super) fn parse_body<T: serde::de::DeserializeOwned>(body: &Bytes) -> Result<T, ApiError> {
    let de = &mut serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        ApiError::invalid(e.into_inner().to_string(), (path != ".").then_some(path))
    })
}

/// A field of the request body, as the import stored it (trimmed), to read the record back.
pub(super) fn field<'a>(body: &'a Bytes, name: &str) -> Option<String> {
    let v: Value = serde_json::from_slice::<'a, Value>(body).ok()?;
    v.get(name)?.as_str().map(|s| s.trim().to_string())
}

pub(crate) async fn list_accounts(
    State(state): State<Arc<PortalState>>,
    client: ApiClient,
    q: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let q = query_of(q)?;
    let (limit, after) = paging(&q)?;
    let rows = state
        .store
        .accounts_page(client.ctx.tenant.id, after, limit + 1)
        .await?;
    Ok(json(
        StatusCode::OK,
        &ListPage::of(rows, limit, |a| a.id.0, AccountView::of),
    ))
}

pub(crate) async fn get_account(
    State(state): State<Arc<PortalState>>,
    client: ApiClient,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let account = account_by_external_id(&state, client.ctx.tenant.id, &id)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("No account {id:?}.")))?;
    Ok(json(StatusCode::OK, &AccountView::of(&account)))
}

pub(crate) async fn upsert_account(
    State(state): State<Arc<PortalState>>,
    client: ApiClient,
    body: Bytes,
) -> Response {
    let run = async {
        let tenant = client.ctx.tenant.id;
        import_one(&state, tenant, "accounts", &body).await?;
        let id = field(&body, "id").unwrap_or_default();
        let account = account_by_external_id(&state, tenant, &id)
            .await?
            .ok_or_else(ApiError::internal)?;
        Ok((StatusCode::OK, AccountView::of(&account)))
    };
    reply(run.await)
}

pub(crate) async fn list_invoices(
    State(state): State<Arc<PortalState>>,
    client: ApiClient,
    q: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let q = query_of(q)?;
    let (limit, after) = paging(&q)?;
    let tenant = client.ctx.tenant.id;
    let mut filter = ApiInvoiceFilter::default();
    if let Some(status) = &q.status {
        if !matches!(status.as_str(), "open" | "paid" | "void") {
            return Err(ApiError::invalid(
                "status must be open, paid or void.",
                Some("status".into()),
            ));
        }
        filter.status = Some(status.clone());
    }
    if let Some(flag) = &q.needs_attention {
        filter.needs_attention = Some(match flag.as_str() {
            "true" => true,
            "false" => false,
            _ => {
                return Err(ApiError::invalid(
                    "needs_attention must be true or false.",
                    Some("needs_attention".into()),
                ))
            }
        });
    }
    if let Some(since) = &q.updated_since {
        let parsed =
            time::OffsetDateTime::parse(since, &time::format_description::well_known::Rfc3339)
                .map(|t| t.unix_timestamp())
                .map_err(|_| {
                    ApiError::invalid(
                        "updated_since must be an RFC 3339 time, like 2026-11-01T00:00:00Z.",
                        Some("updated_since".into()),
                    )
                })?;
        filter.updated_since = Some(parsed);
    }
    if let Some(id) = &q.account {
        // An unknown account has no invoices (not an error: a filter).
        filter.account = Some(match account_by_external_id(&state, tenant, id).await? {
            Some(a) => a.id,
            None => return Ok(json(StatusCode::OK, &ListPage::<()>::empty())),
        });
    }
    let rows = state
        .store
        .invoices_page(tenant, &filter, after, limit + 1)
        .await?;
    Ok(json(
        StatusCode::OK,
        &ListPage::of(
            rows,
            limit,
            |(i, _)| i.id.0,
            |(i, a)| InvoiceView::of(i, a.clone()),
        ),
    ))
}

pub(super) async fn invoice_json(
    state: &PortalState,
    tenant: TenantId,
    number: &str,
) -> Result<InvoiceView, ApiError> {
    let invoice = state
        .store
        .invoice(tenant, number)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("No invoice {number:?}.")))?;
    let owner = state
        .store
        .invoice_owners(tenant, &[number.to_string()])
        .await?
        .into_iter()
        .next()
        .map(|(_, account, _)| account)
        .unwrap_or_default();
    Ok(InvoiceView::of(&invoice, owner))
}

pub(crate) async fn get_invoice(
    State(state): State<Arc<PortalState>>,
    client: ApiClient,
    Path(number): Path<String>,
) -> Result<Response, ApiError> {
    Ok(json(
        StatusCode::OK,
        &invoice_json(&state, client.ctx.tenant.id, &number).await?,
    ))
}

pub(crate) async fn upsert_invoice(
    State(state): State<Arc<PortalState>>,
    client: ApiClient,
    body: Bytes,
) -> Response {
    let run = async {
        let tenant = client.ctx.tenant.id;
        // Only an invoice nothing was paid on can change; after that it stands as billed.
        if let Some(existing) = state
            .store
            .invoice(tenant, &field(&body, "number").unwrap_or_default())
            .await?
        {
            if !existing.paid.is_zero() || !existing.reserved.is_zero() || existing.voided {
                return Err(ApiError::conflict_with(
                    "This invoice has payments (or is void), so it can't be changed.",
                    "number",
                ));
            }
        }
        import_one(&state, tenant, "invoices", &body).await?;
        let number = field(&body, "number").unwrap_or_default();
        Ok((StatusCode::OK, invoice_json(&state, tenant, &number).await?))
    };
    reply(run.await)
}

async fn contact_json(
    state: &PortalState,
    tenant: TenantId,
    email: &str,
) -> Result<ContactView, ApiError> {
    // An address that can't be an email is no contact's.
    let email =
        Email::parse(email).map_err(|_| ApiError::not_found(format!("No contact {email:?}.")))?;
    let user = state
        .store
        .user_by_email(tenant, &email)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("No contact {email}.")))?;
    let memberships: Vec<(String, crate::domain::Roles)> = state
        .store
        .memberships(tenant, user.id)
        .await?
        .into_iter()
        .map(|m| (m.account.external_id, m.roles))
        .collect();
    Ok(ContactView::of(&user, &memberships))
}

pub(crate) async fn list_contacts(
    State(state): State<Arc<PortalState>>,
    client: ApiClient,
    q: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let q = query_of(q)?;
    let (limit, after) = paging(&q)?;
    let rows = state
        .store
        .contacts_page(client.ctx.tenant.id, after, limit + 1)
        .await?;
    Ok(json(
        StatusCode::OK,
        &ListPage::of(rows, limit, |(u, _)| u.id.0, |(u, m)| ContactView::of(u, m)),
    ))
}

pub(crate) async fn list_payments(
    State(state): State<Arc<PortalState>>,
    client: ApiClient,
    q: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let q = query_of(q)?;
    let (limit, after) = paging(&q)?;
    let tenant = client.ctx.tenant.id;
    let account = match &q.account {
        Some(id) => match account_by_external_id(&state, tenant, id).await? {
            Some(a) => Some(a.id),
            None => return Ok(json(StatusCode::OK, &ListPage::<()>::empty())),
        },
        None => None,
    };
    let rows = state
        .store
        .payments_page(tenant, account, after, limit + 1)
        .await?;
    Ok(json(
        StatusCode::OK,
        &ListPage::of(
            rows,
            limit,
            |(p, _)| p.id.0,
            |(p, a)| PaymentView::of(p, a.clone()),
        ),
    ))
}

pub(crate) async fn get_contact(
    State(state): State<Arc<PortalState>>,
    client: ApiClient,
    Path(email): Path<String>,
) -> Result<Response, ApiError> {
    Ok(json(
        StatusCode::OK,
        &contact_json(&state, client.ctx.tenant.id, &email).await?,
    ))
}

pub(crate) async fn upsert_contact(
    State(state): State<Arc<PortalState>>,
    client: ApiClient,
    body: Bytes,
) -> Response {
    let run = async {
        let tenant = client.ctx.tenant.id;
        import_one(&state, tenant, "contacts", &body).await?;
        let email = field(&body, "email").unwrap_or_default();
        Ok((StatusCode::OK, contact_json(&state, tenant, &email).await?))
    };
    reply(run.await)
}

pub(crate) async fn record_payment(
    State(state): State<Arc<PortalState>>,
    client: ApiClient,
    body: Bytes,
) -> Response {
    let run = async {
        let tenant = client.ctx.tenant.id;
        import_one(&state, tenant, "payments", &body).await?;
        // The record as the import accepted it (its id may be generated later), marked recorded.
        let input: serde_json::Map<String, Value> =
            serde_json::from_slice(&body).map_err(|_| ApiError::internal())?;
        Ok((StatusCode::OK, RecordedPayment::of(input)))
    };
    reply(run.await)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SsoLinkRequest {
    email: String,
    #[serde(default)]
    account: Option<String>,
    #[serde(default)]
    to: Option<String>,
    /// Seconds; JSON has one number type, so `300.0` is 300 too.
    #[serde(default)]
    ttl: Option<f64>,
    /// A narrow session: `invoice:<number>`, `pay` or `payment_methods`.
    #[serde(default)]
    scope: Option<String>,
}

pub(crate) async fn sso_link(
    State(state): State<Arc<PortalState>>,
    client: ApiClient,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let run = async {
        let request: SsoLinkRequest = parse_body(&body)?;
        let tenant = &client.ctx.tenant;
        // Refuse now what the sign-in would refuse later.
        contact_json(&state, tenant.id, &request.email)
            .await
            .map_err(|e| e.with_param("email"))?;
        let ttl = request.ttl.unwrap_or(300.0);
        if ttl.fract() != 0.0 || !(1.0..=3600.0).contains(&ttl) {
            return Err(ApiError::invalid(
                "ttl must be 1 to 3600 seconds.",
                Some("ttl".into()),
            ));
        }
        let scope = request
            .scope
            .as_deref()
            .map(crate::domain::SessionScope::parse)
            .transpose()
            .map_err(|e| ApiError::invalid(e.0, Some("scope".into())))?;
        let base = state
            .absolute_url(&client.ctx, &headers, &client.ctx.base)
            .ok_or_else(ApiError::internal)?;
        let sign_in = SignInRequest {
            tenant: &tenant.slug,
            email: &request.email,
            account: request.account.as_deref(),
            to: request.to.as_deref(),
            ttl_secs: ttl as i64,
            scope: scope.as_ref(),
        };
        let now = state.now();
        let url = tenants::sign_in_url(
            state.store.as_ref(),
            &state.master,
            tenant,
            &base,
            &sign_in,
            now,
        )
        .await
        .map_err(|e| match e {
            tenants::TenantError::Mint(m) => ApiError::unprocessable(m.to_string(), "to"),
            other => ApiError::internal().caused_by(format_args!("minting an SSO link: {other}")),
        })?;
        Ok((
            StatusCode::OK,
            SsoLinkView {
                object: "sso_link",
                url,
                expires_at: now + ttl as i64,
            },
        ))
    };
    reply(run.await)
}

pub(crate) async fn void_invoice(
    State(state): State<Arc<PortalState>>,
    client: ApiClient,
    Path(number): Path<String>,
) -> Response {
    let run = async {
        let tenant = client.ctx.tenant.id;
        invoice_json(&state, tenant, &number).await?;
        if !state.store.void_invoice(tenant, &number).await? {
            return Err(ApiError::conflict_with(
                "Only an invoice with nothing paid or being paid on it can be voided.",
                "number",
            ));
        }
        Ok((StatusCode::OK, invoice_json(&state, tenant, &number).await?))
    };
    reply(run.await)
}

/// `POST /api/v1/invoices/{number}/send`: emails the invoice to its account's contacts with View Invoice links.
pub(crate) async fn send_invoice(
    State(state): State<Arc<PortalState>>,
    client: ApiClient,
    Path(number): Path<String>,
    headers: HeaderMap,
) -> Response {
    let run = async {
        let base = state
            .absolute_url(&client.ctx, &headers, &client.ctx.base)
            .ok_or_else(ApiError::internal)?;
        let recipients = crate::web::invoice_mail::send_invoice(
            &state,
            &client.ctx.tenant,
            &number,
            &base,
            state.invoice_link_days,
            &crate::domain::Actor::vendor("api"),
        )
        .await
        .map_err(|e| match e {
            SendInvoiceError::UnknownInvoice(_) => {
                ApiError::not_found(format!("No invoice {number:?}."))
            }
            SendInvoiceError::NoRecipients(_) | SendInvoiceError::Void(_) => {
                ApiError::conflict_with(&format!("{}.", capitalized(&e.to_string())), "number")
            }
            other => ApiError::internal().caused_by(other),
        })?;
        Ok((
            StatusCode::OK,
            InvoiceSentView {
                object: "invoice_sent",
                number: number.clone(),
                recipients,
            },
        ))
    };
    reply(run.await)
}

fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

pub(crate) async fn list_payment_methods(
    State(state): State<Arc<PortalState>>,
    client: ApiClient,
    q: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let q = query_of(q)?;
    let tenant = client.ctx.tenant.id;
    let id = q
        .account
        .as_deref()
        .ok_or_else(|| ApiError::invalid("account is required.", Some("account".into())))?;
    let account = account_by_external_id(&state, tenant, id)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("No account {id:?}.")).with_param("account"))?;
    let methods = state.store.saved_methods(tenant, account.id).await?;
    Ok(json(
        StatusCode::OK,
        &ListPage::whole(&methods, |m| {
            PaymentMethodView::of(m, account.external_id.clone())
        }),
    ))
}

/// `POST /api/v1/contacts/{email}/memberships/{account}/remove`: takes the contact's access to the account away
/// (never the account's last admin), audited as the vendor.
pub(crate) async fn remove_membership(
    State(state): State<Arc<PortalState>>,
    client: ApiClient,
    Path((email, account)): Path<(String, String)>,
) -> Response {
    let run = async {
        let tenant = client.ctx.tenant.id;
        let parsed = Email::parse(&email)
            .map_err(|_| ApiError::not_found(format!("No contact {email:?}.")))?;
        let user = state
            .store
            .user_by_email(tenant, &parsed)
            .await?
            .ok_or_else(|| ApiError::not_found(format!("No contact {parsed}.")))?;
        let account_row = account_by_external_id(&state, tenant, &account)
            .await?
            .ok_or_else(|| ApiError::not_found(format!("No account {account:?}.")))?;
        let actor = crate::domain::Actor::vendor("api");
        let audit = crate::domain::NewAuditEntry {
            tenant_id: tenant,
            account_id: Some(account_row.id),
            actor: &actor,
            action: "member.removed",
            detail: parsed.as_str().to_string(),
            now: state.now(),
        };
        match state
            .store
            .remove_member(tenant, account_row.id, user.id, &audit)
            .await?
        {
            Ok(()) => Ok((
                StatusCode::OK,
                contact_json(&state, tenant, parsed.as_str()).await?,
            )),
            Err(crate::domain::MembershipError::NotMember) => Err(ApiError::not_found(format!(
                "{parsed} has no access to {account:?}."
            ))),
            Err(e) => Err(ApiError::conflict_with(&e.to_string(), "account")),
        }
    };
    reply(run.await)
}
