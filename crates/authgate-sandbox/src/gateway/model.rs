//! What the data plane needs from the control plane: a snapshot of a deployed stage, and a
//! way to run a Lambda function. The control plane builds a [`DeployedApi`] at
//! `CreateDeployment` time (API Gateway serves the deployment's snapshot, not the live
//! resources), so later edits to methods are invisible until the next deployment.

use std::collections::BTreeMap;
use std::sync::Arc;

use futures::future::BoxFuture;

/// One stage of one REST API, as of its current deployment.
#[derive(Debug, Clone, PartialEq)]
pub struct DeployedApi {
    pub api_id: String,
    pub stage: String,
    pub deployment_id: String,
    /// Region and account that appear in the methodArn
    /// (`arn:aws:execute-api:{region}:{account}:{api}/{stage}/{METHOD}/{path}`).
    pub region: String,
    pub account_id: String,
    /// Every resource, e.g. `/`, `/pets`, `/pets/{petId}`.
    pub resources: Vec<DeployedResource>,
    /// By authorizer id.
    pub authorizers: BTreeMap<String, DeployedAuthorizer>,
    /// Stage variables (`$stageVariables.x`, the proxy event's `stageVariables`).
    pub stage_variables: BTreeMap<String, String>,
    /// The customised gateway responses by response type, as of the deployment.
    pub gateway_responses: BTreeMap<String, DeployedGatewayResponse>,
}

/// A customised gateway response: what replaces API Gateway's default answer for one
/// response type (`UNAUTHORIZED`, `DEFAULT_4XX`, …).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeployedGatewayResponse {
    pub status_code: Option<u16>,
    /// `gatewayresponse.header.X` → `'static'`, `method.request.header.Y`, `context.z`, …
    pub response_parameters: BTreeMap<String, String>,
    /// By content type.
    pub response_templates: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DeployedResource {
    pub id: String,
    /// The resource path with `{param}` templates, as API Gateway stores it.
    pub path: String,
    /// By HTTP method in upper case (`GET`, `POST`, `OPTIONS`, or `ANY`).
    pub methods: BTreeMap<String, DeployedMethod>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DeployedMethod {
    /// `NONE`, `CUSTOM`, `AWS_IAM` or `COGNITO_USER_POOLS`.
    pub authorization_type: String,
    pub authorizer_id: Option<String>,
    pub api_key_required: bool,
    pub integration: Option<DeployedIntegration>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DeployedIntegration {
    /// `MOCK`, `HTTP`, `HTTP_PROXY`, `AWS` or `AWS_PROXY`.
    pub kind: String,
    /// The backend's method for `HTTP`/`HTTP_PROXY`.
    pub http_method: Option<String>,
    /// The backend URL for `HTTP`/`HTTP_PROXY`, with `{param}` placeholders.
    pub uri: Option<String>,
    /// `integration.request.path.x` → `method.request.path.x`, as imported.
    pub request_parameters: BTreeMap<String, String>,
    /// By content type; the `MOCK` integration's `{"statusCode": 200}` lives here.
    pub request_templates: BTreeMap<String, String>,
    /// By status code: the response templates (content type → template), for `MOCK`.
    pub responses: BTreeMap<String, BTreeMap<String, String>>,
    /// By status code: static headers the integration response maps onto the method response
    /// (`method.response.header.Access-Control-Allow-Origin` ← `'*'`), for `MOCK` and `HTTP`.
    pub response_headers: BTreeMap<String, BTreeMap<String, String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DeployedAuthorizer {
    pub id: String,
    pub name: String,
    /// `TOKEN` (the tutorial's) or `REQUEST`.
    pub kind: String,
    /// The Lambda function ARN, parsed out of the authorizer URI
    /// (`arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{arn}/invocations`).
    pub function_arn: String,
    /// E.g. `method.request.header.Authorization`.
    pub identity_source: String,
    pub validation_expression: Option<String>,
    /// 0 turns the policy cache off.
    pub ttl_secs: u32,
}

/// What a function invocation returned: its JSON result and what it printed.
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionResult {
    pub payload: serde_json::Value,
    /// Console output of this invocation (the function's log, as `CloudWatch` would hold it).
    pub log: String,
}

/// Why a function invocation gave no result.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FunctionError {
    /// The handler threw or rejected: `errorMessage` is `Unauthorized` for the tutorial's 401.
    #[error("the function failed: {error_message}")]
    Failed {
        error_type: String,
        error_message: String,
        /// The error as the runtime posted it (Lambda's `Invoke` returns it as is).
        payload: serde_json::Value,
        log: String,
    },
    /// The function's reserved concurrency is in use (Lambda's 429).
    #[error("the function {name} is throttled: its reserved concurrency is in use")]
    Throttled { name: String },
    #[error("no function {arn}")]
    NotFound { arn: String },
    #[error("the function timed out after {secs} s")]
    Timeout { secs: u32, log: String },
    /// The runtime could not run it at all (its interpreter missing, the code unreadable).
    #[error("the sandbox cannot run the function: {detail}")]
    Runtime { detail: String },
}

impl FunctionError {
    /// A function error the runtime did not post itself (tests, the sandbox's own).
    pub fn failed(error_type: &str, error_message: &str, log: String) -> Self {
        Self::Failed {
            payload: serde_json::json!({
                "errorType": error_type, "errorMessage": error_message, "trace": []
            }),
            error_type: error_type.to_owned(),
            error_message: error_message.to_owned(),
            log,
        }
    }
}

impl authgate_core::hint::Hint for FunctionError {
    fn fix(&self) -> String {
        match self {
            Self::Failed { error_type, .. } => {
                format!("read the function's log (r): it ended with {error_type}")
            }
            Self::NotFound { .. } => {
                "create the function first (create-function), or check its name or ARN".to_owned()
            }
            Self::Timeout { .. } => "make the function answer sooner, or raise its timeout \
                 (update-function-configuration --timeout)"
                .to_owned(),
            Self::Throttled { .. } => "wait for the running invocations to end, or raise the \
                 function's reserved concurrency (put-function-concurrency)"
                .to_owned(),
            Self::Runtime { .. } => "install what the message names (Node.js >= 20 for nodejs*, \
                 Python >= 3.10 for python*), and check that the sandbox directory is writable"
                .to_owned(),
        }
    }

    fn raw(&self) -> Option<String> {
        match self {
            Self::Failed { log, .. } | Self::Timeout { log, .. } if !log.is_empty() => {
                Some(log.clone())
            }
            _ => None,
        }
    }
}

/// The control plane as the data plane sees it. Implemented by the sandbox's AWS subset.
pub trait ControlPlane: Send + Sync + 'static {
    /// The stage's current deployment, or `None` when the API or stage does not exist.
    fn deployed(&self, api_id: &str, stage: &str) -> Option<Arc<DeployedApi>>;

    /// Runs the function with this event, as Lambda `Invoke` (`RequestResponse`) would.
    fn invoke<'a>(
        &'a self,
        function_arn: &'a str,
        event: serde_json::Value,
    ) -> BoxFuture<'a, Result<FunctionResult, FunctionError>>;

    /// Whether API Gateway may invoke the stage's authorizer `authorizer_id` (its role, read
    /// live, as IAM is); `Err` says why, and the caller gets a 500. Without a role: allowed.
    fn authorizer_access(
        &self,
        _api_id: &str,
        _stage: &str,
        _authorizer_id: &str,
    ) -> Result<(), String> {
        Ok(())
    }
}
