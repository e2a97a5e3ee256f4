//! What makes a step-5 answer worth a ✓: the stage really is secured (step 4 ran and its
//! deployment is the one served), and the answer came from the authorizer now, not from a
//! policy the stage cached for an earlier call.

use super::Session;
use super::failure::OrFail;
use super::outcome::{ActionFailure, Panel, TestResult, pretty};
use crate::steps::ActionId;
use authgate_providers::auth0::Secret;
use authgate_providers::aws::apigateway::{current_deployment, flush_authorizer_cache};
use authgate_providers::aws::authorizer::test_authorizer;

impl Session {
    /// Why step 5's calls do not test the authorizer yet, when they do not: step 4 never
    /// ran, or the stage serves another deployment than the one it made.
    pub(super) async fn step4_gap(&mut self) -> Result<Option<String>, ActionFailure> {
        let state = self.store.snapshot().await;
        let secured = [ActionId::SecureMethods, ActionId::RedeployStage]
            .iter()
            .all(|a| state.actions.contains_key(a.key()));
        if !secured || state.resources.secured_methods.is_none() {
            return Ok(Some(
                "step 4 has not run: GET and POST /pets are not secured on the deployed stage, \
                 so this call never reaches the authorizer"
                    .into(),
            ));
        }
        let Some(recorded) = state.resources.stage else {
            return Ok(None);
        };
        let link = self.aws().await?;
        let serving = current_deployment(&link.aws, &recorded.details.api_id, &recorded.id)
            .await
            .or_fail("reading the stage")?;
        Ok(match serving {
            Some(id) if id != recorded.details.deployment_id => Some(format!(
                "the stage serves deployment {id}, not {} that step 4 made: the secured methods \
                 may not be live",
                recorded.details.deployment_id
            )),
            _ => None,
        })
    }

    /// Says, before the call, why its answer will not test the authorizer.
    pub(super) fn warn_before_calling(&self, gap: Option<&str>) {
        if let Some(gap) = gap {
            self.report(format!("⚠ before this call: {gap}"));
        }
    }

    /// Drops the stage's cached policies, so the next call runs the authorizer.
    pub(super) async fn flush_policy_cache(&mut self) -> Result<(), ActionFailure> {
        let Some(stage) = self.recorded().await.stage else {
            return Ok(());
        };
        let link = self.aws().await?;
        flush_authorizer_cache(&link.aws, &stage.details.api_id, &stage.id)
            .await
            .or_fail("flushing the authorizer cache")
    }

    /// The console's authorizer test with `token`: the policy the authorizer returns now.
    pub(super) async fn policy_for(&mut self, token: &Secret) -> Result<Panel, ActionFailure> {
        let (id, _) = self.authorizer_id(false).await?;
        let api = self.rest_api(false).await?;
        let link = self.aws().await?;
        let header = format!("Bearer {}", token.expose());
        let test = test_authorizer(&link.aws, &api, &id, &header)
            .await
            .or_fail("testing the authorizer")?;
        Ok(Panel::TestResult(TestResult {
            title: format!("authorizer {id} test with the same token"),
            status: test.client_status.to_string(),
            principal: test.principal_id,
            body: test.policy.as_deref().map(pretty).unwrap_or_default(),
            log: test.log,
            latency_ms: Some(test.latency_ms),
        }))
    }
}

impl Session {
    /// What a proxy backend behind `GET /pets` receives about the caller of `token`: the
    /// authorizer function run on the same TOKEN event (as the gateway runs it), its answer
    /// as `requestContext.authorizer`, next to its policy.
    pub(super) async fn backend_view(&mut self, token: &Secret) -> Result<Panel, ActionFailure> {
        use authgate_providers::aws::lambda::invoke::{invoke, token_event};
        use authgate_providers::backend_view::request_context_authorizer;
        let arn = self.test_method_arn().await;
        let name = self.inputs().await.function_name;
        let link = self.aws().await?;
        let event = token_event(&format!("Bearer {}", token.expose()), &arn);
        let started = std::time::Instant::now();
        let result = invoke(&link.aws, &name, &event)
            .await
            .or_fail("running the authorizer for the backend's view")?;
        let latency = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let payload: serde_json::Value = serde_json::from_str(&result.payload).unwrap_or_default();
        let view = match request_context_authorizer(&payload, latency) {
            Ok(view) => serde_json::to_string_pretty(&view).unwrap_or_default(),
            Err(e) => format!("{e}\nfix: {}", authgate_core::hint::Hint::fix(&e)),
        };
        let policy = serde_json::to_string_pretty(&payload["policyDocument"]).unwrap_or_default();
        Ok(Panel::TestResult(TestResult {
            title: "what a proxy backend receives: event.requestContext.authorizer".to_owned(),
            status: result.status_code.to_string(),
            principal: payload["principalId"].as_str().map(str::to_owned),
            body: format!(
                "requestContext.authorizer (every context value a string):\n{view}\n\n\
                 next to the policy it came with:\n{policy}"
            ),
            log: String::new(),
            latency_ms: i64::try_from(latency).ok(),
        }))
    }
}

/// The warning for a call that answered as expected without passing the authorizer.
pub(super) fn untested(gap: String) -> ActionFailure {
    ActionFailure::new(
        "this answer did not come through the authorizer",
        gap,
        "run step 4 (Secure the methods, then Redeploy the stage), then step 5 again",
    )
}
