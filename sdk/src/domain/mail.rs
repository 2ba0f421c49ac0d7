//! The mail queue's one message type.

use super::*;

/// A message waiting in the queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedMail {
    pub id: i64,
    pub tenant_id: TenantId,
    /// `receipt`, `invitation`, … (names the `.eml` file and the message id).
    pub kind: String,
    pub created_at: i64,
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
        user_id: UserId,
        account_id: AccountId,
        /// The payment's external id.
        payment_key: String,
    },
}

/// A message's recipient, subject and plain-text body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedMail {
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
}

/// A rendered message to queue.
#[derive(Debug, Clone)]
pub struct NewMailMessage {
    pub tenant_id: TenantId,
    pub kind: String,
    pub mail: RenderedMail,
    pub now: i64,
}
