//! The sandbox's AWS control plane: the subset of API Gateway (REST-JSON), Lambda
//! (REST-JSON) and IAM / STS (query protocol, XML) that authgate's `domain::aws` calls, so
//! that code runs unchanged with `endpoint_url` pointing here, and the AWS CLI works with
//! `--endpoint-url`. Functions run in warm `node` workers ([`runtime`]).
//!
//! Fixed account [`wire::ACCOUNT_ID`]; the region comes from each request's `SigV4` scope;
//! a `SigV4` header must be present (the sandbox's guard refuses unsigned calls) but its
//! signature is not checked: any credentials work. State lives in `aws.json` + `lambda/*.zip`
//! under the sandbox directory.

mod apigateway;
mod control_plane;
mod lambda;
pub mod model;
mod query;
pub mod runtime;
pub mod store;
pub mod wire;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex, RwLock};

use axum::Router;
use axum::http::Uri;
use axum::response::{IntoResponse, Response};

use crate::gateway::DeployedApi;
use crate::tenant::SandboxError;
use model::Document;
pub use query::refusal as query_error;
use runtime::Runtime;
use store::Store;
pub use wire::{ACCOUNT_ID, DEFAULT_REGION, Fault};

/// Largest request body accepted.
const MAX_BODY: usize = 16 * 1024 * 1024;

/// Shared state of the AWS subset (cheap to clone).
#[derive(Clone)]
pub struct AwsState(Arc<Inner>);

struct Inner {
    store: Mutex<Store>,
    runtime: Runtime,
    /// `DeployedApi` snapshots by (api, stage), dropped on every change.
    deployed: RwLock<HashMap<(String, String), Arc<DeployedApi>>>,
    /// `FlushStageAuthorizersCache` calls by (api, stage).
    flushes: Mutex<HashMap<(String, String), u64>>,
    /// The data plane's policy cache, flushed by `FlushStageAuthorizersCache`.
    gateway_cache: std::sync::OnceLock<crate::gateway::AuthorizerCache>,
}

impl AwsState {
    /// Loads (or starts empty) the state under `dir`.
    pub fn open(dir: &Path) -> Result<Self, SandboxError> {
        std::fs::create_dir_all(dir).map_err(|e| SandboxError::io(dir, e))?;
        // Workers run with their unpacked function as the working directory, so a relative
        // sandbox dir (`--dir .authgate/sandbox`) would no longer resolve from there.
        let dir = std::path::absolute(dir).map_err(|e| SandboxError::io(dir, e))?;
        Ok(Self::with_runtime(
            Store::load_or_create(&dir)?,
            Runtime::new(dir.join("lambda-run")),
        ))
    }

    pub fn with_runtime(store: Store, runtime: Runtime) -> Self {
        Self(Arc::new(Inner {
            store: Mutex::new(store),
            runtime,
            deployed: RwLock::new(HashMap::new()),
            flushes: Mutex::new(HashMap::new()),
            gateway_cache: std::sync::OnceLock::new(),
        }))
    }

    /// Connects the data plane's policy cache, so `FlushStageAuthorizersCache` empties it.
    pub fn attach_gateway_cache(&self, cache: crate::gateway::AuthorizerCache) {
        let _ = self.0.gateway_cache.set(cache);
    }

    pub(crate) fn runtime(&self) -> &Runtime {
        &self.0.runtime
    }

    /// Reads the state.
    pub(crate) fn read<T>(&self, f: impl FnOnce(&Store) -> Result<T, Fault>) -> Result<T, Fault> {
        f(&crate::sync::lock(&self.0.store))
    }

    /// Changes the state and saves it. `f` checks everything before it changes anything,
    /// so a refused request leaves the state as it was.
    pub(crate) fn write<T>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T, Fault>,
    ) -> Result<T, Fault> {
        let mut store = crate::sync::lock(&self.0.store);
        let value = f(&mut store)?;
        crate::sync::write(&self.0.deployed).clear();
        store.save().map_err(|e| Fault::storage(&e))?;
        Ok(value)
    }

    /// `FlushStageAuthorizersCache`: counted, and the stage's snapshot is rebuilt.
    pub(crate) fn flush_authorizer_cache(&self, api: &str, stage: &str) {
        let key = (api.to_owned(), stage.to_owned());
        *crate::sync::lock(&self.0.flushes)
            .entry(key.clone())
            .or_default() += 1;
        crate::sync::write(&self.0.deployed).remove(&key);
        if let Some(cache) = self.0.gateway_cache.get() {
            cache.flush_stage(api, stage);
        }
    }

    /// How often the stage's authorizer cache was flushed: the data plane drops the
    /// policies it cached for this stage when the number changes.
    pub fn authorizer_cache_epoch(&self, api: &str, stage: &str) -> u64 {
        let key = (api.to_owned(), stage.to_owned());
        crate::sync::lock(&self.0.flushes)
            .get(&key)
            .copied()
            .unwrap_or(0)
    }

    /// A copy of the whole document (tests, the control plane's snapshots).
    pub fn document(&self) -> Document {
        crate::sync::lock(&self.0.store).doc.clone()
    }
}

/// Every AWS route on `state`; merged with the tenant's into one server.
pub fn router(state: AwsState) -> Router {
    Router::new()
        .merge(apigateway::routes())
        .merge(lambda::routes())
        .merge(query::routes())
        .route(
            "/sandbox/functions/{name}/log",
            axum::routing::get(function_log),
        )
        .route(
            "/sandbox/functions/{name}/code.zip",
            axum::routing::get(lambda::code),
        )
        .fallback(unknown)
        // Function zips and Invoke payloads (Lambda's limit is 6 MB) exceed axum's 2 MB.
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY))
        .with_state(state)
}

/// `GET /sandbox/functions/{name}/log`: the function's recent invocation logs, oldest first
/// (what `CloudWatch` Logs would show), so a learner can see whether a request reached it.
async fn function_log(
    axum::extract::State(state): axum::extract::State<AwsState>,
    axum::extract::Path(name): axum::extract::Path<String>,
) -> axum::Json<serde_json::Value> {
    let invocations = state.runtime().recent_logs(&name);
    axum::Json(serde_json::json!({ "function": name, "invocations": invocations }))
}

/// What AWS calls the sandbox lacks answer with an AWS-shaped error naming them; a
/// request is AWS's when it is SigV4-signed or under an AWS path.
pub(crate) async fn unknown(
    method: axum::http::Method,
    uri: Uri,
    headers: axum::http::HeaderMap,
) -> Response {
    let path = uri.path();
    let service = wire::service(&headers).or_else(|| {
        if path.starts_with("/restapis") {
            Some("apigateway".to_owned())
        } else if path.starts_with("/2015-03-31") {
            Some("lambda".to_owned())
        } else {
            None
        }
    });
    let Some(service) = service else {
        return (
            axum::http::StatusCode::NOT_FOUND,
            format!(
                "authgate sandbox: nothing at {method} {path} (Auth0: /oauth/token, /api/v2/…, \
                 /.well-known/…; AWS: /restapis…, /2015-03-31/functions…, POST / for IAM/STS)"
            ),
        )
            .into_response();
    };
    Fault::unsupported(&format!("{service}: {method} {path}")).into_response()
}
