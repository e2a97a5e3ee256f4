//! Which provider a path imitates, and a refusal in that provider's error shape, so every
//! client (SDK, CLI, Auth0 SDK, a browser's devtools) reads what was refused and why.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::Refused;
use crate::aws::query::answer::refusal as query_refusal;
use crate::aws::wire::Fault;
use crate::tenant;

/// The part of the sandbox a path belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Surface {
    /// Invoke URLs: `/restapis/{api}/{stage}/_user_request_/…`.
    DataPlane,
    /// `/sandbox/…`: teaching hooks and the function log.
    Hooks,
    /// `/oauth/…`, `/userinfo`: Auth0's authentication API.
    Auth0OAuth,
    /// `/activate`, `/authorize`: the login pages a person's browser shows (HTML).
    LoginPage,
    /// `/api/v2/…`, `/.well-known/…`: Auth0's Management API and discovery.
    Auth0Management,
    /// `POST /` with `Action=…`: IAM and STS (XML answers).
    AwsQuery,
    /// Everything else: API Gateway and Lambda (REST-JSON), or nothing at all.
    AwsRestJson,
}

impl Surface {
    pub fn of(path: &str) -> Self {
        let mut segments = path.trim_start_matches('/').split('/');
        let first = segments.next().unwrap_or_default();
        match first {
            "" => Self::AwsQuery,
            "sandbox" => Self::Hooks,
            "oauth" | "userinfo" => Self::Auth0OAuth,
            "activate" | "authorize" => Self::LoginPage,
            "api" | ".well-known" => Self::Auth0Management,
            "restapis" if segments.nth(2) == Some("_user_request_") => Self::DataPlane,
            _ => Self::AwsRestJson,
        }
    }

    /// The refusal as this provider would shape a 403 (415 for a hook's content type).
    pub fn refuse(self, refused: &Refused) -> Response {
        let message = refused.to_string();
        let status = match refused {
            Refused::NotJson => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            _ => StatusCode::FORBIDDEN,
        };
        match self {
            Self::DataPlane => (
                status,
                [("x-amzn-ErrorType", "ForbiddenException")],
                Json(json!({ "message": message })),
            )
                .into_response(),
            Self::Hooks => (
                status,
                Json(json!({ "error": "refused", "message": message })),
            )
                .into_response(),
            Self::Auth0OAuth => tenant::oauth_error(status, "access_denied", &message),
            Self::LoginPage => (
                status,
                [("content-type", "text/html; charset=utf-8")],
                format!(
                    "<!doctype html><title>Refused</title><h1>Refused</h1><p>{}</p>\n",
                    tenant::escape_html(&message)
                ),
            )
                .into_response(),
            Self::Auth0Management => tenant::management_error(status, "access_denied", &message),
            Self::AwsQuery => query_refusal(&Fault::new(status, aws_code(refused, false), message)),
            Self::AwsRestJson => {
                Fault::new(status, aws_code(refused, true), message).into_response()
            }
        }
    }
}

/// AWS's own codes: the JSON protocols end theirs in `Exception`, the query protocol not.
fn aws_code(refused: &Refused, json: bool) -> &'static str {
    match (refused, json) {
        (Refused::Unsigned, true) => "MissingAuthenticationTokenException",
        (Refused::Unsigned, false) => "MissingAuthenticationToken",
        (_, true) => "AccessDeniedException",
        (_, false) => "AccessDenied",
    }
}
