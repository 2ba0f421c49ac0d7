//! Portal sessions and emailed sign-in links.

use super::*;

/// A signed-in portal session as stored (the cookie's token is stored only as its SHA-256).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub tenant_id: TenantId,
    pub user_id: UserId,
    /// The account the session is looking at (switchable among the user's memberships).
    pub account_id: AccountId,
    /// The synchroniser token every form of this session must carry.
    pub csrf_token: String,
    /// Unix seconds.
    pub created_at: i64,
    pub last_seen_at: i64,
}

/// A single-use sign-in link to store (only its token's hash).
#[derive(Debug, Clone)]
pub struct NewSignInLink {
    pub tenant_id: TenantId,
    pub user_id: UserId,
    pub account_id: AccountId,
    pub token_hash: [u8; 32],
    pub expires_at: i64,
    pub now: i64,
}
