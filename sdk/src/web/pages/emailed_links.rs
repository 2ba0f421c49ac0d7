//! Links asked for by email: "Email me a sign-in link" (single-use, 15 minutes) and Forgot Password (single-use,
//! an hour). The answer is the same whether the email is known or not, and the mail is queued by a background task
//! after the answer has gone, so it takes the same time too; at most five such mails an hour go to one address.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::{Extension, Form};
use serde::{Deserialize, Serialize};

use super::sign_in::audit_sign_in;
use super::sign_in_page::{check_form, form_token, sign_in_form, with_cookie, Prompt};
use super::Page;
use crate::domain::{Email, LinkPurpose, NewMailMessage, NewSignInLink, RenderedMail, Tenant};
use crate::secrets::random_token;
use crate::web::context::{Ctx, TenantView};
use crate::web::error::WebError;
use crate::web::mail::{mail_words, render_text_in, LinkMail};
use crate::web::session::hash_token;
use crate::web::PortalState;

/// How long a Forgot Password link works.
pub(crate) const RESET_TTL_SECS: i64 = 60 * 60;
/// How long an emailed sign-in link works.
pub(crate) const EMAIL_LINK_TTL_SECS: i64 = 15 * 60;
/// Sign-in or reset mails one address gets per hour, at most (more are quietly not sent).
pub(crate) const MAILS_PER_HOUR: i64 = 5;

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
    asked_in: crate::locale::Locale,
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
    // The user's own language, else their account's, else the one the link was asked for in.
    let locale = crate::locale::Locale::for_mail(user.locale, membership.account.locale, asked_in);
    let (template, subject_key) = match kind {
        LinkKind::SignIn => ("email_sign_in_link", "sign-in-link-mail-subject"),
        LinkKind::Reset => ("email_password_reset", "reset-mail-subject"),
    };
    let subject = mail_words(
        &state,
        &tenant.theme,
        locale,
        subject_key,
        &[("vendor", tenant.name.clone())],
    );
    let render = |ext: &str| {
        render_text_in(
            &state,
            &tenant.theme,
            locale,
            &format!("{template}.{ext}"),
            &mail,
        )
        .map_err(WebError::internal)
    };
    let (body, html) = (render("txt")?, render("html")?);
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
                scope: None,
                now,
            },
            &NewMailMessage {
                tenant_id: tenant.id,
                kind: kind.mail_kind().to_string(),
                mail: RenderedMail {
                    recipient: email.as_str().to_string(),
                    subject,
                    body_text: body,
                    body_html: Some(html),
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
        ctx.locale,
    );
    tokio::spawn(async move {
        if let Err(e) = task.await {
            tracing::error!(error = ?e, "a link mail could not be queued");
        }
    });
    let say = |key: &str, args: &[(&str, String)]| super::tr(state, ctx, key, args);
    let heading = say("check-email", &[]);
    let what = match kind {
        LinkKind::SignIn => say(
            "check-email-link",
            &[
                ("email", typed.to_string()),
                ("minutes", (EMAIL_LINK_TTL_SECS / 60).to_string()),
            ],
        ),
        LinkKind::Reset => say("check-email-reset", &[("email", typed.to_string())]),
    };
    Ok(super::message_page(
        state,
        Some(ctx),
        StatusCode::OK,
        &heading,
        &[what, say("check-email-nothing", &[])],
        |page| page.insert("way_back", &false),
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
        let error = Some(super::tr(state, ctx, "email-invalid", &[]));
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
