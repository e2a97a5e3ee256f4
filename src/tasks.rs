//! The task runner: the only place that spawns. Each `Command::Run` becomes a tokio task
//! whose progress and result come back as `TaskEvent`s on one channel; `Cancel` aborts it.

pub mod inspect;
mod perform;

use authgate_core::hint::Hint as _;
use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Instant;

use futures::FutureExt;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::task::AbortHandle;

use crate::app::inspector::InspectRequest;
use crate::app::{ActionFailure, ClipboardError, Command, Msg, RunId, TaskEvent, TaskEventKind};
use crate::state::Target;
use crate::steps::ActionId;

/// What every action can reach: the target and the session (inputs, clients, secrets, state).
pub struct TaskContext {
    pub target: Target,
    /// The sandbox's base URL under `--sandbox`, for the teaching hooks (no session lock).
    pub sandbox_url: Option<String>,
    pub session: tokio::sync::Mutex<crate::flow::Session>,
    /// What learn mode grades a step with (the check texts and the steps' titles).
    pub checks: crate::check::Options,
}

pub struct Runner {
    tx: UnboundedSender<Msg>,
    running: HashMap<RunId, AbortHandle>,
    context: Arc<TaskContext>,
    /// At most one inspection runs; a newer request aborts the older one.
    inspecting: Option<AbortHandle>,
    verifiers: inspect::VerifierCache,
}

/// Sends one run's progress lines back to the app.
#[derive(Clone)]
pub struct Progress {
    tx: UnboundedSender<Msg>,
    run: RunId,
    action: ActionId,
}

impl Progress {
    pub fn line(&self, text: impl Into<String>) {
        // The receiver is gone only when the app is quitting; nothing to report to then.
        let _ = self.tx.send(Msg::Task(TaskEvent {
            run: self.run,
            action: self.action,
            kind: TaskEventKind::Progress(text.into()),
        }));
    }
}

impl authgate_providers::Report for Progress {
    fn line(&self, text: String) {
        Progress::line(self, text);
    }

    fn device_login(&self, event: authgate_providers::auth0::DeviceLoginEvent) {
        let _ = self.tx.send(Msg::Task(TaskEvent {
            run: self.run,
            action: self.action,
            kind: TaskEventKind::DeviceLogin(event),
        }));
    }
}

impl Runner {
    /// The runner and the receiving end of its messages (progress, results, inspections).
    pub fn new(context: TaskContext) -> (Self, UnboundedReceiver<Msg>) {
        let (tx, rx) = unbounded_channel();
        let runner = Self {
            tx,
            running: HashMap::new(),
            context: Arc::new(context),
            inspecting: None,
            verifiers: inspect::VerifierCache::default(),
        };
        (runner, rx)
    }

    /// Carry out a command. `Quit` is the event loop's to handle; here it stops everything.
    pub fn execute(&mut self, command: Command) {
        match command {
            Command::Run { run, action } => self.spawn(run, action),
            Command::SaveInputs(inputs) => self.save_inputs(*inputs),
            Command::Teardown(run) => self.teardown(run),
            Command::Cancel(run) => {
                if let Some(handle) = self.running.remove(&run) {
                    handle.abort();
                }
            }
            Command::Inspect { run, request } => self.spawn_inspection(run, request),
            Command::ReadClipboard => self.spawn_clipboard_read(),
            Command::Hook { run, op } => self.spawn_hook(run, op),
            Command::CheckDrift(run) => self.check_drift(run),
            Command::CheckLive(run) => self.check_live(run),
            Command::Check { run, step } => self.check_step(run, step),
            Command::Quit => self.shutdown(),
            // Terminal output: the event loop's to write, never sent here.
            Command::Copy(_) => {}
        }
    }

    fn spawn_inspection(&mut self, run: RunId, request: InspectRequest) {
        if let Some(older) = self.inspecting.take() {
            older.abort();
        }
        let prepared = self.verifiers.prepare(&request);
        let tx = self.tx.clone();
        let handle = tokio::spawn(async move {
            let inspection = Box::new(inspect::run(&request, prepared).await);
            let _ = tx.send(Msg::Inspected { run, inspection });
        });
        self.inspecting = Some(handle.abort_handle());
    }

    /// The system clipboard is read on a blocking thread: on X11 it is a round trip to the
    /// display server, and over SSH there may be none (then the inspector says so).
    fn spawn_clipboard_read(&mut self) {
        let tx = self.tx.clone();
        tokio::spawn(async move {
            let read = tokio::task::spawn_blocking(|| {
                arboard::Clipboard::new()
                    .and_then(|mut clipboard| clipboard.get_text())
                    .map_err(|e| ClipboardError(e.to_string()))
            })
            .await
            .unwrap_or_else(|e| Err(ClipboardError(e.to_string())));
            let _ = tx.send(Msg::Clipboard(read));
        });
    }

    /// Reads every recorded resource back; waits for a running action to free the session.
    fn check_drift(&mut self, run: RunId) {
        let context = Arc::clone(&self.context);
        let tx = self.tx.clone();
        let handle = tokio::spawn(async move {
            let result = context.session.lock().await.check_drift().await;
            let _ = tx.send(Msg::Drift { run, result });
        });
        self.running.insert(run, handle.abort_handle());
    }

