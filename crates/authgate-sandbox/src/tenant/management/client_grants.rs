//! `/api/v2/client-grants`: which client may get tokens for which API, with which scopes.
//! A scope the API does not define is refused as Auth0 refuses it (a real answer, to a
//! PATCH on `/api/v2/client-grants/{id}`): 400 `{"message":"Payload validation error: scope
//! must be a subset of resource server scopes","errorCode":"invalid_body"}`.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde_json::{Value, json};

use super::error::{Answer, MgmtError};
use super::schema::{CLIENT_GRANT_CREATE, CLIENT_GRANT_UPDATE};
use super::validate::{check, missing_property};
use super::{Query, merge, page, saved};
use crate::tenant::TenantState;
use crate::tenant::ids::{position, random_id};

fn missing() -> MgmtError {
    MgmtError::not_found("inexistent_client_grant", "The grant does not exist.")
}

fn undefined_scope() -> MgmtError {
    MgmtError::invalid_body(
        "Payload validation error: scope must be a subset of resource server scopes",
    )
}

/// Whether every scope of `scope` is one the API `api` defines.
fn defined_by(api: &Value, scope: &Value) -> bool {
    let declared: Vec<&Value> = api["scopes"]
        .as_array()
        .map(|a| a.iter().map(|s| &s["value"]).collect())
        .unwrap_or_default();
    scope
        .as_array()
        .into_iter()
        .flatten()
        .all(|s| declared.contains(&s))
}

pub async fn list(State(s): State<TenantState>, q: Query) -> Answer {
    let store = crate::sync::lock(&s.0.store);
    let matches = |g: &&Value| {
        ["client_id", "audience"]
            .iter()
            .all(|k| q.get(*k).is_none_or(|want| g[*k] == want.as_str()))
    };
    let items = store
        .objects
        .client_grants
        .iter()
        .filter(matches)
        .cloned()
        .collect();
    Ok(Json(page(items, &q, "client_grants")).into_response())
}

pub async fn get(State(s): State<TenantState>, Path(id): Path<String>) -> Answer {
    let store = crate::sync::lock(&s.0.store);
    let list = &store.objects.client_grants;
    position(list, "id", &id)
        .ok_or_else(missing)
        .map(|i| Json(list[i].clone()).into_response())
}

pub async fn create(State(s): State<TenantState>, Json(body): Json<Value>) -> Answer {
    check(&CLIENT_GRANT_CREATE, &body)?;
    // Optional in today's definition because `allow_all_scopes` may stand for it; without
    // it, `scope` stays required as the definition long had it (node-auth0 v4).
    if body.get("scope").is_none() && body["allow_all_scopes"] != true {
        return Err(missing_property("scope"));
    }
    let client_id = body["client_id"].as_str().unwrap_or_default();
    let audience = body["audience"].as_str().unwrap_or_default();
    let scope = body.get("scope").cloned().unwrap_or_else(|| json!([]));
    let mut store = crate::sync::lock(&s.0.store);
    let objects = &store.objects;
    if position(&objects.clients, "client_id", client_id).is_none() {
        return Err(MgmtError::not_found(
            "inexistent_client",
            "Client not found",
        ));
    }
    let Some(api) = position(&objects.resource_servers, "identifier", audience) else {
        return Err(MgmtError::not_found(
            "inexistent_resource_server",
            "No resource server found for that audience",
        ));
    };
    if !defined_by(&objects.resource_servers[api], &scope) {
        return Err(undefined_scope());
    }
    let duplicate = objects
        .client_grants
        .iter()
        .any(|g| g["client_id"] == client_id && g["audience"] == audience);
    if duplicate {
        let message = "A client grant for this client and audience already exists";
        return Err(MgmtError::new(
            StatusCode::CONFLICT,
            "client_grant_conflict",
            message,
        ));
    }
    let mut object = json!({
        "id": format!("cgr_{}", random_id(16)), "client_id": client_id,
        "audience": audience, "scope": scope,
    });
    for optional in [
        "allow_all_scopes",
        "organization_usage",
        "allow_any_organization",
    ] {
        if let Some(v) = body.get(optional) {
            object[optional] = v.clone();
        }
    }
    store.objects.client_grants.push(object.clone());
    saved(&store)?;
    Ok((StatusCode::CREATED, Json(object)).into_response())
}

pub async fn patch(
    State(s): State<TenantState>,
    Path(id): Path<String>,
    Json(body): Json<Value>,
) -> Answer {
    check(&CLIENT_GRANT_UPDATE, &body)?;
    let mut store = crate::sync::lock(&s.0.store);
    let Some(i) = position(&store.objects.client_grants, "id", &id) else {
        return Err(missing());
    };
    let objects = &store.objects;
    let audience = &objects.client_grants[i]["audience"];
    let api = objects
        .resource_servers
        .iter()
        .find(|r| r["identifier"] == *audience);
    if let (Some(scope), Some(api)) = (body.get("scope"), api)
        && !defined_by(api, scope)
    {
        return Err(undefined_scope());
    }
    let mut patch = body.clone();
    if patch.get("scope").is_some_and(Value::is_null) {
        patch["scope"] = json!([]);
    }
    merge(&mut store.objects.client_grants[i], &patch);
    let object = store.objects.client_grants[i].clone();
    saved(&store)?;
    Ok(Json(object).into_response())
}

pub async fn delete(State(s): State<TenantState>, Path(id): Path<String>) -> Answer {
    let mut store = crate::sync::lock(&s.0.store);
    let Some(i) = position(&store.objects.client_grants, "id", &id) else {
        return Err(missing());
    };
    store.objects.client_grants.remove(i);
    saved(&store)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
