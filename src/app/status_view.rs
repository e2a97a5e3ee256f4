//! The status view: what exists (from the state file) and teardown behind a confirmation
//! that lists exactly what will be deleted.

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent};

use super::keymap::{self, Binding};
use super::{ActionFailure, Command, RunId};
use crate::flow::drift::DriftRow;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusIntent {
    Teardown,
    Recheck,
    Close,
}

/// The view's keys; `{count}` in a hint is how many objects teardown would delete.
pub const STATUS_BINDINGS: &[Binding<StatusIntent>] = &[
    Binding::new(
        &[KeyCode::Char('d')],
        StatusIntent::Teardown,
        Some("d tears down the {count} objects authgate created"),
    ),
    Binding::new(
        &[KeyCode::Char('r')],
        StatusIntent::Recheck,
        Some("r checks again"),
    ),
    Binding::new(
        &[KeyCode::Esc, KeyCode::Char('s'), KeyCode::Char('q')],
        StatusIntent::Close,
        Some("Esc closes"),
    ),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfirmIntent {
    Delete,
    Keep,
}

/// The keys of the teardown confirmation.
pub const CONFIRM_BINDINGS: &[Binding<ConfirmIntent>] = &[
    Binding::new(
        &[KeyCode::Char('y')],
        ConfirmIntent::Delete,
        Some("y deletes"),
    ),
    Binding::new(
        &[KeyCode::Char('n'), KeyCode::Esc],
        ConfirmIntent::Keep,
        Some("n keeps"),
    ),
];

/// While teardown runs, the one key that stops it.
pub const TEARDOWN_BINDINGS: &[Binding<()>] =
    &[Binding::new(&[KeyCode::Esc], (), Some("Esc cancels"))];

#[derive(Debug, Clone, PartialEq, Default)]
pub struct StatusView {
    /// The confirmation listing what teardown deletes is open.
    pub confirm: bool,
    pub teardown: Teardown,
    /// Each recorded resource read back from the account: drift, on open and with `r`.
    pub live: Live,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub enum Live {
    #[default]
    NotChecked,
    Checking(RunId),
    Checked(Vec<DriftRow>),
    Failed(ActionFailure),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub enum Teardown {
    #[default]
    Idle,
    Running {
        run: RunId,
        started: Duration,
        progress: Vec<String>,
    },
    Done(Vec<String>),
    Failed(ActionFailure),
}

/// What a key did in the status view.
#[derive(Debug, PartialEq, Eq)]
pub enum StatusEffect {
    Nothing,
    Close,
    Command(Command),
}

impl StatusView {
    /// Starts a live check (the caller sends the command).
    pub fn check(&mut self, run: RunId) -> Command {
        self.live = Live::Checking(run);
        Command::CheckDrift(run)
    }

    pub fn on_checked(&mut self, run: RunId, result: Result<Vec<DriftRow>, ActionFailure>) {
        if self.live == Live::Checking(run) {
            self.live = match result {
                Ok(rows) => Live::Checked(rows),
                Err(failure) => Live::Failed(failure),
            };
        }
    }

    pub fn running(&self) -> Option<RunId> {
        match self.teardown {
            Teardown::Running { run, .. } => Some(run),
            _ => None,
        }
    }

    /// `doomed`: how many objects teardown would delete now; `next_run` a fresh run id.
    pub fn on_key(
        &mut self,
        key: KeyEvent,
        doomed: usize,
        now: Duration,
        next_run: impl FnOnce() -> RunId,
    ) -> StatusEffect {
        if let Some(run) = self.running() {
            if keymap::lookup(TEARDOWN_BINDINGS, key.code).is_some() {
                self.teardown = Teardown::Failed(ActionFailure::new(
                    "teardown cancelled",
                    "you pressed Esc; what was deleted is off the state file",
                    "press d to delete the rest",
                ));
                return StatusEffect::Command(Command::Cancel(run));
            }
            return StatusEffect::Nothing;
        }
        if self.confirm {
            match keymap::lookup(CONFIRM_BINDINGS, key.code) {
                Some(ConfirmIntent::Delete) => {
                    self.confirm = false;
                    let run = next_run();
                    self.teardown = Teardown::Running {
                        run,
                        started: now,
                        progress: Vec::new(),
                    };
                    return StatusEffect::Command(Command::Teardown(run));
                }
                Some(ConfirmIntent::Keep) => self.confirm = false,
                None => {}
            }
            return StatusEffect::Nothing;
        }
        match keymap::lookup(STATUS_BINDINGS, key.code) {
            Some(StatusIntent::Teardown) if doomed > 0 => self.confirm = true,
            Some(StatusIntent::Recheck) if !matches!(self.live, Live::Checking(_)) => {
                return StatusEffect::Command(self.check(next_run()));
            }
            Some(StatusIntent::Close) => return StatusEffect::Close,
            _ => {}
        }
        StatusEffect::Nothing
    }

    pub fn on_progress(&mut self, line: String) {
        if let Teardown::Running { progress, .. } = &mut self.teardown {
            progress.push(line);
        }
    }

    pub fn on_finished(&mut self, result: Result<Vec<String>, ActionFailure>) {
        if self.running().is_some() {
            self.teardown = match result {
                Ok(lines) => Teardown::Done(lines),
                Err(failure) => Teardown::Failed(failure),
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(view: &mut StatusView, code: KeyCode, doomed: usize) -> StatusEffect {
        view.on_key(KeyEvent::from(code), doomed, Duration::ZERO, || RunId(9))
    }

    #[test]
    fn teardown_needs_d_then_y_and_nothing_to_delete_asks_nothing() {
        let mut view = StatusView::default();
        assert_eq!(key(&mut view, KeyCode::Char('d'), 0), StatusEffect::Nothing);
        assert!(!view.confirm);
        key(&mut view, KeyCode::Char('d'), 3);
        assert!(view.confirm);
        assert_eq!(key(&mut view, KeyCode::Char('n'), 3), StatusEffect::Nothing);
        assert!(!view.confirm);
        key(&mut view, KeyCode::Char('d'), 3);
        let effect = key(&mut view, KeyCode::Char('y'), 3);
        assert_eq!(effect, StatusEffect::Command(Command::Teardown(RunId(9))));
        view.on_progress("Lambda function deleted".into());
        assert_eq!(key(&mut view, KeyCode::Char('q'), 3), StatusEffect::Nothing);
        view.on_finished(Ok(vec!["done".into()]));
        assert_eq!(view.teardown, Teardown::Done(vec!["done".into()]));
        assert_eq!(key(&mut view, KeyCode::Esc, 0), StatusEffect::Close);
    }
}
