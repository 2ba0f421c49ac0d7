//! What a payment may be: amounts typed in the customer's convention and checked against what is left and the
//! tenant's rules, and chosen invoices allocated oldest first.

use super::*;

/// The smallest partial payment a customer may make: one major unit (e.g. $1.00), or the balance if less.
fn minimum_partial(balance: Money) -> Money {
    let one = Money::from_minor(
        10i64.pow(u32::from(balance.currency().exponent())),
        balance.currency(),
    );
    if balance.minor() < one.minor() {
        balance
    } else {
        one
    }
}

/// What is left to pay on an invoice after what is paid and what checkouts and unsettled payments hold.
pub fn available(invoice: &Invoice) -> Money {
    Money::from_minor(
        (invoice.balance().minor() - invoice.reserved.minor()).max(0),
        invoice.currency,
    )
}

/// What is wrong with a typed amount. Displayed in English; the portal says it in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountProblem {
    /// Separators in the wrong places for the locale (`100,50` in English, `100.50` in German).
    #[error("{}", if *comma_decimals { format!("Use a comma for decimals, like {example}.") } else { format!("Use a point for decimals and commas only between thousands, like {example}.") })]
    Separators {
        /// An amount written the locale's way (`336,98`).
        example: String,
        /// Whether the locale writes decimals with a comma.
        comma_decimals: bool,
    },
    /// Not an amount at all, or too many decimals.
    #[error("Enter an amount like {example} (up to {decimals} decimals).")]
    Unreadable {
        /// An amount written the locale's way.
        example: String,
        /// The currency's decimals.
        decimals: u8,
    },
    /// Zero or less.
    #[error("Enter an amount above zero.")]
    NotPositive,
    /// More than is left to pay on the invoice (or the chosen invoices).
    #[error("That is more than {} of {}. Enter {} or less.", if *chosen { "the chosen invoices' balance" } else { "the balance" }, left.format(), left.format())]
    MoreThanLeft {
        /// What is left.
        left: Money,
        /// Whether several chosen invoices were paid together.
        chosen: bool,
    },
    /// Partial payments are off and the amount isn't the whole balance.
    #[error("Invoices are paid in full here: the amount is {}.", left.format())]
    WholeOnly {
        /// What is left.
        left: Money,
    },
    /// Less than the smallest partial payment.
    #[error("The smallest payment is {}.", minimum.format())]
    BelowMinimum {
        /// The smallest payment.
        minimum: Money,
    },
}

/// Why chosen invoices can't be paid together.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SelectionProblem {
    /// Nothing ticked.
    #[error("Choose at least one invoice to pay.")]
    NoneChosen,
    /// A chosen invoice is paid (or gone).
    #[error("Invoice {0} has nothing left to pay. Choose your invoices again.")]
    NothingLeft(String),
    /// A chosen invoice is held by another payment.
    #[error(
        "Invoice {0} is already being paid. Leave it out, or wait until that payment is done."
    )]
    BeingPaid(String),
}

/// The allocations of a payment of the chosen invoices: oldest first, each in full, the last one reached in part
/// when the customer typed less than the total (where the tenant allows partial payments).
pub(super) async fn select(
    store: &dyn Store,
    tenant: &Tenant,
    account: &Account,
    numbers: &[String],
    amount: Option<&str>,
    locale: Locale,
) -> Result<Vec<(InvoiceId, Money)>, PayError> {
    if numbers.is_empty() {
        return Err(PayError::Selection(SelectionProblem::NoneChosen));
    }
    let open = store
        .open_invoices_oldest_first(tenant.id, account.id)
        .await?;
    let chosen: Vec<&Invoice> = open
        .iter()
        .filter(|i| numbers.contains(&i.number))
        .collect();
    if let Some(missing) = numbers
        .iter()
        .find(|n| !chosen.iter().any(|i| &i.number == *n))
    {
        return Err(PayError::Selection(SelectionProblem::NothingLeft(
            missing.clone(),
        )));
    }
    if let Some(held) = chosen.iter().find(|i| available(i).is_zero()) {
        return Err(PayError::Selection(SelectionProblem::BeingPaid(
            held.number.clone(),
        )));
    }
    let total = Money::checked_sum(account.currency, chosen.iter().map(|i| available(i)))
        .map_err(|_| PayError::Internal)?;
    let wanted = match amount.map(str::trim).filter(|a| !a.is_empty()) {
        None => total,
        Some(typed) => within(parse_amount(typed, total, locale)?, total, true, tenant)?,
    };
    let mut left = wanted.minor();
    let mut parts = Vec::new();
    for invoice in chosen {
        if left == 0 {
            break;
        }
        let part = available(invoice).minor().min(left);
        left -= part;
        parts.push((invoice.id, Money::from_minor(part, invoice.currency)));
    }
    Ok(parts)
}

/// Reads what the customer typed as an amount in `example`'s currency, in the customer's `locale`'s convention
/// (`$1,234.50` or `1234.50` in English, `1.234,50` or `1234,50` in German), never a decimal separator read as a
/// thousands one, and above zero.
pub(super) fn parse_amount(typed: &str, example: Money, locale: Locale) -> Result<Money, PayError> {
    let currency = example.currency();
    let example = locale.format_plain(example);
    let amount = locale.parse_amount(typed, currency).map_err(|e| {
        PayError::Amount(match e {
            crate::money::MoneyError::Grouping(_) => AmountProblem::Separators {
                example,
                comma_decimals: locale != Locale::En,
            },
            _ => AmountProblem::Unreadable {
                example,
                decimals: currency.exponent(),
            },
        })
    })?;
    if amount.minor() <= 0 {
        return Err(PayError::Amount(AmountProblem::NotPositive));
    }
    Ok(amount)
}

/// Checks a typed amount against what is left to pay (of one invoice, or of several `chosen` together) and the
/// tenant's rules: not above it, the whole of it where partial payments are off, at least the minimum.
pub(super) fn within(
    amount: Money,
    left: Money,
    chosen: bool,
    tenant: &Tenant,
) -> Result<Money, PayError> {
    if amount.minor() > left.minor() {
        return Err(PayError::Amount(AmountProblem::MoreThanLeft {
            left,
            chosen,
        }));
    }
    if !tenant.settings.partial_payments && amount != left {
        return Err(PayError::Amount(AmountProblem::WholeOnly { left }));
    }
    let minimum = minimum_partial(left);
    if amount.minor() < minimum.minor() {
        return Err(PayError::Amount(AmountProblem::BelowMinimum { minimum }));
    }
    Ok(amount)
}
