//! Portal sessions and emailed sign-in links.

use super::*;

/// A signed-in portal session as stored (the cookie's token is stored only as its SHA-256).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    /// The tenant.
    pub tenant_id: TenantId,
    /// The signed-in user.
    pub user_id: UserId,
    /// The account the session is looking at (switchable among the user's memberships).
    pub account_id: AccountId,
    /// The synchroniser token every form of this session must carry.
    pub csrf_token: String,
    /// Unix seconds.
    pub created_at: i64,
    /// When it was last used (Unix seconds), for the idle timeout.
    pub last_seen_at: i64,
}

/// A single-use sign-in link to store (only its token's hash).
#[derive(Debug, Clone)]
pub struct NewSignInLink {
    /// The tenant.
    pub tenant_id: TenantId,
    /// The user it signs in.
    pub user_id: UserId,
    /// The account it opens.
    pub account_id: AccountId,
    /// SHA-256 of the link's token (the token itself is only in the mail).
    pub token_hash: [u8; 32],
    /// When it stops working (Unix seconds).
    pub expires_at: i64,
    /// What the link does.
    pub purpose: LinkPurpose,
    /// Now (Unix seconds).
    pub now: i64,
}

/// What a single-use link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkPurpose {
    /// Signs the user in (an invitation, or a link they asked for by email).
    SignIn,
    /// Lets the user choose a new password (Forgot Password).
    PasswordReset,
}

impl LinkPurpose {
    /// The purpose's name in storage.
    pub fn as_str(&self) -> &'static str {
        match self {
            LinkPurpose::SignIn => "sign_in",
            LinkPurpose::PasswordReset => "password_reset",
        }
    }
}

/// One of a user's sessions, as Sign-in & security lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserSession {
    /// SHA-256 of the session's cookie token (the token itself is only in the browser).
    pub id_hash: [u8; 32],
    /// When it began (Unix seconds).
    pub created_at: i64,
    /// When it was last used (Unix seconds).
    pub last_seen_at: i64,
}
