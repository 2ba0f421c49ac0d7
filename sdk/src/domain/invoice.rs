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

/// What an invoice list asks for: a status filter, an optional number search, and where its page starts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InvoiceQuery {
    /// In which order.
    pub sort: InvoiceSort,
    /// Which invoices.
    pub filter: InvoiceFilter,
    /// Only invoices whose number contains this text, ignoring case (`1001` and `inv-1001` find `INV-1001`).
    pub number_search: Option<String>,
    /// Where the page starts.
    pub at: InvoiceCursor,
    /// How many to return.
    pub limit: i64,
}

/// An invoice's place in a list's order: for [`InvoiceSort::Newest`] its issue date and id, for
/// [`InvoiceSort::DueFirst`] whether it is open (open ones come first), its due date and id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvoiceKey {
    /// Open (a balance left, not void); the due-first order's first group.
    pub open: bool,
    /// The date the list is ordered by.
    pub date: Date,
    /// The invoice.
    pub id: InvoiceId,
}

impl InvoiceKey {
    /// The key of `invoice` in a list ordered by `sort`.
    pub fn of(invoice: &Invoice, sort: InvoiceSort) -> InvoiceKey {
        InvoiceKey {
            open: !invoice.voided && invoice.paid.minor() < invoice.total.minor(),
            date: match sort {
                InvoiceSort::Newest => invoice.issued_on,
                InvoiceSort::DueFirst => invoice.due_on,
            },
            id: invoice.id,
        }
    }

    /// The key as a URL parameter's value (`2026-11-30_1234_o`, `o` open or `c` not).
    pub fn token(&self) -> String {
        let group = if self.open { 'o' } else { 'c' };
        format!("{}_{}_{group}", self.date, self.id.0)
    }

    /// Reads a key's token (from [`InvoiceKey::token`]); `None` if it isn't one.
    pub fn parse(token: &str) -> Option<InvoiceKey> {
        let mut parts = token.splitn(3, '_');
        let format = time::macros::format_description!("[year]-[month]-[day]");
        let date = Date::parse(parts.next()?, &format).ok()?;
        let id = InvoiceId(parts.next()?.parse().ok()?);
        let open = match parts.next() {
            Some("c") => false,
            Some("o") | None => true,
            Some(_) => return None,
        };
        Some(InvoiceKey { open, date, id })
    }
}

/// Where a page of an invoice list starts. Paging by key (not by a count of rows to skip) costs the same at any
/// depth: the store reads from the key's place in an index.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum InvoiceCursor {
    /// The list's beginning.
    #[default]
    First,
    /// The invoices after this one, in the list's order (the next page).
    After(InvoiceKey),
    /// The invoices before this one (the previous page).
    Before(InvoiceKey),
}

/// A page of an invoice list, with the keys of its neighbouring pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoicePage {
    /// The page's invoices, in the list's order, without their lines.
    pub items: Vec<Invoice>,
    /// The next page starts after this key, if there is one.
    pub next: Option<InvoiceKey>,
    /// The previous page ends before this key, if there is one.
    pub prev: Option<InvoiceKey>,
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
