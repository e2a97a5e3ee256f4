//! Methods: `PutMethod`, `GetMethod`, `UpdateMethod` (how step 4 puts the authorizer on a
//! method), `DeleteMethod`, and the method responses (`Put/Get/DeleteMethodResponse`).
//! Integrations are in `integrations`, resources in `resources`.

use std::collections::BTreeMap;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use super::lookup::{api, api_mut, body, method, method_mut, resource, resource_mut};
use super::patch::PatchBody;
use super::{checks, patch, test_invoke, views};
use crate::aws::model::{Method, MethodResponse};
use crate::aws::state::AwsState;
use crate::aws::unknown::unknown;
use crate::aws::wire::Fault;

pub fn routes() -> Router<AwsState> {
    Router::new()
        .route(
            "/restapis/{api}/resources/{resource}/methods/{verb}",
            get(read_method)
                .put(put_method)
                .patch(update_method)
                .delete(delete_method)
                .post(test_invoke::run)
                .fallback(unknown),
        )
        .route(
            "/restapis/{api}/resources/{resource}/methods/{verb}/responses/{status}",
            get(read_response)
                .put(put_response)
                .delete(delete_response)
                .fallback(unknown),
        )
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PutMethod {
    authorization_type: Option<String>,
    authorizer_id: Option<String>,
    #[serde(default)]
    api_key_required: bool,
    #[serde(default)]
    request_parameters: BTreeMap<String, bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PutMethodResponse {
    #[serde(default)]
    response_parameters: BTreeMap<String, bool>,
    #[serde(default)]
    response_models: BTreeMap<String, String>,
}

async fn read_method(
    State(state): State<AwsState>,
    Path((id, resource_id, verb)): Path<(String, String, String)>,
) -> Result<Response, Fault> {
    state.read(|s| {
        let method = method(api(&s.doc, &id)?, &resource_id, &verb)?;
        Ok(axum::Json(views::method(method)).into_response())
    })
}

async fn put_method(
    State(state): State<AwsState>,
    Path((id, resource_id, verb)): Path<(String, String, String)>,
    bytes: Bytes,
) -> Result<Response, Fault> {
    let request: PutMethod = body(&bytes)?;
    let verb = checks::verb(&verb)?;
    let kind = request
        .authorization_type
        .ok_or_else(|| Fault::bad_request("Authorization type is required"))?;
    checks::authorization_type(&kind)?;
    state.write(|s| {
        let api = api_mut(&mut s.doc, &id)?;
        let authorizers = api.authorizers.clone();
        let target = resource(api, &resource_id)?;
        if target.methods.contains_key(&verb) {
            return Err(Fault::conflict("Method already exists for this resource"));
        }
        let mut created = Method {
            http_method: verb.clone(),
            authorization_type: "NONE".to_owned(),
            authorizer_id: None,
            api_key_required: request.api_key_required,
            request_parameters: request.request_parameters,
            method_responses: BTreeMap::new(),
            integration: None,
        };
        let mut ops = vec![patch::PatchOp::replace("/authorizationType", &kind)];
        if let Some(authorizer) = &request.authorizer_id {
            ops.push(patch::PatchOp::replace("/authorizerId", authorizer));
        }
        created = patch::method(&created, &ops, &authorizers)?;
        let view = views::method(&created);
        resource_mut(api, &resource_id)?
            .methods
            .insert(verb, created);
        Ok((StatusCode::CREATED, axum::Json(view)).into_response())
    })
}

async fn update_method(
    State(state): State<AwsState>,
    Path((id, resource_id, verb)): Path<(String, String, String)>,
    bytes: Bytes,
) -> Result<Response, Fault> {
    let request: PatchBody = body(&bytes)?;
    state.write(|s| {
        let api = api_mut(&mut s.doc, &id)?;
        let current = method(api, &resource_id, &verb)?;
        let patched = patch::method(current, &request.ops, &api.authorizers)?;
        let view = views::method(&patched);
        *method_mut(api, &resource_id, &verb)? = patched;
        Ok(axum::Json(view).into_response())
    })
}

async fn delete_method(
    State(state): State<AwsState>,
    Path((id, resource_id, verb)): Path<(String, String, String)>,
) -> Result<Response, Fault> {
    state.write(|s| {
        let api = api_mut(&mut s.doc, &id)?;
        method(api, &resource_id, &verb)?;
        resource_mut(api, &resource_id)?
            .methods
            .remove(&verb.to_ascii_uppercase());
        Ok(StatusCode::NO_CONTENT.into_response())
    })
}

fn response<'a>(method: &'a Method, status: &str) -> Result<&'a MethodResponse, Fault> {
    method
        .method_responses
        .get(status)
        .ok_or_else(|| Fault::not_found("Invalid Response status code specified"))
}

async fn read_response(
    State(state): State<AwsState>,
    Path((id, resource_id, verb, status)): Path<(String, String, String, String)>,
) -> Result<Response, Fault> {
    state.read(|s| {
        let found = response(method(api(&s.doc, &id)?, &resource_id, &verb)?, &status)?;
        Ok(axum::Json(views::method_response(found)).into_response())
    })
}

async fn put_response(
    State(state): State<AwsState>,
    Path((id, resource_id, verb, status)): Path<(String, String, String, String)>,
    bytes: Bytes,
) -> Result<Response, Fault> {
    let request: PutMethodResponse = body(&bytes)?;
    checks::status_code(&status)?;
    if let Some(bad) = request
        .response_parameters
        .keys()
        .find(|k| !k.starts_with("method.response.header."))
    {
        return Err(Fault::bad_request(format!(
            "Invalid mapping expression specified: Validation Result: warnings : [], errors : \
             [Invalid mapping expression parameter specified: {bad}]"
        )));
    }
    state.write(|s| {
        let target = method_mut(api_mut(&mut s.doc, &id)?, &resource_id, &verb)?;
        if target.method_responses.contains_key(&status) {
            return Err(Fault::conflict("Response already exists for this resource"));
        }
        let created = MethodResponse {
            status_code: status.clone(),
            response_parameters: request.response_parameters,
            response_models: request.response_models,
        };
        let view = views::method_response(&created);
        target.method_responses.insert(status, created);
        Ok((StatusCode::CREATED, axum::Json(view)).into_response())
    })
}

async fn delete_response(
    State(state): State<AwsState>,
    Path((id, resource_id, verb, status)): Path<(String, String, String, String)>,
) -> Result<Response, Fault> {
    state.write(|s| {
        let target = method_mut(api_mut(&mut s.doc, &id)?, &resource_id, &verb)?;
        response(target, &status)?;
        target.method_responses.remove(&status);
        Ok(StatusCode::NO_CONTENT.into_response())
    })
}
