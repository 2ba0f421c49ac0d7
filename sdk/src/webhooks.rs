//! Outbound webhooks, per the Standard Webhooks spec: `webhook-id` (the event's stable id), `webhook-timestamp` and
//! `webhook-signature: v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">` keyed with the endpoint's `whsec_…`
//! secret. Events are written with the change they report (see the store); [`deliver_due`] sends what is due,
//! retrying with exponential backoff and jitter for about three days; 410 Gone disables the endpoint.

use crate::outbound::{check_url, AddressError, AddressPolicy};
use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::domain::{DeliveryResult, DueDelivery, TenantId, WebhookEndpoint};
use crate::secrets::{random_bytes, MasterKey, SecretError};
use crate::store::{Store, StoreError};

/// Event types an endpoint can subscribe to.
pub const EVENT_TYPES: &[&str] = crate::domain::DomainEvent::TYPES;

/// Seconds to wait after each failed attempt: about three days in all.
pub const RETRY_SCHEDULE: &[i64] = &[
    5, 300, 1_800, 7_200, 18_000, 36_000, 36_000, 50_400, 72_000, 36_000,
];

/// How long a claimed delivery stays with its worker.
const LEASE_SECS: i64 = 60;

#[derive(Debug, thiserror::Error)]
/// Why webhook work failed.
pub enum WebhookError {
    #[error(transparent)]
    /// The store failed.
    Store(#[from] StoreError),
    #[error(transparent)]
    /// An endpoint's secret could not be made or opened.
    Secret(#[from] SecretError),
}

fn seal_context(tenant: TenantId, endpoint: &str) -> Vec<u8> {
    format!("billfold-webhook\n{}\n{endpoint}", tenant.0).into_bytes()
}

/// A new signing secret: `whsec_` and 24 random bytes in base64.
pub fn new_secret() -> Result<String, SecretError> {
    Ok(format!("whsec_{}", STANDARD.encode(random_bytes::<24>()?)))
}

/// Seals an endpoint's signing secret under the master key, bound to its tenant and endpoint.
pub fn seal_secret(
    master: &MasterKey,
    tenant: TenantId,
    endpoint: &str,
    secret: &str,
) -> Result<Vec<u8>, SecretError> {
    master.seal(secret.as_bytes(), &seal_context(tenant, endpoint))
}

fn open_secret(
    master: &MasterKey,
    tenant: TenantId,
    endpoint: &WebhookEndpoint,
) -> Result<String, SecretError> {
    let bytes = master.open(
        &endpoint.sealed_secret,
        &seal_context(tenant, &endpoint.public_id),
    )?;
    String::from_utf8(bytes).map_err(|_| SecretError::Unseal)
}

/// The `webhook-signature` value for a message.
pub fn sign(secret: &str, id: &str, timestamp: i64, body: &str) -> Result<String, SecretError> {
    let key = STANDARD
        .decode(secret.strip_prefix("whsec_").unwrap_or(secret))
        .map_err(|_| SecretError::Unseal)?;
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).map_err(|_| SecretError::Unseal)?;
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    Ok(format!(
        "v1,{}",
        STANDARD.encode(mac.finalize().into_bytes())
    ))
}

/// The message body for an event.
pub fn body(delivery: &DueDelivery) -> String {
    let data: serde_json::Value =
        serde_json::from_str(&delivery.event.payload).unwrap_or(serde_json::Value::Null);
    let timestamp = time::OffsetDateTime::from_unix_timestamp(delivery.event.created_at)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        });
    serde_json::json!({
        "id": delivery.event.public_id(),
        "type": delivery.event.kind,
        "timestamp": timestamp,
        "data": data,
    })
    .to_string()
}

/// When to try again after `attempts` failed attempts (±10% jitter), or `None` when out of attempts.
pub fn next_attempt(attempts: i64, now: i64) -> Option<i64> {
    let wait = *RETRY_SCHEDULE.get(usize::try_from(attempts - 1).ok()?)?;
    let jitter = random_bytes::<2>()
        .map(|b| i64::from(u16::from_le_bytes(b)))
        .unwrap_or(32_768);
    // -10% .. +10%
    let spread = wait / 10;
    Some(now + wait - spread + (2 * spread * jitter) / 65_535)
}

/// What one pass delivered.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Delivered {
    /// Deliveries the endpoint accepted.
    pub delivered: u64,
    /// Deliveries that failed and will be tried again.
    pub retrying: u64,
    /// Deliveries that ran out of attempts, or whose endpoint is gone.
    pub failed: u64,
}

