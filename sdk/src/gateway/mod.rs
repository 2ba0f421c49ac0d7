//! Payment gateways behind one small trait. Card and bank numbers go to the gateway's hosted page; Billfold holds
//! only the one-time token the page hands back, and charges it server-side with an idempotency key, so a retry of
//! the same charge is answered from the gateway's record instead of charging again.

pub mod authorize_net;
pub mod config;
pub mod sandbox;
pub mod stripe;

use async_trait::async_trait;

use crate::money::Money;

/// How the customer pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MethodKind {
    /// A card.
    Card,
    /// A US bank account, debited by ACH.
    BankAccount,
}

impl MethodKind {
    /// The kind's name in forms and storage (`card`, `ach`).
    pub fn as_str(&self) -> &'static str {
        match self {
            MethodKind::Card => "card",
            MethodKind::BankAccount => "ach",
        }
    }

    /// Reads a kind's name.
    pub fn parse(s: &str) -> Option<MethodKind> {
        match s {
            "card" => Some(MethodKind::Card),
            "ach" => Some(MethodKind::BankAccount),
            _ => None,
        }
    }
}

/// A charge of a one-time token.
#[derive(Debug, Clone)]
pub struct ChargeRequest<'a> {
    /// Unique per attempt; the gateway answers a repeat with the first result.
    pub idempotency_key: &'a str,
    /// How much to charge.
    pub amount: Money,
    /// The gateway's token or saved method for the card or account.
    pub token: &'a str,
    /// The gateway's customer when `token` is a method saved for them (Stripe customer, CIM profile).
    pub customer: Option<&'a str>,
    /// What the customer's statement and the gateway's dashboard show.
    pub description: &'a str,
    /// The customer is not present (AutoPay): the gateway is told so (Stripe's `off_session`), and can't ask the
    /// customer's bank to confirm.
    pub off_session: bool,
}

/// What the gateway says about a charge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChargeOutcome {
    /// Money moved (cards).
    Succeeded {
        /// The gateway's transaction id.
        transaction_id: String,
    },
    /// Accepted, settles later (ACH).
    Pending {
        /// The gateway's transaction id.
        transaction_id: String,
    },
    /// Refused; nothing was charged. `message` is fit to show the customer.
    Declined {
        /// Why, fit to show the customer.
        message: String,
    },
    /// An ACH debit came back after being accepted.
    Returned {
        /// The gateway's transaction id.
        transaction_id: String,
    },
    /// The card's bank wants the customer (3-D Secure): nothing is charged until they confirm in the browser with
    /// the gateway's script, using `client_secret`.
    NeedsAuthentication {
        /// The gateway's transaction id.
        transaction_id: String,
        /// What the gateway's browser script confirms with.
        client_secret: String,
    },
}

/// The gateway could not answer; whether money moved is unknown until reconciliation asks again.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum GatewayError {
    #[error("the gateway did not answer in time")]
    /// No answer within the HTTP client's timeout.
    Timeout,
    #[error("the gateway is unavailable: {0}")]
    /// Down, or answered with an error of its own.
    Unavailable(String),
    #[error("the gateway's answer was malformed: {0}")]
    /// Answered something that could not be read.
    Malformed(String),
    #[error("the payment token is unknown or was used")]
    /// The token is not one the gateway issued, or it was used.
    BadToken,
    #[error("this gateway can't keep payment methods yet")]
    /// The operation is not offered by this gateway.
    Unsupported,
}

/// A payment method the gateway keeps for a customer: its references and display facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VaultedMethod {
    /// The gateway's customer holding it, if it has customers.
    pub customer_ref: Option<String>,
    /// The gateway's id for the method.
    pub reference: String,
    /// Card or bank account.
    pub kind: MethodKind,
    /// Card brand or bank name.
    pub brand: String,
    /// The last four digits.
    pub last4: String,
    /// A card's expiry month.
    pub exp_month: Option<u8>,
    /// A card's expiry year.
    pub exp_year: Option<u16>,
}

