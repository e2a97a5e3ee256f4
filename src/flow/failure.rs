//! Every error the flow meets becomes an [`ActionFailure`]: what we were doing, what went
//! wrong (the error itself) and the fix (the error's `hint()`).

use super::outcome::ActionFailure;
use crate::domain::auth0::Auth0Error;
use crate::domain::aws::AwsError;
use crate::domain::bundle::BundleError;
use crate::domain::local_runner::RunError;
use crate::sandbox::tenant::TenantError;
use crate::state::StateError;

/// An error that knows its fix.
pub trait Hinted: std::fmt::Display {
    fn fix(&self) -> String;
}

impl Hinted for Auth0Error {
    fn fix(&self) -> String {
        self.hint()
    }
}

impl Hinted for AwsError {
    fn fix(&self) -> String {
        self.hint()
    }
}

impl Hinted for StateError {
    fn fix(&self) -> String {
        self.hint()
    }
}

impl Hinted for BundleError {
    fn fix(&self) -> String {
        self.hint().to_owned()
    }
}

impl Hinted for RunError {
    fn fix(&self) -> String {
        self.hint().to_owned()
    }
}

impl Hinted for TenantError {
    fn fix(&self) -> String {
        self.hint()
    }
}

/// `result.or_fail("registering the API")?`
pub trait OrFail<T> {
    fn or_fail(self, what: &str) -> Result<T, ActionFailure>;
}

impl<T, E: Hinted> OrFail<T> for Result<T, E> {
    fn or_fail(self, what: &str) -> Result<T, ActionFailure> {
        self.map_err(|e| failure(what, &e))
    }
}

pub fn failure(what: &str, error: &impl Hinted) -> ActionFailure {
    ActionFailure::new(format!("{what} failed"), error.to_string(), error.fix())
}

impl Hinted for crate::domain::jwt::ConfigError {
    fn fix(&self) -> String {
        self.hint()
    }
}
