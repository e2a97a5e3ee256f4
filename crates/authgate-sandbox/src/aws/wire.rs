//! What every AWS protocol shares here: the failure type and its REST-JSON shape (API
//! Gateway, Lambda), the caller's region (from the `SigV4` credential scope) and the fixed
//! account.
//!
//! Signatures are not checked (the guard only requires that a `SigV4` header is present):
//! the sandbox listens on loopback only and any credentials work, like the `test`/`test`
//! credentials of other local AWS emulators.

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::error::SandboxError;
use authgate_core::hint::Hint as _;

/// The account every sandbox resource belongs to.
pub const ACCOUNT_ID: &str = "000000000000";
/// The region when the request names none.
pub const DEFAULT_REGION: &str = "us-east-1";

/// An AWS error: HTTP status, AWS error code, message. Rendered per protocol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
}

impl Fault {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
    }
    /// API Gateway's 404.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "NotFoundException", message)
    }
    /// API Gateway's 400.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "BadRequestException", message)
    }
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, "ConflictException", message)
    }
    /// An operation AWS has and the sandbox does not.
    pub fn unsupported(operation: &str) -> Self {
        Self::new(
            StatusCode::NOT_IMPLEMENTED,
            "NotImplemented",
            format!(
                "{operation} is not implemented by the authgate sandbox, which implements only \
                 the AWS calls authgate makes (see README, \"The sandbox\")"
            ),
        )
    }
    /// A feature of an operation the sandbox has, beyond the subset it emulates: refused,
    /// never answered wrongly.
    pub fn not_implemented(feature: &str) -> Self {
        Self::new(
            StatusCode::NOT_IMPLEMENTED,
            "NotImplemented",
            format!(
                "The authgate sandbox does not implement {feature}. It emulates the part of API \
                 Gateway a learner uses next (see README, \"From a browser\"); try this on real \
                 AWS."
            ),
        )
    }
    /// Saving the sandbox's own state failed.
    pub fn storage(err: &SandboxError) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "ServiceException",
            format!(
                "the sandbox could not save its state: {err} ({})",
                err.fix()
            ),
        )
    }
}

/// REST-JSON (API Gateway, Lambda): `x-amzn-ErrorType` names the error, the body carries
/// the message, which the SDK parses into the operation's typed error.
impl IntoResponse for Fault {
    fn into_response(self) -> Response {
        let body = json!({ "message": self.message, "Type": "User" });
        (
            self.status,
            [
                ("x-amzn-ErrorType", self.code),
                ("content-type", "application/json"),
            ],
            body.to_string(),
        )
            .into_response()
    }
}

/// The region in `Authorization: AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/…`.
pub fn region(headers: &HeaderMap) -> String {
    scope(headers)
        .and_then(|parts| parts.get(2).map(|r| (*r).to_owned()))
        .filter(|r| !r.is_empty())
        .unwrap_or_else(|| DEFAULT_REGION.to_owned())
}

/// The signing service of the credential scope (`iam`, `sts`, `lambda`, `apigateway`).
pub fn service(headers: &HeaderMap) -> Option<String> {
    scope(headers).and_then(|parts| parts.get(3).map(|s| (*s).to_owned()))
}

fn scope(headers: &HeaderMap) -> Option<Vec<&str>> {
    let auth = headers.get("authorization")?.to_str().ok()?;
    let credential = auth.split("Credential=").nth(1)?;
    let credential = credential.split([',', ' ']).next()?;
    Some(credential.split('/').collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signed(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("authorization", value.parse().unwrap());
        headers
    }

    #[test]
    fn region_and_service_come_from_the_credential_scope() {
        let headers = signed(
            "AWS4-HMAC-SHA256 Credential=testing/20240501/eu-west-1/iam/aws4_request, \
             SignedHeaders=host;x-amz-date, Signature=abc",
        );
        assert_eq!(region(&headers), "eu-west-1");
        assert_eq!(service(&headers).as_deref(), Some("iam"));
        assert_eq!(region(&HeaderMap::new()), DEFAULT_REGION);
        assert_eq!(service(&signed("Bearer x")), None);
    }

    #[test]
    fn rest_json_faults_name_the_error_type() {
        let response = Fault::not_found("Invalid API identifier specified").into_response();
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert_eq!(response.headers()["x-amzn-ErrorType"], "NotFoundException");
        let unsupported = Fault::unsupported("apigateway:CreateVpcLink");
        assert!(
            unsupported
                .message
                .contains("only the AWS calls authgate makes")
        );
    }
}
