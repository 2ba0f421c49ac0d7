//! Choosing a new password from a Forgot Password link: the link opens a form (a mail scanner following it uses
//! nothing up); saving sets the password, ends every session of the user, and signs them in.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::{Extension, Form};
use serde::{Deserialize, Serialize};

use super::sign_in::start_session;
use super::sign_in_page::{check_form, form_token, with_cookie};
use super::Page;
use crate::auth::passwords::check_new;
use crate::auth::Throttle;
use crate::domain::{Actor, LinkGrant, LinkPurpose, NewAuditEntry};
use crate::web::context::Ctx;
use crate::web::error::WebError;
use crate::web::session::hash_token;
use crate::web::PortalState;

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
    let title = super::tr(state, ctx, "reset-title", &[]);
    let mut page = Page::new(state, Some(ctx), None, &title, "").status(status);
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
            Some(super::tr(
                &state,
                &ctx,
                super::password_problem_key(&problem),
                &[],
            )),
        ));
    }
    if form.password != form.confirm {
        return Ok(reset_form(
            &state,
            &ctx,
            &headers,
            &token,
            unprocessable,
            Some(super::tr(&state, &ctx, "reset-mismatch", &[])),
        ));
    }
    let hash = state
        .passwords
        .hash(&form.password)
        .await
        .map_err(WebError::internal)?;
    let Some(LinkGrant {
        user_id,
        account_id: account,
        ..
    }) = state
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
    start_session(
        &state,
        &ctx,
        &headers,
        user.id,
        account,
        &ctx.link("/"),
        None,
    )
    .await
}
