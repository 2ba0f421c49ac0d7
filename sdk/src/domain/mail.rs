//! The mail queue's one message type.

use super::*;

/// A message waiting in the queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedMail {
    /// The message's id.
    pub id: i64,
    /// The tenant it is from.
    pub tenant_id: TenantId,
    /// `receipt`, `invitation`, … (names the `.eml` file and the message id).
    pub kind: String,
    /// When it was queued (Unix seconds).
    pub created_at: i64,
    /// Delivery attempts that failed so far.
    pub attempts: i64,
    /// What it holds.
    pub content: MailContent,
}

/// What a queued message holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailContent {
    /// Rendered when it was queued.
    Rendered(RenderedMail),
    /// A payment's receipt, queued inside the payment's own transaction (where nothing can be rendered), rendered
    /// from the tenant's theme when it is delivered.
    Receipt {
        /// The user it goes to.
        user_id: UserId,
        /// The account that paid.
        account_id: AccountId,
        /// The payment's external id.
        payment_key: String,
        /// Where the payer reached the portal, for a link to the receipt page (unknown for older checkouts and
        /// portals without a public origin).
        portal_url: Option<String>,
    },
}

/// A message's recipient, subject and plain-text body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedMail {
    /// The address it goes to.
    pub recipient: String,
    /// The subject line.
    pub subject: String,
    /// The plain-text body.
    pub body_text: String,
    /// The HTML body, if the message has one.
    pub body_html: Option<String>,
}

/// A rendered message to queue.
#[derive(Debug, Clone)]
pub struct NewMailMessage {
    /// The tenant it is from.
    pub tenant_id: TenantId,
    /// `invitation`, `sign_in_link`, …
    pub kind: String,
    /// The message.
    pub mail: RenderedMail,
    /// Now (Unix seconds).
    pub now: i64,
}
