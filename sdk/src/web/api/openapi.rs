//! The API's OpenAPI 3.1 document, built here beside the routes it describes (`super::routes`); a test checks every
//! documented operation against the running API, and schemathesis fuzzes it in CI.

use std::sync::Arc;

use axum::extract::{Extension, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Map, Value};

use super::json;
use crate::web::context::Ctx;
use crate::web::PortalState;

/// One operation: method, path (under `/api/v1`), id, summary, query parameters, request body schema, response schema.
struct Operation {
    method: &'static str,
    path: &'static str,
    id: &'static str,
    summary: &'static str,
    query: &'static [&'static str],
    request: Option<&'static str>,
    response: &'static str,
}

const OPERATIONS: &[Operation] = &[
    Operation {
        method: "get",
        path: "/accounts",
        id: "listAccounts",
        summary: "List accounts, oldest first.",
        query: &["limit", "starting_after"],
        request: None,
        response: "AccountList",
    },
    Operation {
        method: "post",
        path: "/accounts",
        id: "upsertAccount",
        summary: "Create an account, or update the one with this id.",
        query: &[],
        request: Some("AccountInput"),
        response: "Account",
    },
    Operation {
        method: "get",
        path: "/accounts/{id}",
        id: "getAccount",
        summary: "One account, by your id.",
        query: &[],
        request: None,
        response: "Account",
    },
    Operation {
        method: "get",
        path: "/invoices",
        id: "listInvoices",
        summary: "List invoices, oldest first.",
        query: &[
            "limit",
            "starting_after",
            "account",
            "status",
            "updated_since",
            "needs_attention",
        ],
        request: None,
        response: "InvoiceList",
    },
    Operation {
        method: "post",
        path: "/invoices",
        id: "upsertInvoice",
        summary: "Create an invoice, or update the one with this number (its lines are replaced).",
        query: &[],
        request: Some("InvoiceInput"),
        response: "Invoice",
    },
    Operation {
        method: "get",
        path: "/invoices/{number}",
        id: "getInvoice",
        summary: "One invoice, by number.",
        query: &[],
        request: None,
        response: "Invoice",
    },
    Operation {
        method: "post",
        path: "/invoices/{number}/void",
        id: "voidInvoice",
        summary: "Void an invoice nothing was paid (or is being paid) on.",
        query: &[],
        request: None,
        response: "Invoice",
    },
    Operation {
        method: "post",
        path: "/invoices/{number}/send",
        id: "sendInvoice",
        summary: "Email the invoice to its account's contacts, each with a View Invoice link that opens it (and only it).",
        query: &[],
        request: None,
        response: "InvoiceSent",
    },
    Operation {
        method: "get",
        path: "/invoices/{number}/comments",
        id: "listInvoiceComments",
        summary: "The invoice's comment thread, oldest first.",
        query: &[],
        request: None,
        response: "CommentList",
    },
    Operation {
        method: "post",
        path: "/invoices/{number}/comments",
        id: "replyToInvoice",
        summary: "Reply in the invoice's thread (shown with your name; the customer is emailed). `resolve: true` also clears the invoice's needs-attention flag.",
        query: &[],
        request: Some("CommentInput"),
        response: "Comment",
    },
    Operation {
        method: "post",
        path: "/invoices/{number}/resolve",
        id: "resolveInvoice",
        summary: "Clear the needs-attention flag a customer's comment raised.",
        query: &[],
        request: None,
        response: "Invoice",
    },
    Operation {
        method: "get",
        path: "/domains",
        id: "listDomains",
        summary: "The tenant's custom domains, verified first.",
        query: &[],
        request: None,
        response: "DomainList",
    },
    Operation {
        method: "post",
        path: "/domains",
        id: "addDomain",
        summary: "Add a custom domain, pending verification: point it at the portal, then verify it.",
        query: &[],
        request: Some("DomainInput"),
        response: "Domain",
    },
    Operation {
        method: "post",
        path: "/domains/{hostname}/verify",
        id: "verifyDomain",
        summary: "Verify a domain: the portal fetches its verification_url through DNS and must reach itself (422 until the domain points at the portal).",
        query: &[],
        request: None,
        response: "Domain",
    },
    Operation {
        method: "post",
        path: "/domains/{hostname}/prefer",
        id: "preferDomain",
        summary: "Build links, emails and this document's server on this verified domain.",
        query: &[],
        request: None,
        response: "Domain",
    },
    Operation {
        method: "post",
        path: "/domains/{hostname}/remove",
        id: "removeDomain",
        summary: "Remove a domain; answers the domains left.",
        query: &[],
        request: None,
        response: "DomainList",
    },
    Operation {
        method: "get",
        path: "/estimates",
        id: "listEstimates",
        summary: "List estimates, oldest first, with the customer's decisions.",
        query: &["limit", "starting_after", "account"],
        request: None,
        response: "EstimateList",
    },
    Operation {
        method: "post",
        path: "/estimates",
        id: "upsertEstimate",
        summary: "Create an estimate, or update the open one with this number (its lines are replaced); status invoiced marks an approved one invoiced.",
        query: &[],
        request: Some("EstimateInput"),
        response: "Estimate",
    },
    Operation {
        method: "get",
        path: "/estimates/{number}",
        id: "getEstimate",
        summary: "One estimate, by number.",
        query: &[],
        request: None,
        response: "Estimate",
    },
    Operation {
        method: "get",
        path: "/subscriptions",
        id: "listSubscriptions",
        summary: "List subscriptions, oldest first, with what customers changed in the portal.",
        query: &["limit", "starting_after", "account"],
        request: None,
        response: "SubscriptionList",
    },
    Operation {
        method: "post",
        path: "/subscriptions",
        id: "upsertSubscription",
        summary: "Create a subscription, or update the one with this id (your update wins over the customer's changes).",
        query: &[],
        request: Some("SubscriptionInput"),
        response: "Subscription",
    },
    Operation {
        method: "get",
        path: "/subscriptions/{id}",
        id: "getSubscription",
        summary: "One subscription, by your id.",
        query: &[],
        request: None,
        response: "Subscription",
    },
    Operation {
        method: "get",
        path: "/payment-methods",
        id: "listPaymentMethods",
        summary: "An account's saved payment methods (the gateway holds the numbers).",
        query: &["account_required"],
        request: None,
        response: "PaymentMethodList",
    },
    Operation {
        method: "get",
        path: "/contacts",
        id: "listContacts",
        summary: "Contacts (portal users) with their memberships, oldest first.",
        query: &["limit", "starting_after"],
        request: None,
        response: "ContactList",
    },
    Operation {
        method: "post",
        path: "/contacts/{email}/memberships/{account}/remove",
        id: "removeMembership",
        summary:
            "Take a contact's access to an account away (never the account's last admin: 409).",
        query: &[],
        request: None,
        response: "Contact",
    },
    Operation {
        method: "get",
        path: "/payments",
        id: "listPayments",
        summary: "Payments (offline and made in the portal) with their allocations, oldest first.",
        query: &["limit", "starting_after", "account"],
        request: None,
        response: "PaymentList",
    },
    Operation {
        method: "post",
        path: "/contacts",
        id: "upsertContact",
        summary: "Create or update a contact (a portal user) and set the memberships listed.",
        query: &[],
        request: Some("ContactInput"),
        response: "Contact",
    },
    Operation {
        method: "get",
        path: "/contacts/{email}",
        id: "getContact",
        summary: "One contact, by email, with their memberships.",
        query: &[],
        request: None,
        response: "Contact",
    },
    Operation {
        method: "post",
        path: "/payments",
        id: "recordPayment",
        summary: "Record an offline payment (check, wire, cash…) and its allocations.",
        query: &[],
        request: Some("PaymentInput"),
        response: "Payment",
    },
    Operation {
        method: "get",
        path: "/settings",
        id: "getSettings",
        summary: "The portal's settings: how customers sign in on its own page (the vendor's SSO links always work).",
        query: &[],
        request: None,
        response: "Settings",
    },
    Operation {
        method: "post",
        path: "/settings",
        id: "updateSettings",
        summary: "Change the settings given (sign_in: password, email_link, an empty list leaving only SSO links; the vendor's address, tax_id and remit_to, \"\" clearing one).",
        query: &[],
        request: Some("SettingsInput"),
        response: "Settings",
    },
    Operation {
        method: "post",
        path: "/sso-links",
        id: "createSsoLink",
        summary: "A ready, single-use sign-in URL for a contact (like Stripe's portal sessions).",
        query: &[],
        request: Some("SsoLinkInput"),
        response: "SsoLink",
    },
    Operation {
        method: "get",
        path: "/events",
        id: "listEvents",
        summary: "Events, oldest first (the same ones webhooks deliver).",
        query: &["limit", "starting_after"],
        request: None,
        response: "EventList",
    },
    Operation {
        method: "post",
        path: "/webhook-endpoints",
        id: "createWebhookEndpoint",
        summary: "Add a webhook endpoint; its signing secret (whsec_…) is in this response only.",
        query: &[],
        request: Some("WebhookEndpointInput"),
        response: "WebhookEndpoint",
    },
    Operation {
        method: "get",
        path: "/webhook-endpoints",
        id: "listWebhookEndpoints",
        summary: "The tenant's webhook endpoints.",
        query: &[],
        request: None,
        response: "WebhookEndpointList",
    },
    Operation {
        method: "post",
        path: "/webhook-endpoints/{id}/disable",
        id: "disableWebhookEndpoint",
        summary: "Stop sending to an endpoint.",
        query: &[],
        request: None,
        response: "WebhookEndpoint",
    },
    Operation {
        method: "get",
        path: "/webhook-endpoints/{id}/attempts",
        id: "listDeliveryAttempts",
        summary: "The endpoint's delivery log, newest first (last 100).",
        query: &[],
        request: None,
        response: "DeliveryAttemptList",
    },
];

