//! Invoice comments through the API: the vendor reads a thread, replies (shown with the tenant's name, emailed to
//! the customer), and resolves the "needs attention" flag a customer's comment raised.

use std::collections::BTreeSet;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::resources::{invoice_json, parse_body};
use super::views::ListPage;
use super::{json, reply, ApiClient, ApiError};
use crate::domain::{Comment, CommentAuthor, CommentBody, Invoice, NewComment, Tenant};
use crate::web::notices::{self, Notice};
use crate::web::view::path_segment;
use crate::web::PortalState;

#[derive(Serialize)]
pub(crate) struct CommentView {
    object: &'static str,
    id: String,
    invoice: String,
    /// `customer` or `vendor`.
    author: &'static str,
    author_name: String,
    body: String,
    /// RFC 3339.
    created_at: String,
}

impl CommentView {
    fn of(c: &Comment) -> CommentView {
        CommentView {
            object: "comment",
            id: c.public_id(),
            invoice: c.invoice_number.clone(),
            author: c.author.as_str(),
            author_name: c.author_name.clone(),
            body: c.body.clone(),
            created_at: crate::web::view::iso_time(c.created_at),
        }
    }
}

async fn invoice(state: &PortalState, tenant: &Tenant, number: &str) -> Result<Invoice, ApiError> {
    state
        .store
        .invoice(tenant.id, number)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("No invoice {number:?}.")))
}

/// `GET /api/v1/invoices/{number}/comments`: the thread, oldest first.
pub(crate) async fn list(
    State(state): State<Arc<PortalState>>,
    client: ApiClient,
    Path(number): Path<String>,
) -> Result<Response, ApiError> {
    let tenant = &client.ctx.tenant;
    let invoice = invoice(&state, tenant, &number).await?;
    let thread = state.store.comments(tenant.id, invoice.id).await?;
    Ok(json(
        StatusCode::OK,
        &ListPage::whole(&thread, CommentView::of),
    ))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Reply {
    body: String,
    /// Also clear the invoice's "needs attention" flag.
    #[serde(default)]
    resolve: bool,
}

/// `POST /api/v1/invoices/{number}/comments`: the vendor's reply, emailed to the customer's users in the thread.
pub(crate) async fn add(
    State(state): State<Arc<PortalState>>,
    client: ApiClient,
    Path(number): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let run = async {
        let tenant = &client.ctx.tenant;
        let posted: Reply = parse_body(&body)?;
        let text = CommentBody::parse(&posted.body)
            .map_err(|e| ApiError::invalid(e.0, Some("body".into())))?;
        let invoice = invoice(&state, tenant, &number).await?;
        let now = state.now();
        let comment = state
            .store
            .add_comment(
                tenant.id,
                &invoice,
                &NewComment {
                    author: CommentAuthor::Vendor,
                    user_id: None,
                    author_name: &tenant.name,
                    author_email: None,
                    body: &text,
                    resolve: posted.resolve,
                    now,
                },
                None,
            )
            .await?;
        let link = client.ctx.link(&format!(
            "/invoices/{}#comments",
            path_segment(&invoice.number)
        ));
        let url = state.absolute_url(&client.ctx, &headers, &link);
        if let Err(e) = email_reply(&state, tenant, &invoice, &comment, url).await {
            // The reply stands (the customer sees it in the portal); the mail's failure is for the operator.
            tracing::error!(error = %e, invoice = %invoice.number, "the reply's email could not be queued");
        }
        Ok((StatusCode::OK, CommentView::of(&comment)))
    };
    reply(run.await)
}

/// Emails the vendor's reply to the customer users who commented in the thread (or, if none still can see the
/// invoice, to every user of the account).
async fn email_reply(
    state: &PortalState,
    tenant: &Tenant,
    invoice: &Invoice,
    comment: &Comment,
    url: Option<String>,
) -> Result<(), crate::web::mail_delivery::MailError> {
    let thread = state.store.comments(tenant.id, invoice.id).await?;
    let commenters: BTreeSet<_> = thread.iter().filter_map(|c| c.user_id).collect();
    let members: Vec<_> = state
        .store
        .account_members(tenant.id, invoice.account_id)
        .await?
        .into_iter()
        .filter(|m| m.roles.can_view())
        .collect();
    // The account's language, for users who haven't chosen one.
    let owner = state
        .store
        .invoice_owners(tenant.id, std::slice::from_ref(&invoice.number))
        .await?
        .into_iter()
        .next()
        .map(|(_, external_id, _)| external_id);
    let account_locale = match owner {
        Some(external_id) => state
            .store
            .accounts_by_external_ids(tenant.id, &[external_id])
            .await?
            .into_iter()
            .next()
            .and_then(|a| a.locale),
        None => None,
    };
    let recipient = |m: &&crate::domain::AccountMember| notices::Recipient {
        email: m.user.email.as_str().to_string(),
        locale: crate::locale::Locale::for_mail(
            m.user.locale,
            account_locale,
            tenant.settings.default_locale,
        ),
    };
    let in_thread: Vec<notices::Recipient> = members
        .iter()
        .filter(|m| commenters.contains(&m.user.id))
        .map(|m| recipient(&m))
        .collect();
    let recipients = if in_thread.is_empty() {
        members.iter().map(|m| recipient(&m)).collect()
    } else {
        in_thread
    };
    let number = ("number", invoice.number.clone());
    let vendor = ("vendor", tenant.name.clone());
    notices::send(state, tenant, &recipients, |w| Notice {
        kind: "comment_reply",
        subject: w.say("notice-reply-subject", &[vendor.clone(), number.clone()]),
        heading: w.say("notice-reply-heading", std::slice::from_ref(&number)),
        paragraphs: vec![w.say("notice-reply-text", &[vendor.clone(), number.clone()])],
        quote: Some(comment.body.clone()),
        button: url
            .as_ref()
            .map(|u| (w.say("notice-reply-button", &[]), u.clone())),
    })
    .await
}

/// `POST /api/v1/invoices/{number}/resolve`: clears the invoice's "needs attention" flag; answers the invoice.
pub(crate) async fn resolve(
    State(state): State<Arc<PortalState>>,
    client: ApiClient,
    Path(number): Path<String>,
) -> Response {
    let run = async {
        let tenant = &client.ctx.tenant;
        let invoice = invoice(&state, tenant, &number).await?;
        state.store.resolve_attention(tenant.id, invoice.id).await?;
        Ok((
            StatusCode::OK,
            invoice_json(&state, tenant.id, &number).await?,
        ))
    };
    reply(run.await)
}
