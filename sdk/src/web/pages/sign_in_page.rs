//! The portal's own front door, for customers who come without the vendor's SSO link: email and password with
//! Forgot Password, and "Email me a sign-in link". Every answer reads the same whether the email is known or not,
//! and mail is sent from a background task so the answer takes the same time too.
//!
//! These forms are posted before there is a session, so they carry a double-submit token instead of the session's
//! CSRF token: a random value in a `SameSite=Strict` cookie, repeated in the form.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use axum::{Extension, Form};
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;

use super::sign_in::start_session;
use super::Page;
use crate::auth::passwords::check_new;
use crate::auth::Throttle;
use crate::domain::{
    Actor, Email, LinkPurpose, NewAuditEntry, NewMailMessage, NewSignInLink, RenderedMail, Tenant,
    User,
};
use crate::secrets::random_token;
use crate::web::client_address::ClientAddress;
use crate::web::context::{Ctx, TenantView};
use crate::web::error::WebError;
use crate::web::mail::{render_text, LinkMail};
use crate::web::session::{cookie_value, hash_token};
use crate::web::PortalState;

const FORM_COOKIE: &str = "billfold_form";
/// How long a Forgot Password link works.
pub(crate) const RESET_TTL_SECS: i64 = 60 * 60;
/// How long an emailed sign-in link works.
pub(crate) const EMAIL_LINK_TTL_SECS: i64 = 15 * 60;
/// Sign-in or reset mails one address gets per hour, at most (more are quietly not sent).
pub(crate) const MAILS_PER_HOUR: i64 = 5;

const WRONG_PASSWORD: &str =
    "That email and password don't match. Try again, or reset your password.";

/// Where to go after signing in: a path inside the portal only (never another site).
fn local_target(ctx: &Ctx, next: Option<&str>) -> String {
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
fn form_token(
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
fn check_form(headers: &HeaderMap, presented: &str) -> Result<(), WebError> {
    let expired = WebError::Forbidden("This form has expired. Reload the page and try again.");
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

fn with_cookie(mut response: Response, cookie: Option<HeaderValue>) -> Response {
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
    let mut page = Page::new(state, Some(ctx), None, "Sign in", "").status(status);
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
            format!(
                "Too many attempts. Try again in {minutes} minute{}.",
                if minutes == 1 { "" } else { "s" }
            ),
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
        return Ok(again(StatusCode::UNAUTHORIZED, WRONG_PASSWORD.to_string()));
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
    )
    .await
}

#[derive(Deserialize)]
pub(crate) struct EmailForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    next: Option<String>,
    #[serde(default)]
    form: String,
}

/// What a link mail is for.
#[derive(Clone, Copy)]
enum LinkKind {
    SignIn,
    Reset,
}

impl LinkKind {
    fn purpose(self) -> LinkPurpose {
        match self {
            LinkKind::SignIn => LinkPurpose::SignIn,
            LinkKind::Reset => LinkPurpose::PasswordReset,
        }
    }
    fn mail_kind(self) -> &'static str {
        match self {
            LinkKind::SignIn => "sign_in_link",
            LinkKind::Reset => "password_reset",
        }
    }
    fn ttl(self) -> i64 {
        match self {
            LinkKind::SignIn => EMAIL_LINK_TTL_SECS,
            LinkKind::Reset => RESET_TTL_SECS,
        }
    }
    fn path(self) -> &'static str {
        match self {
            LinkKind::SignIn => "/sign-in",
            LinkKind::Reset => "/reset-password",
        }
    }
}

/// Queues the link mail if `typed` is a contact with access in this tenant and under the hourly cap; otherwise
/// does nothing. Runs after the answer has gone, so the answer can't tell which.
async fn send_link(
    state: Arc<PortalState>,
    tenant: Arc<Tenant>,
    base_url: String,
    typed: String,
    kind: LinkKind,
) -> Result<(), WebError> {
    let Ok(email) = Email::parse(&typed) else {
        return Ok(());
    };
    let Some(user) = state.store.user_by_email(tenant.id, &email).await? else {
        return Ok(());
    };
    let memberships = state.store.memberships(tenant.id, user.id).await?;
    let Some(membership) = memberships
        .iter()
        .find(|m| !m.roles.is_empty())
        .or(memberships.first())
    else {
        return Ok(());
    };
    let _one_at_a_time = state.link_mail.lock().await;
    let now = state.now();
    let recent = state
        .store
        .recent_mail_count(tenant.id, email.as_str(), kind.mail_kind(), now - 3600)
        .await?;
    if recent >= MAILS_PER_HOUR {
        tracing::warn!(tenant = %tenant.slug, kind = kind.mail_kind(), "hourly mail cap reached; not sent");
        return Ok(());
    }
    let token = random_token::<32>("").map_err(WebError::internal)?;
    let url = format!("{base_url}{}/{token}", kind.path());
    let minutes = kind.ttl() / 60;
    let mail = LinkMail {
        tenant: TenantView::of(&tenant),
        url: &url,
        expires_minutes: minutes,
    };
    let (template, subject) = match kind {
        LinkKind::SignIn => (
            "email_sign_in_link.txt",
            format!("Your sign-in link for {}", tenant.name),
        ),
        LinkKind::Reset => (
            "email_password_reset.txt",
            format!("Reset your password for {}", tenant.name),
        ),
    };
    let body = render_text(&state, &tenant.theme, template, &mail).map_err(WebError::internal)?;
    state
        .store
        .create_sign_in_link(
            &NewSignInLink {
                tenant_id: tenant.id,
                user_id: user.id,
                account_id: membership.account.id,
                token_hash: hash_token(&token),
                expires_at: now + kind.ttl(),
                purpose: kind.purpose(),
                now,
            },
            &NewMailMessage {
                tenant_id: tenant.id,
                kind: kind.mail_kind().to_string(),
                mail: RenderedMail {
                    recipient: email.as_str().to_string(),
                    subject,
                    body_text: body,
                },
                now,
            },
        )
        .await?;
    audit_sign_in(
        &state,
        &tenant,
        Some(&user),
        Some(membership.account.id),
        match kind {
            LinkKind::SignIn => "sign_in_link.sent",
            LinkKind::Reset => "password_reset.sent",
        },
        format!("to {email}"),
    )
    .await
}