fn query_parameter(name: &str) -> Value {
    let (schema, description) = match name {
        "limit" => (
            json!({"type": "integer", "minimum": 1, "maximum": 100, "default": 25}),
            "Page size.",
        ),
        "starting_after" => (
            json!({"type": "string", "pattern": "^cur_[1-9][0-9]{0,17}$"}),
            "The next_cursor of the previous page.",
        ),
        "account" => (json!({"type": "string"}), "Only this account's (your id)."),
        "account_required" => {
            return json!({"name": "account", "in": "query", "required": true, "schema": {"type": "string", "pattern": "\\S"},
                          "description": "The account (your id)."})
        }
        "status" => (
            json!({"type": "string", "enum": ["open", "paid", "void"]}),
            "Only invoices in this state.",
        ),
        "needs_attention" => (
            json!({"type": "string", "enum": ["true", "false"]}),
            "Only invoices whose needs-attention flag (a customer's comment not yet resolved) is this.",
        ),
        "updated_since" => (
            json!({"type": "string", "format": "date-time"}),
            "Only what changed at or after this time (RFC 3339).",
        ),
        _ => (json!({"type": "string"}), ""),
    };
    json!({"name": name, "in": "query", "required": false, "schema": schema, "description": description})
}

fn path_parameters(path: &str) -> Vec<Value> {
    path.split('/')
        .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string", "minLength": 1}}))
        .collect()
}

