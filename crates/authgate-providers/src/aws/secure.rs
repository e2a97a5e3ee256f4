//! Step 4: put the authorizer on the methods, then redeploy so the stage serves it.

use serde::{Deserialize, Serialize};

use super::apigateway::{Deployed, StageSpec, ensure_deployed, flush_authorizer_cache, resources};
use super::authorizer::replace;
use super::error::{AwsError, sdk};
use super::{Aws, Report};

/// Which methods get the authorizer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SecureScope {
    /// `GET /pets` (the tutorial's choice) and `POST /pets`, so each permission guards a
    /// route. State files from before POST was secured say `pets-get`: they get both now.
    #[default]
    #[serde(rename = "pets", alias = "pets-get")]
    Pets,
    /// Every method except CORS preflights (browsers send OPTIONS without credentials).
    AllButOptions,
}

impl SecureScope {
    /// Whether this scope puts the authorizer on `verb path` (a resource path such as
    /// `/pets/{petId}`).
    pub fn wants(self, path: &str, verb: &str) -> bool {
        match self {
            Self::Pets => path == "/pets" && (verb == "GET" || verb == "POST"),
            Self::AllButOptions => verb != "OPTIONS",
        }
    }

    /// The name in the settings form and the state file.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pets => "pets",
            Self::AllButOptions => "all-but-options",
        }
    }
}

/// One method to secure: resource path, verb, resource id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Target {
    pub path: String,
    pub verb: String,
    pub resource_id: String,
}

