//! Payments, their types and statuses, and what Payment History shows.

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
/// How a payment was made.
pub enum PaymentType {
    /// A card, through the gateway.
    Card,
    /// A bank account debit (ACH), through the gateway.
    Ach,
    /// A check.
    Check,
    /// A wire transfer.
    Wire,
    /// Cash.
    Cash,
    /// Anything else.
    Other,
}

impl PaymentType {
    /// Every payment type.
    pub const ALL: [PaymentType; 6] = [
        PaymentType::Card,
        PaymentType::Ach,
        PaymentType::Check,
        PaymentType::Wire,
        PaymentType::Cash,
        PaymentType::Other,
    ];

    /// The type's name in storage and the API (`card`, `ach`, `check`, …).
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

    /// Reads a type's name.
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
/// Where a payment is.
pub enum PaymentStatus {
    /// Sent to the gateway, or an ACH debit settling.
    Pending,
    /// The money arrived.
    Succeeded,
    /// The gateway declined it or the bank returned it.
    Failed,
    /// Given back.
    Refunded,
}

impl PaymentStatus {
    /// The status's name in storage and the API.
    pub fn as_str(&self) -> &'static str {
        match self {
            PaymentStatus::Pending => "pending",
            PaymentStatus::Succeeded => "succeeded",
            PaymentStatus::Failed => "failed",
            PaymentStatus::Refunded => "refunded",
        }
    }

    /// Reads a status's name.
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
    /// The payment.
    pub payment_id: PaymentId,
    /// The payment's key (its external id), which names its receipt.
    pub payment_key: String,
    /// When it was made.
    pub paid_on: Date,
    /// The invoice this row allocates to, if any.
    pub invoice_number: Option<String>,
    /// How much of the payment.
    pub amount: Money,
    /// How it was made.
    pub kind: PaymentType,
    /// How a portal payment was made (`Visa •••• 4242`); `None` for payments the vendor recorded.
    pub method_label: Option<String>,
    /// The reference (check number, gateway transaction).
    pub reference: Option<String>,
    /// Where it is.
    pub status: PaymentStatus,
    /// The tenant's number for the payment's receipt, once it went through.
    pub receipt_number: Option<i64>,
}

/// Where a page of Payment History starts (keyset pagination: every page costs the same however far back it is).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HistoryCursor {
    /// The newest payments.
    Newest,
    /// The payments made before this one (by date, then id).
    Older(Date, PaymentId),
    /// The payments made after this one.
    Newer(Date, PaymentId),
}

impl HistoryCursor {
    /// The cursor as a URL parameter's value (`2026-11-30_1234`).
    pub fn token(&self) -> Option<String> {
        match self {
            HistoryCursor::Newest => None,
            HistoryCursor::Older(d, id) | HistoryCursor::Newer(d, id) => {
                Some(format!("{d}_{}", id.0))
            }
        }
    }

    /// Reads a cursor's token (from [`HistoryCursor::token`]); `older` says which way it points.
    pub fn parse(token: &str, older: bool) -> Option<HistoryCursor> {
        let (date, id) = token.split_once('_')?;
        let format = time::macros::format_description!("[year]-[month]-[day]");
        let date = Date::parse(date, &format).ok()?;
        let id = PaymentId(id.parse().ok()?);
        Some(if older {
            HistoryCursor::Older(date, id)
        } else {
            HistoryCursor::Newer(date, id)
        })
    }
}

/// A page of Payment History: its rows (newest first) and where the pages beside it start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryPage {
    /// The rows, one per allocation, newest payment first.
    pub rows: Vec<PaymentHistoryRow>,
    /// The older payments' page, if there are any.
    pub older: Option<HistoryCursor>,
    /// The newer payments' page, if there are any.
    pub newer: Option<HistoryCursor>,
}

/// A payment as stored, with its allocations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    /// The payment's id in this store.
    pub id: PaymentId,
    /// The paying account.
    pub account_id: AccountId,
    /// The vendor's or the portal's id for it (the idempotency key of a portal payment).
    pub external_id: String,
    /// How much.
    pub amount: Money,
    /// How it was made.
    pub kind: PaymentType,
    /// The reference (check number, gateway transaction).
    pub reference: Option<String>,
    /// When it was made.
    pub paid_on: Date,
    /// Where it is.
    pub status: PaymentStatus,
    /// What each invoice got.
    pub allocations: Vec<Allocation>,
    /// When it was recorded.
    pub created_at: OffsetDateTime,
    /// The tenant's number for its receipt, once it went through (see [`Payment::receipt_label`]).
    pub receipt_number: Option<i64>,
}

/// A receipt number as people see it: `R-000123`.
pub fn receipt_label(number: i64) -> String {
    format!("R-{number:06}")
}

impl Payment {
    /// The receipt's number as people see it: `R-000123`.
    pub fn receipt_label(&self) -> Option<String> {
        self.receipt_number.map(receipt_label)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
/// Part of a payment applied to one invoice.
pub struct Allocation {
    /// The invoice's number.
    pub invoice_number: String,
    /// How much it got.
    pub amount: Money,
}
