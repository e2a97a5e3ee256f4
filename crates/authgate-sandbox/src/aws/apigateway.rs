//! API Gateway (REST-JSON, `/restapis…`): import, read and delete REST APIs; the rest lives
//! in the submodules (methods, authorizers, deployments and stages, the console's tests).

mod api_summary;
mod authorizers;
mod checks;
mod gateway_responses;
mod integrations;
mod methods;
mod mock;
mod openapi;
mod patch;
mod resources;
mod stages;
mod test_authorizer;
mod test_invoke;
mod views;

use std::collections::HashMap;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::de::DeserializeOwned;

use super::model::{Document, Resource, RestApi};
use super::wire::{ACCOUNT_ID, Fault, region};
use super::{AwsState, unknown};
pub(crate) use test_authorizer::function_arn;

pub fn routes() -> Router<AwsState> {
    Router::new()
        .route(
            "/restapis",
            get(list).post(import_or_create).fallback(unknown),
        )
        .route(
            "/restapis/{api}",
            get(read).delete(delete).fallback(unknown),
        )
        .merge(resources::routes())
        .merge(methods::routes())
        .merge(integrations::routes())
        .merge(gateway_responses::routes())
        .merge(authorizers::routes())
        .merge(stages::routes())
}

/// A JSON request body; an empty one reads as `{}`.
pub(crate) fn body<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Fault> {
    let bytes = if bytes.iter().all(u8::is_ascii_whitespace) {
        b"{}".as_slice()
    } else {
        bytes
    };
    serde_json::from_slice(bytes).map_err(|e| {
        Fault::bad_request(format!(
            "the request body is not what API Gateway takes: {e}"
        ))
    })
}

pub(crate) fn api<'a>(doc: &'a Document, id: &str) -> Result<&'a RestApi, Fault> {
    doc.rest_apis.get(id).ok_or_else(|| {
        Fault::not_found(format!(
            "Invalid API identifier specified {ACCOUNT_ID}:{id}"
        ))
    })
}

pub(crate) fn api_mut<'a>(doc: &'a mut Document, id: &str) -> Result<&'a mut RestApi, Fault> {
    doc.rest_apis.get_mut(id).ok_or_else(|| {
        Fault::not_found(format!(
            "Invalid API identifier specified {ACCOUNT_ID}:{id}"
        ))
    })
}

pub(crate) fn resource<'a>(api: &'a RestApi, id: &str) -> Result<&'a Resource, Fault> {
    api.resources
        .get(id)
        .ok_or_else(|| Fault::not_found(format!("Invalid Resource identifier specified {id}")))
}

async fn list(State(state): State<AwsState>) -> Result<Response, Fault> {
    state.read(|s| {
        let apis = s.doc.rest_apis.values().map(views::rest_api);
        Ok(axum::Json(views::items(apis)).into_response())
    })
}

async fn read(State(state): State<AwsState>, Path(id): Path<String>) -> Result<Response, Fault> {
    state.read(|s| Ok(axum::Json(views::rest_api(api(&s.doc, &id)?)).into_response()))
}

async fn delete(State(state): State<AwsState>, Path(id): Path<String>) -> Result<Response, Fault> {
    state.write(|s| {
        api(&s.doc, &id)?;
        s.doc.rest_apis.remove(&id);
        Ok(StatusCode::ACCEPTED.into_response())
    })
}

/// `POST /restapis?mode=import` (`ImportRestApi`), else `CreateRestApi` (an empty API with
/// its root resource).
async fn import_or_create(
    State(state): State<AwsState>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
    bytes: Bytes,
) -> Result<Response, Fault> {
    if query.get("mode").map(String::as_str) != Some("import") {
        return create(&state, &headers, &bytes);
    }
    let endpoint_type = query
        .get("endpointConfigurationTypes")
        .or_else(|| query.get("parameters.endpointConfigurationTypes"))
        .map_or("EDGE", String::as_str)
        .to_ascii_uppercase();
    let fail_on_warnings = query.get("failonwarnings").is_some_and(|v| v == "true");
    let imported = openapi::import(&bytes, &region(&headers), &endpoint_type)?;
    if fail_on_warnings && !imported.warnings.is_empty() {
        return Err(Fault::bad_request(format!(
            "Import failed on warnings: {}",
            imported.warnings.join("; ")
        )));
    }
    let mut view = views::rest_api(&imported.api);
    view["warnings"] = serde_json::json!(imported.warnings);
    state.write(|s| {
        s.doc
            .rest_apis
            .insert(imported.api.id.clone(), imported.api);
        Ok((StatusCode::CREATED, axum::Json(view)).into_response())
    })
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateRestApi {
    name: Option<String>,
    description: Option<String>,
    endpoint_configuration: Option<EndpointConfiguration>,
}

#[derive(serde::Deserialize)]
struct EndpointConfiguration {
    #[serde(default)]
    types: Vec<String>,
}

fn create(state: &AwsState, headers: &HeaderMap, bytes: &[u8]) -> Result<Response, Fault> {
    let request: CreateRestApi = body(bytes)?;
    let name = request
        .name
        .filter(|n| !n.is_empty())
        .ok_or_else(|| Fault::bad_request("Rest API name is required"))?;
    let root = Resource {
        id: super::store::gateway_id(),
        parent_id: None,
        path_part: None,
        path: "/".to_owned(),
        methods: std::collections::BTreeMap::new(),
    };
    let created = RestApi {
        id: super::store::gateway_id(),
        name,
        description: request.description,
        created_date: super::store::now_epoch(),
        region: region(headers),
        endpoint_type: request
            .endpoint_configuration
            .and_then(|c| c.types.into_iter().next())
            .unwrap_or_else(|| "EDGE".to_owned()),
        resources: std::collections::BTreeMap::from([(root.id.clone(), root)]),
        authorizers: std::collections::BTreeMap::new(),
        deployments: std::collections::BTreeMap::new(),
        stages: std::collections::BTreeMap::new(),
        gateway_responses: std::collections::BTreeMap::new(),
    };
    let view = views::rest_api(&created);
    state.write(|s| {
        s.doc.rest_apis.insert(created.id.clone(), created);
        Ok((StatusCode::CREATED, axum::Json(view)).into_response())
    })
}

#[cfg(test)]
mod tests;
