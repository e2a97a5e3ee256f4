//! The start-up check of what the state file says was set up: a reopened wizard shows the
//! recorded actions as ✓ only until the live target says otherwise. Steps from the earliest
//! stale one drop back to "needs rerun", with the reason.

use super::{ActionFailure, ActionState, App, Command, RunId};
use crate::flow::live_check::{self, Stale};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Live {
    /// Nothing recorded, so nothing to check.
    #[default]
    Idle,
    Checking(RunId),
    Checked,
    /// The check could not run; the recorded ✓ stand, and the notice says why.
    Unchecked,
}

impl App {
    /// True while the start-up check reads back what `action`'s record says was made: its
    /// recorded ✓ is not shown as one until then.
    pub fn being_checked(&self, action: crate::steps::ActionId) -> bool {
        matches!(self.live, Live::Checking(_)) && self.resumed.contains(&action)
    }

    /// The check of the resumed actions against the live target; `None` when nothing resumed.
    pub fn check_live(&mut self) -> Option<Command> {
        if self.resumed.is_empty() {
            return None;
        }
        let run = self.new_run();
        self.live = Live::Checking(run);
        Some(Command::CheckLive(run))
    }

    pub(super) fn on_live(&mut self, run: RunId, result: Result<Vec<Stale>, ActionFailure>) {
        if self.live != Live::Checking(run) {
            return;
        }
        match result {
            Ok(stale) => {
                self.live = Live::Checked;
                self.mark_stale(&stale);
            }
            Err(failure) => {
                self.live = Live::Unchecked;
                self.notice = Some(format!(
                    "could not check what was set up here: {} ({}); the ✓ are from the state \
                     file. s shows the status.",
                    failure.what, failure.fix
                ));
            }
        }
    }

    /// Only actions still showing their recorded result drop back: one rerun since start
    /// answers for itself.
    fn mark_stale(&mut self, stale: &[Stale]) {
        let Some(first) = live_check::first(stale) else {
            return;
        };
        let steps: Vec<_> = self
            .steps
            .steps
            .iter()
            .enumerate()
            .skip(first.step)
            .collect();
        for (i, step) in steps {
            let reason = stale.iter().find(|s| s.step == i).map_or_else(
                || format!("it builds on step {}, which needs rerun", first.step + 1),
                |s| s.reason.clone(),
            );
            for action in &step.actions {
                if self.resumed.remove(&action.id) {
                    let note = Some(format!("needs rerun: {reason}. Enter runs it, a the step."));
                    self.actions
                        .insert(action.id, ActionState::Pending { note });
                }
            }
        }
        self.notice = Some(format!(
            "checked what was set up here against the live target: from step {} on, the \
             actions need rerun (each says why)",
            first.step + 1
        ));
    }
}
