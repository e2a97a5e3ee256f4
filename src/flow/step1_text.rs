//! Step 1's words about permissions: what the API defines, what a token allows, and how
//! users get permissions through roles.

use authgate_providers::auth0::ApiPermission;

/// `read:pets (Read the pets), write:pets (Add pets)`.
pub(super) fn permission_list(permissions: &[ApiPermission]) -> String {
    let shown: Vec<String> = permissions
        .iter()
        .map(|p| {
            if p.description.is_empty() {
                p.value.clone()
            } else {
                format!("{} ({})", p.value, p.description)
            }
        })
        .collect();
    if shown.is_empty() {
        "none".to_owned()
    } else {
        shown.join(", ")
    }
}

/// The token's `scope` (and `permissions`, under an `_authz` dialect), then each of the
/// API's permissions with whether this token carries it.
pub(super) fn what_it_allows(claims: &serde_json::Value, api: &[ApiPermission]) -> Vec<String> {
    let scope = claims["scope"].as_str().unwrap_or("");
    let listed: Vec<&str> = claims["permissions"]
        .as_array()
        .map(|a| a.iter().filter_map(|p| p.as_str()).collect())
        .unwrap_or_default();
    let mut lines = vec![format!(
        "scope: {}",
        if scope.is_empty() { "(none)" } else { scope }
    )];
    if claims.get("permissions").is_some() {
        lines.push(format!("permissions: {}", listed.join(" ")));
    }
    for p in api {
        let has = scope.split(' ').any(|s| s == p.value) || listed.contains(&p.value.as_str());
        let what = if p.description.is_empty() {
            String::new()
        } else {
            format!(" ({})", p.description)
        };
        lines.push(if has {
            format!("  ✓ {}{what}: allowed", p.value)
        } else {
            format!(
                "  ✗ {}{what}: not in this token; a route that requires it answers 403",
                p.value
            )
        });
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use authgate_providers::auth0::default_permissions;

    #[test]
    fn a_read_only_token_is_told_what_it_may_and_may_not_do() {
        let claims = serde_json::json!({ "scope": "read:pets" });
        let lines = what_it_allows(&claims, &default_permissions());
        assert_eq!(lines[0], "scope: read:pets");
        assert_eq!(lines[1], "  ✓ read:pets (Read the pets): allowed");
        assert!(lines[2].starts_with("  ✗ write:pets (Add pets): not in this token"));
        let user = serde_json::json!({ "permissions": ["read:pets", "write:pets"] });
        let lines = what_it_allows(&user, &default_permissions());
        assert_eq!(
            lines[..2],
            ["scope: (none)", "permissions: read:pets write:pets"]
        );
        assert!(lines[3].ends_with("allowed"));
    }
}
