//! A query-protocol request's form fields, and IAM's validation error for a missing one.

use std::collections::HashMap;

use axum::http::StatusCode;

use crate::aws::wire::Fault;

/// The form's fields (`RoleName`, `PolicyArn`, …).
pub struct Params(HashMap<String, String>);

impl Params {
    /// The fields of a form body.
    pub fn parse(body: &[u8]) -> Self {
        Self(url::form_urlencoded::parse(body).into_owned().collect())
    }
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }
    pub fn required(&self, name: &str) -> Result<&str, Fault> {
        self.get(name).filter(|v| !v.is_empty()).ok_or_else(|| {
            Fault::new(
                StatusCode::BAD_REQUEST,
                "ValidationError",
                format!("1 validation error detected: {name} must not be null"),
            )
        })
    }
}
