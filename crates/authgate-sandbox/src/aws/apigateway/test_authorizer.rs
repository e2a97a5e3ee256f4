//! `TestInvokeAuthorizer`, the console's "Test" on an authorizer: the identity source and
//! validation checks API Gateway makes, then the Lambda function with the event it would
//! send, and what the caller would get (200, 401, 500) with the policy and the log.

use std::collections::BTreeMap;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use super::lookup::{api, authorizer, body};
use super::test_invoke::ExecutionLog;
use crate::aws::lambda::run_function;
use crate::aws::state::AwsState;
use crate::aws::wire::ACCOUNT_ID;
use crate::aws::wire::Fault;
use crate::gateway::{FunctionError, FunctionResult};

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct TestAuthorizer {
    #[serde(default)]
    headers: BTreeMap<String, String>,
}

/// The function ARN inside `arn:aws:apigateway:…:lambda:path/2015-03-31/functions/{arn}/invocations`.
pub fn function_arn(authorizer_uri: &str) -> Option<&str> {
    authorizer_uri
        .split("/functions/")
        .nth(1)?
        .strip_suffix("/invocations")
}

pub async fn run(
    State(state): State<AwsState>,
    Path((id, authorizer_id)): Path<(String, String)>,
    bytes: Bytes,
) -> Result<Response, Fault> {
    let request: TestAuthorizer = body(&bytes)?;
    let (authorizer, region) = state.read(|s| {
        let api = api(&s.doc, &id)?;
        Ok((authorizer(api, &authorizer_id)?.clone(), api.region.clone()))
    })?;
    let started = Instant::now();
    let request_id = crate::aws::store::uuid_like();
    let mut log = ExecutionLog::new(&request_id);
    log.line(&format!(
        "Starting authorizer: {authorizer_id} for request: {request_id}"
    ));
    let header = |name: &str| {
        request
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let method_arn =
        format!("arn:aws:execute-api:{region}:{ACCOUNT_ID}:{id}/ESTestInvoke-stage/GET/");
    let event = if authorizer.kind == "TOKEN" {
        let source = authorizer.identity_source.as_deref().unwrap_or_default();
        let name = source.trim_start_matches("method.request.header.");
        let token = header(name).filter(|t| !t.is_empty());
        log.line(&format!(
            "Incoming identity: {}",
            if token.is_some() {
                "(present, not logged)"
            } else {
                "(missing)"
            }
        ));
        let Some(token) = token else {
            log.line("Unauthorized request: the identity source is missing");
            return Ok(outcome(401, None, None, log, started));
        };
        if let Some(pattern) = &authorizer.identity_validation_expression {
            let valid = regex::Regex::new(pattern).is_ok_and(|re| re.is_match(&token));
            if !valid {
                log.line(
                    "Unauthorized request: the identity does not match the validation expression",
                );
                return Ok(outcome(401, None, None, log, started));
            }
        }
        json!({ "type": "TOKEN", "authorizationToken": token, "methodArn": method_arn })
    } else {
        json!({
            "type": "REQUEST", "methodArn": method_arn, "resource": "/", "path": "/",
            "httpMethod": "GET", "headers": request.headers,
            "queryStringParameters": {}, "pathParameters": {}, "stageVariables": {},
        })
    };
    let Some(function) = authorizer.authorizer_uri.as_deref().and_then(function_arn) else {
        log.line(
            "Execution failed due to configuration error: the authorizer URI names no function",
        );
        return Ok(outcome(500, None, None, log, started));
    };
    let access = state.read(|s| {
        Ok(crate::aws::invoke_role::check(
            &s.doc,
            authorizer.authorizer_credentials.as_deref(),
            function,
        ))
    })?;
    if let Err(why) = access {
        log.line(&format!(
            "Execution failed due to configuration error: Invalid permissions on Lambda function: {why}"
        ));
        return Ok(outcome(500, None, None, log, started));
    }
    log.line(&format!("Sending request to {function}"));
    judge(run_function(&state, function, &event).await, log, started)
}

/// What the caller would get for the function's answer.
fn judge(
    result: Result<FunctionResult, FunctionError>,
    mut log: ExecutionLog,
    started: Instant,
) -> Result<Response, Fault> {
    match result {
        Ok(result) => {
            log.line(&format!("Function log:\n{}", result.log));
            let principal = result.payload["principalId"].as_str().map(str::to_owned);
            let document = &result.payload["policyDocument"];
            if principal.is_none() || !document["Statement"].is_array() {
                log.line("Execution failed due to configuration error: Invalid JSON in response");
                return Ok(outcome(500, None, None, log, started));
            }
            log.line("Successfully completed authorizer execution");
            Ok(outcome(
                200,
                principal,
                Some(document.to_string()),
                log,
                started,
            ))
        }
        Err(FunctionError::Failed {
            error_message,
            log: function_log,
            ..
        }) => {
            log.line(&format!("Function log:\n{function_log}"));
            let status = if error_message == "Unauthorized" {
                401
            } else {
                500
            };
            log.line(&format!("Authorizer function failed: {error_message}"));
            Ok(outcome(status, None, None, log, started))
        }
        Err(FunctionError::Timeout {
            secs,
            log: function_log,
        }) => {
            log.line(&format!("Function log:\n{function_log}"));
            log.line(&format!(
                "Execution failed: the function timed out after {secs} s"
            ));
            Ok(outcome(500, None, None, log, started))
        }
        Err(FunctionError::NotFound { arn }) => {
            log.line(&format!(
                "Execution failed due to configuration error: no function {arn}"
            ));
            Ok(outcome(500, None, None, log, started))
        }
        Err(error @ FunctionError::Throttled { .. }) => {
            log.line(&format!("Execution failed: {error}"));
            Ok(outcome(500, None, None, log, started))
        }
        Err(FunctionError::Runtime { detail }) => Err(Fault::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "ServiceException",
            detail,
        )),
    }
}

fn outcome(
    status: u16,
    principal: Option<String>,
    policy: Option<String>,
    log: ExecutionLog,
    started: Instant,
) -> Response {
    let mut body = json!({
        "clientStatus": status,
        "log": log.into_text(),
        "latency": i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX),
        "authorization": {},
        "claims": {},
    });
    if let Some(p) = principal {
        body["principalId"] = Value::String(p);
    }
    if let Some(p) = policy {
        body["policy"] = Value::String(p);
    }
    axum::Json(body).into_response()
}

#[cfg(test)]
mod tests {
    use super::function_arn;

    #[test]
    fn the_function_arn_is_read_from_the_uri() {
        let uri = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/\
                   arn:aws:lambda:us-east-1:000000000000:function:f/invocations";
        assert_eq!(
            function_arn(uri),
            Some("arn:aws:lambda:us-east-1:000000000000:function:f")
        );
        assert_eq!(function_arn("arn:aws:lambda:x"), None);
    }
}
