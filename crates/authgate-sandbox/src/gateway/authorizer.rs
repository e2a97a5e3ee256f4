//! The TOKEN authorizer step: identity source, validation expression, policy cache, function
//! invocation and the result's shape, in API Gateway's order. Policy evaluation against the
//! methodArn is the caller's, because a cached result is evaluated again on every request.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use axum::http::HeaderMap;
use regex::Regex;
use serde_json::json;

use super::authorizer_result::AuthorizerResult;
use super::cache::AuthorizerCache;
use super::errors::GatewayError;
use super::{ControlPlane, DeployedAuthorizer, FunctionError};

/// Compiled validation expressions, by source text (compiled once per expression).
#[derive(Default)]
pub struct Validators(RwLock<HashMap<String, Result<Regex, regex::Error>>>);

impl Validators {
    fn matches(&self, expression: &str, value: &str) -> Result<bool, regex::Error> {
        if let Some(compiled) = crate::sync::read(&self.0).get(expression) {
            return compiled
                .as_ref()
                .map(|r| r.is_match(value))
                .map_err(Clone::clone);
        }
        let compiled = Regex::new(expression);
        let result = compiled
            .as_ref()
            .map(|r| r.is_match(value))
            .map_err(Clone::clone);
        crate::sync::write(&self.0).insert(expression.to_owned(), compiled);
        result
    }
}

/// The request this authorizer judges.
pub struct Judged<'a> {
    pub api_id: &'a str,
    pub stage: &'a str,
    pub headers: &'a HeaderMap,
    pub method_arn: &'a str,
}

/// Runs the authorizer for one request: the (possibly cached) result, or the error response.
pub async fn authorize(
    control: &dyn ControlPlane,
    cache: &AuthorizerCache,
    validators: &Validators,
    authorizer: &DeployedAuthorizer,
    request: &Judged<'_>,
) -> Result<Arc<AuthorizerResult>, GatewayError> {
    let header = authorizer
        .identity_source
        .strip_prefix("method.request.header.")
        .ok_or_else(|| {
            GatewayError::configuration(format!(
                "identity source {} is not a request header; the sandbox supports TOKEN \
                 authorizers reading a header",
                authorizer.identity_source
            ))
        })?;
    let token = request
        .headers
        .get(header)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty())
        .ok_or(GatewayError::Unauthorized)?;
    if let Some(expression) = &authorizer.validation_expression {
        let valid = validators.matches(expression, token).map_err(|e| {
            GatewayError::configuration(format!("the validation expression does not compile: {e}"))
        })?;
        if !valid {
            return Err(GatewayError::Unauthorized);
        }
    }
    let key = cache.key(request.api_id, request.stage, &authorizer.id, token);
    if authorizer.ttl_secs > 0
        && let Some(hit) = cache.get(&key)
    {
        return Ok(hit);
    }
    control
        .authorizer_access(request.api_id, request.stage, &authorizer.id)
        .map_err(GatewayError::configuration)?;
    let event = json!({
        "type": "TOKEN",
        "authorizationToken": token,
        "methodArn": request.method_arn,
    });
    let payload = match control.invoke(&authorizer.function_arn, event).await {
        Ok(result) => result.payload,
        Err(FunctionError::Failed { error_message, .. }) if error_message == "Unauthorized" => {
            return Err(GatewayError::Unauthorized);
        }
        Err(error) => return Err(GatewayError::AuthorizerFailure(error.to_string())),
    };
    let result = AuthorizerResult::parse(&payload)
        .map_err(|e| GatewayError::configuration(e.to_string()))?;
    let result = Arc::new(result);
    if authorizer.ttl_secs > 0 {
        cache.put(key, result.clone(), authorizer.ttl_secs);
    }
    Ok(result)
}
