//! Invoices, their lines and badges, and how the portal filters them.

use super::*;

#[derive(Debug, Clone, PartialEq, Eq)]
/// One line of an invoice.
pub struct InvoiceLine {
    /// What was billed.
    pub description: String,
    /// How many.
    pub quantity: Decimal,
    /// The price of one.
    pub unit_price: Money,
    /// The line's total.
    pub amount: Money,
}

/// The status badge customers see on an invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Badge {
    /// Nothing left to pay.
    Paid,
    /// Open and past its due date.
    PastDue,
    /// Open and not yet due.
    Unpaid,
    /// Voided by the vendor.
    Void,
}

impl Badge {
    /// The badge's words (`Past Due`).
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
    /// The invoice's id in this store.
    pub id: InvoiceId,
    /// The account billed.
    pub account_id: AccountId,
    /// Its number, unique per tenant (`INV-1001`).
    pub number: String,
    /// When it was issued.
    pub issued_on: Date,
    /// When it is due.
    pub due_on: Date,
    /// Its currency.
    pub currency: Currency,
    /// Before tax.
    pub subtotal: Money,
    /// Tax.
    pub tax: Money,
    /// What is owed in all.
    pub total: Money,
    /// Sum of succeeded payments allocated to this invoice.
    pub paid: Money,
    /// Held by checkouts in progress and ACH payments not yet settled: not payable again until released.
    pub reserved: Money,
    /// Voided by the vendor: nothing is owed.
    pub voided: bool,
    /// The customer's purchase order number, if they gave one.
    pub po_number: Option<String>,
    /// A customer commented and the vendor has not resolved it yet.
    pub needs_attention: bool,
    /// How many comments its thread holds.
    pub comment_count: i64,
    /// Its lines.
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

    /// The badge to show on `today`: Paid, Void, Past Due once `today` is after the due date with a balance left,
    /// else Unpaid.
    pub fn badge(&self, today: Date) -> Badge {
        if self.voided {
            Badge::Void
        } else if self.balance().is_zero() {
            Badge::Paid
        } else if today > self.due_on {
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
    /// Every invoice.
    All,
    /// Balance above zero (Unpaid and Past Due).
    Open,
    /// Only paid (and void) invoices.
    Paid,
}

/// The order of an invoice list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum InvoiceSort {
    /// Newest issued first (the dashboard's default).
    #[default]
    Newest,
    /// What needs paying first: open invoices by due date (the most overdue first), then the rest.
    DueFirst,
}

/// What an invoice list asks for: a status filter, an optional number prefix, and a page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InvoiceQuery {
    /// In which order.
    pub sort: InvoiceSort,
    /// Which invoices.
    pub filter: InvoiceFilter,
    /// Only invoices whose number contains this text, ignoring case (`1001` and `inv-1001` find `INV-1001`).
    pub number_search: Option<String>,
    /// How many to skip.
    pub offset: i64,
    /// How many to return.
    pub limit: i64,
}

/// Which invoices an API listing wants.
#[derive(Debug, Clone, Default)]
pub struct ApiInvoiceFilter {
    /// Only this account's.
    pub account: Option<AccountId>,
    /// `open`, `paid` or `void`.
    pub status: Option<String>,
    /// Changed at or after this time (Unix seconds).
    pub updated_since: Option<i64>,
    /// Only invoices whose "needs attention" flag is this.
    pub needs_attention: Option<bool>,
}
