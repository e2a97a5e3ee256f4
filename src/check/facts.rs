//! What discovery found in the tenant and the account, and what the probes answered: plain
//! data, so each step's checks are pure functions of it (and unit-testable without a network).
//! Holds no secret: tokens and client secrets stay in discovery.

mod browser;

use std::collections::BTreeMap;

use serde_json::Value;

pub use browser::{
    Browser, BrowserFacts, CorsResource, OriginFrom, allows_authorization, allows_origin,
    probe_origin,
};

use super::model::TargetKind;
use authgate_providers::aws::http::Exchange;

/// The Auth0 side.
#[derive(Debug, Clone, Default)]
pub struct Auth0Facts {
    pub issuer: String,
    pub jwks_uri: String,
    /// The tenant's base URL (`https://TENANT`, or the sandbox's).
    pub base_url: String,
    /// Every API except the Management API.
    pub apis: Vec<Auth0Api>,
    /// The API the checks grade, and how it was chosen.
    pub api: Option<Auth0Api>,
    pub api_choice: ApiChoice,
    /// Applications with a grant for `api`.
    pub granted: Vec<GrantedClient>,
    /// The application whose token is the test token (or `None` with `--token`).
    pub reader: Option<String>,
    /// The application granted every required permission, whose token writes.
    pub writer: Option<String>,
    pub token: Option<TokenFacts>,
    /// The sandbox clock's skew, when the tenant is the sandbox.
    pub clock_skew_secs: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Auth0Api {
    pub id: String,
    pub name: String,
    pub identifier: String,
    pub signing_alg: String,
    pub permissions: Vec<String>,
}

/// How the graded Auth0 API was picked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ApiChoice {
    /// Its identifier is the function's `AUDIENCE`.
    ByAudience,
    /// The state file names it (a hint only).
    FromState,
    /// The tenant has only this one.
    Only,
    /// Its identifier is the closest to `AUDIENCE`, which names no API (a typo).
    Closest,
    #[default]
    None,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrantedClient {
    pub client_id: String,
    pub name: String,
    pub grant_id: String,
    pub scopes: Vec<String>,
    pub client_credentials: bool,
    /// authgate's test client (tagged by setup).
    pub tagged_test: bool,
}

/// The test token, decoded (never the token itself).
#[derive(Debug, Clone, Default)]
pub struct TokenFacts {
    /// Where it came from: `--token`, or the application's name.
    pub source: String,
    /// Why none could be had (Auth0's answer), when `issued` is false.
    pub error: Option<String>,
    pub issued: bool,
    pub header: Value,
    pub claims: Value,
    /// The verification as the authorizer does it: `None` = valid, else reason code and text.
    pub refusal: Option<(String, String)>,
    /// Auth0-specific observations (an ID token, a user token …).
    pub observations: Vec<String>,
}

/// The AWS side.
#[derive(Debug, Clone, Default)]
pub struct AwsFacts {
    /// The AWS endpoint runs code (sandbox or AWS itself); a stand-in such as moto does not.
    pub executes: bool,
    /// Said when `executes` is false: what the endpoint is.
    pub stand_in: Option<String>,
    pub region: String,
    pub account: String,
    pub rest_api: Option<RestApiFacts>,
    pub authorizer: Option<AuthorizerFacts>,
    pub authorizer_count: usize,
    pub function: Option<FunctionFacts>,
    /// Why the function could not be read.
    pub function_error: Option<String>,
    pub role: Option<RoleFacts>,
    pub role_error: Option<String>,
    /// The function's resource policy, read when the authorizer has no role.
    pub function_policy: Option<Value>,
    pub test_invoke: Option<TestInvoke>,
    pub calls: Calls,
    /// The stage's invoke URL.
    pub invoke_url: Option<String>,
    /// The page that calls the API, for step 4's CORS checks.
    pub browser: Browser,
}

#[derive(Debug, Clone, Default)]
pub struct RestApiFacts {
    pub id: String,
    pub name: String,
    /// By path, by verb.
    pub methods: BTreeMap<String, BTreeMap<String, MethodFacts>>,
    /// By path: the resource id.
    pub resource_ids: BTreeMap<String, String>,
    pub stage: Option<StageFacts>,
    /// Every stage name.
    pub stages: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodFacts {
    pub authorization_type: String,
    pub authorizer_id: Option<String>,
    pub api_key_required: bool,
}

/// By path, by verb: (authorization type, API key required).
pub type Served = BTreeMap<String, BTreeMap<String, (String, bool)>>;

#[derive(Debug, Clone, Default)]
pub struct StageFacts {
    pub name: String,
    pub deployment_id: String,
    /// What the deployment serves, by path, by verb: (authorization type, API key required);
    /// `None` when the endpoint does not say (moto).
    pub served: Option<Served>,
}

#[derive(Debug, Clone, Default)]
pub struct AuthorizerFacts {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub function_arn: Option<String>,
    pub credentials: Option<String>,
    pub identity_source: Option<String>,
    pub validation: Option<String>,
    pub ttl_secs: i32,
}

#[derive(Debug, Clone, Default)]
pub struct FunctionFacts {
    pub name: String,
    pub arn: String,
    pub role: String,
    pub env: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default)]
pub struct RoleFacts {
    pub name: String,
    pub arn: String,
    pub trust: Value,
    pub attached: Vec<String>,
    pub inline: Vec<(String, Value)>,
}

/// The authorizer's console Test with the token.
#[derive(Debug, Clone, Default)]
pub struct TestInvoke {
    pub status: i32,
    pub policy: Option<Value>,
    /// The reason code the bundled authorizer logged (`issuer_mismatch` …), if any.
    pub reason: Option<String>,
    /// The last lines of the log that say why (no token in them).
    pub log_tail: String,
}

/// The data-plane calls: each an answer or why there is none.
#[derive(Debug, Clone, Default)]
pub struct Calls {
    pub root: Option<Result<Exchange, String>>,
    pub pet: Option<Result<Exchange, String>>,
    pub no_token: Option<Result<Exchange, String>>,
    pub bad_token: Option<Result<Exchange, String>>,
    pub token: Option<Result<Exchange, String>>,
    pub post_read: Option<Result<Exchange, String>>,
    pub post_write: Option<Result<Exchange, String>>,
}

/// Everything, for the checks.
#[derive(Debug, Clone)]
pub struct Facts {
    pub target: TargetKind,
    pub auth0: Auth0Facts,
    /// `None` when AWS was not reachable and only step 1 was asked for.
    pub aws: AwsFacts,
    /// The route map the function's `REQUIRED_PERMISSIONS` gives, if set and valid.
    pub required_permissions: Option<authgate_core::policy::RoutePermissions>,
    /// The AWS CLI prefix for fixes (`aws --region …`, with `--endpoint-url` off AWS).
    pub aws_cli: String,
}

impl Facts {
    /// Every permission `REQUIRED_PERMISSIONS` names, sorted, without duplicates.
    pub fn required(&self) -> Vec<String> {
        let mut all: Vec<String> = self
            .required_permissions
            .iter()
            .flat_map(|r| r.rules().iter().map(|rule| rule.permission.clone()))
            .collect();
        all.sort();
        all.dedup();
        all
    }

    /// The function's environment variable, if the function was read.
    pub fn env(&self, name: &str) -> Option<&str> {
        self.aws
            .function
            .as_ref()?
            .env
            .get(name)
            .map(String::as_str)
    }
}
