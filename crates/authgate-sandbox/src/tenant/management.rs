//! Management API v2 subset: resource servers, clients, client grants, roles and users. Each
//! request needs a management token signed by this tenant carrying the scope the endpoint
//! needs, checked by a route layer (`caller`) before the handler runs; handlers answer
//! `Result<_, MgmtError>`, in Auth0's envelope `{statusCode, error, message, errorCode}`.

mod caller;
mod client_grants;
mod clients;
mod error;
mod resource_servers;
mod role_links;
mod roles;
mod schema;
mod user_links;
mod users;
mod validate;

use axum::Router;
use axum::routing::get;
use serde_json::{Value, json};

use super::TenantState;
use caller::Caller;
use error::MgmtError;

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
            state.clone(),
            caller::require_scope,
        ))
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

/// Writes the store, or the 500 to answer if the disk refuses.
pub fn saved(store: &super::store::Store) -> Result<(), MgmtError> {
    store.save().map_err(|e| MgmtError::not_saved(&e))
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