/// The methods of the API `scope` secures, sorted by path then verb. None: an error
/// (the API is not the `PetStore` the wizard imported).
pub async fn targets(aws: &Aws, api_id: &str, scope: SecureScope) -> Result<Vec<Target>, AwsError> {
    let by_path = resources(aws, api_id).await?;
    let mut targets = Vec::new();
    for (path, resource) in &by_path {
        let Some(resource_id) = resource.id.clone() else {
            continue;
        };
        for verb in resource.resource_methods.iter().flat_map(|m| m.keys()) {
            if scope.wants(path, verb) {
                targets.push(Target {
                    path: path.clone(),
                    verb: verb.clone(),
                    resource_id: resource_id.clone(),
                });
            }
        }
    }
    targets.sort();
    if targets.is_empty() {
        return Err(AwsError::NotFound {
            op: "apigateway:GET /restapis/{id}/resources",
            message: format!("API {api_id} has no method to secure (is it PetStore?)"),
        });
    }
    Ok(targets)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecureSpec<'a> {
    pub api_id: &'a str,
    pub authorizer_id: &'a str,
    pub scope: SecureScope,
    pub stage: &'a StageSpec,
    /// The authorizer was just created or changed: cached policies may be stale.
    pub authorizer_changed: bool,
    /// The deployment a previous run left on the stage; another one means redeploy.
    pub remembered_deployment: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecureRecord {
    pub api_id: String,
    pub stage: String,
    pub scope: SecureScope,
    /// Every secured method, e.g. `GET /pets`.
    pub methods: Vec<String>,
    /// The ones this call changed.
    pub changed: Vec<String>,
    pub deployment_id: String,
    pub redeployed: bool,
    pub cache_flushed: bool,
}

/// Sets `CUSTOM` + the authorizer (API key not required) where missing, redeploys by
/// [`ensure_deployed`]'s rule, flushes the authorizer cache
/// when the authorizer changed.
pub async fn secure(
    aws: &Aws,
    spec: &SecureSpec<'_>,
    report: &dyn Report,
) -> Result<SecureRecord, AwsError> {
    let targets = targets(aws, spec.api_id, spec.scope).await?;
    let mut methods = Vec::new();
    let mut changed = Vec::new();
    for Target {
        path,
        verb,
        resource_id,
    } in &targets
    {
        let label = format!("{verb} {path}");
        if secure_method(aws, spec, resource_id, verb).await? {
            report.line(format!(
                "{label}: authorization CUSTOM ({})",
                spec.authorizer_id
            ));
            changed.push(label.clone());
        } else {
            report.line(format!("{label}: already secured"));
        }
        methods.push(label);
    }
    let Deployed {
        deployment_id,
        redeployed,
    } = ensure_deployed(
        aws,
        spec.api_id,
        spec.stage,
        spec.remembered_deployment,
        !changed.is_empty(),
        report,
    )
    .await?;
    if spec.authorizer_changed {
        flush_authorizer_cache(aws, spec.api_id, &spec.stage.name).await?;
        report.line(format!(
            "stage {}: authorizer cache flushed",
            spec.stage.name
        ));
    }
    Ok(SecureRecord {
        api_id: spec.api_id.to_owned(),
        stage: spec.stage.name.clone(),
        scope: spec.scope,
        methods,
        changed,
        deployment_id,
        redeployed,
        cache_flushed: spec.authorizer_changed,
    })
}

/// Returns whether the method had to be changed.
async fn secure_method(
    aws: &Aws,
    spec: &SecureSpec<'_>,
    resource_id: &str,
    verb: &str,
) -> Result<bool, AwsError> {
    let method = aws
        .apigateway
        .get_method()
        .rest_api_id(spec.api_id)
        .resource_id(resource_id)
        .http_method(verb)
        .send()
        .await
        .map_err(|e| sdk("apigateway:GET .../methods/{verb}", e))?;
    let done = method.authorization_type() == Some("CUSTOM")
        && method.authorizer_id() == Some(spec.authorizer_id)
        && method.api_key_required() != Some(true);
    if done {
        return Ok(false);
    }
    aws.apigateway
        .update_method()
        .rest_api_id(spec.api_id)
        .resource_id(resource_id)
        .http_method(verb)
        .patch_operations(replace("/authorizationType", "CUSTOM"))
        .patch_operations(replace("/authorizerId", spec.authorizer_id))
        .patch_operations(replace("/apiKeyRequired", "false"))
        .send()
        .await
        .map_err(|e| sdk("apigateway:PATCH .../methods/{verb}", e))?;
    Ok(true)
}

/// Step 4 undone: every method that uses the authorizer `authorizer_id` goes back to
/// authorization `NONE`, then the stage is redeployed by [`ensure_deployed`]'s rule (so the
/// invoke URL is open again, and the authorizer can be deleted). Returns the methods changed
/// and the deployment made, if any method was.
pub async fn unsecure(
    aws: &Aws,
    api_id: &str,
    authorizer_id: &str,
    stage: &StageSpec,
    report: &dyn Report,
) -> Result<(Vec<String>, Option<Deployed>), AwsError> {
    let mut changed = Vec::new();
    for Target {
        path,
        verb,
        resource_id,
    } in targets(aws, api_id, SecureScope::AllButOptions).await?
    {
        let method = aws
            .apigateway
            .get_method()
            .rest_api_id(api_id)
            .resource_id(&resource_id)
            .http_method(&verb)
            .send()
            .await
            .map_err(|e| sdk("apigateway:GET .../methods/{verb}", e))?;
        if method.authorization_type() != Some("CUSTOM")
            || method.authorizer_id() != Some(authorizer_id)
        {
            continue;
        }
        aws.apigateway
            .update_method()
            .rest_api_id(api_id)
            .resource_id(&resource_id)
            .http_method(&verb)
            .patch_operations(replace("/authorizationType", "NONE"))
            .send()
            .await
            .map_err(|e| sdk("apigateway:PATCH .../methods/{verb}", e))?;
        report.line(format!("{verb} {path}: authorization NONE"));
        changed.push(format!("{verb} {path}"));
    }
    if changed.is_empty() {
        return Ok((changed, None));
    }
    let deployed = ensure_deployed(aws, api_id, stage, None, true, report).await?;
    Ok((changed, Some(deployed)))
}
