//! REST APIs: list, read, delete, create an empty one, or import one from an `OpenAPI`
//! definition (`ImportRestApi`).

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::lookup::{api, body};
use super::{openapi, views};
use crate::aws::model::{Resource, RestApi};
use crate::aws::state::AwsState;
use crate::aws::store::{gateway_id, now_epoch};
use crate::aws::wire::{Fault, region};

pub(super) async fn list(State(state): State<AwsState>) -> Result<Response, Fault> {
    state.read(|s| {
        let apis = s.doc.rest_apis.values().map(views::rest_api);
        Ok(axum::Json(views::items(apis)).into_response())
    })
}

pub(super) async fn read(
    State(state): State<AwsState>,
    Path(id): Path<String>,
) -> Result<Response, Fault> {
    state.read(|s| Ok(axum::Json(views::rest_api(api(&s.doc, &id)?)).into_response()))
}

pub(super) async fn delete(
    State(state): State<AwsState>,
    Path(id): Path<String>,
) -> Result<Response, Fault> {
    state.write(|s| {
        api(&s.doc, &id)?;
        s.doc.rest_apis.remove(&id);
        Ok(StatusCode::ACCEPTED.into_response())
    })
}

/// `POST /restapis?mode=import` (`ImportRestApi`), else `CreateRestApi` (an empty API with
/// its root resource).
pub(super) async fn import_or_create(
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
        id: gateway_id(),
        parent_id: None,
        path_part: None,
        path: "/".to_owned(),
        methods: std::collections::BTreeMap::new(),
    };
    let created = RestApi {
        id: gateway_id(),
        name,
        description: request.description,
        created_date: now_epoch(),
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