/// How many deliveries one worker has in flight at once.
const IN_FLIGHT: usize = 16;

/// Sends the deliveries due at `now` (up to `limit`; Unix seconds), once each even with several workers, up to 16
/// at a time so one slow receiver doesn't hold up the rest.
pub async fn deliver_due(
    store: &dyn Store,
    master: &MasterKey,
    http: &reqwest::Client,
    addresses: AddressPolicy,
    now: i64,
    limit: i64,
) -> Result<Delivered, WebhookError> {
    use futures_util::stream::{self, StreamExt};
    let claimed = store.claim_deliveries(now, limit, LEASE_SECS).await?;
    let results: Vec<Result<DeliveryResult, WebhookError>> =
        stream::iter(claimed)
            .map(|delivery| async move {
                deliver_one(store, master, http, addresses, &delivery, now).await
            })
            .buffer_unordered(IN_FLIGHT)
            .collect()
            .await;
    let mut done = Delivered::default();
    for result in results {
        match result? {
            DeliveryResult::Delivered => done.delivered += 1,
            DeliveryResult::Retry { .. } => done.retrying += 1,
            DeliveryResult::GaveUp | DeliveryResult::Gone => done.failed += 1,
        }
    }
    Ok(done)
}

async fn deliver_one(
    store: &dyn Store,
    master: &MasterKey,
    http: &reqwest::Client,
    addresses: AddressPolicy,
    delivery: &DueDelivery,
    now: i64,
) -> Result<DeliveryResult, WebhookError> {
    let secret = open_secret(master, delivery.tenant_id, &delivery.endpoint)?;
    let body = body(delivery);
    let id = delivery.event.public_id();
    // Signed at the real time, which receivers check against their clock; `now` only decides what is due.
    let sent_at = time::OffsetDateTime::now_utc().unix_timestamp();
    let signature = sign(&secret, &id, sent_at, &body)?;
    // A literal IP in the URL never reaches the resolver, so it is checked here (names are checked as resolved).
    let allowed = reqwest::Url::parse(&delivery.endpoint.url)
        .map_err(|_| AddressError::NotHttp)
        .and_then(|url| check_url(&url, addresses).map(|()| url));
    let sent = match allowed {
        Ok(url) => http
            .post(url)
            .header("content-type", "application/json")
            .header("webhook-id", &id)
            .header("webhook-timestamp", sent_at.to_string())
            .header("webhook-signature", signature)
            .body(body)
            .timeout(Duration::from_secs(15))
            .send()
            .await
            .map_err(transport_error),
        Err(e) => Err(e.to_string()),
    };
    let (status, error) = match sent {
        Ok(r) => (Some(r.status().as_u16()), None),
        Err(e) => (None, Some(e)),
    };
    let result = match status {
        Some(s) if (200..300).contains(&s) => DeliveryResult::Delivered,
        Some(410) => DeliveryResult::Gone,
        _ => match next_attempt(delivery.attempts + 1, now) {
            Some(at) => DeliveryResult::Retry { at },
            None => DeliveryResult::GaveUp,
        },
    };
    if result != DeliveryResult::Delivered {
        tracing::warn!(endpoint = %delivery.endpoint.public_id, event = %id, ?status, error = ?error, ?result, "webhook delivery failed");
    }
    store
        .record_delivery(delivery, status, error.as_deref(), result, now)
        .await?;
    Ok(result)
}

/// A failed send, told by the cause a resolver gave where there is one (a name with no public address), which
/// reqwest nests inside its own error.
fn transport_error(e: reqwest::Error) -> String {
    let mut source = std::error::Error::source(&e);
    while let Some(cause) = source {
        if let Some(refused) = cause.downcast_ref::<AddressError>() {
            return refused.to_string();
        }
        source = cause.source();
    }
    e.without_url().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_follow_standard_webhooks() {
        // The example from the Standard Webhooks specification.
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let body = r#"{"test": 2432232314}"#;
        let sig = sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body).unwrap();
        assert_eq!(sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    #[test]
    fn retries_last_about_three_days() {
        let total: i64 = RETRY_SCHEDULE.iter().sum();
        assert!((2 * 86_400..4 * 86_400).contains(&total), "{total}");
        assert_eq!(next_attempt(RETRY_SCHEDULE.len() as i64 + 1, 0), None);
        let first = next_attempt(1, 1_000).unwrap();
        assert!((1_000 + 4..=1_000 + 6).contains(&first), "{first}");
    }
}
