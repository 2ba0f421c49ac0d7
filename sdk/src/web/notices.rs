//! Short notices to a customer's users by email — a vendor's reply to a comment, a subscription change, an AutoPay
//! receipt or failure — from the tenant's theme (`email_notice.txt` and `.html`), queued like every other mail.

use serde::Serialize;

use super::context::TenantView;
use super::mail::render_text;
use super::mail_delivery::MailError;
use super::PortalState;
use crate::domain::{NewMailMessage, RenderedMail, Tenant};

/// What a notice says.
#[derive(Serialize)]
pub(crate) struct Notice {
    /// The mail queue's kind (`comment_reply`, `subscription`).
    #[serde(skip)]
    pub kind: &'static str,
    pub subject: String,
    pub heading: String,
    /// Plain text, one paragraph each.
    pub paragraphs: Vec<String>,
    /// Someone's words, quoted as typed (a reply's text).
    pub quote: Option<String>,
    /// A button: its words and where it leads.
    pub button: Option<(String, String)>,
}

#[derive(Serialize)]
struct NoticeMail<'a> {
    tenant: TenantView<'a>,
    #[serde(flatten)]
    notice: &'a Notice,
}

/// Queues `notice` to each of `recipients`.
pub(crate) async fn send(
    state: &PortalState,
    tenant: &Tenant,
    recipients: &[String],
    notice: &Notice,
) -> Result<(), MailError> {
    let mail = NoticeMail {
        tenant: TenantView::of(tenant),
        notice,
    };
    let text = render_text(state, &tenant.theme, "email_notice.txt", &mail)?;
    let html = render_text(state, &tenant.theme, "email_notice.html", &mail)?;
    let now = state.now();
    for recipient in recipients {
        state
            .store
            .queue_mail(&NewMailMessage {
                tenant_id: tenant.id,
                kind: notice.kind.into(),
                mail: RenderedMail {
                    recipient: recipient.clone(),
                    subject: notice.subject.clone(),
                    body_text: text.clone(),
                    body_html: Some(html.clone()),
                },
                now,
            })
            .await?;
    }
    Ok(())
}
