//! Authorizers: create, list, read, patch, delete (and the console's test, in
//! `test_invoke`).

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use super::super::model::Authorizer;
use super::super::store::gateway_id;
use super::super::{AwsState, unknown};
use super::patch::PatchBody;
use super::{api, api_mut, body, patch, test_authorizer, views};
use crate::aws::wire::Fault;

const MAX_TTL: i32 = 3600;

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

/// What API Gateway refuses in an authorizer.
pub fn validate(a: &Authorizer) -> Result<(), Fault> {
    if a.name.is_empty() {
        return Err(Fault::bad_request("Authorizer name is required"));
    }
    if !["TOKEN", "REQUEST", "COGNITO_USER_POOLS"].contains(&a.kind.as_str()) {
        return Err(Fault::bad_request(format!(
            "Invalid authorizer type '{}': TOKEN, REQUEST or COGNITO_USER_POOLS",
            a.kind
        )));
    }
    if a.kind != "COGNITO_USER_POOLS" && a.authorizer_uri.as_deref().unwrap_or("").is_empty() {
        return Err(Fault::bad_request(
            "Authorizer URI is required for TOKEN and REQUEST authorizers",
        ));
    }
    if a.kind == "TOKEN"
        && !a
            .identity_source
            .as_deref()
            .is_some_and(|s| s.starts_with("method.request.header."))
    {
        return Err(Fault::bad_request(
            "Invalid identity source: a TOKEN authorizer needs method.request.header.<name>",
        ));
    }
    if let Some(pattern) = &a.identity_validation_expression
        && regex::Regex::new(pattern).is_err()
    {
        return Err(Fault::bad_request(format!(
            "Invalid identity validation expression '{pattern}': not a regular expression"
        )));
    }
    if !(0..=MAX_TTL).contains(&a.authorizer_result_ttl_in_seconds) {
        return Err(Fault::bad_request(format!(
            "Invalid authorizer TTL {}: expected 0 to {MAX_TTL} seconds",
            a.authorizer_result_ttl_in_seconds
        )));
    }
    Ok(())
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
        authorizer_result_ttl_in_seconds: request.authorizer_result_ttl_in_seconds.unwrap_or(300),
    };
    validate(&authorizer)?;
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

pub(crate) fn find<'a>(
    api: &'a super::super::model::RestApi,
    id: &str,
) -> Result<&'a Authorizer, Fault> {
    api.authorizers
        .get(id)
        .ok_or_else(|| Fault::not_found(format!("Invalid Authorizer identifier specified {id}")))
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
