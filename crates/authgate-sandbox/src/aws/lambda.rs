//! Lambda (REST-JSON, `/2015-03-31/functions…`): create, read, update and delete
//! functions; `Invoke` and the permissions live in the submodules. Functions are always
//! `Active` with `LastUpdateStatus: Successful`, so the SDK waiters return at once.

mod code_check;
mod concurrency;
mod config;
mod create;
mod invoke;

use std::collections::BTreeMap;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use serde::Deserialize;
use serde_json::json;

use super::model::{Document, Function};
use super::wire::{ACCOUNT_ID, Fault};
use super::{AwsState, unknown};
pub(crate) use invoke::run_function;

pub fn routes() -> Router<AwsState> {
    Router::new()
        .route(
            "/2015-03-31/functions",
            get(list).post(create::create).fallback(unknown),
        )
        .route("/2015-03-31/functions/", get(list).fallback(unknown))
        .route(
            "/2015-03-31/functions/{name}",
            get(read).delete(delete).fallback(unknown),
        )
        .route(
            "/2015-03-31/functions/{name}/configuration",
            get(read_configuration)
                .put(config::update_configuration)
                .fallback(unknown),
        )
        .route(
            "/2015-03-31/functions/{name}/code",
            put(config::update_code).fallback(unknown),
        )
        .route(
            "/2015-03-31/functions/{name}/invocations",
            post(invoke::invoke).fallback(unknown),
        )
        .route(
            "/2017-10-31/functions/{name}/concurrency",
            put(concurrency::put)
                .delete(concurrency::delete)
                .fallback(unknown),
        )
        .route(
            "/2019-09-30/functions/{name}/concurrency",
            get(concurrency::get).fallback(unknown),
        )
        .route(
            "/2015-03-31/functions/{name}/policy",
            get(config::get_policy)
                .post(config::add_permission)
                .fallback(unknown),
        )
}

pub(crate) fn not_found(name: &str) -> Fault {
    Fault::new(
        StatusCode::NOT_FOUND,
        "ResourceNotFoundException",
        format!("Function not found: arn:aws:lambda:*:{ACCOUNT_ID}:function:{name}"),
    )
}

pub(crate) fn invalid(message: impl Into<String>) -> Fault {
    Fault::new(
        StatusCode::BAD_REQUEST,
        "InvalidParameterValueException",
        message,
    )
}

/// A function name from a name, a partial ARN or a full ARN.
pub(crate) fn name_of(name_or_arn: &str) -> &str {
    name_or_arn
        .rsplit_once("function:")
        .map_or(name_or_arn, |(_, rest)| {
            rest.split(':').next().unwrap_or(rest)
        })
}

pub(crate) fn function<'a>(doc: &'a Document, name_or_arn: &str) -> Result<&'a Function, Fault> {
    let name = name_of(name_or_arn);
    doc.functions.get(name).ok_or_else(|| not_found(name))
}

/// `GetFunctionConfiguration`'s shape.
pub(crate) fn configuration(f: &Function) -> serde_json::Value {
    json!({
        "FunctionName": f.function_name,
        "FunctionArn": f.function_arn,
        "Runtime": f.runtime,
        "Role": f.role,
        "Handler": f.handler,
        "CodeSize": f.code_size,
        "Description": f.description,
        "Timeout": f.timeout,
        "MemorySize": f.memory_size,
        "LastModified": f.last_modified,
        "CodeSha256": f.code_sha256,
        "Version": "$LATEST",
        "Environment": { "Variables": f.environment },
        "TracingConfig": { "Mode": "PassThrough" },
        "RevisionId": f.revision_id,
        "State": "Active",
        "LastUpdateStatus": "Successful",
        "PackageType": "Zip",
        "Architectures": ["x86_64"],
        "EphemeralStorage": { "Size": 512 },
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct Code {
    pub zip_file: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct Environment {
    #[serde(default)]
    pub variables: BTreeMap<String, String>,
}

async fn list(State(state): State<AwsState>) -> Result<Response, Fault> {
    state.read(|s| {
        let functions: Vec<_> = s.doc.functions.values().map(configuration).collect();
        Ok(axum::Json(json!({ "Functions": functions })).into_response())
    })
}

/// `GetFunction`: the configuration, and where to download the code (AWS: a presigned S3
/// URL; the sandbox: its own [`code`] route).
async fn read(
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

async fn read_configuration(
    State(state): State<AwsState>,
    Path(name): Path<String>,
) -> Result<Response, Fault> {
    state.read(|s| Ok(axum::Json(configuration(function(&s.doc, &name)?)).into_response()))
}

async fn delete(
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
