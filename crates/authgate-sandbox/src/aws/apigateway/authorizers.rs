//! Authorizers: create, list, read, patch, delete (and the console's test, in
//! `test_invoke`).

use authgate_core::tutorial::AUTHORIZER_TTL_DEFAULT_SECS;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use super::lookup::{api, api_mut, authorizer as find, body};
use super::patch::PatchBody;
use super::{checks, patch, test_authorizer, views};
use crate::aws::model::Authorizer;
use crate::aws::state::AwsState;
use crate::aws::store::gateway_id;
use crate::aws::unknown::unknown;
use crate::aws::wire::Fault;

pub fn routes() -> Router<AwsState> {
    Router::new()
        .route(
            "/restapis/{api}/authorizers",
            get(list).post(create).fallback(unknown),
        )
        .route(
            "/restapis/{api}/authorizers/{authorizer}",
            get(read)
                .patch(update)
                .delete(delete)
                .post(test_authorizer::run)
                .fallback(unknown),
        )
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateAuthorizer {
    name: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    authorizer_uri: Option<String>,
    authorizer_credentials: Option<String>,
    identity_source: Option<String>,
    identity_validation_expression: Option<String>,
    authorizer_result_ttl_in_seconds: Option<i32>,
}

async fn create(
    State(state): State<AwsState>,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, Fault> {
    let request: CreateAuthorizer = body(&bytes)?;
    let authorizer = Authorizer {
        id: gateway_id()[..6].to_owned(),
        name: request.name.unwrap_or_default(),
        kind: request.kind.unwrap_or_default(),
        authorizer_uri: request.authorizer_uri,
        authorizer_credentials: request.authorizer_credentials,
        identity_source: request.identity_source,
        identity_validation_expression: request.identity_validation_expression,
        authorizer_result_ttl_in_seconds: request
            .authorizer_result_ttl_in_seconds
            .unwrap_or(AUTHORIZER_TTL_DEFAULT_SECS),
    };
    checks::authorizer(&authorizer)?;
    state.write(|s| {
        let api = api_mut(&mut s.doc, &id)?;
        let view = views::authorizer(&authorizer);
        api.authorizers.insert(authorizer.id.clone(), authorizer);
        Ok((StatusCode::CREATED, axum::Json(view)).into_response())
    })
}

async fn list(State(state): State<AwsState>, Path(id): Path<String>) -> Result<Response, Fault> {
    state.read(|s| {
        let items = api(&s.doc, &id)?
            .authorizers
            .values()
            .map(views::authorizer);
        Ok(axum::Json(views::items(items)).into_response())
    })
}

async fn read(
    State(state): State<AwsState>,
    Path((id, authorizer)): Path<(String, String)>,
) -> Result<Response, Fault> {
    state.read(|s| {
        let found = find(api(&s.doc, &id)?, &authorizer)?;
        Ok(axum::Json(views::authorizer(found)).into_response())
    })
}

async fn update(
    State(state): State<AwsState>,
    Path((id, authorizer)): Path<(String, String)>,
    bytes: Bytes,
) -> Result<Response, Fault> {
    let request: PatchBody = body(&bytes)?;
    state.write(|s| {
        let api = api_mut(&mut s.doc, &id)?;
        let patched = patch::authorizer(find(api, &authorizer)?, &request.ops)?;
        let view = views::authorizer(&patched);
        api.authorizers.insert(authorizer, patched);
        Ok(axum::Json(view).into_response())
    })
}

async fn delete(
    State(state): State<AwsState>,
    Path((id, authorizer)): Path<(String, String)>,
) -> Result<Response, Fault> {
    state.write(|s| {
        let api = api_mut(&mut s.doc, &id)?;
        find(api, &authorizer)?;
        let user = api.resources.values().find_map(|r| {
            r.methods
                .values()
                .find(|m| m.authorizer_id.as_deref() == Some(authorizer.as_str()))
                .map(|m| format!("{} {}", m.http_method, r.path))
        });
        if let Some(user) = user {
            return Err(Fault::conflict(format!(
                "Cannot delete authorizer {authorizer}: {user} uses it"
            )));
        }
        api.authorizers.remove(&authorizer);
        Ok(StatusCode::ACCEPTED.into_response())
    })
}
