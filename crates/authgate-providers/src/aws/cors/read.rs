//! Reading a browser setup back, read-only: how a resource's `OPTIONS` method answers a
//! preflight (its authorization, its integration, the static `Access-Control-*` values its
//! answer maps) and which gateway responses are customised with which
//! `Access-Control-Allow-Origin`. `check` grades these; the drift check compares them with
//! what step 4 set.

use std::collections::BTreeMap;

use aws_sdk_apigateway::types::IntegrationType;

use crate::aws::Aws;
use crate::aws::{AwsError, sdk};

const HEADER: &str = "method.response.header.";
const GATEWAY_HEADER: &str = "gatewayresponse.header.";

/// An `OPTIONS` method as configured in the API (not necessarily deployed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PreflightSetup {
    /// `NONE`, `CUSTOM`, `AWS_IAM`, `COGNITO_USER_POOLS`.
    pub authorization_type: String,
    /// `MOCK`, `AWS_PROXY` …; `None` without an integration.
    pub integration: Option<String>,
    /// The status of the integration response that answers (the default one, else 2XX).
    pub status: Option<String>,
    /// The static values its answer maps (quotes taken off); `None`: not mapped.
    pub allow_origin: Option<String>,
    pub allow_headers: Option<String>,
    pub allow_methods: Option<String>,
}

impl PreflightSetup {
    /// A proxy integration: the backend sends the headers, so only a live answer tells.
    pub fn is_proxy(&self) -> bool {
        matches!(
            self.integration.as_deref(),
            Some("AWS_PROXY" | "HTTP_PROXY")
        )
    }
}

/// `'value'` → `value`; a mapping that is not a static value (`method.request.header.Origin`)
/// is kept as it is.
pub fn unquote(value: &str) -> &str {
    value
        .strip_prefix('\'')
        .and_then(|v| v.strip_suffix('\''))
        .unwrap_or(value)
}

/// An `Access-Control-Allow-Origin` value lets the page at `origin` read.
pub fn allows_origin(value: Option<&str>, origin: &str) -> bool {
    value.is_some_and(|v| v == "*" || (origin != "*" && v == origin))
}

/// An `Access-Control-Allow-Headers` value names `Authorization` (a `*` does not cover it:
/// the Fetch standard leaves `Authorization` out of the wildcard).
pub fn allows_authorization(value: Option<&str>) -> bool {
    value.is_some_and(|v| {
        v.split(',')
            .map(str::trim)
            .any(|h| h.eq_ignore_ascii_case("authorization"))
    })
}

