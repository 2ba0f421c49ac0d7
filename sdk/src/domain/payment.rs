//! Payments, their types and statuses, and what Payment History shows.

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PaymentType {
    Card,
    Ach,
    Check,
    Wire,
    Cash,
    Other,
}

impl PaymentType {
    pub const ALL: [PaymentType; 6] = [
        PaymentType::Card,
        PaymentType::Ach,
        PaymentType::Check,
        PaymentType::Wire,
        PaymentType::Cash,
        PaymentType::Other,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            PaymentType::Card => "card",
            PaymentType::Ach => "ach",
            PaymentType::Check => "check",
            PaymentType::Wire => "wire",
            PaymentType::Cash => "cash",
            PaymentType::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Result<PaymentType, Invalid> {
        PaymentType::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| {
                Invalid(format!(
                    "{s:?} is not a payment type (use card, ach, check, wire, cash or other)"
                ))
            })
    }

    /// What Payment History shows in its Type column.
    pub fn label(&self) -> &'static str {
        match self {
            PaymentType::Card => "Credit card",
            PaymentType::Ach => "ACH",
            PaymentType::Check => "Check",
            PaymentType::Wire => "Wire",
            PaymentType::Cash => "Cash",
            PaymentType::Other => "Other",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PaymentStatus {
    Pending,
    Succeeded,
    Failed,
    Refunded,
}

impl PaymentStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            PaymentStatus::Pending => "pending",
            PaymentStatus::Succeeded => "succeeded",
            PaymentStatus::Failed => "failed",
            PaymentStatus::Refunded => "refunded",
        }
    }

    pub fn parse(s: &str) -> Result<PaymentStatus, Invalid> {
        [
            PaymentStatus::Pending,
            PaymentStatus::Succeeded,
            PaymentStatus::Failed,
            PaymentStatus::Refunded,
        ]
        .into_iter()
        .find(|t| t.as_str() == s)
        .ok_or_else(|| Invalid(format!("{s:?} is not a payment status")))
    }
}

/// One row of Payment History: a payment's allocation to one invoice (a payment split over several invoices
/// shows once per invoice; an unallocated payment shows once with no invoice).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentHistoryRow {
    pub payment_id: PaymentId,
    /// The payment's key (its external id), which names its receipt.
    pub payment_key: String,
    pub paid_on: Date,
    pub invoice_number: Option<String>,
    pub amount: Money,
    pub kind: PaymentType,
    /// How a portal payment was made (`Visa •••• 4242`); `None` for payments the vendor recorded.
    pub method_label: Option<String>,
    pub reference: Option<String>,
    pub status: PaymentStatus,
}

/// A payment as stored, with its allocations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    pub id: PaymentId,
    pub account_id: AccountId,
    pub external_id: String,
    pub amount: Money,
    pub kind: PaymentType,
    pub reference: Option<String>,
    pub paid_on: Date,
    pub status: PaymentStatus,
    pub allocations: Vec<Allocation>,
    pub created_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allocation {
    pub invoice_number: String,
    pub amount: Money,
}
