//! Changing a function: `UpdateFunctionCode`, `UpdateFunctionConfiguration` (each makes a
//! new revision, so the warm worker is replaced), and its resource policy
//! (`AddPermission`, `GetPolicy`).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::create::{check_role, check_runtime, decode_zip};
use super::shared::{Code, Environment, configuration, function, invalid, name_of};
use crate::aws::model::Function;
use crate::aws::state::AwsState;
use crate::aws::store::{Store, lambda_timestamp, uuid_like};
use crate::aws::wire::Fault;

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateConfiguration {
    runtime: Option<String>,
    role: Option<String>,
    handler: Option<String>,
    description: Option<String>,
    timeout: Option<u32>,
    memory_size: Option<u32>,
    environment: Option<Environment>,
}

pub(crate) fn parse<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, Fault> {
    serde_json::from_slice(bytes)
        .map_err(|e| invalid(format!("the request body is not what Lambda takes: {e}")))
}

pub async fn update_configuration(
    State(state): State<AwsState>,
    Path(name): Path<String>,
    bytes: Bytes,
) -> Result<Response, Fault> {
    let request: UpdateConfiguration = parse(&bytes)?;
    if request.runtime.is_some() {
        check_runtime(request.runtime.as_deref())?;
    }
    new_revision(&state, name_of(&name), |s, f| {
        if let Some(role) = request.role {
            check_role(&s.doc, &role)?;
            f.role = role;
        }
        if let Some(runtime) = request.runtime {
            f.runtime = Some(runtime);
        }
        if let Some(handler) = request.handler {
            f.handler = handler;
        }
        if let Some(description) = request.description {
            f.description = description;
        }
        if let Some(timeout) = request.timeout {
            f.timeout = timeout.clamp(1, 900);
        }
        if let Some(memory) = request.memory_size {
            f.memory_size = memory;
        }
        if let Some(env) = request.environment {
            f.environment = env.variables;
        }
        Ok(())
    })
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateCode {
    #[serde(flatten)]
    code: Code,
}

pub async fn update_code(
    State(state): State<AwsState>,
    Path(name): Path<String>,
    bytes: Bytes,
) -> Result<Response, Fault> {
    let request: UpdateCode = parse(&bytes)?;
    let (zip, sha) = decode_zip(request.code.zip_file.as_deref())?;
    let name = name_of(&name);
    new_revision(&state, name, |s, f| {
        s.write_zip(name, &zip).map_err(|e| Fault::storage(&e))?;
        f.code_sha256 = sha;
        f.code_size = zip.len() as u64;
        Ok(())
    })
}

/// Applies `change` to the stored function as a new revision (timestamp, revision id) and
/// answers with its configuration; the warm worker of the old revision is dropped.
fn new_revision(
    state: &AwsState,
    name: &str,
    change: impl FnOnce(&mut Store, &mut Function) -> Result<(), Fault>,
) -> Result<Response, Fault> {
    let view = state.write(|s| {
        let mut f = function(&s.doc, name)?.clone();
        change(s, &mut f)?;
        f.last_modified = lambda_timestamp();
        f.revision_id = uuid_like();
        let view = configuration(&f);
        s.doc.functions.insert(name.to_owned(), f);
        Ok(view)
    })?;
    state.runtime().forget(name);
    Ok(axum::Json(view).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AddPermission {
    statement_id: String,
    action: String,
    principal: String,
    source_arn: Option<String>,
}

pub async fn add_permission(
    State(state): State<AwsState>,
    Path(name): Path<String>,
    bytes: Bytes,
) -> Result<Response, Fault> {
    let request: AddPermission = parse(&bytes)?;
    let name = name_of(&name).to_owned();
    state.write(|s| {
        let mut f = function(&s.doc, &name)?.clone();
        if f.policy.contains_key(&request.statement_id) {
            return Err(Fault::new(
                StatusCode::CONFLICT,
                "ResourceConflictException",
                format!(
                    "The statement id ({}) provided already exists. Please provide a new \
                     statement id, or remove the existing statement.",
                    request.statement_id
                ),
            ));
        }
        let mut statement = json!({
            "Sid": request.statement_id,
            "Effect": "Allow",
            "Principal": { "Service": request.principal },
            "Action": request.action,
            "Resource": f.function_arn,
        });
        if let Some(source) = request.source_arn {
            statement["Condition"] = json!({ "ArnLike": { "AWS:SourceArn": source } });
        }
        f.policy
            .insert(request.statement_id.clone(), statement.clone());
        s.doc.functions.insert(name.clone(), f);
        Ok((
            StatusCode::CREATED,
            axum::Json(json!({ "Statement": statement.to_string() })),
        )
            .into_response())
    })
}

pub async fn get_policy(
    State(state): State<AwsState>,
    Path(name): Path<String>,
) -> Result<Response, Fault> {
    state.read(|s| {
        let f = function(&s.doc, &name)?;
        if f.policy.is_empty() {
            return Err(Fault::new(
                StatusCode::NOT_FOUND,
                "ResourceNotFoundException",
                "The resource you requested does not exist.",
            ));
        }
        let policy = json!({
            "Version": "2012-10-17",
            "Id": "default",
            "Statement": f.policy.values().collect::<Vec<_>>(),
        });
        Ok(
            axum::Json(json!({ "Policy": policy.to_string(), "RevisionId": f.revision_id }))
                .into_response(),
        )
    })
}
