//! Events and their webhook endpoints and deliveries.

use super::*;

/// A vendor's webhook endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookEndpoint {
    /// The endpoint's id in this store.
    pub id: i64,
    /// The id in the API (`we_…`).
    pub public_id: String,
    /// Where deliveries are POSTed.
    pub url: String,
    /// Event types it receives, or `*`.
    pub events: Vec<String>,
    /// The signing secret, sealed with the master key.
    pub sealed_secret: Vec<u8>,
    /// When it was created (Unix seconds).
    pub created_at: i64,
    /// When it was disabled, if it was (Unix seconds).
    pub disabled_at: Option<i64>,
    /// Why it was disabled.
    pub disabled_reason: Option<String>,
}

/// An event as the API lists it: id `evt_<n>`, type, JSON payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// The event's sequence number in this store.
    pub id: i64,
    /// The event type (`payment.succeeded`).
    pub kind: String,
    /// The JSON payload.
    pub payload: String,
    /// When it happened (Unix seconds).
    pub created_at: i64,
}

impl Event {
    /// The id in the API and in webhooks (`evt_…`).
    pub fn public_id(&self) -> String {
        format!("evt_{}", self.id)
    }
}

/// A delivery due now, claimed by one worker for a while.
#[derive(Debug, Clone)]
pub struct DueDelivery {
    /// The delivery's id.
    pub id: i64,
    /// The tenant.
    pub tenant_id: TenantId,
    /// Attempts made so far.
    pub attempts: i64,
    /// What is delivered.
    pub event: Event,
    /// Where it goes.
    pub endpoint: WebhookEndpoint,
}

/// How a delivery attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryResult {
    /// The endpoint answered 2xx.
    Delivered,
    /// Try again at this time.
    Retry {
        /// Unix seconds.
        at: i64,
    },
    /// Out of attempts.
    GaveUp,
    /// The endpoint answered 410 Gone: it is disabled and its deliveries stop.
    Gone,
}

/// One delivery attempt in an endpoint's log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryAttempt {
    /// The event delivered.
    pub event_id: i64,
    /// Which attempt this was (1 for the first).
    pub attempt: i64,
    /// The endpoint's HTTP status, if it answered.
    pub status_code: Option<i64>,
    /// What went wrong, if it did.
    pub error: Option<String>,
    /// When (Unix seconds).
    pub at: i64,
}

/// Something that happened which vendors can subscribe to. Every writer builds its events from this type; the store
/// writes [`DomainEvent::type_name`] and [`DomainEvent::payload`] in the same transaction as the change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DomainEvent {
    /// An invoice was imported or created through the API.
    InvoiceCreated(InvoiceCreated),
    /// An invoice's balance reached zero.
    InvoicePaid(InvoicePaid),
    /// An invoice was emailed to the account's contacts with a View Invoice link.
    InvoiceSent(InvoiceSent),
    /// A payment settled.
    PaymentSucceeded(PaymentEvent),
    /// A payment failed or an ACH debit was returned.
    PaymentFailed(PaymentEvent),
    /// A payment was accepted and is settling (ACH).
    PaymentPending(PaymentEvent),
    /// A payment method was saved on an account.
    PaymentMethodAdded(PaymentMethodEvent),
    /// A saved payment method was removed.
    PaymentMethodRemoved(PaymentMethodEvent),
    /// A user's roles on an account changed, or the membership was removed.
    MembershipChanged(MembershipEvent),
    /// A comment was added to an invoice's thread (by a customer's user, or the vendor's reply).
    InvoiceCommentAdded(CommentEvent),
    /// A customer canceled a subscription (at period end, or at once).
    SubscriptionCancelRequested(SubscriptionEvent),
    /// A customer undid a scheduled cancellation.
    SubscriptionResumed(SubscriptionEvent),
    /// A customer changed the method a subscription is charged to.
    SubscriptionPaymentMethodChanged(SubscriptionEvent),
    /// A customer approved an estimate.
    EstimateApproved(EstimateEvent),
    /// A customer declined an estimate.
    EstimateDeclined(EstimateEvent),
    /// An account was enrolled in AutoPay.
    AutopayEnabled(AutopayEvent),
    /// An account's AutoPay was turned off (by a user, or after too many failed attempts).
    AutopayDisabled(AutopayEvent),
}

/// `autopay.enabled` and `autopay.disabled`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AutopayEvent {
    /// The account's external id.
    pub account: String,
    /// The saved method it charges (`spm_…`).
    pub payment_method: Option<String>,
    /// Who did it (`null` when AutoPay stopped by itself).
    pub changed_by: Option<String>,
    /// `enrolled`, `turned_off`, or `failures` (stopped after the tenant's number of failed attempts).
    pub reason: &'static str,
    /// The authorisation accepted, word for word (on enrolment).
    pub authorization_text: Option<String>,
}

