//! Whether what the records say was set up still answers: the sandbox's address, then every
//! recorded object read back. `setup` reruns from the first stale step; the wizard drops the
//! steps from there to "needs rerun", so no ✓ stands for something that is gone.

use super::{ActionFailure, Session};
use authgate_providers::drift::Finding;

/// A step whose records no longer match the live target, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    /// 0-based, as `steps.toml` orders them.
    pub step: usize,
    pub reason: String,
}

/// The earliest stale step: the one to rerun from (the later ones build on it).
pub fn first(stale: &[Stale]) -> Option<&Stale> {
    stale.iter().min_by_key(|s| s.step)
}

impl Session {
    /// Reads the target back. A moved sandbox makes every step stale (every URL names the old
    /// address); otherwise each recorded object that is missing or changed makes its step stale.
    pub async fn live_check(&mut self) -> Result<Vec<Stale>, ActionFailure> {
        if let Some(moved) = self.sandbox_moved().await {
            return Ok(vec![Stale {
                step: 0,
                reason: moved.what(),
            }]);
        }
        let rows = self.check_drift().await?;
        Ok(rows
            .into_iter()
            .filter_map(|row| {
                let now = match &row.finding {
                    Finding::Present => return None,
                    Finding::Missing => "missing".to_owned(),
                    Finding::Drifted(differences) => {
                        format!("changed ({})", differences.join("; "))
                    }
                };
                Some(Stale {
                    step: usize::from(row.key.step()) - 1,
                    reason: format!("{} is {now}", row.key),
                })
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_earliest_stale_step_is_where_a_rerun_starts() {
        let stale = [
            Stale {
                step: 3,
                reason: "b".into(),
            },
            Stale {
                step: 1,
                reason: "a".into(),
            },
        ];
        assert_eq!(first(&stale).map(|s| s.step), Some(1));
        assert_eq!(first(&[]), None);
    }
}
