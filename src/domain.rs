//! The domain: Auth0, AWS, JWT verification, IAM policies and the authorizer bundle.
//!
//! Nothing under here imports ratatui, crossterm or the app/ui/tasks modules, and every
//! network client takes its base URL or endpoint as a parameter.
pub mod auth0;
pub mod aws;
pub mod bundle;
pub mod drift;
pub mod jwt;
pub mod policy;

use std::sync::Mutex;

/// Where a domain operation's progress lines go: the wizard's task runner (as messages),
/// stderr for the subcommands, a `Mutex<Vec<String>>` in tests, or nowhere (`Silent`).
pub trait Report: Send + Sync {
    fn line(&self, text: String);
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
