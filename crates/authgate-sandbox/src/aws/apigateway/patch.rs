//! API Gateway's JSON patch operations (`UpdateMethod`, `UpdateAuthorizer`, `UpdateStage`)
//! for the paths authgate and the tutorial use. Each function returns a patched copy, so
//! a refused operation changes nothing.

use std::collections::BTreeMap;

use serde::Deserialize;

use authgate_core::tutorial::AUTHORIZER_TTL_MAX_SECS;

use crate::aws::model::{Authorizer, Deployment, GatewayResponse, Method, Stage};
use crate::aws::wire::Fault;

#[derive(Debug, Default, Deserialize)]
pub struct PatchBody {
    #[serde(rename = "patchOperations", default)]
    pub ops: Vec<PatchOp>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct PatchOp {
    pub op: String,
    pub path: String,
    #[serde(default)]
    pub value: Option<String>,
}

impl PatchOp {
    /// `{"op": "replace", "path": path, "value": value}`.
    pub fn replace(path: &str, value: &str) -> Self {
        Self {
            op: "replace".to_owned(),
            path: path.to_owned(),
            value: Some(value.to_owned()),
        }
    }

    fn value(&self) -> Result<&str, Fault> {
        match (self.op.as_str(), &self.value) {
            ("replace" | "add", Some(v)) => Ok(v),
            ("replace" | "add", None) => Err(Fault::bad_request(format!(
                "Invalid patch operation: {} {} needs a value",
                self.op, self.path
            ))),
            _ => Err(Fault::bad_request(format!(
                "Invalid patch operation: the sandbox supports `replace` on {}, not `{}`",
                self.path, self.op
            ))),
        }
    }
}

fn unsupported(op: &PatchOp, supported: &str) -> Fault {
    Fault::bad_request(format!(
        "Invalid patch path {}: the sandbox patches {supported}",
        op.path
    ))
}

fn boolean(op: &PatchOp) -> Result<bool, Fault> {
    match op.value()? {
        "true" => Ok(true),
        "false" => Ok(false),
        other => Err(Fault::bad_request(format!(
            "Invalid value '{other}' for {}: expected true or false",
            op.path
        ))),
    }
}

pub fn method(
    current: &Method,
    ops: &[PatchOp],
    authorizers: &BTreeMap<String, Authorizer>,
) -> Result<Method, Fault> {
    let mut method = current.clone();
    for op in ops {
        match op.path.as_str() {
            "/authorizationType" => {
                let kind = op.value()?;
                if !["NONE", "CUSTOM", "AWS_IAM", "COGNITO_USER_POOLS"].contains(&kind) {
                    return Err(Fault::bad_request(format!(
                        "Invalid authorization type '{kind}': NONE, CUSTOM, AWS_IAM or \
                         COGNITO_USER_POOLS"
                    )));
                }
                kind.clone_into(&mut method.authorization_type);
            }
            "/authorizerId" => {
                let id = op.value()?;
                if !authorizers.contains_key(id) {
                    return Err(Fault::bad_request(format!(
                        "Invalid authorizer ID specified: {id} is not an authorizer of this API"
                    )));
                }
                method.authorizer_id = Some(id.to_owned());
            }
            "/apiKeyRequired" => method.api_key_required = boolean(op)?,
            _ => {
                return Err(unsupported(
                    op,
                    "/authorizationType, /authorizerId and /apiKeyRequired",
                ));
            }
        }
    }
    match method.authorization_type.as_str() {
        "CUSTOM" | "COGNITO_USER_POOLS" if method.authorizer_id.is_none() => {
            Err(Fault::bad_request(
                "Invalid authorizer ID specified. Setting the authorization type to CUSTOM or \
                 COGNITO_USER_POOLS requires a valid authorizer.",
            ))
        }
        "CUSTOM" | "COGNITO_USER_POOLS" => Ok(method),
        _ => {
            method.authorizer_id = None;
            Ok(method)
        }
    }
}

pub fn authorizer(current: &Authorizer, ops: &[PatchOp]) -> Result<Authorizer, Fault> {
    let mut a = current.clone();
    for op in ops {
        let value = op.value()?.to_owned();
        match op.path.as_str() {
            "/name" => a.name = value,
            "/type" => a.kind = value,
            "/authorizerUri" => a.authorizer_uri = Some(value),
            "/authorizerCredentials" => a.authorizer_credentials = Some(value),
            "/identitySource" => a.identity_source = Some(value),
            "/identityValidationExpression" => a.identity_validation_expression = Some(value),
            "/authorizerResultTtlInSeconds" => {
                a.authorizer_result_ttl_in_seconds = value.parse().map_err(|_| {
                    Fault::bad_request(format!(
                        "Invalid TTL '{value}': expected 0 to {AUTHORIZER_TTL_MAX_SECS}"
                    ))
                })?;
            }
            _ => {
                return Err(unsupported(
                    op,
                    "/name, /type, /authorizerUri, /authorizerCredentials, /identitySource, \
                     /identityValidationExpression and /authorizerResultTtlInSeconds",
                ));
            }
        }
    }
    super::checks::authorizer(&a)?;
    Ok(a)
}

pub fn stage(
    current: &Stage,
    ops: &[PatchOp],
    deployments: &BTreeMap<String, Deployment>,
) -> Result<Stage, Fault> {
    let mut stage = current.clone();
    for op in ops {
        if let Some(name) = op.path.strip_prefix("/variables/") {
            if op.op == "remove" {
                stage.variables.remove(name);
            } else {
                stage
                    .variables
                    .insert(name.to_owned(), op.value()?.to_owned());
            }
            continue;
        }
        match op.path.as_str() {
            "/description" => stage.description = Some(op.value()?.to_owned()),
            "/deploymentId" => {
                let id = op.value()?;
                if !deployments.contains_key(id) {
                    return Err(Fault::bad_request(format!(
                        "Invalid deployment id specified: {id}"
                    )));
                }
                id.clone_into(&mut stage.deployment_id);
            }
            _ => {
                return Err(unsupported(
                    op,
                    "/description, /deploymentId and /variables/{name}",
                ));
            }
        }
    }
    Ok(stage)
}

/// `UpdateGatewayResponse`: `/statusCode`, `/responseParameters/{name}` and
/// `/responseTemplates/{content type}` (`/` written `~1`), added, replaced or removed.
pub fn gateway_response(
    current: &GatewayResponse,
    ops: &[PatchOp],
) -> Result<GatewayResponse, Fault> {
    let mut response = current.clone();
    for op in ops {
        let unescape = |key: &str| key.replace("~1", "/").replace("~0", "~");
        let (map, key) = if let Some(key) = op.path.strip_prefix("/responseParameters/") {
            (&mut response.response_parameters, unescape(key))
        } else if let Some(key) = op.path.strip_prefix("/responseTemplates/") {
            (&mut response.response_templates, unescape(key))
        } else if op.path == "/statusCode" {
            response.status_code = match op.op.as_str() {
                "remove" => None,
                _ => Some(op.value()?.to_owned()),
            };
            continue;
        } else {
            return Err(unsupported(
                op,
                "/statusCode, /responseParameters/{name} and /responseTemplates/{type}",
            ));
        };
        if op.op == "remove" {
            map.remove(&key);
        } else {
            map.insert(key, op.value()?.to_owned());
        }
    }
    Ok(response)
}

#[cfg(test)]
mod tests;
