//! Sending an invoice: a themed email (HTML and text, from `email_invoice.html` / `.txt`) to each of the account's
//! contacts, with the amount, the due date and a **View Invoice** button. The button's link signs the contact in
//! narrowly — that account only, landing on that invoice, with a session limited to viewing and paying it — and
//! works, as often as needed, until it expires (30 days by default). The vendor learns of it as `invoice.sent`.

use serde::Serialize;

use super::context::TenantView;
use super::mail::render_text_in;
use super::session::hash_token;
use super::PortalState;
use crate::domain::{
    Actor, DomainEvent, InvoiceSent, LinkPurpose, NewAuditEntry, NewMailMessage, NewSignInLink,
    RenderedMail, SessionScope, Tenant,
};
use crate::secrets::random_token;
use crate::store::StoreError;

/// Why an invoice could not be sent.
#[derive(Debug, thiserror::Error)]
pub enum SendInvoiceError {
    /// No invoice with this number in the tenant.
    #[error("no invoice {0:?}")]
    UnknownInvoice(String),
    /// The invoice's account has no contact with a role to send it to.
    #[error("the account has no contacts to send invoice {0:?} to")]
    NoRecipients(String),
    /// The invoice is void.
    #[error("invoice {0:?} is void")]
    Void(String),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The email could not be rendered, or a token made.
    #[error("{0}")]
    Mail(String),
}

#[derive(Serialize)]
struct InvoiceMail<'a> {
    tenant: TenantView<'a>,
    number: &'a str,
    account_name: &'a str,
    balance: String,
    due_on: String,
    issued_on: String,
    url: &'a str,
    valid_days: i64,
}

/// Emails invoice `number` to its account's contacts, each with their own View Invoice link into `portal_url`
/// (where the portal is reachable, e.g. `https://acme.portal.example.com`), valid `valid_days`. Returns the
/// addresses it went to.
pub(crate) async fn send_invoice(
    state: &PortalState,
    tenant: &Tenant,
    number: &str,
    portal_url: &str,
    valid_days: i64,
    actor: &Actor,
) -> Result<Vec<String>, SendInvoiceError> {
    let store = &state.store;
    let unknown = || SendInvoiceError::UnknownInvoice(number.to_string());
    let invoice = store
        .invoice(tenant.id, number)
        .await?
        .ok_or_else(unknown)?;
    if invoice.voided {
        return Err(SendInvoiceError::Void(number.to_string()));
    }
    let (_, external_id, _) = store
        .invoice_owners(tenant.id, &[number.to_string()])
        .await?
        .into_iter()
        .next()
        .ok_or_else(unknown)?;
    let account = store
        .accounts_by_external_ids(tenant.id, std::slice::from_ref(&external_id))
        .await?
        .into_iter()
        .next()
        .ok_or_else(unknown)?;
    let contacts: Vec<_> = store
        .account_members(tenant.id, account.id)
        .await?
        .into_iter()
        .filter(|m| !m.roles.is_empty())
        .collect();
    if contacts.is_empty() {
        return Err(SendInvoiceError::NoRecipients(number.to_string()));
    }
    let now = state.now();
    let portal_url = portal_url.trim_end_matches('/');
    let mut recipients = Vec::new();
    for contact in contacts {
        let token = random_token::<32>("").map_err(|e| SendInvoiceError::Mail(e.to_string()))?;
        let url = format!("{portal_url}/view/{token}");
        let locale = crate::locale::Locale::for_mail(
            contact.user.locale,
            account.locale,
            tenant.settings.default_locale,
        );
        let mail = InvoiceMail {
            tenant: TenantView::of(tenant),
            number: &invoice.number,
            account_name: &account.name,
            balance: locale.format_money(invoice.balance()),
            due_on: locale.format_date(invoice.due_on),
            issued_on: locale.format_date(invoice.issued_on),
            url: &url,
            valid_days,
        };
        let render = |template: &str| {
            render_text_in(state, &tenant.theme, locale, template, &mail)
                .map_err(|e| SendInvoiceError::Mail(e.to_string()))
        };
        let subject = {
            let mut args = fluent_bundle::FluentArgs::new();
            args.set("number", invoice.number.clone());
            args.set("vendor", tenant.name.clone());
            args.set("amount", mail.balance.clone());
            args.set("due", mail.due_on.clone());
            state
                .themes
                .get(&tenant.theme)
                .catalog(locale)
                .message("invoice-mail-subject", Some(&args))
                .unwrap_or_else(|| format!("Invoice {}", invoice.number))
        };
        let email = contact.user.email.as_str().to_string();
        store
            .create_sign_in_link(
                &NewSignInLink {
                    tenant_id: tenant.id,
                    user_id: contact.user.id,
                    account_id: account.id,
                    token_hash: hash_token(&token),
                    expires_at: now + valid_days * 86_400,
                    purpose: LinkPurpose::ViewInvoice,
                    scope: Some(SessionScope::Invoice(invoice.number.clone())),
                    now,
                },
                &NewMailMessage {
                    tenant_id: tenant.id,
                    kind: "invoice".into(),
                    mail: RenderedMail {
                        recipient: email.clone(),
                        subject,
                        body_text: render("email_invoice.txt")?,
                        body_html: Some(render("email_invoice.html")?),
                    },
                    now,
                },
            )
            .await?;
        recipients.push(email);
    }
    let event = DomainEvent::InvoiceSent(InvoiceSent {
        number: invoice.number.clone(),
        account: account.external_id.clone(),
        recipients: recipients.clone(),
    });
    store
        .record_event(
            tenant.id,
            &event,
            &NewAuditEntry {
                tenant_id: tenant.id,
                account_id: Some(account.id),
                actor,
                action: "invoice.sent",
                detail: format!("{} to {}", invoice.number, recipients.join(", ")),
                now,
            },
        )
        .await?;
    Ok(recipients)
}
