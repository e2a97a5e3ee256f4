//! `CreateFunction`, and the checks Lambda makes on a function's code, runtime and role.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::Deserialize;

use super::shared::{Code, Environment, configuration, invalid};
use crate::aws::model::{Document, Function};
use crate::aws::runtime::{Family, SUPPORTED};
use crate::aws::state::AwsState;
use crate::aws::store::{lambda_timestamp, uuid_like};
use crate::aws::wire::{ACCOUNT_ID, Fault, region};

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
    super::code_check::check_archive(&zip)?;
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, &zip);
    Ok((zip, STANDARD.encode(digest.as_ref())))
}

pub(crate) fn check_runtime(runtime: Option<&str>) -> Result<(), Fault> {
    let Some(runtime) = runtime else {
        return Err(invalid(
            "Runtime and Handler are mandatory parameters for functions created with \
             deployment packages.",
        ));
    };
    if Family::of(runtime).is_some() {
        return Ok(());
    }
    let retired = ["nodejs", "python3.", "python2", "provided"]
        .iter()
        .any(|family| runtime.starts_with(family));
    if retired {
        let newest = if runtime.starts_with("python") {
            "python3.13"
        } else if runtime.starts_with("provided") {
            "provided.al2023"
        } else {
            "nodejs22.x"
        };
        return Err(invalid(format!(
            "The runtime parameter of {runtime} is no longer supported for creating or updating \
             AWS Lambda functions. We recommend you use the new runtime ({newest}) while creating \
             or updating functions."
        )));
    }
    Err(invalid(format!(
        "runtime {runtime}: the authgate sandbox runs {} (real AWS may accept it; the sandbox \
         cannot run it here)",
        SUPPORTED.join(", ")
    )))
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

pub async fn create(
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
        return Err(invalid(format!(
            "invalid function name '{name}': 1 to 64 letters, digits, hyphens or underscores"
        )));
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
        reserved_concurrency: None,
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
