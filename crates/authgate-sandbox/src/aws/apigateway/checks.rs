//! What `PutMethod`, `PutIntegration`, `PutIntegrationResponse`, `PutGatewayResponse` and
//! the authorizers' create and update refuse: AWS's validation errors (`BadRequestException`), and `NotImplemented` naming what
//! lies beyond the sandbox's subset (Velocity, non-proxy `AWS` integrations, VPC links, …)
//! so nothing is stored that the data plane would answer wrongly.

use std::collections::BTreeMap;

use authgate_core::tutorial::{AUTHORIZER_TTL_MAX_SECS, authorizer_ttl};

use crate::aws::model::Authorizer;
use crate::aws::wire::Fault;
use crate::gateway::template::{is_supported_source, vtl_feature};

pub const VERBS: &[&str] = &[
    "GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS", "ANY",
];
const AUTHORIZATION_TYPES: &[&str] = &["NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS"];

/// The method's verb in upper case, if API Gateway has it.
pub fn verb(verb: &str) -> Result<String, Fault> {
    let upper = verb.to_ascii_uppercase();
    if VERBS.contains(&upper.as_str()) {
        Ok(upper)
    } else {
        Err(Fault::bad_request(format!(
            "Invalid HttpMethod specified. Valid options are {}",
            VERBS.join(",")
        )))
    }
}

pub fn authorization_type(kind: &str) -> Result<(), Fault> {
    if AUTHORIZATION_TYPES.contains(&kind) {
        Ok(())
    } else {
        Err(Fault::bad_request(format!(
            "Invalid authorization type specified. Valid options are {}",
            AUTHORIZATION_TYPES.join(", ")
        )))
    }
}

/// A 3-digit status code, 100 to 599.
pub fn status_code(code: &str) -> Result<(), Fault> {
    let valid = code.len() == 3
        && code.bytes().all(|b| b.is_ascii_digit())
        && ('1'..='5').contains(&code.chars().next().unwrap_or('0'));
    if valid {
        Ok(())
    } else {
        Err(Fault::bad_request(format!(
            "Invalid status code specified: {code} (expected 100 to 599)"
        )))
    }
}

/// Templates must be what the sandbox substitutes: no Velocity.
pub fn templates(templates: &BTreeMap<String, String>, whose: &str) -> Result<(), Fault> {
    for (content_type, text) in templates {
        if let Some(feature) = vtl_feature(text) {
            return Err(Fault::not_implemented(&format!(
                "{feature} in {whose}'s {content_type} template (templates are substituted: \
                 $context, $stageVariables and $method.request references, no Velocity)"
            )));
        }
    }
    Ok(())
}

/// `integration.request.{header|querystring|path}.X` ← a source the data plane resolves.
pub fn integration_request_parameters(parameters: &BTreeMap<String, String>) -> Result<(), Fault> {
    for (target, source) in parameters {
        let place = target
            .strip_prefix("integration.request.")
            .and_then(|rest| rest.split_once('.'))
            .map(|(place, _)| place);
        if !matches!(place, Some("header" | "querystring" | "path")) {
            return Err(Fault::bad_request(format!(
                "Invalid mapping expression specified: Validation Result: warnings : [], errors : \
                 [Invalid mapping expression specified: {target}]"
            )));
        }
        if !is_supported_source(source) {
            return Err(Fault::not_implemented(&format!(
                "the request parameter source {source} (the sandbox maps 'static' values, \
                 method.request.{{path|querystring|header}}.*, context.* and stageVariables.*)"
            )));
        }
    }
    Ok(())
}

/// `gatewayresponse.{header|querystring|path}.X` ← `'static'`, `method.request.*`,
/// `stageVariables.*` or `context.*`.
pub fn gateway_response_parameters(parameters: &BTreeMap<String, String>) -> Result<(), Fault> {
    for (target, source) in parameters {
        let valid_target = ["header", "querystring", "path"].iter().any(|place| {
            target
                .strip_prefix("gatewayresponse.")
                .and_then(|rest| rest.strip_prefix(place))
                .and_then(|rest| rest.strip_prefix('.'))
                .is_some_and(|name| !name.is_empty())
        });
        if !valid_target {
            return Err(Fault::bad_request(format!(
                "Invalid parameter name specified: {target} (expected \
                 gatewayresponse.header.NAME, gatewayresponse.querystring.NAME or \
                 gatewayresponse.path.NAME)"
            )));
        }
        if !is_supported_source(source) {
            return Err(Fault::bad_request(format!(
                "Invalid mapping expression specified: {source} (expected a 'static value' in \
                 single quotes, method.request.header.NAME, method.request.querystring.NAME, \
                 method.request.path.NAME, stageVariables.NAME or context.NAME)"
            )));
        }
    }
    Ok(())
}

