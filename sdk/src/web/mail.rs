//! Mail rendered from the tenant's theme (`email_receipt.txt` and `email_receipt.html`) and delivered from the
//! outbox. Until SMTP delivery lands, delivery writes each message as an `.eml` file into a local folder, so what a
//! customer would receive can be opened and checked.

use std::path::{Path, PathBuf};

use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::{Address, Message};
use serde::Serialize;

use super::context::TenantView;
use super::themes::error_chain;
use super::view::date;
use super::PortalState;
use crate::domain::{AccountId, MailContent, QueuedMail, Tenant, UserId};

#[derive(Debug, thiserror::Error)]
/// Why mail could not be delivered.
pub enum MailError {
    #[error(transparent)]
    /// The store failed.
    Store(#[from] crate::StoreError),
    #[error("mail template: {0}")]
    /// A mail template failed to render.
    Template(String),
    #[error("building the message: {0}")]
    /// The message could not be built (an invalid address).
    Build(String),
    #[error("writing {path}: {source}")]
    /// The message could not be written.
    Io {
        /// The file.
        path: String,
        /// The error.
        source: std::io::Error,
    },
}

/// Vendor or customer text for a header: control characters (line breaks included) become spaces. The MIME builder
/// quotes and encodes what is left, so no text can add a header.
fn header_text(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

/// The tenant's support address if it is one, else a placeholder that can't receive replies.
fn from_address(tenant: &crate::domain::Tenant) -> Address {
    tenant
        .branding
        .support_email
        .as_deref()
        .filter(|e| crate::domain::Email::parse(e).is_ok())
        .and_then(|e| e.parse::<Address>().ok())
        .or_else(|| format!("billing@{}.invalid", tenant.slug).parse().ok())
        .unwrap_or_else(|| {
            Address::new("billing", "billfold.invalid").expect("a valid literal address")
        })
}

/// What a message says; [`compose`] turns it into a MIME message.
struct Outgoing<'a> {
    tenant: &'a crate::domain::Tenant,
    to: &'a str,
    subject: &'a str,
    /// Unix seconds.
    created_at: i64,
    /// Unique per message: `<{message_id}@billfold.invalid>`.
    message_id: String,
    text: String,
    html: Option<String>,
}

/// Builds the message with lettre's MIME builder: the tenant's name as a quoted display name, encoded headers,
/// random multipart boundaries and transfer-encoded bodies, so no vendor or customer text can change its
/// structure.
fn compose(mail: Outgoing<'_>) -> Result<Vec<u8>, MailError> {
    let invalid = |what: &str, e: &dyn std::fmt::Display| MailError::Build(format!("{what}: {e}"));
    let from = Mailbox::new(
        Some(header_text(&mail.tenant.name)),
        from_address(mail.tenant),
    );
    let to: Address = mail.to.parse().map_err(|e| invalid("recipient", &e))?;
    let sent = std::time::UNIX_EPOCH
        + std::time::Duration::from_secs(u64::try_from(mail.created_at).unwrap_or(0));
    let builder = Message::builder()
        .from(from)
        .to(Mailbox::new(None, to))
        .subject(header_text(mail.subject))
        .date(sent)
        .message_id(Some(format!("<{}@billfold.invalid>", mail.message_id)));
    let message = match mail.html {
        Some(html) => builder.multipart(MultiPart::alternative_plain_html(mail.text, html)),
        None => builder.singlepart(SinglePart::plain(mail.text)),
    }
    .map_err(|e| invalid("message", &e))?;
    Ok(message.formatted())
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

/// Delivers up to `limit` queued messages into `dir` (rendering receipts from the tenant's theme); returns the
/// files written.
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

/// A mail carrying a single-use link (`email_sign_in_link.txt`, `email_password_reset.txt`).
#[derive(Serialize)]
pub(crate) struct LinkMail<'a> {
    pub tenant: TenantView<'a>,
    pub url: &'a str,
    pub expires_minutes: i64,
}

/// Renders a plain-text mail template of the tenant's theme.
pub(crate) fn render_text(
    state: &PortalState,
    theme: &str,
    template: &str,
    mail: &impl Serialize,
) -> Result<String, MailError> {
    let mut context = tera::Context::new();
    context.insert("mail", mail);
    state
        .themes
        .get(state.themes.resolve(theme))
        .tera
        .render(template, &context)
        .map_err(|e| MailError::Template(error_chain(&e)))
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

/// Composes one queued message and writes it as an `.eml` file, once. A message with nothing left to send to (its
/// tenant, user or payment is gone) is marked sent so it does not block the queue.
async fn deliver_one(
    state: &PortalState,
    dir: &Path,
    mail: &QueuedMail,
) -> Result<Option<PathBuf>, MailError> {
    let store = &state.store;
    let Some(tenant) = store.tenant(mail.tenant_id).await? else {
        store.mark_mail_sent(mail.id, state.now()).await?;
        return Ok(None);
    };
    let composed = match &mail.content {
        MailContent::Rendered(rendered) => Some(Composed {
            to: rendered.recipient.clone(),
            subject: rendered.subject.clone(),
            text: rendered.body_text.clone(),
            html: None,
        }),
        MailContent::Receipt {
            user_id,
            account_id,
            payment_key,
        } => render_receipt(state, &tenant, *user_id, *account_id, payment_key).await?,
    };
    let Some(composed) = composed else {
        store.mark_mail_sent(mail.id, state.now()).await?;
        return Ok(None);
    };
    let kind: String = mail
        .kind
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let message = compose(Outgoing {
        tenant: &tenant,
        to: &composed.to,
        subject: &composed.subject,
        created_at: mail.created_at,
        message_id: format!("{kind}-{}", mail.id),
        text: composed.text,
        html: composed.html,
    })?;
    std::fs::create_dir_all(dir).map_err(|source| MailError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    let path = dir.join(format!("{}-{}-{kind}.eml", mail.id, tenant.slug));
    // Written before it is marked sent, so a crash in between re-delivers rather than loses it; the file name is
    // the message's, so a second delivery (two hosts at once) rewrites the same file.
    std::fs::write(&path, message).map_err(|source| MailError::Io {
        path: path.display().to_string(),
        source,
    })?;
    if !store.mark_mail_sent(mail.id, state.now()).await? {
        return Ok(None);
    }
    tracing::info!(to = %composed.to, subject = %composed.subject, file = %path.display(), "mail delivered to the local outbox");
    Ok(Some(path))
}

/// A message ready to compose.
struct Composed {
    to: String,
    subject: String,
    text: String,
    html: Option<String>,
}

/// A payment's receipt from the tenant's theme (`email_receipt.txt` and `.html`); `None` if the user or the payment
/// is gone.
async fn render_receipt(
    state: &PortalState,
    tenant: &Tenant,
    user_id: UserId,
    account_id: AccountId,
    payment_key: &str,
) -> Result<Option<Composed>, MailError> {
    let store = &state.store;
    let Some(user) = store.user(tenant.id, user_id).await? else {
        return Ok(None);
    };
    let Some(payment) = store.payment(tenant.id, account_id, payment_key).await? else {
        return Ok(None);
    };
    let accounts = store.memberships(tenant.id, user.id).await?;
    let account_name = accounts
        .iter()
        .find(|m| m.account.id == account_id)
        .map(|m| m.account.name.clone())
        .unwrap_or_default();
    let rows = store.payment_rows(tenant.id, payment.id).await?;
    let view = ReceiptMail {
        tenant: TenantView::of(tenant),
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
    Ok(Some(Composed {
        to: user.email.as_str().to_string(),
        subject: format!(
            "Receipt for your payment of {} to {}",
            view.amount, tenant.name
        ),
        text: render("email_receipt.txt")?,
        html: Some(render("email_receipt.html")?),
    }))
}
