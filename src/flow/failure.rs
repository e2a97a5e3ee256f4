//! Every error the flow meets becomes an [`ActionFailure`]: what we were doing, what went
//! wrong (the error's `what()`), the fix (its `fix()`) and, behind `r`, its `raw()` detail.

use super::outcome::ActionFailure;
use crate::hint::Hint;
use crate::sandbox::tenant::TenantError;

/// `result.or_fail("registering the API")?`
pub trait OrFail<T> {
    fn or_fail(self, what: &str) -> Result<T, ActionFailure>;
}

impl<T, E: Hint> OrFail<T> for Result<T, E> {
    fn or_fail(self, what: &str) -> Result<T, ActionFailure> {
        self.map_err(|e| failure(what, &e))
    }
}

pub fn failure(what: &str, error: &impl Hint) -> ActionFailure {
    let failure = ActionFailure::new(format!("{what} failed"), error.what(), error.fix());
    match error.raw() {
        Some(raw) => failure.with_raw(raw),
        None => failure,
    }
}

// The errors below live in code that is moving to its own crate; until they implement
// `Hint` there, each has an adapter here.

// TODO(split): impl Hint for TenantError (src/sandbox/tenant.rs) and drop this adapter.
impl Hint for TenantError {
    fn fix(&self) -> String {
        self.hint()
    }
}

// TODO(split): impl Hint for BundleError (src/domain/bundle.rs) and drop this adapter.
impl Hint for crate::domain::bundle::BundleError {
    fn fix(&self) -> String {
        self.hint().to_owned()
    }
}

// TODO(split): impl Hint for ConfigError (src/domain/jwt/config.rs) and drop this adapter.
impl Hint for crate::domain::jwt::ConfigError {
    fn fix(&self) -> String {
        self.hint()
    }
}