/// Integration-response header mappings: the sandbox maps static values onto declared
/// method-response headers.
pub fn integration_response_parameters(
    parameters: &BTreeMap<String, String>,
    declared: &BTreeMap<String, bool>,
) -> Result<(), Fault> {
    for (target, source) in parameters {
        if !declared.contains_key(target) {
            return Err(Fault::bad_request(format!(
                "Invalid mapping expression specified: Validation Result: warnings : [], errors : \
                 [Invalid mapping expression parameter specified: {target}]"
            )));
        }
        let is_static = source.len() >= 2 && source.starts_with('\'') && source.ends_with('\'');
        if !is_static {
            return Err(Fault::not_implemented(&format!(
                "the integration response mapping {target} ← {source} (the sandbox maps static \
                 'values' onto method response headers)"
            )));
        }
    }
    Ok(())
}

/// What API Gateway refuses in an authorizer.
pub fn authorizer(a: &Authorizer) -> Result<(), Fault> {
    if a.name.is_empty() {
        return Err(Fault::bad_request("Authorizer name is required"));
    }
    if !["TOKEN", "REQUEST", "COGNITO_USER_POOLS"].contains(&a.kind.as_str()) {
        return Err(Fault::bad_request(format!(
            "Invalid authorizer type '{}': TOKEN, REQUEST or COGNITO_USER_POOLS",
            a.kind
        )));
    }
    if a.kind != "COGNITO_USER_POOLS" && a.authorizer_uri.as_deref().unwrap_or("").is_empty() {
        return Err(Fault::bad_request(
            "Authorizer URI is required for TOKEN and REQUEST authorizers",
        ));
    }
    if a.kind == "TOKEN"
        && !a
            .identity_source
            .as_deref()
            .is_some_and(|s| s.starts_with("method.request.header."))
    {
        return Err(Fault::bad_request(
            "Invalid identity source: a TOKEN authorizer needs method.request.header.<name>",
        ));
    }
    if let Some(pattern) = &a.identity_validation_expression
        && regex::Regex::new(pattern).is_err()
    {
        return Err(Fault::bad_request(format!(
            "Invalid identity validation expression '{pattern}': not a regular expression"
        )));
    }
    authorizer_ttl(a.authorizer_result_ttl_in_seconds).map_err(|_| {
        Fault::bad_request(format!(
            "Invalid authorizer TTL {}: expected 0 to {AUTHORIZER_TTL_MAX_SECS} seconds",
            a.authorizer_result_ttl_in_seconds
        ))
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_say_bad_request_or_not_implemented() {
        assert!(verb("options").is_ok());
        assert_eq!(verb("TRACE").unwrap_err().code, "BadRequestException");
        assert!(status_code("204").is_ok());
        assert!(status_code("2000").is_err() && status_code("600").is_err());
        let vtl = BTreeMap::from([("application/json".into(), "#set($a=1)".into())]);
        let refused = templates(&vtl, "the gateway response").unwrap_err();
        assert_eq!(refused.code, "NotImplemented");
        assert!(refused.message.contains("#set"), "{}", refused.message);
        let ok = BTreeMap::from([(
            "gatewayresponse.header.Access-Control-Allow-Origin".into(),
            "'*'".into(),
        )]);
        assert!(gateway_response_parameters(&ok).is_ok());
        let bad = BTreeMap::from([("header.X".into(), "'*'".into())]);
        assert!(gateway_response_parameters(&bad).is_err());
        let undeclared = BTreeMap::from([("method.response.header.X".into(), "'1'".into())]);
        let refused = integration_response_parameters(&undeclared, &BTreeMap::new());
        assert_eq!(refused.unwrap_err().code, "BadRequestException");
        let declared = BTreeMap::from([("method.response.header.X".into(), false)]);
        let body = BTreeMap::from([(
            "method.response.header.X".into(),
            "integration.response.body".into(),
        )]);
        let refused = integration_response_parameters(&body, &declared).unwrap_err();
        assert_eq!(refused.code, "NotImplemented");
    }
}
