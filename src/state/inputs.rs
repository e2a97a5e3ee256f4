//! What the user chooses before running the steps, with the tutorial's defaults: the data,
//! remembered in the state file (none of it is secret). The settings form's logic (which
//! fields a step shows, reading and setting one from text) is `flow::inputs`.

use serde::{Deserialize, Serialize};

use crate::authorizer_code::custom_authorizer::AuthorizerSource;
use authgate_core::policy::PolicyScope;
use authgate_core::tutorial::AUTHORIZER_TTL_DEFAULT_SECS;
use authgate_providers::auth0::{ApiPermission, TokenDialect};
use authgate_providers::aws::authorizer::DEFAULT_AUTHORIZER_NAME;
use authgate_providers::aws::iam::DEFAULT_ROLE_NAME;
use authgate_providers::aws::lambda::DEFAULT_FUNCTION_NAME;
use authgate_providers::aws::secure::SecureScope;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Inputs {
    pub api_name: String,
    pub api_identifier: String,
    pub token_dialect: TokenDialect,
    /// Role-based access control on the API (Auth0's `enforce_policies`).
    pub rbac: bool,
    /// The permissions (Auth0: scopes) the API defines.
    pub api_permissions: Vec<ApiPermission>,
    /// What the test client's grant allows; each one the API defines.
    pub test_client_permissions: Vec<String>,
    pub test_client_name: String,
    /// The second M2M client, granted every permission of the API.
    pub writer_client_name: String,
    pub stage_name: String,
    pub stage_description: String,
    pub deployment_description: String,
    pub role_name: String,
    pub function_name: String,
    pub authorizer_name: String,
    pub ttl_secs: i32,
    pub policy_scope: PolicyScope,
    pub secure_scope: SecureScope,
    /// The origin of the page that calls the API (`http://127.0.0.1:5180`, `*`), for step 4's
    /// CORS actions; empty: no browser, no CORS.
    pub browser_origin: String,
    /// The permission the secured reading methods (GET, HEAD) require in
    /// `REQUIRED_PERMISSIONS`; every other secured method requires `write_permission`.
    pub read_permission: String,
    pub write_permission: String,
    /// Your own authorizer code instead of the bundled one (no secrets: a path and names).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authorizer: Option<AuthorizerSource>,
}

impl Default for Inputs {
    fn default() -> Self {
        let spec = authgate_providers::auth0::ProvisionSpec::default();
        let stage = authgate_providers::aws::apigateway::StageSpec::default();
        Self {
            api_name: spec.api.name,
            api_identifier: spec.api.identifier,
            token_dialect: spec.api.dialect,
            rbac: spec.api.rbac,
            api_permissions: spec.api.permissions,
            test_client_permissions: spec.test_client_permissions,
            test_client_name: spec.test_client_name,
            writer_client_name: spec.writer_client_name,
            stage_name: stage.name,
            stage_description: stage.stage_description,
            deployment_description: stage.deployment_description,
            role_name: DEFAULT_ROLE_NAME.to_owned(),
            function_name: DEFAULT_FUNCTION_NAME.to_owned(),
            authorizer_name: DEFAULT_AUTHORIZER_NAME.to_owned(),
            ttl_secs: AUTHORIZER_TTL_DEFAULT_SECS,
            policy_scope: PolicyScope::Stage,
            secure_scope: SecureScope::Pets,
            browser_origin: authgate_providers::aws::cors::default_origin(),
            read_permission: DEFAULT_READ_PERMISSION.to_owned(),
            write_permission: DEFAULT_WRITE_PERMISSION.to_owned(),
            authorizer: None,
        }
    }
}

/// The permissions step 1 gives the API, as `REQUIRED_PERMISSIONS` maps them by default.
pub const DEFAULT_READ_PERMISSION: &str = "read:pets";
pub const DEFAULT_WRITE_PERMISSION: &str = "write:pets";
