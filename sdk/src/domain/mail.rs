//! Mail waiting in the queue.

use super::*;

/// A message in the outbox (today: payment receipts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedMail {
    pub id: i64,
    pub tenant_id: TenantId,
    pub kind: String,
    pub user_id: UserId,
    pub account_id: AccountId,
    pub payment_key: String,
    pub created_at: i64,
}

/// A rendered message to queue.
#[derive(Debug, Clone)]
pub struct NewMailMessage {
    pub tenant_id: TenantId,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub now: i64,
}

/// A queued message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailMessage {
    pub id: i64,
    pub tenant_id: TenantId,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub created_at: i64,
}
