//! The API's per-key rate limit: a fixed budget per wall-clock minute, counted in the store so every host process
//! on the database shares it. Writing each request to the store would make the counter row the bottleneck, so a
//! process may decide up to a batch of requests (1% of the budget) on its own count plus the store's total from at
//! most 100 ms ago, and adds them to the store with the next request it can't decide alone. A quiet key is counted
//! in the store request by request; a busy one in batches. Each process can get at most a batch ahead of what the
//! store has confirmed, so several processes together overshoot the budget by at most a batch each.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::domain::TenantId;
use crate::store::{Store, StoreError};

/// How long a busy key's requests may be counted locally before they are added to the store.
const BATCH_AGE: Duration = Duration::from_millis(100);

pub(crate) struct RateLimiter {
    per_minute: i64,
    keys: Mutex<HashMap<[u8; 32], Local>>,
}

/// One key's count in this process, for the current minute.
struct Local {
    window: i64,
    /// The store's total after this process's last batch.
    shared: i64,
    /// Counted here, not yet added to the store.
    unsent: i64,
    /// Being added to the store now (not yet in `shared`).
    in_flight: i64,
    last_sent: Option<Instant>,
}

impl Local {
    fn new(window: i64) -> Local {
        Local {
            window,
            shared: 0,
            unsent: 0,
            in_flight: 0,
            last_sent: None,
        }
    }
}

impl RateLimiter {
    pub(crate) fn new(per_minute: u32) -> RateLimiter {
        RateLimiter {
            per_minute: i64::from(per_minute),
            keys: Mutex::new(HashMap::new()),
        }
    }

    fn local(&self) -> std::sync::MutexGuard<'_, HashMap<[u8; 32], Local>> {
        self.keys.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Counts a request of `key` at `now` (Unix seconds): `Ok(Err(seconds to wait))` when the key has used up this
    /// minute's budget.
    pub(crate) async fn check(
        &self,
        store: &dyn Store,
        tenant: TenantId,
        key: &[u8; 32],
        now: i64,
    ) -> Result<Result<(), u64>, StoreError> {
        let window = now - now.rem_euclid(60);
        let retry_after = (window + 60 - now).max(1) as u64;
        // Budgets under 100 a minute are counted in the store request by request.
        let batch = self.per_minute / 100;
        let send = {
            let mut keys = self.local();
            if keys.len() > 10_000 {
                keys.retain(|_, l| l.window >= window);
            }
            let l = keys.entry(*key).or_insert_with(|| Local::new(window));
            if l.window != window {
                *l = Local::new(window);
            }
            // Refused here only on a total the store confirmed; accepted here only while this process's
            // unconfirmed count stays within a batch, below the budget, on a fresh total. Otherwise this request
            // adds the count to the store and is decided on the new total.
            if l.shared >= self.per_minute {
                return Ok(Err(retry_after));
            }
            let fresh = l.last_sent.is_some_and(|t| t.elapsed() < BATCH_AGE);
            let unconfirmed = l.in_flight + l.unsent;
            if fresh && unconfirmed < batch && l.shared + unconfirmed < self.per_minute {
                l.unsent += 1;
                None
            } else {
                let requests = std::mem::take(&mut l.unsent) + 1;
                l.in_flight += requests;
                l.last_sent = Some(Instant::now());
                Some(requests)
            }
        };
        let Some(requests) = send else {
            return Ok(Ok(()));
        };
        let total = store
            .count_api_requests(tenant, key, window, requests)
            .await;
        let mut keys = self.local();
        let l = keys.entry(*key).or_insert_with(|| Local::new(window));
        if l.window == window {
            l.in_flight -= requests;
        }
        match total {
            Ok(total) => {
                // Batches may come back out of order; the largest total is the latest.
                if l.window == window {
                    l.shared = l.shared.max(total);
                }
                Ok(if total > self.per_minute {
                    Err(retry_after)
                } else {
                    Ok(())
                })
            }
            Err(e) => {
                // Not counted in the store: keep them for the next batch.
                if l.window == window {
                    l.unsent += requests;
                }
                Err(e)
            }
        }
    }
}
