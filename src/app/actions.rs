//! Running actions: Enter runs the selected one, `a` queues the rest of the step, Esc
//! cancels; a task's events update the action's state unless they come from a stale run.

use super::{ActionState, App, Command, RunId, TaskEvent, TaskEventKind};
use crate::steps::ActionId;

impl App {
    pub(super) fn run_selected(&mut self) -> Option<Command> {
        self.start(self.selected_action().id)
    }

    /// `a`: every action of this step not done yet, one after the other; a failure stops it.
    pub(super) fn run_remaining(&mut self) -> Option<Command> {
        if self.actions.values().any(|s| s.run_id().is_some()) {
            return None;
        }
        let mut todo: Vec<ActionId> = self
            .step()
            .actions
            .iter()
            .map(|a| a.id)
            .filter(|id| !id.is_interactive())
            .filter(|id| !matches!(self.state_of(*id), ActionState::Done { .. }))
            .collect();
        if todo.is_empty() {
            return None;
        }
        let first = todo.remove(0);
        self.queue = todo;
        self.start(first)
    }

    pub(super) fn start(&mut self, action: ActionId) -> Option<Command> {
        if matches!(self.state_of(action), ActionState::Running { .. }) {
            return None;
        }
        self.show_raw = false;
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

    pub(super) fn cancel_selected(&mut self) -> Option<Command> {
        self.queue.clear();
        let selected = self.selected_action().id;
        let (action, run) = std::iter::once(selected)
            .chain(self.actions.keys().copied())
            .find_map(|a| Some((a, self.state_of(a).run_id()?)))?;
        let note = Some("cancelled; press Enter to run it again".to_owned());
        self.actions.insert(action, ActionState::Pending { note });
        self.forget_finished_login();
        Some(Command::Cancel(run))
    }

    pub(super) fn on_task(&mut self, event: TaskEvent) -> Option<Command> {
        let Some(ActionState::Running { run, progress, .. }) = self.actions.get_mut(&event.action)
        else {
            return None;
        };
        if *run != event.run {
            return None; // a stale run: cancelled or superseded
        }
        match event.kind {
            TaskEventKind::Progress(line) => progress.push(line),
            TaskEventKind::DeviceLogin(login) => self.on_device_login(event.run, login),
            TaskEventKind::Finished { result, took } => {
                let ok = result.is_ok();
                let state = match result {
                    Ok(output) => ActionState::Done { output, took },
                    Err(failure) => ActionState::Failed { failure, took },
                };
                self.actions.insert(event.action, state);
                self.forget_finished_login();
                if !ok {
                    self.queue.clear();
                } else if !self.queue.is_empty() {
                    let next = self.queue.remove(0);
                    return self.start(next);
                }
            }
        }
        None
    }
}