    /// The wizard's start-up check; like the drift check, it waits for the session.
    fn check_live(&mut self, run: RunId) {
        let context = Arc::clone(&self.context);
        let tx = self.tx.clone();
        let handle = tokio::spawn(async move {
            let result = context.session.lock().await.live_check().await;
            let _ = tx.send(Msg::Live { run, result });
        });
        self.running.insert(run, handle.abort_handle());
    }

    /// Learn mode's checks of one step; like the drift check, it waits for the session.
    fn check_step(&mut self, run: RunId, step: u8) {
        let context = Arc::clone(&self.context);
        let tx = self.tx.clone();
        let handle = tokio::spawn(async move {
            let mut options = context.checks.clone();
            options.step = Some(step);
            let mut session = context.session.lock().await;
            let result = Box::pin(crate::check::run(&mut session, &options))
                .await
                .map(Box::new);
            let step = usize::from(step.saturating_sub(1));
            let _ = tx.send(Msg::Checked { run, step, result });
        });
        self.running.insert(run, handle.abort_handle());
    }

    fn spawn_hook(&mut self, run: RunId, op: authgate_sandbox::hooks_client::HookOp) {
        let tx = self.tx.clone();
        let base = self.context.sandbox_url.clone();
        tokio::spawn(async move {
            let result = match base {
                Some(base) => {
                    let client = authgate_sandbox::hooks_client::HooksClient::new(
                        authgate_core::http::client(),
                        &base,
                    );
                    client.apply(op).await.map_err(|e| {
                        ActionFailure::new(e.to_string(), "the sandbox stopped", e.fix())
                    })
                }
                None => Err(ActionFailure::new(
                    "no sandbox attached",
                    "the wizard runs against a real account",
                    "start it with --sandbox",
                )),
            };
            let _ = tx.send(Msg::Hooked { run, result });
        });
    }

    pub fn shutdown(&mut self) {
        for (_, handle) in self.running.drain() {
            handle.abort();
        }
        if let Some(handle) = self.inspecting.take() {
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
                    Err(ActionFailure::new(
                        "the action crashed (a bug in authgate)",
                        "an internal error; details are in .authgate/authgate.log",
                        "press Enter to retry; if it happens again, report it with the log",
                    ))
                });
            let kind = TaskEventKind::Finished {
                result,
                took: started.elapsed(),
            };
            let _ = tx.send(Msg::Task(TaskEvent { run, action, kind }));
            let state = context.session.lock().await.store.snapshot().await;
            let _ = tx.send(Msg::Saved(Box::new(state)));
        });
        self.running.insert(run, handle.abort_handle());
    }

    fn save_inputs(&mut self, inputs: crate::state::Inputs) {
        let context = Arc::clone(&self.context);
        let tx = self.tx.clone();
        tokio::spawn(async move {
            let store = context.session.lock().await.store.clone();
            if let Err(e) = store.update(move |s| s.inputs = Some(inputs)).await {
                tracing::warn!("saving the inputs: {e}");
            }
            let _ = tx.send(Msg::Saved(Box::new(store.snapshot().await)));
        });
    }

    fn teardown(&mut self, run: RunId) {
        let context = Arc::clone(&self.context);
        let tx = self.tx.clone();
        let handle = tokio::spawn(async move {
            let lines = tx.clone();
            let report: Arc<dyn authgate_providers::Report> = Arc::new(move |line: String| {
                let _ = lines.send(Msg::TeardownProgress(line));
            });
            let mut session = context.session.lock().await;
            let result = session.teardown(false, report).await;
            let state = session.store.snapshot().await;
            let _ = tx.send(Msg::TeardownFinished(result));
            let _ = tx.send(Msg::Saved(Box::new(state)));
        });
        self.running.insert(run, handle.abort_handle());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::{Session, connect::Settings};

    #[tokio::test]
    async fn a_run_reports_back_with_its_run_id_and_cancel_aborts() {
        let dir = tempfile::tempdir().unwrap();
        let store =
            crate::state::store::StateStore::new(dir.path().to_owned(), crate::state::State::new());
        let settings = Settings {
            target: Target::Live,
            state_dir: dir.path().to_owned(),
            auth0_domain: None,
            auth0_client_id: None,
            auth0_client_secret: None,
            quick_audit: false,
        };
        let (mut runner, mut rx) = Runner::new(TaskContext {
            target: Target::Live,
            sandbox_url: None,
            session: tokio::sync::Mutex::new(Session::new(settings, store)),
            checks: crate::check::Options {
                step: None,
                api_id: None,
                token: None,
                browser_origin: None,
                texts: crate::check::Texts::load(None).unwrap(),
                titles: Vec::new(),
            },
        });
        runner.execute(Command::Run {
            run: RunId(7),
            action: ActionId::EnsureResourceServer,
        });
        let result = loop {
            let Msg::Task(event) = rx.recv().await.unwrap() else {
                continue;
            };
            assert_eq!(
                (event.run, event.action),
                (RunId(7), ActionId::EnsureResourceServer)
            );
            if let TaskEventKind::Finished { result, .. } = event.kind {
                break result;
            }
        };
        let failure = result.unwrap_err();
        assert_eq!(failure.what, "AUTH0_DOMAIN is not set", "{failure:?}");
        assert!(failure.fix.contains("--sandbox"), "{failure:?}");
        runner.execute(Command::Cancel(RunId(7)));
        runner.shutdown();
    }
}
