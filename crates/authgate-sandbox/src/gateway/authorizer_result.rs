//! What an authorizer function returns, checked as API Gateway checks it: the result the
//! policy cache holds and the policy is evaluated from, or what is wrong with it.

use serde_json::{Map, Value};

/// A well-formed authorizer result: what the cache holds and the policy is evaluated from.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthorizerResult {
    pub principal_id: String,
    pub policy_document: Value,
    /// Context values as API Gateway passes them on: strings, numbers and booleans only.
    pub context: Map<String, Value>,
}

/// What is wrong with an authorizer function's result; API Gateway answers 500
/// (`AuthorizerConfigurationException`).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ResultError {
    #[error("the result has no principalId")]
    NoPrincipalId,
    #[error("principalId must be a string, not {0}")]
    PrincipalIdNotString(Value),
    #[error("policyDocument has no Statement")]
    NoStatement,
    #[error("a statement's Effect must be Allow or Deny: {0}")]
    BadEffect(Value),
    #[error("context must be an object, not {0}")]
    ContextNotObject(Value),
    #[error(
        "context.{0} is not a string, number or boolean (API Gateway refuses objects, arrays and null there)"
    )]
    ContextValue(String),
}

impl authgate_core::hint::Hint for ResultError {
    fn fix(&self) -> String {
        "make the authorizer function return { principalId: string, policyDocument: { Version, \
         Statement: [{ Action, Effect: Allow or Deny, Resource }] }, context: { flat string, \
         number or boolean values } }"
            .to_owned()
    }
}

impl AuthorizerResult {
    /// Checks the function's payload as API Gateway does; an `Err` says what is wrong and
    /// becomes a 500 (`AuthorizerConfigurationException`).
    pub fn parse(payload: &Value) -> Result<Self, ResultError> {
        let principal_id = match &payload["principalId"] {
            Value::String(s) => s.clone(),
            Value::Null => return Err(ResultError::NoPrincipalId),
            other => return Err(ResultError::PrincipalIdNotString(other.clone())),
        };
        let policy_document = &payload["policyDocument"];
        let statements = match &policy_document["Statement"] {
            Value::Array(items) => items.iter().collect::<Vec<_>>(),
            single @ Value::Object(_) => vec![single],
            _ => return Err(ResultError::NoStatement),
        };
        for statement in statements {
            let effect = statement["Effect"].as_str();
            if !matches!(effect, Some("Allow" | "Deny")) {
                return Err(ResultError::BadEffect(statement.clone()));
            }
        }
        let context = match &payload["context"] {
            Value::Null => Map::new(),
            Value::Object(map) => map.clone(),
            other => return Err(ResultError::ContextNotObject(other.clone())),
        };
        if let Some((key, _)) = context
            .iter()
            .find(|(_, v)| !matches!(v, Value::String(_) | Value::Number(_) | Value::Bool(_)))
        {
            return Err(ResultError::ContextValue(key.clone()));
        }
        Ok(Self {
            principal_id,
            policy_document: policy_document.clone(),
            context,
        })
    }
}
