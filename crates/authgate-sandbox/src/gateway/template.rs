//! The sandbox's mapping "templates": substitution of `$context.x`, `$stageVariables.x`,
//! `$method.request.header.x` (and their `${…}` forms), not Velocity. What needs Velocity (`#set`, `#if`, `$input`,
//! `$util`, …) is named by [`vtl_feature`] so the control plane can refuse it as
//! `NotImplemented` instead of answering wrongly. Parameter mappings (`'static'`,
//! `method.request.header.X`, `context.authorizer.y`, `stageVariables.z`) resolve here too.

use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::request::IntegrationRequest;

// A literal pattern: it compiles, or every test of this file fails.
#[allow(clippy::expect_used)]
static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\$\{(context|stageVariables|method\.request)((?:\.[A-Za-z_][-A-Za-z0-9_]*)+)\}|\$(context|stageVariables|method\.request)((?:\.[A-Za-z_][A-Za-z0-9_]*)+)",
    )
    .expect("the reference pattern compiles")
});

// A literal pattern: it compiles, or every test of this file fails.
#[allow(clippy::expect_used)]
static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"#\{?(set|if|elseif|else|end|foreach|macro|define|parse|include|break|stop|evaluate)\b",
    )
    .expect("the directive pattern compiles")
});

// A literal pattern: it compiles, or every test of this file fails.
#[allow(clippy::expect_used)]
static VTL_REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\$!|\$\{?(input|util|allParams|inputRoot|elem)\b")
        .expect("the VTL reference pattern compiles")
});

/// The Velocity feature `template` uses that the sandbox does not substitute, if any.
pub fn vtl_feature(template: &str) -> Option<String> {
    if let Some(found) = DIRECTIVE.captures(template) {
        return Some(format!("the VTL directive #{}", &found[1]));
    }
    VTL_REFERENCE.find(template).map(|found| {
        let text = found.as_str();
        if text == "$!" {
            "VTL quiet references ($!…)".to_owned()
        } else {
            format!("the VTL variable {}", text.replace('{', ""))
        }
    })
}

/// `template` with every `$context.x`, `$stageVariables.x` and `$method.request.….x`
/// replaced; a variable the request does not have becomes empty.
pub fn render(template: &str, request: &IntegrationRequest) -> String {
    REFERENCE
        .replace_all(template, |caps: &Captures| {
            let (root, path) = match (caps.get(1), caps.get(2)) {
                (Some(root), Some(path)) => (root.as_str(), path.as_str()),
                _ => (&caps[3], &caps[4]),
            };
            parameter(&format!("{root}{path}"), request).unwrap_or_default()
        })
        .into_owned()
}

/// A mapping's source: `'literal'`, `method.request.{path|querystring|header}.X`,
/// `stageVariables.X` or `context.X` (`context.authorizer.role`, `context.requestId`, …).
pub fn parameter(source: &str, request: &IntegrationRequest) -> Option<String> {
    if let Some(literal) = source.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
        return Some(literal.to_owned());
    }
    if let Some(name) = source.strip_prefix("method.request.path.") {
        return request.path_params.get(name).cloned();
    }
    if let Some(name) = source.strip_prefix("method.request.querystring.") {
        return request.query_param(name).map(str::to_owned);
    }
    if let Some(name) = source.strip_prefix("method.request.header.") {
        return request.header(name).map(str::to_owned);
    }
    if let Some(name) = source.strip_prefix("stageVariables.") {
        return request.stage_variables.get(name).cloned();
    }
    if let Some(name) = source.strip_prefix("context.") {
        return request.context.variable(name);
    }
    None
}

/// Whether the sandbox can resolve `source` as a mapping source (the control plane refuses
/// the others as `NotImplemented`: `integration.response.body`, `JSONPath` expressions, …).
pub fn is_supported_source(source: &str) -> bool {
    (source.len() >= 2 && source.starts_with('\'') && source.ends_with('\''))
        || [
            "method.request.path.",
            "method.request.querystring.",
            "method.request.header.",
            "stageVariables.",
            "context.",
        ]
        .iter()
        .any(|prefix| source.starts_with(prefix))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::gateway::context::{ErrorFacts, RequestContext};

    fn request() -> IntegrationRequest {
        let mut context = RequestContext::now("api1", "prod", "req-1");
        context.error = Some(ErrorFacts {
            message: Some("Unauthorized".into()),
            response_type: "UNAUTHORIZED",
        });
        IntegrationRequest {
            context,
            stage_variables: BTreeMap::from([("colour".to_owned(), "blue".to_owned())]),
            headers: vec![("Origin".into(), "http://127.0.0.1:9".into())],
            ..IntegrationRequest::default()
        }
    }

    #[test]
    fn context_stage_variables_and_the_method_request_are_substituted() {
        let out = render(
            r#"{"message":$context.error.messageString,"type":"$context.error.responseType","s":"${context.stage}.","c":"$stageVariables.colour","x":"$context.nothing","o":"$method.request.header.origin"}"#,
            &request(),
        );
        assert_eq!(
            out,
            r#"{"message":"Unauthorized","type":"UNAUTHORIZED","s":"prod.","c":"blue","x":"","o":"http://127.0.0.1:9"}"#
        );
    }

    #[test]
    fn velocity_is_named_not_guessed() {
        assert_eq!(vtl_feature(r#"{"a":"$context.stage"}"#), None);
        assert_eq!(vtl_feature("<a href=\"#top\">top</a>"), None);
        assert_eq!(
            vtl_feature("#set($x = 1)").as_deref(),
            Some("the VTL directive #set")
        );
        assert_eq!(
            vtl_feature("$input.json('$')").as_deref(),
            Some("the VTL variable $input")
        );
        assert_eq!(
            vtl_feature("${util.escapeJavaScript('a')}").as_deref(),
            Some("the VTL variable $util")
        );
        assert!(is_supported_source("context.authorizer.role"));
        assert!(!is_supported_source("integration.response.body"));
    }
}
