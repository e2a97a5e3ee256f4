//! What the sandbox's AWS subset stores, in AWS's own field names (camelCase for API
//! Gateway, `PascalCase` for Lambda and IAM), so the persisted file reads like the API.

// The fields are AWS's names (`authorizerResultTtlInSeconds` on an authorizer, `stageName` on
// a stage), so some repeat their struct's.
#![allow(clippy::struct_field_names)]

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Everything but the function zips (stored as files next to it).
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Document {
    /// By API id.
    pub rest_apis: BTreeMap<String, RestApi>,
    /// By function name.
    pub functions: BTreeMap<String, Function>,
    /// By role name.
    pub roles: BTreeMap<String, Role>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RestApi {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub created_date: i64,
    pub region: String,
    pub endpoint_type: String,
    /// By resource id.
    pub resources: BTreeMap<String, Resource>,
    /// By authorizer id.
    pub authorizers: BTreeMap<String, Authorizer>,
    /// By deployment id.
    pub deployments: BTreeMap<String, Deployment>,
    /// By stage name.
    pub stages: BTreeMap<String, Stage>,
    /// Customised gateway responses by response type (`UNAUTHORIZED`, `DEFAULT_4XX`, …); a
    /// type not here answers with its default.
    #[serde(default)]
    pub gateway_responses: BTreeMap<String, GatewayResponse>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Resource {
    pub id: String,
    pub parent_id: Option<String>,
    pub path_part: Option<String>,
    pub path: String,
    /// By HTTP method in upper case (`ANY` for `x-amazon-apigateway-any-method`).
    pub methods: BTreeMap<String, Method>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Method {
    pub http_method: String,
    pub authorization_type: String,
    pub authorizer_id: Option<String>,
    pub api_key_required: bool,
    /// `method.request.querystring.type` → required.
    pub request_parameters: BTreeMap<String, bool>,
    /// The method responses by status code (`PutMethodResponse`).
    #[serde(deserialize_with = "method_responses::read")]
    pub method_responses: BTreeMap<String, MethodResponse>,
    pub integration: Option<Integration>,
}

/// A status code a method declares, with the headers it may carry
/// (`method.response.header.Access-Control-Allow-Origin` → required).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MethodResponse {
    pub status_code: String,
    #[serde(default)]
    pub response_parameters: BTreeMap<String, bool>,
    #[serde(default)]
    pub response_models: BTreeMap<String, String>,
}

/// A customised gateway response (`PutGatewayResponse`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GatewayResponse {
    pub response_type: String,
    pub status_code: Option<String>,
    /// `gatewayresponse.header.Access-Control-Allow-Origin` → `'*'`.
    pub response_parameters: BTreeMap<String, String>,
    /// By content type.
    pub response_templates: BTreeMap<String, String>,
}

mod method_responses {
    //! Files written before `PutMethodResponse` existed hold the status codes as a list.
    use std::collections::BTreeMap;

    use serde::{Deserialize, Deserializer};

    use super::MethodResponse;

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Stored {
        Codes(Vec<String>),
        Full(BTreeMap<String, MethodResponse>),
    }

    pub fn read<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<BTreeMap<String, MethodResponse>, D::Error> {
        Ok(match Stored::deserialize(deserializer)? {
            Stored::Full(map) => map,
            Stored::Codes(codes) => codes
                .into_iter()
                .map(|code| {
                    let response = MethodResponse {
                        status_code: code.clone(),
                        ..MethodResponse::default()
                    };
                    (code, response)
                })
                .collect(),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Integration {
    /// `MOCK`, `HTTP`, `HTTP_PROXY`, `AWS`, `AWS_PROXY`.
    #[serde(rename = "type")]
    pub kind: String,
    pub http_method: Option<String>,
    pub uri: Option<String>,
    pub request_parameters: BTreeMap<String, String>,
    pub request_templates: BTreeMap<String, String>,
    pub passthrough_behavior: Option<String>,
    /// The role API Gateway assumes to call the backend (`AWS`/`AWS_PROXY`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_handling: Option<String>,
    /// 50 to 29,000 ms; `None` is API Gateway's default, 29 s.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_in_millis: Option<u32>,
    /// By status code.
    pub integration_responses: BTreeMap<String, IntegrationResponse>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IntegrationResponse {
    pub status_code: String,
    /// `None` for the default response.
    pub selection_pattern: Option<String>,
    pub response_parameters: BTreeMap<String, String>,
    pub response_templates: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Authorizer {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub authorizer_uri: Option<String>,
    pub authorizer_credentials: Option<String>,
    pub identity_source: Option<String>,
    pub identity_validation_expression: Option<String>,
    pub authorizer_result_ttl_in_seconds: i32,
}

/// A deployment keeps a copy of the resources and authorizers it was made from: a stage
/// serves that copy, not the API's live state.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Deployment {
    pub id: String,
    pub description: Option<String>,
    pub created_date: i64,
    pub resources: Vec<Resource>,
    pub authorizers: BTreeMap<String, Authorizer>,
    /// The customised gateway responses as they were when it was made.
    #[serde(default)]
    pub gateway_responses: BTreeMap<String, GatewayResponse>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Stage {
    pub stage_name: String,
    pub deployment_id: String,
    pub description: Option<String>,
    pub variables: BTreeMap<String, String>,
    pub created_date: i64,
    pub last_updated_date: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Function {
    pub function_name: String,
    pub function_arn: String,
    pub runtime: Option<String>,
    pub role: String,
    pub handler: String,
    pub description: String,
    pub timeout: u32,
    pub memory_size: u32,
    pub environment: BTreeMap<String, String>,
    pub code_sha256: String,
    pub code_size: u64,
    pub last_modified: String,
    /// Changes whenever code or configuration changes: a warm worker of another revision
    /// is replaced.
    pub revision_id: String,
    /// Resource policy statements added with `AddPermission`, by statement id.
    pub policy: BTreeMap<String, serde_json::Value>,
    /// `PutFunctionConcurrency`: at most this many environments; more calls are throttled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reserved_concurrency: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Role {
    pub role_name: String,
    pub role_id: String,
    pub arn: String,
    pub path: String,
    pub description: String,
    /// The trust policy as the client sent it (JSON text).
    pub assume_role_policy_document: String,
    pub create_date: String,
    /// Managed policy ARNs.
    pub attached_policies: Vec<String>,
    /// Inline policies by name (JSON text).
    pub inline_policies: BTreeMap<String, String>,
}
