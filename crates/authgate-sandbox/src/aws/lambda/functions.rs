//! Functions: list, read (`GetFunction`, `GetFunctionConfiguration`), download the code and
//! delete; creating and changing one live in `create` and `config`.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::shared::{configuration, function, name_of};
use crate::aws::state::AwsState;
use crate::aws::wire::Fault;

pub(super) async fn list(State(state): State<AwsState>) -> Result<Response, Fault> {
    state.read(|s| {
        let functions: Vec<_> = s.doc.functions.values().map(configuration).collect();
        Ok(axum::Json(json!({ "Functions": functions })).into_response())
    })
}

/// `GetFunction`: the configuration, and where to download the code (AWS: a presigned S3
/// URL; the sandbox: its own [`code`] route).
pub(super) async fn read(
    State(state): State<AwsState>,
    Path(name): Path<String>,
    headers: axum::http::HeaderMap,
) -> Result<Response, Fault> {
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1")
        .to_owned();
    state.read(|s| {
        let f = function(&s.doc, &name)?;
        let location = format!(
            "http://{host}/sandbox/functions/{}/code.zip",
            f.function_name
        );
        let mut view = json!({
            "Configuration": configuration(f),
            "Code": { "RepositoryType": "S3", "Location": location },
        });
        if let Some(n) = f.reserved_concurrency {
            view["Concurrency"] = json!({ "ReservedConcurrentExecutions": n });
        }
        Ok(axum::Json(view).into_response())
    })
}

/// The function's zip, as `GetFunction`'s `Code.Location` names it.
pub(crate) async fn code(
    State(state): State<AwsState>,
    Path(name): Path<String>,
) -> Result<Response, Fault> {
    let zip = state.read(|s| {
        let f = function(&s.doc, &name)?;
        s.read_zip(&f.function_name).map_err(|e| Fault::storage(&e))
    })?;
    Ok(([(axum::http::header::CONTENT_TYPE, "application/zip")], zip).into_response())
}

pub(super) async fn read_configuration(
    State(state): State<AwsState>,
    Path(name): Path<String>,
) -> Result<Response, Fault> {
    state.read(|s| Ok(axum::Json(configuration(function(&s.doc, &name)?)).into_response()))
}

pub(super) async fn delete(
    State(state): State<AwsState>,
    Path(name): Path<String>,
) -> Result<Response, Fault> {
    let name = name_of(&name).to_owned();
    state.write(|s| {
        function(&s.doc, &name)?;
        s.doc.functions.remove(&name);
        s.remove_zip(&name);
        Ok(StatusCode::NO_CONTENT.into_response())
    })?;
    state.runtime().forget(&name);
    Ok(StatusCode::NO_CONTENT.into_response())
}
