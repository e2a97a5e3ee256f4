//! `/api/v2/users/{id}/roles` and `/api/v2/users/{id}/permissions`. Codes as Auth0 answers
//! (go-auth0's recorded tests): assign and remove roles 204. Permissions are those the
//! user has through roles, each with its `sources` (`source_type` `ROLE`).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde_json::{Value, json};

use super::error::Answer;
use super::role_links::permission_view;
use super::schema::USER_ROLES;
use super::users::missing;
use super::validate::check;
use super::{Query, page, saved};
use crate::tenant::TenantState;
use crate::tenant::directory::Permission;

pub async fn roles(State(s): State<TenantState>, Path(id): Path<String>, q: Query) -> Answer {
    let store = crate::sync::lock(&s.0.store);
    let directory = &store.objects.directory;
    let Some(user) = directory.user(&id) else {
        return Err(missing());
    };
    let items = user
        .roles
        .iter()
        .filter_map(|r| directory.role(r))
        .map(super::roles::view)
        .collect();
    Ok(Json(page(items, &q, "roles")).into_response())
}

pub async fn add_roles(
    State(s): State<TenantState>,
    Path(id): Path<String>,
    Json(body): Json<Value>,
) -> Answer {
    change_roles(&s, &id, &body, true)
}

pub async fn remove_roles(
    State(s): State<TenantState>,
    Path(id): Path<String>,
    Json(body): Json<Value>,
) -> Answer {
    change_roles(&s, &id, &body, false)
}

fn change_roles(s: &TenantState, id: &str, body: &Value, add: bool) -> Answer {
    check(&USER_ROLES, body)?;
    let wanted: Vec<String> = serde_json::from_value(body["roles"].clone()).unwrap_or_default();
    let mut store = crate::sync::lock(&s.0.store);
    let directory = &mut store.objects.directory;
    if directory.user(id).is_none() {
        return Err(missing());
    }
    if add && wanted.iter().any(|r| directory.role(r).is_none()) {
        return Err(super::roles::missing());
    }
    let Some(user) = directory.user_mut(id) else {
        return Err(missing());
    };
    for role in wanted {
        if !add {
            user.roles.retain(|have| *have != role);
        } else if !user.roles.contains(&role) {
            user.roles.push(role);
        }
    }
    saved(&store)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

pub async fn permissions(State(s): State<TenantState>, Path(id): Path<String>, q: Query) -> Answer {
    let store = crate::sync::lock(&s.0.store);
    let objects = &store.objects;
    let Some(user) = objects.directory.user(&id) else {
        return Err(missing());
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
    Ok(Json(page(items, &q, "permissions")).into_response())
}
