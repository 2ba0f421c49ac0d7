//! `GET /sso?token=…`: a vendor-signed link signs a user in once, creating a server-side session.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde::Deserialize;

use crate::domain::{
    AccountId, Actor, Email, LinkPurpose, NewAuditEntry, SessionRecord, SessionScope, Tenant, User,
    UserId,
};
use crate::sso::{self, CLOCK_SKEW_SECS};
use crate::tenants;
use crate::web::context::Ctx;
use crate::web::error::WebError;
use crate::web::session::{cookie_token, hash_token, new_tokens, session_cookie};
use crate::web::PortalState;

#[derive(Deserialize)]
pub(crate) struct SsoQuery {
    token: Option<String>,
}

/// Logs why a link was refused (for the vendor's operator) and shows the uniform page.
fn refuse(ctx: &Ctx, status: StatusCode, reason: &str) -> WebError {
    tracing::warn!(tenant = %ctx.tenant.slug, reason, "SSO sign-in refused");
    WebError::InvalidSignInLink { status }
}

pub(crate) async fn sso(
    State(state): State<Arc<PortalState>>,
    Extension(ctx): Extension<Ctx>,
    headers: HeaderMap,
    Query(query): Query<SsoQuery>,
) -> Result<Response, WebError> {
    let unauthorized = StatusCode::UNAUTHORIZED;
    let token = query
        .token
        .filter(|t| !t.is_empty())
        .ok_or_else(|| refuse(&ctx, unauthorized, "no token"))?;
    let tenant = &ctx.tenant;
    let now = state.now();
    let keys = tenants::sso_keys(state.store.as_ref(), &state.master, tenant.id).await?;
    let claims = sso::verify(&token, &tenant.slug, &keys, now)
        .map_err(|e| refuse(&ctx, unauthorized, &e.to_string()))?;
    let first_use = state
        .store
        .consume_sso_token(tenant.id, &claims.jti, claims.exp + CLOCK_SKEW_SECS, now)
        .await?;
    if !first_use {
        return Err(refuse(
            &ctx,
            unauthorized,
            "the token was already used (replay)",
        ));
    }
    let forbidden = StatusCode::FORBIDDEN;
    let email = Email::parse(&claims.sub).map_err(|_| refuse(&ctx, unauthorized, "bad subject"))?;
    let user = state
        .store
        .user_by_email(tenant.id, &email)
        .await?
        .ok_or_else(|| refuse(&ctx, forbidden, &format!("no user {email} in this tenant")))?;
    let memberships = state.store.memberships(tenant.id, user.id).await?;
    let membership = match &claims.acct {
        Some(acct) => memberships
            .iter()
            .find(|m| &m.account.external_id == acct)
            .ok_or_else(|| {
                refuse(
                    &ctx,
                    forbidden,
                    &format!("{email} is not a member of account {acct}"),
                )
            })?,
        // The first account the user has a role on, else any (which shows Access denied with the choices).
        None => memberships
            .iter()
            .find(|m| !m.roles.is_empty())
            .or(memberships.first())
            .ok_or_else(|| {
                refuse(
                    &ctx,
                    forbidden,
                    &format!("{email} has no account memberships"),
                )
            })?,
    };

    tracing::info!(tenant = %tenant.slug, user = %email, account = %membership.account.external_id, "signed in by SSO");
    audit_sign_in(
        &state,
        tenant,
        Some(&user),
        Some(membership.account.id),
        "sign_in.sso",
        format!(
            "signed in with the vendor's link{}",
            claims
                .scope
                .as_deref()
                .map(|s| format!(" (scope {s})"))
                .unwrap_or_default()
        ),
    )
    .await?;
    let scope = claims
        .scope
        .as_deref()
        .map(SessionScope::parse)
        .transpose()
        .map_err(|_| refuse(&ctx, unauthorized, "unknown scope"))?;
    let landing = scope.as_ref().map(|s| ctx.link(&scope_path(s)));
    let target = match claims.to.as_deref() {
        Some(to) => ctx.link(to),
        None => landing.unwrap_or_else(|| ctx.link("/")),
    };
    start_session(
        &state,
        &ctx,
        &headers,
        user.id,
        membership.account.id,
        &target,
        scope,
    )
    .await
}

/// The portal path a scope lands on (segments escaped).
pub(crate) fn scope_path(scope: &SessionScope) -> String {
    let segments: Vec<String> = scope
        .landing()
        .iter()
        .map(|s| crate::web::view::path_segment(s))
        .collect();
    format!("/{}", segments.join("/"))
}

/// Signs `user` in on `account` (replacing any session the browser had), narrowed to `scope` if given, and sends
/// them to `target`.
pub(crate) async fn start_session(
    state: &PortalState,
    ctx: &Ctx,
    headers: &HeaderMap,
    user: UserId,
    account: AccountId,
    target: &str,
    scope: Option<SessionScope>,
) -> Result<Response, WebError> {
    let tenant = &ctx.tenant;
    let now = state.now();
    // A session cookie already present is replaced: end that session too.
    if let Some(old) = cookie_token(headers) {
        state
            .store
            .delete_session(tenant.id, &hash_token(&old))
            .await?;
    }
    let (session_token, csrf_token) = new_tokens()?;
    state
        .store
        .create_session(
            &hash_token(&session_token),
            &SessionRecord {
                tenant_id: tenant.id,
                user_id: user,
                account_id: account,
                csrf_token,
                created_at: now,
                last_seen_at: now,
                scope,
            },
        )
        .await?;
    let mut response = StatusCode::SEE_OTHER.into_response();
    let h = response.headers_mut();
    h.insert(SET_COOKIE, session_cookie(state, ctx, Some(&session_token)));
    h.insert(
        LOCATION,
        HeaderValue::from_str(target).map_err(WebError::internal)?,
    );
    Ok(response)
}

