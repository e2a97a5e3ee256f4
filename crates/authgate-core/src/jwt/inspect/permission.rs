//! The permission a methodArn's route requires (`REQUIRED_PERMISSIONS`) and whether a token
//! was granted it.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::policy::{RoutePermissions, granted_permissions};

/// The required permission of one route, checked against a token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PermissionCheck {
    pub method_arn: String,
    /// The mapped route that matched (`GET /pets/*`); `None` when the route is not mapped.
    pub route: Option<String>,
    pub required: Option<String>,
    /// What the token carries: `scope` split on spaces, then `permissions`.
    pub granted: Vec<String>,
    /// Whether the required permission is granted (`false` for an unmapped route: the policy
    /// has no statement for it, so the gateway answers 403).
    pub has_it: bool,
}

impl PermissionCheck {
    pub fn new(required: &RoutePermissions, method_arn: &str, claims: &Map<String, Value>) -> Self {
        let rule = required.rule_for(method_arn);
        let granted = granted_permissions(claims);
        Self {
            method_arn: method_arn.to_owned(),
            route: rule.map(crate::policy::RouteRule::key),
            required: rule.map(|r| r.permission.clone()),
            has_it: rule.is_some_and(|r| granted.contains(&r.permission)),
            granted,
        }
    }

    /// One line for reports: `POST /pets requires write:pets: missing (granted: read:pets)`.
    pub fn summary(&self) -> String {
        let granted = if self.granted.is_empty() {
            "none".to_owned()
        } else {
            self.granted.join(" ")
        };
        match (&self.route, &self.required) {
            (Some(route), Some(required)) => {
                let verdict = if self.has_it { "granted" } else { "missing" };
                format!("{route} requires {required}: {verdict} (token has: {granted})")
            }
            _ => "the route is not in REQUIRED_PERMISSIONS: no statement covers it, so API \
                  Gateway answers 403 (add it to the map)"
                .to_owned(),
        }
    }

    /// How to get the permission, when it is missing.
    pub fn fix(&self) -> Option<String> {
        if self.has_it {
            return None;
        }
        Some(match &self.required {
            Some(required) => format!(
                "grant `{required}`: for a machine-to-machine token add it to the application's \
                 grant on the API (it arrives in `scope`); for a user token give the user a role \
                 with it, with RBAC and \"Add Permissions in the Access Token\" on (it arrives in \
                 `permissions`); then fetch a new token"
            ),
            None => {
                "add the route to REQUIRED_PERMISSIONS (\"METHOD /path\": permission)".to_owned()
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const MAP: &str =
        r#"{"GET /pets":"read:pets","GET /pets/*":"read:pets","POST /pets":"write:pets"}"#;
    const PREFIX: &str = "arn:aws:execute-api:us-east-1:123456789012:abc123/prod";

    fn check(route: &str, claims: &Value) -> PermissionCheck {
        let map = RoutePermissions::parse(MAP).unwrap();
        PermissionCheck::new(
            &map,
            &format!("{PREFIX}/{route}"),
            claims.as_object().unwrap(),
        )
    }

    #[test]
    fn says_what_the_route_needs_and_whether_the_token_has_it() {
        let read_only = json!({"scope": "read:pets"});
        let get = check("GET/pets/7", &read_only);
        assert_eq!(get.route.as_deref(), Some("GET /pets/*"));
        assert!(get.has_it && get.fix().is_none(), "{get:?}");
        let post = check("POST/pets", &read_only);
        assert!(!post.has_it);
        assert_eq!(
            post.summary(),
            "POST /pets requires write:pets: missing (token has: read:pets)"
        );
        assert!(post.fix().unwrap().contains("grant `write:pets`"));
        let user = check("POST/pets", &json!({"permissions": ["write:pets"]}));
        assert!(user.has_it);
        let unmapped = check("DELETE/pets/1", &json!({"scope": "read:pets write:pets"}));
        assert!(!unmapped.has_it && unmapped.route.is_none());
        assert!(unmapped.summary().contains("403"));
    }
}
