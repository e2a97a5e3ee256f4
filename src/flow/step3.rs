//! Step 3, the authorizer's AWS side: the IAM role, the Lambda function, the API Gateway
//! TOKEN authorizer.

use super::Session;
use super::failure::OrFail;
use super::outcome::{ActionFailure, ActionOutput};
use crate::authorizer_code::custom_authorizer::{AuthorizerCode, prepare};
use crate::state::{AuthorizerDetails, FunctionDetails, RoleDetails, VerifierSettings};
use authgate_providers::aws::authorizer::{AuthorizerSpec, VALIDATION, ensure_authorizer};
use authgate_providers::aws::iam::{LOGS_WHY, ensure_role};
use authgate_providers::aws::lambda::{FunctionSpec, authorizer_env, ensure_function};
use authgate_providers::aws::retry::Backoff;

impl Session {
    /// Issuer, audience and JWKS URI: recorded by step 1, or step 1's API ensured now.
    pub(super) async fn verifier_settings(&mut self) -> Result<VerifierSettings, ActionFailure> {
        if let Some(v) = self.store.snapshot().await.verifier {
            return Ok(v);
        }
        self.ensure_resource_server().await?;
        self.store.snapshot().await.verifier.ok_or_else(|| {
            ActionFailure::new(
                "the API's issuer and audience are unknown",
                "step 1 did not record them",
                "run step 1 again",
            )
        })
    }

    async fn role_arn(&mut self, refresh: bool) -> Result<String, ActionFailure> {
        if !refresh && let Some(role) = self.recorded().await.role {
            return Ok(role.details.arn);
        }
        let link = self.aws().await?;
        let name = self.inputs().await.role_name;
        let relay = self.relay.clone();
        let role = ensure_role(&link.aws, &name, &*relay)
            .await
            .or_fail("creating the IAM role")?;
        let details = RoleDetails {
            arn: role.arn.clone(),
        };
        self.remember(|r| &mut r.role, &role.name, role.created, details)
            .await?;
        Ok(role.arn)
    }

    pub(super) async fn ensure_iam_role(&mut self) -> Result<ActionOutput, ActionFailure> {
        let arn = self.role_arn(true).await?;
        let created = self.recorded().await.role.is_some_and(|r| r.created);
        Ok(ActionOutput::new(format!(
            "role {} ({})",
            arn.rsplit('/').next().unwrap_or_default(),
            if created {
                "created by authgate"
            } else {
                "found, reused"
            }
        ))
        .detail(format!("ARN: {arn}"))
        .detail("trusted by apigateway.amazonaws.com and lambda.amazonaws.com")
        .detail(LOGS_WHY))
    }

    /// The chosen authorizer code (the bundled one, or the user's directory or zip) zipped,
    /// with its runtime and handler; read off the async threads.
    pub(super) async fn authorizer_code(&self) -> Result<AuthorizerCode, ActionFailure> {
        let source = self.inputs().await.authorizer;
        let what = if source.is_some() {
            "preparing your authorizer code"
        } else {
            "building the authorizer zip"
        };
        tokio::task::spawn_blocking(move || prepare(source.as_ref()))
            .await
            .map_err(|e| {
                ActionFailure::new(format!("{what} failed"), e.to_string(), "run it again")
            })?
            .or_fail(what)
    }

    pub(super) async fn function_arn(&mut self, refresh: bool) -> Result<String, ActionFailure> {
        if !refresh && let Some(function) = self.recorded().await.function {
            return Ok(function.details.arn);
        }
        let code = self.authorizer_code().await?;
        self.deploy_function(&code).await
    }

    async fn deploy_function(&mut self, code: &AuthorizerCode) -> Result<String, ActionFailure> {
        let verifier = self.verifier_settings().await?;
        let role_arn = self.role_arn(false).await?;
        let inputs = self.inputs().await;
        let sha = code.code_sha256();
        let env = authorizer_env(
            &verifier.issuer,
            &verifier.jwks_uri,
            &verifier.audience,
            Some(inputs.policy_scope.as_str()),
        );
        let env = self.with_required_permissions(env).await?;
        let map = env
            .get(authgate_core::policy::RoutePermissions::ENV)
            .cloned();
        let spec = FunctionSpec {
            name: &inputs.function_name,
            runtime: &code.runtime,
            handler: &code.handler,
            role_arn: &role_arn,
            zip: &code.zip,
            zip_sha256_b64: &sha,
            env,
        };
        let link = self.aws().await?;
        self.report(format!(
            "deploying {} ({} bytes, {} on {}, from {})",
            spec.name,
            code.zip.len(),
            code.handler,
            code.runtime,
            code.origin()
        ));
        for note in &code.notes {
            self.report(note.clone());
        }
        let relay = self.relay.clone();
        let function = ensure_function(&link.aws, &spec, Backoff::IAM_PROPAGATION, &*relay)
            .await
            .or_fail("deploying the Lambda function")?;
        let details = FunctionDetails {
            arn: function.arn.clone(),
            code_sha256: function.code_sha256.clone(),
        };
        self.remember(
            |r| &mut r.function,
            &function.name,
            function.created,
            details,
        )
        .await?;
        if let Some(map) = map {
            self.remember_required_permissions(map).await?;
        }
        Ok(function.arn)
    }

