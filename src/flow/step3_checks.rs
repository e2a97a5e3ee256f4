//! Step 3's three tests of the authorizer: run locally with node, invoke the deployed
//! function, and API Gateway's own authorizer test. Each uses the test token from memory.

use super::Session;
use super::failure::OrFail;
use super::outcome::{ActionFailure, ActionOutput, Panel, TestResult, pretty};
use crate::authorizer_code::local_runner::{find_node, invoke as run_locally};
use authgate_core::policy::RoutePermissions;
use authgate_providers::aws::authorizer::test_authorizer;
use authgate_providers::aws::lambda::invoke::{invoke, method_arn, token_event};

/// Used before any API exists: a well-formed ARN that names no real API.
const PLACEHOLDER_ARN: &str =
    "arn:aws:execute-api:us-east-1:000000000000:placeholder/test/GET/pets";

impl Session {
    /// `GET /pets` on the recorded API and stage (a placeholder before step 2).
    pub(super) async fn test_method_arn(&self) -> String {
        let stage = self.inputs().await.stage_name;
        match self.recorded().await.rest_api {
            Some(api) => method_arn(
                &api.details.region,
                &api.details.account,
                &api.id,
                &stage,
                "GET",
                "/pets",
            ),
            None => PLACEHOLDER_ARN.to_owned(),
        }
    }

    pub(super) async fn run_authorizer_locally(&mut self) -> Result<ActionOutput, ActionFailure> {
        let verifier = self.verifier_settings().await?;
        let token = self.test_token().await?;
        let arn = self.test_method_arn().await;
        let scope = self.inputs().await.policy_scope;
        if self.inputs().await.authorizer.is_some() {
            let code = self.authorizer_code().await?;
            return self
                .run_custom_locally(&code, &verifier, &token, &arn)
                .await;
        }
        let node = find_node().await.or_fail("finding node")?;
        self.report(format!(
            "running the bundled handler with node {}",
            node.version
        ));
        let event = token_event(&format!("Bearer {}", token.expose()), &arn);
        let mut env: Vec<(String, String)> = [
            ("TOKEN_ISSUER", verifier.issuer.as_str()),
            ("JWKS_URI", verifier.jwks_uri.as_str()),
            ("AUDIENCE", verifier.audience.as_str()),
            ("POLICY_SCOPE", scope.as_str()),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .into();
        if let Some(map) = self.required_permissions_if_known().await? {
            env.push((RoutePermissions::ENV.to_owned(), map.to_env_json()));
        }
        let outcome = run_locally(&node, &event, &env)
            .await
            .or_fail("running the authorizer locally")?;
        let inspection = self.inspection(&token, Some(&arn)).await?;
        let log = outcome.logs.join("\n");
        if outcome.outcome != "allow" {
            return Err(ActionFailure::new(
                format!("the authorizer answered {}", outcome.outcome),
                outcome.error.unwrap_or_else(|| "see its log".into()),
                "open the token panel of step 1 to see which check fails; rerun step 1 if the token expired",
            )
            .with_raw(log));
        }
        let body = outcome
            .response_text
            .as_deref()
            .map(pretty)
            .unwrap_or_default();
        let principal = outcome
            .response
            .as_ref()
            .and_then(|r| r["principalId"].as_str())
            .map(str::to_owned);
        Ok(ActionOutput::new(format!(
            "Allow, for {}",
            authgate_core::policy::first_resource(
                outcome
                    .response
                    .as_ref()
                    .unwrap_or(&serde_json::Value::Null)
            )
        ))
        .detail(format!("methodArn: {arn}"))
        .detail(format!(
            "TOKEN_ISSUER={} (trailing slash matters)",
            verifier.issuer
        ))
        .panel(Panel::TestResult(TestResult {
            title: format!("node {} · index.handler", node.version),
            status: "allow".into(),
            principal,
            body,
            log,
            latency_ms: None,
        }))
        .panel(Panel::Token(Box::new(inspection))))
    }

    pub(super) async fn test_invoke_lambda(&mut self) -> Result<ActionOutput, ActionFailure> {
        self.function_arn(false).await?;
        let token = self.test_token().await?;
        let arn = self.test_method_arn().await;
        let name = self.inputs().await.function_name;
        let link = self.aws().await?;
        let event = token_event(&format!("Bearer {}", token.expose()), &arn);
        let result = invoke(&link.aws, &name, &event)
            .await
            .or_fail("invoking the function")?;
        let log = result.log_tail.clone().unwrap_or_default();
        if let Some(error) = &result.function_error {
            let (cause, fix) =
                authgate_providers::aws::lambda::function_error::advice(&result.payload);
            return Err(
                ActionFailure::new(format!("the function failed ({error})"), cause, fix)
                    .with_raw(format!("{}\n\n{log}", pretty(&result.payload))),
            );
        }
        let payload: serde_json::Value = serde_json::from_str(&result.payload).unwrap_or_default();
        Ok(ActionOutput::new(format!(
            "status {}: Allow for {}",
            result.status_code,
            authgate_core::policy::first_resource(&payload)
        ))
        .panel(Panel::TestResult(TestResult {
            title: format!("lambda invoke {name}"),
            status: result.status_code.to_string(),
            principal: payload["principalId"].as_str().map(str::to_owned),
            body: pretty(&result.payload),
            log,
            latency_ms: None,
        })))
    }

    pub(super) async fn test_gateway_authorizer(&mut self) -> Result<ActionOutput, ActionFailure> {
        let (id, _) = self.authorizer_id(false).await?;
        let api = self.rest_api(false).await?;
        let token = self.test_token().await?;
        let link = self.aws().await?;
        let test = test_authorizer(&link.aws, &api, &id, &format!("Bearer {}", token.expose()))
            .await
            .or_fail("testing the authorizer")?;
        let result = TestResult {
            title: format!("authorizer {id} test"),
            status: test.client_status.to_string(),
            principal: test.principal_id.clone(),
            body: test.policy.as_deref().map(pretty).unwrap_or_default(),
            log: test.log.clone(),
            latency_ms: Some(test.latency_ms),
        };
        if test.client_status != 200 {
            return Err(ActionFailure::new(
                format!("API Gateway's test answered {}", test.client_status),
                "the authorizer refused the test token (401) or failed (500)",
                "check the function's environment (rerun Deploy the Lambda function) and its log",
            )
            .with_raw(test.log));
        }
        Ok(ActionOutput::new(format!(
            "200: principal {}",
            test.principal_id.as_deref().unwrap_or("?")
        ))
        .detail(format!("latency {} ms", test.latency_ms))
        .panel(Panel::TestResult(result)))
    }
}
