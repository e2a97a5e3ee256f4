//! IAM policies for API Gateway: build the authorizer's Allow policy and evaluate any policy
//! document against a methodArn, the way API Gateway does after the authorizer returns.
//!
//! Pure functions: the sandbox gateway and the inspector call these directly.

mod arn;
pub mod iam;
mod permissions;
mod routes;
mod wildcard;

use serde_json::{Value, json};

pub use arn::{MethodArn, MethodArnError};
pub use permissions::granted_permissions;
pub use routes::{RoutePermissions, RoutePermissionsError, RouteRule};

/// How wide the Allow policy's `Resource` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicyScope {
    /// Exactly the methodArn: a cached policy then denies every other route (the cache trap).
    Method,
    /// `API/STAGE/*/*`: every route of the stage (the default).
    #[default]
    Stage,
    /// `API/*`: every stage of the API.
    Api,
}

impl PolicyScope {
    /// The name used on the command line and in `POLICY_SCOPE`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Method => "method",
            Self::Stage => "stage",
            Self::Api => "api",
        }
    }

    /// Parses `method|stage|api` (the `POLICY_SCOPE` values).
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "method" => Some(Self::Method),
            "stage" => Some(Self::Stage),
            "api" => Some(Self::Api),
            _ => None,
        }
    }

    /// The `Resource` for this scope.
    pub fn resource(self, arn: &MethodArn) -> String {
        match self {
            Self::Method => arn.as_str().to_owned(),
            Self::Stage => arn.stage_wildcard(),
            Self::Api => arn.api_wildcard(),
        }
    }
}

/// The result of evaluating a policy document against one methodArn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Evaluation {
    /// An Allow statement matches and no Deny does.
    Allow,
    /// A Deny statement matches (it wins over any Allow).
    ExplicitDeny,
    /// No statement matches: API Gateway answers 403.
    ImplicitDeny,
}

impl Evaluation {
    /// `allow`, `explicit_deny`, `implicit_deny` (the serialized names).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Allow => "allow",
            Self::ExplicitDeny => "explicit_deny",
            Self::ImplicitDeny => "implicit_deny",
        }
    }

    pub fn is_allow(self) -> bool {
        self == Self::Allow
    }
}

/// The `Resource` of the first statement of an authorizer response (its first entry when it
/// is a list; `""` if it has none): the one resource `allow_response` puts there.
pub fn first_resource(response: &Value) -> &str {
    let resource = &response["policyDocument"]["Statement"][0]["Resource"];
    resource
        .as_str()
        .or_else(|| resource[0].as_str())
        .unwrap_or_default()
}

/// Every `(Effect, Resource)` pair of a policy document, in statement order.
pub fn statement_resources(policy_document: &Value) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for statement in statements(policy_document) {
        let effect = statement["Effect"].as_str().unwrap_or_default();
        let resources = match &statement["Resource"] {
            Value::String(one) => vec![one.as_str()],
            Value::Array(items) => items.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        pairs.extend(
            resources
                .into_iter()
                .map(|r| (effect.to_owned(), r.to_owned())),
        );
    }
    pairs
}

/// The authorizer's Allow response: `{principalId, policyDocument, context}`.
pub fn allow_response(principal_id: &str, resource: &str, context: &Value) -> Value {
    let statement = json!({
        "Action": "execute-api:Invoke",
        "Effect": "Allow",
        "Resource": resource,
    });
    response(principal_id, &[statement], context)
}

/// An authorizer response with these statements (e.g. [`RoutePermissions::statements`]).
pub fn response(principal_id: &str, statements: &[Value], context: &Value) -> Value {
    json!({
        "principalId": principal_id,
        "policyDocument": {"Version": "2012-10-17", "Statement": statements},
        "context": context,
    })
}

/// Evaluates `policy_document` against `method_arn` as API Gateway does: explicit Deny wins,
/// then any Allow, else implicit deny. `Action`/`Resource` may be a string or an array and use
/// `*`/`?` wildcards (actions case-insensitively). Statements using `NotAction`/`NotResource`
/// or without `Action`/`Resource` never match (API Gateway policies do not need them).
pub fn evaluate(policy_document: &Value, method_arn: &str) -> Evaluation {
    let mut allowed = false;
    for statement in statements(policy_document) {
        let matches = any_matches(statement.get("Action"), |pattern| {
            wildcard::matches(&pattern.to_ascii_lowercase(), "execute-api:invoke")
        }) && any_matches(statement.get("Resource"), |pattern| {
            wildcard::matches(pattern, method_arn)
        });
        if !matches {
            continue;
        }
        match statement.get("Effect").and_then(Value::as_str) {
            Some("Deny") => return Evaluation::ExplicitDeny,
            Some("Allow") => allowed = true,
            _ => {}
        }
    }
    if allowed {
        Evaluation::Allow
    } else {
        Evaluation::ImplicitDeny
    }
}

/// `Statement` as a list (IAM allows a single object).
fn statements(policy_document: &Value) -> Vec<&Value> {
    match policy_document.get("Statement") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(single @ Value::Object(_)) => vec![single],
        _ => Vec::new(),
    }
}

fn any_matches(field: Option<&Value>, matches: impl Fn(&str) -> bool) -> bool {
    match field {
        Some(Value::String(pattern)) => matches(pattern),
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).any(matches),
        _ => false,
    }
}

#[cfg(test)]
mod tests;
