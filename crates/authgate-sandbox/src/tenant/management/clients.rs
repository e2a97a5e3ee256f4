//! `/api/v2/clients` (the dashboard's "Applications"). `client_secret` is only shown to
//! callers holding `read:client_keys`, as on Auth0.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::{Extension, Json};
use serde_json::{Value, json};

use super::error::{Answer, MgmtError};
use super::schema::{CLIENT_CREATE, CLIENT_UPDATE};
use super::validate::check;
use super::{Caller, Query, merge, page, saved};
use crate::tenant::TenantState;
use crate::tenant::ids::{position, random_id};

fn missing() -> MgmtError {
    MgmtError::not_found("inexistent_client", "The client does not exist")
}

fn shown(caller: &Caller, client: &Value) -> Value {
    let mut client = client.clone();
    if !caller.has("read:client_keys")
        && let Some(o) = client.as_object_mut()
    {
        o.remove("client_secret");
    }
    client
}

pub async fn list(
    State(s): State<TenantState>,
    Extension(caller): Extension<Caller>,
    q: Query,
) -> Answer {
    let store = crate::sync::lock(&s.0.store);
    let items = store
        .objects
        .clients
        .iter()
        .map(|c| shown(&caller, c))
        .collect();
    Ok(Json(page(items, &q, "clients")).into_response())
}

pub async fn get(
    State(s): State<TenantState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
) -> Answer {
    let store = crate::sync::lock(&s.0.store);
    let list = &store.objects.clients;
    position(list, "client_id", &id)
        .ok_or_else(missing)
        .map(|i| Json(shown(&caller, &list[i])).into_response())
}

pub async fn create(State(s): State<TenantState>, Json(body): Json<Value>) -> Answer {
    check(&CLIENT_CREATE, &body)?;
    let name = body["name"].as_str().unwrap_or_default();
    let metadata_ok = body.get("client_metadata").is_none_or(|m| {
        m.as_object()
            .is_some_and(|o| o.len() <= 10 && o.values().all(Value::is_string))
    });
    if !metadata_ok {
        return Err(MgmtError::bad_request(
            "client_metadata holds at most 10 string values",
        ));
    }
    let mut object = json!({
        "client_id": random_id(32), "client_secret": random_id(64), "name": name,
        "app_type": "regular_web", "is_first_party": true, "oidc_conformant": true,
        "grant_types": ["authorization_code", "implicit", "refresh_token", "client_credentials"],
        "token_endpoint_auth_method": "client_secret_post", "jwt_configuration": { "alg": "RS256" },
        "client_metadata": {},
    });
    merge(&mut object, &body);
    let mut store = crate::sync::lock(&s.0.store);
    store.objects.clients.push(object.clone());
    saved(&store)?;
    Ok((StatusCode::CREATED, Json(object)).into_response())
}

pub async fn patch(
    State(s): State<TenantState>,
    Extension(caller): Extension<Caller>,
    Path(id): Path<String>,
    Json(body): Json<Value>,
) -> Answer {
    // `client_id` is not in the update's definition: it cannot be changed.
    check(&CLIENT_UPDATE, &body)?;
    let mut store = crate::sync::lock(&s.0.store);
    let Some(i) = position(&store.objects.clients, "client_id", &id) else {
        return Err(missing());
    };
    merge(&mut store.objects.clients[i], &body);
    let object = shown(&caller, &store.objects.clients[i]);
    saved(&store)?;
    Ok(Json(object).into_response())
}

pub async fn delete(State(s): State<TenantState>, Path(id): Path<String>) -> Answer {
    let mut store = crate::sync::lock(&s.0.store);
    if let Some(i) = position(&store.objects.clients, "client_id", &id) {
        store.objects.clients.remove(i);
        store
            .objects
            .client_grants
            .retain(|g| g["client_id"] != id.as_str());
        saved(&store)?;
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}
