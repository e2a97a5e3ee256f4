//! Undoing step 4 on an API that stays (a reset from a later step than 1, or a teardown of a
//! reused API): the authorizer taken off the methods, and the browser's `OPTIONS` methods and
//! gateway responses removed.

use super::super::Session;
use super::super::failure::OrFail;
use super::super::outcome::ActionFailure;
use crate::state::State;
use authgate_providers::aws::cors::{remove_gateway_responses, remove_preflights};
use authgate_providers::aws::secure::unsecure;

impl Session {
    /// Step 4 undone on an API that stays: its methods open again, the stage redeployed.
    pub(super) async fn unsecure_methods(
        &mut self,
        state: &State,
        label: &str,
    ) -> Result<String, ActionFailure> {
        let Some(record) = &state.resources.secured_methods else {
            return Ok(format!("{label}: already undone"));
        };
        let stage_spec = self.stage_spec().await;
        let link = self.aws().await?;
        let relay = self.relay.clone();
        let (changed, deployed) = unsecure(
            &link.aws,
            &record.details.api_id,
            &record.details.authorizer_id,
            &stage_spec,
            &*relay,
        )
        .await
        .or_fail("taking the authorizer off the methods")?;
        if let Some(deployed) = deployed {
            self.remember_deployment(&deployed.deployment_id).await?;
        }
        Ok(if changed.is_empty() {
            format!("{label}: already undone")
        } else {
            format!("{label}: {} open again", changed.join(", "))
        })
    }

    /// Step 4's browser actions on an API authgate did not create: the `OPTIONS` methods it
    /// created go, the gateway responses it customised go back to the defaults.
    pub(super) async fn delete_cors(
        &mut self,
        state: &State,
        api_id: &str,
        label: &str,
    ) -> Result<String, ActionFailure> {
        let Some(record) = &state.resources.cors else {
            return Ok(format!("{label}: already gone"));
        };
        let list = |text: &str| -> Vec<String> {
            text.split(',')
                .filter(|p| !p.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let link = self.aws().await?;
        let relay = self.relay.clone();
        remove_preflights(
            &link.aws,
            api_id,
            &list(&record.details.preflights_created),
            &*relay,
        )
        .await
        .or_fail(&format!("deleting the {label}"))?;
        remove_gateway_responses(
            &link.aws,
            api_id,
            &list(&record.details.gateway_responses),
            &*relay,
        )
        .await
        .or_fail(&format!("resetting the {label}"))?;
        Ok(format!("{label}: removed (live after the next deployment)"))
    }
}
