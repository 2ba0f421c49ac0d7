//! Checkouts: an online payment from the amount reserved to the gateway's result.

use super::*;

/// Where a checkout is: `Open` (amount reserved, waiting for the customer), `Charging` (a gateway call is in flight
/// or unconfirmed), `Settling` (ACH accepted, not settled), `Paid`, or `Released` (the reservation was given back).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckoutState {
    /// Reserved; waiting for the payer's card or bank details.
    Open,
    /// A charge is being made at the gateway.
    Charging,
    /// Charged; an ACH debit is settling.
    Settling,
    /// Paid: the allocations are on the invoices.
    Paid,
    /// Released: failed, cancelled or expired; its reservation was given back.
    Released,
}

impl CheckoutState {
    /// The state's name in storage.
    pub fn as_str(&self) -> &'static str {
        match self {
            CheckoutState::Open => "open",
            CheckoutState::Charging => "charging",
            CheckoutState::Settling => "settling",
            CheckoutState::Paid => "paid",
            CheckoutState::Released => "released",
        }
    }

    /// Reads a stored state.
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
    /// The checkout's id in this store.
    pub id: CheckoutId,
    /// Unguessable id used in URLs.
    pub public_id: String,
    /// The tenant.
    pub tenant_id: TenantId,
    /// The account being paid.
    pub account_id: AccountId,
    /// The user paying.
    pub user_id: UserId,
    /// The amount reserved.
    pub amount: Money,
    /// `card` or `ach`.
    pub method: String,
    /// Where it is.
    pub state: CheckoutState,
    /// How many charges were attempted.
    pub attempts: i64,
    /// When it was opened (Unix seconds).
    pub created_at: i64,
    /// When its reservation lapses (Unix seconds).
    pub expires_at: i64,
    /// (invoice, its number, amount reserved on it), oldest invoice first.
    pub allocations: Vec<(InvoiceId, String, Money)>,
}

/// A checkout to create. Allocations are reserved in invoice-id order (a fixed lock order).
#[derive(Debug, Clone)]
pub struct NewCheckout {
    /// The id in URLs (`chk_…`).
    pub public_id: String,
    /// The tenant.
    pub tenant_id: TenantId,
    /// The account being paid.
    pub account_id: AccountId,
    /// The user paying.
    pub user_id: UserId,
    /// The amount to reserve.
    pub amount: Money,
    /// `card` or `ach`.
    pub method: String,
    /// What each invoice gets, summing to `amount`.
    pub allocations: Vec<(InvoiceId, Money)>,
    /// Now (Unix seconds).
    pub created_at: i64,
    /// When the reservation lapses (Unix seconds).
    pub expires_at: i64,
}

/// The payment row a charge attempt starts with (status `pending`).
#[derive(Debug, Clone)]
pub struct NewPortalPayment {
    /// Card or ACH.
    pub kind: PaymentType,
    /// The gateway charged (`sandbox`, `stripe`, `authorize_net`).
    pub gateway: String,
    /// What the receipt calls the method (`Visa •••• 4242`).
    pub method_label: String,
    /// The payment's date.
    pub paid_on: Date,
    /// Now (Unix seconds).
    pub now: i64,
}

/// How a charge attempt ended, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChargeResult {
    /// The gateway took the money.
    Succeeded {
        /// The gateway's transaction id.
        reference: String,
    },
    /// Accepted (ACH); stays pending until settled or returned.
    Accepted {
        /// The gateway's transaction id.
        reference: String,
    },
    /// Nothing was charged; the checkout is open for another try.
    Failed {
        /// Why, in words the payer can read.
        message: String,
    },
    /// An accepted ACH debit came back: the reservation is released and the balance reopens.
    Returned {
        /// The gateway's transaction id.
        reference: String,
    },
}

/// A portal payment with the gateway call not yet confirmed (for reconciliation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnconfirmedPayment {
    /// The tenant.
    pub tenant_id: TenantId,
    /// The payment.
    pub payment_id: PaymentId,
    /// The key the gateway knows the charge by.
    pub idempotency_key: String,
    /// Where its checkout is.
    pub checkout_state: CheckoutState,
    /// The gateway the attempt was sent to (`sandbox`, `stripe`, `authorize_net`).
    pub gateway: String,
    /// When the attempt was sent to the gateway.
    pub charged_at: Option<i64>,
}
