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

/// Emails AutoPay's news to the account's users who may pay: a failed attempt, or AutoPay stopping.
pub(crate) async fn autopay(state: &PortalState, notices: &[crate::autopay::AutopayNotice]) {
    use crate::autopay::AutopayNotice;
    for notice in notices {
        let (tenant_id, account_id) = match notice {
            AutopayNotice::Failed {
                tenant, account, ..
            }
            | AutopayNotice::Suspended {
                tenant, account, ..
            } => (*tenant, *account),
        };
        let sent = async {
            let store = &state.store;
            let Some(tenant) = store.tenant(tenant_id).await? else {
                return Ok(());
            };
            let payers: Vec<_> = store
                .account_members(tenant_id, account_id)
                .await?
                .into_iter()
                .filter(|m| m.roles.can_pay())
                .collect();
            let Some(first) = payers.first() else {
                return Ok(());
            };
            let account = store
                .memberships(tenant_id, first.user.id)
                .await?
                .into_iter()
                .find(|m| m.account.id == account_id)
                .map(|m| m.account.name)
                .unwrap_or_default();
            let to: Vec<String> = payers
                .iter()
                .map(|m| m.user.email.as_str().to_string())
                .collect();
            let button = state.public_origin.as_ref().map(|origin| {
                let origin = origin.replace("{tenant}", tenant.slug.as_str());
                ("Open AutoPay".to_string(), format!("{origin}/autopay"))
            });
            let mail = match notice {
                AutopayNotice::Failed {
                    invoice,
                    amount,
                    method,
                    message,
                    ..
                } => Notice {
                    kind: "autopay",
                    subject: format!("AutoPay couldn't pay invoice {invoice}"),
                    heading: format!("AutoPay couldn't pay invoice {invoice}"),
                    paragraphs: vec![
                        format!(
                            "AutoPay tried to pay invoice {invoice} ({amount}) for {account} with {method}, and the \
                             payment didn't go through."
                        ),
                        "It tries again tomorrow. To pay now or use another method, open the billing portal."
                            .to_string(),
                    ],
                    quote: (!message.is_empty()).then(|| message.clone()),
                    button,
                },
                AutopayNotice::Suspended { failures, .. } => Notice {
                    kind: "autopay",
                    subject: format!("AutoPay stopped for {account}"),
                    heading: "AutoPay stopped".to_string(),
                    paragraphs: vec![
                        format!(
                            "After {failures} failed payment{} in a row, AutoPay is off for {account}.",
                            if *failures == 1 { "" } else { "s" }
                        ),
                        "Update the payment method and turn AutoPay on again; until then, invoices need paying in \
                         the portal."
                            .to_string(),
                    ],
                    quote: None,
                    button,
                },
            };
            send(state, &tenant, &to, &mail).await
        };
        if let Err(e) = sent.await {
            tracing::error!(error = %e, "an AutoPay notice could not be queued");
        }
    }
}
