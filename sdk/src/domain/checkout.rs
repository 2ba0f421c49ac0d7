//! Checkouts: an online payment from the amount reserved to the gateway's result.

use super::*;

/// Where a checkout is: `Open` (amount reserved, waiting for the customer), `Charging` (a gateway call is in flight
/// or unconfirmed), `Settling` (ACH accepted, not settled), `Paid`, or `Released` (the reservation was given back).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckoutState {
    Open,
    Charging,
    Settling,
    Paid,
    Released,
}

impl CheckoutState {
    pub fn as_str(&self) -> &'static str {
        match self {
            CheckoutState::Open => "open",
            CheckoutState::Charging => "charging",
            CheckoutState::Settling => "settling",
            CheckoutState::Paid => "paid",
            CheckoutState::Released => "released",
        }
    }

    pub fn parse(s: &str) -> Result<CheckoutState, Invalid> {
        [
            CheckoutState::Open,
            CheckoutState::Charging,
            CheckoutState::Settling,
            CheckoutState::Paid,
            CheckoutState::Released,
        ]
        .into_iter()
        .find(|c| c.as_str() == s)
        .ok_or_else(|| Invalid(format!("unknown checkout state {s:?}")))
    }
}

/// A payment being made in the portal: the amount, reserved against invoices' balances until paid or released.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkout {
    pub id: CheckoutId,
    /// Unguessable id used in URLs.
    pub public_id: String,
    pub tenant_id: TenantId,
    pub account_id: AccountId,
    pub user_id: UserId,
    pub amount: Money,
    /// `card` or `ach`.
    pub method: String,
    pub state: CheckoutState,
    pub attempts: i64,
    pub created_at: i64,
    pub expires_at: i64,
    /// (invoice, its number, amount reserved on it), oldest invoice first.
    pub allocations: Vec<(InvoiceId, String, Money)>,
}

/// A checkout to create. Allocations are reserved in invoice-id order (a fixed lock order).
#[derive(Debug, Clone)]
pub struct NewCheckout {
    pub public_id: String,
    pub tenant_id: TenantId,
    pub account_id: AccountId,
    pub user_id: UserId,
    pub amount: Money,
    pub method: String,
    pub allocations: Vec<(InvoiceId, Money)>,
    pub created_at: i64,
    pub expires_at: i64,
}

/// The payment row a charge attempt starts with (status `pending`).
#[derive(Debug, Clone)]
pub struct NewPortalPayment {
    pub kind: PaymentType,
    pub gateway: String,
    pub method_label: String,
    pub paid_on: Date,
    pub now: i64,
}

/// How a charge attempt ended, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChargeResult {
    Succeeded {
        reference: String,
    },
    /// Accepted (ACH); stays pending until settled or returned.
    Accepted {
        reference: String,
    },
    /// Nothing was charged; the checkout is open for another try.
    Failed {
        message: String,
    },
    /// An accepted ACH debit came back: the reservation is released and the balance reopens.
    Returned {
        reference: String,
    },
}

/// A portal payment with the gateway call not yet confirmed (for reconciliation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnconfirmedPayment {
    pub tenant_id: TenantId,
    pub payment_id: PaymentId,
    pub idempotency_key: String,
    pub checkout_state: CheckoutState,
    /// The gateway the attempt was sent to (`sandbox`, `stripe`, `authorize_net`).
    pub gateway: String,
    /// When the attempt was sent to the gateway.
    pub charged_at: Option<i64>,
}
