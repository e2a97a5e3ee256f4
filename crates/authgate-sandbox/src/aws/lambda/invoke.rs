//! `Invoke` (`RequestResponse`, `DryRun`), and [`run_function`], the one way every part of
//! the sandbox runs a function (Invoke, the authorizer test, the data plane).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde_json::Value;

use super::shared::{function, name_of};
use crate::aws::runtime::{Launch, error_payload};
use crate::aws::state::AwsState;
use crate::aws::wire::Fault;
use crate::gateway::{FunctionError, FunctionResult};

/// Lambda returns at most the last 4 KB of the log.
const LOG_TAIL: usize = 4096;

/// Runs the function named by `name_or_arn` with `event`.
pub async fn run_function(
    state: &AwsState,
    name_or_arn: &str,
    event: &Value,
) -> Result<FunctionResult, FunctionError> {
    let launch = state
        .read(|s| {
            let f = function(&s.doc, name_or_arn)?;
            Ok(Launch {
                name: f.function_name.clone(),
                revision: f.revision_id.clone(),
                runtime: f.runtime.clone().unwrap_or_default(),
                reserved_concurrency: f.reserved_concurrency,
                handler: f.handler.clone(),
                timeout_secs: f.timeout,
                memory_mb: f.memory_size,
                region: f
                    .function_arn
                    .split(':')
                    .nth(3)
                    .unwrap_or_default()
                    .to_owned(),
                env: f.environment.clone(),
                zip: s.zip_path(&f.function_name),
            })
        })
        .map_err(|_| FunctionError::NotFound {
            arn: name_or_arn.to_owned(),
        })?;
    state.runtime().invoke(&launch, event).await
}

pub async fn invoke(
    State(state): State<AwsState>,
    Path(name): Path<String>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, Fault> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let name = name_of(&name).to_owned();
    state.read(|s| function(&s.doc, &name).map(|_| ()))?;
    match header("x-amz-invocation-type").unwrap_or("RequestResponse") {
        "RequestResponse" => {}
        "DryRun" => return Ok(StatusCode::NO_CONTENT.into_response()),
        other => {
            return Err(super::shared::invalid(format!(
                "invocation type {other}: the sandbox runs functions synchronously only \
                 (RequestResponse or DryRun)"
            )));
        }
    }
    let event: Value = if bytes.is_empty() {
        Value::Object(serde_json::Map::new())
    } else {
        serde_json::from_slice(&bytes).map_err(|e| {
            Fault::new(
                StatusCode::BAD_REQUEST,
                "InvalidRequestContentException",
                format!("Could not parse request body into json: {e}"),
            )
        })?
    };
    let tail = header("x-amz-log-type") == Some("Tail");
    let (payload, function_error, log) = match run_function(&state, &name, &event).await {
        Ok(FunctionResult { payload, log }) => (payload, None, log),
        Err(FunctionError::Failed { payload, log, .. }) => (payload, Some("Unhandled"), log),
        Err(FunctionError::Timeout { secs, log }) => (
            error_payload(
                "Sandbox.Timedout",
                &format!("Task timed out after {secs}.00 seconds"),
            ),
            Some("Unhandled"),
            log,
        ),
        Err(FunctionError::NotFound { .. }) => return Err(super::shared::not_found(&name)),
        Err(FunctionError::Throttled { .. }) => {
            return Err(Fault::new(
                StatusCode::TOO_MANY_REQUESTS,
                "TooManyRequestsException",
                "Rate Exceeded.",
            ));
        }
        Err(FunctionError::Runtime { detail }) => {
            return Err(Fault::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "ServiceException",
                detail,
            ));
        }
    };
    let mut response = (StatusCode::OK, payload.to_string()).into_response();
    let out = response.headers_mut();
    out.insert(
        "x-amz-executed-version",
        HeaderValue::from_static("$LATEST"),
    );
    out.insert("content-type", HeaderValue::from_static("application/json"));
    if let Some(kind) = function_error {
        out.insert("x-amz-function-error", HeaderValue::from_static(kind));
    }
    if tail {
        // Base64 is ASCII: always a valid header value.
        if let Ok(encoded) = HeaderValue::try_from(STANDARD.encode(log_tail(&log))) {
            out.insert("x-amz-log-result", encoded);
        }
    }
    Ok(response)
}

/// The last [`LOG_TAIL`] bytes of `log`, cut on a character boundary.
pub fn log_tail(log: &str) -> &str {
    let mut start = log.len().saturating_sub(LOG_TAIL);
    while !log.is_char_boundary(start) {
        start += 1;
    }
    &log[start..]
}

#[cfg(test)]
mod tests {
    use super::log_tail;

    #[test]
    fn the_tail_is_the_last_4_kb_on_a_char_boundary() {
        assert_eq!(log_tail("short"), "short");
        let long = format!("é{}", "x".repeat(4095));
        let tail = log_tail(&long);
        assert_eq!(tail.len(), 4095);
        assert!(tail.chars().all(|c| c == 'x'));
    }
}
