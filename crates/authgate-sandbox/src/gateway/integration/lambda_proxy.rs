//! `AWS_PROXY` to a sandbox Lambda function: the REST API proxy event (payload version 1.0,
//! `requestContext.authorizer` included), the function run through the control plane, and
//! its `{statusCode, headers, multiValueHeaders, body, isBase64Encoded}` answer checked as
//! API Gateway checks it ("Malformed Lambda proxy response" → 502).

use std::collections::BTreeMap;
use std::time::Duration;

use base64::Engine as _;
use serde_json::{Map, Value, json};

use super::IntegrationResponse;
use crate::gateway::errors::GatewayError;
use crate::gateway::request::IntegrationRequest;
use crate::gateway::{ControlPlane, DeployedIntegration};

/// API Gateway's integration timeout.
const TIMEOUT: Duration = Duration::from_secs(29);

/// The function ARN in a Lambda integration URI
/// (`arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/ARN/invocations`).
pub fn function_arn(uri: &str) -> Option<&str> {
    let rest = uri.split_once(":lambda:path/2015-03-31/functions/")?.1;
    rest.strip_suffix("/invocations")
}

/// Runs the integration's function with the proxy event for `request`.
pub async fn execute(
    control: &dyn ControlPlane,
    integration: &DeployedIntegration,
    request: &IntegrationRequest,
) -> Result<IntegrationResponse, GatewayError> {
    let arn = integration
        .uri
        .as_deref()
        .and_then(function_arn)
        .ok_or_else(|| {
            GatewayError::IntegrationFailure(format!(
                "the AWS_PROXY integration's URI {} is not a Lambda invocation URI",
                integration.uri.as_deref().unwrap_or("(none)")
            ))
        })?;
    let invoked = tokio::time::timeout(TIMEOUT, control.invoke(arn, event(request))).await;
    let payload = match invoked {
        Err(_) => return Err(GatewayError::IntegrationTimeout),
        Ok(Err(error)) => return Err(GatewayError::IntegrationFailure(error.to_string())),
        Ok(Ok(result)) => result.payload,
    };
    response(&payload).map_err(|why| {
        GatewayError::IntegrationFailure(format!("Malformed Lambda proxy response: {why}"))
    })
}

/// The proxy event, version 1.0.
pub fn event(request: &IntegrationRequest) -> Value {
    let mut headers: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (name, value) in &request.headers {
        headers.entry(name).or_default().push(value);
    }
    let mut query: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (name, value) in &request.query {
        query.entry(name).or_default().push(value);
    }
    let last = |map: &BTreeMap<&str, Vec<&str>>| -> Value {
        if map.is_empty() {
            return Value::Null;
        }
        map.iter()
            .map(|(k, v)| ((*k).to_owned(), json!(v.last())))
            .collect::<Map<_, _>>()
            .into()
    };
    let all = |map: &BTreeMap<&str, Vec<&str>>| -> Value {
        if map.is_empty() {
            return Value::Null;
        }
        map.iter()
            .map(|(k, v)| ((*k).to_owned(), json!(v)))
            .collect::<Map<_, _>>()
            .into()
    };
    let or_null = |map: &BTreeMap<String, String>| {
        if map.is_empty() {
            Value::Null
        } else {
            json!(map)
        }
    };
    let (body, base64) = match (request.body.is_empty(), std::str::from_utf8(&request.body)) {
        (true, _) => (Value::Null, false),
        (false, Ok(text)) => (json!(text), false),
        (false, Err(_)) => (
            json!(base64::engine::general_purpose::STANDARD.encode(&request.body)),
            true,
        ),
    };
    let stage_prefix = format!("/{}", request.context.stage);
    let path = request
        .context
        .path
        .strip_prefix(&stage_prefix)
        .filter(|p| !p.is_empty())
        .unwrap_or("/");
    json!({
        "resource": request.resource_path,
        "path": path,
        "httpMethod": request.method,
        "headers": last(&headers),
        "multiValueHeaders": all(&headers),
        "queryStringParameters": last(&query),
        "multiValueQueryStringParameters": all(&query),
        "pathParameters": or_null(&request.path_params),
        "stageVariables": or_null(&request.stage_variables),
        "requestContext": request.context.to_json(),
        "body": body,
        "isBase64Encoded": base64,
    })
}

