//! The wizard's model and its one state transition, `update`. No I/O happens here: work is
//! requested by returning a `Command`, and its results come back as `Msg::Task`.

pub mod action_state;
mod actions;
mod code_view;
pub mod form;
pub mod inspector;
pub mod keymap;
mod messages;
mod open;
pub mod sandbox_tools;
pub mod status_view;

use std::collections::BTreeMap;
use std::time::Duration;

use crossterm::event::{KeyCode, KeyModifiers};

pub use action_state::{ActionFailure, ActionOutput, ActionState, RunId, StepStatus};
use inspector::InspectorModel;
use keymap::Intent;
pub use messages::{ClipboardError, Command, Msg, TaskEvent, TaskEventKind};

use crate::flow::inputs::Inputs;
use crate::snippets::Language;
use crate::state::State;
use crate::state::VerifierSettings;
use crate::steps::{ActionId, ActionSpec, StepSpec, StepsFile};
use form::{Form, FormEffect};
use sandbox_tools::SandboxTools;
use status_view::{StatusEffect, StatusView};

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

#[allow(clippy::struct_excessive_bools)] // independent view toggles, not a state machine
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
    /// The issuer/audience/JWKS given on the command line; else the state's prefill the inspector.
    pub verifier_defaults: Option<VerifierSettings>,
    next_run: u64,
    /// What `a` queued after the running action, in order.
    pub queue: Vec<ActionId>,
    pub inputs: Inputs,
    pub form: Option<Form>,
    pub status_view: Option<StatusView>,
    /// The last saved state: what exists, for the status view.
    pub saved: State,
    /// Show a failure's raw response.
    pub show_raw: bool,
    /// The language step 5 shows its requests in.
    pub language: Language,
    /// The request-as-code overlay (`g`) is open.
    pub show_code: bool,
    /// The sandbox tools overlay (`x`), when open.
    pub sandbox_tools: Option<SandboxTools>,
    /// A one-off note for the result pane (what `c` copied); the next key clears it.
    pub notice: Option<String>,
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
            queue: Vec::new(),
            inputs: Inputs::default(),
            form: None,
            status_view: None,
            saved: State::new(),
            show_raw: false,
            language: Language::Curl,
            show_code: false,
            sandbox_tools: None,
            notice: None,
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
    pub fn resume(&mut self, state: &State) {
        self.inputs = state.inputs.clone().unwrap_or_default();
        self.saved = state.clone();
        for id in crate::steps::ActionId::ALL {
            if let Some(record) = state.actions.get(id.key()) {
                let output = ActionOutput::new(record.summary.clone()).detail(format!(
                    "recorded {} (from an earlier run; Enter runs it again)",
                    record.at
                ));
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
            || self.status_view.as_ref().is_some_and(|v| {
                v.running().is_some() || matches!(v.live, status_view::Live::Checking(_))
            })
            || self
                .sandbox_tools
                .as_ref()
                .is_some_and(|t| t.is_live(self.now))
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
            Msg::Key(key) => self.on_key(key),
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
                    Err(error) => {
                        model.on_clipboard_failed(&error);
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
            Msg::Task(event) => self.on_task(event),
            Msg::Saved(state) => {
                self.saved = *state;
                None
            }
            Msg::TeardownProgress(line) => {
                if let Some(view) = &mut self.status_view {
                    view.on_progress(line);
                }
                None
            }
            Msg::Drift { run, result } => {
                if let Some(view) = &mut self.status_view {
                    view.on_checked(run, result);
                }
                None
            }
            Msg::Hooked { run, result } => {
                self.on_hooked(run, result);
                None
            }
            Msg::TeardownFinished(result) => {
                if let Some(view) = &mut self.status_view {
                    view.on_finished(result);
                }
                self.actions.clear();
                None
            }
        }
    }

    /// The form and the status view take keys first; everything else goes by the key table.
    fn on_key(&mut self, key: crossterm::event::KeyEvent) -> Option<Command> {
        if let Some(form) = &mut self.form {
            return match form.on_key(key, &mut self.inputs) {
                FormEffect::Nothing => None,
                FormEffect::Close => {
                    self.form = None;
                    None
                }
                FormEffect::Changed => Some(Command::SaveInputs(Box::new(self.inputs.clone()))),
            };
        }
        if let Some(view) = &mut self.status_view {
            let doomed = crate::flow::teardown::plan(&self.saved, false).len();
            let next = &mut self.next_run;
            let effect = view.on_key(key, doomed, self.now, || {
                *next += 1;
                RunId(*next)
            });
            return match effect {
                StatusEffect::Nothing => None,
                StatusEffect::Close => {
                    self.status_view = None;
                    None
                }
                StatusEffect::Command(command) => Some(command),
            };
        }
        self.notice = None;
        if self.show_code {
            return self.on_code_key(key);
        }
        if self.sandbox_tools.is_some() {
            return self.on_sandbox_tools_key(key);
        }
        self.on_intent(keymap::intent_for(key)?)
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
            Intent::RunAll => return self.run_remaining(),
            Intent::Settings => self.form = Form::for_step(self.selected_step),
            Intent::Status => return self.open_status_view(),
            Intent::Raw => self.show_raw = !self.show_raw,
            Intent::Copy => return self.copy_request(),
            Intent::Code => self.show_code = self.sent_request().is_some(),
            Intent::SandboxTools => return self.open_sandbox_tools(),
            Intent::Back => return Some(self.cancel_selected().unwrap_or(Command::Quit)),
            Intent::Quit => return Some(Command::Quit),
        }
        None
    }
}

#[cfg(test)]
mod tests;