/// Answers "check your email" at once and sends (or not) in the background.
fn check_your_email(
    state: &Arc<PortalState>,
    ctx: &Ctx,
    headers: &HeaderMap,
    typed: &str,
    kind: LinkKind,
) -> Result<Response, WebError> {
    let base_url = state
        .absolute_url(ctx, headers, &ctx.link(""))
        .ok_or_else(|| WebError::internal("no absolute URL for a link mail"))?;
    let base_url = base_url.trim_end_matches('/').to_string();
    let task = send_link(
        state.clone(),
        ctx.tenant.clone(),
        base_url,
        typed.to_string(),
        kind,
    );
    tokio::spawn(async move {
        if let Err(e) = task.await {
            tracing::error!(error = ?e, "a link mail could not be queued");
        }
    });
    let (heading, what) = match kind {
        LinkKind::SignIn => (
            "Check your email",
            format!(
                "If {typed} can use this billing portal, we've sent it a sign-in link. The link works once, for {} minutes.",
                EMAIL_LINK_TTL_SECS / 60
            ),
        ),
        LinkKind::Reset => (
            "Check your email",
            format!(
                "If {typed} can use this billing portal, we've sent it a link to choose a new password. The link works once, for an hour."
            ),
        ),
    };
    Ok(super::message_page(
        state,
        Some(ctx),
        StatusCode::OK,
        heading,
        &[
            what,
            "Nothing arrived? Check your spam folder, or ask the colleague who manages your billing to invite you."
                .to_string(),
        ],
        |_| {},
    ))
}

/// `POST /sign-in/email-link`: "Email me a sign-in link".
pub(crate) async fn email_link(
    State(state): State<Arc<PortalState>>,
    Extension(ctx): Extension<Ctx>,
    headers: HeaderMap,
    Form(form): Form<EmailForm>,
) -> Result<Response, WebError> {
    ask_for_link(&state, &ctx, &headers, form, LinkKind::SignIn)
}

/// `POST /forgot-password`.
pub(crate) async fn forgot(
    State(state): State<Arc<PortalState>>,
    Extension(ctx): Extension<Ctx>,
    headers: HeaderMap,
    Form(form): Form<EmailForm>,
) -> Result<Response, WebError> {
    ask_for_link(&state, &ctx, &headers, form, LinkKind::Reset)
}

/// A link asked for by email: the typed address must look like one; then the same answer whatever it is.
fn ask_for_link(
    state: &Arc<PortalState>,
    ctx: &Ctx,
    headers: &HeaderMap,
    form: EmailForm,
    kind: LinkKind,
) -> Result<Response, WebError> {
    check_form(headers, &form.form)?;
    let methods = ctx.tenant.settings.sign_in;
    let offered = match kind {
        LinkKind::SignIn => methods.email_link,
        LinkKind::Reset => methods.password,
    };
    if !offered {
        return Err(WebError::NotFound);
    }
    let typed = form.email.trim().chars().take(254).collect::<String>();
    if Email::parse(&typed).is_err() {
        let error = Some("Enter your email address, like name@company.com.".to_string());
        let status = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(match kind {
            LinkKind::SignIn => sign_in_form(
                state,
                ctx,
                headers,
                status,
                Prompt {
                    next: form.next.as_deref(),
                    email: &typed,
                    error,
                    notice: None,
                },
            ),
            LinkKind::Reset => forgot_form(state, ctx, headers, status, &typed, error),
        });
    }
    check_your_email(state, ctx, headers, &typed, kind)
}

#[derive(Serialize)]
struct ForgotView {
    action: String,
    sign_in_url: String,
    email: String,
    error: Option<String>,
    form_token: String,
}

