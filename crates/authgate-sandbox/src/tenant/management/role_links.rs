//! `/api/v2/roles/{id}/permissions` and `/api/v2/roles/{id}/users`. Codes as Auth0 answers
//! (go-auth0's recorded tests): add permissions 201 `{}`, remove 204, assign users 200 `{}`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde_json::{Value, json};

use super::error::{Answer, MgmtError};
use super::roles::missing;
use super::schema::{ROLE_PERMISSIONS, ROLE_USERS};
use super::validate::check;
use super::{Query, page, saved};
use crate::tenant::TenantState;
use crate::tenant::directory::Permission;
use crate::tenant::store::Objects;

/// `{permission_name, description, resource_server_name, resource_server_identifier}`.
pub fn permission_view(objects: &Objects, p: &Permission) -> Value {
    let api = objects
        .resource_servers
        .iter()
        .find(|r| r["identifier"] == p.resource_server_identifier.as_str());
    let description = api
        .and_then(|a| a["scopes"].as_array())
        .and_then(|scopes| {
            scopes
                .iter()
                .find(|s| s["value"] == p.permission_name.as_str())
        })
        .map_or(Value::Null, |s| s["description"].clone());
    json!({
        "permission_name": p.permission_name, "description": description,
        "resource_server_name": api.map_or(Value::Null, |a| a["name"].clone()),
        "resource_server_identifier": p.resource_server_identifier,
    })
}

/// Refuses a permission that no existing API defines.
fn defined(objects: &Objects, list: &[Permission]) -> Result<(), MgmtError> {
    for p in list {
        let Some(api) = objects
            .resource_servers
            .iter()
            .find(|r| r["identifier"] == p.resource_server_identifier.as_str())
        else {
            return Err(MgmtError::not_found(
                "inexistent_resource_server",
                "The resource server does not exist",
            ));
        };
        let declared = api["scopes"]
            .as_array()
            .is_some_and(|s| s.iter().any(|s| s["value"] == p.permission_name.as_str()));
        if !declared {
            let message = format!(
                "Payload validation error: permission {} is not defined by resource server {}",
                p.permission_name, p.resource_server_identifier
            );
            return Err(MgmtError::invalid_body(&message));
        }
    }
    Ok(())
}

pub async fn permissions(State(s): State<TenantState>, Path(id): Path<String>, q: Query) -> Answer {
    let store = crate::sync::lock(&s.0.store);
    let objects = &store.objects;
    let Some(role) = objects.directory.role(&id) else {
        return Err(missing());
    };
    let items = role
        .permissions
        .iter()
        .map(|p| permission_view(objects, p))
        .collect();
    Ok(Json(page(items, &q, "permissions")).into_response())
}

pub async fn add_permissions(
    State(s): State<TenantState>,
    Path(id): Path<String>,
    Json(body): Json<Value>,
) -> Answer {
    change_permissions(&s, &id, &body, true)
}

pub async fn remove_permissions(
    State(s): State<TenantState>,
    Path(id): Path<String>,
    Json(body): Json<Value>,
) -> Answer {
    change_permissions(&s, &id, &body, false)
}

fn change_permissions(s: &TenantState, id: &str, body: &Value, add: bool) -> Answer {
    check(&ROLE_PERMISSIONS, body)?;
    let mut store = crate::sync::lock(&s.0.store);
    if store.objects.directory.role(id).is_none() {
        return Err(missing());
    }
    let list: Vec<Permission> =
        serde_json::from_value(body["permissions"].clone()).unwrap_or_default();
    if add {
        defined(&store.objects, &list)?;
    }
    let Some(role) = store.objects.directory.role_mut(id) else {
        return Err(missing());
    };
    for p in list {
        if !add {
            role.permissions.retain(|have| *have != p);
        } else if !role.permissions.contains(&p) {
            role.permissions.push(p);
        }
    }
    saved(&store)?;
    if add {
        Ok((StatusCode::CREATED, Json(json!({}))).into_response())
    } else {
        Ok(StatusCode::NO_CONTENT.into_response())
    }
}

pub async fn users(State(s): State<TenantState>, Path(id): Path<String>, q: Query) -> Answer {
    let store = crate::sync::lock(&s.0.store);
    let directory = &store.objects.directory;
    if directory.role(&id).is_none() {
        return Err(missing());
    }
    let items = directory
        .users
        .iter()
        .filter(|u| u.roles.contains(&id))
        .map(|u| {
            let p = &u.profile;
            json!({ "user_id": p["user_id"], "email": p["email"],
                    "picture": p["picture"], "name": p["name"] })
        })
        .collect();
    Ok(Json(page(items, &q, "users")).into_response())
}

pub async fn add_users(
    State(s): State<TenantState>,
    Path(id): Path<String>,
    Json(body): Json<Value>,
) -> Answer {
    check(&ROLE_USERS, &body)?;
    let mut store = crate::sync::lock(&s.0.store);
    let directory = &mut store.objects.directory;
    if directory.role(&id).is_none() {
        return Err(missing());
    }
    let wanted: Vec<&str> = body["users"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    if wanted.iter().any(|u| directory.user(u).is_none()) {
        return Err(super::users::missing());
    }
    for user_id in wanted {
        if let Some(user) = directory.user_mut(user_id)
            && !user.roles.contains(&id)
        {
            user.roles.push(id.clone());
        }
    }
    saved(&store)?;
    Ok(Json(json!({})).into_response())
}
