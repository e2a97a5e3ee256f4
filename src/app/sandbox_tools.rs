//! The sandbox tools overlay (`x`, sandbox mode only): the teaching hooks from the wizard.
//! Rotate the signing key, move the clock, show the authorizer cache with its countdown,
//! flush it. The hooks run in the task runner; each answer carries a fresh snapshot.

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent};

use super::keymap::{self, Binding};
use super::{ActionFailure, App, Command, Overlay, RunId};
use authgate_sandbox::hooks_client::{HookOp, HooksSnapshot};

const HOUR: i64 = 3600;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToolsIntent {
    Hook(HookOp),
    Close,
}

/// The overlay's keys; its hint line is made from them.
pub const TOOLS_BINDINGS: &[Binding<ToolsIntent>] = &[
    Binding::new(
        &[KeyCode::Char('k')],
        ToolsIntent::Hook(HookOp::RotateKey),
        Some("k rotate key"),
    ),
    Binding::new(
        &[KeyCode::Char('+'), KeyCode::Char('=')],
        ToolsIntent::Hook(HookOp::SkewBy(HOUR)),
        Some("+/- clock ±1 h"),
    ),
    Binding::new(
        &[KeyCode::Char('-')],
        ToolsIntent::Hook(HookOp::SkewBy(-HOUR)),
        None,
    ),
    Binding::new(
        &[KeyCode::Char('<')],
        ToolsIntent::Hook(HookOp::SkewBy(-24 * HOUR)),
        Some("< clock −1 day"),
    ),
    Binding::new(
        &[KeyCode::Char('0')],
        ToolsIntent::Hook(HookOp::ResetClock),
        Some("0 real time"),
    ),
    Binding::new(
        &[KeyCode::Char('f')],
        ToolsIntent::Hook(HookOp::FlushCache),
        Some("f flush cache"),
    ),
    Binding::new(
        &[KeyCode::Char('r')],
        ToolsIntent::Hook(HookOp::Refresh),
        Some("r refresh"),
    ),
    Binding::new(
        &[KeyCode::Esc, KeyCode::Char('x'), KeyCode::Char('q')],
        ToolsIntent::Close,
        Some("Esc close"),
    ),
];

/// What the overlay shows: the last snapshot, when it came, and what the last hook did.
#[derive(Debug, Default)]
pub struct SandboxTools {
    pub snapshot: Option<HooksSnapshot>,
    /// `App::now` when the snapshot arrived; the cache countdown runs from it.
    pub fetched_at: Duration,
    pub pending: Option<RunId>,
    pub note: Option<String>,
    pub failure: Option<ActionFailure>,
}

impl SandboxTools {
    /// Seconds left for a cached entry, counted down since the snapshot.
    pub fn seconds_left(&self, at_fetch: i64, now: Duration) -> i64 {
        let since = i64::try_from(now.saturating_sub(self.fetched_at).as_secs()).unwrap_or(0);
        (at_fetch - since).max(0)
    }

    /// True while something is counting down or a hook is on its way (the loop ticks).
    pub fn is_live(&self, now: Duration) -> bool {
        self.pending.is_some()
            || self.snapshot.as_ref().is_some_and(|s| {
                s.cache
                    .iter()
                    .any(|e| self.seconds_left(e.seconds_left, now) > 0)
            })
    }
}

impl App {
    /// `x`: opens the overlay and reads the sandbox; with a real account, says why not.
    pub(super) fn open_sandbox_tools(&mut self) -> Option<Command> {
        if !self.target.is_sandbox() {
            self.notice = Some(
                "the sandbox tools (key rotation, clock, authorizer cache) need --sandbox"
                    .to_owned(),
            );
            return None;
        }
        self.overlay = Overlay::SandboxTools(SandboxTools::default());
        self.hook(HookOp::Refresh)
    }

    pub(super) fn on_sandbox_tools_key(&mut self, key: KeyEvent) -> Option<Command> {
        match keymap::lookup(TOOLS_BINDINGS, key.code)? {
            ToolsIntent::Hook(op) => self.hook(op),
            ToolsIntent::Close => {
                self.overlay = Overlay::None;
                None
            }
        }
    }

    fn hook(&mut self, op: HookOp) -> Option<Command> {
        let run = self.new_run();
        self.overlay.sandbox_tools_mut()?.pending = Some(run);
        Some(Command::Hook { run, op })
    }

    pub(super) fn on_hooked(
        &mut self,
        run: RunId,
        result: Result<(Option<String>, HooksSnapshot), ActionFailure>,
    ) {
        let now = self.now;
        let Some(tools) = self.overlay.sandbox_tools_mut() else {
            return;
        };
        if tools.pending != Some(run) {
            return; // closed and reopened meanwhile, or superseded
        }
        tools.pending = None;
        match result {
            Ok((note, snapshot)) => {
                tools.snapshot = Some(snapshot);
                tools.fetched_at = now;
                tools.note = note;
                tools.failure = None;
            }
            Err(failure) => tools.failure = Some(failure),
        }
    }
}
