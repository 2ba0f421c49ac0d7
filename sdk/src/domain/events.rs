//! Events and their webhook endpoints and deliveries.

use super::*;

/// A vendor's webhook endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookEndpoint {
    pub id: i64,
    pub public_id: String,
    pub url: String,
    /// Event types it receives, or `*`.
    pub events: Vec<String>,
    pub sealed_secret: Vec<u8>,
    pub created_at: i64,
    pub disabled_at: Option<i64>,
    pub disabled_reason: Option<String>,
}

/// An event as the API lists it: id `evt_<n>`, type, JSON payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub created_at: i64,
}

impl Event {
    pub fn public_id(&self) -> String {
        format!("evt_{}", self.id)
    }
}

/// A delivery due now, claimed by one worker for a while.
#[derive(Debug, Clone)]
pub struct DueDelivery {
    pub id: i64,
    pub tenant_id: TenantId,
    pub attempts: i64,
    pub event: Event,
    pub endpoint: WebhookEndpoint,
}

/// How a delivery attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryResult {
    Delivered,
    /// Try again at this time.
    Retry {
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
    pub event_id: i64,
    pub attempt: i64,
    pub status_code: Option<i64>,
    pub error: Option<String>,
    pub at: i64,
}
