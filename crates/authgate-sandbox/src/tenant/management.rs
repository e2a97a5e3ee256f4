//! Management API v2 subset: resource servers, clients, client grants, roles and users. Each
//! request needs a
//! management token signed by this tenant (verified on every call) carrying the scope the
//! endpoint needs; errors use Auth0's envelope `{statusCode, error, message, errorCode}`.

mod client_grants;
mod clients;
mod resource_servers;
mod role_links;
mod roles;
mod schema;
mod user_links;
mod users;
mod validate;

use axum::Json;
use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};

use super::TenantState;
use super::envelope::envelope;

pub fn routes(state: TenantState) -> Router<TenantState> {
    Router::new()
        .route(
            "/api/v2/resource-servers",
            get(resource_servers::list).post(resource_servers::create),
        )
        .route(
            "/api/v2/resource-servers/{id}",
            get(resource_servers::get)
                .patch(resource_servers::patch)
                .delete(resource_servers::delete),
        )
        .route("/api/v2/clients", get(clients::list).post(clients::create))
        .route(
            "/api/v2/clients/{id}",
            get(clients::get)
                .patch(clients::patch)
                .delete(clients::delete),
        )
        .route(
            "/api/v2/client-grants",
            get(client_grants::list).post(client_grants::create),
        )
        .route(
            "/api/v2/client-grants/{id}",
            get(client_grants::get)
                .patch(client_grants::patch)
                .delete(client_grants::delete),
        )
        .merge(rbac_routes())
        .route_layer(axum::middleware::from_fn_with_state(
            state,
            super::hooks::rate_limit,
        ))
}

fn rbac_routes() -> Router<TenantState> {
    Router::new()
        .route("/api/v2/roles", get(roles::list).post(roles::create))
        .route(
            "/api/v2/roles/{id}",
            get(roles::get).patch(roles::patch).delete(roles::delete),
        )
        .route(
            "/api/v2/roles/{id}/permissions",
            get(role_links::permissions)
                .post(role_links::add_permissions)
                .delete(role_links::remove_permissions),
        )
        .route(
            "/api/v2/roles/{id}/users",
            get(role_links::users).post(role_links::add_users),
        )
        .route("/api/v2/users", get(users::list).post(users::create))
        .route(
            "/api/v2/users/{id}",
            get(users::get).patch(users::patch).delete(users::delete),
        )
        .route(
            "/api/v2/users/{id}/roles",
            get(user_links::roles)
                .post(user_links::add_roles)
                .delete(user_links::remove_roles),
        )
        .route(
            "/api/v2/users/{id}/permissions",
            get(user_links::permissions),
        )
}

pub fn not_found(error_code: &str, message: &str) -> Response {
    envelope(StatusCode::NOT_FOUND, error_code, message)
}

/// A 404 whose body has no `errorCode`, as Auth0 answers for a missing role.
pub fn not_found_bare(message: &str) -> Response {
    let body = json!({ "statusCode": 404, "error": "Not Found", "message": message });
    (StatusCode::NOT_FOUND, Json(body)).into_response()
}

/// Writes the store, or the 500 to answer if the disk refuses.
pub fn saved(store: &super::store::Store) -> Result<(), Response> {
    store.save().map_err(|e| {
        envelope(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            &e.to_string(),
        )
    })
}

/// A 400 `invalid_body` carrying `message` as it is.
pub fn invalid_body(message: &str) -> Response {
    envelope(StatusCode::BAD_REQUEST, "invalid_body", message)
}

pub fn bad_request(message: &str) -> Response {
    envelope(
        StatusCode::BAD_REQUEST,
        "invalid_body",
        &format!("Payload validation error: {message}"),
    )
}

/// The scopes of a verified management token, or the 401/403 Auth0 would answer.
pub struct Caller {
    scopes: Vec<String>,
}

impl Caller {
    pub fn has(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }
}

/// Verifies the bearer token (signature, `iss`, `aud`, `exp`) and that it carries `scope`.
pub fn authorize(s: &TenantState, headers: &HeaderMap, scope: &str) -> Result<Caller, Response> {
    let unauthorized = |message: &str| {
        let body = json!({ "statusCode": 401, "error": "Unauthorized", "message": message });
        (StatusCode::UNAUTHORIZED, Json(body)).into_response()
    };
    let value = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let Some(token) = value.and_then(|v| v.strip_prefix("Bearer ")) else {
        return Err(unauthorized("Missing authentication"));
    };
    let Some(claims) = crate::sync::read(&s.0.keys).verify(token) else {
        return Err(unauthorized("Invalid token"));
    };
    let audience = s.management_audience();
    let aud_ok = claims["aud"] == audience.as_str()
        || claims["aud"]
            .as_array()
            .is_some_and(|a| a.iter().any(|v| v == audience.as_str()));
    if claims["iss"] != s.issuer().as_str() || !aud_ok {
        return Err(unauthorized("Invalid token"));
    }
    // The tenant judges its own tokens by its own clock: a teaching skew (which makes the
    // tokens it mints out of date for everyone else) leaves its Management API usable.
    if claims["exp"]
        .as_i64()
        .is_none_or(|exp| exp <= s.0.clock.now_secs())
    {
        return Err(unauthorized(
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
        let message = format!("Insufficient scope, expected any of: {scope}");
        return Err(envelope(
            StatusCode::FORBIDDEN,
            "insufficient_scope",
            &message,
        ));
    }
    Ok(caller)
}

/// Merges the fields of `patch` into `object` (Auth0 PATCH semantics for top-level fields).
pub fn merge(object: &mut Value, patch: &Value) {
    if let (Some(target), Some(fields)) = (object.as_object_mut(), patch.as_object()) {
        for (k, v) in fields {
            target.insert(k.clone(), v.clone());
        }
    }
}

/// Applies `page`/`per_page` and `include_totals` the way Auth0 list endpoints do.
pub fn page(
    items: Vec<Value>,
    query: &std::collections::HashMap<String, String>,
    key: &str,
) -> Value {
    let per_page = query
        .get("per_page")
        .and_then(|v| v.parse().ok())
        .unwrap_or(50usize)
        .min(100);
    let page = query
        .get("page")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0usize);
    let total = items.len();
    let slice: Vec<Value> = items
        .into_iter()
        .skip(page * per_page)
        .take(per_page)
        .collect();
    if query.get("include_totals").is_some_and(|v| v == "true") {
        json!({ "start": page * per_page, "limit": per_page, "total": total, key: slice })
    } else {
        Value::Array(slice)
    }
}

pub type Query = axum::extract::Query<std::collections::HashMap<String, String>>;
