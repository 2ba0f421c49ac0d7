//! Short notices to a customer's users by email — a vendor's reply to a comment, a subscription change, an AutoPay
//! receipt or failure — from the tenant's theme (`email_notice.txt` and `.html`), queued like every other mail.

use serde::Serialize;

use super::context::TenantView;
use super::i18n::Words;
use super::mail::render_text_in;
use super::mail_delivery::MailError;
use super::PortalState;
use crate::domain::{NewMailMessage, RenderedMail, Tenant};
use crate::locale::Locale;

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

/// Someone a notice goes to, and the language to write to them in.
pub(crate) struct Recipient {
    pub email: String,
    pub locale: Locale,
}

/// Queues a notice to each recipient, composed by `compose` once per language among them.
pub(crate) async fn send(
    state: &PortalState,
    tenant: &Tenant,
    recipients: &[Recipient],
    compose: impl Fn(&Words<'_>) -> Notice,
) -> Result<(), MailError> {
    let now = state.now();
    for locale in Locale::ALL {
        let to: Vec<&Recipient> = recipients.iter().filter(|r| r.locale == locale).collect();
        if to.is_empty() {
            continue;
        }
        let notice = compose(&Words::new(state, &tenant.theme, locale));
        let mail = NoticeMail {
            tenant: TenantView::of(tenant),
            notice: &notice,
        };
        let text = render_text_in(state, &tenant.theme, locale, "email_notice.txt", &mail)?;
        let html = render_text_in(state, &tenant.theme, locale, "email_notice.html", &mail)?;
        for recipient in to {
            state
                .store
                .queue_mail(&NewMailMessage {
                    tenant_id: tenant.id,
                    kind: notice.kind.into(),
                    mail: RenderedMail {
                        recipient: recipient.email.clone(),
                        subject: notice.subject.clone(),
                        body_text: text.clone(),
                        body_html: Some(html.clone()),
                    },
                    now,
                })
                .await?;
        }
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
                .map(|m| m.account);
            let (account_name, account_locale) =
                account.map(|a| (a.name, a.locale)).unwrap_or_default();
            let to: Vec<Recipient> = payers
                .iter()
                .map(|m| Recipient {
                    email: m.user.email.as_str().to_string(),
                    locale: Locale::for_mail(
                        m.user.locale,
                        account_locale,
                        tenant.settings.default_locale,
                    ),
                })
                .collect();
            let url = state.public_origin.as_ref().map(|origin| {
                format!(
                    "{}/autopay",
                    origin.replace("{tenant}", tenant.slug.as_str())
                )
            });
            let account = ("account", account_name);
            let compose = |w: &Words<'_>| {
                let button = url
                    .as_ref()
                    .map(|u| (w.say("notice-autopay-button", &[]), u.clone()));
                match notice {
                    AutopayNotice::Failed {
                        invoice,
                        amount,
                        method,
                        message,
                        ..
                    } => {
                        let number = ("number", invoice.clone());
                        let method = method
                            .clone()
                            .unwrap_or_else(|| w.say("autopay-removed-method", &[]));
                        Notice {
                            kind: "autopay",
                            subject: w.say("notice-autopay-failed", std::slice::from_ref(&number)),
                            heading: w.say("notice-autopay-failed", std::slice::from_ref(&number)),
                            paragraphs: vec![
                                w.say(
                                    "notice-autopay-failed-text",
                                    &[
                                        number,
                                        ("amount", w.locale.format_money(*amount)),
                                        account.clone(),
                                        ("method", method),
                                    ],
                                ),
                                w.say("notice-autopay-retry", &[]),
                            ],
                            quote: (!message.is_empty()).then(|| {
                                match super::i18n::decline_key(message) {
                                    Some(key) => w.say(key, &[]),
                                    None => message.clone(),
                                }
                            }),
                            button,
                        }
                    }
                    AutopayNotice::Suspended { failures, .. } => Notice {
                        kind: "autopay",
                        subject: w.say(
                            "notice-autopay-stopped-subject",
                            std::slice::from_ref(&account),
                        ),
                        heading: w.say("notice-autopay-stopped", &[]),
                        paragraphs: vec![
                            w.count(
                                "notice-autopay-stopped-text",
                                *failures,
                                std::slice::from_ref(&account),
                            ),
                            w.say("notice-autopay-stopped-next", &[]),
                        ],
                        quote: None,
                        button,
                    },
                }
            };
            send(state, &tenant, &to, compose).await
        };
        if let Err(e) = sent.await {
            tracing::error!(error = %e, "an AutoPay notice could not be queued");
        }
    }
}