fn amount() -> Value {
    json!({"type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?$", "description": "A decimal amount in the currency, e.g. \"1234.50\"."})
}

/// Text that isn't blank (the import trims and refuses empty values).
fn text() -> Value {
    json!({"type": "string", "pattern": "\\S"})
}

fn unsigned_amount() -> Value {
    json!({"type": "string", "pattern": "^[0-9]{1,15}(\\.[0-9]{1,4})?$", "description": "A decimal amount, not negative."})
}

fn positive_amount() -> Value {
    json!({"type": "string", "pattern": "^(?=.*[1-9])[0-9]{1,15}(\\.[0-9]{1,4})?$", "description": "A decimal amount above zero."})
}

/// The schemas of what customers do themselves: comments (and, as they come, subscriptions and estimates).
fn self_service_schemas(list_of: &dyn Fn(&str) -> Value) -> Value {
    let date = json!({"type": "string", "format": "date"});
    let currency =
        json!({"type": "string", "enum": crate::money::Currency::codes().collect::<Vec<_>>()});
    json!({
        "CommentInput": {"type": "object", "required": ["body"], "additionalProperties": false,
            "properties": {"body": {"type": "string", "pattern": "\\S", "maxLength": crate::domain::COMMENT_MAX_CHARS,
                                    "description": "Plain text (shown as typed; links are not made clickable)."},
                           "resolve": {"type": "boolean", "default": false}}},
        "Comment": {"type": "object", "required": ["object", "id", "invoice", "author", "author_name", "body", "created_at"],
            "properties": {"object": {"const": "comment"}, "id": {"type": "string"}, "invoice": {"type": "string"},
                           "author": {"type": "string", "enum": ["customer", "vendor"]}, "author_name": {"type": "string"},
                           "body": {"type": "string"}, "created_at": {"type": "string", "format": "date-time"}}},
        "CommentList": list_of("Comment"),
        "SubscriptionInput": {"type": "object", "additionalProperties": false,
            "required": ["id", "account", "plan", "unit_amount", "currency", "interval", "status",
                         "current_period_start", "current_period_end"],
            "properties": {"id": text(), "account": text(), "plan": {"type": "string", "pattern": "\\S", "maxLength": 100},
                "quantity": {"type": "integer", "minimum": 1, "maximum": 1_000_000, "default": 1},
                "unit_amount": unsigned_amount(), "currency": currency,
                "interval": {"type": "string", "enum": ["month", "year"]},
                "interval_count": {"type": "integer", "minimum": 1, "maximum": 36, "default": 1,
                                   "description": "Up to 36 for months, 3 for years."},
                "status": {"type": "string", "enum": crate::domain::SubscriptionStatus::ALL},
                "current_period_start": date, "current_period_end": date,
                "cancel_at_period_end": {"type": "boolean", "default": false},
                "canceled_at": {"type": ["string", "null"], "format": "date-time"},
                "payment_method": {"type": ["string", "null"], "description": "A saved method's id (spm_…) on the account; null: invoiced."}}},
        "Subscription": {"type": "object",
            "required": ["object", "id", "account", "plan", "quantity", "unit_amount", "amount", "currency", "interval",
                         "interval_count", "status", "current_period_start", "current_period_end", "cancel_at_period_end"],
            "properties": {"object": {"const": "subscription"}, "id": {"type": "string"}, "account": {"type": "string"},
                "plan": {"type": "string"}, "quantity": {"type": "integer"}, "unit_amount": amount(), "amount": amount(),
                "currency": {"type": "string"}, "interval": {"type": "string", "enum": ["month", "year"]},
                "interval_count": {"type": "integer"}, "status": {"type": "string", "enum": crate::domain::SubscriptionStatus::ALL},
                "current_period_start": date, "current_period_end": date, "cancel_at_period_end": {"type": "boolean"},
                "canceled_at": {"type": ["string", "null"]}, "payment_method": {"type": ["string", "null"]},
                "cancel_reason": {"type": ["string", "null"]}, "cancel_comment": {"type": ["string", "null"]}}},
        "SubscriptionList": list_of("Subscription"),
        "EstimateInput": {"type": "object", "additionalProperties": false,
            "required": ["number", "account", "issued_on", "expires_on", "currency", "lines"],
            "properties": {"number": text(), "account": text(), "issued_on": date, "expires_on": date,
                "currency": currency, "tax": unsigned_amount(), "deposit": unsigned_amount(),
                "terms": {"type": "string", "maxLength": 5000},
                "status": {"type": "string", "enum": ["open", "invoiced"]},
                "lines": {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/LineInput"}}}},
        "Estimate": {"type": "object",
            "required": ["object", "number", "account", "issued_on", "expires_on", "currency", "status", "subtotal",
                         "tax", "total", "deposit", "lines"],
            "properties": {"object": {"const": "estimate"}, "number": {"type": "string"}, "account": {"type": "string"},
                "issued_on": date, "expires_on": date, "currency": {"type": "string"},
                "status": {"type": "string", "enum": ["open", "approved", "declined", "expired", "invoiced"]},
                "subtotal": amount(), "tax": amount(), "total": amount(), "deposit": amount(),
                "deposit_invoice": {"type": ["string", "null"]}, "terms": {"type": ["string", "null"]},
                "approved_name": {"type": ["string", "null"]}, "decline_reason": {"type": ["string", "null"]},
                "decided_at": {"type": ["string", "null"]}, "decided_from": {"type": ["string", "null"]},
                "lines": {"type": "array", "items": {"type": "object"}}}},
        "EstimateList": list_of("Estimate"),
        "DomainInput": {"type": "object", "required": ["hostname"], "additionalProperties": false,
            "properties": {"hostname": {"type": "string", "maxLength": 253, "description": "billing.example.com",
                "pattern": "^(?![0-9.]+$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+\\.?$"}}},
        "Domain": {"type": "object", "required": ["object", "hostname", "status", "preferred", "created_at"],
            "properties": {"object": {"const": "domain"}, "hostname": {"type": "string"},
                "status": {"type": "string", "enum": ["pending", "verified"]}, "preferred": {"type": "boolean"},
                "verification_url": {"type": ["string", "null"]}, "created_at": {"type": "string"},
                "verified_at": {"type": ["string", "null"]}}},
        "DomainList": list_of("Domain"),
    })
}

fn schemas() -> Value {
    let date = json!({"type": "string", "format": "date"});
    let currency =
        json!({"type": "string", "enum": crate::money::Currency::codes().collect::<Vec<_>>()});
    let list_of = |item: &str| {
        json!({
        "type": "object", "required": ["object", "data", "has_more", "next_cursor"],
        "properties": {"object": {"const": "list"}, "data": {"type": "array", "items": {"$ref": format!("#/components/schemas/{item}")}},
                       "has_more": {"type": "boolean"}, "next_cursor": {"type": ["string", "null"]}}})
    };
    let mut all = json!({
        "Error": {"type": "object", "required": ["error"], "properties": {"error": {
            "type": "object", "required": ["type", "message", "param"],
            "properties": {"type": {"type": "string", "enum": ["invalid_request_error", "authentication_error",
                "not_found_error", "idempotency_error", "rate_limit_error", "api_error"]},
                "message": {"type": "string"}, "param": {"type": ["string", "null"]}}}}},
        "AccountInput": {"type": "object", "required": ["id", "name", "currency"], "additionalProperties": false,
            "properties": {"id": text(), "name": text(), "currency": currency,
                           "address": {"type": "string", "maxLength": 500},
                           "locale": {"type": "string", "enum": ["", "en", "fr", "de", "es"],
                                      "description": "The language of the mail its contacts get unless they chose one; \"\" clears it."}}},
        "Account": {"type": "object", "required": ["object", "id", "name", "currency"],
            "properties": {"object": {"const": "account"}, "id": {"type": "string"}, "name": {"type": "string"},
                           "currency": {"type": "string"}, "address": {"type": ["string", "null"]},
                           "locale": {"type": ["string", "null"]}}},
        "AccountList": list_of("Account"),
        "LineInput": {"type": "object", "required": ["description", "quantity", "unit_price"], "additionalProperties": false,
            "properties": {"description": {"type": "string"}, "quantity": amount(), "unit_price": amount()}},
        "InvoiceInput": {"type": "object", "required": ["number", "account", "issued_on", "currency", "lines"],
            "additionalProperties": false,
            "properties": {"number": text(), "account": text(),
                           "issued_on": date, "due_on": date, "currency": currency, "tax": unsigned_amount(),
                           "po_number": {"type": "string", "maxLength": 64},
                           "lines": {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/LineInput"}}}},
        "Invoice": {"type": "object",
            "required": ["object", "number", "account", "issued_on", "due_on", "currency", "status", "subtotal", "tax",
                         "total", "amount_paid", "amount_pending", "balance", "lines"],
            "properties": {"object": {"const": "invoice"}, "number": {"type": "string"}, "account": {"type": "string"},
                "issued_on": date, "due_on": date, "currency": {"type": "string"},
                "status": {"type": "string", "enum": ["open", "paid", "void"]},
                "subtotal": amount(), "tax": amount(), "total": amount(), "amount_paid": amount(),
                "amount_pending": amount(), "balance": amount(),
                "po_number": {"type": ["string", "null"]},
                "needs_attention": {"type": "boolean"}, "comment_count": {"type": "integer", "minimum": 0},
                "lines": {"type": "array", "items": {"type": "object",
                    "required": ["description", "quantity", "unit_price", "amount"],
                    "properties": {"description": {"type": "string"}, "quantity": {"type": "string"},
                                   "unit_price": amount(), "amount": amount()}}}}},
        "InvoiceList": list_of("Invoice"),
        "MembershipInput": {"type": "object", "required": ["account", "roles"], "additionalProperties": false,
            "properties": {"account": text(),
                           "roles": {"type": "array", "items": {"type": "string", "enum": ["viewer", "accounting", "admin"]}}}},
        "ContactInput": {"type": "object", "required": ["email"], "additionalProperties": false,
            "properties": {"email": {"type": "string", "format": "email"}, "name": {"type": "string"},
                           "memberships": {"type": "array", "items": {"$ref": "#/components/schemas/MembershipInput"}}}},
        "Contact": {"type": "object", "required": ["object", "email", "name", "memberships"],
            "properties": {"object": {"const": "contact"}, "email": {"type": "string"}, "name": {"type": "string"},
                           "memberships": {"type": "array", "items": {"type": "object", "required": ["account", "roles"],
                               "properties": {"account": {"type": "string"}, "roles": {"type": "array", "items": {"type": "string"}}}}}}},
        "PaymentInput": {"type": "object", "required": ["account", "amount", "type", "paid_on"], "additionalProperties": false,
            "anyOf": [{"required": ["id"]}, {"required": ["reference"]}],
            "properties": {"id": text(), "account": text(), "amount": positive_amount(),
                "type": {"type": "string", "enum": ["card", "ach", "check", "wire", "cash", "other"]},
                "reference": text(), "paid_on": date,
                "allocations": {"type": "array", "items": {"type": "object", "required": ["invoice", "amount"],
                    "additionalProperties": false, "properties": {"invoice": text(), "amount": positive_amount()}}}}},
        "ContactList": list_of("Contact"),
        "PaymentList": list_of("Payment"),
        "Payment": {"type": "object", "required": ["object", "account", "amount", "type", "status"],
            "properties": {"object": {"const": "payment"}, "account": {"type": "string"}, "amount": amount(),
                           "type": {"type": "string"}, "status": {"type": "string"}}},
        "Event": {"type": "object", "required": ["object", "id", "type", "created_at", "data"],
            "properties": {"object": {"const": "event"}, "id": {"type": "string"},
                           "type": {"type": "string", "enum": crate::webhooks::EVENT_TYPES},
                           "created_at": {"type": "integer"}, "data": {"type": "object"}}},
        "EventList": list_of("Event"),
        "WebhookEndpointInput": {"type": "object", "required": ["url"], "additionalProperties": false,
            "properties": {"url": {"type": "string", "format": "uri", "pattern": "^https?://[^/\\s]+",
                "description": "Where events are POSTed: an http(s) URL on a public internet address (loopback, private and link-local addresses are refused unless the host allows them)."},
                           "events": {"type": "array", "minItems": 1, "items": {"type": "string",
                               "enum": std::iter::once("*").chain(crate::webhooks::EVENT_TYPES.iter().copied()).collect::<Vec<_>>()}}}},
        "WebhookEndpoint": {"type": "object", "required": ["object", "id", "url", "events", "status", "created_at"],
            "properties": {"object": {"const": "webhook_endpoint"}, "id": {"type": "string"}, "url": {"type": "string"},
                           "events": {"type": "array", "items": {"type": "string"}},
                           "status": {"type": "string", "enum": ["enabled", "disabled"]},
                           "disabled_reason": {"type": ["string", "null"]}, "created_at": {"type": "integer"},
                           "secret": {"type": "string", "description": "Only when created."}}},
        "WebhookEndpointList": list_of("WebhookEndpoint"),
        "DeliveryAttempt": {"type": "object", "required": ["object", "event", "attempt", "status_code", "error", "at"],
            "properties": {"object": {"const": "delivery_attempt"}, "event": {"type": "string"},
                           "attempt": {"type": "integer"}, "status_code": {"type": ["integer", "null"]},
                           "error": {"type": ["string", "null"]}, "at": {"type": "integer"}}},
        "DeliveryAttemptList": list_of("DeliveryAttempt"),
        "PaymentMethod": {"type": "object", "required": ["object", "id", "account", "type", "brand", "last4", "default"],
            "properties": {"object": {"const": "payment_method"}, "id": {"type": "string"}, "account": {"type": "string"},
                           "type": {"type": "string", "enum": ["card", "ach"]}, "brand": {"type": "string"},
                           "last4": {"type": "string"}, "exp_month": {"type": ["integer", "null"]},
                           "exp_year": {"type": ["integer", "null"]}, "default": {"type": "boolean"},
                           "gateway": {"type": "string"}}},
        "PaymentMethodList": list_of("PaymentMethod"),
        "SsoLinkInput": {"type": "object", "required": ["email"], "additionalProperties": false,
            "properties": {"email": {"type": "string"}, "account": {"type": "string"},
                           "to": {"type": "string", "description": "A path inside the portal, e.g. /invoices/INV-1001."},
                           "ttl": {"type": "integer", "minimum": 1, "maximum": 3600, "default": 300},
                           "scope": {"type": "string", "pattern": "^(pay|payment_methods|subscriptions|invoice:.*\\S.*)$",
                                     "description": "A narrow session: invoice:<number>, pay, payment_methods or subscriptions (a Manage Subscription link)."}}},
        "SettingsInput": {"type": "object", "additionalProperties": false,
            "properties": {"sign_in": {"type": "array", "items": {"type": "string", "enum": ["password", "email_link"]}},
                           "address": {"type": "string", "maxLength": 500,
                                       "description": "The vendor's postal address, lines separated by newlines; \"\" clears it."},
                           "tax_id": {"type": "string", "maxLength": 64},
                           "remit_to": {"type": "string", "maxLength": 500,
                                        "description": "Other ways to pay (remit-to address, bank details)."},
                           "subscription_cancel": {"type": "string", "enum": ["at_period_end", "immediately", "not_allowed"],
                                                   "description": "How customers may cancel subscriptions in the portal."},
                           "autopay_days_after_issue": {"type": ["integer", "null"], "minimum": 0, "maximum": 365,
                                                        "description": "When AutoPay pays: null on the due date, else this many days after issue."},
                           "autopay_max_failures": {"type": "integer", "minimum": 1, "maximum": 10},
                           "default_locale": {"type": "string", "enum": ["en", "fr", "de", "es"],
                                              "description": "The portal's language when neither the user's choice nor the browser's Accept-Language says, and of mail to accounts without a language."}}},
        "Settings": {"type": "object", "required": ["object", "sign_in", "address", "tax_id", "remit_to", "subscription_cancel"],
            "properties": {"object": {"const": "settings"},
                           "sign_in": {"type": "array", "items": {"type": "string", "enum": ["password", "email_link"]}},
                           "address": {"type": ["string", "null"]}, "tax_id": {"type": ["string", "null"]},
                           "remit_to": {"type": ["string", "null"]},
                           "subscription_cancel": {"type": "string", "enum": ["at_period_end", "immediately", "not_allowed"]},
                           "autopay_days_after_issue": {"type": ["integer", "null"]},
                           "autopay_max_failures": {"type": "integer"},
                           "default_locale": {"type": "string", "enum": ["en", "fr", "de", "es"]}}},
        "InvoiceSent": {"type": "object", "required": ["object", "number", "recipients"],
            "properties": {"object": {"const": "invoice_sent"}, "number": {"type": "string"},
                           "recipients": {"type": "array", "items": {"type": "string"}}}},
        "SsoLink": {"type": "object", "required": ["object", "url", "expires_at"],
            "properties": {"object": {"const": "sso_link"}, "url": {"type": "string"}, "expires_at": {"type": "integer"}}},
    });
    if let (Some(all), Value::Object(more)) = (all.as_object_mut(), self_service_schemas(&list_of))
    {
        all.extend(more);
    }
    all
}

fn error_response(description: &str) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
}

/// The document, for a server at `server_url` (e.g. `https://acme.portal.example.com/api/v1`).
pub(crate) fn build(server_url: &str) -> Value {
    let mut paths = Map::new();
    for op in OPERATIONS {
        let mut parameters = path_parameters(op.path);
        parameters.extend(op.query.iter().map(|q| query_parameter(q)));
        if op.method == "post" {
            parameters.push(json!({"name": "Idempotency-Key", "in": "header", "required": false,
                "schema": {"type": "string", "minLength": 1, "maxLength": 255},
                "description": "A replay returns the first response; the same key with a different body is refused."}));
        }
        let mut operation = json!({
            "operationId": op.id,
            "summary": op.summary,
            "parameters": parameters,
            "responses": {
                "200": {"description": "OK", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{}", op.response)}}}},
                "400": error_response("The request is invalid; `param` names the field."),
                "401": error_response("No or an unknown API key."),
                "404": error_response("No such object, or the request refers to an account or invoice that doesn't exist (`param` names the field)."),
                "409": error_response("The Idempotency-Key was used with a different request, or its first request is still running; or the record contradicts what is stored (another currency for an existing account)."),
                "422": error_response("Well formed, but refused by a rule the schema can't express (`param` names the field): an SSO link's `to` outside the portal, a webhook URL on a private network."),
                "429": error_response("Too many requests; see Retry-After."),
            },
        });
        if let Some(request) = op.request {
            operation["requestBody"] = json!({"required": true, "content": {"application/json": {
                "schema": {"$ref": format!("#/components/schemas/{request}")}}}});
        }
        paths
            .entry(op.path.to_string())
            .or_insert_with(|| json!({}))
            .as_object_mut()
            .map(|item| item.insert(op.method.to_string(), operation));
    }
    json!({
        "openapi": "3.1.0",
        "info": {"title": "Billfold API", "version": "1",
                 "description": "Push customers, contacts and invoices into a Billfold tenant and mint portal sign-in links."},
        "servers": [{"url": server_url}],
        "security": [{"apiKey": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"apiKey": {"type": "http", "scheme": "bearer", "description": "A tenant API key (`billfold tenant add` prints the first)."}},
            "schemas": schemas(),
        },
    })
}

/// `GET /api/v1/openapi.json` (no key needed).
pub(crate) async fn document(
    State(state): State<Arc<PortalState>>,
    Extension(ctx): Extension<Ctx>,
    headers: HeaderMap,
) -> Response {
    let server = state
        .absolute_url(&ctx, &headers, &format!("{}/api/v1", ctx.base))
        .unwrap_or_else(|| format!("{}/api/v1", ctx.base));
    json(StatusCode::OK, &build(&server))
}
