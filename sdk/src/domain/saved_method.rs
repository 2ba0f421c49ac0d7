//! Saved payment methods (the gateway keeps the card or account; we keep its reference).

use super::*;

/// A payment method saved at the gateway for an account. Billfold holds only the gateway's references and display
/// facts, never the number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedMethod {
    /// The method's id in this store.
    pub id: i64,
    /// The id in the portal's URLs and forms (`spm_…`).
    pub public_id: String,
    /// The account it belongs to.
    pub account_id: AccountId,
    /// The gateway that holds it (`sandbox`, `stripe`, `authorize_net`).
    pub gateway: String,
    /// The gateway's customer (Stripe customer, Authorize.Net customer profile), if it has one.
    pub customer_ref: Option<String>,
    /// The gateway's id for the method (Stripe PaymentMethod, Authorize.Net payment profile, sandbox token).
    pub reference: String,
    /// `card` or `ach`.
    pub kind: String,
    /// Card brand (`Visa`) or bank name.
    pub brand: String,
    /// The last four digits.
    pub last4: String,
    /// A card's expiry month.
    pub exp_month: Option<u8>,
    /// A card's expiry year.
    pub exp_year: Option<u16>,
    /// Whether payments pick it first.
    pub is_default: bool,
    /// When it was saved (Unix seconds).
    pub created_at: i64,
}

/// How soon a card's expiry is, for the flag next to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    /// Not expiring soon.
    Valid,
    /// Expires this month or next.
    Soon,
    /// Already expired.
    Expired,
}

impl SavedMethod {
    /// `Visa •••• 4242`, `Chase •••• 6789`.
    pub fn label(&self) -> String {
        format!("{} •••• {}", self.brand, self.last4)
    }

    /// How soon the card expires, as of `today` (a bank account never does).
    pub fn expiry(&self, today: Date) -> Expiry {
        let (Some(month), Some(year)) = (self.exp_month, self.exp_year) else {
            return Expiry::Valid;
        };
        let now = today.year() * 12 + i32::from(u8::from(today.month())) - 1;
        let expires = i32::from(year) * 12 + i32::from(month) - 1;
        if expires < now {
            Expiry::Expired
        } else if expires <= now + 1 {
            Expiry::Soon
        } else {
            Expiry::Valid
        }
    }
}

/// A method to save.
#[derive(Debug, Clone)]
pub struct NewSavedMethod {
    /// The id in URLs (`spm_…`).
    pub public_id: String,
    /// The tenant.
    pub tenant_id: TenantId,
    /// The account it belongs to.
    pub account_id: AccountId,
    /// The gateway that holds it.
    pub gateway: String,
    /// The gateway's customer, if it has one.
    pub customer_ref: Option<String>,
    /// The gateway's id for the method.
    pub reference: String,
    /// `card` or `ach`.
    pub kind: String,
    /// Card brand or bank name.
    pub brand: String,
    /// The last four digits.
    pub last4: String,
    /// A card's expiry month.
    pub exp_month: Option<u8>,
    /// A card's expiry year.
    pub exp_year: Option<u16>,
    /// The user who saved it, if a portal user did.
    pub created_by: Option<UserId>,
    /// Now (Unix seconds).
    pub now: i64,
}
