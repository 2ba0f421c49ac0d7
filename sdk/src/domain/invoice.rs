//! Invoices, their lines and badges, and how the portal filters them.

use super::*;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceLine {
    pub description: String,
    pub quantity: Decimal,
    pub unit_price: Money,
    pub amount: Money,
}

/// The status badge customers see on an invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Badge {
    Paid,
    PastDue,
    Unpaid,
    Void,
}

impl Badge {
    pub fn label(&self) -> &'static str {
        match self {
            Badge::Paid => "Paid",
            Badge::PastDue => "Past Due",
            Badge::Unpaid => "Unpaid",
            Badge::Void => "Void",
        }
    }
}

/// An invoice's header and totals; `lines` is empty when listed, filled when fetched one by one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invoice {
    pub id: InvoiceId,
    pub account_id: AccountId,
    pub number: String,
    pub issued_on: Date,
    pub due_on: Date,
    pub currency: Currency,
    pub subtotal: Money,
    pub tax: Money,
    pub total: Money,
    /// Sum of succeeded payments allocated to this invoice.
    pub paid: Money,
    /// Held by checkouts in progress and ACH payments not yet settled: not payable again until released.
    pub reserved: Money,
    pub voided: bool,
    pub lines: Vec<InvoiceLine>,
}

impl Invoice {
    /// What is still owed; never negative because the store refuses over-allocation.
    pub fn balance(&self) -> Money {
        Money::from_minor(
            self.total.minor().saturating_sub(self.paid.minor()).max(0),
            self.currency,
        )
    }

    pub fn badge(&self, today: Date, past_due_after_days: u32) -> Badge {
        if self.voided {
            Badge::Void
        } else if self.balance().is_zero() {
            Badge::Paid
        } else if (today - self.issued_on).whole_days() > i64::from(past_due_after_days) {
            Badge::PastDue
        } else {
            Badge::Unpaid
        }
    }
}

/// Which invoices a list shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceFilter {
    #[default]
    All,
    /// Balance above zero (Unpaid and Past Due).
    Open,
    Paid,
}

/// What an invoice list asks for: a status filter, an optional number prefix, and a page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InvoiceQuery {
    pub filter: InvoiceFilter,
    /// Only invoices whose number starts with this text (exact case).
    pub number_prefix: Option<String>,
    pub offset: i64,
    pub limit: i64,
}

/// Which invoices an API listing wants.
#[derive(Debug, Clone, Default)]
pub struct ApiInvoiceFilter {
    pub account: Option<AccountId>,
    /// `open`, `paid` or `void`.
    pub status: Option<String>,
    /// Changed at or after this time (Unix seconds).
    pub updated_since: Option<i64>,
}