    pub(super) async fn deploy_lambda(&mut self) -> Result<ActionOutput, ActionFailure> {
        let code = self.authorizer_code().await?;
        let arn = self.deploy_function(&code).await?;
        let verifier = self.verifier_settings().await?;
        let record = self.recorded().await.function;
        let created = record.as_ref().is_some_and(|r| r.created);
        let sha = record.map(|r| r.details.code_sha256).unwrap_or_default();
        let mut out = ActionOutput::new(format!(
            "function Active ({})",
            if created {
                "created by authgate"
            } else {
                "found, brought up to date"
            }
        ))
        .detail(format!("ARN: {arn}"))
        .detail(format!(
            "code: {}; handler {} on {}, timeout 30 s, code {sha}",
            code.origin(),
            code.handler,
            code.runtime
        ));
        for note in &code.notes {
            out = out.detail(note.clone());
        }
        out = out
            .detail(format!("TOKEN_ISSUER = {}", verifier.issuer))
            .detail(format!("JWKS_URI     = {}", verifier.jwks_uri))
            .detail(format!("AUDIENCE     = {}", verifier.audience));
        self.required_permissions_output(out, code.custom.is_some())
            .await
    }

    /// The authorizer's id and whether this call created or changed it.
    pub(super) async fn authorizer_id(
        &mut self,
        refresh: bool,
    ) -> Result<(String, bool), ActionFailure> {
        if !refresh && let Some(r) = self.recorded().await.authorizer {
            return Ok((r.id, false));
        }
        let api = self.rest_api(false).await?;
        let function_arn = self.function_arn(false).await?;
        let role_arn = self.role_arn(false).await?;
        let inputs = self.inputs().await;
        let spec = AuthorizerSpec {
            api_id: &api,
            name: &inputs.authorizer_name,
            function_arn: &function_arn,
            role_arn: &role_arn,
            ttl_secs: inputs.ttl_secs,
        };
        let link = self.aws().await?;
        let relay = self.relay.clone();
        let authorizer = ensure_authorizer(&link.aws, &spec, &*relay)
            .await
            .or_fail("creating the API Gateway authorizer")?;
        let details = AuthorizerDetails {
            api_id: api.clone(),
            name: authorizer.name.clone(),
            ttl_secs: authorizer.ttl_secs,
        };
        let created = authorizer.created;
        self.remember(|r| &mut r.authorizer, &authorizer.id, created, details)
            .await?;
        if let Some(warning) = &authorizer.warning {
            self.report(warning.clone());
        }
        Ok((authorizer.id.clone(), authorizer.changed()))
    }

    pub(super) async fn ensure_gateway_authorizer(
        &mut self,
    ) -> Result<ActionOutput, ActionFailure> {
        let (id, changed) = self.authorizer_id(true).await?;
        if changed {
            // Step 4 flushes the stage's policy cache when the authorizer changed.
            self.authorizer_changed = true;
        }
        let inputs = self.inputs().await;
        let created = self.recorded().await.authorizer.is_some_and(|r| r.created);
        let mut out = ActionOutput::new(format!(
            "authorizer {} {} ({id})",
            inputs.authorizer_name,
            if created {
                "created by authgate"
            } else {
                "found, reused"
            }
        ))
        .detail("type TOKEN, token source: the Authorization header")
        .detail(format!("validation: {VALIDATION}"))
        .detail(format!(
            "result TTL {} s, policy scope {}",
            inputs.ttl_secs,
            inputs.policy_scope.as_str()
        ));
        if let Some(w) = authgate_providers::aws::authorizer::ttl_warning(inputs.ttl_secs) {
            out = out.detail(format!("⚠ {w}"));
        }
        Ok(out)
    }
}
