//! Slowing down password guessing, per email and per client address, in the store so every host process on the
//! database shares the count. A few failures are free; after that each failure refuses that email (or address)
//! for longer — 1, 2, 4, 8, then 15 minutes — and the count starts again 15 minutes after its first failure. It
//! never locks an account for good, so nobody can lock a victim out by guessing wrong on purpose.

use std::net::IpAddr;

use crate::domain::TenantId;
use crate::store::{Store, StoreResult};

/// Failures counted together within this many seconds of the first.
pub const WINDOW_SECS: i64 = 15 * 60;
/// Failures allowed per email within the window before it is slowed down.
pub const FREE_PER_EMAIL: i64 = 5;
/// Failures allowed per client address within the window (one office shares an address).
pub const FREE_PER_ADDRESS: i64 = 20;
/// The longest a subject is refused at once.
pub const MAX_BLOCK_SECS: i64 = 15 * 60;

/// The throttle's subjects for a sign-in attempt.
#[derive(Debug, Clone)]
pub struct Throttle {
    email: String,
    address: Option<String>,
}

/// Refused for now: try again after this many seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooManyAttempts {
    /// Seconds until the next attempt is let through.
    pub retry_after_secs: i64,
}

impl TooManyAttempts {
    /// Whole minutes to wait, at least one.
    pub fn minutes(&self) -> i64 {
        ((self.retry_after_secs + 59) / 60).max(1)
    }
}

/// How long a subject is refused after `failures` failures, `free` of them allowed.
pub fn block_secs(failures: i64, free: i64) -> i64 {
    if failures < free {
        return 0;
    }
    let doublings = u32::try_from((failures - free).min(8)).unwrap_or(8);
    (60_i64 << doublings).min(MAX_BLOCK_SECS)
}

impl Throttle {
    /// The subjects for `email` (lowercased) from `address` (when the client's address is known).
    pub fn new(email: &str, address: Option<IpAddr>) -> Throttle {
        Throttle {
            email: format!("email:{}", email.trim().to_lowercase()),
            address: address.map(|a| format!("ip:{a}")),
        }
    }

    fn subjects(&self) -> Vec<String> {
        std::iter::once(self.email.clone())
            .chain(self.address.clone())
            .collect()
    }

    /// `Err` while the email or the address is refused.
    pub async fn check(
        &self,
        store: &dyn Store,
        tenant: TenantId,
        now: i64,
    ) -> StoreResult<Result<(), TooManyAttempts>> {
        let until = store
            .sign_in_blocked_until(tenant, &self.subjects())
            .await?;
        Ok(if until > now {
            Err(TooManyAttempts {
                retry_after_secs: until - now,
            })
        } else {
            Ok(())
        })
    }

    /// Counts a failed attempt against the email and the address.
    pub async fn failed(&self, store: &dyn Store, tenant: TenantId, now: i64) -> StoreResult<()> {
        let limits = std::iter::once((&self.email, FREE_PER_EMAIL))
            .chain(self.address.iter().map(|a| (a, FREE_PER_ADDRESS)));
        for (subject, free) in limits {
            let failures = store
                .record_sign_in_failure(tenant, subject, now, WINDOW_SECS)
                .await?;
            let block = block_secs(failures, free);
            if block > 0 {
                store.block_sign_in(tenant, subject, now + block).await?;
            }
        }
        Ok(())
    }

    /// A successful sign-in forgets the email's failures (not the address's).
    pub async fn succeeded(&self, store: &dyn Store, tenant: TenantId) -> StoreResult<()> {
        store.clear_sign_in_failures(tenant, &self.email).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_to_a_cap() {
        assert_eq!(block_secs(4, 5), 0);
        assert_eq!(block_secs(5, 5), 60);
        assert_eq!(block_secs(6, 5), 120);
        assert_eq!(block_secs(8, 5), 480);
        assert_eq!(block_secs(9, 5), MAX_BLOCK_SECS);
        assert_eq!(block_secs(500, 5), MAX_BLOCK_SECS);
        assert_eq!(
            TooManyAttempts {
                retry_after_secs: 61
            }
            .minutes(),
            2
        );
        assert_eq!(
            TooManyAttempts {
                retry_after_secs: 1
            }
            .minutes(),
            1
        );
    }
}
