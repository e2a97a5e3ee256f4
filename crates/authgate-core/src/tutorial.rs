//! Facts of the tutorial that authgate's clients and its sandbox both rely on: the Auth0
//! Management API scopes authgate asks for (which the sandbox's management app holds), and
//! the `PetStore` definition that step 2 imports.

/// The scopes authgate asks the user to grant the management app (least privilege): the
/// tutorial's objects, then the roles for user logins, in the order the hints list them.
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

/// API Gateway's `PetStore` example, as `OpenAPI` 3 with its `x-amazon-apigateway-integration`s.
pub const PETSTORE_OPENAPI: &str = include_str!("../../../assets/petstore.json");

#[cfg(test)]
mod tests {
    use super::REQUIRED_MANAGEMENT_SCOPES;

    #[test]
    fn the_role_scopes_are_required_for_user_logins() {
        for verb in ["read", "create", "update", "delete"] {
            let scope = format!("{verb}:roles");
            assert!(REQUIRED_MANAGEMENT_SCOPES.contains(&scope.as_str()));
        }
    }
}
