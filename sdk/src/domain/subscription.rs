//! Subscriptions: the vendor's billing engine runs them and pushes them in; the customer sees them and cancels,
//! resumes or changes the payment method, and the vendor hears of each change.

use super::*;

/// Where a subscription stands, as the vendor's billing engine says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SubscriptionStatus {
    /// In a free trial.
    Trialing,
    /// Billing normally.
    Active,
    /// The last invoice is unpaid.
    PastDue,
    /// Billing is paused.
    Paused,
    /// Ended.
    Canceled,
}

impl SubscriptionStatus {
    /// Every status, as stored and in the API.
    pub const ALL: [&'static str; 5] = ["trialing", "active", "past_due", "paused", "canceled"];

    /// As stored and in the API (`past_due`).
    pub fn as_str(&self) -> &'static str {
        match self {
            SubscriptionStatus::Trialing => "trialing",
            SubscriptionStatus::Active => "active",
            SubscriptionStatus::PastDue => "past_due",
            SubscriptionStatus::Paused => "paused",
            SubscriptionStatus::Canceled => "canceled",
        }
    }

    /// The word back as a status.
    pub fn parse(s: &str) -> Result<SubscriptionStatus, Invalid> {
        match s {
            "trialing" => Ok(SubscriptionStatus::Trialing),
            "active" => Ok(SubscriptionStatus::Active),
            "past_due" => Ok(SubscriptionStatus::PastDue),
            "paused" => Ok(SubscriptionStatus::Paused),
            "canceled" => Ok(SubscriptionStatus::Canceled),
            other => Err(Invalid(format!(
                "{other:?} is not a subscription status (use trialing, active, past_due, paused or canceled)"
            ))),
        }
    }

    /// The badge's words (`Past due`).
    pub fn label(&self) -> &'static str {
        match self {
            SubscriptionStatus::Trialing => "Trial",
            SubscriptionStatus::Active => "Active",
            SubscriptionStatus::PastDue => "Past Due",
            SubscriptionStatus::Paused => "Paused",
            SubscriptionStatus::Canceled => "Canceled",
        }
    }
}

/// How often a subscription bills: every `count` months or years.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BillingInterval {
    /// Months or years.
    pub unit: IntervalUnit,
    /// How many of them (1 to 36 months, 1 to 3 years).
    pub count: u32,
}

/// A month or a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntervalUnit {
    /// Monthly.
    Month,
    /// Yearly.
    Year,
}

impl BillingInterval {
    /// Checks an interval as the vendor sends it (`month`, 3).
    pub fn parse(unit: &str, count: u32) -> Result<BillingInterval, Invalid> {
        let (unit, max) = match unit {
            "month" => (IntervalUnit::Month, 36),
            "year" => (IntervalUnit::Year, 3),
            other => {
                return Err(Invalid(format!(
                    "{other:?} is not an interval (use month or year)"
                )))
            }
        };
        if count == 0 || count > max {
            return Err(Invalid(format!(
                "interval_count must be between 1 and {max} for {}",
                unit_word(unit)
            )));
        }
        Ok(BillingInterval { unit, count })
    }

    /// `month` or `year`.
    pub fn unit_str(&self) -> &'static str {
        unit_word(self.unit)
    }

    /// `month`, `3 months`, `year`.
    pub fn describe(&self) -> String {
        match self.count {
            1 => self.unit_str().to_string(),
            n => format!("{n} {}s", self.unit_str()),
        }
    }
}

fn unit_word(unit: IntervalUnit) -> &'static str {
    match unit {
        IntervalUnit::Month => "month",
        IntervalUnit::Year => "year",
    }
}

/// Whether and how a tenant's customers may cancel a subscription in the portal.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CancelPolicy {
    /// It keeps running until the end of the period it is paid for, then ends (resumable until then).
    #[default]
    AtPeriodEnd,
    /// It ends at once.
    Immediately,
    /// Not in the portal: the customer is told to contact the vendor.
    NotAllowed,
}

impl CancelPolicy {
    /// As stored and in the CLI (`at_period_end`).
    pub fn as_str(&self) -> &'static str {
        match self {
            CancelPolicy::AtPeriodEnd => "at_period_end",
            CancelPolicy::Immediately => "immediately",
            CancelPolicy::NotAllowed => "not_allowed",
        }
    }

    /// The word back as a policy.
    pub fn parse(s: &str) -> Result<CancelPolicy, Invalid> {
        match s {
            "at_period_end" => Ok(CancelPolicy::AtPeriodEnd),
            "immediately" => Ok(CancelPolicy::Immediately),
            "not_allowed" => Ok(CancelPolicy::NotAllowed),
            other => Err(Invalid(format!(
                "{other:?} is not a cancellation policy (use at_period_end, immediately or not_allowed)"
            ))),
        }
    }
}

/// Why a customer cancels: Stripe's list, so a vendor's retention reports line up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CancelReason {
    /// It's too expensive.
    TooExpensive,
    /// Some features are missing.
    MissingFeatures,
    /// Switched to another service.
    SwitchedService,
    /// Not used enough.
    Unused,
    /// Customer service was below expectations.
    CustomerService,
    /// Too hard to use.
    TooComplex,
    /// Quality was below expectations.
    LowQuality,
    /// Something else.
    Other,
}

