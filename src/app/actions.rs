//! Running actions: Enter runs the selected one, `a` queues the rest of the step, Esc
//! cancels; a task's events update the action's state unless they come from a stale run.

use super::{ActionState, App, Command, TaskEvent, TaskEventKind};
use crate::steps::ActionId;

impl App {
    /// Enter: the selected action now, or, while another one runs, queued behind it (said).
    pub(super) fn run_selected(&mut self) -> Option<Command> {
        let action = self.selected_action().id;
        let running = self
            .actions
            .iter()
            .find(|(a, s)| **a != action && s.run_id().is_some())
            .map(|(a, _)| *a);
        let gap = self.earlier_gap();
        if let Some(running) = running {
            if !self.queue.contains(&action) {
                self.queue.push(action);
            }
            self.notice = Some(format!(
                "queued {}: it runs after {} finishes (Esc cancels){gap}",
                self.title_of(action),
                self.title_of(running)
            ));
            return None;
        }
        if !gap.is_empty() {
            self.notice = Some(format!("running {}{gap}", self.title_of(action)));
        }
        self.start(action)
    }

    /// `a`: every action of this step not done yet, one after the other; a failure stops it.
    /// While another action runs, they queue behind it (and the result pane says so).
    pub(super) fn run_remaining(&mut self) -> Option<Command> {
        let step = self.selected_step + 1;
        let running = self
            .actions
            .iter()
            .find(|(_, s)| s.run_id().is_some())
            .map(|(a, _)| *a);
        let todo: Vec<ActionId> = self
            .step()
            .actions
            .iter()
            .map(|a| a.id)
            .filter(|id| !id.is_interactive())
            .filter(|id| !matches!(self.state_of(*id), ActionState::Done { output, .. } if output.warning.is_none()))
            .filter(|id| Some(*id) != running && !self.queue.contains(id))
            .collect();
        if todo.is_empty() {
            self.notice = Some(
                if running.is_some_and(|a| self.step().actions.iter().any(|s| s.id == a)) {
                    format!("step {step} is running; its other actions are queued already")
                } else {
                    format!(
                        "every action of step {step} has finished; Enter runs the selected one again"
                    )
                },
            );
            return None;
        }
        let gap = self.earlier_gap();
        if let Some(running) = running {
            self.notice = Some(format!(
                "queued {} action(s) of step {step}: they run after {} finishes{gap}",
                todo.len(),
                self.title_of(running)
            ));
            self.queue.extend(todo);
            return None;
        }
        if !gap.is_empty() {
            self.notice = Some(format!("running step {step}{gap}"));
        }
        let mut todo = todo;
        let first = todo.remove(0);
        self.queue = todo;
        self.start(first)
    }

    /// ", but step N has not run: …" when an earlier step is neither done nor queued; step 5
    /// against a stage step 4 never secured tests an open API.
    fn earlier_gap(&self) -> String {
        let earlier = self.steps.steps.iter().take(self.selected_step).enumerate();
        for (i, step) in earlier {
            let pending = step.actions.iter().any(|a| {
                !a.id.is_interactive()
                    && !matches!(
                        self.state_of(a.id),
                        ActionState::Done { .. } | ActionState::Running { .. }
                    )
                    && !self.queue.contains(&a.id)
            });
            if pending {
                return format!(
                    "; note: step {} has not finished, so this step may test what is not set up \
                     (press h to go back)",
                    i + 1
                );
            }
        }
        String::new()
    }

    fn title_of(&self, action: ActionId) -> String {
        self.steps
            .steps
            .iter()
            .flat_map(|s| &s.actions)
            .find(|a| a.id == action)
            .map_or_else(|| action.key().to_owned(), |a| format!("\"{}\"", a.title))
    }

    pub(super) fn start(&mut self, action: ActionId) -> Option<Command> {
        if matches!(self.state_of(action), ActionState::Running { .. }) {
            return None;
        }
        self.show_raw = false;
        let was_resumed = self.resumed.remove(&action);
        if let Some(done @ ActionState::Done { .. }) = self.actions.get(&action) {
            self.before_run.insert(action, (done.clone(), was_resumed));
        }
        let run = self.new_run();
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
        let state = match self.before_run.remove(&action) {
            Some((before, was_resumed)) => {
                self.notice = Some("cancelled; the earlier result stands".to_owned());
                // Still the recorded result: the start-up live check may still drop it.
                if was_resumed {
                    self.resumed.insert(action);
                }
                before
            }
            None => ActionState::Pending {
                note: Some("cancelled; press Enter to run it again".to_owned()),
            },
        };
        self.actions.insert(action, state);
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
                self.before_run.remove(&event.action);
                self.forget_finished_login();
                if !ok {
                    if !self.queue.is_empty() {
                        self.notice = Some(format!(
                            "{} failed: the {} queued action(s) after it did not run",
                            self.title_of(event.action),
                            self.queue.len()
                        ));
                    }
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
