//! Comments on invoices: a thread between the customer's users and the vendor, and the "needs attention" flag a
//! customer's comment raises for the vendor.

use super::*;

/// The longest comment accepted, in characters.
pub const COMMENT_MAX_CHARS: usize = 2000;

/// Who wrote a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CommentAuthor {
    /// A user of the invoice's account, in the portal.
    Customer,
    /// The vendor, through the API (shown with the tenant's name).
    Vendor,
}

impl CommentAuthor {
    /// As stored and in the API (`customer`, `vendor`).
    pub fn as_str(&self) -> &'static str {
        match self {
            CommentAuthor::Customer => "customer",
            CommentAuthor::Vendor => "vendor",
        }
    }

    /// The stored word back as a type.
    pub fn parse(s: &str) -> Result<CommentAuthor, Invalid> {
        match s {
            "customer" => Ok(CommentAuthor::Customer),
            "vendor" => Ok(CommentAuthor::Vendor),
            other => Err(Invalid(format!("unknown comment author {other:?}"))),
        }
    }
}

/// A comment's text: trimmed, not empty, at most [`COMMENT_MAX_CHARS`] characters, no control characters other
/// than line breaks and tabs. Shown as plain text (escaped, links not made clickable).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentBody(String);

impl CommentBody {
    /// Checks a comment as typed; the error is the sentence to show.
    pub fn parse(text: &str) -> Result<CommentBody, Invalid> {
        let text = text.replace("\r\n", "\n");
        let text = text.trim();
        if text.is_empty() {
            return Err(Invalid("Write a comment first.".into()));
        }
        let chars = text.chars().count();
        if chars > COMMENT_MAX_CHARS {
            return Err(Invalid(format!(
                "A comment can be at most {COMMENT_MAX_CHARS} characters; this one has {chars}."
            )));
        }
        if text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
        {
            return Err(Invalid(
                "The comment contains control characters; type it as plain text.".into(),
            ));
        }
        Ok(CommentBody(text.to_string()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A comment in an invoice's thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// Its id in this store (the API's `cmt_<id>`).
    pub id: i64,
    /// The invoice's number.
    pub invoice_number: String,
    /// Customer or vendor.
    pub author: CommentAuthor,
    /// The customer user who wrote it.
    pub user_id: Option<UserId>,
    /// The name shown: the user's name (or email), or the tenant's name for the vendor.
    pub author_name: String,
    /// The text.
    pub body: String,
    /// When (Unix seconds).
    pub created_at: i64,
}

impl Comment {
    /// The id in the API and webhooks (`cmt_…`).
    pub fn public_id(&self) -> String {
        format!("cmt_{}", self.id)
    }
}

/// A comment to add to an invoice's thread.
#[derive(Debug, Clone)]
pub struct NewComment<'a> {
    /// Customer or vendor.
    pub author: CommentAuthor,
    /// The customer user writing it (`None` for the vendor).
    pub user_id: Option<UserId>,
    /// The name to show.
    pub author_name: &'a str,
    /// The customer user's email (for the vendor's webhook).
    pub author_email: Option<&'a str>,
    /// The text.
    pub body: &'a CommentBody,
    /// For a vendor reply: also clear the invoice's "needs attention" flag.
    pub resolve: bool,
    /// When (Unix seconds).
    pub now: i64,
}
