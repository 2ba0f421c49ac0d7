//! The portal's own front door, for customers who come without the vendor's SSO link: the sign-in page and
//! email and password (Forgot Password and emailed links are in `emailed_links`, the reset in `password_reset`). Every answer reads the same whether the email is known or not,
//! and mail is sent from a background task so the answer takes the same time too.
//!
//! These forms are posted before there is a session, so they carry a double-submit token instead of the session's
//! CSRF token: a random value in a `SameSite=Strict` cookie, repeated in the form.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use axum::{Extension, Form};
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;

use super::sign_in::{audit_sign_in, start_session};
use super::Page;
use crate::auth::Throttle;
use crate::domain::Email;
use crate::secrets::random_token;
use crate::web::client_address::ClientAddress;
use crate::web::context::Ctx;
use crate::web::error::WebError;
use crate::web::session::cookie_value;
use crate::web::PortalState;

const FORM_COOKIE: &str = "billfold_form";

/// Where to go after signing in: a path inside the portal only (never another site).
pub(crate) fn local_target(ctx: &Ctx, next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.contains('\\')
                && !n.chars().any(char::is_control) =>
        {
            ctx.link(n)
        }
        _ => ctx.link("/"),
    }
}

/// The form token from the cookie, if the browser has one.
fn form_cookie(headers: &HeaderMap) -> Option<String> {
    cookie_value(headers, FORM_COOKIE).filter(|v| v.len() >= 20)
}

/// The token a form carries, and the cookie to set when the browser has none yet.
pub(crate) fn form_token(
    state: &PortalState,
    ctx: &Ctx,
    headers: &HeaderMap,
) -> Result<(String, Option<HeaderValue>), WebError> {
    if let Some(token) = form_cookie(headers) {
        return Ok((token, None));
    }
    let token = random_token::<24>("").map_err(WebError::internal)?;
    let path = if ctx.base.is_empty() {
        "/"
    } else {
        ctx.base.as_str()
    };
    let secure = if state.secure_cookies { "; Secure" } else { "" };
    let cookie = HeaderValue::from_str(&format!(
        "{FORM_COOKIE}={token}; Path={path}; HttpOnly; SameSite=Strict{secure}"
    ))
    .map_err(WebError::internal)?;
    Ok((token, Some(cookie)))
}

/// Refuses a form posted from another site, or without the browser's form token.
pub(crate) fn check_form(headers: &HeaderMap, presented: &str) -> Result<(), WebError> {
    let expired = WebError::Forbidden("refused-form-expired");
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if matches!(fetch_site, Some("cross-site")) {
        return Err(expired);
    }
    let expected = form_cookie(headers).ok_or(expired.clone())?;
    if bool::from(presented.as_bytes().ct_eq(expected.as_bytes())) {
        Ok(())
    } else {
        Err(expired)
    }
}

pub(crate) fn with_cookie(mut response: Response, cookie: Option<HeaderValue>) -> Response {
    if let Some(cookie) = cookie {
        response.headers_mut().append(SET_COOKIE, cookie);
    }
    response
}

#[derive(Serialize, Default)]
struct SignInView {
    action: String,
    email_link_action: String,
    forgot_url: String,
    password: bool,
    email_link: bool,
    next: String,
    email: String,
    error: Option<String>,
    notice: Option<String>,
    form_token: String,
}

/// What the sign-in page says besides its form.
#[derive(Default)]
pub(crate) struct Prompt<'a> {
    /// Where to go after signing in (a path inside the portal).
    pub next: Option<&'a str>,
    /// The email typed, shown again.
    pub email: &'a str,
    /// Why the last attempt failed.
    pub error: Option<String>,
    /// Why the page is shown (a session ended).
    pub notice: Option<String>,
}

/// The sign-in page (also what an unauthenticated page request shows, with `status` 401 and a notice).
pub(crate) fn sign_in_form(
    state: &PortalState,
    ctx: &Ctx,
    headers: &HeaderMap,
    status: StatusCode,
    prompt: Prompt<'_>,
) -> Response {
    let Prompt {
        next,
        email,
        error,
        notice,
    } = prompt;
    let (token, cookie) = match form_token(state, ctx, headers) {
        Ok(t) => t,
        Err(e) => return super::render_error(state, Some(ctx), &e),
    };
    let methods = ctx.tenant.settings.sign_in;
    let title = super::tr(state, ctx, "sign-in-button", &[]);
    let mut page = Page::new(state, Some(ctx), None, &title, "").status(status);
    page.insert(
        "form",
        &SignInView {
            action: ctx.link("/sign-in"),
            email_link_action: ctx.link("/sign-in/email-link"),
            forgot_url: ctx.link("/forgot-password"),
            password: methods.password,
            email_link: methods.email_link,
            next: next.unwrap_or("/").to_string(),
            email: email.to_string(),
            error,
            notice,
            form_token: token,
        },
    );
    with_cookie(page.render("sign_in.html"), cookie)
}

