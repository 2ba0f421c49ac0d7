//! Users (seed 000: a customer's own admin gives a colleague the Accounting role) and Activity (the audit log), for
//! an account's admins. Invite a colleague by email (the user and membership are created, and a single-use sign-in
//! link is mailed), change their access, remove them; an account always keeps at least one admin.

use std::sync::Arc;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::see_other;
use super::Page;
use crate::domain::{
    AccountMember, Email, LinkPurpose, MembershipError, NewMailMessage, NewSignInLink,
    RenderedMail, Role, Roles, User, UserId,
};
use crate::secrets::random_token;
use crate::web::context::TenantView;
use crate::web::error::WebError;
use crate::web::mail::{mail_words, render_invitation, InvitationMail};
use crate::web::session::{hash_token, AccountAdmin, Member, Protected};
use crate::web::PortalState;

/// How long an invitation's sign-in link works.
pub const INVITATION_DAYS: i64 = 7;

/// One access level per person, as the page offers it.
fn access_of(roles: Roles) -> &'static str {
    if roles.contains(Role::Admin) {
        "admin"
    } else if roles.contains(Role::Accounting) {
        "accounting"
    } else if roles.contains(Role::Viewer) {
        "viewer"
    } else {
        "none"
    }
}

/// An access level's English name, for the activity log.
fn access_label(access: &str) -> &'static str {
    match access {
        "admin" => "Admin",
        "accounting" => "Accounting",
        "viewer" => "Viewer",
        _ => "No access",
    }
}

/// The message key naming an access level.
fn access_key(access: &str) -> &'static str {
    match access {
        "admin" => "access-admin",
        "accounting" => "access-accounting",
        "viewer" => "access-viewer",
        _ => "access-none",
    }
}

/// What a page says: message key and arguments to text in the reader's language.
type Say<'a> = &'a dyn Fn(&str, &[(&str, String)]) -> String;

fn roles_for(access: &str, say: Say<'_>) -> Result<Roles, String> {
    Role::parse(access)
        .map(|r| Roles::new([r]))
        .map_err(|_| say("users-choose-access", &[]))
}

/// A refused membership change, in the reader's language.
fn membership_refusal(e: &MembershipError, say: Say<'_>) -> String {
    match e {
        MembershipError::LastAdmin => say("users-last-admin", &[]),
        MembershipError::AlreadyMember(email) => {
            say("users-already-member", &[("email", email.clone())])
        }
        MembershipError::NotMember => say("users-not-member", &[]),
    }
}

#[derive(Serialize)]
struct MemberView {
    /// "Last signed in …" or "Invited … · hasn't signed in yet".
    status: String,
    /// Invited here and never signed in: the invitation can be sent again.
    pending: bool,
    resend_action: String,
    email: String,
    name: String,
    access: &'static str,
    access_label: &'static str,
    is_you: bool,
    roles_action: String,
    remove_action: String,
}

#[derive(Serialize)]
struct UsersView {
    members: Vec<MemberView>,
    invite_action: String,
    notice: Option<String>,
    error: Option<String>,
    typed_email: String,
    typed_name: String,
    typed_access: String,
}

async fn render_users(
    state: &PortalState,
    member: &Member,
    notice: Option<String>,
    error: Option<(StatusCode, String)>,
    typed: (String, String, String),
) -> Result<Response, WebError> {
    let members = state
        .store
        .account_members(member.ctx.tenant.id, member.membership.account.id)
        .await?;
    let (status, error) = match error {
        Some((s, m)) => (s, Some(m)),
        None => (StatusCode::OK, None),
    };
    let locale = member.ctx.locale;
    let say = |key: &str, args: &[(&str, String)]| super::tr(state, &member.ctx, key, args);
    let view = UsersView {
        members: members
            .iter()
            .map(|m| {
                let (user, access) = (&m.user, access_of(m.roles));
                MemberView {
                    status: match (m.last_signed_in_at, m.invited_at) {
                        (Some(at), _) => say(
                            "users-last-signed-in",
                            &[("when", locale.format_date_time(at))],
                        ),
                        (None, Some(at)) => say(
                            "users-invited-not-yet",
                            &[("when", locale.format_date_time(at))],
                        ),
                        (None, None) => say("users-not-yet", &[]),
                    },
                    pending: m.invited_at.is_some() && m.last_signed_in_at.is_none(),
                    resend_action: member.ctx.link(&format!("/users/{}/resend", user.id.0)),
                    email: user.email.as_str().to_string(),
                    name: user.name.clone(),
                    access,
                    access_label: access_label(access),
                    is_you: user.id == member.user.id,
                    roles_action: member.ctx.link(&format!("/users/{}/roles", user.id.0)),
                    remove_action: member.ctx.link(&format!("/users/{}/remove", user.id.0)),
                }
            })
            .collect(),
        invite_action: member.ctx.link("/users/invite"),
        notice,
        error,
        typed_email: typed.0,
        typed_name: typed.1,
        typed_access: if typed.2.is_empty() {
            "accounting".into()
        } else {
            typed.2
        },
    };
    let title = say("users-title", &[]);
    let mut page = Page::new(state, Some(&member.ctx), Some(member), &title, "users");
    page.insert("users", &view);
    Ok(page.status(status).render("users.html"))
}

