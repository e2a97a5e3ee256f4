//! What flows through `App::update`: `Msg` in (terminal events, task results), `Command`
//! out (work for the task runner or the event loop).

use std::time::Duration;

use crossterm::event::{Event, KeyEvent, KeyEventKind};

use super::inspector::InspectRequest;
use super::{ActionFailure, ActionOutput, RunId};
use crate::flow::drift::DriftRow;
use crate::flow::live_check::Stale;
use crate::state::Inputs;
use crate::state::State;
use crate::steps::ActionId;
use authgate_core::hint::Hint;
use authgate_core::jwt::inspect::Inspection;
use authgate_providers::auth0::{DeviceLoginEvent, Secret};
use authgate_sandbox::hooks_client::{HookOp, HooksSnapshot};

/// Why the system clipboard could not be read (no display over SSH, no clipboard manager…).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ClipboardError(pub String);

impl Hint for ClipboardError {
    fn fix(&self) -> String {
        "paste with your terminal's paste key instead (Ctrl-Shift-V, Cmd-V, right click): it \
         arrives the same way"
            .to_owned()
    }
}

#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Resize(u16, u16),
    /// Animation tick (only while something runs).
    Tick,
    Task(TaskEvent),
    /// Text from a bracketed paste (the terminal's paste key).
    Paste(String),
    /// The inspector's result for one run.
    Inspected {
        run: RunId,
        inspection: Box<Inspection>,
    },
    /// The system clipboard's text (Ctrl-V in the inspector), or why it could not be read.
    Clipboard(Result<String, ClipboardError>),
    /// The state file as it is after a change (for the status view and the inputs).
    Saved(Box<State>),
    TeardownProgress(String),
    TeardownFinished(Result<Vec<String>, ActionFailure>),
    /// The drift check's answer for the status view.
    Drift {
        run: RunId,
        result: Result<Vec<DriftRow>, ActionFailure>,
    },
    /// The start-up check: the steps whose records no longer match the live target.
    Live {
        run: RunId,
        result: Result<Vec<Stale>, ActionFailure>,
    },
    /// Learn mode: a step's checks (step index from 0), or why they could not run.
    Checked {
        run: RunId,
        step: usize,
        result: Result<Box<crate::check::Report>, ActionFailure>,
    },
    /// A sandbox hook's answer: what it did and the sandbox as it is now.
    Hooked {
        run: RunId,
        result: Result<(Option<String>, HooksSnapshot), ActionFailure>,
    },
}

impl Msg {
    /// The message for a terminal event, or `None` for events the wizard ignores
    /// (key releases and repeats, focus, mouse).
    pub fn from_terminal(event: &Event) -> Option<Self> {
        match event {
            Event::Key(key) if key.kind == KeyEventKind::Press => Some(Self::Key(*key)),
            Event::Resize(w, h) => Some(Self::Resize(*w, *h)),
            Event::Paste(text) => Some(Self::Paste(text.clone())),
            _ => None,
        }
    }
}

#[derive(Debug)]
pub struct TaskEvent {
    pub run: RunId,
    pub action: ActionId,
    pub kind: TaskEventKind,
}

#[derive(Debug)]
pub enum TaskEventKind {
    Progress(String),
    /// The device login's prompt, then each poll (the login screen draws them).
    DeviceLogin(DeviceLoginEvent),
    Finished {
        result: Result<ActionOutput, ActionFailure>,
        took: Duration,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Run {
        run: RunId,
        action: ActionId,
    },
    Cancel(RunId),
    Inspect {
        run: RunId,
        request: InspectRequest,
    },
    ReadClipboard,
    /// Put text on the terminal's clipboard (OSC 52); done by the event loop. A secret, as
    /// the request as code carries the test token.
    Copy(Secret),
    /// Remember the edited inputs in the state file.
    SaveInputs(Box<Inputs>),
    Teardown(RunId),
    /// Read every recorded resource back (the status view's drift check).
    CheckDrift(RunId),
    /// Read the records back at start (`Msg::Live`): the sandbox's address, every object.
    CheckLive(RunId),
    /// Learn mode: grade tutorial step `step` (1-5) with `check`.
    Check {
        run: RunId,
        step: u8,
    },
    /// One of the sandbox's teaching hooks, then a fresh snapshot.
    Hook {
        run: RunId,
        op: HookOp,
    },
    Quit,
}
