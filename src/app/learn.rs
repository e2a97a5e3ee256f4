//! Learn mode: per step, "do it for me" (the actions, as always) or "I'll do it" (the learner
//! follows the tutorial's instructions in the console or with the CLI, and `c` grades the
//! step with `check`). The first `c` shows ✓/✗ per check with a nudge; a second `c` while
//! checks fail reveals their exact fix; then `c` checks again. Hints stay after a pass (they
//! are learning material). Pure: the checks run in the task runner.

use std::collections::{BTreeMap, BTreeSet};

use super::RunId;
use super::messages::Command;
use crate::check::{CheckResult, Report, Status};
use crate::flow::ActionFailure;

/// How the learner does a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    DoItForMe,
    IllDoIt,
}

/// One step's checks in learn mode.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum StepChecks {
    #[default]
    NotRun,
    Running(RunId),
    Done(Vec<CheckResult>),
    /// The checks could not run at all (no credentials, the sandbox gone).
    Failed(ActionFailure),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Learn {
    modes: BTreeMap<usize, Mode>,
    checks: BTreeMap<usize, StepChecks>,
    /// Checks whose exact fix the learner asked for (by id).
    pub revealed: BTreeSet<&'static str>,
}

/// What `c` does in "I'll do it".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckKey {
    /// Run the step's checks (the caller turns it into a command).
    Run,
    /// Only show the failing checks' fixes.
    Revealed,
}

impl Learn {
    pub fn mode(&self, step: usize) -> Mode {
        self.modes.get(&step).copied().unwrap_or_default()
    }

    pub fn toggle(&mut self, step: usize) {
        let next = match self.mode(step) {
            Mode::DoItForMe => Mode::IllDoIt,
            Mode::IllDoIt => Mode::DoItForMe,
        };
        self.modes.insert(step, next);
    }

    pub fn checks(&self, step: usize) -> &StepChecks {
        static NOT_RUN: StepChecks = StepChecks::NotRun;
        self.checks.get(&step).unwrap_or(&NOT_RUN)
    }

    /// `c`: reveal the fixes of failing checks not yet revealed, else run the checks.
    pub fn on_check_key(&mut self, step: usize) -> Option<CheckKey> {
        match self.checks(step) {
            StepChecks::Running(_) => None,
            StepChecks::Done(results) => {
                let hidden: Vec<&'static str> = results
                    .iter()
                    .filter(|c| c.status == Status::Fail && !self.revealed.contains(c.id))
                    .map(|c| c.id)
                    .collect();
                if hidden.is_empty() {
                    Some(CheckKey::Run)
                } else {
                    self.revealed.extend(hidden);
                    Some(CheckKey::Revealed)
                }
            }
            StepChecks::NotRun | StepChecks::Failed(_) => Some(CheckKey::Run),
        }
    }

    pub fn started(&mut self, step: usize, run: RunId) {
        self.checks.insert(step, StepChecks::Running(run));
    }

    /// A run's result; an older run's is dropped.
    pub fn on_checked(&mut self, step: usize, run: RunId, result: Result<Report, ActionFailure>) {
        if self.checks(step) != &StepChecks::Running(run) {
            return;
        }
        let checks = match result {
            Ok(report) => StepChecks::Done(report.checks().cloned().collect()),
            Err(failure) => StepChecks::Failed(failure),
        };
        self.checks.insert(step, checks);
    }

    /// The step's mark from its checks: `None` when they never ran.
    pub fn verdict(&self, step: usize) -> Option<super::StepStatus> {
        use super::StepStatus;
        Some(match self.checks(step) {
            StepChecks::NotRun => return None,
            StepChecks::Running(_) => StepStatus::Running,
            StepChecks::Failed(_) => StepStatus::Failed,
            StepChecks::Done(results) if results.iter().all(CheckResult::ok) => StepStatus::Done,
            StepChecks::Done(results) if results.iter().any(|c| c.status == Status::Fail) => {
                StepStatus::Failed
            }
            StepChecks::Done(_) => StepStatus::Warned,
        })
    }
}

impl super::App {
    /// `c` in "I'll do it": the step's checks (a command), or their fixes revealed.
    pub(super) fn check_step(&mut self) -> Option<Command> {
        let slot = self.selected_step;
        match self.learn.on_check_key(slot)? {
            CheckKey::Revealed => None,
            CheckKey::Run => {
                let run = self.new_run();
                self.learn.started(slot, run);
                let step = u8::try_from(slot + 1).unwrap_or(u8::MAX);
                Some(Command::Check { run, step })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{Fix, StepReport, TargetKind};

    fn result(id: &'static str, status: Status) -> CheckResult {
        CheckResult {
            id,
            step: 3,
            title: id.to_owned(),
            status,
            what: "found".into(),
            hint: Some("nudge".into()),
            fix: Some(Fix::default()),
            follows_from: None,
        }
    }

    fn report(checks: Vec<CheckResult>) -> Report {
        Report {
            target: TargetKind::Sandbox,
            subject: String::new(),
            steps: vec![StepReport {
                step: 3,
                title: "t".into(),
                checks,
            }],
        }
    }

    #[test]
    fn c_runs_then_reveals_the_failing_fixes_then_runs_again() {
        let mut learn = Learn::default();
        assert_eq!(learn.mode(2), Mode::DoItForMe);
        learn.toggle(2);
        assert_eq!(learn.mode(2), Mode::IllDoIt);
        assert_eq!(learn.on_check_key(2), Some(CheckKey::Run));
        learn.started(2, RunId(1));
        assert_eq!(learn.on_check_key(2), None, "one run at a time");
        assert_eq!(learn.verdict(2), Some(crate::app::StepStatus::Running));
        let failing = vec![
            result("step3.a", Status::Pass),
            result("step3.b", Status::Fail),
        ];
        learn.on_checked(2, RunId(0), Ok(report(vec![])));
        assert_eq!(
            learn.checks(2),
            &StepChecks::Running(RunId(1)),
            "stale run dropped"
        );
        learn.on_checked(2, RunId(1), Ok(report(failing)));
        assert_eq!(learn.verdict(2), Some(crate::app::StepStatus::Failed));
        assert!(learn.revealed.is_empty(), "the nudge first");
        assert_eq!(learn.on_check_key(2), Some(CheckKey::Revealed));
        assert!(learn.revealed.contains("step3.b"));
        assert_eq!(learn.on_check_key(2), Some(CheckKey::Run));
        learn.started(2, RunId(2));
        learn.on_checked(
            2,
            RunId(2),
            Ok(report(vec![result("step3.b", Status::Pass)])),
        );
        assert_eq!(learn.verdict(2), Some(crate::app::StepStatus::Done));
    }
}
