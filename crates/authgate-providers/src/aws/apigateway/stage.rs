//! Deploying the API to a stage, and what the stage serves.

use serde::{Deserialize, Serialize};

use crate::aws::error::{AwsError, sdk};
use crate::aws::http::invoke_url;
use crate::aws::{Aws, Report, verb};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageRecord {
    pub api_id: String,
    pub name: String,
    pub deployment_id: String,
    pub invoke_url: String,
    pub created: bool,
}

/// What to deploy to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageSpec {
    pub name: String,
    pub stage_description: String,
    pub deployment_description: String,
}

impl Default for StageSpec {
    fn default() -> Self {
        Self {
            name: "test".to_owned(),
            stage_description: "authgate: the tutorial's test stage".to_owned(),
            deployment_description: "authgate: PetStore as imported".to_owned(),
        }
    }
}

/// Reuses the stage if it exists, else deploys the API to a new one.
pub async fn ensure_stage(
    aws: &Aws,
    api_id: &str,
    spec: &StageSpec,
    report: &dyn Report,
) -> Result<StageRecord, AwsError> {
    let existing = current_deployment(aws, api_id, &spec.name).await?;
    let created = existing.is_none();
    let deployment_id = match existing {
        Some(id) => id,
        None => deploy(aws, api_id, spec).await?,
    };
    let record = StageRecord {
        api_id: api_id.to_owned(),
        name: spec.name.clone(),
        deployment_id,
        invoke_url: invoke_url(aws.endpoint.as_deref(), &aws.region, api_id, &spec.name),
        created,
    };
    report.line(format!(
        "stage {} {} (deployment {}); invoke URL {}",
        record.name,
        verb(created),
        record.deployment_id,
        record.invoke_url
    ));
    Ok(record)
}

/// The deployment a stage serves, or `None` when the stage does not exist.
pub async fn current_deployment(
    aws: &Aws,
    api_id: &str,
    stage: &str,
) -> Result<Option<String>, AwsError> {
    match aws
        .apigateway
        .get_stage()
        .rest_api_id(api_id)
        .stage_name(stage)
        .send()
        .await
    {
        Ok(out) => Ok(Some(out.deployment_id.unwrap_or_default())),
        Err(e) => {
            let e = sdk("apigateway:GET /restapis/{id}/stages/{stage}", e);
            if e.is_not_found() { Ok(None) } else { Err(e) }
        }
    }
}

/// A new deployment of the API's current state to the stage (creating the stage if needed).
pub async fn deploy(aws: &Aws, api_id: &str, spec: &StageSpec) -> Result<String, AwsError> {
    let out = aws
        .apigateway
        .create_deployment()
        .rest_api_id(api_id)
        .stage_name(&spec.name)
        .stage_description(&spec.stage_description)
        .description(&spec.deployment_description)
        .send()
        .await
        .map_err(|e| sdk("apigateway:POST /restapis/{id}/deployments", e))?;
    out.id
        .ok_or_else(|| AwsError::Invalid("deployment returned no id".to_owned()))
}

/// What [`ensure_deployed`] left the stage serving.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deployed {
    pub deployment_id: String,
    pub redeployed: bool,
}

/// Step 4's redeploy rule, in one place: the stage gets a new deployment when `changed` (a
/// method was just secured) or when it serves none, or another one than `remembered` (the
/// deployment authgate last saw there: someone redeployed or rolled back since). Otherwise
/// it keeps the one it serves.
pub async fn ensure_deployed(
    aws: &Aws,
    api_id: &str,
    spec: &StageSpec,
    remembered: Option<&str>,
    changed: bool,
    report: &dyn Report,
) -> Result<Deployed, AwsError> {
    let current = current_deployment(aws, api_id, &spec.name).await?;
    match current {
        Some(id) if !changed && remembered == Some(id.as_str()) => {
            report.line(format!(
                "stage {} already serves deployment {id}",
                spec.name
            ));
            Ok(Deployed {
                deployment_id: id,
                redeployed: false,
            })
        }
        _ => {
            let id = deploy(aws, api_id, spec).await?;
            report.line(format!("stage {} redeployed (deployment {id})", spec.name));
            Ok(Deployed {
                deployment_id: id,
                redeployed: true,
            })
        }
    }
}

/// Drops every policy the stage cached from its authorizers (they expire by TTL otherwise).
pub async fn flush_authorizer_cache(aws: &Aws, api_id: &str, stage: &str) -> Result<(), AwsError> {
    aws.apigateway
        .flush_stage_authorizers_cache()
        .rest_api_id(api_id)
        .stage_name(stage)
        .send()
        .await
        .map_err(|e| sdk("apigateway:DELETE .../stages/{stage}/cache/authorizers", e))?;
    Ok(())
}
