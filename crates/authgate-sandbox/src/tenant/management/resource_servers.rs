//! `/api/v2/resource-servers` (the dashboard's "APIs").

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde_json::{Value, json};

use super::error::{Answer, MgmtError};
use super::schema::{RESOURCE_SERVER_CREATE, RESOURCE_SERVER_UPDATE};
use super::validate::check;
use super::{Query, merge, page, saved};
use crate::tenant::TenantState;
use crate::tenant::ids::{position, random_id};

fn missing() -> MgmtError {
    MgmtError::not_found(
        "inexistent_resource_server",
        "The resource server does not exist",
    )
}

fn find(list: &[Value], id: &str) -> Option<usize> {
    position(list, "id", id).or_else(|| position(list, "identifier", id))
}

/// What the definition does not say: a name has no `<` or `>`.
fn name_ok(body: &Value) -> Result<(), MgmtError> {
    if body
        .get("name")
        .and_then(Value::as_str)
        .is_some_and(|n| n.contains(['<', '>']))
    {
        return Err(MgmtError::bad_request("name must not contain < or >"));
    }
    Ok(())
}

pub async fn list(State(s): State<TenantState>, q: Query) -> Answer {
    let items = crate::sync::lock(&s.0.store)
        .objects
        .resource_servers
        .clone();
    Ok(Json(page(items, &q, "resource_servers")).into_response())
}

pub async fn get(State(s): State<TenantState>, Path(id): Path<String>) -> Answer {
    let store = crate::sync::lock(&s.0.store);
    let list = &store.objects.resource_servers;
    find(list, &id)
        .ok_or_else(missing)
        .map(|i| Json(list[i].clone()).into_response())
}

pub async fn create(State(s): State<TenantState>, Json(body): Json<Value>) -> Answer {
    check(&RESOURCE_SERVER_CREATE, &body).and_then(|()| name_ok(&body))?;
    let identifier = body["identifier"].as_str().unwrap_or_default();
    // `name` is optional in the definition; the dashboard then shows the identifier.
    let name = body["name"].as_str().unwrap_or(identifier);
    let mut store = crate::sync::lock(&s.0.store);
    if position(&store.objects.resource_servers, "identifier", identifier).is_some() {
        let message = "A resource server with the same identifier already exists";
        return Err(MgmtError::new(
            StatusCode::CONFLICT,
            "resource_server_conflict",
            message,
        ));
    }
    let mut object = json!({
        "id": random_id(24), "name": name, "identifier": identifier, "is_system": false,
        "signing_alg": "RS256", "token_lifetime": 86_400, "token_lifetime_for_web": 7200,
        "allow_offline_access": false, "skip_consent_for_verifiable_first_party_clients": false,
        "enforce_policies": false, "token_dialect": "access_token", "scopes": [],
    });
    merge(&mut object, &body);
    store.objects.resource_servers.push(object.clone());
    saved(&store)?;
    Ok((StatusCode::CREATED, Json(object)).into_response())
}

pub async fn patch(
    State(s): State<TenantState>,
    Path(id): Path<String>,
    Json(body): Json<Value>,
) -> Answer {
    // `identifier` is not in the update's definition: it cannot be changed.
    check(&RESOURCE_SERVER_UPDATE, &body).and_then(|()| name_ok(&body))?;
    let mut store = crate::sync::lock(&s.0.store);
    let Some(i) = find(&store.objects.resource_servers, &id) else {
        return Err(missing());
    };
    merge(&mut store.objects.resource_servers[i], &body);
    let object = store.objects.resource_servers[i].clone();
    saved(&store)?;
    Ok(Json(object).into_response())
}

pub async fn delete(State(s): State<TenantState>, Path(id): Path<String>) -> Answer {
    let mut store = crate::sync::lock(&s.0.store);
    if let Some(i) = find(&store.objects.resource_servers, &id) {
        let removed = store.objects.resource_servers.remove(i);
        store
            .objects
            .client_grants
            .retain(|g| g["audience"] != removed["identifier"]);
        if let Some(identifier) = removed["identifier"].as_str() {
            store.objects.directory.forget_api(identifier);
        }
        saved(&store)?;
    }
    // Auth0 answers 204 whether or not the resource server existed.
    Ok(StatusCode::NO_CONTENT.into_response())
}
