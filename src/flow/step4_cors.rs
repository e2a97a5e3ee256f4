//! Step 4 for a browser app: the preflights ("Enable CORS") and the CORS gateway responses
//! for the origin in the settings, each redeploying the stage when it changed anything, and
//! recorded so teardown can take them back off an API authgate did not create.

use super::Session;
use super::failure::OrFail;
use super::outcome::{ActionFailure, ActionOutput};
use crate::state::CorsDetails;
use authgate_providers::aws::apigateway::deploy;
use authgate_providers::aws::cors::{CorsSpec, ensure_gateway_responses, ensure_preflights};

/// What a rerun adds to the record: the union, in order, without repeats.
fn merged(recorded: &str, new: &[String]) -> String {
    let mut all: Vec<String> = recorded
        .split(',')
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect();
    for item in new {
        if !all.contains(item) {
            all.push(item.clone());
        }
    }
    all.join(",")
}

impl Session {
    /// The origin in the settings, or the output saying there is none.
    async fn browser_origin(&self) -> Result<String, ActionOutput> {
        let origin = self.inputs().await.browser_origin;
        if origin.is_empty() {
            return Err(ActionOutput::new("no browser origin set: nothing to do")
                .detail("set `called from a browser at origin` in step 4's settings (s) when a page calls the API"));
        }
        Ok(origin)
    }

    /// Adds to the `aws.cors` record of this API (a record of another API is replaced).
    async fn remember_cors(
        &self,
        api_id: &str,
        origin: &str,
        preflights: &[String],
        responses: &[String],
    ) -> Result<(), ActionFailure> {
        let old = self
            .recorded()
            .await
            .cors
            .filter(|r| r.details.api_id == api_id);
        let created = old.as_ref().is_some_and(|r| r.created)
            || !preflights.is_empty()
            || !responses.is_empty();
        let old = old.map(|r| r.details).unwrap_or_default();
        let details = CorsDetails {
            api_id: api_id.to_owned(),
            gateway_responses: merged(&old.gateway_responses, responses),
            preflights_created: merged(&old.preflights_created, preflights),
        };
        self.remember(|r| &mut r.cors, origin, created, details)
            .await
    }

    /// Deploys the stage after a change; the line saying so.
    async fn redeploy_for_cors(&mut self, api: &str) -> Result<String, ActionFailure> {
        let stage = self.stage_spec().await;
        let link = self.aws().await?;
        let id = deploy(&link.aws, api, &stage)
            .await
            .or_fail("redeploying the stage")?;
        self.remember_deployment(&id).await?;
        Ok(format!(
            "stage {} redeployed (deployment {id}): live now",
            stage.name
        ))
    }

    pub(super) async fn enable_cors(&mut self) -> Result<ActionOutput, ActionFailure> {
        let origin = match self.browser_origin().await {
            Ok(origin) => origin,
            Err(nothing) => return Ok(nothing),
        };
        let api = self.rest_api(false).await?;
        let scope = self.inputs().await.secure_scope;
        let spec = CorsSpec {
            api_id: &api,
            origin: &origin,
            scope,
        };
        let link = self.aws().await?;
        let relay = self.relay.clone();
        let record = ensure_preflights(&link.aws, &spec, &*relay)
            .await
            .or_fail("answering the browser's preflight")?;
        self.remember_cors(&api, &origin, &record.created, &[])
            .await?;
        let mut out = ActionOutput::new(format!(
            "{} answer the preflight from {origin}",
            record.resources.join(", ")
        ))
        .detail("OPTIONS: no authorizer, MOCK 200 with Access-Control-Allow-Origin, -Headers (Authorization included), -Methods");
        for line in &record.changed {
            out = out.detail(format!("changed: {line}"));
        }
        for method in &record.proxies {
            out = out.detail(format!(
                "{method}: a proxy integration; its backend must send Access-Control-Allow-Origin itself"
            ));
        }
        if record.changed.is_empty() {
            out = out.detail("nothing to change");
        } else {
            out = out.detail(self.redeploy_for_cors(&api).await?);
        }
        Ok(out)
    }

    pub(super) async fn cors_gateway_responses(&mut self) -> Result<ActionOutput, ActionFailure> {
        let origin = match self.browser_origin().await {
            Ok(origin) => origin,
            Err(nothing) => return Ok(nothing),
        };
        let api = self.rest_api(false).await?;
        let link = self.aws().await?;
        let relay = self.relay.clone();
        let record = ensure_gateway_responses(&link.aws, &api, &origin, &*relay)
            .await
            .or_fail("putting the CORS gateway responses")?;
        self.remember_cors(&api, &origin, &[], &record.changed)
            .await?;
        let mut out = ActionOutput::new(format!(
            "DEFAULT_4XX and DEFAULT_5XX carry Access-Control-Allow-Origin {origin}"
        ))
        .detail("a 401, 403 or 500 from API Gateway itself is readable by the page now, not \"Failed to fetch\"");
        if record.changed.is_empty() {
            out = out.detail("nothing to change");
        } else {
            out = out
                .detail(format!("put: {}", record.changed.join(", ")))
                .detail(self.redeploy_for_cors(&api).await?);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::merged;

    #[test]
    fn reruns_add_to_the_record_without_repeats() {
        assert_eq!(merged("", &["/pets".into()]), "/pets");
        assert_eq!(
            merged("/pets", &["/pets".into(), "/pets/{petId}".into()]),
            "/pets,/pets/{petId}"
        );
    }
}