#[derive(Deserialize)]
pub(crate) struct UsersQuery {
    done: Option<String>,
    /// An invitation refused on its POST, shown again (Post/Redirect/Get): what was typed.
    retry: Option<String>,
    email: Option<String>,
    name: Option<String>,
    access: Option<String>,
}

pub(crate) async fn list(
    State(state): State<Arc<PortalState>>,
    AccountAdmin(member): AccountAdmin,
    Query(query): Query<UsersQuery>,
) -> Result<Response, WebError> {
    let say = |key: &str, args: &[(&str, String)]| super::tr(&state, &member.ctx, key, args);
    let notice = match query.done.as_deref() {
        Some(done @ ("invited" | "resent" | "changed" | "removed")) => {
            Some(say(&format!("users-done-{done}"), &[]))
        }
        _ => None,
    };
    if query.retry.is_some() {
        let form = InviteForm {
            email: query.email.unwrap_or_default().chars().take(320).collect(),
            name: query.name.unwrap_or_default().chars().take(200).collect(),
            access: query.access.unwrap_or_default().chars().take(20).collect(),
        };
        let typed = (form.email.clone(), form.name.clone(), form.access.clone());
        let error = match check_invite(&form, &say) {
            Err(message) => Some(message),
            Ok((email, _, _)) => state
                .store
                .account_members(member.ctx.tenant.id, member.membership.account.id)
                .await?
                .iter()
                .any(|m| m.user.email == email)
                .then(|| {
                    membership_refusal(
                        &MembershipError::AlreadyMember(email.as_str().to_string()),
                        &say,
                    )
                }),
        };
        let error = error.map(|e| (StatusCode::UNPROCESSABLE_ENTITY, e));
        return render_users(&state, &member, None, error, typed).await;
    }
    render_users(&state, &member, notice, None, Default::default()).await
}

/// What an invitation asks for, checked: the email, the roles and the name — or what to fix.
fn check_invite(form: &InviteForm, say: Say<'_>) -> Result<(Email, Roles, String), String> {
    let Ok(email) = Email::parse(form.email.trim()) else {
        return Err(say("users-email-invalid", &[]));
    };
    let roles = roles_for(&form.access, say)?;
    let name = form.name.trim().to_string();
    if name.chars().count() > MAX_NAME {
        return Err(say("users-name-too-long", &[("max", MAX_NAME.to_string())]));
    }
    Ok((email, roles, name))
}

/// The Users page showing a refused invitation again, with what was typed (Post/Redirect/Get).
fn retry_invite(member: &Member, form: &InviteForm) -> Result<Response, WebError> {
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("retry", "1")
        .append_pair("email", &form.email)
        .append_pair("name", &form.name)
        .append_pair("access", &form.access)
        .finish();
    see_other(&member.ctx.link(&format!("/users?{query}")))
}

#[derive(Deserialize)]
pub(crate) struct InviteForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    access: String,
}

/// The longest name an invitation may give.
const MAX_NAME: usize = 100;

pub(crate) async fn invite(
    State(state): State<Arc<PortalState>>,
    headers: HeaderMap,
    Protected { member, form, .. }: Protected<AccountAdmin, InviteForm>,
) -> Result<Response, WebError> {
    let say = |key: &str, args: &[(&str, String)]| super::tr(&state, &member.ctx, key, args);
    let Ok((email, roles, name)) = check_invite(&form, &say) else {
        return retry_invite(&member, &form);
    };
    let tenant = &member.ctx.tenant;
    let account = &member.membership.account;
    let actor = member.actor();
    let audit = member.audit(
        &actor,
        "member.invited",
        format!("{email} as {}", access_label(&form.access)),
    );
    let user = match state
        .store
        .add_member(tenant.id, account.id, &email, &name, roles, &audit)
        .await?
    {
        Ok(user) => user,
        Err(_) => return retry_invite(&member, &form),
    };
    send_invitation(&state, &member, &headers, &user, &email, &form.access).await?;
    see_other(&member.ctx.link("/users?done=invited"))
}

