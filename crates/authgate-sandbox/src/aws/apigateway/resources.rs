//! Resources: list, read, `CreateResource` (a child path part, `{param}` or greedy
//! `{param+}`, with API Gateway's sibling rules) and `DeleteResource` (with its subtree).

use std::collections::BTreeMap;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use super::lookup::{api, api_mut, body, resource};
use super::views;
use crate::aws::model::Resource;
use crate::aws::state::AwsState;
use crate::aws::store::gateway_id;
use crate::aws::unknown::unknown;
use crate::aws::wire::Fault;

pub fn routes() -> Router<AwsState> {
    Router::new()
        .route("/restapis/{api}/resources", get(list).fallback(unknown))
        .route(
            "/restapis/{api}/resources/{resource}",
            get(read).post(create).delete(delete).fallback(unknown),
        )
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct CreateResource {
    path_part: Option<String>,
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

/// A path part API Gateway takes: `a-zA-Z0-9._-`, or one `{name}` / `{name+}`.
fn valid_part(part: &str) -> bool {
    let plain = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
    };
    match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
        Some(name) => plain(name.strip_suffix('+').unwrap_or(name)),
        None => plain(part),
    }
}

fn check_new_child(
    resources: &BTreeMap<String, Resource>,
    parent: &Resource,
    part: &str,
) -> Result<(), Fault> {
    if !valid_part(part) {
        return Err(Fault::bad_request(
            "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and \
             the end and an optional plus sign before the closing brace.",
        ));
    }
    if parent
        .path_part
        .as_deref()
        .is_some_and(|p| p.ends_with("+}"))
    {
        return Err(Fault::bad_request(format!(
            "Cannot create a child of a resource with a greedy path variable: {}",
            parent.path
        )));
    }
    let siblings = resources
        .values()
        .filter(|r| r.parent_id.as_deref() == Some(parent.id.as_str()));
    for sibling in siblings {
        let name = sibling.path_part.as_deref().unwrap_or_default();
        if name == part {
            return Err(Fault::conflict(format!(
                "Another resource with the same parent already has this name: {part}"
            )));
        }
        if name.starts_with('{') && part.starts_with('{') {
            return Err(Fault::bad_request(format!(
                "A sibling ({name}) of this resource already has a variable path part -- only \
                 one is allowed"
            )));
        }
    }
    Ok(())
}

async fn create(
    State(state): State<AwsState>,
    Path((id, parent_id)): Path<(String, String)>,
    bytes: Bytes,
) -> Result<Response, Fault> {
    let request: CreateResource = body(&bytes)?;
    let part = request
        .path_part
        .filter(|p| !p.is_empty())
        .ok_or_else(|| Fault::bad_request("Resource path part is required"))?;
    state.write(|s| {
        let api = api_mut(&mut s.doc, &id)?;
        let parent = resource(api, &parent_id)?;
        check_new_child(&api.resources, parent, &part)?;
        let path = if parent.path == "/" {
            format!("/{part}")
        } else {
            format!("{}/{part}", parent.path)
        };
        let created = Resource {
            id: gateway_id(),
            parent_id: Some(parent.id.clone()),
            path_part: Some(part),
            path,
            methods: BTreeMap::new(),
        };
        let view = views::resource(&created);
        api.resources.insert(created.id.clone(), created);
        Ok((StatusCode::CREATED, axum::Json(view)).into_response())
    })
}

async fn delete(
    State(state): State<AwsState>,
    Path((id, resource_id)): Path<(String, String)>,
) -> Result<Response, Fault> {
    state.write(|s| {
        let api = api_mut(&mut s.doc, &id)?;
        let target = resource(api, &resource_id)?;
        if target.parent_id.is_none() {
            return Err(Fault::bad_request("Cannot delete the root resource"));
        }
        let prefix = format!("{}/", target.path);
        api.resources
            .retain(|rid, r| *rid != resource_id && !r.path.starts_with(&prefix));
        Ok(StatusCode::ACCEPTED.into_response())
    })
}

#[cfg(test)]
mod tests {
    use super::valid_part;

    #[test]
    fn path_parts_follow_api_gateway() {
        for ok in ["pets", "{petId}", "{proxy+}", "v1.2", "a_b-c"] {
            assert!(valid_part(ok), "{ok}");
        }
        for bad in ["", "a/b", "{}", "{a", "a b", "{a+b}"] {
            assert!(!valid_part(bad), "{bad}");
        }
    }
}