/// `estimate.approved` and `estimate.declined`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EstimateEvent {
    /// The estimate's number.
    pub number: String,
    /// The account's external id.
    pub account: String,
    /// `approved` or `declined`.
    pub status: &'static str,
    /// The total as a decimal string.
    pub total: String,
    /// The deposit asked for, as a decimal string (`"0.00"`: none).
    pub deposit: String,
    /// The currency's ISO code.
    pub currency: String,
    /// The deposit's invoice, made on approval.
    pub deposit_invoice: Option<String>,
    /// The name or initials typed to approve it.
    pub approved_name: Option<String>,
    /// Why it was declined.
    pub decline_reason: Option<String>,
    /// The user's email.
    pub decided_by: String,
    /// When (Unix seconds).
    pub decided_at: i64,
    /// The client address it came from.
    pub decided_from: Option<String>,
}

impl EstimateEvent {
    /// The event for `e` after its decision by `email`.
    pub fn of(e: &Estimate, email: &str) -> EstimateEvent {
        EstimateEvent {
            number: e.number.clone(),
            account: e.account_external_id.clone(),
            status: e.status.as_str(),
            total: e.total.to_decimal_string(),
            deposit: e.deposit.to_decimal_string(),
            currency: e.total.currency().code().to_string(),
            deposit_invoice: e.deposit_invoice.clone(),
            approved_name: e.approved_name.clone(),
            decline_reason: e.decline_reason.clone(),
            decided_by: email.to_string(),
            decided_at: e.decided_at.unwrap_or_default(),
            decided_from: e.decided_from.clone(),
        }
    }
}

/// `subscription.cancel_requested`, `subscription.resumed`, `subscription.payment_method_changed`: the subscription
/// after the customer's change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubscriptionEvent {
    /// The vendor's id.
    pub id: String,
    /// The account's external id.
    pub account: String,
    /// The plan's name.
    pub plan: String,
    /// `trialing`, `active`, `past_due`, `paused` or `canceled`.
    pub status: &'static str,
    /// It ends when the current period does.
    pub cancel_at_period_end: bool,
    /// The current period's end (`2026-12-01`).
    pub current_period_end: String,
    /// When it ended (Unix seconds), for an immediate cancellation.
    pub canceled_at: Option<i64>,
    /// Why the customer canceled (Stripe's reasons: `too_expensive`, …).
    pub cancel_reason: Option<&'static str>,
    /// The customer's words.
    pub cancel_comment: Option<String>,
    /// The saved method it is charged to (`spm_…`), or `null` to invoice.
    pub payment_method: Option<String>,
    /// The user who made the change.
    pub changed_by: String,
}

impl SubscriptionEvent {
    /// The event for `s`, changed by `changed_by`.
    pub fn of(s: &Subscription, changed_by: &str) -> SubscriptionEvent {
        SubscriptionEvent {
            id: s.external_id.clone(),
            account: s.account_external_id.clone(),
            plan: s.plan_name.clone(),
            status: s.status.as_str(),
            cancel_at_period_end: s.cancel_at_period_end,
            current_period_end: s.current_period_end.to_string(),
            canceled_at: s.canceled_at,
            cancel_reason: s.cancel_reason.map(|r| r.as_str()),
            cancel_comment: s.cancel_comment.clone(),
            payment_method: s.payment_method.as_ref().map(|m| m.public_id.clone()),
            changed_by: changed_by.to_string(),
        }
    }
}

/// `invoice.comment_added`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommentEvent {
    /// The comment's id (`cmt_…`).
    pub id: String,
    /// The invoice's number.
    pub invoice: String,
    /// The account's external id.
    pub account: String,
    /// `customer` or `vendor`.
    pub author: &'static str,
    /// The name shown with it.
    pub author_name: String,
    /// The customer user's email, for a customer's comment.
    pub author_email: Option<String>,
    /// The text.
    pub body: String,
    /// When (Unix seconds).
    pub created_at: i64,
    /// The invoice's "needs attention" flag after this comment.
    pub needs_attention: bool,
}

/// `invoice.created`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InvoiceCreated {
    /// The invoice's number.
    pub number: String,
    /// The account's external id.
    pub account: String,
    /// The currency's ISO code.
    pub currency: String,
    /// The total as a decimal string (`"1250.00"`).
    pub total: String,
}

/// `invoice.paid`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InvoicePaid {
    /// The invoice's number.
    pub number: String,
    /// The account's external id.
    pub account: String,
}

/// `invoice.sent`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InvoiceSent {
    /// The invoice's number.
    pub number: String,
    /// The account's external id.
    pub account: String,
    /// The emails it went to.
    pub recipients: Vec<String>,
}

/// `payment.succeeded`, `payment.failed` and `payment.pending`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaymentEvent {
    /// The payment's external id.
    pub id: String,
    /// The account's external id.
    pub account: String,
    /// The amount as a decimal string.
    pub amount: String,
    /// The currency's ISO code.
    pub currency: String,
    /// `card`, `ach`, …
    #[serde(rename = "type")]
    pub kind: String,
    /// `succeeded`, `pending` or `failed`.
    pub status: String,
    /// The gateway's or the payer's reference.
    pub reference: Option<String>,
    /// Why it failed, for a failed payment.
    pub failure_message: Option<String>,
}

