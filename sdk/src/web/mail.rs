//! Mail rendered from the tenant's theme and delivered from the one mail queue, through a [`MailDelivery`]: an SMTP
//! relay, or a folder of `.eml` files (the demo's default), so what a customer would receive can be opened and
//! checked. Each message is claimed by one worker at a time; a failed attempt is retried with backoff until it is
//! sent, or given up after about a day (or at once when the relay refuses it for good).

use std::path::PathBuf;

use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::{Address, Message};
use serde::Serialize;

use super::context::TenantView;
use super::mail_delivery::{MailDelivery, MailError, SendFailure, Sent};
use super::themes::error_chain;
use super::PortalState;
use crate::domain::{AccountId, MailContent, QueuedMail, Tenant, UserId};

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
    /// The relay's sending address, if it has one (then the tenant's support email is the `Reply-To`).
    from: Option<&'a Address>,
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
fn compose(mail: Outgoing<'_>) -> Result<Message, MailError> {
    let invalid = |what: &str, e: &dyn std::fmt::Display| MailError::Build(format!("{what}: {e}"));
    let tenant_address = from_address(mail.tenant);
    let name = Some(header_text(&mail.tenant.name));
    let from = Mailbox::new(
        name.clone(),
        mail.from.cloned().unwrap_or_else(|| tenant_address.clone()),
    );
    let to: Address = mail.to.parse().map_err(|e| invalid("recipient", &e))?;
    let sent = std::time::UNIX_EPOCH
        + std::time::Duration::from_secs(u64::try_from(mail.created_at).unwrap_or(0));
    let mut builder = Message::builder().from(from);
    if mail.from.is_some() && !tenant_address.domain().ends_with(".invalid") {
        builder = builder.reply_to(Mailbox::new(name, tenant_address));
    }
    let builder = builder
        .to(Mailbox::new(None, to))
        .subject(header_text(mail.subject))
        .date(sent)
        .message_id(Some(format!("<{}@billfold.invalid>", mail.message_id)));
    let message = match mail.html {
        Some(html) => builder.multipart(MultiPart::alternative_plain_html(mail.text, html)),
        None => builder.singlepart(SinglePart::plain(mail.text)),
    }
    .map_err(|e| invalid("message", &e))?;
    Ok(message)
}

#[derive(Serialize)]
struct ReceiptMail<'a> {
    tenant: TenantView<'a>,
    /// `R-000123`.
    number: Option<String>,
    account_name: &'a str,
    amount: String,
    date: String,
    method: String,
    reference: Option<String>,
    /// The receipt page, when the portal's address is known.
    receipt_url: Option<String>,
    invoices: Vec<(String, String)>,
}

/// How long a worker holds a message it is delivering.
const CLAIM_SECS: i64 = 120;

/// Seconds before retrying after the `attempts`-th failure: 30 s doubling to an hour; given up after 30 attempts
/// (about a day).
fn retry_delay(attempts: i64) -> Option<i64> {
    (attempts < 30).then(|| (30_i64 << attempts.clamp(0, 7)).min(3600))
}

