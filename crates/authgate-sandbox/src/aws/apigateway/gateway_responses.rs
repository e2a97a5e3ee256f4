//! Gateway responses: `GetGatewayResponses` (all 21 types, defaults marked
//! `defaultResponse: true`), `Get/Put/Update/DeleteGatewayResponse`. Changes reach the invoke
//! URL with the next deployment, as on AWS.

use std::collections::BTreeMap;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use serde_json::{Value, json};

use super::checks;
use super::lookup::{api, api_mut, body};
use super::patch::PatchBody;
use crate::aws::model::{GatewayResponse, RestApi};
use crate::aws::state::AwsState;
use crate::aws::unknown::unknown;
use crate::aws::wire::Fault;
use crate::gateway::responses::{DEFAULT_TEMPLATE, TYPES, default_status};

pub fn routes() -> Router<AwsState> {
    Router::new()
        .route(
            "/restapis/{api}/gatewayresponses",
            get(list).fallback(unknown),
        )
        .route(
            "/restapis/{api}/gatewayresponses/{kind}",
            get(read)
                .put(put)
                .patch(update)
                .delete(delete)
                .fallback(unknown),
        )
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PutGatewayResponse {
    status_code: Option<String>,
    #[serde(default)]
    response_parameters: BTreeMap<String, String>,
    #[serde(default)]
    response_templates: BTreeMap<String, String>,
}

/// The response type, checked against AWS's enumeration.
fn kind(kind: &str) -> Result<&str, Fault> {
    if default_status(kind).is_some() {
        return Ok(kind);
    }
    let names: Vec<&str> = TYPES.iter().map(|(name, _)| *name).collect();
    Err(Fault::bad_request(format!(
        "1 validation error detected: Value '{kind}' at 'responseType' failed to satisfy \
         constraint: Member must satisfy enum value set: [{}]",
        names.join(", ")
    )))
}

/// What API Gateway answers for a type nobody customised.
fn default_response(kind: &str) -> GatewayResponse {
    GatewayResponse {
        response_type: kind.to_owned(),
        status_code: default_status(kind).flatten().map(|s| s.to_string()),
        response_parameters: BTreeMap::new(),
        response_templates: BTreeMap::from([(
            "application/json".to_owned(),
            DEFAULT_TEMPLATE.to_owned(),
        )]),
    }
}

fn view(response: &GatewayResponse, default: bool) -> Value {
    let mut value = json!({
        "responseType": response.response_type,
        "responseParameters": response.response_parameters,
        "responseTemplates": response.response_templates,
        "defaultResponse": default,
    });
    if let Some(status) = &response.status_code {
        value["statusCode"] = json!(status);
    }
    value
}

fn current(api: &RestApi, kind: &str) -> Value {
    api.gateway_responses.get(kind).map_or_else(
        || view(&default_response(kind), true),
        |custom| view(custom, false),
    )
}

fn check(response: &GatewayResponse) -> Result<(), Fault> {
    if let Some(status) = &response.status_code {
        checks::status_code(status)?;
    }
    checks::gateway_response_parameters(&response.response_parameters)?;
    checks::templates(&response.response_templates, "the gateway response")
}

async fn list(State(state): State<AwsState>, Path(id): Path<String>) -> Result<Response, Fault> {
    state.read(|s| {
        let api = api(&s.doc, &id)?;
        let items: Vec<Value> = TYPES.iter().map(|(kind, _)| current(api, kind)).collect();
        Ok(axum::Json(json!({ "item": items })).into_response())
    })
}

async fn read(
    State(state): State<AwsState>,
    Path((id, response_type)): Path<(String, String)>,
) -> Result<Response, Fault> {
    let kind = kind(&response_type)?;
    state.read(|s| Ok(axum::Json(current(api(&s.doc, &id)?, kind)).into_response()))
}

async fn put(
    State(state): State<AwsState>,
    Path((id, response_type)): Path<(String, String)>,
    bytes: Bytes,
) -> Result<Response, Fault> {
    let request: PutGatewayResponse = body(&bytes)?;
    let created = GatewayResponse {
        response_type: kind(&response_type)?.to_owned(),
        status_code: request.status_code.filter(|s| !s.is_empty()),
        response_parameters: request.response_parameters,
        response_templates: request.response_templates,
    };
    check(&created)?;
    state.write(|s| {
        let api = api_mut(&mut s.doc, &id)?;
        let value = view(&created, false);
        api.gateway_responses.insert(response_type, created);
        Ok((StatusCode::CREATED, axum::Json(value)).into_response())
    })
}

async fn update(
    State(state): State<AwsState>,
    Path((id, response_type)): Path<(String, String)>,
    bytes: Bytes,
) -> Result<Response, Fault> {
    let request: PatchBody = body(&bytes)?;
    let kind = kind(&response_type)?.to_owned();
    state.write(|s| {
        let api = api_mut(&mut s.doc, &id)?;
        let start = api
            .gateway_responses
            .get(&kind)
            .cloned()
            .unwrap_or_else(|| default_response(&kind));
        let patched = super::patch::gateway_response(&start, &request.ops)?;
        check(&patched)?;
        let value = view(&patched, false);
        api.gateway_responses.insert(kind, patched);
        Ok(axum::Json(value).into_response())
    })
}

async fn delete(
    State(state): State<AwsState>,
    Path((id, response_type)): Path<(String, String)>,
) -> Result<Response, Fault> {
    let kind = kind(&response_type)?.to_owned();
    state.write(|s| {
        let api = api_mut(&mut s.doc, &id)?;
        api.gateway_responses
            .remove(&kind)
            .ok_or_else(|| Fault::not_found("Gateway response type not defined on api"))?;
        Ok(StatusCode::ACCEPTED.into_response())
    })
}
