//! API Gateway's own error answers: status, default body and the `x-amzn-ErrorType`
//! header, as a client of a real REST API sees them, and the gateway response type each is
//! (customised ones are applied by [`super::responses`]).

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// Why the gateway answered before (or instead of) the integration.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GatewayError {
    /// No deployed stage by that name (AWS: 403 `Forbidden`).
    #[error("no deployment of this API and stage")]
    StageNotFound,
    /// No resource or method for the path: API Gateway's famous 403.
    #[error("no route for this method and path")]
    MissingAuthenticationToken,
    /// Identity source missing, validation expression mismatch, or the function said
    /// `Unauthorized`.
    #[error("unauthorized")]
    Unauthorized,
    /// The policy does not allow this methodArn; `explicit` when a Deny matched.
    #[error("the policy does not allow this request")]
    AccessDenied { explicit: bool },
    /// The function failed with an error other than `Unauthorized`, timed out or is missing.
    #[error("the authorizer function failed: {0}")]
    AuthorizerFailure(String),
    /// The authorizer's result or configuration is unusable.
    #[error("authorizer configuration error: {0}")]
    AuthorizerConfiguration(String),
    /// The method needs an API key and the request has none.
    #[error("this method requires an API key (x-api-key)")]
    ApiKeyRequired,
    /// An authorization type the sandbox does not emulate.
    #[error("the sandbox does not implement {0} authorization")]
    Unsupported(String),
    /// The method has no integration.
    #[error("the method has no integration")]
    NoIntegration,
    /// A proxy backend failed or answered in a shape API Gateway cannot use (AWS: 502).
    #[error("the integration failed: {0}")]
    IntegrationFailure(String),
    /// The backend did not answer within the integration's timeout (AWS: 504).
    #[error("the integration timed out")]
    IntegrationTimeout,
}

impl GatewayError {
    pub fn configuration(detail: impl Into<String>) -> Self {
        Self::AuthorizerConfiguration(detail.into())
    }

    pub fn status(&self) -> StatusCode {
        match self {
            Self::StageNotFound
            | Self::MissingAuthenticationToken
            | Self::AccessDenied { .. }
            | Self::ApiKeyRequired
            | Self::Unsupported(_) => StatusCode::FORBIDDEN,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::AuthorizerFailure(_) | Self::AuthorizerConfiguration(_) | Self::NoIntegration => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
            Self::IntegrationFailure(_) => StatusCode::BAD_GATEWAY,
            Self::IntegrationTimeout => StatusCode::GATEWAY_TIMEOUT,
        }
    }

    /// The gateway response type that answers this error; `None` for the answers no
    /// gateway response changes (no such stage, an authorization the sandbox lacks).
    pub fn response_type(&self) -> Option<&'static str> {
        Some(match self {
            Self::StageNotFound | Self::Unsupported(_) => return None,
            Self::MissingAuthenticationToken => "MISSING_AUTHENTICATION_TOKEN",
            Self::Unauthorized => "UNAUTHORIZED",
            Self::AccessDenied { .. } => "ACCESS_DENIED",
            Self::AuthorizerFailure(_) => "AUTHORIZER_FAILURE",
            Self::AuthorizerConfiguration(_) => "AUTHORIZER_CONFIGURATION_ERROR",
            Self::ApiKeyRequired => "INVALID_API_KEY",
            Self::NoIntegration => "API_CONFIGURATION_ERROR",
            // A proxy integration's 502 has no type of its own: DEFAULT_5XX applies.
            Self::IntegrationFailure(_) => "DEFAULT_5XX",
            Self::IntegrationTimeout => "INTEGRATION_TIMEOUT",
        })
    }

    /// `$context.error.message`; `None` where AWS's body says `null`.
    pub fn message(&self) -> Option<String> {
        match self {
            Self::StageNotFound | Self::ApiKeyRequired => Some("Forbidden".to_owned()),
            Self::MissingAuthenticationToken => Some("Missing Authentication Token".to_owned()),
            Self::Unauthorized => Some("Unauthorized".to_owned()),
            Self::AccessDenied { explicit: false } => {
                Some("User is not authorized to access this resource".to_owned())
            }
            Self::AccessDenied { explicit: true } => Some(
                "User is not authorized to access this resource with an explicit deny".to_owned(),
            ),
            Self::AuthorizerFailure(_) | Self::AuthorizerConfiguration(_) => None,
            Self::Unsupported(kind) => Some(format!(
                "The authgate sandbox does not implement {kind} authorization; it emulates \
                 NONE and CUSTOM (Lambda TOKEN authorizers). Test this method on real AWS."
            )),
            Self::NoIntegration | Self::IntegrationFailure(_) => {
                Some("Internal server error".to_owned())
            }
            Self::IntegrationTimeout => Some("Endpoint request timed out".to_owned()),
        }
    }

    /// The `x-amzn-ErrorType` value.
    pub fn error_type(&self) -> &'static str {
        match self {
            Self::StageNotFound | Self::ApiKeyRequired => "ForbiddenException",
            Self::MissingAuthenticationToken => "MissingAuthenticationTokenException",
            Self::Unauthorized => "UnauthorizedException",
            Self::AccessDenied { .. } | Self::Unsupported(_) => "AccessDeniedException",
            Self::AuthorizerFailure(_) | Self::AuthorizerConfiguration(_) => {
                "AuthorizerConfigurationException"
            }
            Self::NoIntegration | Self::IntegrationFailure(_) => "InternalServerErrorException",
            Self::IntegrationTimeout => "IntegrationTimeoutException",
        }
    }

    /// The default body, byte for byte as AWS sends it (its key's capitalisation and spacing
    /// vary by response type, as on AWS).
    pub fn body_text(&self) -> String {
        match self {
            Self::AccessDenied { .. } => json!({ "Message": self.message() }).to_string(),
            Self::AuthorizerFailure(_) | Self::AuthorizerConfiguration(_) => {
                r#"{"message": null}"#.to_owned()
            }
            Self::NoIntegration | Self::IntegrationFailure(_) => {
                r#"{"message": "Internal server error"}"#.to_owned()
            }
            _ => json!({ "message": self.message() }).to_string(),
        }
    }
}

