//! What the backend behind a secured method learns about the caller: a REST API passes the
//! authorizer's answer on as `requestContext.authorizer` of the Lambda proxy event (and as
//! `$context.authorizer.*` to other integrations): its `principalId`, the authorizer's
//! latency, and every context value as a string (`3` → `"3"`, `true` → `"true"`). A context
//! value that is an object or an array is refused: API Gateway answers 500
//! (`AuthorizerConfigurationException`). Pure.

use serde_json::{Map, Value, json};

/// Why API Gateway would not pass this authorizer result on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BackendViewError {
    #[error("the authorizer's answer has no principalId")]
    NoPrincipal,
    #[error(
        "context.{0} is an object or array: API Gateway answers 500 (AuthorizerConfigurationException) instead of calling the backend"
    )]
    NotFlat(String),
}

impl authgate_core::hint::Hint for BackendViewError {
    fn fix(&self) -> String {
        match self {
            Self::NoPrincipal => "make the authorizer return a principalId (the token's sub)",
            Self::NotFlat(_) => {
                "flatten the context: strings, numbers and booleans only (e.g. join a list \
                 with spaces, as the bundled authorizer does with permissions)"
            }
        }
        .to_owned()
    }
}

/// `requestContext.authorizer` for an authorizer `payload` that took `latency_ms`.
pub fn request_context_authorizer(
    payload: &Value,
    latency_ms: u64,
) -> Result<Value, BackendViewError> {
    let principal = payload["principalId"]
        .as_str()
        .ok_or(BackendViewError::NoPrincipal)?;
    let mut view = Map::new();
    if let Some(context) = payload["context"].as_object() {
        for (key, value) in context {
            let text = match value {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                _ => return Err(BackendViewError::NotFlat(key.clone())),
            };
            view.insert(key.clone(), Value::String(text));
        }
    }
    view.insert("principalId".into(), json!(principal));
    view.insert("integrationLatency".into(), json!(latency_ms));
    Ok(Value::Object(view))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_values_arrive_as_strings_beside_the_principal() {
        let payload = json!({
            "principalId": "auth0|1",
            "policyDocument": {},
            "context": {"scope": "read:pets", "count": 3, "admin": true},
        });
        assert_eq!(
            request_context_authorizer(&payload, 12).unwrap(),
            json!({"principalId": "auth0|1", "integrationLatency": 12, "scope": "read:pets",
                   "count": "3", "admin": "true"})
        );
    }

    #[test]
    fn an_object_in_the_context_is_api_gateways_500() {
        let payload = json!({"principalId": "u", "context": {"claims": {"sub": "u"}}});
        let refused = request_context_authorizer(&payload, 0).unwrap_err();
        assert_eq!(refused, BackendViewError::NotFlat("claims".into()));
        assert!(
            refused
                .to_string()
                .contains("AuthorizerConfigurationException")
        );
        assert_eq!(
            request_context_authorizer(&json!({}), 0),
            Err(BackendViewError::NoPrincipal)
        );
    }
}
