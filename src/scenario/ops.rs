//! The changes scenarios make and undo, each one call (or two) through the session's clients:
//! the AWS SDK and the Management API (the sandbox's teaching hooks: `ops/sandbox.rs`).

use std::collections::BTreeMap;

use reqwest::Method;

use crate::flow::ActionFailure;
use crate::flow::failure::OrFail as _;
use authgate_providers::auth0::Management;
use authgate_providers::aws::Aws;
use authgate_providers::aws::authorizer::replace;
use authgate_providers::aws::{AwsError, sdk};

mod sandbox;

/// What the changes go through.
pub struct Ops<'a> {
    pub aws: &'a Aws,
    pub management: &'a Management,
    /// The sandbox's base URL (its teaching hooks), when the target is the sandbox.
    pub sandbox: Option<&'a str>,
}

impl Ops<'_> {
    /// The function's variables (all of them: Lambda replaces the whole set), then waits
    /// until the update is done.
    pub async fn set_env(
        &self,
        function: &str,
        env: BTreeMap<String, String>,
    ) -> Result<(), ActionFailure> {
        authgate_providers::aws::lambda::set_environment(self.aws, function, &env)
            .await
            .or_fail("changing the function's variables")?;
        self.settle(function).await
    }

    /// Reads the function's variables as they are now, changes them with `edit`, sets them.
    pub async fn edit_env(
        &self,
        function: &str,
        edit: impl FnOnce(&mut BTreeMap<String, String>),
    ) -> Result<(), ActionFailure> {
        let out = self
            .aws
            .lambda
            .get_function_configuration()
            .function_name(function)
            .send()
            .await
            .map_err(|e| sdk("lambda:GetFunctionConfiguration", e))
            .or_fail("reading the function")?;
        let mut env: BTreeMap<String, String> = out
            .environment
            .and_then(|e| e.variables)
            .map(|v| v.into_iter().collect())
            .unwrap_or_default();
        edit(&mut env);
        self.set_env(function, env).await
    }

    /// A configuration change that only starts new execution environments.
    pub async fn refresh_function(&self, function: &str) -> Result<(), ActionFailure> {
        let stamp = jiff::Timestamp::now().to_string();
        self.aws
            .lambda
            .update_function_configuration()
            .function_name(function)
            .description(format!("authgate: fresh environments ({stamp})"))
            .send()
            .await
            .map_err(|e| sdk("lambda:UpdateFunctionConfiguration", e))
            .or_fail("refreshing the function")?;
        self.settle(function).await
    }

    async fn settle(&self, function: &str) -> Result<(), ActionFailure> {
        authgate_providers::aws::lambda::wait_settled(self.aws, function)
            .await
            .or_fail("waiting for the function's update to finish")
    }

    pub async fn patch_authorizer(
        &self,
        api_id: &str,
        authorizer_id: &str,
        path: &str,
        value: &str,
    ) -> Result<(), ActionFailure> {
        self.aws
            .apigateway
            .update_authorizer()
            .rest_api_id(api_id)
            .authorizer_id(authorizer_id)
            .patch_operations(replace(path, value))
            .send()
            .await
            .map_err(|e| sdk("apigateway:PATCH /restapis/{id}/authorizers/{id}", e))
            .or_fail("changing the authorizer")?;
        Ok(())
    }

    /// A method's authorization: `CUSTOM` with `authorizer`, or `NONE`.
    pub async fn set_method(
        &self,
        api_id: &str,
        resource_id: &str,
        verb: &str,
        authorizer: Option<&str>,
    ) -> Result<(), ActionFailure> {
        let mut call = self
            .aws
            .apigateway
            .update_method()
            .rest_api_id(api_id)
            .resource_id(resource_id)
            .http_method(verb);
        call = match authorizer {
            Some(id) => call
                .patch_operations(replace("/authorizationType", "CUSTOM"))
                .patch_operations(replace("/authorizerId", id)),
            None => call.patch_operations(replace("/authorizationType", "NONE")),
        };
        call.send()
            .await
            .map_err(|e| sdk("apigateway:PATCH .../methods/{verb}", e))
            .or_fail("changing the method")?;
        Ok(())
    }

    /// A gateway response's `Access-Control-Allow-Origin`: removed (`None`), or set to a
    /// mapping value (`'http://127.0.0.1:5180'`).
    pub async fn gateway_cors(
        &self,
        api_id: &str,
        response_type: &str,
        value: Option<&str>,
    ) -> Result<(), ActionFailure> {
        authgate_providers::aws::cors::set_allow_origin(self.aws, api_id, response_type, value)
            .await
            .or_fail("changing the gateway response")
    }

    pub async fn deploy(&self, api_id: &str, stage: &str) -> Result<(), ActionFailure> {
        let spec = authgate_providers::aws::apigateway::StageSpec {
            name: stage.to_owned(),
            stage_description: "authgate: the tutorial's test stage".to_owned(),
            deployment_description: "authgate scenario".to_owned(),
        };
        authgate_providers::aws::apigateway::deploy(self.aws, api_id, &spec)
            .await
            .or_fail("deploying the API")?;
        Ok(())
    }

    pub async fn role_policy(
        &self,
        role: &str,
        policy: &str,
        attach: bool,
    ) -> Result<(), ActionFailure> {
        let result: Result<(), AwsError> = if attach {
            self.aws
                .iam
                .attach_role_policy()
                .role_name(role)
                .policy_arn(policy)
                .send()
                .await
                .map(|_| ())
                .map_err(|e| sdk("iam:AttachRolePolicy", e))
        } else {
            self.aws
                .iam
                .detach_role_policy()
                .role_name(role)
                .policy_arn(policy)
                .send()
                .await
                .map(|_| ())
                .map_err(|e| sdk("iam:DetachRolePolicy", e))
        };
        result.or_fail("changing the role's policies")
    }

    pub async fn auth0_patch(
        &self,
        path: &str,
        scope: &str,
        body: serde_json::Value,
    ) -> Result<(), ActionFailure> {
        self.management
            .call(Method::PATCH, path, scope, Some(&body))
            .await
            .or_fail("changing the Auth0 tenant")?;
        Ok(())
    }
}
