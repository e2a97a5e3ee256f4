//! The per-route policy of `REQUIRED_PERMISSIONS`: what a token was granted, and the
//! statements that list every mapped route.
//!
//! The policy depends on the token only (its granted permissions), never on which route was
//! requested: API Gateway caches it per token and re-evaluates it on every later request, so
//! it must be right for every route. Mapped routes whose permission is granted are Allowed,
//! the other mapped routes explicitly Denied.
//!
//! A route that is **not in the map** gets no statement, so no Allow matches it and the
//! gateway answers 403 (deny by default): a secured method someone forgot to map stays
//! closed rather than open to any valid token. One caveat comes from IAM itself: a `*` in a
//! policy Resource also matches `/`, so `GET /pets/*` in the policy covers `GET /pets/1/x`
//! too (and when both are mapped with different outcomes, the Deny wins).

use serde_json::{Map, Value, json};

use super::{MethodArn, PolicyScope, RoutePermissions};

/// The token's granted permissions: the `scope` claim split on spaces, then the `permissions`
/// claim's strings (Auth0 RBAC), without duplicates or empty names, in that order. Claims of
/// other types are ignored.
pub fn granted_permissions(claims: &Map<String, Value>) -> Vec<String> {
    let scope = claims
        .get("scope")
        .and_then(Value::as_str)
        .into_iter()
        .flat_map(|s| s.split(' '));
    let permissions = claims
        .get("permissions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str);
    let mut granted: Vec<String> = Vec::new();
    for name in scope.chain(permissions) {
        if !name.is_empty() && !granted.iter().any(|g| g == name) {
            granted.push(name.to_owned());
        }
    }
    granted
}

impl RoutePermissions {
    /// The policy statements for a token with `granted` permissions, on the API and stage of
    /// `arn` (every stage with [`PolicyScope::Api`]): one Allow statement listing the granted
    /// routes, one Deny statement listing the others, each only when it lists something.
    pub fn statements(
        &self,
        arn: &MethodArn,
        scope: PolicyScope,
        granted: &[String],
    ) -> Vec<Value> {
        let stage = (scope == PolicyScope::Api).then_some("*");
        let (mut allowed, mut denied) = (Vec::new(), Vec::new());
        for rule in self.rules() {
            let resource = arn.route_resource(stage, &rule.method, &rule.path);
            if granted.contains(&rule.permission) {
                allowed.push(resource);
            } else {
                denied.push(resource);
            }
        }
        [("Allow", allowed), ("Deny", denied)]
            .into_iter()
            .filter(|(_, resources)| !resources.is_empty())
            .map(|(effect, resources)| {
                json!({"Action": "execute-api:Invoke", "Effect": effect, "Resource": resources})
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::policy::{Evaluation, evaluate};

    const ARN: &str = "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets";
    const MAP: &str =
        r#"{"GET /pets":"read:pets","GET /pets/*":"read:pets","POST /pets":"write:pets"}"#;

    fn claims(value: &Value) -> Map<String, Value> {
        value.as_object().unwrap().clone()
    }

    #[test]
    fn granted_is_scope_then_permissions_without_duplicates() {
        let granted = granted_permissions(&claims(&json!({
            "scope": "read:pets  openid read:pets",
            "permissions": ["write:pets", 7, "", "openid", null],
        })));
        assert_eq!(granted, ["read:pets", "openid", "write:pets"]);
        assert!(granted_permissions(&claims(&json!({"scope": ["read:pets"]}))).is_empty());
        assert!(granted_permissions(&claims(&json!({"permissions": "read:pets"}))).is_empty());
    }

    #[test]
    fn a_read_only_policy_allows_reads_and_denies_writes_on_every_route() {
        let map = RoutePermissions::parse(MAP).unwrap();
        let arn = MethodArn::parse(ARN).unwrap();
        let statements = map.statements(&arn, PolicyScope::Stage, &["read:pets".to_owned()]);
        let prefix = "arn:aws:execute-api:us-east-1:123456789012:abc123/prod";
        assert_eq!(
            statements,
            [
                json!({"Action": "execute-api:Invoke", "Effect": "Allow",
                       "Resource": [format!("{prefix}/GET/pets"), format!("{prefix}/GET/pets/*")]}),
                json!({"Action": "execute-api:Invoke", "Effect": "Deny",
                       "Resource": [format!("{prefix}/POST/pets")]}),
            ]
        );
        let document = json!({"Version": "2012-10-17", "Statement": statements});
        for (route, expected) in [
            ("GET/pets", Evaluation::Allow),
            ("GET/pets/1", Evaluation::Allow),
            ("POST/pets", Evaluation::ExplicitDeny),
            ("DELETE/pets/1", Evaluation::ImplicitDeny),
            ("GET/", Evaluation::ImplicitDeny),
        ] {
            assert_eq!(
                evaluate(&document, &format!("{prefix}/{route}")),
                expected,
                "{route}"
            );
        }
        let other_stage = "arn:aws:execute-api:us-east-1:123456789012:abc123/dev/GET/pets";
        assert_eq!(evaluate(&document, other_stage), Evaluation::ImplicitDeny);
    }

    #[test]
    fn nothing_granted_is_one_deny_statement_and_api_scope_covers_every_stage() {
        let map = RoutePermissions::parse(MAP).unwrap();
        let arn = MethodArn::parse(ARN).unwrap();
        let statements = map.statements(&arn, PolicyScope::Api, &[]);
        assert_eq!(statements.len(), 1);
        assert_eq!(statements[0]["Effect"], "Deny");
        assert_eq!(
            statements[0]["Resource"][2],
            "arn:aws:execute-api:us-east-1:123456789012:abc123/*/POST/pets"
        );
        let all = ["read:pets".to_owned(), "write:pets".to_owned()];
        let statements = map.statements(&arn, PolicyScope::Api, &all);
        let document = json!({"Statement": statements});
        let dev_post = "arn:aws:execute-api:us-east-1:123456789012:abc123/dev/POST/pets";
        assert_eq!(evaluate(&document, dev_post), Evaluation::Allow);
    }

    #[test]
    fn a_deny_on_a_deeper_route_wins_over_an_allow_wildcard() {
        let map =
            RoutePermissions::parse(r#"{"GET /pets/*":"read:pets","GET /pets/*/owner":"admin"}"#)
                .unwrap();
        let arn = MethodArn::parse(ARN).unwrap();
        let document = json!({"Statement": map.statements(&arn, PolicyScope::Stage, &["read:pets".to_owned()])});
        let prefix = "arn:aws:execute-api:us-east-1:123456789012:abc123/prod";
        assert_eq!(
            evaluate(&document, &format!("{prefix}/GET/pets/1")),
            Evaluation::Allow
        );
        assert_eq!(
            evaluate(&document, &format!("{prefix}/GET/pets/1/owner")),
            Evaluation::ExplicitDeny
        );
    }
}
