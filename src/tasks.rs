//! The task runner: the only place that spawns. Each `Command::Run` becomes a tokio task
//! whose progress and result come back as `TaskEvent`s on one channel; `Cancel` aborts it.

mod perform;
pub mod store;

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Instant;

use futures::FutureExt;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::task::AbortHandle;

use crate::app::{ActionFailure, Command, Mode, RunId, TaskEvent, TaskEventKind};
use crate::steps::ActionId;

/// What every action can reach: the mode, the shared state file; clients as they land.
pub struct TaskContext {
    pub mode: Mode,
    pub store: store::StateStore,
}

pub struct Runner {
    tx: UnboundedSender<TaskEvent>,
    running: HashMap<RunId, AbortHandle>,
    context: Arc<TaskContext>,
}

/// Sends one run's progress lines back to the app.
#[derive(Clone)]
pub struct Progress {
    tx: UnboundedSender<TaskEvent>,
    run: RunId,
    action: ActionId,
}

impl Progress {
    pub fn line(&self, text: impl Into<String>) {
        // The receiver is gone only when the app is quitting; nothing to report to then.
        let _ = self.tx.send(TaskEvent {
            run: self.run,
            action: self.action,
            kind: TaskEventKind::Progress(text.into()),
        });
    }
}

impl Runner {
    pub fn new(context: TaskContext) -> (Self, UnboundedReceiver<TaskEvent>) {
        let (tx, rx) = unbounded_channel();
        let runner = Self {
            tx,
            running: HashMap::new(),
            context: Arc::new(context),
        };
        (runner, rx)
    }

    /// Carry out a command. `Quit` is the event loop's to handle; here it stops everything.
    pub fn execute(&mut self, command: Command) {
        match command {
            Command::Run { run, action } => self.spawn(run, action),
            Command::Cancel(run) => {
                if let Some(handle) = self.running.remove(&run) {
                    handle.abort();
                }
            }
            Command::Quit => self.shutdown(),
        }
    }

    pub fn shutdown(&mut self) {
        for (_, handle) in self.running.drain() {
            handle.abort();
        }
    }

    fn spawn(&mut self, run: RunId, action: ActionId) {
        self.running.retain(|_, handle| !handle.is_finished());
        let progress = Progress {
            tx: self.tx.clone(),
            run,
            action,
        };
        let context = Arc::clone(&self.context);
        let tx = self.tx.clone();
        let handle = tokio::spawn(async move {
            let started = Instant::now();
            let work = perform::perform(action, &context, &progress);
            // Release builds abort on panic (after the terminal is restored); this catch is
            // for unwinding builds, so a panicking action fails instead of vanishing.
            let result = AssertUnwindSafe(work)
                .catch_unwind()
                .await
                .unwrap_or_else(|_| {
                    Err(ActionFailure {
                        what: "the action crashed (a bug in authgate)".into(),
                        cause: "an internal error; details are in .authgate/authgate.log".into(),
                        fix: "press Enter to retry; if it happens again, report it with the log"
                            .into(),
                    })
                });
            let kind = TaskEventKind::Finished {
                result,
                took: started.elapsed(),
            };
            let _ = tx.send(TaskEvent { run, action, kind });
        });
        self.running.insert(run, handle.abort_handle());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_run_reports_back_with_its_run_id_and_cancel_aborts() {
        let dir = tempfile::tempdir().unwrap();
        let store = store::StateStore::new(dir.path().to_owned(), crate::state::State::new());
        let (mut runner, mut rx) = Runner::new(TaskContext {
            mode: Mode::Sandbox,
            store,
        });
        runner.execute(Command::Run {
            run: RunId(7),
            action: ActionId::ImportApi,
        });
        let mut saw_progress = false;
        let result = loop {
            let event = rx.recv().await.unwrap();
            assert_eq!((event.run, event.action), (RunId(7), ActionId::ImportApi));
            match event.kind {
                TaskEventKind::Progress(_) => saw_progress = true,
                TaskEventKind::Finished { result, .. } => break result,
            }
        };
        assert!(saw_progress);
        let failure = result.unwrap_err();
        assert!(failure.what.contains("not yet available"), "{failure:?}");
        runner.execute(Command::Cancel(RunId(7)));
        runner.shutdown();
    }
}
