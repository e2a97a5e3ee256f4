//! Deployments (each a snapshot of the API's resources and authorizers) and the stages
//! that serve them; flushing a stage's authorizer cache.

use std::collections::BTreeMap;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use serde::Deserialize;

use super::lookup::{api, api_mut, body};
use super::patch::PatchBody;
use super::{patch, views};
use crate::aws::model::{Deployment, RestApi, Stage};
use crate::aws::state::AwsState;
use crate::aws::store::{gateway_id, now_epoch};
use crate::aws::unknown::unknown;
use crate::aws::wire::Fault;

pub fn routes() -> Router<AwsState> {
    Router::new()
        .route(
            "/restapis/{api}/deployments",
            get(list_deployments)
                .post(create_deployment)
                .fallback(unknown),
        )
        .route(
            "/restapis/{api}/deployments/{deployment}",
            get(read_deployment)
                .delete(delete_deployment)
                .fallback(unknown),
        )
        .route(
            "/restapis/{api}/stages",
            get(list_stages).post(create_stage).fallback(unknown),
        )
        .route(
            "/restapis/{api}/stages/{stage}",
            get(read_stage)
                .patch(update_stage)
                .delete(delete_stage)
                .fallback(unknown),
        )
        .route(
            "/restapis/{api}/stages/{stage}/cache/authorizers",
            delete(flush_authorizers).fallback(unknown),
        )
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateDeployment {
    stage_name: Option<String>,
    stage_description: Option<String>,
    description: Option<String>,
    #[serde(default)]
    variables: BTreeMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateStage {
    stage_name: String,
    deployment_id: String,
    description: Option<String>,
    #[serde(default)]
    variables: BTreeMap<String, String>,
}

fn stage<'a>(api: &'a RestApi, name: &str) -> Result<&'a Stage, Fault> {
    api.stages
        .get(name)
        .ok_or_else(|| Fault::not_found("Invalid stage identifier specified"))
}

fn new_stage(name: String, deployment_id: String, description: Option<String>) -> Stage {
    Stage {
        stage_name: name,
        deployment_id,
        description,
        variables: BTreeMap::new(),
        created_date: now_epoch(),
        last_updated_date: now_epoch(),
    }
}

async fn create_deployment(
    State(state): State<AwsState>,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, Fault> {
    let request: CreateDeployment = body(&bytes)?;
    state.write(|s| {
        let api = api_mut(&mut s.doc, &id)?;
        if api.resources.values().all(|r| r.methods.is_empty()) {
            return Err(Fault::bad_request(
                "The REST API doesn't contain any methods",
            ));
        }
        let deployment = Deployment {
            id: gateway_id()[..6].to_owned(),
            description: request.description,
            created_date: now_epoch(),
            resources: api.resources.values().cloned().collect(),
            authorizers: api.authorizers.clone(),
            gateway_responses: api.gateway_responses.clone(),
        };
        if let Some(name) = request.stage_name.filter(|n| !n.is_empty()) {
            let target = api.stages.entry(name.clone()).or_insert_with(|| {
                new_stage(name, deployment.id.clone(), request.stage_description)
            });
            target.deployment_id.clone_from(&deployment.id);
            target.variables.extend(request.variables);
            target.last_updated_date = now_epoch();
        }
        let view = views::deployment(&deployment);
        api.deployments.insert(deployment.id.clone(), deployment);
        Ok((StatusCode::CREATED, axum::Json(view)).into_response())
    })
}

async fn list_deployments(
    State(state): State<AwsState>,
    Path(id): Path<String>,
) -> Result<Response, Fault> {
    state.read(|s| {
        let items = api(&s.doc, &id)?
            .deployments
            .values()
            .map(views::deployment);
        Ok(axum::Json(views::items(items)).into_response())
    })
}

fn deployment<'a>(api: &'a RestApi, id: &str) -> Result<&'a Deployment, Fault> {
    api.deployments
        .get(id)
        .ok_or_else(|| Fault::not_found("Invalid Deployment identifier specified"))
}

