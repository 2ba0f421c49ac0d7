//! An import batch: the records of an import file (or an API write) once validated, ready for the store to write,
//! and what an import answers — how much it wrote, or the first bad field.

use super::*;

/// A refused import: the JSON path of the bad field and why, e.g.
/// `invoices[3].lines[0].unit_price: "12,5" is not a decimal amount`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct ImportError {
    /// Where in the file (`invoices[3].lines[0].amount`).
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// The kind of problem.
    pub kind: ImportErrorKind,
}

/// What is wrong with the record, for callers that answer differently (the REST API's 400, 404 and 409).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportErrorKind {
    /// The value itself is not acceptable.
    Invalid,
    /// It refers to an account or invoice that does not exist.
    UnknownReference,
    /// It contradicts what is stored (e.g. another currency for an existing account).
    Conflict,
}

impl ImportError {
    /// An invalid value at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> ImportError {
        ImportError {
            path: path.into(),
            message: message.into(),
            kind: ImportErrorKind::Invalid,
        }
    }

    /// A reference to an account or invoice that does not exist.
    pub fn unknown(path: impl Into<String>, message: impl Into<String>) -> ImportError {
        ImportError {
            kind: ImportErrorKind::UnknownReference,
            ..ImportError::new(path, message)
        }
    }

    /// A value that contradicts what is stored.
    pub fn conflict(path: impl Into<String>, message: impl Into<String>) -> ImportError {
        ImportError {
            kind: ImportErrorKind::Conflict,
            ..ImportError::new(path, message)
        }
    }
}

/// How many records of each kind an import wrote (inserted or updated).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Accounts written.
    pub accounts: u64,
    /// Contacts written.
    pub contacts: u64,
    /// Invoices written.
    pub invoices: u64,
    /// Payments written.
    pub payments: u64,
    /// Subscriptions written.
    pub subscriptions: u64,
    /// Estimates written.
    pub estimates: u64,
}

/// A validated import, ready to write. Each list keeps the file's order, so index `i` of `invoices` is
/// `invoices[i]` in the file and errors found while writing can name their path.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    /// Accounts to create or update.
    pub accounts: Vec<AccountRecord>,
    /// Contacts with their memberships.
    pub contacts: Vec<ContactRecord>,
    /// Invoices with their lines.
    pub invoices: Vec<InvoiceRecord>,
    /// Offline payments with their allocations.
    pub payments: Vec<PaymentRecord>,
    /// Subscriptions.
    pub subscriptions: Vec<SubscriptionRecord>,
    /// Estimates with their lines.
    pub estimates: Vec<EstimateRecord>,
}

impl Batch {
    /// How many records the batch holds.
    pub fn record_count(&self) -> u64 {
        (self.accounts.len()
            + self.contacts.len()
            + self.invoices.len()
            + self.payments.len()
            + self.subscriptions.len()
            + self.estimates.len()) as u64
    }
}

#[derive(Debug, Clone)]
/// An account in an import file.
pub struct AccountRecord {
    /// The vendor's id.
    pub external_id: String,
    /// The customer's name.
    pub name: String,
    /// The billing currency.
    pub currency: Currency,
    /// The billing address, if given (`None` keeps what is stored).
    pub address: Option<String>,
    /// The language of its mail, if given (`None` keeps what is stored, `Some(None)` clears it).
    pub locale: Option<Option<crate::locale::Locale>>,
}

#[derive(Debug, Clone)]
/// A contact (user) in an import file, with the accounts they belong to.
pub struct ContactRecord {
    /// Their email.
    pub email: Email,
    /// Their name.
    pub name: String,
    /// (account external id, roles)
    pub memberships: Vec<(String, Roles)>,
}

#[derive(Debug, Clone)]
/// An invoice in an import file.
pub struct InvoiceRecord {
    /// Its number, unique per tenant.
    pub number: String,
    /// The owning account's external id.
    pub account: String,
    /// When it was issued.
    pub issued_on: Date,
    /// When it is due.
    pub due_on: Date,
    /// The customer's purchase order number.
    pub po_number: Option<String>,
    /// Its currency (the account's).
    pub currency: Currency,
    /// Its lines.
    pub lines: Vec<InvoiceLine>,
    /// Before tax.
    pub subtotal: Money,
    /// Tax.
    pub tax: Money,
    /// What is owed in all.
    pub total: Money,
}

#[derive(Debug, Clone)]
/// An offline payment (check, wire, cash…) in an import file.
pub struct PaymentRecord {
    /// The file's `id`, or `type:reference` when the file gives none, so a re-import updates instead of duplicating.
    pub external_id: String,
    /// The paying account's external id.
    pub account: String,
    /// How much.
    pub amount: Money,
    /// Check, wire, cash…
    pub kind: PaymentType,
    /// The check number or bank reference.
    pub reference: Option<String>,
    /// When it was received.
    pub paid_on: Date,
    /// (invoice number, amount)
    pub allocations: Vec<(String, Money)>,
}
