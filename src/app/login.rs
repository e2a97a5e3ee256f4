//! The device login while it waits: the prompt the task runner sent and how many polls have
//! been answered. Kept per run, so a cancelled login's late messages are dropped.

use std::time::Duration;

use super::{ActionState, App, RunId};
use crate::steps::ActionId;
use authgate_providers::auth0::{DeviceLoginEvent, LoginPrompt, PollEvent};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginView {
    pub run: RunId,
    pub prompt: LoginPrompt,
    /// When the prompt arrived (the app's clock), for the time left.
    pub shown_at: Duration,
    pub polls: u32,
    /// Between polls: the server's interval, plus 5 s per `slow_down`.
    pub interval: Duration,
    /// The last thing worth saying besides the count (a slow-down, a failed poll).
    pub note: Option<String>,
}

impl LoginView {
    /// Time left before the code expires, by the app's clock.
    pub fn left(&self, now: Duration) -> Duration {
        self.prompt
            .expires_in
            .saturating_sub(now.saturating_sub(self.shown_at))
    }
}

impl App {
    /// The login waiting for a sign-in, while its run is the running one.
    pub fn login_view(&self) -> Option<&LoginView> {
        let view = self.login.as_ref()?;
        let running = self.state_of(ActionId::LogInUser).run_id();
        (running == Some(view.run)).then_some(view)
    }

    pub(super) fn on_device_login(&mut self, run: RunId, event: DeviceLoginEvent) {
        match event {
            DeviceLoginEvent::Prompt(prompt) => {
                self.login = Some(LoginView {
                    run,
                    interval: prompt.interval,
                    prompt,
                    shown_at: self.now,
                    polls: 0,
                    note: None,
                });
            }
            DeviceLoginEvent::Poll(event) => {
                let Some(view) = self.login.as_mut().filter(|v| v.run == run) else {
                    return;
                };
                match event {
                    PollEvent::Polled { count } => view.polls = count,
                    PollEvent::SlowedDown { interval } => {
                        view.interval = interval;
                        view.note = Some(format!(
                            "the server asked to slow down: every {} s now",
                            interval.as_secs()
                        ));
                    }
                    PollEvent::Unreachable { detail } => {
                        view.note = Some(format!("a poll did not get through: {detail}"));
                    }
                }
            }
        }
    }

    /// Forgets the login once its action is no longer running.
    pub(super) fn forget_finished_login(&mut self) {
        if !matches!(
            self.state_of(ActionId::LogInUser),
            ActionState::Running { .. }
        ) {
            self.login = None;
        }
    }
}