/// The fields a proxy answer may have.
const KEYS: [&str; 5] = [
    "statusCode",
    "headers",
    "multiValueHeaders",
    "body",
    "isBase64Encoded",
];

/// The function's answer as an HTTP response, or why API Gateway would refuse it.
fn response(payload: &Value) -> Result<IntegrationResponse, String> {
    let object = payload
        .as_object()
        .ok_or_else(|| format!("the function returned {payload}, not an object"))?;
    if let Some(extra) = object.keys().find(|k| !KEYS.contains(&k.as_str())) {
        return Err(format!(
            "the field {extra} is not one of statusCode, headers, multiValueHeaders, body, \
             isBase64Encoded"
        ));
    }
    let status = match &object.get("statusCode") {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.parse().ok(),
        _ => None,
    }
    .and_then(|n| u16::try_from(n).ok())
    .filter(|n| (100..600).contains(n))
    .ok_or("statusCode must be an HTTP status code")?;
    let mut headers = Vec::new();
    for (name, value) in object
        .get("headers")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let value = scalar(value).ok_or(format!("header {name} must be a string"))?;
        headers.push((name.clone(), value));
    }
    let multi = object.get("multiValueHeaders").and_then(Value::as_object);
    for (name, values) in multi.into_iter().flatten() {
        let values = values
            .as_array()
            .ok_or(format!("multiValueHeaders.{name} must be a list"))?;
        headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
        for value in values {
            let value =
                scalar(value).ok_or(format!("multiValueHeaders.{name} holds a non-string"))?;
            headers.push((name.clone(), value));
        }
    }
    let body = match object.get("body") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::String(text)) if object.get("isBase64Encoded") == Some(&json!(true)) => {
            base64::engine::general_purpose::STANDARD
                .decode(text)
                .map_err(|_| "isBase64Encoded is true and body is not base64".to_owned())?
        }
        Some(Value::String(text)) => text.clone().into_bytes(),
        Some(other) => return Err(format!("body must be a string, not {other}")),
    };
    if !headers
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("content-type"))
    {
        headers.push(("Content-Type".to_owned(), "application/json".to_owned()));
    }
    Ok(IntegrationResponse {
        status,
        headers,
        body,
    })
}

fn scalar(value: &Value) -> Option<String> {
    crate::gateway::context::stringify(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_uri_names_the_function() {
        assert_eq!(
            function_arn(
                "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/\
                 arn:aws:lambda:eu-west-1:000000000000:function:f/invocations"
            ),
            Some("arn:aws:lambda:eu-west-1:000000000000:function:f")
        );
        assert_eq!(function_arn("https://example.com"), None);
    }

    #[test]
    fn proxy_answers_are_checked_as_api_gateway_checks_them() {
        let ok = response(&json!({
            "statusCode": 201, "headers": {"X-A": "1"},
            "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"]}, "body": "hi"
        }))
        .unwrap();
        assert_eq!(ok.status, 201);
        assert_eq!(ok.body, b"hi");
        assert_eq!(ok.header("x-a"), Some("1"));
        assert_eq!(
            ok.headers.iter().filter(|(k, _)| k == "Set-Cookie").count(),
            2
        );
        let encoded =
            response(&json!({"statusCode": 200, "body": "aGk=", "isBase64Encoded": true}));
        assert_eq!(encoded.unwrap().body, b"hi");
        for bad in [
            json!("text"),
            json!({"body": "x"}),
            json!({"statusCode": 200, "body": {"a": 1}}),
            json!({"statusCode": 200, "extra": 1}),
            json!({"statusCode": 200, "headers": {"a": {"b": 1}}}),
        ] {
            assert!(response(&bad).is_err(), "{bad}");
        }
    }
}