/// `payment_method.added` and `payment_method.removed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaymentMethodEvent {
    /// The method's public id.
    pub id: String,
    /// The account's external id.
    pub account: String,
    /// `card` or `ach`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Card brand (`Visa`) or bank name.
    pub brand: String,
    /// The last four digits.
    pub last4: String,
    /// A card's expiry month.
    pub exp_month: Option<u8>,
    /// A card's expiry year.
    pub exp_year: Option<u16>,
}

impl PaymentMethodEvent {
    /// The event for `method`, on the account with external id `account`.
    pub fn of(method: &SavedMethod, account: String) -> PaymentMethodEvent {
        PaymentMethodEvent {
            id: method.public_id.clone(),
            account,
            kind: method.kind.clone(),
            brand: method.brand.clone(),
            last4: method.last4.clone(),
            exp_month: method.exp_month,
            exp_year: method.exp_year,
        }
    }
}

/// `membership.changed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MembershipEvent {
    /// The account's external id.
    pub account: String,
    /// The user's email.
    pub email: String,
    /// `true` when the membership was removed (then `roles` is empty).
    pub removed: bool,
    /// The roles (`viewer`, `accounting`, `admin`).
    pub roles: Vec<String>,
}

impl DomainEvent {
    /// Every event type, as endpoints subscribe to them.
    pub const TYPES: &'static [&'static str] = &[
        "invoice.created",
        "invoice.paid",
        "invoice.sent",
        "payment.succeeded",
        "payment.failed",
        "payment.pending",
        "payment_method.added",
        "payment_method.removed",
        "membership.changed",
        "invoice.comment_added",
        "subscription.cancel_requested",
        "subscription.resumed",
        "subscription.payment_method_changed",
        "estimate.approved",
        "estimate.declined",
        "autopay.enabled",
        "autopay.disabled",
    ];

    /// The event's type as webhooks and the API name it (`payment.succeeded`).
    pub fn type_name(&self) -> &'static str {
        match self {
            DomainEvent::InvoiceCreated(_) => "invoice.created",
            DomainEvent::InvoicePaid(_) => "invoice.paid",
            DomainEvent::InvoiceSent(_) => "invoice.sent",
            DomainEvent::PaymentSucceeded(_) => "payment.succeeded",
            DomainEvent::PaymentFailed(_) => "payment.failed",
            DomainEvent::PaymentPending(_) => "payment.pending",
            DomainEvent::PaymentMethodAdded(_) => "payment_method.added",
            DomainEvent::PaymentMethodRemoved(_) => "payment_method.removed",
            DomainEvent::MembershipChanged(_) => "membership.changed",
            DomainEvent::InvoiceCommentAdded(_) => "invoice.comment_added",
            DomainEvent::SubscriptionCancelRequested(_) => "subscription.cancel_requested",
            DomainEvent::SubscriptionResumed(_) => "subscription.resumed",
            DomainEvent::SubscriptionPaymentMethodChanged(_) => {
                "subscription.payment_method_changed"
            }
            DomainEvent::EstimateApproved(_) => "estimate.approved",
            DomainEvent::EstimateDeclined(_) => "estimate.declined",
            DomainEvent::AutopayEnabled(_) => "autopay.enabled",
            DomainEvent::AutopayDisabled(_) => "autopay.disabled",
        }
    }

    /// The event's JSON payload: one object named after the thing it is about (`{"payment": {…}}`).
    pub fn payload(&self) -> String {
        fn wrap<T: Serialize>(name: &str, value: &T) -> String {
            let mut object = serde_json::Map::new();
            object.insert(
                name.to_string(),
                serde_json::to_value(value).unwrap_or(serde_json::Value::Null),
            );
            serde_json::Value::Object(object).to_string()
        }
        match self {
            DomainEvent::InvoiceCreated(e) => wrap("invoice", e),
            DomainEvent::InvoicePaid(e) => wrap("invoice", e),
            DomainEvent::InvoiceSent(e) => wrap("invoice", e),
            DomainEvent::PaymentSucceeded(e)
            | DomainEvent::PaymentFailed(e)
            | DomainEvent::PaymentPending(e) => wrap("payment", e),
            DomainEvent::PaymentMethodAdded(e) | DomainEvent::PaymentMethodRemoved(e) => {
                wrap("payment_method", e)
            }
            DomainEvent::MembershipChanged(e) => wrap("membership", e),
            DomainEvent::InvoiceCommentAdded(e) => wrap("comment", e),
            DomainEvent::SubscriptionCancelRequested(e)
            | DomainEvent::SubscriptionResumed(e)
            | DomainEvent::SubscriptionPaymentMethodChanged(e) => wrap("subscription", e),
            DomainEvent::EstimateApproved(e) | DomainEvent::EstimateDeclined(e) => {
                wrap("estimate", e)
            }
            DomainEvent::AutopayEnabled(e) | DomainEvent::AutopayDisabled(e) => wrap("autopay", e),
        }
    }
}