impl CancelReason {
    /// Every reason with its words, in the order the form lists them.
    pub const ALL: [CancelReason; 8] = [
        CancelReason::TooExpensive,
        CancelReason::MissingFeatures,
        CancelReason::SwitchedService,
        CancelReason::Unused,
        CancelReason::CustomerService,
        CancelReason::TooComplex,
        CancelReason::LowQuality,
        CancelReason::Other,
    ];

    /// As stored, in the API and webhooks (`too_expensive`).
    pub fn as_str(&self) -> &'static str {
        match self {
            CancelReason::TooExpensive => "too_expensive",
            CancelReason::MissingFeatures => "missing_features",
            CancelReason::SwitchedService => "switched_service",
            CancelReason::Unused => "unused",
            CancelReason::CustomerService => "customer_service",
            CancelReason::TooComplex => "too_complex",
            CancelReason::LowQuality => "low_quality",
            CancelReason::Other => "other",
        }
    }

    /// The form's words.
    pub fn label(&self) -> &'static str {
        match self {
            CancelReason::TooExpensive => "It's too expensive",
            CancelReason::MissingFeatures => "Some features are missing",
            CancelReason::SwitchedService => "I'm switching to a different service",
            CancelReason::Unused => "I don't use it enough",
            CancelReason::CustomerService => "Customer service was less than expected",
            CancelReason::TooComplex => "It's too hard to use",
            CancelReason::LowQuality => "Quality was less than expected",
            CancelReason::Other => "Other reason",
        }
    }

    /// The stored word back as a reason.
    pub fn parse(s: &str) -> Result<CancelReason, Invalid> {
        CancelReason::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| Invalid(format!("{s:?} is not a cancellation reason")))
    }
}

/// A subscription as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    /// Its id in this store.
    pub id: SubscriptionId,
    /// The vendor's id (`sub_…`, the API's and URLs' id).
    pub external_id: String,
    /// The account billed.
    pub account_id: AccountId,
    /// The account's external id.
    pub account_external_id: String,
    /// The plan's name.
    pub plan_name: String,
    /// How many (seats, units).
    pub quantity: u32,
    /// The price of one per interval.
    pub unit_amount: Money,
    /// How often it bills.
    pub interval: BillingInterval,
    /// Where it stands.
    pub status: SubscriptionStatus,
    /// The period being billed: its first day.
    pub current_period_start: Date,
    /// …and the day it ends (the next bill date, or when a scheduled cancellation takes effect).
    pub current_period_end: Date,
    /// It ends when the period does.
    pub cancel_at_period_end: bool,
    /// When it ended (Unix seconds).
    pub canceled_at: Option<i64>,
    /// The saved method it is charged to (`None`: the customer is invoiced).
    pub payment_method: Option<SavedMethod>,
    /// Why the customer canceled.
    pub cancel_reason: Option<CancelReason>,
    /// The customer's words when canceling.
    pub cancel_comment: Option<String>,
}

impl Subscription {
    /// What one interval costs (quantity × unit amount).
    pub fn amount(&self) -> Money {
        Money::from_minor(
            self.unit_amount
                .minor()
                .saturating_mul(i64::from(self.quantity)),
            self.unit_amount.currency(),
        )
    }

    /// Whether the customer may still cancel it (it hasn't ended, and no cancellation is scheduled).
    pub fn cancelable(&self) -> bool {
        self.status != SubscriptionStatus::Canceled && !self.cancel_at_period_end
    }

    /// Whether a scheduled cancellation can still be undone on `today` (before the period ends).
    pub fn resumable(&self, today: Date) -> bool {
        self.status != SubscriptionStatus::Canceled
            && self.cancel_at_period_end
            && today < self.current_period_end
    }
}

/// A subscription pushed by the vendor (import file, API), validated; upserted by `external_id`.
#[derive(Debug, Clone)]
pub struct SubscriptionRecord {
    /// The vendor's id.
    pub external_id: String,
    /// The account's external id.
    pub account: String,
    /// The plan's name.
    pub plan_name: String,
    /// How many.
    pub quantity: u32,
    /// The price of one per interval.
    pub unit_amount: Money,
    /// How often it bills.
    pub interval: BillingInterval,
    /// Where it stands.
    pub status: SubscriptionStatus,
    /// The current period's first day.
    pub current_period_start: Date,
    /// The current period's end.
    pub current_period_end: Date,
    /// It ends when the period does.
    pub cancel_at_period_end: bool,
    /// When it ended (Unix seconds).
    pub canceled_at: Option<i64>,
    /// The saved method's public id (`spm_…`), or `None` to invoice.
    pub payment_method: Option<String>,
}

/// A customer's change to a subscription.
#[derive(Debug, Clone)]
pub enum SubscriptionChange {
    /// Cancel: at period end, or now.
    Cancel {
        /// Ends at once rather than at period end.
        immediately: bool,
        /// Why.
        reason: Option<CancelReason>,
        /// Their words.
        comment: Option<String>,
    },
    /// Undo a scheduled cancellation.
    Resume,
    /// Charge it to this saved method (its id in this store).
    PaymentMethod(i64),
}
