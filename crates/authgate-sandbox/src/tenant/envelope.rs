//! Auth0's Management API error envelope `{statusCode, error, message, errorCode}`: every
//! Management API refusal, and the rate limit the teaching hooks put in front of it.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// Auth0's Management API error envelope.
pub(crate) fn envelope(status: StatusCode, error_code: &str, message: &str) -> Response {
    let body = json!({
        "statusCode": status.as_u16(),
        "error": status.canonical_reason().unwrap_or(""),
        "message": message,
        "errorCode": error_code,
    });
    (status, Json(body)).into_response()
}
