//! The account switcher and signing out: CSRF-protected POSTs.

use std::sync::Arc;

use axum::extract::State;
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde::Deserialize;

use super::{message_page, see_other};
use crate::web::context::Ctx;
use crate::web::error::WebError;
use crate::web::session::{session_cookie, AnyMember, Protected};
use crate::web::PortalState;

#[derive(Deserialize)]
pub(crate) struct SwitchForm {
    /// The account's external id.
    account: String,
}

pub(crate) async fn switch(
    State(state): State<Arc<PortalState>>,
    Protected { member, form, .. }: Protected<AnyMember, SwitchForm>,
) -> Result<Response, WebError> {
    let target = member
        .memberships
        .iter()
        .find(|m| m.account.external_id == form.account)
        .ok_or(WebError::Forbidden("refused-no-access-to-account"))?;
    state
        .store
        .switch_session_account(
            member.ctx.tenant.id,
            &member.session_hash,
            target.account.id,
        )
        .await?;
    let mut response = StatusCode::SEE_OTHER.into_response();
    let location = HeaderValue::from_str(&member.ctx.link("/")).map_err(WebError::internal)?;
    response.headers_mut().insert(LOCATION, location);
    Ok(response)
}

#[derive(Deserialize)]
pub(crate) struct LanguageForm {
    #[serde(default)]
    locale: String,
}

/// `POST /language`: the language menu. The choice is remembered on the user (every device, every later visit);
/// the answer goes back to the page the menu was on (its `Referer`, when it is a page of this portal).
pub(crate) async fn language(
    State(state): State<Arc<PortalState>>,
    headers: axum::http::HeaderMap,
    Protected { member, form, .. }: Protected<AnyMember, LanguageForm>,
) -> Result<Response, WebError> {
    let locale = crate::locale::Locale::parse(&form.locale)
        .ok_or_else(|| WebError::BadRequest("refuse-language".into()))?;
    state
        .store
        .set_user_locale(member.ctx.tenant.id, member.user.id, locale)
        .await?;
    let home = member.ctx.link("/");
    let back = headers
        .get(axum::http::header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| r.split_once("://").map(|(_, rest)| rest))
        .and_then(|rest| rest.find('/').map(|i| &rest[i..]))
        .filter(|path| !path.starts_with("//") && path.starts_with(home.trim_end_matches('/')))
        .map_or(home.clone(), str::to_string);
    see_other(&back)
}

#[derive(Deserialize)]
pub(crate) struct NoFields {}

pub(crate) async fn logout(
    State(state): State<Arc<PortalState>>,
    Protected { member, .. }: Protected<AnyMember, NoFields>,
) -> Result<Response, WebError> {
    let ctx = &member.ctx;
    state
        .store
        .delete_session(ctx.tenant.id, &member.session_hash)
        .await?;
    let mut response = message_page(
        &state,
        Some(ctx),
        StatusCode::OK,
        &super::tr(&state, ctx, "signed-out", &[]),
        &[super::tr(
            &state,
            ctx,
            "signed-out-text",
            &[("vendor", ctx.tenant.name.clone())],
        )],
        |page| page.insert("way_back", &false),
    );
    let headers = response.headers_mut();
    headers.insert(SET_COOKIE, session_cookie(&state, ctx, None));
    // Pages of the signed-in session kept by the browser (its cache, and the back/forward cache) are dropped.
    headers.insert(
        axum::http::HeaderName::from_static("clear-site-data"),
        axum::http::HeaderValue::from_static("\"cache\""),
    );
    Ok(response)
}

/// `GET /logout` (a bookmarked or typed address): signing out takes the menu's button (a POST with the form's
/// token), so this only goes back to the portal — the invoices, or the sign-in page without a session.
pub(crate) async fn logout_page(Extension(ctx): Extension<Ctx>) -> Result<Response, WebError> {
    see_other(&ctx.link("/"))
}
