//! The Lambda console's "Test": invoke the function with a TOKEN event, show what it
//! returned and the tail of its log.

use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::{InvocationType, LogType};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::aws::Aws;
use crate::aws::error::{AwsError, sdk};

/// What an invocation returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    pub status_code: i32,
    /// `Unhandled` / `Handled` when the function threw (for us: "Unauthorized").
    pub function_error: Option<String>,
    pub payload: String,
    /// The last 4 KB of the log, decoded.
    pub log_tail: Option<String>,
}

/// A TOKEN authorizer event as API Gateway sends it; `authorization` is the whole
/// header value (`Bearer …`).
pub fn token_event(authorization: &str, method_arn: &str) -> serde_json::Value {
    serde_json::json!({
        "type": "TOKEN",
        "authorizationToken": authorization,
        "methodArn": method_arn,
    })
}

/// `arn:aws:execute-api:{region}:{account}:{api}/{stage}/{verb}/{path}`, `path` without
/// its leading slash.
pub fn method_arn(
    region: &str,
    account: &str,
    api_id: &str,
    stage: &str,
    http_verb: &str,
    path: &str,
) -> String {
    format!(
        "arn:aws:execute-api:{region}:{account}:{api_id}/{stage}/{http_verb}/{}",
        path.trim_start_matches('/')
    )
}

/// Invokes synchronously with `LogType::Tail`. The event (which holds a token) is never logged.
pub async fn invoke(
    aws: &Aws,
    function: &str,
    event: &serde_json::Value,
) -> Result<Invocation, AwsError> {
    let out = aws
        .lambda
        .invoke()
        .function_name(function)
        .invocation_type(InvocationType::RequestResponse)
        .log_type(LogType::Tail)
        .payload(Blob::new(event.to_string()))
        .send()
        .await
        .map_err(|e| sdk("lambda:InvokeFunction", e))?;
    let payload = out
        .payload
        .map(|p| String::from_utf8_lossy(p.as_ref()).into_owned())
        .unwrap_or_default();
    Ok(Invocation {
        status_code: out.status_code,
        function_error: out.function_error,
        payload,
        log_tail: out.log_result.as_deref().map(decode_log),
    })
}

/// The log tail is base64; a malformed one is shown as it came.
pub(crate) fn decode_log(encoded: &str) -> String {
    STANDARD.decode(encoded.trim()).map_or_else(
        |_| encoded.to_owned(),
        |bytes| String::from_utf8_lossy(&bytes).into_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_arn_and_event() {
        let arn = method_arn("eu-west-1", "123456789012", "abc", "test", "GET", "/pets");
        assert_eq!(
            arn,
            "arn:aws:execute-api:eu-west-1:123456789012:abc/test/GET/pets"
        );
        let event = token_event("Bearer x.y.z", &arn);
        assert_eq!(event["type"], "TOKEN");
        assert_eq!(event["methodArn"], arn.as_str());
    }

    #[test]
    fn log_tail_is_decoded() {
        assert_eq!(decode_log("U1RBUlQgUmVxdWVzdElk\n"), "START RequestId");
        assert_eq!(decode_log("not base64!"), "not base64!");
    }
}
