//! The comment thread on an invoice page, and adding a comment (`POST /invoices/{number}/comments`). Any member
//! who can see the invoice may comment; the comment flags the invoice for the vendor (`invoice.comment_added`).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::invoices::{invoice_page, load};
use super::see_other;
use crate::domain::{Comment, CommentAuthor, CommentBody, NewComment};
use crate::web::error::WebError;
use crate::web::session::{Protected, Viewer};
use crate::web::view::{iso_time, path_segment};
use crate::web::PortalState;

/// One comment as the thread shows it.
#[derive(Serialize)]
pub(crate) struct CommentView {
    id: String,
    author: String,
    from_vendor: bool,
    /// Paragraphs of plain text (escaped by the template; links stay text).
    body: String,
    when: String,
    when_iso: String,
}

/// The thread's views; the vendor's comments carry the tenant's name.
pub(crate) fn views(
    thread: &[Comment],
    vendor_name: &str,
    locale: crate::locale::Locale,
) -> Vec<CommentView> {
    thread
        .iter()
        .map(|c| CommentView {
            id: c.public_id(),
            author: match c.author {
                CommentAuthor::Vendor => vendor_name.to_string(),
                CommentAuthor::Customer => c.author_name.clone(),
            },
            from_vendor: c.author == CommentAuthor::Vendor,
            body: c.body.clone(),
            when: locale.format_date_time(c.created_at),
            when_iso: iso_time(c.created_at),
        })
        .collect()
}

#[derive(Deserialize)]
pub(crate) struct CommentForm {
    #[serde(default)]
    body: String,
}

pub(crate) async fn post(
    State(state): State<Arc<PortalState>>,
    Path(number): Path<String>,
    Protected { member, form, .. }: Protected<Viewer, CommentForm>,
) -> Result<Response, WebError> {
    let body = match CommentBody::parse(&form.body) {
        Ok(body) => body,
        Err(refusal) => {
            return invoice_page(&state, &member, &number, Some((&form.body, &refusal.0))).await
        }
    };
    let (invoice, _) = load(&state, &member, &number).await?;
    let name = match member.user.name.trim() {
        "" => member.user.email.as_str().to_string(),
        n => n.to_string(),
    };
    let actor = member.actor();
    let audit = member.audit(
        &actor,
        "invoice.comment_added",
        format!("on {}", invoice.number),
    );
    state
        .store
        .add_comment(
            member.ctx.tenant.id,
            &invoice,
            &NewComment {
                author: CommentAuthor::Customer,
                user_id: Some(member.user.id),
                author_name: &name,
                author_email: Some(member.user.email.as_str()),
                body: &body,
                resolve: false,
                now: member.now,
            },
            Some(&audit),
        )
        .await?;
    see_other(&member.ctx.link(&format!(
        "/invoices/{}?commented=1#comments",
        path_segment(&invoice.number)
    )))
}
