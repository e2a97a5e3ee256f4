//! The sandbox data plane: invoke URLs that behave like API Gateway's
//! (`/restapis/{api}/{stage}/_user_request_/{path}`), in API Gateway's order.
//!
//! It reads deployed APIs and runs Lambda functions through [`ControlPlane`], which the
//! sandbox's AWS control plane implements; tests implement it with fakes.

pub mod integration;
pub mod model;

pub use model::{
    ControlPlane, DeployedApi, DeployedAuthorizer, DeployedIntegration, DeployedMethod,
    DeployedResource, FunctionError, FunctionResult,
};
