//! The sandbox data plane: invoke URLs that behave like API Gateway's
//! (`/restapis/{api}/{stage}/_user_request_/{path}`), in API Gateway's order.
//!
//! It reads deployed APIs and runs Lambda functions through [`ControlPlane`], which the
//! sandbox's AWS control plane implements; tests implement it with fakes.

mod authorizer;
pub(crate) mod authorizer_result;
mod cache;
mod context;
mod errors;
#[cfg(test)]
mod fixtures;
mod hooks;
pub(crate) mod integration;
mod model;
mod pipeline;
mod request;
pub(crate) mod responses;
mod routes;
pub(crate) mod template;

use std::sync::Arc;

use axum::Router;
use axum::routing::any;

pub use cache::AuthorizerCache;
pub use model::{
    ControlPlane, DeployedApi, DeployedAuthorizer, DeployedGatewayResponse, DeployedIntegration,
    DeployedMethod, DeployedResource, FunctionError, FunctionResult,
};

/// The data plane's shared state (cheap to clone).
#[derive(Clone)]
pub struct Gateway {
    control: Arc<dyn ControlPlane>,
    cache: AuthorizerCache,
    validators: Arc<authorizer::Validators>,
}

/// The invoke URLs (`/restapis/{api}/{stage}/_user_request_/{path}`, any method) and the
/// data plane's `/sandbox/…` hooks. `cache` is shared with the control plane, which flushes
/// it for `FlushStageAuthorizersCache` ([`AuthorizerCache::flush_stage`]); its clock is the
/// sandbox clock.
pub fn router(control: Arc<dyn ControlPlane>, cache: AuthorizerCache) -> Router {
    let gateway = Gateway {
        control,
        cache,
        validators: Arc::default(),
    };
    let root = "/restapis/{api}/{stage}/_user_request_";
    Router::new()
        .route(root, any(pipeline::handle))
        .route(&format!("{root}/"), any(pipeline::handle))
        .route(&format!("{root}/{{*path}}"), any(pipeline::handle))
        .merge(hooks::routes())
        .with_state(gateway)
}

#[cfg(test)]
mod tests;
