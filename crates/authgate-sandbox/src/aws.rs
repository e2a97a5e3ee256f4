//! The sandbox's AWS control plane: the subset of API Gateway (REST-JSON), Lambda
//! (REST-JSON) and IAM / STS (query protocol, XML) that authgate's AWS client (`authgate-providers`' `aws`) calls, so
//! that code runs unchanged with `endpoint_url` pointing here, and the AWS CLI works with
//! `--endpoint-url`. Functions run in warm `node` workers ([`runtime`]).
//!
//! Fixed account [`wire::ACCOUNT_ID`]; the region comes from each request's `SigV4` scope;
//! a `SigV4` header must be present (the sandbox's guard refuses unsigned calls) but its
//! signature is not checked: any credentials work. State lives in `aws.json` + `lambda/*.zip`
//! under the sandbox directory.

mod apigateway;
mod control_plane;
mod invoke_role;
mod lambda;
mod model;
pub(crate) mod query;
pub(crate) mod runtime;
mod state;
mod store;
mod unknown;
pub(crate) mod wire;

use axum::Router;

pub use state::AwsState;
use unknown::unknown;
pub use wire::{ACCOUNT_ID, DEFAULT_REGION};

/// Largest request body accepted.
const MAX_BODY: usize = 16 * 1024 * 1024;

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
