//! Estimates (quotes): the vendor pushes them; the customer approves one (typing their name and accepting its
//! terms, then paying its deposit if it asks for one) or declines it. An open estimate past its expiry date is
//! **Expired** and can't be approved.

use super::*;

/// Where an estimate stands, as stored (`Expired` is worked out from the date: see [`Estimate::state`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EstimateStatus {
    /// Waiting for the customer.
    Open,
    /// The customer approved it.
    Approved,
    /// The customer declined it.
    Declined,
    /// The vendor invoiced it (after approval).
    Invoiced,
}

impl EstimateStatus {
    /// As stored and in the API.
    pub fn as_str(&self) -> &'static str {
        match self {
            EstimateStatus::Open => "open",
            EstimateStatus::Approved => "approved",
            EstimateStatus::Declined => "declined",
            EstimateStatus::Invoiced => "invoiced",
        }
    }

    /// The stored word back.
    pub fn parse(s: &str) -> Result<EstimateStatus, Invalid> {
        match s {
            "open" => Ok(EstimateStatus::Open),
            "approved" => Ok(EstimateStatus::Approved),
            "declined" => Ok(EstimateStatus::Declined),
            "invoiced" => Ok(EstimateStatus::Invoiced),
            other => Err(Invalid(format!("{other:?} is not an estimate status"))),
        }
    }
}

/// An estimate with its lines (empty when listed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Estimate {
    /// Its id in this store.
    pub id: i64,
    /// Its number, unique per tenant (`EST-1001`).
    pub number: String,
    /// The account it is for.
    pub account_id: AccountId,
    /// The account's external id.
    pub account_external_id: String,
    /// When it was issued.
    pub issued_on: Date,
    /// The last day it can be approved.
    pub expires_on: Date,
    /// Before tax.
    pub subtotal: Money,
    /// Tax.
    pub tax: Money,
    /// The whole price.
    pub total: Money,
    /// What must be paid up front on approval (zero: nothing).
    pub deposit: Money,
    /// The vendor's terms, accepted on approval.
    pub terms: Option<String>,
    /// As stored.
    pub status: EstimateStatus,
    /// The name or initials typed to approve it.
    pub approved_name: Option<String>,
    /// Who approved or declined it.
    pub decided_by: Option<UserId>,
    /// When (Unix seconds).
    pub decided_at: Option<i64>,
    /// From which address.
    pub decided_from: Option<String>,
    /// Why it was declined.
    pub decline_reason: Option<String>,
    /// The deposit's invoice, made on approval.
    pub deposit_invoice: Option<String>,
    /// Its lines.
    pub lines: Vec<InvoiceLine>,
}

impl Estimate {
    /// `open`, `approved`, `declined`, `expired` or `invoiced`, as of `today`.
    pub fn state(&self, today: Date) -> &'static str {
        if self.status == EstimateStatus::Open && today > self.expires_on {
            "expired"
        } else {
            self.status.as_str()
        }
    }

    /// Whether it can still be approved or declined on `today`.
    pub fn decidable(&self, today: Date) -> bool {
        self.status == EstimateStatus::Open && today <= self.expires_on
    }
}

/// An estimate pushed by the vendor, validated; upserted by number while it is open.
#[derive(Debug, Clone)]
pub struct EstimateRecord {
    /// Its number.
    pub number: String,
    /// The account's external id.
    pub account: String,
    /// When it was issued.
    pub issued_on: Date,
    /// The last day it can be approved.
    pub expires_on: Date,
    /// Its lines.
    pub lines: Vec<InvoiceLine>,
    /// Before tax.
    pub subtotal: Money,
    /// Tax.
    pub tax: Money,
    /// The whole price.
    pub total: Money,
    /// Due on approval (zero: none).
    pub deposit: Money,
    /// Terms the customer accepts.
    pub terms: Option<String>,
    /// The vendor says it has invoiced it (only after approval).
    pub invoiced: bool,
}

/// A customer's decision on an estimate.
#[derive(Debug, Clone)]
pub enum EstimateDecision {
    /// Approved: the name or initials they typed; with a deposit, its invoice's number and due date.
    Approve {
        /// What they typed.
        name: String,
        /// The deposit invoice to create (number, due date), when the estimate asks for a deposit.
        deposit_invoice: Option<(String, Date)>,
    },
    /// Declined, perhaps saying why.
    Decline {
        /// Why.
        reason: Option<String>,
    },
}

/// Who decided, when and from where.
#[derive(Debug, Clone)]
pub struct Decider<'a> {
    /// The user.
    pub user: UserId,
    /// Their email (for the vendor's webhook).
    pub email: &'a str,
    /// Their client address.
    pub from: Option<String>,
    /// The request's date.
    pub today: Date,
}
