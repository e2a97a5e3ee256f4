//! The wizard's model and its one state transition, `update`. No I/O happens here: work is
//! requested by returning a `Command`, and its results come back as `Msg::Task`.

pub mod action_state;
pub mod inspector;
pub mod keymap;

use std::collections::BTreeMap;
use std::time::Duration;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

pub use action_state::{ActionFailure, ActionOutput, ActionState, RunId, StepStatus};
use inspector::{InspectRequest, InspectorEffect, InspectorModel};
use keymap::Intent;

use crate::domain::jwt::inspect::Inspection;
use crate::state::VerifierSettings;
use crate::steps::{ActionId, ActionSpec, StepSpec, StepsFile};

/// The smallest terminal the wizard draws in; below it a message asks for more room.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The local sandbox stands in for Auth0 and AWS.
    Sandbox,
    /// A real Auth0 tenant and AWS account.
    Live,
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
    Clipboard(Result<String, String>),
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
    /// Put text on the terminal's clipboard (OSC 52); done by the event loop.
    Copy(String),
    Quit,
}

pub struct App {
    pub steps: StepsFile,
    pub mode: Mode,
    /// Time since start, set by the event loop before each message: the only clock the
    /// model and the view see, so both stay deterministic under test.
    pub now: Duration,
    pub size: (u16, u16),
    pub selected_step: usize,
    selected_action: Vec<usize>,
    pub actions: BTreeMap<ActionId, ActionState>,
    pub show_help: bool,
    pub explain: bool,
    pub spinner: usize,
    /// Colour on, unless `NO_COLOR` asked otherwise at start.
    pub color: bool,
    /// The token inspector, when open (`i`, a paste, or `authgate inspect`).
    pub inspector: Option<InspectorModel>,
    /// The issuer/audience/JWKS the state file remembers, to prefill the inspector.
    pub verifier_defaults: Option<VerifierSettings>,
    next_run: u64,
}

impl App {
    pub fn new(steps: StepsFile, mode: Mode, size: (u16, u16)) -> Self {
        let selected_action = vec![0; steps.steps.len()];
        Self {
            steps,
            mode,
            now: Duration::ZERO,
            size,
            selected_step: 0,
            selected_action,
            actions: BTreeMap::new(),
            show_help: false,
            explain: false,
            spinner: 0,
            color: true,
            inspector: None,
            verifier_defaults: None,
            next_run: 0,
        }
    }

    pub fn step(&self) -> &StepSpec {
        &self.steps.steps[self.selected_step]
    }

    pub fn selected_action_index(&self) -> usize {
        self.selected_action[self.selected_step]
    }

    pub fn selected_action(&self) -> &ActionSpec {
        &self.step().actions[self.selected_action_index()]
    }

    pub fn state_of(&self, action: ActionId) -> &ActionState {
        static PENDING: ActionState = ActionState::Pending { note: None };
        self.actions.get(&action).unwrap_or(&PENDING)
    }

    /// Mark the actions the state file records as finished, so a reopened wizard resumes.
    pub fn resume(&mut self, state: &crate::state::State) {
        self.verifier_defaults.clone_from(&state.verifier);
        for id in crate::steps::ActionId::ALL {
            if let Some(record) = state.actions.get(id.key()) {
                let output = ActionOutput {
                    summary: record.summary.clone(),
                    details: vec![format!(
                        "recorded {} (from an earlier run; Enter runs it again)",
                        record.at
                    )],
                };
                self.actions.insert(
                    id,
                    ActionState::Done {
                        output,
                        took: Duration::ZERO,
                    },
                );
            }
        }
    }

    #[cfg(test)]
    pub fn selected_action_for_test(&mut self, index: usize) {
        self.selected_action[self.selected_step] = index;
    }

    pub fn step_status(&self, step: &StepSpec) -> StepStatus {
        StepStatus::of(step.actions.iter().map(|a| self.state_of(a.id)))
    }

    /// True while something runs, so the loop keeps ticking the spinner; idle = no ticks.
    pub fn is_animating(&self) -> bool {
        self.actions
            .values()
            .any(|s| matches!(s, ActionState::Running { .. }))
    }

    pub fn too_small(&self) -> bool {
        self.size.0 < MIN_WIDTH || self.size.1 < MIN_HEIGHT
    }

