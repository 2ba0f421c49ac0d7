//! Where Billfold reads the time. Everything that stamps, expires or schedules asks the store's [`Clock`]
//! (`store::ConnectOptions::clock`), so a test moves time with a [`ShiftedClock`]
//! instead of sleeping.

use std::fmt;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use time::OffsetDateTime;

/// A source of the current time.
pub trait Clock: Send + Sync + fmt::Debug {
    /// The current time (UTC).
    fn now(&self) -> OffsetDateTime;

    /// The current time in Unix seconds.
    fn unix(&self) -> i64 {
        self.now().unix_timestamp()
    }
}

/// A clock shared by the store and the portal.
pub type SharedClock = Arc<dyn Clock>;

/// The system's clock: the default.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// The system's clock moved by an offset that can be changed while it runs: time keeps flowing, and a test jumps
/// it forward (a session's idle timeout, a webhook's retry, a retention period) instead of sleeping.
#[derive(Debug, Default)]
pub struct ShiftedClock {
    offset_millis: AtomicI64,
}

impl ShiftedClock {
    /// A clock at the system's time.
    pub fn new() -> ShiftedClock {
        ShiftedClock::default()
    }

    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: Duration) {
        let millis = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        self.offset_millis.fetch_add(millis, Ordering::SeqCst);
    }

    /// Sets the clock to `at` (Unix seconds); it keeps running from there.
    pub fn set(&self, at: i64) {
        let system = OffsetDateTime::now_utc();
        let system_millis = (system.unix_timestamp_nanos() / 1_000_000) as i64;
        self.offset_millis
            .store(at.saturating_mul(1000) - system_millis, Ordering::SeqCst);
    }
}

impl Clock for ShiftedClock {
    fn now(&self) -> OffsetDateTime {
        let offset = time::Duration::milliseconds(self.offset_millis.load(Ordering::SeqCst));
        OffsetDateTime::now_utc() + offset
    }
}
