//! authgate's providers: the clients of the real services the tutorial uses. Auth0 (the
//! Management API, `/oauth/token`, the device login) and AWS (API Gateway, Lambda, IAM, STS,
//! through the official SDK), the read-only drift checks of what they hold, and the
//! `REQUIRED_PERMISSIONS` map derived for step 3.
//!
//! It depends on `authgate-core` only, and stands beside `authgate-sandbox` on it: the sandbox
//! speaks the same wire, so the same calls run against it with other endpoints. Every network
//! client takes its base URL or endpoint as a parameter. Progress goes to a [`Report`].
pub mod auth0;
pub mod aws;
pub mod backend_view;
pub mod drift;
pub mod required_permissions;

use std::sync::Mutex;
use std::time::Duration;

/// Where a provider operation's progress lines go: the wizard's task runner (as messages),
/// stderr for the subcommands, a `Mutex<Vec<String>>` in tests, or nowhere (`Silent`).
pub trait Report: Send + Sync {
    fn line(&self, text: String);

    /// A device login's prompt and polls. The wizard draws them (URL, code, QR); anywhere
    /// else they are lines.
    fn device_login(&self, event: auth0::DeviceLoginEvent) {
        self.line(event.to_string());
    }
}

/// Drops every line.
pub struct Silent;

impl Report for Silent {
    fn line(&self, _text: String) {}
}

impl<F: Fn(String) + Send + Sync> Report for F {
    fn line(&self, text: String) {
        self(text);
    }
}

/// Keeps every line (tests, and callers that show them all at the end).
impl Report for Mutex<Vec<String>> {
    fn line(&self, text: String) {
        self.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(text);
    }
}

/// Sleeps `wait`, reporting `{why}; retrying in N s` once a second, so a screen shows a
/// countdown rather than a frozen line (Auth0 rate limits, IAM propagation).
pub(crate) async fn count_down(report: &dyn Report, why: &str, wait: Duration) {
    let mut left = wait;
    while !left.is_zero() {
        report.line(format!(
            "{why}; retrying in {} s",
            left.as_secs_f32().ceil()
        ));
        let step = left.min(Duration::from_secs(1));
        tokio::time::sleep(step).await;
        left -= step;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_count_down_reports_each_second_left() {
        let lines = Mutex::new(Vec::new());
        count_down(&lines, "IAM propagation", Duration::from_millis(1100)).await;
        let lines = lines.into_inner().unwrap();
        assert_eq!(
            lines,
            [
                "IAM propagation; retrying in 2 s",
                "IAM propagation; retrying in 1 s",
            ]
        );
    }
}
