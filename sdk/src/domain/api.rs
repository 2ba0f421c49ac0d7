//! The API's idempotency records.

/// What an idempotency key says about a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdempotentRequest {
    /// First use: go ahead, then record the response.
    New,
    /// Already answered: send this again.
    Replay {
        /// The HTTP status answered.
        status: u16,
        /// The JSON body answered.
        body: String,
    },
    /// The key was used for a different request.
    Mismatch,
    /// The first request with this key is still running.
    InProgress,
}
