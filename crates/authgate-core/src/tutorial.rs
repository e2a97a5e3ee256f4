//! Facts of the tutorial that authgate's clients and its sandbox both rely on: the Auth0
//! Management API scopes authgate asks for (which the sandbox's management app holds), the
//! `PetStore` definition that step 2 imports, and API Gateway's authorizer result TTL.

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

/// API Gateway's default authorizer result TTL (REST API, TOKEN authorizer), in seconds.
pub const AUTHORIZER_TTL_DEFAULT_SECS: i32 = 300;
/// The longest authorizer result TTL API Gateway accepts, in seconds (0 turns the cache off).
pub const AUTHORIZER_TTL_MAX_SECS: i32 = 3600;

/// An authorizer result TTL API Gateway would refuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TtlError {
    #[error(
        "authorizer TTL {0} s is negative: API Gateway refuses it (0 turns the cache off, it is never a negative number)"
    )]
    Negative(i32),
    #[error(
        "authorizer TTL {0} s is longer than API Gateway allows (0 to {AUTHORIZER_TTL_MAX_SECS} s)"
    )]
    TooLong(i32),
}

impl crate::hint::Hint for TtlError {
    fn fix(&self) -> String {
        format!(
            "choose 0 to {AUTHORIZER_TTL_MAX_SECS} seconds ({AUTHORIZER_TTL_DEFAULT_SECS} is API Gateway's default; 0 turns the cache off)"
        )
    }
}

/// `secs` as an authorizer result TTL, when API Gateway accepts it: 0 to 3600. A negative TTL
/// is refused, never read as "cache off".
pub fn authorizer_ttl(secs: i32) -> Result<i32, TtlError> {
    match secs {
        ..0 => Err(TtlError::Negative(secs)),
        0..=AUTHORIZER_TTL_MAX_SECS => Ok(secs),
        _ => Err(TtlError::TooLong(secs)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ttl_is_zero_to_an_hour_and_a_negative_one_is_refused() {
        assert_eq!(authorizer_ttl(0), Ok(0));
        assert_eq!(authorizer_ttl(3600), Ok(3600));
        assert_eq!(authorizer_ttl(3601), Err(TtlError::TooLong(3601)));
        let negative = authorizer_ttl(-1).unwrap_err();
        assert_eq!(negative, TtlError::Negative(-1));
        assert!(negative.to_string().contains("negative"), "{negative}");
    }

    #[test]
    fn the_role_scopes_are_required_for_user_logins() {
        for verb in ["read", "create", "update", "delete"] {
            let scope = format!("{verb}:roles");
            assert!(REQUIRED_MANAGEMENT_SCOPES.contains(&scope.as_str()));
        }
    }
}