/// Who a method is saved for.
#[derive(Debug, Clone)]
pub struct VaultCustomer<'a> {
    /// The gateway's customer already standing for the account, if any.
    pub existing: Option<&'a str>,
    /// The account's external id (the gateway's customer description).
    pub account_external_id: &'a str,
    /// The account's name.
    pub account_name: &'a str,
    /// Unique per save attempt; the gateway answers a repeat with the first result.
    pub idempotency_key: &'a str,
}

/// What saving a method came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveOutcome {
    /// Kept: the references to store.
    Saved(VaultedMethod),
    /// Refused (e.g. the card was declined on verification); `message` is fit for the customer.
    Declined {
        /// Why, fit to show the customer.
        message: String,
    },
    /// The card's bank wants the customer before the card can be kept (3-D Secure): the browser runs the
    /// gateway's step with `client_secret`, then [`Gateway::finish_save`] reads the result.
    NeedsAuthentication {
        /// The gateway's customer created for it.
        customer_ref: String,
        /// The gateway's id for the pending setup.
        setup_reference: String,
        /// What the gateway's browser script confirms with.
        client_secret: String,
    },
}

/// Display facts about a tokenized method (never the number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    /// Card or bank account.
    pub kind: MethodKind,
    /// e.g. `Visa •••• 4242`, `Bank account •••• 6789`.
    pub label: String,
}

#[async_trait]
/// A payment gateway: the built-in sandbox, Stripe or Authorize.Net.
pub trait Gateway: Send + Sync {
    /// The gateway's name in storage (`sandbox`, `stripe`, `authorize_net`).
    fn name(&self) -> &'static str;
    /// What a token stands for, to show before charging.
    async fn token_info(&self, token: &str) -> Result<TokenInfo, GatewayError>;
    /// Charges `request`; a repeat of its idempotency key answers the first result.
    async fn charge(&self, request: &ChargeRequest<'_>) -> Result<ChargeOutcome, GatewayError>;
    /// The gateway's record of the charge made with `idempotency_key`, if it ever received it (reconciliation).
    async fn lookup(&self, idempotency_key: &str) -> Result<Option<ChargeOutcome>, GatewayError>;

    /// Keeps the method `token` stands for, for the customer (created at the gateway if `existing` is `None`).
    async fn save_method(
        &self,
        _customer: &VaultCustomer<'_>,
        _token: &str,
    ) -> Result<SaveOutcome, GatewayError> {
        Err(GatewayError::Unsupported)
    }

    /// How a save that needed the customer's bank ([`SaveOutcome::NeedsAuthentication`]) ended: the gateway's
    /// record, checked to belong to `customer_ref`.
    async fn finish_save(
        &self,
        _customer_ref: &str,
        _setup_reference: &str,
    ) -> Result<SaveOutcome, GatewayError> {
        Err(GatewayError::Unsupported)
    }

    /// Deletes a saved method at the gateway.
    async fn remove_method(
        &self,
        _customer_ref: Option<&str>,
        _reference: &str,
    ) -> Result<(), GatewayError> {
        Err(GatewayError::Unsupported)
    }
}

/// Splits a display label `Visa •••• 4242` into brand and last four.
/// The HTTP client for calls to remote gateways, each bounded by `timeout`. Build it once per process and share it
/// (it holds the connection pool and the TLS roots): [`config::GatewayConfig::build`] hands it to every gateway.
pub fn http_client(timeout: std::time::Duration) -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(timeout)
        .build()
        .unwrap_or_else(|_| reqwest::Client::new())
}

/// Splits a method's label into brand and last four (`Visa •••• 4242` → `Visa`, `4242`).
pub fn split_label(label: &str) -> (String, String) {
    match label.rsplit_once(" •••• ") {
        Some((brand, last4)) => (brand.to_string(), last4.to_string()),
        None => (label.to_string(), String::new()),
    }
}

/// A failed HTTP exchange with a gateway: a timeout is told apart, since whether it reached the gateway is unknown.
pub(crate) fn transport_error(e: reqwest::Error) -> GatewayError {
    if e.is_timeout() {
        GatewayError::Timeout
    } else {
        GatewayError::Unavailable(e.without_url().to_string())
    }
}