impl authgate_core::hint::Hint for GatewayError {
    fn fix(&self) -> String {
        match self {
            Self::StageNotFound => {
                "deploy the API to this stage (create-deployment), or check the \
                 invoke URL's API id and stage"
                    .to_owned()
            }
            Self::MissingAuthenticationToken => "check the method and path against the API's \
                 resources, and deploy the stage again after adding them"
                .to_owned(),
            Self::Unauthorized => "send a token in the authorizer's identity source header \
                 (Authorization: Bearer …) that matches its validation expression and that the \
                 authorizer accepts"
                .to_owned(),
            Self::AccessDenied { explicit: true } => {
                "a Deny in the authorizer's policy matched this methodArn; change the policy or \
                 call another method"
                    .to_owned()
            }
            Self::AccessDenied { explicit: false } => {
                "make the authorizer's policy Allow this methodArn (check its Resource, e.g. \
                 arn:aws:execute-api:REGION:ACCOUNT:API/STAGE/*/*)"
                    .to_owned()
            }
            Self::AuthorizerFailure(_) => {
                "read the authorizer function's log: it failed before answering".to_owned()
            }
            Self::AuthorizerConfiguration(_) => {
                "fix the authorizer as the message says, then deploy the stage again".to_owned()
            }
            Self::ApiKeyRequired => "send the API key in an x-api-key header, or turn off the \
                 method's apiKeyRequired and deploy the stage again"
                .to_owned(),
            Self::Unsupported(_) => {
                "use NONE or CUSTOM authorization in the sandbox, or test this method on real AWS"
                    .to_owned()
            }
            Self::NoIntegration => "add an integration to the method (put-integration) and deploy \
                 the stage again"
                .to_owned(),
            Self::IntegrationFailure(_) => "read the backend function's log: a proxy backend must \
                 return { statusCode, headers, body } with body a string"
                .to_owned(),
            Self::IntegrationTimeout => {
                "make the backend answer sooner (API Gateway waits at most 29 s)".to_owned()
            }
        }
    }
}

/// AWS's default answer (no gateway response applied).
impl IntoResponse for GatewayError {
    fn into_response(self) -> Response {
        plain(&self)
    }
}

/// AWS's default answer: status, exact body, `x-amzn-ErrorType`.
pub fn plain(error: &GatewayError) -> Response {
    let mut response = (error.status(), error.body_text()).into_response();
    let headers = response.headers_mut();
    headers.insert("content-type", header_value("application/json"));
    headers.insert("x-amzn-errortype", header_value(error.error_type()));
    response
}

pub(crate) fn header_value(text: &str) -> HeaderValue {
    HeaderValue::from_str(text).unwrap_or_else(|_| HeaderValue::from_static("invalid"))
}
