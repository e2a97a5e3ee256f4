//! The Management API scopes authgate asks the user to grant its management app (least
//! privilege): the tutorial's objects (core's list) and the roles for user logins.

/// Every scope authgate's calls need, in the order the hints list them.
pub const REQUIRED_MANAGEMENT_SCOPES: &[&str] = &[
    "read:resource_servers",
    "create:resource_servers",
    "update:resource_servers",
    "delete:resource_servers",
    "read:clients",
    "read:client_keys",
    "create:clients",
    "update:clients",
    "delete:clients",
    "read:client_grants",
    "create:client_grants",
    "update:client_grants",
    "delete:client_grants",
    "read:roles",
    "create:roles",
    "update:roles",
    "delete:roles",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tutorials_scopes_and_the_role_scopes() {
        for scope in authgate_core::tutorial::REQUIRED_MANAGEMENT_SCOPES {
            assert!(REQUIRED_MANAGEMENT_SCOPES.contains(scope), "{scope}");
        }
        for verb in ["read", "create", "update", "delete"] {
            let scope = format!("{verb}:roles");
            assert!(REQUIRED_MANAGEMENT_SCOPES.contains(&scope.as_str()));
        }
    }
}