/// Delivers up to `limit` queued messages that are due through `delivery` (rendering receipts from the tenant's
/// theme); returns the files written (for a folder delivery) or one entry per relayed message.
pub(crate) async fn deliver(
    state: &PortalState,
    delivery: &MailDelivery,
    limit: i64,
) -> Result<Vec<PathBuf>, MailError> {
    let mut delivered = Vec::new();
    for mail in state.store.unsent_mail(limit, state.now()).await? {
        if let Some(sent) = deliver_one(state, delivery, &mail).await? {
            delivered.push(sent);
        }
    }
    Ok(delivered)
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

/// Renders a mail template of the tenant's theme in `locale`.
pub(crate) fn render_text_in(
    state: &PortalState,
    theme: &str,
    locale: crate::locale::Locale,
    template: &str,
    mail: &impl Serialize,
) -> Result<String, MailError> {
    let mut context = tera::Context::new();
    context.insert("mail", mail);
    context.insert("lang", locale.code());
    state
        .themes
        .get(state.themes.resolve(theme))
        .tera(locale)
        .and_then(|t| t.render(template, &context))
        .map_err(|e| MailError::Template(error_chain(&e)))
}

/// Message `key` of `theme`'s catalogue in `locale`, with `args`: a mail's words outside its templates (subjects).
pub(crate) fn mail_words(
    state: &PortalState,
    theme: &str,
    locale: crate::locale::Locale,
    key: &str,
    args: &[(&str, String)],
) -> String {
    super::i18n::Words::new(state, theme, locale).say(key, args)
}

/// The invitation's subject, plain-text and HTML bodies, from the tenant's theme (`email_invitation.txt`, `.html`).
pub(crate) fn render_invitation(
    state: &PortalState,
    theme: &str,
    locale: crate::locale::Locale,
    mail: &InvitationMail<'_>,
) -> Result<(String, String, String), MailError> {
    let subject = mail_words(
        state,
        theme,
        locale,
        "invitation-mail-subject",
        &[
            ("inviter", mail.invited_by.to_string()),
            ("vendor", mail.tenant.name.to_string()),
        ],
    );
    Ok((
        subject,
        render_text_in(state, theme, locale, "email_invitation.txt", mail)?,
        render_text_in(state, theme, locale, "email_invitation.html", mail)?,
    ))
}

/// Composes one queued message and delivers it, once: claimed first, so two workers never send it together. A
/// message with nothing left to send to (its tenant, user or payment is gone) is marked sent so it does not block
/// the queue.
async fn deliver_one(
    state: &PortalState,
    delivery: &MailDelivery,
    mail: &QueuedMail,
) -> Result<Option<PathBuf>, MailError> {
    let store = &state.store;
    let now = state.now();
    if !store.claim_mail(mail.id, now, now + CLAIM_SECS).await? {
        return Ok(None);
    }
    let Some(tenant) = store.tenant(mail.tenant_id).await? else {
        store.mark_mail_sent(mail.id, now).await?;
        return Ok(None);
    };
    let composed = match &mail.content {
        MailContent::Rendered(rendered) => Some(Composed {
            to: rendered.recipient.clone(),
            subject: rendered.subject.clone(),
            text: rendered.body_text.clone(),
            html: rendered.body_html.clone(),
        }),
        MailContent::Receipt {
            user_id,
            account_id,
            payment_key,
            portal_url,
        } => {
            let receipt_url = portal_url.as_deref().map(|base| {
                format!(
                    "{}/receipts/{}",
                    base.trim_end_matches('/'),
                    super::view::path_segment(payment_key)
                )
            });
            render_receipt(
                state,
                &tenant,
                (*user_id, *account_id),
                payment_key,
                receipt_url,
            )
            .await?
        }
    };
    let Some(composed) = composed else {
        store.mark_mail_sent(mail.id, now).await?;
        return Ok(None);
    };
    let kind: String = mail
        .kind
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let message = compose(Outgoing {
        tenant: &tenant,
        from: delivery.sender(),
        to: &composed.to,
        subject: &composed.subject,
        created_at: mail.created_at,
        message_id: format!("{kind}-{}", mail.id),
        text: composed.text,
        html: composed.html,
    })?;
    // The file name is the message's, so a second delivery of it (after a crash) rewrites the same file.
    let file_name = format!("{}-{}-{kind}.eml", mail.id, tenant.slug);
    match delivery.send(&message, &file_name).await {
        Ok(sent) => {
            store.mark_mail_sent(mail.id, state.now()).await?;
            let path = match sent {
                Sent::File(path) => path,
                Sent::Relayed => PathBuf::from(format!("smtp:{}", mail.id)),
            };
            tracing::info!(to = %composed.to, subject = %composed.subject, via = %path.display(), "mail delivered");
            Ok(Some(path))
        }
        Err(SendFailure::Transient(error)) => {
            let retry_at = retry_delay(mail.attempts).map(|delay| state.now() + delay);
            tracing::warn!(mail = mail.id, %error, ?retry_at, "mail not delivered; will retry");
            store
                .mail_attempt_failed(mail.id, state.now(), retry_at, &error)
                .await?;
            Ok(None)
        }
        Err(SendFailure::Permanent(error)) => {
            tracing::error!(mail = mail.id, %error, "mail refused by the relay; given up");
            store
                .mail_attempt_failed(mail.id, state.now(), None, &error)
                .await?;
            Ok(None)
        }
    }
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
    (user_id, account_id): (UserId, AccountId),
    payment_key: &str,
    receipt_url: Option<String>,
) -> Result<Option<Composed>, MailError> {
    let store = &state.store;
    let Some(user) = store.user(tenant.id, user_id).await? else {
        return Ok(None);
    };
    let Some(payment) = store.payment(tenant.id, account_id, payment_key).await? else {
        return Ok(None);
    };
    let accounts = store.memberships(tenant.id, user.id).await?;
    let account = accounts.iter().find(|m| m.account.id == account_id);
    let account_name = account.map(|m| m.account.name.clone()).unwrap_or_default();
    let locale = crate::locale::Locale::for_mail(
        user.locale,
        account.and_then(|m| m.account.locale),
        tenant.settings.default_locale,
    );
    let rows = store.payment_rows(tenant.id, payment.id).await?;
    let view = ReceiptMail {
        tenant: TenantView::of(tenant),
        account_name: &account_name,
        number: payment.receipt_label(),
        amount: locale.format_money(payment.amount),
        date: locale.format_date(payment.paid_on),
        method: rows
            .first()
            .and_then(|r| r.method_label.clone())
            .unwrap_or_else(|| payment.kind.label().to_string()),
        reference: payment.reference.clone(),
        receipt_url,
        invoices: rows
            .iter()
            .filter_map(|r| Some((r.invoice_number.clone()?, locale.format_money(r.amount))))
            .collect(),
    };
    let mut context = tera::Context::new();
    context.insert("mail", &view);
    context.insert("lang", locale.code());
    let theme = state.themes.get(&tenant.theme);
    let render = |name: &str| {
        theme
            .tera(locale)
            .and_then(|t| t.render(name, &context))
            .map_err(|e| MailError::Template(error_chain(&e)))
    };
    Ok(Some(Composed {
        to: user.email.as_str().to_string(),
        subject: {
            let mut args = fluent_bundle::FluentArgs::new();
            args.set("amount", view.amount.clone());
            args.set("vendor", tenant.name.clone());
            let key = match &view.number {
                Some(number) => {
                    args.set("number", number.clone());
                    "receipt-subject-numbered"
                }
                None => "receipt-subject",
            };
            theme
                .catalog(locale)
                .message(key, Some(&args))
                .unwrap_or_else(|| key.to_string())
        },
        text: render("email_receipt.txt")?,
        html: Some(render("email_receipt.html")?),
    }))
}
