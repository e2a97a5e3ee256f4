//! What the wizard knows about one action: pending, running, done or failed.

use std::time::Duration;

/// Identifies one run of one action; events from an older run are ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RunId(pub u64);

#[derive(Debug, Clone, PartialEq)]
pub enum ActionState {
    Pending {
        note: Option<String>,
    },
    Running {
        run: RunId,
        started: Duration,
        progress: Vec<String>,
    },
    Done {
        output: ActionOutput,
        took: Duration,
    },
    Failed {
        failure: ActionFailure,
        took: Duration,
    },
}

impl Default for ActionState {
    fn default() -> Self {
        Self::Pending { note: None }
    }
}

pub use crate::flow::outcome::{ActionFailure, ActionOutput};

impl ActionState {
    pub fn run_id(&self) -> Option<RunId> {
        match self {
            Self::Running { run, .. } => Some(*run),
            _ => None,
        }
    }
}

/// A step's status, derived from its actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepStatus {
    Pending,
    Running,
    Done,
    /// Every action ran, and at least one finished with a warning (⚠): it ran, but what it
    /// proves does not hold (not counted as done; a rerun runs it again).
    Warned,
    Failed,
}

impl StepStatus {
    pub fn of<'a>(actions: impl IntoIterator<Item = &'a ActionState>) -> Self {
        let mut all_done = true;
        let mut failed = false;
        let mut warned = false;
        for state in actions {
            match state {
                ActionState::Running { .. } => return Self::Running,
                ActionState::Failed { .. } => failed = true,
                ActionState::Done { output, .. } => {
                    warned |= output.warning.is_some();
                    continue;
                }
                ActionState::Pending { .. } => {}
            }
            all_done = false;
        }
        if failed {
            Self::Failed
        } else if all_done && warned {
            Self::Warned
        } else if all_done {
            Self::Done
        } else {
            Self::Pending
        }
    }
}
