//! The import file's `subscriptions`: what the vendor's billing engine says about each (upserted by `id`; the
//! vendor's update wins over what the customer changed in the portal).

use std::collections::HashMap;

use serde::Deserialize;

use super::{account_currency, amount, currency, date, required, DecimalString, Known};
use crate::domain::{BillingInterval, ImportError, SubscriptionRecord, SubscriptionStatus};

fn one() -> u32 {
    1
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSubscription {
    id: String,
    account: String,
    plan: String,
    #[serde(default = "one", deserialize_with = "crate::import::whole")]
    quantity: u32,
    unit_amount: DecimalString,
    currency: String,
    interval: String,
    #[serde(default = "one", deserialize_with = "crate::import::whole")]
    interval_count: u32,
    status: String,
    current_period_start: String,
    current_period_end: String,
    #[serde(default)]
    cancel_at_period_end: bool,
    /// RFC 3339, when it ended.
    #[serde(default)]
    canceled_at: Option<String>,
    /// A saved method's id (`spm_…`) on the account, or absent/null to invoice.
    #[serde(default)]
    payment_method: Option<String>,
}

impl RawSubscription {
    pub(super) fn account(&self) -> &str {
        &self.account
    }
}

pub(super) fn validate(
    raw: Vec<RawSubscription>,
    known: &Known,
) -> Result<Vec<SubscriptionRecord>, ImportError> {
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut out = Vec::with_capacity(raw.len());
    for (i, s) in raw.into_iter().enumerate() {
        let p = format!("subscriptions[{i}]");
        let external_id = required(&s.id, &format!("{p}.id"))?;
        if let Some(earlier) = seen.insert(external_id.clone(), format!("{p}.id")) {
            return Err(ImportError::new(
                format!("{p}.id"),
                format!("{external_id:?} appears more than once in the file (also at {earlier})"),
            ));
        }
        let account_cur = account_currency(known, &s.account, &format!("{p}.account"))?;
        let cur = currency(&s.currency, &format!("{p}.currency"))?;
        if cur != account_cur {
            return Err(ImportError::conflict(
                format!("{p}.currency"),
                format!(
                    "{:?} does not match account {:?}, which bills in {account_cur}",
                    s.currency, s.account
                ),
            ));
        }
        let plan_name = required(&s.plan, &format!("{p}.plan"))?;
        if plan_name.chars().count() > 100 {
            return Err(ImportError::new(
                format!("{p}.plan"),
                "a plan's name is at most 100 characters",
            ));
        }
        if s.quantity == 0 || s.quantity > 1_000_000 {
            return Err(ImportError::new(
                format!("{p}.quantity"),
                "the quantity must be between 1 and 1000000",
            ));
        }
        let unit_amount = amount(&s.unit_amount.0, cur, &format!("{p}.unit_amount"))?;
        if unit_amount.is_negative() {
            return Err(ImportError::new(
                format!("{p}.unit_amount"),
                "the unit amount cannot be negative",
            ));
        }
        if unit_amount
            .minor()
            .checked_mul(i64::from(s.quantity))
            .is_none_or(|m| m > 1_000_000_000_000_000)
        {
            return Err(ImportError::new(
                format!("{p}.quantity"),
                "quantity × unit amount is too large",
            ));
        }
        let interval = BillingInterval::parse(&s.interval, s.interval_count)
            .map_err(|e| ImportError::new(format!("{p}.interval"), e.0))?;
        let status = SubscriptionStatus::parse(&s.status)
            .map_err(|e| ImportError::new(format!("{p}.status"), e.0))?;
        let start = date(
            &s.current_period_start,
            &format!("{p}.current_period_start"),
        )?;
        let end = date(&s.current_period_end, &format!("{p}.current_period_end"))?;
        if end <= start {
            return Err(ImportError::new(
                format!("{p}.current_period_end"),
                format!(
                    "{:?} is not after the period's start {:?}",
                    s.current_period_end, s.current_period_start
                ),
            ));
        }
        let canceled_at = match &s.canceled_at {
            None => None,
            Some(t) => Some(
                time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339)
                    .map_err(|_| {
                        ImportError::new(
                            format!("{p}.canceled_at"),
                            format!("{t:?} is not an RFC 3339 time such as 2026-11-30T12:00:00Z"),
                        )
                    })?
                    .unix_timestamp(),
            ),
        };
        let payment_method = s
            .payment_method
            .map(|m| m.trim().to_string())
            .filter(|m| !m.is_empty());
        out.push(SubscriptionRecord {
            external_id,
            account: s.account,
            plan_name,
            quantity: s.quantity,
            unit_amount,
            interval,
            status,
            current_period_start: start,
            current_period_end: end,
            cancel_at_period_end: s.cancel_at_period_end,
            canceled_at,
            payment_method,
        });
    }
    Ok(out)
}
