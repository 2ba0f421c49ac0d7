//! Portal sessions and who may do what. A session is a row in the store, found by the SHA-256 of the random token in
//! the `billfold_session` cookie, and always scoped to the tenant it was created for.
//!
//! Permissions are types: a handler that takes [`Viewer`] only runs for a member with a role, [`Payer`] for
//! `accounting`/`admin`, [`AccountAdmin`] for `admin`. No handler checks a role by hand.

use std::marker::PhantomData;
use std::sync::Arc;

use axum::extract::{Form, FromRequest, FromRequestParts, Request};
use axum::http::header::COOKIE;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use percent_encoding::percent_decode_str;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::context::Ctx;
use super::error::{SwitchChoice, WebError};
use super::PortalState;
use crate::domain::{Actor, Membership, NewAuditEntry, SessionRecord, User, SCOPED_SESSION_SECS};
use crate::secrets::random_token;

pub(crate) const COOKIE_NAME: &str = "billfold_session";

pub(crate) fn hash_token(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// A new session token and its CSRF token.
pub(crate) fn new_tokens() -> Result<(String, String), WebError> {
    let session = random_token::<32>("").map_err(WebError::internal)?;
    let csrf = random_token::<32>("").map_err(WebError::internal)?;
    Ok((session, csrf))
}

/// The `Set-Cookie` value for a session token (or, with `None`, one that deletes the cookie).
pub(crate) fn session_cookie(state: &PortalState, ctx: &Ctx, token: Option<&str>) -> HeaderValue {
    let path = if ctx.base.is_empty() {
        "/"
    } else {
        ctx.base.as_str()
    };
    let secure = if state.secure_cookies { "; Secure" } else { "" };
    let value = match token {
        Some(t) => format!("{COOKIE_NAME}={t}; Path={path}; HttpOnly; SameSite=Lax{secure}"),
        None => format!("{COOKIE_NAME}=; Path={path}; HttpOnly; SameSite=Lax; Max-Age=0{secure}"),
    };
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The session token in a request's `Cookie` headers, if any.
pub(crate) fn cookie_token(headers: &HeaderMap) -> Option<String> {
    cookie_value(headers, COOKIE_NAME)
}

/// The value of the cookie `name` in a request's `Cookie` headers, if it is there and not empty.
pub(crate) fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value.to_string())
        .filter(|v| !v.is_empty())
}

pub(crate) fn ctx_of(parts: &Parts) -> Result<Ctx, WebError> {
    parts
        .extensions
        .get::<Ctx>()
        .cloned()
        .ok_or_else(|| WebError::internal("portal handler ran without a resolved tenant"))
}

/// A signed-in user looking at one of their accounts. The membership may have no role (see [`Viewer`]).
#[derive(Clone)]
pub struct Member {
    pub(crate) ctx: Ctx,
    pub(crate) session_hash: [u8; 32],
    pub(crate) session: SessionRecord,
    /// When the request arrived (Unix seconds, by the store's clock): what its changes are stamped with.
    pub(crate) now: i64,
    /// The signed-in user.
    pub user: User,
    /// The membership for the account being viewed.
    pub membership: Membership,
    /// All of the user's memberships in this tenant (the account switcher).
    pub memberships: Vec<Membership>,
}

impl Member {
    /// The request's date (UTC).
    pub(crate) fn today(&self) -> time::Date {
        time::OffsetDateTime::from_unix_timestamp(self.now)
            .map(|t| t.date())
            .unwrap_or(time::Date::MIN)
    }

    /// The session's CSRF token, for forms.
    pub fn csrf_token(&self) -> &str {
        &self.session.csrf_token
    }

    /// This member as the actor of an audited change: the user, and a short non-secret id of the session (the
    /// first bytes of the token's hash, which is itself never a credential).
    pub fn actor(&self) -> Actor {
        Actor {
            user: Some(self.user.id),
            name: self.user.email.as_str().to_string(),
            session: Some(crate::web::conditional::hex(&self.session_hash[..4])),
        }
    }

