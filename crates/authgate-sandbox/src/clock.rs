//! The sandbox's clock: the system clock plus a skew the `/sandbox/clock-skew` hook sets.
//!
//! The skew applies where the sandbox plays a remote service whose clock a real deployment
//! does not share: token issuance by the tenant (`iat`/`exp`, as if Auth0's clock were off)
//! and the gateway's authorizer cache (as if API Gateway's clock had moved on, so a positive
//! skew expires cached policies early and shows what happens after the TTL). It does not
//! apply to the authorizer function, which runs on this machine's real clock like a Lambda
//! runs on AWS's: that difference is the lesson (a token minted 2 h in the past is expired
//! for the authorizer, a token from 2 min in the future is still accepted within the leeway).

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// Cheap to clone; clones share the skew.
#[derive(Debug, Clone, Default)]
pub struct SandboxClock {
    skew_secs: Arc<AtomicI64>,
}

impl SandboxClock {
    pub fn new() -> Self {
        Self::default()
    }

    /// The offset in seconds added to the system clock (negative: the past).
    pub fn skew_secs(&self) -> i64 {
        self.skew_secs.load(Ordering::Relaxed)
    }

    pub fn set_skew_secs(&self, secs: i64) {
        self.skew_secs.store(secs, Ordering::Relaxed);
    }

    /// Unix time in milliseconds, skew included.
    pub fn now_millis(&self) -> i64 {
        let system = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
        system.saturating_add(self.skew_secs().saturating_mul(1000))
    }

    /// Unix time in seconds, skew included.
    pub fn now_secs(&self) -> i64 {
        self.now_millis().div_euclid(1000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skew_moves_now_and_is_shared_by_clones() {
        let clock = SandboxClock::new();
        let shared = clock.clone();
        let before = clock.now_secs();
        shared.set_skew_secs(-7200);
        let after = clock.now_secs();
        assert_eq!(clock.skew_secs(), -7200);
        assert!((before - 7200 - after).abs() <= 1, "{before} {after}");
    }
}
