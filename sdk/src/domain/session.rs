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
    /// What a narrow session may see (a View Invoice link, a vendor's scoped link); `None`: everything the user's
    /// roles allow.
    pub scope: Option<SessionScope>,
}

/// What a narrow session may open. Anything else answers with the sign-in page, not data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SessionScope {
    /// One invoice: its page, its PDF, paying it, and the checkout and receipt of that payment.
    Invoice(String),
    /// Paying: the invoices, paying them, the history and receipts.
    Pay,
    /// The account's saved payment methods.
    PaymentMethods,
    /// The account's subscriptions (a "Manage Subscription" link), and saving a method for them.
    Subscriptions,
}

/// How long a narrow session lasts at most (seconds), however active.
pub const SCOPED_SESSION_SECS: i64 = 60 * 60;

impl SessionScope {
    /// Reads `invoice:<number>`, `pay`, `payment_methods` or `subscriptions`.
    pub fn parse(s: &str) -> Result<SessionScope, Invalid> {
        match s.trim() {
            "pay" => Ok(SessionScope::Pay),
            "payment_methods" | "payment-methods" => Ok(SessionScope::PaymentMethods),
            "subscriptions" => Ok(SessionScope::Subscriptions),
            other => match other.strip_prefix("invoice:") {
                Some(number) if !number.trim().is_empty() => {
                    Ok(SessionScope::Invoice(number.trim().to_string()))
                }
                _ => Err(Invalid(format!(
                    "unknown scope {other:?}: use invoice:<number>, pay, payment_methods or subscriptions"
                ))),
            },
        }
    }

    /// The stored and wire form (`invoice:INV-1001`).
    pub fn to_storage(&self) -> String {
        match self {
            SessionScope::Invoice(number) => format!("invoice:{number}"),
            SessionScope::Pay => "pay".to_string(),
            SessionScope::PaymentMethods => "payment_methods".to_string(),
            SessionScope::Subscriptions => "subscriptions".to_string(),
        }
    }

    /// Where a session with this scope lands (a path inside the portal, before escaping).
    pub fn landing(&self) -> Vec<String> {
        match self {
            SessionScope::Invoice(number) => vec!["invoices".into(), number.clone()],
            SessionScope::Pay => Vec::new(),
            SessionScope::PaymentMethods => vec!["payment-methods".into()],
            SessionScope::Subscriptions => vec!["subscriptions".into()],
        }
    }

    /// Whether a request for the portal path with these (decoded) segments is within the scope.
    pub fn allows(&self, segments: &[String]) -> bool {
        let s: Vec<&str> = segments.iter().map(String::as_str).collect();
        // Paying, once started, and signing out are part of every scope that can pay.
        let payment_flow = matches!(
            s.as_slice(),
            ["checkout", ..] | ["sandbox", "checkout", ..] | ["receipts", ..]
        );
        match self {
            SessionScope::Invoice(number) => {
                payment_flow
                    || s == ["logout"]
                    || matches!(s.as_slice(), ["invoices", n] | ["invoices", n, "pdf" | "pay" | "comments"] if n == number)
            }
            SessionScope::Pay => {
                payment_flow
                    || matches!(
                        s.as_slice(),
                        [] | ["logout"]
                            | ["pay"]
                            | ["payments"]
                            | ["invoices", _]
                            | ["invoices", _, "pdf" | "pay" | "comments"]
                    )
            }
            SessionScope::PaymentMethods => {
                matches!(s.as_slice(), ["logout"] | ["payment-methods", ..])
            }
            // "Manage Subscription" links: the subscriptions, and saving a method to charge them to.
            SessionScope::Subscriptions => matches!(
                s.as_slice(),
                ["logout"] | ["subscriptions", ..] | ["payment-methods", ..]
            ),
        }
    }
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
    /// The scope of the session it starts (`None`: a full session).
    pub scope: Option<SessionScope>,
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
    /// Opens one invoice from an invoice email, as often as needed until it expires.
    ViewInvoice,
}

/// What using a link grants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkGrant {
    /// The user it signs in.
    pub user_id: UserId,
    /// The account it opens.
    pub account_id: AccountId,
    /// The scope of the session it starts.
    pub scope: Option<SessionScope>,
}

impl LinkPurpose {
    /// The purpose's name in storage.
    pub fn as_str(&self) -> &'static str {
        match self {
            LinkPurpose::SignIn => "sign_in",
            LinkPurpose::PasswordReset => "password_reset",
            LinkPurpose::ViewInvoice => "view_invoice",
        }
    }

    /// Whether using the link uses it up (a View Invoice link works until it expires).
    pub fn single_use(&self) -> bool {
        !matches!(self, LinkPurpose::ViewInvoice)
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