#[derive(Deserialize)]
pub(crate) struct NextQuery {
    #[serde(default)]
    next: Option<String>,
}

/// `GET /sign-in`.
pub(crate) async fn page(
    State(state): State<Arc<PortalState>>,
    Extension(ctx): Extension<Ctx>,
    headers: HeaderMap,
    Query(query): Query<NextQuery>,
) -> Response {
    sign_in_form(
        &state,
        &ctx,
        &headers,
        StatusCode::OK,
        Prompt {
            next: query.next.as_deref(),
            ..Prompt::default()
        },
    )
}

#[derive(Deserialize)]
pub(crate) struct PasswordForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: Option<String>,
    #[serde(default)]
    form: String,
}

/// `POST /sign-in`: email and password.
pub(crate) async fn with_password(
    State(state): State<Arc<PortalState>>,
    Extension(ctx): Extension<Ctx>,
    headers: HeaderMap,
    ClientAddress(address): ClientAddress,
    Form(form): Form<PasswordForm>,
) -> Result<Response, WebError> {
    check_form(&headers, &form.form)?;
    let tenant = ctx.tenant.clone();
    if !tenant.settings.sign_in.password {
        return Err(WebError::NotFound);
    }
    let typed = form.email.trim();
    let again = |status: StatusCode, error: String| {
        sign_in_form(
            &state,
            &ctx,
            &headers,
            status,
            Prompt {
                next: form.next.as_deref(),
                email: typed,
                error: Some(error),
                notice: None,
            },
        )
    };
    let throttle = Throttle::new(typed, address);
    let now = state.now();
    if let Err(wait) = throttle.check(state.store.as_ref(), tenant.id, now).await? {
        let minutes = wait.minutes();
        let mut response = again(
            StatusCode::TOO_MANY_REQUESTS,
            super::tr_count(&state, &ctx, "sign-in-too-many", minutes),
        );
        if let Ok(v) = HeaderValue::from_str(&wait.retry_after_secs.to_string()) {
            response.headers_mut().insert("retry-after", v);
        }
        return Ok(response);
    }
    let user = match Email::parse(typed) {
        Ok(email) => state.store.user_by_email(tenant.id, &email).await?,
        Err(_) => None,
    };
    let stored = match &user {
        Some(u) => state.store.password_hash(tenant.id, u.id).await?,
        None => None,
    };
    // An unknown email, or a user without a password, is verified against a decoy: the same time, and `false`.
    let matched = state
        .passwords
        .verify(&form.password, stored.as_deref())
        .await;
    let memberships = match (&user, matched) {
        (Some(u), true) => state.store.memberships(tenant.id, u.id).await?,
        _ => Vec::new(),
    };
    let membership = memberships
        .iter()
        .find(|m| !m.roles.is_empty())
        .or(memberships.first());
    let (Some(user), Some(membership)) = (user.as_ref().filter(|_| matched), membership) else {
        throttle
            .failed(state.store.as_ref(), tenant.id, now)
            .await?;
        audit_sign_in(
            &state,
            &tenant,
            user.as_ref(),
            None,
            "sign_in.failed",
            format!(
                "password for {}",
                typed.chars().take(200).collect::<String>()
            ),
        )
        .await?;
        return Ok(again(
            StatusCode::UNAUTHORIZED,
            super::tr(&state, &ctx, "sign-in-wrong-password", &[]),
        ));
    };
    throttle.succeeded(state.store.as_ref(), tenant.id).await?;
    audit_sign_in(
        &state,
        &tenant,
        Some(user),
        Some(membership.account.id),
        "sign_in.password",
        "signed in with a password".to_string(),
    )
    .await?;
    tracing::info!(tenant = %tenant.slug, user = user.id.0, "signed in with a password");
    let target = local_target(&ctx, form.next.as_deref());
    start_session(
        &state,
        &ctx,
        &headers,
        user.id,
        membership.account.id,
        &target,
        None,
    )
    .await
}
