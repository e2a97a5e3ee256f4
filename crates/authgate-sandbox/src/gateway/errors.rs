//! API Gateway's own error answers ("gateway responses"): status, body and the
//! `x-amzn-ErrorType` header, as a client of a real REST API sees them.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

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
            Self::NoIntegration => "InternalServerErrorException",
        }
    }

    /// The body AWS sends (its key's capitalisation varies by response type, as on AWS).
    pub fn body(&self) -> Value {
        match self {
            Self::StageNotFound | Self::ApiKeyRequired => json!({ "message": "Forbidden" }),
            Self::MissingAuthenticationToken => {
                json!({ "message": "Missing Authentication Token" })
            }
            Self::Unauthorized => json!({ "message": "Unauthorized" }),
            Self::AccessDenied { explicit: false } => {
                json!({ "Message": "User is not authorized to access this resource" })
            }
            Self::AccessDenied { explicit: true } => json!({
                "Message": "User is not authorized to access this resource with an explicit deny"
            }),
            Self::AuthorizerFailure(_) | Self::AuthorizerConfiguration(_) => {
                json!({ "message": null })
            }
            Self::Unsupported(kind) => json!({
                "message": format!(
                    "The authgate sandbox does not implement {kind} authorization; it emulates \
                     NONE and CUSTOM (Lambda TOKEN authorizers). Test this method on real AWS."
                )
            }),
            Self::NoIntegration => json!({ "message": "Internal server error" }),
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
        }
    }
}

impl IntoResponse for GatewayError {
    fn into_response(self) -> Response {
        let mut response = (self.status(), axum::Json(self.body())).into_response();
        response.headers_mut().insert(
            "x-amzn-errortype",
            HeaderValue::from_static(self.error_type()),
        );
        response
    }
}
