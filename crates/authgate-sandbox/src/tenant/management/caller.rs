//! Who calls the Management API: a route layer verifies the bearer token (signature, `iss`,
//! `aud`, `exp`) and the scope the route needs before any handler runs, and hands the
//! handler the caller's scopes. The scope each route needs is stated here, once.

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::MgmtError;
use crate::tenant::TenantState;

/// The scopes of a verified management token.
#[derive(Clone)]
pub struct Caller {
    scopes: Vec<String>,
}

impl Caller {
    pub fn has(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }
}

/// The scope a route needs, as Auth0's Management API v2 reference names it.
fn scope_for(method: &Method, route: &str) -> Option<&'static str> {
    let verb = |read, create, update, delete| match *method {
        Method::GET => Some(read),
        Method::POST => Some(create),
        Method::PATCH => Some(update),
        Method::DELETE => Some(delete),
        _ => None,
    };
    match route {
        "/api/v2/resource-servers" | "/api/v2/resource-servers/{id}" => verb(
            "read:resource_servers",
            "create:resource_servers",
            "update:resource_servers",
            "delete:resource_servers",
        ),
        "/api/v2/clients" | "/api/v2/clients/{id}" => verb(
            "read:clients",
            "create:clients",
            "update:clients",
            "delete:clients",
        ),
        "/api/v2/client-grants" | "/api/v2/client-grants/{id}" => verb(
            "read:client_grants",
            "create:client_grants",
            "update:client_grants",
            "delete:client_grants",
        ),
        "/api/v2/roles" | "/api/v2/roles/{id}" => {
            verb("read:roles", "create:roles", "update:roles", "delete:roles")
        }
        "/api/v2/roles/{id}/permissions" => {
            verb("read:roles", "update:roles", "update:roles", "update:roles")
        }
        "/api/v2/roles/{id}/users" => verb(
            "read:role_members",
            "create:role_members",
            "create:role_members",
            "delete:role_members",
        ),
        "/api/v2/users" | "/api/v2/users/{id}" => {
            verb("read:users", "create:users", "update:users", "delete:users")
        }
        "/api/v2/users/{id}/roles" | "/api/v2/users/{id}/permissions" => {
            verb("read:users", "update:users", "update:users", "update:users")
        }
        _ => None,
    }
}

/// The route layer: the 401 or 403 Auth0 would answer, or the handler with its [`Caller`].
pub async fn require_scope(
    State(s): State<TenantState>,
    route: MatchedPath,
    mut request: Request,
    next: Next,
) -> Response {
    let Some(scope) = scope_for(request.method(), route.as_str()) else {
        let message = format!(
            "no scope is known for {} {}",
            request.method(),
            route.as_str()
        );
        return MgmtError::new(
            axum::http::StatusCode::FORBIDDEN,
            "insufficient_scope",
            message,
        )
        .into_response();
    };
    match authorize(&s, request.headers(), scope) {
        Ok(caller) => {
            request.extensions_mut().insert(caller);
            next.run(request).await
        }
        Err(e) => e.into_response(),
    }
}

/// Verifies the bearer token (signature, `iss`, `aud`, `exp`) and that it carries `scope`.
fn authorize(s: &TenantState, headers: &HeaderMap, scope: &str) -> Result<Caller, MgmtError> {
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let Some(token) = value.and_then(|v| v.strip_prefix("Bearer ")) else {
        return Err(MgmtError::unauthorized("Missing authentication"));
    };
    let Some(claims) = crate::sync::read(&s.0.keys).verify(token) else {
        return Err(MgmtError::unauthorized("Invalid token"));
    };
    let audience = s.management_audience();
    let aud_ok = claims["aud"] == audience.as_str()
        || claims["aud"]
            .as_array()
            .is_some_and(|a| a.iter().any(|v| v == audience.as_str()));
    if claims["iss"] != s.issuer().as_str() || !aud_ok {
        return Err(MgmtError::unauthorized("Invalid token"));
    }
    // The tenant judges its own tokens by its own clock: a teaching skew (which makes the
    // tokens it mints out of date for everyone else) leaves its Management API usable.
    if claims["exp"]
        .as_i64()
        .is_none_or(|exp| exp <= s.0.clock.now_secs())
    {
        return Err(MgmtError::unauthorized(
            "Expired token received for JSON Web Token validation",
        ));
    }
    let scopes: Vec<String> = claims["scope"]
        .as_str()
        .unwrap_or("")
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    let caller = Caller { scopes };
    if !caller.has(scope) {
        return Err(MgmtError::new(
            axum::http::StatusCode::FORBIDDEN,
            "insufficient_scope",
            format!("Insufficient scope, expected any of: {scope}"),
        ));
    }
    Ok(caller)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_verb_of_a_route_needs_its_own_scope() {
        assert_eq!(
            scope_for(&Method::PATCH, "/api/v2/clients/{id}"),
            Some("update:clients")
        );
        assert_eq!(
            scope_for(&Method::POST, "/api/v2/roles/{id}/users"),
            Some("create:role_members")
        );
        assert_eq!(
            scope_for(&Method::DELETE, "/api/v2/users/{id}/roles"),
            Some("update:users")
        );
        assert_eq!(scope_for(&Method::PUT, "/api/v2/clients"), None);
        assert_eq!(scope_for(&Method::GET, "/api/v2/tenants/settings"), None);
    }
}
