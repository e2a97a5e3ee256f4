//! Step 4: the authorizer on the methods, and a deployment that serves it.

use super::Session;
use super::failure::OrFail;
use super::outcome::{ActionFailure, ActionOutput};
use crate::state::SecuredMethodsDetails;
use authgate_providers::aws::apigateway::{Deployed, ensure_deployed, flush_authorizer_cache};
use authgate_providers::aws::secure::{SecureSpec, secure};

impl Session {
    /// Records the deployment the stage serves now, so the next run knows it is current.
    pub(super) async fn remember_deployment(
        &self,
        deployment_id: &str,
    ) -> Result<(), ActionFailure> {
        if let Some(mut stage) = self.recorded().await.stage {
            deployment_id.clone_into(&mut stage.details.deployment_id);
            self.remember(|r| &mut r.stage, &stage.id, stage.created, stage.details)
                .await?;
        }
        Ok(())
    }

    pub(super) async fn secure_methods(&mut self) -> Result<ActionOutput, ActionFailure> {
        let api = self.rest_api(false).await?;
        self.invoke_url(false).await?;
        let (authorizer, changed_now) = self.authorizer_id(false).await?;
        let synced = self.sync_required_permissions().await?;
        let stage = self.stage_spec().await;
        let scope = self.inputs().await.secure_scope;
        let remembered = self.recorded().await.stage.map(|r| r.details.deployment_id);
        let spec = SecureSpec {
            api_id: &api,
            authorizer_id: &authorizer,
            scope,
            stage: &stage,
            authorizer_changed: self.authorizer_changed || changed_now,
            remembered_deployment: remembered.as_deref(),
        };
        let link = self.aws().await?;
        let relay = self.relay.clone();
        let record = secure(&link.aws, &spec, &*relay)
            .await
            .or_fail("securing the methods")?;
        self.authorizer_changed = false;
        self.remember_deployment(&record.deployment_id).await?;
        let methods = record.methods.join(", ");
        let details = SecuredMethodsDetails {
            api_id: api.clone(),
            authorizer_id: authorizer.clone(),
        };
        self.remember(|r| &mut r.secured_methods, &methods, false, details)
            .await?;
        let mut out = ActionOutput::new(format!(
            "{} secured with authorizer {authorizer}",
            record.methods.len()
        ))
        .detail(format!("methods: {methods}"))
        .detail("authorization CUSTOM, API key not required");
        if !record.changed.is_empty() {
            out = out.detail(format!("changed now: {}", record.changed.join(", ")));
        }
        if record.redeployed {
            out = out.detail(format!(
                "stage {} redeployed (deployment {})",
                stage.name, record.deployment_id
            ));
        }
        if let Some(note) = synced {
            out = out.detail(note);
        }
        if record.cache_flushed {
            out = out.detail("authorizer cache flushed");
        }
        Ok(out)
    }

    pub(super) async fn redeploy_stage(&mut self) -> Result<ActionOutput, ActionFailure> {
        let api = self.rest_api(false).await?;
        let stage = self.stage_spec().await;
        let remembered = self.recorded().await.stage.map(|r| r.details.deployment_id);
        let link = self.aws().await?;
        let relay = self.relay.clone();
        let Deployed {
            deployment_id: deployment,
            redeployed,
        } = ensure_deployed(
            &link.aws,
            &api,
            &stage,
            remembered.as_deref(),
            false,
            &*relay,
        )
        .await
        .or_fail("redeploying the stage")?;
        self.remember_deployment(&deployment).await?;
        flush_authorizer_cache(&link.aws, &api, &stage.name)
            .await
            .or_fail("flushing the authorizer cache")?;
        Ok(ActionOutput::new(if redeployed {
            format!("stage {} redeployed (deployment {deployment})", stage.name)
        } else {
            format!(
                "stage {} already serves deployment {deployment}",
                stage.name
            )
        })
        .detail("authorizer cache flushed: no policy from an older authorizer lingers"))
    }
}
