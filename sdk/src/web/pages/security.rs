//! Sign-in & security: set or change the password (asking for the current one), see the user's sessions and end
//! the others. Changing the password ends every other session.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::{see_other, Page};
use crate::auth::passwords::check_new;
use crate::auth::Throttle;
use crate::web::client_address::ClientAddress;
use crate::web::error::WebError;
use crate::web::session::{AnyMember, Member, Protected};
use crate::web::PortalState;

#[derive(Serialize)]
struct SessionView {
    id: String,
    started: String,
    last_seen: String,
    current: bool,
}

#[derive(Serialize)]
struct SecurityView {
    has_password: bool,
    password_sign_in: bool,
    password_action: String,
    end_action: String,
    sessions: Vec<SessionView>,
    error: Option<String>,
    notice: Option<String>,
}

async fn render(
    state: &PortalState,
    member: &Member,
    status: StatusCode,
    error: Option<String>,
    notice: Option<&'static str>,
) -> Result<Response, WebError> {
    let say = |key: &str| super::tr(state, &member.ctx, key, &[]);
    let locale = member.ctx.locale;
    let tenant = member.ctx.tenant.id;
    let has_password = state
        .store
        .password_hash(tenant, member.user.id)
        .await?
        .is_some();
    let sessions = state
        .store
        .user_sessions(tenant, member.user.id)
        .await?
        .into_iter()
        .map(|s| SessionView {
            id: crate::web::conditional::hex(&s.id_hash),
            started: locale.format_date_time(s.created_at),
            last_seen: locale.format_date_time(s.last_seen_at),
            current: s.id_hash == member.session_hash,
        })
        .collect();
    let title = say("security-title");
    let mut page =
        Page::new(state, Some(&member.ctx), Some(member), &title, "security").status(status);
    page.insert(
        "security",
        &SecurityView {
            has_password,
            password_sign_in: member.ctx.tenant.settings.sign_in.password,
            password_action: member.ctx.link("/security/password"),
            end_action: member.ctx.link("/security/sessions/end"),
            sessions,
            error,
            notice: notice.map(say),
        },
    );
    Ok(page.render("security.html"))
}

#[derive(Deserialize)]
pub(crate) struct SecurityQuery {
    #[serde(default)]
    done: Option<String>,
}

/// `GET /security`.
pub(crate) async fn page(
    State(state): State<Arc<PortalState>>,
    member: Member,
    Query(query): Query<SecurityQuery>,
) -> Result<Response, WebError> {
    let notice = match query.done.as_deref() {
        Some("password") => Some("security-done-password"),
        Some("ended") => Some("security-done-ended"),
        Some("welcome") => Some("security-done-welcome"),
        _ => None,
    };
    render(&state, &member, StatusCode::OK, None, notice).await
}

#[derive(Deserialize)]
pub(crate) struct PasswordChange {
    #[serde(default)]
    current: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

/// `POST /security/password`: sets or changes the password, keeping this session and ending the others.
pub(crate) async fn change_password(
    State(state): State<Arc<PortalState>>,
    ClientAddress(address): ClientAddress,
    Protected { member, form, .. }: Protected<AnyMember, PasswordChange>,
) -> Result<Response, WebError> {
    let tenant = member.ctx.tenant.id;
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let stored = state.store.password_hash(tenant, member.user.id).await?;
    if stored.is_some() {
        // Whoever holds an open session must still know the password to change it; guesses are throttled.
        let throttle = Throttle::new(member.user.email.as_str(), address);
        let now = state.now();
        if let Err(wait) = throttle.check(state.store.as_ref(), tenant, now).await? {
            let message = super::tr_count(&state, &member.ctx, "sign-in-too-many", wait.minutes());
            return render(
                &state,
                &member,
                StatusCode::TOO_MANY_REQUESTS,
                Some(message),
                None,
            )
            .await;
        }
        if !state
            .passwords
            .verify(&form.current, stored.as_deref())
            .await
        {
            throttle.failed(state.store.as_ref(), tenant, now).await?;
            let message = super::tr(&state, &member.ctx, "security-wrong-current", &[]);
            return render(&state, &member, unprocessable, Some(message), None).await;
        }
    }
    if let Err(problem) = check_new(&form.password) {
        return render(
            &state,
            &member,
            unprocessable,
            Some(super::tr(
                &state,
                &member.ctx,
                super::password_problem_key(&problem),
                &[],
            )),
            None,
        )
        .await;
    }
    if form.password != form.confirm {
        let message = super::tr(&state, &member.ctx, "security-mismatch", &[]);
        return render(&state, &member, unprocessable, Some(message), None).await;
    }
    let hash = state
        .passwords
        .hash(&form.password)
        .await
        .map_err(WebError::internal)?;
    let actor = member.actor();
    let action = if stored.is_some() {
        "password.changed"
    } else {
        "password.set"
    };
    let audit = member.audit(
        &actor,
        action,
        "every other session was signed out".to_string(),
    );
    state
        .store
        .set_password(
            tenant,
            member.user.id,
            &hash,
            Some(&member.session_hash),
            &audit,
        )
        .await?;
    see_other(&member.ctx.link("/security?done=password"))
}

#[derive(Deserialize)]
pub(crate) struct EndSession {
    #[serde(default)]
    session: String,
}

/// `POST /security/sessions/end`: signs out one of the user's other sessions.
pub(crate) async fn end_session(
    State(state): State<Arc<PortalState>>,
    Protected { member, form, .. }: Protected<AnyMember, EndSession>,
) -> Result<Response, WebError> {
    let bad = || WebError::BadRequest(super::tr(&state, &member.ctx, "security-not-yours", &[]));
    let bytes: Vec<u8> = (0..form.session.len())
        .step_by(2)
        .map(|i| {
            form.session
                .get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        })
        .collect::<Option<Vec<u8>>>()
        .ok_or_else(bad)?;
    let id: [u8; 32] = bytes.try_into().map_err(|_| bad())?;
    if id == member.session_hash {
        return Err(WebError::BadRequest(super::tr(
            &state,
            &member.ctx,
            "security-use-sign-out",
            &[],
        )));
    }
    if !state
        .store
        .end_user_session(member.ctx.tenant.id, member.user.id, &id)
        .await?
    {
        return Err(bad());
    }
    let actor = member.actor();
    state
        .store
        .record_audit(&member.audit(
            &actor,
            "session.ended",
            "another session was signed out".to_string(),
        ))
        .await?;
    see_other(&member.ctx.link("/security?done=ended"))
}
