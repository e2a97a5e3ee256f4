//! How a Management API call ends early: the `Err` of every handler, answered in Auth0's
//! envelope `{statusCode, error, message, errorCode}` (or its bare 401 and 404 bodies, which
//! carry no `errorCode`), so a handler states a refusal once and uses `?`.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::tenant::envelope::envelope;

/// A refusal in Auth0's shape.
#[derive(Debug)]
pub struct MgmtError {
    status: StatusCode,
    /// `None` for the answers Auth0 gives without one (401s, a missing role).
    error_code: Option<&'static str>,
    message: String,
}

/// What a Management API handler answers.
pub type Answer = Result<Response, MgmtError>;

impl MgmtError {
    pub fn new(status: StatusCode, error_code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            error_code: Some(error_code),
            message: message.into(),
        }
    }

    pub fn not_found(error_code: &'static str, message: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, error_code, message)
    }

    /// A 404 whose body has no `errorCode`, as Auth0 answers for a missing role.
    pub fn not_found_bare(message: &str) -> Self {
        Self {
            status: StatusCode::NOT_FOUND,
            error_code: None,
            message: message.to_owned(),
        }
    }

    pub fn unauthorized(message: &str) -> Self {
        Self {
            status: StatusCode::UNAUTHORIZED,
            error_code: None,
            message: message.to_owned(),
        }
    }

    /// A 400 `invalid_body` carrying `message` as it is.
    pub fn invalid_body(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "invalid_body", message)
    }

    /// A 400 `invalid_body` saying `Payload validation error: {message}`.
    pub fn bad_request(message: &str) -> Self {
        Self::invalid_body(format!("Payload validation error: {message}"))
    }

    /// The disk refused to keep the tenant's objects.
    pub fn not_saved(error: &impl std::fmt::Display) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            error.to_string(),
        )
    }
}

impl IntoResponse for MgmtError {
    fn into_response(self) -> Response {
        if let Some(code) = self.error_code {
            return envelope(self.status, code, &self.message);
        }
        let body = json!({
            "statusCode": self.status.as_u16(),
            "error": self.status.canonical_reason().unwrap_or(""),
            "message": self.message,
        });
        (self.status, Json(body)).into_response()
    }
}
