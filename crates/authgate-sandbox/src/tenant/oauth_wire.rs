//! The OAuth endpoints' wire: Auth0's error body, and a token request's parameters read
//! from JSON or a form (with `client_secret_basic`), shared by every grant.

use axum::Json;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use serde_json::{Value, json};

/// Auth0's OAuth error: `{"error", "error_description"}` with `status`.
pub(crate) fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (
        status,
        Json(json!({ "error": error, "error_description": description })),
    )
        .into_response()
}

/// Reads the request as JSON or as a form, whichever the content type says.
pub(crate) fn parameters(headers: &HeaderMap, body: &[u8]) -> Option<Value> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mut params = if content_type.starts_with("application/json") {
        serde_json::from_slice::<Value>(body).ok()?
    } else {
        let map: serde_json::Map<String, Value> = url::form_urlencoded::parse(body)
            .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
            .collect();
        Value::Object(map)
    };
    // client_secret_basic: `Authorization: Basic base64(urlencode(id):urlencode(secret))`.
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    if let Some(encoded) = basic.and_then(|v| v.strip_prefix("Basic ")) {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .ok()?;
        let pair = String::from_utf8(decoded).ok()?;
        let (id, secret) = pair.split_once(':')?;
        let unescape = |s: &str| {
            url::form_urlencoded::parse(format!("v={s}").as_bytes())
                .next()
                .map(|(_, v)| v.into_owned())
        };
        params["client_id"] = Value::String(unescape(id)?);
        params["client_secret"] = Value::String(unescape(secret)?);
    }
    Some(params)
}

/// Auth0's 400 for a request without a parameter it needs.
pub(crate) fn missing(parameter: &str) -> Response {
    oauth_error(
        StatusCode::BAD_REQUEST,
        "invalid_request",
        &format!("Missing required parameter: {parameter}"),
    )
}