    /// An audit entry for a change this member made on their current account.
    pub(crate) fn audit<'a>(
        &self,
        actor: &'a Actor,
        action: &'a str,
        detail: String,
    ) -> NewAuditEntry<'a> {
        NewAuditEntry {
            tenant_id: self.ctx.tenant.id,
            account_id: Some(self.membership.account.id),
            actor,
            action,
            detail,
            now: self.now,
        }
    }

    /// The payment capability, for members whose role allows paying.
    pub fn payer(&self) -> Option<Payer> {
        self.membership.roles.can_pay().then(|| Payer(self.clone()))
    }

    /// This member as a payer, or the 403 everyone without the role gets.
    fn check_csrf(&self, presented: &str) -> Result<(), WebError> {
        let expected = self.session.csrf_token.as_bytes();
        if bool::from(presented.as_bytes().ct_eq(expected)) {
            Ok(())
        } else {
            Err(WebError::Forbidden("refused-form-expired"))
        }
    }

    pub(crate) fn switch_choices(&self) -> Vec<SwitchChoice> {
        self.memberships
            .iter()
            .filter(|m| m.account.id != self.membership.account.id)
            .map(|m| SwitchChoice {
                external_id: m.account.external_id.clone(),
                name: m.account.name.clone(),
            })
            .collect()
    }
}

impl FromRequestParts<Arc<PortalState>> for Member {
    type Rejection = WebError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<PortalState>,
    ) -> Result<Self, WebError> {
        let mut ctx = ctx_of(parts)?;
        let token =
            cookie_token(&parts.headers).ok_or(WebError::SignInRequired { expired: false })?;
        let hash = hash_token(&token);
        let store = &state.store;
        let tenant = ctx.tenant.id;
        // A cookie of another tenant (or a forged one) finds nothing: sessions are looked up within the tenant.
        // The session, its user and their memberships in one read, never cached: a role removed through another
        // host process is refused on the next request.
        let (session, user, memberships) = store
            .signed_in(tenant, &hash)
            .await?
            .ok_or(WebError::SignInRequired { expired: false })?;
        let now = state.now();
        let idle = now - session.last_seen_at > state.sessions.idle_timeout.as_secs() as i64;
        let too_old = now - session.created_at > state.sessions.absolute_timeout.as_secs() as i64;
        if idle || too_old {
            store.delete_session(tenant, &hash).await?;
            return Err(WebError::SignInRequired { expired: true });
        }
        if let Some(scope) = &session.scope {
            // A narrow session is short-lived, and anything outside its scope gets the sign-in page, not data.
            if now - session.created_at > SCOPED_SESSION_SECS {
                store.delete_session(tenant, &hash).await?;
                return Err(WebError::SignInRequired { expired: true });
            }
            let segments: Vec<String> = parts
                .uri
                .path()
                .split('/')
                .filter(|s| !s.is_empty())
                .map(|s| percent_decode_str(s).decode_utf8_lossy().into_owned())
                .collect();
            if !scope.allows(&segments) {
                return Err(WebError::SignInRequired { expired: false });
            }
        }
        if now - session.last_seen_at >= 60 {
            store.touch_session(tenant, &hash, now).await?;
        }
        if let Some(chosen) = user.locale {
            ctx.locale = chosen;
        }
        let membership = memberships
            .iter()
            .find(|m| m.account.id == session.account_id)
            .cloned()
            // The membership was removed since sign-in.
            .ok_or_else(|| WebError::AccessDenied {
                choices: Vec::new(),
                csrf: session.csrf_token.clone(),
            })?;
        Ok(Member {
            ctx,
            session_hash: hash,
            session,
            now,
            user,
            membership,
            memberships,
        })
    }
}

/// A member with at least the `viewer` role: may see invoices, history and downloads.
pub struct Viewer(pub Member);

