//! `MOCK` integrations: the request template's `statusCode` picks the integration response,
//! whose response template is the body. Templates are Velocity in API Gateway; the sandbox
//! substitutes `$context`, `$stageVariables` and `$method.request` references
//! ([`crate::gateway::template`]) and nothing else. CDK's `{ statusCode: 200 }` (not JSON,
//! but what Velocity renders and API Gateway reads) is read too.

use serde_json::Value;

use super::error::IntegrationError;
use super::{IntegrationResponse, response_for};
use crate::gateway::DeployedIntegration;
use crate::gateway::request::IntegrationRequest;

const JSON: &str = "application/json";

pub fn execute(
    integration: &DeployedIntegration,
    request: &IntegrationRequest,
) -> IntegrationResponse {
    let status = match status_code(integration, request) {
        Ok(status) => status,
        Err(error) => return IntegrationResponse::configuration_error(&error.to_string()),
    };
    let Some((status, templates)) = response_for(integration, status) else {
        return IntegrationResponse::configuration_error(&format!(
            "the MOCK integration's request template selects status {status}, and no \
             integration response is configured for it"
        ));
    };
    let accept = request.header("accept").unwrap_or(JSON);
    let Some((content_type, template)) = pick(templates, accept) else {
        return IntegrationResponse::new(status, JSON, Vec::new());
    };
    let body = substitute(template, request).into_bytes();
    IntegrationResponse::new(status, content_type, body)
}

/// The `statusCode` of the request template for the request's content type (200 when the
/// integration has no template, which is API Gateway's passthrough).
fn status_code(
    integration: &DeployedIntegration,
    request: &IntegrationRequest,
) -> Result<u16, IntegrationError> {
    let content_type = request
        .header("content-type")
        .and_then(|v| v.split(';').next())
        .map_or(JSON, str::trim);
    let Some((_, template)) = pick(&integration.request_templates, content_type) else {
        return Ok(200);
    };
    let rendered = substitute(template, request);
    let parsed: Value = match serde_json::from_str(&rendered) {
        Ok(parsed) => parsed,
        Err(source) => match unquoted_status(&rendered) {
            Some(status) => return Ok(status),
            None => return Err(IntegrationError::TemplateNotJson { source, rendered }),
        },
    };
    match &parsed["statusCode"] {
        Value::Null => Ok(200),
        Value::Number(n) => n
            .as_u64()
            .and_then(|n| u16::try_from(n).ok())
            .ok_or_else(|| IntegrationError::NotAStatus {
                shown: n.to_string(),
            }),
        Value::String(s) => s.parse().map_err(|_| IntegrationError::NotAStatus {
            shown: format!("\"{s}\""),
        }),
        other => Err(IntegrationError::NotAStatus {
            shown: other.to_string(),
        }),
    }
}

/// The template for `wanted` (a content type or an `Accept` list), else the JSON one, else the
/// first: API Gateway falls back the same way when no template matches.
fn pick<'a>(
    templates: &'a std::collections::BTreeMap<String, String>,
    wanted: &str,
) -> Option<(&'a str, &'a str)> {
    let exact = wanted
        .split(',')
        .filter_map(|part| part.split(';').next())
        .map(str::trim)
        .find_map(|t| templates.get_key_value(t));
    exact
        .or_else(|| templates.get_key_value(JSON))
        .or_else(|| templates.iter().next())
        .map(|(k, v)| (k.as_str(), v.as_str()))
}

/// `statusCode` in a template like `{ statusCode: 200 }` (keys without quotes).
fn unquoted_status(rendered: &str) -> Option<u16> {
    // A literal pattern: it compiles, or every test of this file fails.
    #[allow(clippy::expect_used)]
    static UNQUOTED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"^\s*\{\s*"?statusCode"?\s*:\s*(\d{3})\s*,?\s*\}\s*$"#)
            .expect("the pattern compiles")
    });
    UNQUOTED.captures(rendered)?[1].parse().ok()
}

fn substitute(template: &str, request: &IntegrationRequest) -> String {
    let known = template
        .replace("$context.stage", &request.stage)
        .replace("$context.requestId", &request.request_id)
        .replace("$context.httpMethod", &request.method)
        .replace("$context.resourcePath", &request.resource_path);
    crate::gateway::template::render(&known, request)
}
