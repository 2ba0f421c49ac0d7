//! Account statements: what was owed at the start of a period, what was invoiced and paid during it, in date
//! order with a running balance, and what was owed at its end.

use time::Date;

use super::PaymentType;
use crate::money::{Money, MoneyError};

/// What the store reads for a statement of one account over `from..=to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementActivity {
    /// Invoiced before the period (not void).
    pub invoiced_before: Money,
    /// Paid before the period (payments that went through).
    pub paid_before: Money,
    /// Invoices issued in the period, oldest first.
    pub invoices: Vec<StatementInvoice>,
    /// Payments made in the period that went through, oldest first.
    pub payments: Vec<StatementPayment>,
}

/// An invoice on a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementInvoice {
    /// Its number.
    pub number: String,
    /// When it was issued.
    pub issued_on: Date,
    /// When it is due.
    pub due_on: Date,
    /// Its total.
    pub total: Money,
}

/// A payment on a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementPayment {
    /// The tenant's receipt number, if it has one.
    pub receipt_number: Option<i64>,
    /// The check number or gateway transaction.
    pub reference: Option<String>,
    /// How it was made.
    pub kind: PaymentType,
    /// When it was made.
    pub paid_on: Date,
    /// How much.
    pub amount: Money,
}

/// What a statement line is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatementItem {
    /// An invoice issued.
    Invoice {
        /// Its number.
        number: String,
    },
    /// A payment made.
    Payment {
        /// Its receipt number (`R-000012`), once it has one.
        receipt: Option<String>,
        /// How it was made.
        kind: PaymentType,
        /// The check number or gateway transaction.
        reference: Option<String>,
    },
}

/// One line of a statement's activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementLine {
    /// The invoice's or payment's date.
    pub date: Date,
    /// `Invoice INV-1001`, `Payment R-000012 (check CHK-5521)` (English, for the CSV).
    pub description: String,
    /// What the line is, for describing it in another language.
    pub item: StatementItem,
    /// Charged (an invoice).
    pub charge: Option<Money>,
    /// Credited (a payment).
    pub credit: Option<Money>,
    /// The balance after this line.
    pub balance: Money,
}

/// A statement: the opening balance, the period's lines in date order (invoices before payments on the same day),
/// and the closing balance (= opening + charges − credits).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// Owed at the start of the period.
    pub opening: Money,
    /// The period's activity.
    pub lines: Vec<StatementLine>,
    /// Everything invoiced in the period.
    pub charges: Money,
    /// Everything paid in the period.
    pub credits: Money,
    /// Owed at the end of the period.
    pub closing: Money,
}

impl Statement {
    /// Puts the period's activity in date order with a running balance. Fails only if a sum overflows.
    pub fn of(activity: &StatementActivity) -> Result<Statement, MoneyError> {
        let opening = activity.invoiced_before.checked_sub(activity.paid_before)?;
        let currency = opening.currency();
        let mut entries: Vec<(Date, u8, String, StatementItem, Money)> = Vec::new();
        for i in &activity.invoices {
            let item = StatementItem::Invoice {
                number: i.number.clone(),
            };
            entries.push((
                i.issued_on,
                0,
                format!("Invoice {}", i.number),
                item,
                i.total,
            ));
        }
        for p in &activity.payments {
            let receipt = p
                .receipt_number
                .map(|n| format!(" {}", super::receipt_label(n)))
                .unwrap_or_default();
            let reference = match &p.reference {
                Some(r) => format!(" ({} {r})", p.kind.label()),
                None => format!(" ({})", p.kind.label()),
            };
            let item = StatementItem::Payment {
                receipt: p.receipt_number.map(super::receipt_label),
                kind: p.kind,
                reference: p.reference.clone(),
            };
            entries.push((
                p.paid_on,
                1,
                format!("Payment{receipt}{reference}"),
                item,
                p.amount,
            ));
        }
        entries.sort_by_key(|e| (e.0, e.1));
        let mut balance = opening;
        let mut charges = Money::zero(currency);
        let mut credits = Money::zero(currency);
        let mut lines = Vec::with_capacity(entries.len());
        for (date, kind, description, item, amount) in entries {
            let (charge, credit) = if kind == 0 {
                balance = balance.checked_add(amount)?;
                charges = charges.checked_add(amount)?;
                (Some(amount), None)
            } else {
                balance = balance.checked_sub(amount)?;
                credits = credits.checked_add(amount)?;
                (None, Some(amount))
            };
            lines.push(StatementLine {
                date,
                description,
                item,
                charge,
                credit,
                balance,
            });
        }
        Ok(Statement {
            opening,
            lines,
            charges,
            credits,
            closing: balance,
        })
    }
}