impl FromRequestParts<Arc<PortalState>> for Viewer {
    type Rejection = WebError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<PortalState>,
    ) -> Result<Self, WebError> {
        let member = Member::from_request_parts(parts, state).await?;
        if member.membership.roles.can_view() {
            Ok(Viewer(member))
        } else {
            Err(WebError::AccessDenied {
                choices: member.switch_choices(),
                csrf: member.session.csrf_token.clone(),
            })
        }
    }
}

/// A member with the `accounting` or `admin` role: may pay and manage payment methods.
pub struct Payer(pub Member);

impl FromRequestParts<Arc<PortalState>> for Payer {
    type Rejection = WebError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<PortalState>,
    ) -> Result<Self, WebError> {
        let Viewer(member) = Viewer::from_request_parts(parts, state).await?;
        Payer::admit(&member)?;
        Ok(Payer(member))
    }
}

/// A member with the `admin` role: may manage the account's users.
pub struct AccountAdmin(pub Member);

impl FromRequestParts<Arc<PortalState>> for AccountAdmin {
    type Rejection = WebError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<PortalState>,
    ) -> Result<Self, WebError> {
        let Viewer(member) = Viewer::from_request_parts(parts, state).await?;
        AccountAdmin::admit(&member)?;
        Ok(AccountAdmin(member))
    }
}

#[derive(Deserialize)]
struct WithCsrf<T> {
    #[serde(default)]
    csrf: String,
    #[serde(flatten)]
    form: T,
}

/// Who may post a form: a check of the member's role in the account being viewed, stated in the form's type
/// (`Protected<Payer, PayForm>`), so no handler checks a role by hand.
pub(crate) trait Access {
    fn admit(member: &Member) -> Result<(), WebError>;
}

/// Any signed-in member, whatever their role (switching accounts, signing out).
pub(crate) struct AnyMember;

impl Access for AnyMember {
    fn admit(_: &Member) -> Result<(), WebError> {
        Ok(())
    }
}

impl Access for Viewer {
    fn admit(member: &Member) -> Result<(), WebError> {
        if member.membership.roles.can_view() {
            Ok(())
        } else {
            Err(WebError::Forbidden("refused-cannot-view"))
        }
    }
}

impl Access for Payer {
    fn admit(member: &Member) -> Result<(), WebError> {
        if member.membership.roles.can_pay() {
            Ok(())
        } else {
            Err(WebError::Forbidden("refused-cannot-pay"))
        }
    }
}

impl Access for AccountAdmin {
    fn admit(member: &Member) -> Result<(), WebError> {
        if member.membership.roles.can_administer() {
            Ok(())
        } else {
            Err(WebError::Forbidden("refused-cannot-manage-users"))
        }
    }
}

/// A form posted by a signed-in member whose role `R` admits, accepted only with the session's CSRF token in its
/// `csrf` field (checked first, so a forged post learns nothing about roles).
pub(crate) struct Protected<R, T> {
    pub member: Member,
    pub form: T,
    role: PhantomData<fn() -> R>,
}

impl<R: Access, T: DeserializeOwned + Send> FromRequest<Arc<PortalState>> for Protected<R, T> {
    type Rejection = WebError;

    async fn from_request(request: Request, state: &Arc<PortalState>) -> Result<Self, WebError> {
        let (mut parts, body) = request.into_parts();
        let member = Member::from_request_parts(&mut parts, state).await?;
        let request = Request::from_parts(parts, body);
        let Form(posted) = Form::<WithCsrf<T>>::from_request(request, state)
            .await
            .map_err(|e| {
                // The parser's words ("Failed to deserialize form body: …") are for the log, not the customer.
                tracing::info!(error = %e.body_text(), "a form could not be read");
                WebError::BadRequest("refuse-unreadable-form".into())
            })?;
        member.check_csrf(&posted.csrf)?;
        R::admit(&member)?;
        Ok(Protected {
            member,
            form: posted.form,
            role: PhantomData,
        })
    }
}
