//! What `authgate export` read back from the target: every object the wizard made, as it is
//! now, in the terms each format needs. Nothing secret: no client secret, no token, and of the
//! function's environment only the variables authgate sets.

use std::collections::BTreeMap;
use std::path::PathBuf;

use authgate_providers::auth0::ApiPermission;

/// The environment variables authgate puts on the function. Any other variable (a user's
/// own, which could be a secret) is named in the README but its value is not exported.
pub const EXPORTED_ENV: [&str; 5] = [
    "TOKEN_ISSUER",
    "JWKS_URI",
    "AUDIENCE",
    "POLICY_SCOPE",
    "REQUIRED_PERMISSIONS",
];

/// The three that follow the tenant: every format derives them from its Auth0 domain.
pub const TENANT_ENV: [&str; 3] = ["TOKEN_ISSUER", "JWKS_URI", "AUDIENCE"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// Where it was read: `sandbox` or `live`, the tenant's origin, AWS account and region.
    pub source: Source,
    pub auth0: Auth0Part,
    pub aws: AwsPart,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub sandbox: bool,
    /// `https://tenant.eu.auth0.com` or `http://127.0.0.1:PORT`.
    pub tenant: String,
    pub account: String,
    pub region: String,
}

impl Source {
    /// The tenant's host when it is a real one (a default for the templates' domain
    /// parameter); `None` for the sandbox, whose address means nothing on AWS.
    pub fn real_domain(&self) -> Option<&str> {
        (!self.sandbox)
            .then(|| self.tenant.strip_prefix("https://"))
            .flatten()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Auth0Part {
    pub api: Api,
    /// The test client first, then the writer client when there is one.
    pub clients: Vec<M2mClient>,
    pub roles: Vec<Role>,
    /// The Native application of the device login, when one was made.
    pub login_app: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Api {
    pub name: String,
    pub identifier: String,
    pub signing_alg: String,
    pub token_dialect: String,
    pub rbac: bool,
    pub scopes: Vec<ApiPermission>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct M2mClient {
    /// `test-client` or `writer-client`: authgate's tag in `client_metadata`, so authgate
    /// finds the rebuilt clients again.
    pub tag: &'static str,
    pub name: String,
    /// What its grant for the API allows.
    pub scopes: Vec<String>,
}

impl M2mClient {
    /// `test_client` / `writer_client`: a name for resources and variables.
    pub fn key(&self) -> String {
        self.tag.replace('-', "_")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    pub name: String,
    pub description: String,
    pub permissions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsPart {
    pub rest_api: RestApi,
    pub stage: Stage,
    pub role: IamRole,
    pub function: Function,
    pub authorizer: Authorizer,
    /// The methods the authorizer secures, as `(VERB, /path)`, sorted.
    pub secured: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestApi {
    pub name: String,
    pub description: String,
    /// The `OpenAPI` definition it was imported from (authgate's `PetStore`), as JSON text.
    pub definition: String,
    /// Methods the live API has that the definition lacks, or the other way round.
    pub differences: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    pub name: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IamRole {
    pub name: String,
    pub trust_policy: serde_json::Value,
    pub managed_policies: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Function {
    pub name: String,
    pub runtime: String,
    pub handler: String,
    pub timeout_secs: u32,
    pub memory_mb: u32,
    /// The variables of [`EXPORTED_ENV`] it has, without the [`TENANT_ENV`] ones.
    pub env: BTreeMap<String, String>,
    /// Other variables it has: named, never exported.
    pub left_out_env: Vec<String>,
    /// The code it runs now, downloaded with `GetFunction`.
    pub zip: Vec<u8>,
    /// Your own authorizer's source, when the state file names one.
    pub custom_source: Option<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorizer {
    pub name: String,
    pub identity_source: String,
    pub validation: String,
    pub ttl_secs: i32,
    /// It calls the function with the role's credentials (authgate's way).
    pub uses_role: bool,
}

impl Snapshot {
    /// The API permission `REQUIRED_PERMISSIONS` gives `verb path`, for comments.
    pub fn required_permission(&self, verb: &str, path: &str) -> Option<String> {
        let map = self.aws.function.env.get("REQUIRED_PERMISSIONS")?;
        let map: BTreeMap<String, String> = serde_json::from_str(map).ok()?;
        map.get(&format!("{verb} {path}")).cloned()
    }
}
