//! The import file's `estimates`: quotes for the customer to approve or decline (upserted by `number` while open).

use std::collections::HashMap;

use serde::Deserialize;

use super::{
    account_currency, amount, currency, date, priced_lines, required, DecimalString, Known, RawLine,
};
use crate::domain::{EstimateRecord, ImportError};
use crate::money::Money;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawEstimate {
    number: String,
    account: String,
    issued_on: String,
    expires_on: String,
    currency: String,
    #[serde(default)]
    tax: Option<DecimalString>,
    /// Due on approval.
    #[serde(default)]
    deposit: Option<DecimalString>,
    #[serde(default)]
    terms: Option<String>,
    /// `open` (the default) or `invoiced` (once the customer approved it).
    #[serde(default)]
    status: Option<String>,
    lines: Vec<RawLine>,
}

impl RawEstimate {
    pub(super) fn account(&self) -> &str {
        &self.account
    }
}

pub(super) fn validate(
    raw: Vec<RawEstimate>,
    known: &Known,
) -> Result<Vec<EstimateRecord>, ImportError> {
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut out = Vec::with_capacity(raw.len());
    for (i, e) in raw.into_iter().enumerate() {
        let p = format!("estimates[{i}]");
        let number = required(&e.number, &format!("{p}.number"))?;
        if let Some(earlier) = seen.insert(number.clone(), format!("{p}.number")) {
            return Err(ImportError::new(
                format!("{p}.number"),
                format!("{number:?} appears more than once in the file (also at {earlier})"),
            ));
        }
        let account_cur = account_currency(known, &e.account, &format!("{p}.account"))?;
        let cur = currency(&e.currency, &format!("{p}.currency"))?;
        if cur != account_cur {
            return Err(ImportError::conflict(
                format!("{p}.currency"),
                format!(
                    "{:?} does not match account {:?}, which bills in {account_cur}",
                    e.currency, e.account
                ),
            ));
        }
        let issued_on = date(&e.issued_on, &format!("{p}.issued_on"))?;
        let expires_on = date(&e.expires_on, &format!("{p}.expires_on"))?;
        if expires_on < issued_on {
            return Err(ImportError::new(
                format!("{p}.expires_on"),
                format!(
                    "{:?} is before the issue date {:?}",
                    e.expires_on, e.issued_on
                ),
            ));
        }
        let (lines, subtotal, tax, total) = priced_lines(e.lines, e.tax.as_ref(), cur, &p)?;
        let deposit = match &e.deposit {
            None => Money::zero(cur),
            Some(d) => amount(&d.0, cur, &format!("{p}.deposit"))?,
        };
        if deposit.is_negative() || deposit.minor() > total.minor() {
            return Err(ImportError::new(
                format!("{p}.deposit"),
                format!("a deposit is between 0 and the estimate's total of {total}"),
            ));
        }
        let terms = e
            .terms
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty());
        if terms.as_ref().is_some_and(|t| t.chars().count() > 5000) {
            return Err(ImportError::new(
                format!("{p}.terms"),
                "terms are at most 5000 characters",
            ));
        }
        let invoiced = match e.status.as_deref() {
            None | Some("open") => false,
            Some("invoiced") => true,
            Some(other) => {
                return Err(ImportError::new(
                    format!("{p}.status"),
                    format!("{other:?}: a vendor sets an estimate open or invoiced (customers approve and decline)"),
                ))
            }
        };
        out.push(EstimateRecord {
            number,
            account: e.account,
            issued_on,
            expires_on,
            lines,
            subtotal,
            tax,
            total,
            deposit,
            terms,
            invoiced,
        });
    }
    Ok(out)
}
