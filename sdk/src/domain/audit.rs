//! The audit log and who acted.

use super::*;

/// Who did something, for the audit log: a portal user in a session, or the vendor (CLI, SDK).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The user who acted, if a portal user did.
    pub user: Option<UserId>,
    /// The user's email, or `vendor` / `vendor (cli)`.
    pub name: String,
    /// A short, non-secret id of the session it came from.
    pub session: Option<String>,
}

impl Actor {
    /// The vendor acting through `via` (`api`, `cli`, `import`).
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
    /// The tenant it happened in.
    pub tenant_id: TenantId,
    /// The account it concerns, if one.
    pub account_id: Option<AccountId>,
    /// Who did it.
    pub actor: &'a Actor,
    /// e.g. `payment_method.added`, `member.roles_changed`.
    pub action: &'a str,
    /// What changed, in words (`Visa •••• 4242`, `pat@x.example: viewer → accounting`).
    pub detail: String,
    /// When (Unix seconds).
    pub now: i64,
}

/// One audit log entry as read back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    /// The entry's id.
    pub id: i64,
    /// The account's external id, if the entry concerns one.
    pub account: Option<String>,
    /// Who did it, for display.
    pub actor: String,
    /// A short fingerprint of the session it came from, for a portal user.
    pub session: Option<String>,
    /// What happened (`payment.succeeded`, `member.invited`, …).
    pub action: String,
    /// The details, as text.
    pub detail: String,
    /// When (Unix seconds).
    pub created_at: i64,
}
