//! Resources, methods and integrations: read them, and `UpdateMethod` (how step 4 puts the
//! authorizer on a method).

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::super::model::Method;
use super::super::{AwsState, unknown};
use super::patch::PatchBody;
use super::{api, api_mut, body, patch, resource, test_invoke, views};
use crate::aws::wire::Fault;

pub fn routes() -> Router<AwsState> {
    Router::new()
        .route("/restapis/{api}/resources", get(list).fallback(unknown))
        .route(
            "/restapis/{api}/resources/{resource}",
            get(read).fallback(unknown),
        )
        .route(
            "/restapis/{api}/resources/{resource}/methods/{verb}",
            get(read_method)
                .patch(update_method)
                .post(test_invoke::run)
                .fallback(unknown),
        )
        .route(
            "/restapis/{api}/resources/{resource}/methods/{verb}/integration",
            get(read_integration).fallback(unknown),
        )
}

pub(crate) fn method<'a>(
    api: &'a super::super::model::RestApi,
    resource_id: &str,
    verb: &str,
) -> Result<&'a Method, Fault> {
    resource(api, resource_id)?
        .methods
        .get(&verb.to_ascii_uppercase())
        .ok_or_else(|| Fault::not_found("Invalid Method identifier specified"))
}

async fn list(State(state): State<AwsState>, Path(id): Path<String>) -> Result<Response, Fault> {
    state.read(|s| {
        let api = api(&s.doc, &id)?;
        let mut resources: Vec<_> = api.resources.values().collect();
        resources.sort_by(|a, b| a.path.cmp(&b.path));
        let items = resources.into_iter().map(views::resource);
        Ok(axum::Json(views::items(items)).into_response())
    })
}

async fn read(
    State(state): State<AwsState>,
    Path((id, resource_id)): Path<(String, String)>,
) -> Result<Response, Fault> {
    state.read(|s| {
        let resource = resource(api(&s.doc, &id)?, &resource_id)?;
        Ok(axum::Json(views::resource(resource)).into_response())
    })
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

async fn read_integration(
    State(state): State<AwsState>,
    Path((id, resource_id, verb)): Path<(String, String, String)>,
) -> Result<Response, Fault> {
    state.read(|s| {
        let method = method(api(&s.doc, &id)?, &resource_id, &verb)?;
        let integration = method
            .integration
            .as_ref()
            .ok_or_else(|| Fault::not_found("No integration defined for method"))?;
        Ok(axum::Json(views::integration(integration)).into_response())
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
        api.resources
            .get_mut(&resource_id)
            .expect("checked above")
            .methods
            .insert(verb.to_ascii_uppercase(), patched);
        Ok(axum::Json(view).into_response())
    })
}
