//! Gateway responses: API Gateway's 21 REST response types with their default status codes,
//! and how an error becomes an HTTP answer after a deployment: the type's own customised
//! response, else its `DEFAULT_4XX` / `DEFAULT_5XX` one, else AWS's default. A customised
//! response sets the status, adds `gatewayresponse.header.*` headers and, when it has
//! templates, renders the body; without templates the default body stays (AWS's exact text,
//! `{"Message": …}` for `ACCESS_DENIED` included). `x-amzn-ErrorType` is always sent.

use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::errors::{GatewayError, header_value, plain};
use super::model::DeployedGatewayResponse;
use super::request::IntegrationRequest;
use super::{DeployedApi, template};

/// Every REST response type and its default status (`None` for the two defaults).
pub const TYPES: &[(&str, Option<u16>)] = &[
    ("ACCESS_DENIED", Some(403)),
    ("API_CONFIGURATION_ERROR", Some(500)),
    ("AUTHORIZER_CONFIGURATION_ERROR", Some(500)),
    ("AUTHORIZER_FAILURE", Some(500)),
    ("BAD_REQUEST_PARAMETERS", Some(400)),
    ("BAD_REQUEST_BODY", Some(400)),
    ("DEFAULT_4XX", None),
    ("DEFAULT_5XX", None),
    ("EXPIRED_TOKEN", Some(403)),
    ("INTEGRATION_FAILURE", Some(504)),
    ("INTEGRATION_TIMEOUT", Some(504)),
    ("INVALID_API_KEY", Some(403)),
    ("INVALID_SIGNATURE", Some(403)),
    ("MISSING_AUTHENTICATION_TOKEN", Some(403)),
    ("QUOTA_EXCEEDED", Some(429)),
    ("REQUEST_TOO_LARGE", Some(413)),
    ("RESOURCE_NOT_FOUND", Some(404)),
    ("THROTTLED", Some(429)),
    ("UNAUTHORIZED", Some(401)),
    ("UNSUPPORTED_MEDIA_TYPE", Some(415)),
    ("WAF_FILTERED", Some(403)),
];

/// The template every default response has (`GetGatewayResponses`).
pub const DEFAULT_TEMPLATE: &str = "{\"message\":$context.error.messageString}";

/// The default status of a response type; `None` when there is no such type,
/// `Some(None)` for `DEFAULT_4XX` / `DEFAULT_5XX`.
// Two different absences: no such type, and a type with no status of its own.
#[allow(clippy::option_option)]
pub fn default_status(response_type: &str) -> Option<Option<u16>> {
    TYPES
        .iter()
        .find(|(name, _)| *name == response_type)
        .map(|(_, status)| *status)
}

/// The default a type falls back to: `DEFAULT_4XX` for 4XX types, `DEFAULT_5XX` for 5XX.
pub fn parent(response_type: &str) -> Option<&'static str> {
    match default_status(response_type)?? {
        400..=499 => Some("DEFAULT_4XX"),
        _ => Some("DEFAULT_5XX"),
    }
}

/// The customised response that applies to `response_type`: its own, else its parent's.
pub fn effective<'a>(
    api: &'a DeployedApi,
    response_type: &str,
) -> Option<&'a DeployedGatewayResponse> {
    api.gateway_responses
        .get(response_type)
        .or_else(|| parent(response_type).and_then(|parent| api.gateway_responses.get(parent)))
}

/// The HTTP answer for `error` on `api` (`None`: no deployment, AWS's plain answer).
/// `request.context.error` is filled here.
pub fn answer(
    api: Option<&DeployedApi>,
    error: &GatewayError,
    request: &mut IntegrationRequest,
) -> Response {
    let (Some(api), Some(response_type)) = (api, error.response_type()) else {
        return plain(error);
    };
    request.context.error = Some(super::context::ErrorFacts {
        message: error.message(),
        response_type,
    });
    let Some(custom) = effective(api, response_type) else {
        return plain(error);
    };
    let status = custom
        .status_code
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or_else(|| error.status());
    let template = custom
        .response_templates
        .get("application/json")
        .map(|t| ("application/json", t))
        .or_else(|| {
            custom
                .response_templates
                .iter()
                .next()
                .map(|(k, v)| (k.as_str(), v))
        });
    let (content_type, body) = match template {
        Some((content_type, text)) => (content_type, template::render(text, request)),
        None => ("application/json", error.body_text()),
    };
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert("content-type", header_value(content_type));
    headers.insert("x-amzn-errortype", header_value(error.error_type()));
    for (target, source) in &custom.response_parameters {
        let Some(name) = target.strip_prefix("gatewayresponse.header.") else {
            continue;
        };
        let (Ok(name), Some(value)) = (
            HeaderName::try_from(name),
            template::parameter(source, request),
        ) else {
            continue;
        };
        if let Ok(value) = HeaderValue::from_str(&value) {
            headers.insert(name, value);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twenty_one_types_each_with_its_fallback() {
        assert_eq!(TYPES.len(), 21);
        assert_eq!(default_status("UNAUTHORIZED"), Some(Some(401)));
        assert_eq!(default_status("DEFAULT_4XX"), Some(None));
        assert_eq!(default_status("NOPE"), None);
        assert_eq!(parent("ACCESS_DENIED"), Some("DEFAULT_4XX"));
        assert_eq!(parent("UNAUTHORIZED"), Some("DEFAULT_4XX"));
        assert_eq!(
            parent("AUTHORIZER_CONFIGURATION_ERROR"),
            Some("DEFAULT_5XX")
        );
        assert_eq!(parent("INTEGRATION_TIMEOUT"), Some("DEFAULT_5XX"));
        assert_eq!(parent("DEFAULT_4XX"), None);
    }
}
