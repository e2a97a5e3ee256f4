//! The wizard's model and its one state transition, `update`. No I/O happens here: work is
//! requested by returning a `Command`, and its results come back as `Msg::Task`.

pub mod action_state;
mod actions;
pub mod code_view;
pub mod form;
pub mod inspector;
pub mod keymap;
pub mod learn;
pub mod live;
pub mod login;
mod messages;
mod open;
pub mod overlay;
pub mod sandbox_tools;
pub mod status_view;

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

pub use action_state::{ActionFailure, ActionOutput, ActionState, RunId, StepStatus};
use keymap::{HelpIntent, Intent};
pub use messages::{ClipboardError, Command, Msg, TaskEvent, TaskEventKind};
pub use overlay::Overlay;

use crate::snippets::Language;
use crate::state::Inputs;
use crate::state::VerifierSettings;
use crate::state::{State, Target};
use crate::steps::{ActionId, ActionSpec, StepSpec, StepsFile};
use authgate_providers::auth0::Secret;
use form::{Form, FormEffect};
use status_view::StatusEffect;

/// The smallest terminal the wizard draws in; below it a message asks for more room.
pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

pub struct App {
    pub steps: StepsFile,
    pub target: Target,
    /// Time since start, set by the event loop before each message: the only clock the
    /// model and the view see, so both stay deterministic under test.
    pub now: Duration,
    pub size: (u16, u16),
    pub selected_step: usize,
    selected_action: Vec<usize>,
    pub actions: BTreeMap<ActionId, ActionState>,
    /// What covers the step screen, if anything; it takes the keys.
    pub overlay: Overlay,
    /// The step screen explains the console / CLI way (a view of the step, not an overlay).
    pub explain: bool,
    pub spinner: usize,
    /// Colour on, unless `NO_COLOR` asked otherwise at start.
    pub color: bool,
    /// The issuer/audience/JWKS given on the command line; else the state's prefill the inspector.
    pub verifier_defaults: Option<VerifierSettings>,
    next_run: u64,
    /// What `a` queued after the running action, in order.
    pub queue: Vec<ActionId>,
    pub inputs: Inputs,
    /// The last saved state: what exists, for the status view.
    pub saved: State,
    /// Show a failure's raw response.
    pub show_raw: bool,
    /// The language step 5 shows its requests in.
    pub language: Language,
    /// A one-off note for the result pane (what `c` copied); the next key clears it.
    pub notice: Option<String>,
    /// The device login's prompt and polls while "Log in as a user" runs.
    pub login: Option<login::LoginView>,
    /// Actions showing the state file's record, not a run of this session.
    pub resumed: BTreeSet<ActionId>,
    /// The start-up check of those records against the live target.
    pub live: live::Live,
    /// A finished action's result while it runs again, and whether it was still a resumed
    /// one (unchecked against the live target): Esc puts both back.
    before_run: BTreeMap<ActionId, (ActionState, bool)>,
    /// Learn mode: per step "do it for me" or "I'll do it", and the step's checks.
    pub learn: learn::Learn,
}

impl App {
    pub fn new(steps: StepsFile, target: Target, size: (u16, u16)) -> Self {
        let selected_action = vec![0; steps.steps.len()];
        Self {
            steps,
            target,
            now: Duration::ZERO,
            size,
            selected_step: 0,
            selected_action,
            actions: BTreeMap::new(),
            overlay: Overlay::None,
            explain: false,
            spinner: 0,
            color: true,
            verifier_defaults: None,
            next_run: 0,
            queue: Vec::new(),
            inputs: Inputs::default(),
            saved: State::new(),
            show_raw: false,
            language: Language::Curl,
            notice: None,
            login: None,
            resumed: BTreeSet::new(),
            live: live::Live::Idle,
            before_run: BTreeMap::new(),
            learn: learn::Learn::default(),
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

    /// The test token step 1 fetched in this run (kept in memory only).
    pub fn current_test_token(&self) -> Option<&str> {
        match self.state_of(ActionId::FetchTestToken) {
            ActionState::Done { output, .. } => output.token.as_ref().map(Secret::expose),
            _ => None,
        }
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
                self.resumed.insert(id);
            }
        }
    }

    #[cfg(test)]
    pub fn selected_action_for_test(&mut self, index: usize) {
        self.selected_action[self.selected_step] = index;
    }

    /// An interactive action counts once it has been run; not run, it holds nothing up. A
    /// step in "I'll do it" takes its mark from its checks (pending until they run).
    pub fn step_status(&self, step: &StepSpec) -> StepStatus {
        if let Some(index) = self.steps.steps.iter().position(|s| s.id == step.id)
            && self.learn.mode(index) == learn::Mode::IllDoIt
        {
            return self.learn.verdict(index).unwrap_or(StepStatus::Pending);
        }
        StepStatus::of(step.actions.iter().filter_map(|a| {
            let state = self.state_of(a.id);
            let optional = a.id.is_interactive() && matches!(state, ActionState::Pending { .. });
            (!optional).then_some(state)
        }))
    }

    /// True while something runs, so the loop keeps ticking the spinner; idle = no ticks.
    pub fn is_animating(&self) -> bool {
        self.actions
            .values()
            .any(|s| matches!(s, ActionState::Running { .. }))
            || matches!(self.live, live::Live::Checking(_))
            || self.overlay.status_view().is_some_and(|v| {
                v.running().is_some() || matches!(v.live, status_view::Live::Checking(_))
            })
            || self
                .overlay
                .sandbox_tools()
                .is_some_and(|t| t.is_live(self.now))
            || (0..self.steps.steps.len())
                .any(|i| matches!(self.learn.checks(i), learn::StepChecks::Running(_)))
    }

