//! Every SDK failure becomes an [`AwsError`] that says what to do next.

use std::error::Error as StdError;

use aws_sdk_lambda::config::http::HttpResponse;
use aws_sdk_lambda::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};

use crate::hint::Hint;

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
    },
    #[error("{op}: could not reach AWS: {detail}")]
    Unreachable { op: &'static str, detail: String },
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
pub(crate) fn sdk<E>(op: &'static str, err: SdkError<E, HttpResponse>) -> AwsError
where
    E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
{
    let Some(code) = err.code().map(str::to_owned) else {
        let detail = DisplayErrorContext(&err).to_string();
        return match err.raw_response().map(|r| r.status().as_u16()) {
            // An answer without an AWS error code (a proxy, an emulator's crash page).
            Some(status) => AwsError::Service {
                op,
                code: format!("HTTP {status}"),
                message: detail,
            },
            None => AwsError::Unreachable { op, detail },
        };
    };
    let message = err.message().unwrap_or_default().to_owned();
    classify(op, &code, message)
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
