//! Every SDK failure becomes an [`AwsError`] that says what to do next.

use std::error::Error as StdError;

use aws_sdk_lambda::config::http::HttpResponse;
use aws_sdk_lambda::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_lambda::operation::RequestId;

use authgate_core::hint::{Hint, capped};

/// How much of an unexpected answer the error line carries (with the operation and the
/// status, under 300 characters); the whole answer is its `raw()`.
pub const SHOWN_CHARS: usize = 200;
/// How much of an answer's text that line quotes.
const BODY_CHARS: usize = 120;
/// AWS's own messages are short; an emulator's can be a stack trace.
const CODED_MESSAGE_CHARS: usize = 500;
/// How much of a response body `raw()` keeps.
const RAW_BODY_CHARS: usize = 16 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum AwsError {
    #[error("{op}: access denied ({message})")]
    AccessDenied {
        op: &'static str,
        /// The IAM action named in AWS's message (`apigateway:POST`, `iam:CreateRole`…).
        action: Option<String>,
        message: String,
    },
    #[error("{op}: AWS did not accept the credentials ({message})")]
    Credentials { op: &'static str, message: String },
    #[error("{op}: AWS kept throttling the request ({message})")]
    Throttled { op: &'static str, message: String },
    #[error("{op}: not found ({message})")]
    NotFound { op: &'static str, message: String },
    #[error("{op}: conflict ({message})")]
    Conflict { op: &'static str, message: String },
    #[error("{op}: {code}: {message}")]
    Service {
        op: &'static str,
        code: String,
        message: String,
        /// The answer as it came (status, request id, body), for `r`.
        raw: Option<String>,
    },
    #[error("{op}: could not reach AWS: {detail}")]
    Unreachable {
        op: &'static str,
        detail: String,
        raw: Option<String>,
    },
    #[error("AWS configuration: {0}")]
    Config(String),
    #[error("{what} did not become ready in time: {detail}")]
    NotReady { what: String, detail: String },
    #[error("{0}")]
    Invalid(String),
    #[error("{url}: {detail}")]
    Http { url: String, detail: String },
}

impl Hint for AwsError {
    fn fix(&self) -> String {
        match self {
            Self::AccessDenied {
                action: Some(a), ..
            } => format!(
                "the AWS identity in use lacks `{a}`: add it to its IAM policy (or use a profile \
                 that has it) and retry"
            ),
            Self::AccessDenied { action: None, .. } => "the AWS identity in use lacks a \
                permission for this call; check its IAM policy and any SCP, then retry"
                .to_owned(),
            Self::Credentials { .. } => "the credentials are invalid or expired: for SSO \
                profiles run `aws sso login`, otherwise check AWS_PROFILE / \
                AWS_ACCESS_KEY_ID (`aws sts get-caller-identity` shows who you are)"
                .to_owned(),
            Self::Throttled { .. } => "AWS is rate-limiting this account; wait a minute and \
                retry (the SDK already retried; raise AWS_MAX_ATTEMPTS or set \
                AWS_RETRY_MODE=adaptive for more patience)"
                .to_owned(),
            Self::NotFound { .. } => "the resource is gone (deleted outside authgate?); rerun \
                the step and authgate will create it again"
                .to_owned(),
            Self::Conflict { .. } => "another change to the same resource is in progress; wait \
                a few seconds and rerun the step"
                .to_owned(),
            Self::Service { code, .. } if code == "InvalidParameterValueException" => {
                "AWS refused a value authgate sent; the message names it. If it is about the \
                 role, IAM may still be propagating: rerun in a minute"
                    .to_owned()
            }
            Self::Service { .. } => "see AWS's message above; rerunning the step is safe (every \
                action finds what exists before creating)"
                .to_owned(),
            Self::Unreachable { .. } => "check the network, the region (AWS_REGION) and, if set, \
                AWS_ENDPOINT_URL / --sandbox; for SSO profiles run `aws sso login`"
                .to_owned(),
            Self::Config(_) => "set a region (AWS_REGION or the profile's `region`) and \
                credentials (AWS_PROFILE, `aws configure`, `aws sso login`), or use --sandbox"
                .to_owned(),
            Self::NotReady { .. } => "AWS is slow to settle; rerun the step in a minute".to_owned(),
            Self::Invalid(_) => "fix the value and rerun".to_owned(),
            Self::Http { .. } => "check the URL and the network; plain http is only allowed to \
                loopback addresses"
                .to_owned(),
        }
    }

    fn raw(&self) -> Option<String> {
        match self {
            Self::Service { raw, .. } | Self::Unreachable { raw, .. } => raw.clone(),
            _ => None,
        }
    }
}

impl AwsError {
    /// True for "this resource does not exist" (used to find-or-create and to tear down).
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::NotFound { .. })
    }

    /// The AWS error code, when AWS sent one.
    pub fn code(&self) -> Option<&str> {
        match self {
            Self::Service { code, .. } => Some(code),
            _ => None,
        }
    }

    pub fn message(&self) -> &str {
        match self {
            Self::AccessDenied { message, .. }
            | Self::Credentials { message, .. }
            | Self::Throttled { message, .. }
            | Self::NotFound { message, .. }
            | Self::Conflict { message, .. }
            | Self::Service { message, .. } => message,
            Self::Unreachable { detail, .. }
            | Self::NotReady { detail, .. }
            | Self::Http { detail, .. } => detail,
            Self::Config(m) | Self::Invalid(m) => m,
        }
    }
}

/// Maps any SDK error (every service crate shares `SdkError`) to an [`AwsError`].
/// By value, so call sites stay `.map_err(|e| sdk(op, e))`.
#[allow(clippy::needless_pass_by_value)]
pub fn sdk<E>(op: &'static str, err: SdkError<E, HttpResponse>) -> AwsError
where
    E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
{
    let Some(code) = err.code().map(str::to_owned) else {
        let raw = Some(raw_answer(&err));
        return match err.raw_response() {
            // An answer without an AWS error code (a proxy, an emulator's crash page).
            Some(response) => AwsError::Service {
                op,
                code: format!("HTTP {}", response.status().as_u16()),
                message: unexpected_answer(&err, response),
                raw,
            },
            None => AwsError::Unreachable {
                op,
                detail: capped(&chain(&err), SHOWN_CHARS),
                raw,
            },
        };
    };
    let message = capped(err.message().unwrap_or_default(), CODED_MESSAGE_CHARS);
    match classify(op, &code, message) {
        // A code authgate has no advice for: keep the whole answer for `r`.
        AwsError::Service {
            op, code, message, ..
        } => AwsError::Service {
            op,
            code,
            message,
            raw: Some(raw_answer(&err)),
        },
        known => known,
    }
}

/// An answer AWS's error parser could not read, in one short line: what the body says (its
/// text without markup) and the request id when there is one. Never the `Debug` dump.
fn unexpected_answer<E>(err: &SdkError<E, HttpResponse>, response: &HttpResponse) -> String {
    let body = response.body().bytes().map(body_text).unwrap_or_default();
    let what = if body.is_empty() {
        "an answer without an AWS error code".to_owned()
    } else {
        format!("not an AWS error answer: {}", capped(&body, BODY_CHARS))
    };
    let line = match err.request_id() {
        Some(id) => format!("{what} (request id {id})"),
        None => what,
    };
    capped(&line, SHOWN_CHARS)
}

/// A body's text: markup dropped, whitespace collapsed (an HTML error page becomes its words).
fn body_text(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The messages of an error and its sources, outermost first (`Display` only).
pub(crate) fn chain(err: &(dyn StdError + 'static)) -> String {
    let mut parts = vec![err.to_string()];
    let mut source = err.source();
    while let Some(inner) = source {
        parts.push(inner.to_string());
        source = inner.source();
    }
    parts.join(": ")
}

/// Everything known about a failed call, for the wizard's `r` key: status, request id, the
/// error chain and the body as it came.
fn raw_answer<E>(err: &SdkError<E, HttpResponse>) -> String
where
    E: StdError + Send + Sync + 'static,
{
    let mut lines = Vec::new();
    if let Some(response) = err.raw_response() {
        lines.push(format!("HTTP {}", response.status().as_u16()));
    }
    if let Some(id) = err.request_id() {
        lines.push(format!("request id: {id}"));
    }
    lines.push(chain(err));
    if let Some(bytes) = err.raw_response().and_then(|r| r.body().bytes()) {
        lines.push(String::new());
        lines.push(capped(&String::from_utf8_lossy(bytes), RAW_BODY_CHARS));
    }
    lines.join("\n")
}

pub(crate) fn classify(op: &'static str, code: &str, message: String) -> AwsError {
    match code {
        "UnrecognizedClientException"
        | "InvalidClientTokenId"
        | "ExpiredToken"
        | "ExpiredTokenException"
        | "InvalidSignatureException"
        | "SignatureDoesNotMatch" => AwsError::Credentials { op, message },
        "AccessDenied" | "AccessDeniedException" | "UnauthorizedOperation" => {
            AwsError::AccessDenied {
                op,
                action: missing_action(&message),
                message,
            }
        }
        "Throttling"
        | "ThrottlingException"
        | "TooManyRequestsException"
        | "RequestLimitExceeded" => AwsError::Throttled { op, message },
        "NotFoundException" | "NoSuchEntity" | "ResourceNotFoundException" => {
            AwsError::NotFound { op, message }
        }
        "ConflictException"
        | "ResourceConflictException"
        | "ConcurrentModification"
        | "EntityAlreadyExists"
        | "EntityAlreadyExistsException" => AwsError::Conflict { op, message },
        _ => AwsError::Service {
            op,
            code: code.to_owned(),
            message,
            raw: None,
        },
    }
}

/// AWS says "… is not authorized to perform: iam:CreateRole on resource: …".
fn missing_action(message: &str) -> Option<String> {
    let rest = message.split("perform: ").nth(1)?;
    let action: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == ':' || *c == '-' || *c == '*')
        .collect();
    (action.contains(':')).then_some(action)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_denied_names_the_missing_action() {
        let e = classify(
            "CreateRole",
            "AccessDenied",
            "User: arn:aws:iam::123:user/x is not authorized to perform: iam:CreateRole on \
             resource: arn:aws:iam::123:role/Auth0Integration"
                .to_owned(),
        );
        assert!(e.fix().contains("`iam:CreateRole`"), "{}", e.fix());
    }

    #[test]
    fn codes_are_classified() {
        assert!(classify("x", "NoSuchEntity", String::new()).is_not_found());
        assert!(classify("x", "NotFoundException", String::new()).is_not_found());
        assert!(matches!(
            classify("x", "TooManyRequestsException", String::new()),
            AwsError::Throttled { .. }
        ));
        assert!(matches!(
            classify("x", "ResourceConflictException", String::new()),
            AwsError::Conflict { .. }
        ));
        let other = classify("x", "BadRequestException", "nope".to_owned());
        assert_eq!(other.code(), Some("BadRequestException"));
        assert_eq!(other.message(), "nope");
    }

    #[test]
    fn expired_credentials_are_not_a_missing_permission() {
        let e = classify("x", "ExpiredTokenException", "expired".to_owned());
        assert!(matches!(e, AwsError::Credentials { .. }));
        assert!(e.fix().contains("aws sso login"), "{}", e.fix());
    }

    #[test]
    fn no_action_without_the_phrase() {
        assert_eq!(missing_action("Access denied"), None);
    }
}
