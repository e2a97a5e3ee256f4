//! Bounded exponential backoff, injectable so tests run in milliseconds.

use std::time::Duration;

/// Retry schedule: `first`, doubling, each wait at most `max_step`, all waits at most `budget`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub first: Duration,
    pub max_step: Duration,
    pub budget: Duration,
}

impl Backoff {
    /// IAM propagation: a new role may take a few seconds (rarely up to a minute) before
    /// Lambda can assume it.
    pub const IAM_PROPAGATION: Self = Self {
        first: Duration::from_secs(1),
        max_step: Duration::from_secs(10),
        budget: Duration::from_mins(1),
    };

    /// The waits, in order; their sum never exceeds `budget`.
    pub fn delays(self) -> impl Iterator<Item = Duration> {
        let mut next = self.first;
        let mut left = self.budget;
        std::iter::from_fn(move || {
            if left.is_zero() || next.is_zero() {
                return None;
            }
            let step = next.min(self.max_step).min(left);
            left -= step;
            next = next.saturating_mul(2);
            Some(step)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_cap_and_stay_within_the_budget() {
        let d: Vec<_> = Backoff::IAM_PROPAGATION.delays().collect();
        assert_eq!(d[..4], [1, 2, 4, 8].map(Duration::from_secs));
        assert!(d.iter().all(|s| *s <= Duration::from_secs(10)));
        assert_eq!(d.iter().sum::<Duration>(), Duration::from_mins(1));
    }

    #[test]
    fn zero_budget_means_no_retry() {
        let b = Backoff {
            budget: Duration::ZERO,
            ..Backoff::IAM_PROPAGATION
        };
        assert_eq!(b.delays().count(), 0);
    }
}