/// The `OPTIONS` method of the resource `resource_id`; `None` when it has none.
pub async fn read_preflight(
    aws: &Aws,
    api_id: &str,
    resource_id: &str,
) -> Result<Option<PreflightSetup>, AwsError> {
    let got = aws
        .apigateway
        .get_method()
        .rest_api_id(api_id)
        .resource_id(resource_id)
        .http_method("OPTIONS")
        .send()
        .await;
    let method = match got {
        Ok(method) => method,
        Err(e) => {
            let e = sdk("apigateway:GET .../methods/OPTIONS", e);
            return if e.is_not_found() { Ok(None) } else { Err(e) };
        }
    };
    let integration = method.method_integration();
    let responses = integration
        .and_then(|i| i.integration_responses())
        .cloned()
        .unwrap_or_default();
    let answering = responses
        .iter()
        .find(|(_, r)| r.selection_pattern().is_none_or(str::is_empty))
        .or_else(|| {
            let mut ok: Vec<_> = responses
                .iter()
                .filter(|(s, _)| s.starts_with('2'))
                .collect();
            ok.sort_by(|a, b| a.0.cmp(b.0));
            ok.into_iter().next()
        });
    let mapped = |name: &str| {
        answering
            .and_then(|(_, r)| r.response_parameters())
            .and_then(|p| p.get(&format!("{HEADER}{name}")))
            .map(|v| unquote(v).to_owned())
    };
    Ok(Some(PreflightSetup {
        authorization_type: method.authorization_type().unwrap_or("NONE").to_owned(),
        integration: integration
            .and_then(|i| i.r#type())
            .map(|t: &IntegrationType| t.as_str().to_owned()),
        status: answering.map(|(s, _)| s.clone()),
        allow_origin: mapped("Access-Control-Allow-Origin"),
        allow_headers: mapped("Access-Control-Allow-Headers"),
        allow_methods: mapped("Access-Control-Allow-Methods"),
    }))
}

/// The customised gateway responses (default ones left out), each with its
/// `Access-Control-Allow-Origin` value (quotes taken off), if it sets one.
pub async fn read_gateway_cors(
    aws: &Aws,
    api_id: &str,
) -> Result<BTreeMap<String, Option<String>>, AwsError> {
    let out = aws
        .apigateway
        .get_gateway_responses()
        .rest_api_id(api_id)
        .limit(500)
        .send()
        .await
        .map_err(|e| sdk("apigateway:GET /restapis/{id}/gatewayresponses", e))?;
    Ok(out
        .items()
        .iter()
        .filter(|r| !r.default_response())
        .filter_map(|r| {
            let kind = r.response_type()?.as_str().to_owned();
            let origin = r
                .response_parameters()
                .and_then(|p| p.get(&format!("{GATEWAY_HEADER}Access-Control-Allow-Origin")))
                .map(|v| unquote(v).to_owned());
            Some((kind, origin))
        })
        .collect())
}

/// The customised response that answers `response_type` (its own, else `DEFAULT_4XX` or
/// `DEFAULT_5XX`), as API Gateway picks it; `None`: API Gateway's default, no CORS header.
pub fn effective_response<'a>(
    customised: &'a BTreeMap<String, Option<String>>,
    response_type: &str,
) -> Option<(&'a str, &'a Option<String>)> {
    let parent = match response_type {
        "DEFAULT_4XX" | "DEFAULT_5XX" => None,
        "API_CONFIGURATION_ERROR"
        | "AUTHORIZER_CONFIGURATION_ERROR"
        | "AUTHORIZER_FAILURE"
        | "INTEGRATION_FAILURE"
        | "INTEGRATION_TIMEOUT" => Some("DEFAULT_5XX"),
        _ => Some("DEFAULT_4XX"),
    };
    customised
        .get_key_value(response_type)
        .or_else(|| parent.and_then(|p| customised.get_key_value(p)))
        .map(|(k, v)| (k.as_str(), v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_values_lose_their_quotes() {
        assert_eq!(unquote("'*'"), "*");
        assert_eq!(unquote("'http://a:1'"), "http://a:1");
        assert_eq!(
            unquote("method.request.header.Origin"),
            "method.request.header.Origin"
        );
    }

    #[test]
    fn a_type_uses_its_own_response_else_its_default() {
        let mut customised = BTreeMap::from([("DEFAULT_4XX".to_owned(), Some("*".to_owned()))]);
        assert_eq!(
            effective_response(&customised, "UNAUTHORIZED"),
            Some(("DEFAULT_4XX", &Some("*".to_owned())))
        );
        assert_eq!(effective_response(&customised, "AUTHORIZER_FAILURE"), None);
        customised.insert("UNAUTHORIZED".to_owned(), None);
        assert_eq!(
            effective_response(&customised, "UNAUTHORIZED"),
            Some(("UNAUTHORIZED", &None)),
            "its own, even without the header: the default is not merged in"
        );
        assert_eq!(
            effective_response(&customised, "ACCESS_DENIED").map(|r| r.0),
            Some("DEFAULT_4XX")
        );
    }

    #[test]
    fn authorization_must_be_named_a_star_does_not_cover_it() {
        assert!(allows_authorization(Some("Content-Type, authorization")));
        assert!(!allows_authorization(Some("*")));
        assert!(!allows_authorization(Some("Content-Type,X-Amz-Date")));
        assert!(!allows_authorization(None));
    }

    #[test]
    fn a_star_allows_every_page_and_a_page_needs_its_own_origin() {
        assert!(allows_origin(Some("*"), "http://a:1"));
        assert!(allows_origin(Some("http://a:1"), "http://a:1"));
        assert!(!allows_origin(Some("http://a:2"), "http://a:1"));
        assert!(!allows_origin(Some("http://a:1"), "*"), "any page needs *");
        assert!(!allows_origin(None, "*"));
    }
}
