//! Lambda (REST-JSON, `/2015-03-31/functions…`): create, read, update and delete
//! functions; `Invoke` and the permissions live in the submodules. Functions are always
//! `Active` with `LastUpdateStatus: Successful`, so the SDK waiters return at once.

mod config;
mod invoke;

use std::collections::BTreeMap;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::Deserialize;
use serde_json::json;

use super::model::{Document, Function};
use super::store::{lambda_timestamp, uuid_like};
use super::wire::{ACCOUNT_ID, Fault, region};
use super::{AwsState, unknown};
pub(crate) use invoke::run_function;

pub fn routes() -> Router<AwsState> {
    Router::new()
        .route(
            "/2015-03-31/functions",
            get(list).post(create).fallback(unknown),
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

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct CreateFunction {
    function_name: String,
    runtime: Option<String>,
    role: String,
    handler: Option<String>,
    code: Code,
    description: Option<String>,
    timeout: Option<u32>,
    memory_size: Option<u32>,
    environment: Option<Environment>,
}

/// The zip bytes and Lambda's `CodeSha256` (base64 of SHA-256), or Lambda's refusal.
pub(crate) fn decode_zip(zip_file: Option<&str>) -> Result<(Vec<u8>, String), Fault> {
    let zip = STANDARD
        .decode(zip_file.unwrap_or_default())
        .map_err(|_| invalid("ZipFile is not base64"))?;
    if zip::ZipArchive::new(std::io::Cursor::new(&zip)).is_err() {
        return Err(invalid(
            "Could not unzip uploaded file. Please check your file, then try to upload again.",
        ));
    }
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, &zip);
    Ok((zip, STANDARD.encode(digest.as_ref())))
}

pub(crate) fn check_runtime(runtime: Option<&str>) -> Result<(), Fault> {
    match runtime {
        Some(r) if r.starts_with("nodejs") => Ok(()),
        other => Err(invalid(format!(
            "runtime {other:?}: the sandbox runs Node.js functions only (nodejs20.x or later)"
        ))),
    }
}

/// Lambda refuses a role that does not exist or does not trust `lambda.amazonaws.com`.
pub(crate) fn check_role(doc: &Document, role_arn: &str) -> Result<(), Fault> {
    let name = role_arn.rsplit('/').next().unwrap_or_default();
    let trusted = doc.roles.get(name).is_some_and(|r| {
        r.arn == role_arn
            && r.assume_role_policy_document
                .contains("lambda.amazonaws.com")
    });
    if trusted {
        Ok(())
    } else {
        Err(invalid(
            "The role defined for the function cannot be assumed by Lambda.",
        ))
    }
}

async fn create(
    State(state): State<AwsState>,
    headers: HeaderMap,
    bytes: Bytes,
) -> Result<Response, Fault> {
    let request: CreateFunction = serde_json::from_slice(&bytes)
        .map_err(|e| invalid(format!("the request body is not what Lambda takes: {e}")))?;
    let name = request.function_name.clone();
    if name.is_empty()
        || name.len() > 64
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(invalid(format!("invalid function name {name:?}")));
    }
    check_runtime(request.runtime.as_deref())?;
    let (zip, sha) = decode_zip(request.code.zip_file.as_deref())?;
    let region = region(&headers);
    let function = Function {
        function_arn: format!("arn:aws:lambda:{region}:{ACCOUNT_ID}:function:{name}"),
        function_name: name.clone(),
        runtime: request.runtime,
        role: request.role,
        handler: request
            .handler
            .unwrap_or_else(|| "index.handler".to_owned()),
        description: request.description.unwrap_or_default(),
        timeout: request.timeout.unwrap_or(3).clamp(1, 900),
        memory_size: request.memory_size.unwrap_or(128),
        environment: request.environment.unwrap_or_default().variables,
        code_sha256: sha,
        code_size: zip.len() as u64,
        last_modified: lambda_timestamp(),
        revision_id: uuid_like(),
        policy: BTreeMap::new(),
    };
    state.write(|s| {
        if s.doc.functions.contains_key(&name) {
            return Err(Fault::new(
                StatusCode::CONFLICT,
                "ResourceConflictException",
                format!("Function already exist: {name}"),
            ));
        }
        check_role(&s.doc, &function.role)?;
        s.write_zip(&name, &zip).map_err(|e| Fault::storage(&e))?;
        let view = configuration(&function);
        s.doc.functions.insert(name, function);
        Ok((StatusCode::CREATED, axum::Json(view)).into_response())
    })
}

async fn list(State(state): State<AwsState>) -> Result<Response, Fault> {
    state.read(|s| {
        let functions: Vec<_> = s.doc.functions.values().map(configuration).collect();
        Ok(axum::Json(json!({ "Functions": functions })).into_response())
    })
}

async fn read(State(state): State<AwsState>, Path(name): Path<String>) -> Result<Response, Fault> {
    state.read(|s| {
        let f = function(&s.doc, &name)?;
        let location = s.zip_path(&f.function_name).display().to_string();
        Ok(axum::Json(json!({
            "Configuration": configuration(f),
            "Code": { "RepositoryType": "S3", "Location": location },
        }))
        .into_response())
    })
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
