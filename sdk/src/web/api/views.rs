//! What the API answers, as types: each resource's JSON shape is a struct here (the OpenAPI document describes the
//! same shapes), built from the domain types.

use serde::Serialize;
use serde_json::Value;

use crate::domain::{
    Account, DeliveryAttempt, Event, Invoice, Payment, Roles, SavedMethod, User, WebhookEndpoint,
};
use crate::web::view::quantity;

/// A page of a list: `next_cursor` continues it when `has_more`.
#[derive(Serialize)]
pub(crate) struct ListPage<T> {
    object: &'static str,
    data: Vec<T>,
    has_more: bool,
    next_cursor: Option<String>,
}

impl<T> ListPage<T> {
    /// A page from `rows`, read with one row more than `limit` to know whether more follow.
    pub(crate) fn of<R>(
        mut rows: Vec<R>,
        limit: i64,
        id: impl Fn(&R) -> i64,
        view: impl Fn(&R) -> T,
    ) -> ListPage<T> {
        let has_more = rows.len() as i64 > limit;
        rows.truncate(usize::try_from(limit).unwrap_or(0));
        ListPage {
            object: "list",
            data: rows.iter().map(view).collect(),
            has_more,
            next_cursor: if has_more {
                rows.last().map(|r| format!("cur_{}", id(r)))
            } else {
                None
            },
        }
    }

    /// A list short enough to be one page (an endpoint's last 100 attempts, an account's methods).
    pub(crate) fn whole<R>(rows: &[R], view: impl Fn(&R) -> T) -> ListPage<T> {
        ListPage {
            object: "list",
            data: rows.iter().map(view).collect(),
            has_more: false,
            next_cursor: None,
        }
    }

    /// An empty list (a filter that matches nothing).
    pub(crate) fn empty() -> ListPage<T> {
        ListPage {
            object: "list",
            data: Vec::new(),
            has_more: false,
            next_cursor: None,
        }
    }
}

#[derive(Serialize)]
pub(crate) struct AccountView {
    object: &'static str,
    id: String,
    name: String,
    currency: &'static str,
    /// The billing address, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<String>,
    /// The language of its mail, if the vendor set one.
    #[serde(skip_serializing_if = "Option::is_none")]
    locale: Option<crate::locale::Locale>,
}

impl AccountView {
    pub(crate) fn of(a: &Account) -> AccountView {
        AccountView {
            object: "account",
            id: a.external_id.clone(),
            name: a.name.clone(),
            address: a.address.clone(),
            locale: a.locale,
            currency: a.currency.code(),
        }
    }
}

#[derive(Serialize)]
pub(crate) struct InvoiceView {
    object: &'static str,
    number: String,
    account: String,
    issued_on: String,
    due_on: String,
    currency: &'static str,
    /// `open`, `paid` or `void`.
    status: &'static str,
    subtotal: String,
    tax: String,
    total: String,
    amount_paid: String,
    amount_pending: String,
    balance: String,
    /// The customer's purchase order number, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    po_number: Option<String>,
    /// A customer commented and the vendor has not resolved it.
    needs_attention: bool,
    /// How many comments the invoice's thread holds.
    comment_count: i64,
    lines: Vec<InvoiceLineView>,
}

#[derive(Serialize)]
pub(crate) struct InvoiceLineView {
    description: String,
    quantity: String,
    unit_price: String,
    amount: String,
}

impl InvoiceLineView {
    pub(crate) fn of(l: &crate::domain::InvoiceLine) -> InvoiceLineView {
        InvoiceLineView {
            description: l.description.clone(),
            quantity: quantity(l.quantity),
            unit_price: l.unit_price.to_decimal_string(),
            amount: l.amount.to_decimal_string(),
        }
    }
}

impl InvoiceView {
    pub(crate) fn of(i: &Invoice, account: String) -> InvoiceView {
        let status = if i.voided {
            "void"
        } else if i.balance().is_zero() {
            "paid"
        } else {
            "open"
        };
        InvoiceView {
            object: "invoice",
            number: i.number.clone(),
            account,
            issued_on: i.issued_on.to_string(),
            due_on: i.due_on.to_string(),
            currency: i.currency.code(),
            status,
            subtotal: i.subtotal.to_decimal_string(),
            tax: i.tax.to_decimal_string(),
            total: i.total.to_decimal_string(),
            amount_paid: i.paid.to_decimal_string(),
            amount_pending: i.reserved.to_decimal_string(),
            balance: i.balance().to_decimal_string(),
            po_number: i.po_number.clone(),
            needs_attention: i.needs_attention,
            comment_count: i.comment_count,
            lines: i.lines.iter().map(InvoiceLineView::of).collect(),
        }
    }
}

#[derive(Serialize)]
pub(crate) struct ContactView {
    object: &'static str,
    email: String,
    name: String,
    memberships: Vec<MembershipView>,
}

#[derive(Serialize)]
pub(crate) struct MembershipView {
    account: String,
    roles: Vec<&'static str>,
}

