//! The audit log and who acted.

use super::*;

/// Who did something, for the audit log: a portal user in a session, or the vendor (CLI, SDK).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user: Option<UserId>,
    /// The user's email, or `vendor` / `vendor (cli)`.
    pub name: String,
    /// A short, non-secret id of the session it came from.
    pub session: Option<String>,
}

impl Actor {
    pub fn vendor(via: &str) -> Actor {
        Actor {
            user: None,
            name: format!("vendor ({via})"),
            session: None,
        }
    }
}

/// One audit log entry to write.
#[derive(Debug, Clone)]
pub struct NewAuditEntry<'a> {
    pub tenant_id: TenantId,
    pub account_id: Option<AccountId>,
    pub actor: &'a Actor,
    /// e.g. `payment_method.added`, `member.roles_changed`.
    pub action: &'a str,
    /// What changed, in words (`Visa •••• 4242`, `pat@x.example: viewer → accounting`).
    pub detail: String,
    pub now: i64,
}

/// One audit log entry as read back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub account: Option<String>,
    pub actor: String,
    pub session: Option<String>,
    pub action: String,
    pub detail: String,
    pub created_at: i64,
}
