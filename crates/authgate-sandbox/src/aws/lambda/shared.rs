//! What the Lambda handlers share: its errors, the function a name or ARN names, the
//! configuration's shape and the request parts that carry code and environment.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use serde::Deserialize;
use serde_json::json;

use crate::aws::model::{Document, Function};
use crate::aws::wire::{ACCOUNT_ID, Fault};

/// Lambda's 404 for a function it does not have.
pub(crate) fn not_found(name: &str) -> Fault {
    Fault::new(
        StatusCode::NOT_FOUND,
        "ResourceNotFoundException",
        format!("Function not found: arn:aws:lambda:*:{ACCOUNT_ID}:function:{name}"),
    )
}

/// Lambda's 400 for a parameter it refuses.
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

/// The function a name or ARN names, or Lambda's 404.
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
