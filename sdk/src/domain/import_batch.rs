//! An import batch: the records of an import file (or an API write) once validated, ready for the store to write,
//! and what an import answers — how much it wrote, or the first bad field.

use super::*;

/// A refused import: the JSON path of the bad field and why, e.g.
/// `invoices[3].lines[0].unit_price: "12,5" is not a decimal amount`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct ImportError {
    pub path: String,
    pub message: String,
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
    pub accounts: u64,
    pub contacts: u64,
    pub invoices: u64,
    pub payments: u64,
}

/// A validated import, ready to write. Each list keeps the file's order, so index `i` of `invoices` is
/// `invoices[i]` in the file and errors found while writing can name their path.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    pub accounts: Vec<AccountRecord>,
    pub contacts: Vec<ContactRecord>,
    pub invoices: Vec<InvoiceRecord>,
    pub payments: Vec<PaymentRecord>,
}

impl Batch {
    pub fn record_count(&self) -> u64 {
        (self.accounts.len() + self.contacts.len() + self.invoices.len() + self.payments.len())
            as u64
    }
}

#[derive(Debug, Clone)]
pub struct AccountRecord {
    pub external_id: String,
    pub name: String,
    pub currency: Currency,
}

#[derive(Debug, Clone)]
pub struct ContactRecord {
    pub email: Email,
    pub name: String,
    /// (account external id, roles)
    pub memberships: Vec<(String, Roles)>,
}

#[derive(Debug, Clone)]
pub struct InvoiceRecord {
    pub number: String,
    pub account: String,
    pub issued_on: Date,
    pub due_on: Date,
    pub currency: Currency,
    pub lines: Vec<InvoiceLine>,
    pub subtotal: Money,
    pub tax: Money,
    pub total: Money,
}

#[derive(Debug, Clone)]
pub struct PaymentRecord {
    /// The file's `id`, or `type:reference` when the file gives none, so a re-import updates instead of duplicating.
    pub external_id: String,
    pub account: String,
    pub amount: Money,
    pub kind: PaymentType,
    pub reference: Option<String>,
    pub paid_on: Date,
    /// (invoice number, amount)
    pub allocations: Vec<(String, Money)>,
}