impl ContactView {
    pub(crate) fn of(user: &User, memberships: &[(String, Roles)]) -> ContactView {
        ContactView {
            object: "contact",
            email: user.email.as_str().to_string(),
            name: user.name.clone(),
            memberships: memberships
                .iter()
                .map(|(account, roles)| MembershipView {
                    account: account.clone(),
                    roles: roles.iter().map(|r| r.as_str()).collect(),
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
pub(crate) struct PaymentView {
    object: &'static str,
    id: String,
    account: String,
    amount: String,
    currency: &'static str,
    #[serde(rename = "type")]
    kind: &'static str,
    status: &'static str,
    reference: Option<String>,
    paid_on: String,
    allocations: Vec<AllocationView>,
}

#[derive(Serialize)]
pub(crate) struct AllocationView {
    invoice: String,
    amount: String,
}

impl PaymentView {
    pub(crate) fn of(p: &Payment, account: String) -> PaymentView {
        PaymentView {
            object: "payment",
            id: p.external_id.clone(),
            account,
            amount: p.amount.to_decimal_string(),
            currency: p.amount.currency().code(),
            kind: p.kind.as_str(),
            status: p.status.as_str(),
            reference: p.reference.clone(),
            paid_on: p.paid_on.to_string(),
            allocations: p
                .allocations
                .iter()
                .map(|a| AllocationView {
                    invoice: a.invoice_number.clone(),
                    amount: a.amount.to_decimal_string(),
                })
                .collect(),
        }
    }
}

/// An offline payment the API recorded: the record as sent, marked `succeeded`.
#[derive(Serialize)]
pub(crate) struct RecordedPayment {
    #[serde(flatten)]
    input: serde_json::Map<String, Value>,
    object: &'static str,
    status: &'static str,
}

impl RecordedPayment {
    pub(crate) fn of(input: serde_json::Map<String, Value>) -> RecordedPayment {
        let mut input = input;
        input.remove("object");
        input.remove("status");
        RecordedPayment {
            input,
            object: "payment",
            status: "succeeded",
        }
    }
}

#[derive(Serialize)]
pub(crate) struct PaymentMethodView {
    object: &'static str,
    id: String,
    account: String,
    #[serde(rename = "type")]
    kind: String,
    brand: String,
    last4: String,
    exp_month: Option<u8>,
    exp_year: Option<u16>,
    default: bool,
    gateway: String,
}

impl PaymentMethodView {
    pub(crate) fn of(m: &SavedMethod, account: String) -> PaymentMethodView {
        PaymentMethodView {
            object: "payment_method",
            id: m.public_id.clone(),
            account,
            kind: m.kind.clone(),
            brand: m.brand.clone(),
            last4: m.last4.clone(),
            exp_month: m.exp_month,
            exp_year: m.exp_year,
            default: m.is_default,
            gateway: m.gateway.clone(),
        }
    }
}

/// What `POST /invoices/{number}/send` did.
#[derive(Serialize)]
pub(crate) struct InvoiceSentView {
    pub object: &'static str,
    pub number: String,
    /// The emails it went to.
    pub recipients: Vec<String>,
}

#[derive(Serialize)]
pub(crate) struct SsoLinkView {
    pub object: &'static str,
    pub url: String,
    /// Unix seconds.
    pub expires_at: i64,
}

#[derive(Serialize)]
pub(crate) struct EndpointView {
    object: &'static str,
    id: String,
    url: String,
    events: Vec<String>,
    /// `enabled` or `disabled`.
    status: &'static str,
    disabled_reason: Option<String>,
    created_at: i64,
    /// The signing secret: only in the answer that created the endpoint.
    #[serde(skip_serializing_if = "Option::is_none")]
    secret: Option<String>,
}

impl EndpointView {
    pub(crate) fn of(e: &WebhookEndpoint) -> EndpointView {
        EndpointView {
            object: "webhook_endpoint",
            id: e.public_id.clone(),
            url: e.url.clone(),
            events: e.events.clone(),
            status: if e.disabled_at.is_some() {
                "disabled"
            } else {
                "enabled"
            },
            disabled_reason: e.disabled_reason.clone(),
            created_at: e.created_at,
            secret: None,
        }
    }

    /// The view the creating request gets: with the secret, shown once.
    pub(crate) fn with_secret(mut self, secret: String) -> Self {
        self.secret = Some(secret);
        self
    }
}

#[derive(Serialize)]
pub(crate) struct AttemptView {
    object: &'static str,
    event: String,
    attempt: i64,
    status_code: Option<i64>,
    error: Option<String>,
    at: i64,
}

impl AttemptView {
    pub(crate) fn of(a: &DeliveryAttempt) -> AttemptView {
        AttemptView {
            object: "delivery_attempt",
            event: format!("evt_{}", a.event_id),
            attempt: a.attempt,
            status_code: a.status_code,
            error: a.error.clone(),
            at: a.at,
        }
    }
}

#[derive(Serialize)]
pub(crate) struct EventView {
    object: &'static str,
    id: String,
    #[serde(rename = "type")]
    kind: String,
    created_at: i64,
    /// The event's payload, as webhooks deliver it.
    data: Value,
}

impl EventView {
    pub(crate) fn of(e: &Event) -> EventView {
        EventView {
            object: "event",
            id: e.public_id(),
            kind: e.kind.clone(),
            created_at: e.created_at,
            data: serde_json::from_str(&e.payload).unwrap_or(Value::Null),
        }
    }
}
