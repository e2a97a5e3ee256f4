//! `/api/v2/users/{id}/roles` and `/api/v2/users/{id}/permissions`. Codes as Auth0 answers
//! (go-auth0's recorded tests): assign and remove roles 204. Permissions are those the
//! user has through roles, each with its `sources` (`source_type` `ROLE`).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::role_links::permission_view;
use super::schema::USER_ROLES;
use super::users::missing;
use super::validate::check;
use super::{Query, authorize, page, saved};
use crate::tenant::TenantState;
use crate::tenant::directory::Permission;

pub async fn roles(
    State(s): State<TenantState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    q: Query,
) -> Response {
    if let Err(r) = authorize(&s, &headers, "read:users") {
        return r;
    }
    let store = crate::sync::lock(&s.0.store);
    let directory = &store.objects.directory;
    let Some(user) = directory.user(&id) else {
        return missing();
    };
    let items = user
        .roles
        .iter()
        .filter_map(|r| directory.role(r))
        .map(super::roles::view)
        .collect();
    Json(page(items, &q, "roles")).into_response()
}

pub async fn add_roles(
    State(s): State<TenantState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Json(body): Json<Value>,
) -> Response {
    change_roles(&s, &headers, &id, &body, true)
}

pub async fn remove_roles(
    State(s): State<TenantState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Json(body): Json<Value>,
) -> Response {
    change_roles(&s, &headers, &id, &body, false)
}

fn change_roles(
    s: &TenantState,
    headers: &HeaderMap,
    id: &str,
    body: &Value,
    add: bool,
) -> Response {
    if let Err(r) = authorize(s, headers, "update:users") {
        return r;
    }
    if let Err(r) = check(&USER_ROLES, body) {
        return r;
    }
    let wanted: Vec<String> = serde_json::from_value(body["roles"].clone()).unwrap_or_default();
    let mut store = crate::sync::lock(&s.0.store);
    let directory = &mut store.objects.directory;
    if directory.user(id).is_none() {
        return missing();
    }
    if add && wanted.iter().any(|r| directory.role(r).is_none()) {
        return super::roles::missing();
    }
    let Some(user) = directory.user_mut(id) else {
        return missing();
    };
    for role in wanted {
        if !add {
            user.roles.retain(|have| *have != role);
        } else if !user.roles.contains(&role) {
            user.roles.push(role);
        }
    }
    if let Err(r) = saved(&store) {
        return r;
    }
    StatusCode::NO_CONTENT.into_response()
}

pub async fn permissions(
    State(s): State<TenantState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    q: Query,
) -> Response {
    if let Err(r) = authorize(&s, &headers, "read:users") {
        return r;
    }
    let store = crate::sync::lock(&s.0.store);
    let objects = &store.objects;
    let Some(user) = objects.directory.user(&id) else {
        return missing();
    };
    let mut found: Vec<(&Permission, Vec<Value>)> = Vec::new();
    for role in user.roles.iter().filter_map(|r| objects.directory.role(r)) {
        let source =
            json!({ "source_id": role.id, "source_name": role.name, "source_type": "ROLE" });
        for p in &role.permissions {
            match found.iter_mut().find(|(have, _)| *have == p) {
                Some((_, sources)) => sources.push(source.clone()),
                None => found.push((p, vec![source.clone()])),
            }
        }
    }
    let items = found
        .into_iter()
        .map(|(p, sources)| {
            let mut v = permission_view(objects, p);
            v["sources"] = Value::Array(sources);
            v
        })
        .collect();
    Json(page(items, &q, "permissions")).into_response()
}