    pub fn update(&mut self, msg: Msg) -> Option<Command> {
        match msg {
            Msg::Key(key) if self.inspector.is_some() => {
                if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
                    return Some(Command::Quit); // Ctrl-C; a plain q is typed into the form
                }
                let effect = self.inspector.as_mut()?.on_key(key)?;
                self.apply_inspector_effect(effect)
            }
            Msg::Key(key) => self.on_intent(keymap::intent_for(key)?),
            Msg::Paste(text) => {
                if self.inspector.is_none() {
                    self.open_inspector("", None);
                }
                let effect = self.inspector.as_mut()?.on_paste(&text)?;
                self.apply_inspector_effect(effect)
            }
            Msg::Inspected { run, inspection } => {
                if let Some(model) = self.inspector.as_mut() {
                    model.on_inspected(run, *inspection);
                }
                None
            }
            Msg::Clipboard(result) => {
                let model = self.inspector.as_mut()?;
                match result {
                    Ok(text) => {
                        let effect = model.on_paste(&text)?;
                        self.apply_inspector_effect(effect)
                    }
                    Err(detail) => {
                        model.on_clipboard_failed(&detail);
                        None
                    }
                }
            }
            Msg::Resize(w, h) => {
                self.size = (w, h);
                None
            }
            Msg::Tick => {
                self.spinner = self.spinner.wrapping_add(1);
                None
            }
            Msg::Task(event) => {
                self.on_task(event);
                None
            }
        }
    }

    fn on_intent(&mut self, intent: Intent) -> Option<Command> {
        if self.show_help && !matches!(intent, Intent::Quit) {
            // The overlay swallows everything but quit; `?` and Esc close it.
            self.show_help = !matches!(intent, Intent::Help | Intent::Back);
            return None;
        }
        let last_step = self.steps.steps.len() - 1;
        let last_action = self.step().actions.len() - 1;
        let slot = self.selected_step;
        match intent {
            Intent::NextStep => self.selected_step = (self.selected_step + 1).min(last_step),
            Intent::PrevStep => self.selected_step = self.selected_step.saturating_sub(1),
            Intent::NextAction => {
                self.selected_action[slot] = (self.selected_action[slot] + 1).min(last_action);
            }
            Intent::PrevAction => {
                self.selected_action[slot] = self.selected_action[slot].saturating_sub(1);
            }
            Intent::Explain => self.explain = !self.explain,
            Intent::Help => self.show_help = true,
            Intent::Inspect => {
                let effect = self.open_inspector("", None);
                return self.apply_inspector_effect(effect);
            }
            Intent::Run => return self.run_selected(),
            Intent::Back => return Some(self.cancel_selected().unwrap_or(Command::Quit)),
            Intent::Quit => return Some(Command::Quit),
        }
        None
    }

    /// Opens the inspector with `token` and the remembered verifier settings, and asks for
    /// the first inspection.
    pub fn open_inspector(&mut self, token: &str, method_arn: Option<&str>) -> InspectorEffect {
        let defaults = self
            .verifier_defaults
            .clone()
            .unwrap_or_else(|| VerifierSettings {
                issuer: String::new(),
                audience: String::new(),
                jwks_uri: String::new(),
            });
        let mut model = InspectorModel::new(
            token,
            &defaults.issuer,
            &defaults.audience,
            &defaults.jwks_uri,
        );
        if let Some(arn) = method_arn {
            model.set(inspector::Field::MethodArn, arn);
        }
        let request = model.request();
        self.inspector = Some(model);
        InspectorEffect::Inspect(request)
    }

    /// The command for an inspector effect (the event loop uses it for the first inspection).
    pub fn apply_inspector_effect(&mut self, effect: InspectorEffect) -> Option<Command> {
        match effect {
            InspectorEffect::Inspect(request) => {
                self.next_run += 1;
                let run = RunId(self.next_run);
                self.inspector.as_mut()?.pending = Some(run);
                Some(Command::Inspect { run, request })
            }
            InspectorEffect::ReadClipboard => Some(Command::ReadClipboard),
            InspectorEffect::Close if self.inspector.as_ref()?.standalone => Some(Command::Quit),
            InspectorEffect::Close => {
                self.inspector = None;
                None
            }
        }
    }

    fn run_selected(&mut self) -> Option<Command> {
        let action = self.selected_action().id;
        if matches!(self.state_of(action), ActionState::Running { .. }) {
            return None;
        }
        self.next_run += 1;
        let run = RunId(self.next_run);
        let started = self.now;
        self.actions.insert(
            action,
            ActionState::Running {
                run,
                started,
                progress: Vec::new(),
            },
        );
        Some(Command::Run { run, action })
    }

    fn cancel_selected(&mut self) -> Option<Command> {
        let action = self.selected_action().id;
        let run = self.state_of(action).run_id()?;
        let note = Some("cancelled; press Enter to run it again".to_owned());
        self.actions.insert(action, ActionState::Pending { note });
        Some(Command::Cancel(run))
    }

    fn on_task(&mut self, event: TaskEvent) {
        let Some(ActionState::Running { run, progress, .. }) = self.actions.get_mut(&event.action)
        else {
            return;
        };
        if *run != event.run {
            return; // a stale run: cancelled or superseded
        }
        match event.kind {
            TaskEventKind::Progress(line) => progress.push(line),
            TaskEventKind::Finished { result, took } => {
                let state = match result {
                    Ok(output) => ActionState::Done { output, took },
                    Err(failure) => ActionState::Failed { failure, took },
                };
                self.actions.insert(event.action, state);
            }
        }
    }
}

#[cfg(test)]
mod tests;