async fn read_deployment(
    State(state): State<AwsState>,
    Path((id, deployment_id)): Path<(String, String)>,
    Query(query): Query<BTreeMap<String, String>>,
) -> Result<Response, Fault> {
    let summary = query.get("embed").is_some_and(|e| e.contains("apisummary"));
    state.read(|s| {
        let found = deployment(api(&s.doc, &id)?, &deployment_id)?;
        let mut view = views::deployment(found);
        if summary {
            view["apiSummary"] = super::api_summary::of(found);
        }
        Ok(axum::Json(view).into_response())
    })
}

async fn delete_deployment(
    State(state): State<AwsState>,
    Path((id, deployment_id)): Path<(String, String)>,
) -> Result<Response, Fault> {
    state.write(|s| {
        let api = api_mut(&mut s.doc, &id)?;
        deployment(api, &deployment_id)?;
        if let Some(stage) = api
            .stages
            .values()
            .find(|st| st.deployment_id == deployment_id)
        {
            return Err(Fault::bad_request(format!(
                "Active stages pointing to this deployment must be moved or deleted (stage {})",
                stage.stage_name
            )));
        }
        api.deployments.remove(&deployment_id);
        Ok(StatusCode::ACCEPTED.into_response())
    })
}

async fn list_stages(
    State(state): State<AwsState>,
    Path(id): Path<String>,
) -> Result<Response, Fault> {
    state.read(|s| {
        let items = api(&s.doc, &id)?.stages.values().map(views::stage);
        Ok(axum::Json(views::items(items)).into_response())
    })
}

async fn create_stage(
    State(state): State<AwsState>,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, Fault> {
    let request: CreateStage = body(&bytes)?;
    state.write(|s| {
        let api = api_mut(&mut s.doc, &id)?;
        deployment(api, &request.deployment_id)?;
        if api.stages.contains_key(&request.stage_name) {
            return Err(Fault::conflict("Stage already exists"));
        }
        let mut fresh = new_stage(
            request.stage_name.clone(),
            request.deployment_id,
            request.description,
        );
        fresh.variables = request.variables;
        let view = views::stage(&fresh);
        api.stages.insert(request.stage_name, fresh);
        Ok((StatusCode::CREATED, axum::Json(view)).into_response())
    })
}

async fn read_stage(
    State(state): State<AwsState>,
    Path((id, name)): Path<(String, String)>,
) -> Result<Response, Fault> {
    state.read(|s| Ok(axum::Json(views::stage(stage(api(&s.doc, &id)?, &name)?)).into_response()))
}

async fn update_stage(
    State(state): State<AwsState>,
    Path((id, name)): Path<(String, String)>,
    bytes: Bytes,
) -> Result<Response, Fault> {
    let request: PatchBody = body(&bytes)?;
    state.write(|s| {
        let api = api_mut(&mut s.doc, &id)?;
        let mut patched = patch::stage(stage(api, &name)?, &request.ops, &api.deployments)?;
        patched.last_updated_date = now_epoch();
        let view = views::stage(&patched);
        api.stages.insert(name, patched);
        Ok(axum::Json(view).into_response())
    })
}

async fn delete_stage(
    State(state): State<AwsState>,
    Path((id, name)): Path<(String, String)>,
) -> Result<Response, Fault> {
    state.write(|s| {
        let api = api_mut(&mut s.doc, &id)?;
        stage(api, &name)?;
        api.stages.remove(&name);
        Ok(StatusCode::ACCEPTED.into_response())
    })
}

/// Policies cached by the data plane for this stage are dropped (see `AwsState::authorizer_cache_epoch`).
async fn flush_authorizers(
    State(state): State<AwsState>,
    Path((id, name)): Path<(String, String)>,
) -> Result<Response, Fault> {
    state.read(|s| stage(api(&s.doc, &id)?, &name).map(|_| ()))?;
    state.flush_authorizer_cache(&id, &name);
    Ok(StatusCode::ACCEPTED.into_response())
}
