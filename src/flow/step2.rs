//! Step 2, API Gateway: import `PetStore`, test POST /pets, deploy a stage, call it.

use super::Session;
use super::failure::OrFail;
use super::outcome::{ActionFailure, ActionOutput, CheckedExchange, Panel, TestResult, pretty};
use crate::state::{RestApiDetails, StageDetails};
use authgate_providers::aws::apigateway::{
    StageSpec, TEST_PET, ensure_rest_api, ensure_stage, test_post_pets,
};
use authgate_providers::aws::http::check_deployment;

impl Session {
    /// The `PetStore` API's id: the recorded one if it still exists, else found or imported.
    pub(super) async fn rest_api(&mut self, refresh: bool) -> Result<String, ActionFailure> {
        let recorded = self.recorded().await.rest_api;
        if !refresh && let Some(r) = &recorded {
            return Ok(r.id.clone());
        }
        let link = self.aws().await?;
        let relay = self.relay.clone();
        let api = ensure_rest_api(&link.aws, recorded.as_ref().map(|r| r.id.as_str()), &*relay)
            .await
            .or_fail("importing the PetStore API")?;
        let details = RestApiDetails {
            account: link.identity.account.clone(),
            name: api.name.clone(),
            region: link.identity.region.clone(),
        };
        self.remember(|r| &mut r.rest_api, &api.id, api.created, details)
            .await?;
        Ok(api.id)
    }

    pub(super) async fn stage_spec(&self) -> StageSpec {
        let inputs = self.inputs().await;
        StageSpec {
            name: inputs.stage_name,
            stage_description: inputs.stage_description,
            deployment_description: inputs.deployment_description,
        }
    }

    pub(super) async fn import_api(&mut self) -> Result<ActionOutput, ActionFailure> {
        let id = self.rest_api(true).await?;
        let link = self.aws().await?;
        let created = self.recorded().await.rest_api.is_some_and(|r| r.created);
        Ok(ActionOutput::new(format!(
            "PetStore API {id} ({})",
            if created {
                "imported by authgate"
            } else {
                "found, reused"
            }
        ))
        .detail(format!("AWS {}", link.identity.summary()))
        .detail("resources: /, /pets, /pets/{petId} with HTTP integrations"))
    }

    pub(super) async fn test_invoke_post_pets(&mut self) -> Result<ActionOutput, ActionFailure> {
        let api = self.rest_api(false).await?;
        let link = self.aws().await?;
        let test = test_post_pets(&link.aws, &api)
            .await
            .or_fail("testing POST /pets")?;
        let result = TestResult {
            title: format!("POST /pets {TEST_PET}"),
            status: test.status.to_string(),
            principal: None,
            body: pretty(&test.body),
            log: test.log.clone(),
            latency_ms: Some(test.latency_ms),
        };
        if test.status != 200 {
            return Err(ActionFailure::new(
                format!("POST /pets answered {}", test.status),
                "the integration to the pet store demo did not succeed",
                "check the method's integration in the console; rerun Import to restore it",
            )
            .with_raw(format!("{}\n{}", test.body, test.log)));
        }
        Ok(ActionOutput::new(format!(
            "POST /pets → {} in {} ms",
            test.status, test.latency_ms
        ))
        .detail(format!("body: {}", test.body))
        .panel(Panel::TestResult(result)))
    }

    /// The stage's invoke URL: recorded, or the stage ensured now.
    pub(super) async fn invoke_url(&mut self, refresh: bool) -> Result<String, ActionFailure> {
        if !refresh && let Some(stage) = self.recorded().await.stage {
            return Ok(stage.details.invoke_url);
        }
        let api = self.rest_api(false).await?;
        let link = self.aws().await?;
        let spec = self.stage_spec().await;
        let relay = self.relay.clone();
        let stage = ensure_stage(&link.aws, &api, &spec, &*relay)
            .await
            .or_fail("deploying the API to a stage")?;
        let details = StageDetails {
            api_id: stage.api_id.clone(),
            deployment_id: stage.deployment_id.clone(),
            invoke_url: stage.invoke_url.clone(),
        };
        self.remember(|r| &mut r.stage, &stage.name, stage.created, details)
            .await?;
        Ok(stage.invoke_url)
    }

    pub(super) async fn deploy_stage(&mut self) -> Result<ActionOutput, ActionFailure> {
        let url = self.invoke_url(true).await?;
        let stage = self.recorded().await.stage;
        Ok(ActionOutput::new(format!(
            "stage {} serves deployment {}",
            stage.as_ref().map_or("", |s| s.id.as_str()),
            stage
                .as_ref()
                .map_or("?", |s| s.details.deployment_id.as_str())
        ))
        .detail(format!("invoke URL: {url}")))
    }

    pub(super) async fn call_invoke_url(&mut self) -> Result<ActionOutput, ActionFailure> {
        let url = self.invoke_url(false).await?;
        let exchanges = check_deployment(&self.http, &url)
            .await
            .or_fail("calling the invoke URL")?;
        let checked: Vec<CheckedExchange> = exchanges
            .into_iter()
            .map(|exchange| CheckedExchange {
                exchange,
                expected: Some(200),
                with_token: "no token",
            })
            .collect();
        if let Some(bad) = checked.iter().find(|c| !c.as_expected()) {
            let e = &bad.exchange;
            return Err(ActionFailure::new(
                format!("{} {} answered {}", e.method, e.url, e.status),
                "the stage does not serve the PetStore yet, or the deployment is stale",
                "rerun Deploy to a stage, then this call",
            )
            .with_raw(e.body.clone()));
        }
        let pet = checked
            .get(1)
            .map(|c| c.exchange.body.trim().to_owned())
            .unwrap_or_default();
        Ok(ActionOutput::new("GET / and GET /pets/1 → 200")
            .detail(format!("pet 1: {pet}"))
            .panel(Panel::Exchanges(checked)))
    }
}
