//! IAM policies for API Gateway: build the authorizer's Allow policy and evaluate any policy
//! document against a methodArn, the way API Gateway does after the authorizer returns.
//!
//! Pure functions: the sandbox gateway and the inspector call these directly.

mod arn;
mod wildcard;

use serde_json::{Value, json};

pub use arn::{MethodArn, MethodArnError};

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
    pub fn is_allow(self) -> bool {
        self == Self::Allow
    }
}

/// The `Resource` of the first statement of an authorizer response (`""` if it has none
/// or it is not a string): the one resource `allow_response` puts there.
pub fn first_resource(response: &Value) -> &str {
    response["policyDocument"]["Statement"][0]["Resource"]
        .as_str()
        .unwrap_or_default()
}

/// The authorizer's Allow response: `{principalId, policyDocument, context}`.
pub fn allow_response(principal_id: &str, resource: &str, context: &Value) -> Value {
    json!({
        "principalId": principal_id,
        "policyDocument": {
            "Version": "2012-10-17",
            "Statement": [{
                "Action": "execute-api:Invoke",
                "Effect": "Allow",
                "Resource": resource,
            }],
        },
        "context": context,
    })
}

/// Evaluates `policy_document` against `method_arn` as API Gateway does: explicit Deny wins,
/// then any Allow, else implicit deny. `Action`/`Resource` may be a string or an array and use
/// `*`/`?` wildcards (actions case-insensitively). Statements using `NotAction`/`NotResource`
/// or without `Action`/`Resource` never match (API Gateway policies do not need them).
pub fn evaluate(policy_document: &Value, method_arn: &str) -> Evaluation {
    let statements: Vec<&Value> = match policy_document.get("Statement") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(single @ Value::Object(_)) => vec![single],
        _ => Vec::new(),
    };
    let mut allowed = false;
    for statement in statements {
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

fn any_matches(field: Option<&Value>, matches: impl Fn(&str) -> bool) -> bool {
    match field {
        Some(Value::String(pattern)) => matches(pattern),
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).any(matches),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARN: &str = "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets";

    fn doc(statements: &Value) -> Value {
        json!({"Version": "2012-10-17", "Statement": statements})
    }

    #[test]
    fn allow_for_each_scope_matches_its_own_arn_and_the_trap_shows() {
        let arn = MethodArn::parse(ARN).unwrap();
        let other = "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets/1";
        let other_stage = "arn:aws:execute-api:us-east-1:123456789012:abc123/dev/GET/pets";
        for (scope, other_ok, stage_ok) in [
            (PolicyScope::Method, false, false),
            (PolicyScope::Stage, true, false),
            (PolicyScope::Api, true, true),
        ] {
            let response = allow_response("sub", &scope.resource(&arn), &json!({}));
            let document = &response["policyDocument"];
            assert_eq!(evaluate(document, ARN), Evaluation::Allow, "{scope:?}");
            assert_eq!(evaluate(document, other).is_allow(), other_ok, "{scope:?}");
            assert_eq!(
                evaluate(document, other_stage).is_allow(),
                stage_ok,
                "{scope:?}"
            );
        }
    }

    #[test]
    fn explicit_deny_wins_and_no_allow_is_implicit_deny() {
        let allow = json!({"Effect": "Allow", "Action": "execute-api:*", "Resource": "*"});
        let deny = json!({"Effect": "Deny", "Action": ["execute-api:Invoke"],
                          "Resource": ["arn:aws:execute-api:*:*:abc123/prod/GET/pe?s"]});
        assert_eq!(
            evaluate(&doc(&json!([allow, deny])), ARN),
            Evaluation::ExplicitDeny
        );
        assert_eq!(evaluate(&doc(&json!([allow])), ARN), Evaluation::Allow);
        assert_eq!(evaluate(&doc(&allow), ARN), Evaluation::Allow);
        assert_eq!(evaluate(&doc(&json!([])), ARN), Evaluation::ImplicitDeny);
        assert_eq!(evaluate(&json!({}), ARN), Evaluation::ImplicitDeny);
        let other_action = json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"});
        assert_eq!(
            evaluate(&doc(&json!([other_action])), ARN),
            Evaluation::ImplicitDeny
        );
        let lower = json!({"Effect": "Allow", "Action": "EXECUTE-API:invoke", "Resource": "*"});
        assert_eq!(evaluate(&doc(&json!([lower])), ARN), Evaluation::Allow);
    }

    #[test]
    fn scope_names_round_trip() {
        for scope in [PolicyScope::Method, PolicyScope::Stage, PolicyScope::Api] {
            assert_eq!(PolicyScope::parse(scope.as_str()), Some(scope));
        }
        assert_eq!(PolicyScope::parse("Stage"), None);
    }
}
