//! `/api/v2/client-grants`: which client may get tokens for which API, with which scopes.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::{Query, authorize, bad_request, envelope, merge, not_found, page};
use crate::tenant::TenantState;
use crate::tenant::store::{position, random_id};

fn missing() -> Response {
    not_found("inexistent_client_grant", "The grant does not exist.")
}

fn scope_is_string_array(v: &Value) -> bool {
    v.as_array().is_some_and(|a| a.iter().all(Value::is_string))
}

fn saved(store: &crate::tenant::store::Store) -> Result<(), Response> {
    store.save().map_err(|e| {
        envelope(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            &e.to_string(),
        )
    })
}

pub async fn list(State(s): State<TenantState>, headers: HeaderMap, q: Query) -> Response {
    if let Err(r) = authorize(&s, &headers, "read:client_grants") {
        return r;
    }
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
    Json(page(items, &q, "client_grants")).into_response()
}

pub async fn get(
    State(s): State<TenantState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if let Err(r) = authorize(&s, &headers, "read:client_grants") {
        return r;
    }
    let store = crate::sync::lock(&s.0.store);
    let list = &store.objects.client_grants;
    position(list, "id", &id).map_or_else(missing, |i| Json(list[i].clone()).into_response())
}

pub async fn create(
    State(s): State<TenantState>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    if let Err(r) = authorize(&s, &headers, "create:client_grants") {
        return r;
    }
    let (Some(client_id), Some(audience)) = (body["client_id"].as_str(), body["audience"].as_str())
    else {
        return bad_request("client_id and audience are required");
    };
    // Auth0 rejects a missing or null `scope`: it must be sent, even as `[]`.
    if !scope_is_string_array(&body["scope"]) {
        return bad_request("scope is required and must be an array of strings");
    }
    let mut store = crate::sync::lock(&s.0.store);
    let objects = &store.objects;
    if position(&objects.clients, "client_id", client_id).is_none() {
        return not_found("inexistent_client", "Client not found");
    }
    let Some(api) = position(&objects.resource_servers, "identifier", audience) else {
        return not_found(
            "inexistent_resource_server",
            "No resource server found for that audience",
        );
    };
    let declared: Vec<&Value> = objects.resource_servers[api]["scopes"]
        .as_array()
        .map(|a| a.iter().map(|s| &s["value"]).collect())
        .unwrap_or_default();
    let undeclared = body["scope"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|s| !declared.contains(s));
    if let Some(scope) = undeclared {
        return bad_request(&format!(
            "scope {scope} is not defined by the resource server"
        ));
    }
    let duplicate = objects
        .client_grants
        .iter()
        .any(|g| g["client_id"] == client_id && g["audience"] == audience);
    if duplicate {
        let message = "A client grant for this client and audience already exists";
        return envelope(StatusCode::CONFLICT, "client_grant_conflict", message);
    }
    let object = json!({
        "id": format!("cgr_{}", random_id(16)), "client_id": client_id,
        "audience": audience, "scope": body["scope"],
    });
    store.objects.client_grants.push(object.clone());
    if let Err(r) = saved(&store) {
        return r;
    }
    (StatusCode::CREATED, Json(object)).into_response()
}

pub async fn patch(
    State(s): State<TenantState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Json(body): Json<Value>,
) -> Response {
    if let Err(r) = authorize(&s, &headers, "update:client_grants") {
        return r;
    }
    if body.get("scope").is_some_and(|v| !scope_is_string_array(v)) {
        return bad_request("scope must be an array of strings");
    }
    let mut store = crate::sync::lock(&s.0.store);
    let Some(i) = position(&store.objects.client_grants, "id", &id) else {
        return missing();
    };
    let patch =
        json!({ "scope": body.get("scope").unwrap_or(&store.objects.client_grants[i]["scope"]) });
    merge(&mut store.objects.client_grants[i], &patch);
    let object = store.objects.client_grants[i].clone();
    if let Err(r) = saved(&store) {
        return r;
    }
    Json(object).into_response()
}

pub async fn delete(
    State(s): State<TenantState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if let Err(r) = authorize(&s, &headers, "delete:client_grants") {
        return r;
    }
    let mut store = crate::sync::lock(&s.0.store);
    let Some(i) = position(&store.objects.client_grants, "id", &id) else {
        return missing();
    };
    store.objects.client_grants.remove(i);
    if let Err(r) = saved(&store) {
        return r;
    }
    StatusCode::NO_CONTENT.into_response()
}