#[derive(serde::Serialize)]
struct LinkView {
    action: String,
}

/// `GET /sign-in/{token}`: a page with one button, so a mail scanner that follows links can't use the link up.
pub(crate) async fn link_page(
    State(state): State<Arc<PortalState>>,
    Extension(ctx): Extension<Ctx>,
    axum::extract::Path(token): axum::extract::Path<String>,
) -> Result<Response, WebError> {
    let title = super::tr(&state, &ctx, "sign-in-button", &[]);
    let mut page = super::Page::new(&state, Some(&ctx), None, &title, "");
    page.insert(
        "link",
        &LinkView {
            action: ctx.link(&format!(
                "/sign-in/{}",
                crate::web::view::path_segment(&token)
            )),
        },
    );
    Ok(page.render("sign_in_link.html"))
}

/// `POST /sign-in/{token}`: uses an emailed sign-in link (once, before it expires).
pub(crate) async fn use_link(
    State(state): State<Arc<PortalState>>,
    Extension(ctx): Extension<Ctx>,
    headers: HeaderMap,
    axum::extract::Path(token): axum::extract::Path<String>,
) -> Result<Response, WebError> {
    // The button is on our own page: a form posted from another site (signing someone in as another user) is
    // refused where the browser says so.
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if matches!(fetch_site, Some("cross-site")) {
        return Err(WebError::Forbidden("sign-in-open-link"));
    }
    sign_in_with_link(
        &state,
        &ctx,
        &headers,
        &token,
        LinkPurpose::SignIn,
        "sign_in.link",
    )
    .await
}

/// Uses the link `token` for `purpose` and starts the session it grants (narrowed to its scope, landing on the
/// scope's page), audited as `action`.
async fn sign_in_with_link(
    state: &PortalState,
    ctx: &Ctx,
    headers: &HeaderMap,
    token: &str,
    purpose: LinkPurpose,
    action: &str,
) -> Result<Response, WebError> {
    let Some(grant) = state
        .store
        .consume_sign_in_link(ctx.tenant.id, &hash_token(token), purpose, state.now())
        .await?
    else {
        return Err(refuse(
            ctx,
            StatusCode::UNAUTHORIZED,
            "sign-in link unknown, used or expired",
        ));
    };
    let mut target = grant
        .scope
        .as_ref()
        .map_or_else(|| ctx.link("/"), |s| ctx.link(&scope_path(s)));
    // Someone in by an invitation or an emailed link, without a password yet, is offered one first.
    if grant.scope.is_none()
        && ctx.tenant.settings.sign_in.password
        && state
            .store
            .password_hash(ctx.tenant.id, grant.user_id)
            .await?
            .is_none()
    {
        target = ctx.link("/security?done=welcome");
    }
    tracing::info!(tenant = %ctx.tenant.slug, user = grant.user_id.0, action, "signed in with a link");
    let signed_in = state.store.user(ctx.tenant.id, grant.user_id).await?;
    audit_sign_in(
        state,
        &ctx.tenant,
        signed_in.as_ref(),
        Some(grant.account_id),
        action,
        format!("signed in with a link to {target}"),
    )
    .await?;
    start_session(
        state,
        ctx,
        headers,
        grant.user_id,
        grant.account_id,
        &target,
        grant.scope,
    )
    .await
}

/// `GET /view/{token}`: the View Invoice button of an invoice email. Works until the link expires (a mail scanner
/// opening it uses nothing up) and signs in to that invoice only.
pub(crate) async fn view_invoice(
    State(state): State<Arc<PortalState>>,
    Extension(ctx): Extension<Ctx>,
    headers: HeaderMap,
    axum::extract::Path(token): axum::extract::Path<String>,
) -> Result<Response, WebError> {
    sign_in_with_link(
        &state,
        &ctx,
        &headers,
        &token,
        LinkPurpose::ViewInvoice,
        "sign_in.view_invoice",
    )
    .await
}

/// An audit entry for a sign-in event of `user` (or of an unknown email).
pub(crate) async fn audit_sign_in(
    state: &PortalState,
    tenant: &Tenant,
    user: Option<&User>,
    account: Option<crate::domain::AccountId>,
    action: &str,
    detail: String,
) -> Result<(), WebError> {
    let actor = match user {
        Some(u) => Actor {
            user: Some(u.id),
            name: u.email.as_str().to_string(),
            session: None,
        },
        None => Actor {
            user: None,
            name: "unknown email".to_string(),
            session: None,
        },
    };
    state
        .store
        .record_audit(&NewAuditEntry {
            tenant_id: tenant.id,
            account_id: account,
            actor: &actor,
            action,
            detail,
            now: state.now(),
        })
        .await?;
    Ok(())
}
