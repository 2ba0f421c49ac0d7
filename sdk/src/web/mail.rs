//! Mail rendered from the tenant's theme (`email_receipt.txt` and `email_receipt.html`) and delivered from the
//! outbox. Until SMTP delivery lands, delivery writes each message as an `.eml` file into a local folder, so what a
//! customer would receive can be opened and checked.

use std::path::{Path, PathBuf};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::Serialize;

use super::context::TenantView;
use super::themes::error_chain;
use super::view::date;
use super::{now, PortalState};
use crate::domain::{MailMessage, QueuedMail};

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error(transparent)]
    Store(#[from] crate::StoreError),
    #[error("mail template: {0}")]
    Template(String),
    #[error("writing {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

/// A header value with no line breaks (no header injection), RFC 2047-encoded when not plain ASCII.
fn header_text(s: &str) -> String {
    let clean: String = s.chars().filter(|c| !c.is_control()).collect();
    if clean.is_ascii() {
        clean
    } else {
        format!("=?UTF-8?B?{}?=", STANDARD.encode(clean.as_bytes()))
    }
}

/// The tenant's support address if it is one, else a placeholder that can't receive replies.
fn from_address(tenant: &crate::domain::Tenant) -> String {
    tenant
        .branding
        .support_email
        .clone()
        .filter(|e| crate::domain::Email::parse(e).is_ok())
        .unwrap_or_else(|| format!("billing@{}.invalid", tenant.slug))
}

/// A `Date:` header for a message queued at `created_at` (Unix seconds).
fn date_header(created_at: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(created_at)
        .unwrap_or_else(|_| time::OffsetDateTime::now_utc())
        .format(&time::format_description::well_known::Rfc2822)
        .unwrap_or_default()
}

#[derive(Serialize)]
struct ReceiptMail<'a> {
    tenant: TenantView<'a>,
    account_name: &'a str,
    amount: String,
    date: String,
    method: String,
    reference: Option<String>,
    invoices: Vec<(String, String)>,
}

/// Renders and delivers up to `limit` queued messages into `dir`; returns the files written.
pub(crate) async fn deliver(
    state: &PortalState,
    dir: &Path,
    limit: i64,
) -> Result<Vec<PathBuf>, MailError> {
    let mut written = Vec::new();
    for mail in state.store.unsent_mail(limit).await? {
        if let Some(path) = deliver_one(state, dir, &mail).await? {
            written.push(path);
        }
    }
    for message in state.store.unsent_messages(limit).await? {
        if let Some(path) = deliver_message(state, dir, &message).await? {
            written.push(path);
        }
    }
    Ok(written)
}

#[derive(Serialize)]
pub(crate) struct InvitationMail<'a> {
    pub tenant: TenantView<'a>,
    pub account_name: &'a str,
    pub invited_by: &'a str,
    pub role: &'a str,
    pub sign_in_url: &'a str,
    pub expires_days: i64,
}

/// The invitation's subject and plain-text body, from the tenant's theme (`email_invitation.txt`).
pub(crate) fn render_invitation(
    state: &PortalState,
    theme: &str,
    mail: &InvitationMail<'_>,
) -> Result<(String, String), MailError> {
    let mut context = tera::Context::new();
    context.insert("mail", mail);
    let body = state
        .themes
        .get(theme)
        .tera
        .render("email_invitation.txt", &context)
        .map_err(|e| MailError::Template(error_chain(&e)))?;
    let subject = format!(
        "{} invited you to {}'s billing portal",
        mail.invited_by, mail.tenant.name
    );
    Ok((subject, body))
}

