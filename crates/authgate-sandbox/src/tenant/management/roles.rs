//! `/api/v2/roles`: RBAC roles (`rol_…`), shown as `{id, name, description}`. Shapes and
//! codes as Auth0 answers them (go-auth0's recorded tests): create 200, delete 200 `{}`,
//! a missing role 404 `The role does not exist.` without an `errorCode`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde_json::{Value, json};

use super::error::{Answer, MgmtError};
use super::schema::{ROLE_CREATE, ROLE_UPDATE};
use super::validate::check;
use super::{Query, page, saved};
use crate::tenant::TenantState;
use crate::tenant::directory::Role;

pub fn missing() -> MgmtError {
    MgmtError::not_found_bare("The role does not exist.")
}

pub fn view(role: &Role) -> Value {
    let mut v = json!({ "id": role.id, "name": role.name });
    if let Some(d) = &role.description {
        v["description"] = Value::String(d.clone());
    }
    v
}

pub async fn list(State(s): State<TenantState>, q: Query) -> Answer {
    let filter = q.get("name_filter").map(|f| f.to_lowercase());
    let store = crate::sync::lock(&s.0.store);
    let items = store
        .objects
        .directory
        .roles
        .iter()
        .filter(|r| {
            filter
                .as_deref()
                .is_none_or(|f| r.name.to_lowercase().contains(f))
        })
        .map(view)
        .collect();
    Ok(Json(page(items, &q, "roles")).into_response())
}

pub async fn get(State(s): State<TenantState>, Path(id): Path<String>) -> Answer {
    let store = crate::sync::lock(&s.0.store);
    store
        .objects
        .directory
        .role(&id)
        .ok_or_else(missing)
        .map(|r| Json(view(r)).into_response())
}

pub async fn create(State(s): State<TenantState>, Json(body): Json<Value>) -> Answer {
    check(&ROLE_CREATE, &body)?;
    let name = body["name"].as_str().unwrap_or_default();
    let role = Role::new(name, body["description"].as_str());
    let shown = view(&role);
    let mut store = crate::sync::lock(&s.0.store);
    store.objects.directory.roles.push(role);
    saved(&store)?;
    Ok(Json(shown).into_response())
}

pub async fn patch(
    State(s): State<TenantState>,
    Path(id): Path<String>,
    Json(body): Json<Value>,
) -> Answer {
    check(&ROLE_UPDATE, &body)?;
    let mut store = crate::sync::lock(&s.0.store);
    let Some(role) = store.objects.directory.role_mut(&id) else {
        return Err(missing());
    };
    if let Some(name) = body["name"].as_str() {
        name.clone_into(&mut role.name);
    }
    if let Some(description) = body["description"].as_str() {
        role.description = Some(description.to_owned());
    }
    let shown = view(role);
    saved(&store)?;
    Ok(Json(shown).into_response())
}

pub async fn delete(State(s): State<TenantState>, Path(id): Path<String>) -> Answer {
    let mut store = crate::sync::lock(&s.0.store);
    if !store.objects.directory.remove_role(&id) {
        return Err(missing());
    }
    saved(&store)?;
    Ok((StatusCode::OK, Json(json!({}))).into_response())
}
