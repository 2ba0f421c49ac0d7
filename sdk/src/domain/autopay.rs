//! AutoPay: an account's standing authorisation to pay its invoices with a saved method when they are due.

use super::*;

/// An account's AutoPay enrolment (the current one: not turned off).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AutopayEnrollment {
    /// Its id in this store.
    pub id: i64,
    /// The account.
    pub account_id: AccountId,
    /// The method it charges (`None` if that method was removed since).
    pub method: Option<SavedMethod>,
    /// The saved method's id in this store.
    pub method_id: i64,
    /// Who enrolled the account.
    pub enrolled_by: UserId,
    /// Their email, when known.
    pub enrolled_by_email: Option<String>,
    /// When (Unix seconds).
    pub enrolled_at: i64,
    /// The authorisation they accepted, word for word.
    pub authorization_text: String,
    /// Failed attempts in a row.
    pub failures: i64,
    /// When it stopped after too many failures (Unix seconds): nothing is charged until the customer enrols again.
    pub suspended_at: Option<i64>,
}

/// An open invoice an enrolled account owes, as AutoPay finds it.
#[derive(Debug, Clone)]
pub struct AutopayCandidate {
    /// The tenant.
    pub tenant_id: TenantId,
    /// The enrolment.
    pub enrollment: AutopayEnrollment,
    /// The invoice.
    pub invoice: Invoice,
}

/// How an AutoPay attempt ended, as recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AutopayOutcome {
    /// Charged (or a bank debit accepted).
    Paid,
    /// The gateway declined (or wanted the customer's bank confirmation, which can't happen unattended).
    Failed,
    /// The gateway didn't answer: reconciliation settles it.
    Unconfirmed,
    /// Someone else is paying the invoice right now: nothing was charged.
    Skipped,
}

impl AutopayOutcome {
    /// As stored.
    pub fn as_str(&self) -> &'static str {
        match self {
            AutopayOutcome::Paid => "paid",
            AutopayOutcome::Failed => "failed",
            AutopayOutcome::Unconfirmed => "unconfirmed",
            AutopayOutcome::Skipped => "skipped",
        }
    }
}

/// What recording an attempt did to the enrolment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AutopayAfter {
    /// Failed attempts in a row now.
    pub failures: i64,
    /// This attempt suspended the enrolment.
    pub suspended: bool,
}

/// One day's attempt on one invoice under one enrolment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AutopayAttempt {
    /// The tenant.
    pub tenant: TenantId,
    /// The enrolment.
    pub enrollment: i64,
    /// The invoice.
    pub invoice: InvoiceId,
    /// The day.
    pub on: Date,
}