    pub fn too_small(&self) -> bool {
        self.size.0 < MIN_WIDTH || self.size.1 < MIN_HEIGHT
    }

    pub fn update(&mut self, msg: Msg) -> Option<Command> {
        match msg {
            // The one place Ctrl-C is read: it quits whatever is open.
            Msg::Key(key) if keymap::is_quit_chord(key) => Some(Command::Quit),
            Msg::Key(key) => self.on_key(key),
            Msg::Paste(text) => {
                if self.overlay.inspector().is_none() {
                    self.open_inspector("", None);
                }
                let effect = self.overlay.inspector_mut()?.on_paste(&text)?;
                self.apply_inspector_effect(effect)
            }
            Msg::Inspected { run, inspection } => {
                if let Some(model) = self.overlay.inspector_mut() {
                    model.on_inspected(run, *inspection);
                }
                None
            }
            Msg::Clipboard(result) => {
                let model = self.overlay.inspector_mut()?;
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
                if let Some(view) = self.overlay.status_view_mut() {
                    view.on_progress(line);
                }
                None
            }
            Msg::Drift { run, result } => {
                if let Some(view) = self.overlay.status_view_mut() {
                    view.on_checked(run, result);
                }
                None
            }
            Msg::Live { run, result } => {
                self.on_live(run, result);
                None
            }
            Msg::Hooked { run, result } => {
                self.on_hooked(run, result);
                None
            }
            Msg::Checked { run, step, result } => {
                self.learn
                    .on_checked(step, run, result.map(|report| *report));
                None
            }
            Msg::TeardownFinished(result) => {
                if let Some(view) = self.overlay.status_view_mut() {
                    view.on_finished(result);
                }
                self.actions.clear();
                None
            }
        }
    }

    /// The open overlay takes the key; with none open, it goes by the main key table.
    fn on_key(&mut self, key: crossterm::event::KeyEvent) -> Option<Command> {
        match &mut self.overlay {
            Overlay::Inspector { model, .. } => {
                let effect = model.on_key(key)?;
                return self.apply_inspector_effect(effect);
            }
            Overlay::Form(form) => {
                return match form.on_key(key, &mut self.inputs) {
                    FormEffect::Nothing => None,
                    FormEffect::Close => {
                        self.overlay = Overlay::None;
                        None
                    }
                    FormEffect::Changed => Some(Command::SaveInputs(Box::new(self.inputs.clone()))),
                };
            }
            Overlay::Status(view) => {
                let doomed = crate::flow::teardown::plan(&self.saved, false).len();
                let next = &mut self.next_run;
                let effect = view.on_key(key, doomed, self.now, || {
                    *next += 1;
                    RunId(*next)
                });
                return match effect {
                    StatusEffect::Nothing => None,
                    StatusEffect::Close => {
                        self.overlay = Overlay::None;
                        None
                    }
                    StatusEffect::Command(command) => Some(command),
                };
            }
            Overlay::None | Overlay::Help | Overlay::Code | Overlay::SandboxTools(_) => {}
        }
        self.notice = None;
        match self.overlay {
            Overlay::Code => self.on_code_key(key),
            Overlay::SandboxTools(_) => self.on_sandbox_tools_key(key),
            Overlay::Help => self.on_help_key(key),
            _ => self.on_intent(keymap::intent_for(key)?),
        }
    }

    /// The help overlay swallows every key but its own.
    fn on_help_key(&mut self, key: crossterm::event::KeyEvent) -> Option<Command> {
        match keymap::lookup(keymap::HELP_BINDINGS, key.code)? {
            HelpIntent::Close => self.overlay = Overlay::None,
            HelpIntent::Quit => return Some(Command::Quit),
        }
        None
    }

    fn on_intent(&mut self, intent: Intent) -> Option<Command> {
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
            Intent::Help => self.overlay = Overlay::Help,
            Intent::Inspect => {
                // The test token step 1 fetched in this run, when there is one.
                let token = self.current_test_token().map(str::to_owned);
                let effect = self.open_inspector(token.as_deref().unwrap_or_default(), None);
                return self.apply_inspector_effect(effect);
            }
            Intent::Run => return self.run_selected(),
            Intent::RunAll => return self.run_remaining(),
            Intent::Settings => {
                if let Some(form) = Form::for_step(self.selected_step) {
                    self.overlay = Overlay::Form(form);
                }
            }
            Intent::Status => return self.open_status_view(),
            Intent::Raw => self.show_raw = !self.show_raw,
            Intent::Copy if self.learn.mode(slot) == learn::Mode::IllDoIt => {
                return self.check_step();
            }
            Intent::Copy => return self.copy_request(),
            Intent::Mode => self.learn.toggle(slot),
            Intent::Code => {
                if self.sent_request().is_some() {
                    self.overlay = Overlay::Code;
                }
            }
            Intent::SandboxTools => return self.open_sandbox_tools(),
            Intent::Back => return Some(self.cancel_selected().unwrap_or(Command::Quit)),
            Intent::Quit => return Some(Command::Quit),
        }
        None
    }
}

impl App {
    /// A new run id: results carrying an older one are stale and dropped.
    fn new_run(&mut self) -> RunId {
        self.next_run += 1;
        RunId(self.next_run)
    }
}

#[cfg(test)]
mod live_tests;
#[cfg(test)]
mod tests;