/// Mails `user` an invitation to the member's account with a single-use sign-in link (only its hash is stored).
async fn send_invitation(
    state: &PortalState,
    member: &Member,
    headers: &HeaderMap,
    user: &User,
    email: &Email,
    access: &str,
) -> Result<(), WebError> {
    let tenant = &member.ctx.tenant;
    let account = &member.membership.account;
    let token = random_token::<32>("").map_err(WebError::internal)?;
    let url = state
        .absolute_url(
            &member.ctx,
            headers,
            &member.ctx.link(&format!("/sign-in/{token}")),
        )
        .ok_or_else(|| WebError::internal("no absolute URL for the invitation"))?;
    // The colleague's own language if they have one, else the account's, else the one they were invited in.
    let theme = state.themes.resolve(&tenant.theme);
    let locale = crate::locale::Locale::for_mail(user.locale, account.locale, member.ctx.locale);
    let role = mail_words(state, theme, locale, access_key(access), &[]);
    let (subject, body, html) = render_invitation(
        state,
        theme,
        locale,
        &InvitationMail {
            tenant: TenantView::of(tenant),
            account_name: &account.name,
            invited_by: member.user.email.as_str(),
            role: &role,
            sign_in_url: &url,
            expires_days: INVITATION_DAYS,
        },
    )
    .map_err(|e| WebError::internal(format_args!("invitation mail: {e}")))?;
    let now = state.now();
    state
        .store
        .create_sign_in_link(
            &NewSignInLink {
                tenant_id: tenant.id,
                user_id: user.id,
                account_id: account.id,
                token_hash: hash_token(&token),
                expires_at: now + INVITATION_DAYS * 24 * 3600,
                purpose: LinkPurpose::SignIn,
                scope: None,
                now,
            },
            &NewMailMessage {
                tenant_id: tenant.id,
                kind: "invitation".into(),
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
    Ok(())
}

/// `POST /users/{user}/resend`: mails a pending invitation again, with a new link (the old one still works until it
/// expires or is used).
pub(crate) async fn resend(
    State(state): State<Arc<PortalState>>,
    headers: HeaderMap,
    Path(user): Path<i64>,
    Protected { member, .. }: Protected<AccountAdmin, NoFields>,
) -> Result<Response, WebError> {
    let target = member_of(&state, &member, user).await?;
    if target.last_signed_in_at.is_some() || target.invited_at.is_none() {
        return Err(WebError::BadRequest(format!(
            "{} has no pending invitation to send again.",
            target.user.email
        )));
    }
    let access = access_of(target.roles);
    let actor = member.actor();
    let audit = member.audit(
        &actor,
        "member.reinvited",
        format!("{} as {}", target.user.email, access_label(access)),
    );
    state.store.record_audit(&audit).await?;
    send_invitation(
        &state,
        &member,
        &headers,
        &target.user,
        &target.user.email,
        access,
    )
    .await?;
    see_other(&member.ctx.link("/users?done=resent"))
}

#[derive(Deserialize)]
pub(crate) struct RolesForm {
    #[serde(default)]
    access: String,
}

/// The member of this account with that user id (another account's user is not found).
async fn member_of(
    state: &PortalState,
    member: &Member,
    user: i64,
) -> Result<AccountMember, WebError> {
    state
        .store
        .account_members(member.ctx.tenant.id, member.membership.account.id)
        .await?
        .into_iter()
        .find(|m| m.user.id == UserId(user))
        .ok_or(WebError::NotFound)
}

async fn refused(
    state: &PortalState,
    member: &Member,
    e: MembershipError,
) -> Result<Response, WebError> {
    render_users(
        state,
        member,
        None,
        Some((
            StatusCode::CONFLICT,
            membership_refusal(&e, &|key: &str, args: &[(&str, String)]| {
                super::tr(state, &member.ctx, key, args)
            }),
        )),
        Default::default(),
    )
    .await
}

pub(crate) async fn change_roles(
    State(state): State<Arc<PortalState>>,
    Path(user): Path<i64>,
    Protected { member, form, .. }: Protected<AccountAdmin, RolesForm>,
) -> Result<Response, WebError> {
    let target = member_of(&state, &member, user).await?;
    let say = |key: &str, args: &[(&str, String)]| super::tr(&state, &member.ctx, key, args);
    let roles = roles_for(&form.access, &say).map_err(WebError::BadRequest)?;
    let actor = member.actor();
    let audit = member.audit(
        &actor,
        "member.roles_changed",
        format!(
            "{}: {} → {}",
            target.user.email,
            access_label(access_of(target.roles)),
            access_label(&form.access)
        ),
    );
    match state
        .store
        .set_member_roles(
            member.ctx.tenant.id,
            member.membership.account.id,
            target.user.id,
            roles,
            &audit,
        )
        .await?
    {
        Ok(()) => see_other(&member.ctx.link("/users?done=changed")),
        Err(e) => refused(&state, &member, e).await,
    }
}

#[derive(Deserialize)]
pub(crate) struct NoFields {}

pub(crate) async fn remove(
    State(state): State<Arc<PortalState>>,
    Path(user): Path<i64>,
    Protected { member, .. }: Protected<AccountAdmin, NoFields>,
) -> Result<Response, WebError> {
    let target = member_of(&state, &member, user).await?;
    let actor = member.actor();
    let audit = member.audit(
        &actor,
        "member.removed",
        target.user.email.as_str().to_string(),
    );
    match state
        .store
        .remove_member(
            member.ctx.tenant.id,
            member.membership.account.id,
            target.user.id,
            &audit,
        )
        .await?
    {
        Ok(()) => see_other(&member.ctx.link("/users?done=removed")),
        Err(e) => refused(&state, &member, e).await,
    }
}

#[derive(Serialize)]
struct EntryView {
    when: String,
    /// RFC 3339, for the page's script to show in the reader's time zone.
    when_iso: String,
    actor: String,
    session: Option<String>,
    action: String,
    detail: String,
}

#[derive(Serialize)]
struct ActivityView {
    entries: Vec<EntryView>,
    older_url: Option<String>,
}

/// The message key of what an audit action is called on the page.
fn action_key(action: &str) -> &'static str {
    match action {
        "payment.attempted" => "action-payment",
        "payment.cancelled" => "action-payment-cancelled",
        "payment_method.added" => "action-method-added",
        "payment_method.removed" => "action-method-removed",
        "payment_method.made_default" => "action-method-default",
        "member.invited" => "action-member-invited",
        "member.added" => "action-member-added",
        "member.roles_changed" => "action-member-access",
        "member.reinvited" => "action-member-reinvited",
        "member.removed" => "action-member-removed",
        _ => "action-other",
    }
}

#[derive(Deserialize)]
pub(crate) struct ActivityQuery {
    before: Option<i64>,
}

const ACTIVITY_PAGE: i64 = 50;

pub(crate) async fn activity(
    State(state): State<Arc<PortalState>>,
    AccountAdmin(member): AccountAdmin,
    Query(query): Query<ActivityQuery>,
) -> Result<Response, WebError> {
    let mut entries = state
        .store
        .audit_log(
            member.ctx.tenant.id,
            Some(member.membership.account.id),
            query.before,
            ACTIVITY_PAGE + 1,
        )
        .await?;
    let more = entries.len() as i64 > ACTIVITY_PAGE;
    entries.truncate(ACTIVITY_PAGE as usize);
    let view = ActivityView {
        older_url: more
            .then(|| {
                entries
                    .last()
                    .map(|e| member.ctx.link(&format!("/activity?before={}", e.id)))
            })
            .flatten(),
        entries: entries
            .into_iter()
            .map(|e| EntryView {
                when: member.ctx.locale.format_date_time(e.created_at),
                when_iso: crate::web::view::iso_time(e.created_at),
                actor: e.actor,
                session: e.session,
                action: super::tr(&state, &member.ctx, action_key(&e.action), &[]),
                detail: e.detail,
            })
            .collect(),
    };
    let title = super::tr(&state, &member.ctx, "activity-title", &[]);
    let mut page = Page::new(&state, Some(&member.ctx), Some(&member), &title, "activity");
    page.insert("activity", &view);
    Ok(page.render("activity.html"))
}
