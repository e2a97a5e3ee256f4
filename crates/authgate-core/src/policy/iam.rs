//! IAM identity and trust policies, read the way AWS does for the tutorial's role: may API
//! Gateway assume it (its trust policy), and may it invoke the authorizer function (its
//! policies). The sandbox enforces it when API Gateway invokes an authorizer with a role, and
//! `authgate check` grades a role with the same answer.

use serde_json::Value;

use super::{any_matches, statements, wildcard};

/// AWS-managed policies that allow `lambda:InvokeFunction` on every function. A customer
/// managed policy is not read (it needs `GetPolicyVersion`), so it proves nothing here.
pub const INVOKING_MANAGED_POLICIES: &[&str] = &[
    "arn:aws:iam::aws:policy/service-role/AWSLambdaRole",
    "arn:aws:iam::aws:policy/AWSLambda_FullAccess",
    "arn:aws:iam::aws:policy/AWSLambdaFullAccess",
    "arn:aws:iam::aws:policy/AdministratorAccess",
];

/// The action API Gateway needs on the authorizer function.
pub const INVOKE_ACTION: &str = "lambda:InvokeFunction";

/// What a set of policies says about one action on one resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allow,
    /// A statement denies it (explicit Deny wins over any Allow).
    ExplicitDeny,
    /// Nothing allows it.
    ImplicitDeny,
}

/// Whether `document` (an identity policy) allows `action` on `resource`. Actions compare
/// case-insensitively; `*` and `?` are IAM wildcards. `NotAction`/`NotResource` never match.
pub fn allows(document: &Value, action: &str, resource: &str) -> Verdict {
    let action = action.to_ascii_lowercase();
    let mut allowed = false;
    for statement in statements(document) {
        let matches = any_matches(statement.get("Action"), |p| {
            wildcard::matches(&p.to_ascii_lowercase(), &action)
        }) && any_matches(statement.get("Resource"), |p| {
            wildcard::matches(p, resource) || wildcard::matches(p, qualifier_free(resource))
        });
        if !matches {
            continue;
        }
        match statement.get("Effect").and_then(Value::as_str) {
            Some("Deny") => return Verdict::ExplicitDeny,
            Some("Allow") => allowed = true,
            _ => {}
        }
    }
    if allowed {
        Verdict::Allow
    } else {
        Verdict::ImplicitDeny
    }
}

/// The verdict of several documents together: any explicit Deny, else any Allow.
pub fn combined(verdicts: impl IntoIterator<Item = Verdict>) -> Verdict {
    let mut result = Verdict::ImplicitDeny;
    for verdict in verdicts {
        match verdict {
            Verdict::ExplicitDeny => return Verdict::ExplicitDeny,
            Verdict::Allow => result = Verdict::Allow,
            Verdict::ImplicitDeny => {}
        }
    }
    result
}

/// Whether a trust policy lets `service` (e.g. `apigateway.amazonaws.com`) assume the role.
pub fn trusts_service(trust_policy: &Value, service: &str) -> bool {
    statements(trust_policy).into_iter().any(|statement| {
        statement.get("Effect").and_then(Value::as_str) == Some("Allow")
            && any_matches(statement.get("Action"), |p| {
                wildcard::matches(&p.to_ascii_lowercase(), "sts:assumerole")
            })
            && any_matches(statement.pointer("/Principal/Service"), |p| p == service)
    })
}

/// Whether a resource-based policy (a function's, `lambda get-policy`) lets `service` invoke.
pub fn resource_policy_allows_service(policy: &Value, service: &str) -> bool {
    statements(policy).into_iter().any(|statement| {
        statement.get("Effect").and_then(Value::as_str) == Some("Allow")
            && any_matches(statement.get("Action"), |p| {
                wildcard::matches(&p.to_ascii_lowercase(), &INVOKE_ACTION.to_ascii_lowercase())
            })
            && any_matches(statement.pointer("/Principal/Service"), |p| p == service)
    })
}

/// `arn:aws:lambda:r:a:function:name:alias` → `arn:aws:lambda:r:a:function:name`.
fn qualifier_free(resource: &str) -> &str {
    let mut colons = resource.match_indices(':').map(|(i, _)| i);
    match colons.nth(6) {
        Some(at) if resource.starts_with("arn:aws:lambda:") => &resource[..at],
        _ => resource,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const FUNCTION: &str = "arn:aws:lambda:eu-west-1:1:function:jwtRsaCustomAuthorizer";

    #[test]
    fn inline_policies_allow_deny_or_say_nothing() {
        let allow = json!({"Statement": [{"Effect": "Allow", "Action": "lambda:Invoke*",
            "Resource": "arn:aws:lambda:*:*:function:jwt*"}]});
        assert_eq!(allows(&allow, INVOKE_ACTION, FUNCTION), Verdict::Allow);
        let other =
            json!({"Statement": {"Effect": "Allow", "Action": ["logs:*"], "Resource": "*"}});
        assert_eq!(
            allows(&other, INVOKE_ACTION, FUNCTION),
            Verdict::ImplicitDeny
        );
        let deny =
            json!({"Statement": [{"Effect": "Deny", "Action": "lambda:*", "Resource": "*"}]});
        assert_eq!(
            allows(&deny, INVOKE_ACTION, FUNCTION),
            Verdict::ExplicitDeny
        );
        assert_eq!(
            combined([Verdict::Allow, allows(&deny, INVOKE_ACTION, FUNCTION)]),
            Verdict::ExplicitDeny
        );
        let qualified = format!("{FUNCTION}:live");
        let exact = json!({"Statement": [{"Effect": "Allow", "Action": "lambda:InvokeFunction",
            "Resource": FUNCTION}]});
        assert_eq!(allows(&exact, INVOKE_ACTION, &qualified), Verdict::Allow);
    }

    #[test]
    fn trust_and_resource_policies_name_the_service() {
        let trust = json!({"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
            "Principal": {"Service": ["apigateway.amazonaws.com", "lambda.amazonaws.com"]}}]});
        assert!(trusts_service(&trust, "apigateway.amazonaws.com"));
        let lambda_only = json!({"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
            "Principal": {"Service": "lambda.amazonaws.com"}}]});
        assert!(!trusts_service(&lambda_only, "apigateway.amazonaws.com"));
        let permission = json!({"Statement": [{"Effect": "Allow", "Action": "lambda:InvokeFunction",
            "Principal": {"Service": "apigateway.amazonaws.com"}, "Resource": FUNCTION}]});
        assert!(resource_policy_allows_service(
            &permission,
            "apigateway.amazonaws.com"
        ));
        assert!(!resource_policy_allows_service(
            &json!({}),
            "apigateway.amazonaws.com"
        ));
    }
}