fn forgot_form(
    state: &PortalState,
    ctx: &Ctx,
    headers: &HeaderMap,
    status: StatusCode,
    email: &str,
    error: Option<String>,
) -> Response {
    let (token, cookie) = match form_token(state, ctx, headers) {
        Ok(t) => t,
        Err(e) => return super::render_error(state, Some(ctx), &e),
    };
    let mut page = Page::new(state, Some(ctx), None, "Forgot your password?", "").status(status);
    page.insert(
        "form",
        &ForgotView {
            action: ctx.link("/forgot-password"),
            sign_in_url: ctx.link("/sign-in"),
            email: email.to_string(),
            error,
            form_token: token,
        },
    );
    with_cookie(page.render("forgot_password.html"), cookie)
}

/// `GET /forgot-password`.
pub(crate) async fn forgot_page(
    State(state): State<Arc<PortalState>>,
    Extension(ctx): Extension<Ctx>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    if !ctx.tenant.settings.sign_in.password {
        return Err(WebError::NotFound);
    }
    Ok(forgot_form(
        &state,
        &ctx,
        &headers,
        StatusCode::OK,
        "",
        None,
    ))
}

#[derive(Serialize)]
struct ResetView {
    action: String,
    error: Option<String>,
    form_token: String,
}

fn reset_form(
    state: &PortalState,
    ctx: &Ctx,
    headers: &HeaderMap,
    token: &str,
    status: StatusCode,
    error: Option<String>,
) -> Response {
    let (form_token, cookie) = match form_token(state, ctx, headers) {
        Ok(t) => t,
        Err(e) => return super::render_error(state, Some(ctx), &e),
    };
    let mut page = Page::new(state, Some(ctx), None, "Choose a new password", "").status(status);
    page.insert(
        "form",
        &ResetView {
            action: ctx.link(&format!(
                "/reset-password/{}",
                crate::web::view::path_segment(token)
            )),
            error,
            form_token,
        },
    );
    with_cookie(page.render("reset_password.html"), cookie)
}

fn invalid_link() -> WebError {
    WebError::InvalidSignInLink {
        status: StatusCode::UNAUTHORIZED,
    }
}

/// `GET /reset-password/{token}`: a form (a mail scanner following the link uses nothing up).
pub(crate) async fn reset_page(
    State(state): State<Arc<PortalState>>,
    Extension(ctx): Extension<Ctx>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Result<Response, WebError> {
    let valid = state
        .store
        .sign_in_link_is_valid(
            ctx.tenant.id,
            &hash_token(&token),
            LinkPurpose::PasswordReset,
            state.now(),
        )
        .await?;
    if !valid {
        return Err(invalid_link());
    }
    Ok(reset_form(
        &state,
        &ctx,
        &headers,
        &token,
        StatusCode::OK,
        None,
    ))
}

#[derive(Deserialize)]
pub(crate) struct NewPasswordForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
    #[serde(default)]
    form: String,
}

/// `POST /reset-password/{token}`: sets the password, ends every session of the user, and signs them in.
pub(crate) async fn reset(
    State(state): State<Arc<PortalState>>,
    Extension(ctx): Extension<Ctx>,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(form): Form<NewPasswordForm>,
) -> Result<Response, WebError> {
    check_form(&headers, &form.form)?;
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    if let Err(problem) = check_new(&form.password) {
        return Ok(reset_form(
            &state,
            &ctx,
            &headers,
            &token,
            unprocessable,
            Some(problem.to_string()),
        ));
    }
    if form.password != form.confirm {
        return Ok(reset_form(
            &state,
            &ctx,
            &headers,
            &token,
            unprocessable,
            Some("The two passwords don't match.".into()),
        ));
    }
    let hash = state
        .passwords
        .hash(&form.password)
        .await
        .map_err(WebError::internal)?;
    let Some((user_id, account)) = state
        .store
        .consume_sign_in_link(
            ctx.tenant.id,
            &hash_token(&token),
            LinkPurpose::PasswordReset,
            state.now(),
        )
        .await?
    else {
        return Err(invalid_link());
    };
    let user = state
        .store
        .user(ctx.tenant.id, user_id)
        .await?
        .ok_or_else(invalid_link)?;
    let actor = Actor {
        user: Some(user.id),
        name: user.email.as_str().to_string(),
        session: None,
    };
    state
        .store
        .set_password(
            ctx.tenant.id,
            user.id,
            &hash,
            None,
            &NewAuditEntry {
                tenant_id: ctx.tenant.id,
                account_id: Some(account),
                actor: &actor,
                action: "password.reset",
                detail: "with a Forgot Password link; every session was ended".to_string(),
                now: state.now(),
            },
        )
        .await?;
    Throttle::new(user.email.as_str(), None)
        .succeeded(state.store.as_ref(), ctx.tenant.id)
        .await?;
    tracing::info!(tenant = %ctx.tenant.slug, user = user.id.0, "password reset");
    start_session(&state, &ctx, &headers, user.id, account, &ctx.link("/")).await
}
