//! Step 3's "Run locally" for your own authorizer code: one invocation in the sandbox
//! crate's Lambda runtime, with the runtime, handler and environment the function gets.

use super::Session;
use super::failure::OrFail;
use super::outcome::{ActionFailure, ActionOutput, Panel, TestResult, pretty};
use crate::authorizer_code::custom_authorizer::AuthorizerCode;
use crate::authorizer_code::custom_authorizer::run_local::{Verdict, run_locally};
use crate::state::VerifierSettings;
use authgate_providers::auth0::Secret;
use authgate_providers::aws::lambda::authorizer_env;
use authgate_providers::aws::lambda::invoke::token_event;

impl Session {
    pub(super) async fn run_custom_locally(
        &mut self,
        code: &AuthorizerCode,
        verifier: &VerifierSettings,
        token: &Secret,
        arn: &str,
    ) -> Result<ActionOutput, ActionFailure> {
        let inputs = self.inputs().await;
        self.report(format!(
            "running {} ({} on {}) in the sandbox's Lambda runtime",
            code.origin(),
            code.handler,
            code.runtime
        ));
        let mut env = authorizer_env(
            &verifier.issuer,
            &verifier.jwks_uri,
            &verifier.audience,
            Some(inputs.policy_scope.as_str()),
        );
        if let Some(map) = self.required_permissions_if_known().await? {
            env = authgate_providers::required_permissions::with_env(env, &map);
        }
        let event = token_event(&format!("Bearer {}", token.expose()), arn);
        let run = run_locally(code, &inputs.function_name, env, &event)
            .await
            .or_fail("running your authorizer locally")?;
        let title = format!("{} · {}", code.runtime, code.handler);
        let fail = |what: String, cause: String, fix: &str| {
            Err(ActionFailure::new(what, cause, fix).with_raw(run.log.clone()))
        };
        let policy = match &run.verdict {
            Verdict::Policy(policy) if run.verdict.outcome() == "allow" => policy,
            Verdict::Policy(policy) => {
                return fail(
                    "your authorizer answered Deny (API Gateway: 403)".to_owned(),
                    pretty(&policy.to_string()),
                    "check the policy your handler builds for a valid token",
                );
            }
            Verdict::Unauthorized => {
                return fail(
                    "your authorizer answered Unauthorized (API Gateway: 401)".to_owned(),
                    "it refused the test token".to_owned(),
                    "check that it reads TOKEN_ISSUER, JWKS_URI and AUDIENCE; its log is behind r",
                );
            }
            Verdict::Failed {
                error_type,
                error_message,
            } => {
                let fix = if error_type == "Runtime.CallbackHandlerDeprecated" {
                    "make the handler async and return the policy / throw new Error('Unauthorized'), \
                     or choose nodejs22.x (settings: runtime)"
                } else {
                    "read its log (r); only an error whose message is exactly Unauthorized is a 401, \
                     any other is a 500"
                };
                return fail(
                    format!("your authorizer failed ({error_type}; API Gateway: 500)"),
                    error_message.clone(),
                    fix,
                );
            }
        };
        let mut out = ActionOutput::new(format!(
            "Allow, for {}",
            authgate_core::policy::first_resource(policy)
        ))
        .detail(format!("methodArn: {arn}"))
        .detail(format!("code: {}", code.origin()));
        for note in &code.notes {
            out = out.detail(note.clone());
        }
        Ok(out.panel(Panel::TestResult(TestResult {
            title,
            status: "allow".into(),
            principal: policy["principalId"].as_str().map(str::to_owned),
            body: pretty(&policy.to_string()),
            log: run.log,
            latency_ms: None,
        })))
    }
}