/// Writes a queued, already rendered message (an invitation) as an `.eml` file, once.
async fn deliver_message(
    state: &PortalState,
    dir: &Path,
    message: &MailMessage,
) -> Result<Option<PathBuf>, MailError> {
    let store = &state.store;
    let Some(tenant) = store.tenant(message.tenant_id).await? else {
        store.mark_message_sent(message.id, now()).await?;
        return Ok(None);
    };
    let from_address = from_address(&tenant);
    let date_header = date_header(message.created_at);
    let eml = format!(
        "From: {} <{}>\r\nTo: {}\r\nSubject: {}\r\nDate: {date_header}\r\nMessage-ID: <{}-{}@billfold>\r\n\
         MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{}\r\n",
        header_text(&tenant.name),
        header_text(&from_address),
        header_text(&message.recipient),
        header_text(&message.subject),
        header_text(&message.kind),
        message.id,
        message.body_text,
    );
    std::fs::create_dir_all(dir).map_err(|source| MailError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    let path = dir.join(format!(
        "m{}-{}-{}.eml",
        message.id, tenant.slug, message.kind
    ));
    std::fs::write(&path, eml).map_err(|source| MailError::Io {
        path: path.display().to_string(),
        source,
    })?;
    if !store.mark_message_sent(message.id, now()).await? {
        return Ok(None);
    }
    tracing::info!(to = %message.recipient, kind = %message.kind, file = %path.display(), "mail delivered to the local outbox");
    Ok(Some(path))
}

async fn deliver_one(
    state: &PortalState,
    dir: &Path,
    mail: &QueuedMail,
) -> Result<Option<PathBuf>, MailError> {
    let store = &state.store;
    let (Some(tenant), Some(user)) = (
        store.tenant(mail.tenant_id).await?,
        store.user(mail.tenant_id, mail.user_id).await?,
    ) else {
        // Nothing to send to: mark it so it does not block the queue.
        store.mark_mail_sent(mail.id, now()).await?;
        return Ok(None);
    };
    let Some(payment) = store
        .payment(mail.tenant_id, mail.account_id, &mail.payment_key)
        .await?
    else {
        store.mark_mail_sent(mail.id, now()).await?;
        return Ok(None);
    };
    let accounts = store.memberships(mail.tenant_id, user.id).await?;
    let account_name = accounts
        .iter()
        .find(|m| m.account.id == mail.account_id)
        .map(|m| m.account.name.clone())
        .unwrap_or_default();
    let rows = store.payment_rows(mail.tenant_id, payment.id).await?;
    let view = ReceiptMail {
        tenant: TenantView::of(&tenant),
        account_name: &account_name,
        amount: payment.amount.format(),
        date: date(payment.paid_on),
        method: rows
            .first()
            .and_then(|r| r.method_label.clone())
            .unwrap_or_else(|| payment.kind.label().to_string()),
        reference: payment.reference.clone(),
        invoices: rows
            .iter()
            .filter_map(|r| Some((r.invoice_number.clone()?, r.amount.format())))
            .collect(),
    };
    let mut context = tera::Context::new();
    context.insert("mail", &view);
    let theme = state.themes.get(&tenant.theme);
    let render = |name: &str| {
        theme
            .tera
            .render(name, &context)
            .map_err(|e| MailError::Template(error_chain(&e)))
    };
    let (text, html) = (render("email_receipt.txt")?, render("email_receipt.html")?);
    let subject = format!(
        "Receipt for your payment of {} to {}",
        view.amount, tenant.name
    );
    let from_address = from_address(&tenant);
    let boundary = format!("billfold-{}", mail.id);
    let date_header = date_header(mail.created_at);
    let message = format!(
        "From: {} <{}>\r\nTo: {}\r\nSubject: {}\r\nDate: {date_header}\r\nMessage-ID: <receipt-{}@billfold>\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"{boundary}\"\r\n\r\n\
         --{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{text}\r\n\
         --{boundary}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{html}\r\n\
         --{boundary}--\r\n",
        header_text(&tenant.name),
        header_text(&from_address),
        header_text(user.email.as_str()),
        header_text(&subject),
        header_text(&mail.payment_key),
    );
    std::fs::create_dir_all(dir).map_err(|source| MailError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    let path = dir.join(format!("{}-{}-receipt.eml", mail.id, tenant.slug));
    // Written before it is marked sent, so a crash in between re-delivers rather than loses it; the file name is
    // the message's, so a second delivery (two hosts at once) rewrites the same file.
    std::fs::write(&path, message).map_err(|source| MailError::Io {
        path: path.display().to_string(),
        source,
    })?;
    if !store.mark_mail_sent(mail.id, now()).await? {
        return Ok(None);
    }
    tracing::info!(to = %user.email, subject, file = %path.display(), "mail delivered to the local outbox");
    Ok(Some(path))
}
