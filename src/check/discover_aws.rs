//! Discovery in the AWS account, read-only, with the session's SDK clients: the REST API
//! (named `PetStore`, or `--api-id`), its methods, the stage and what its deployment serves,
//! and the authorizer the `/pets` methods use (its function and role: `discover_role`).

use std::collections::BTreeMap;

use super::facts::{AuthorizerFacts, AwsFacts, MethodFacts, RestApiFacts, StageFacts};
use authgate_providers::aws::apigateway::{PETSTORE_NAME, find_rest_apis, resources};
use authgate_providers::aws::{Aws, authorizer::DEFAULT_AUTHORIZER_NAME};
use authgate_providers::aws::{AwsError, sdk};

/// Why discovery stops before any check (exit 2).
#[derive(Debug)]
pub enum Stop {
    /// `--api-id` names no API.
    NoSuchApi(String),
    /// Several APIs are named `PetStore`: `(id, created)` of each.
    Ambiguous(Vec<String>),
    Aws(AwsError),
}

impl From<AwsError> for Stop {
    fn from(e: AwsError) -> Self {
        Self::Aws(e)
    }
}

/// Fills `facts` with what the account holds. `stage_hint`: the state file's stage name.
pub async fn discover(
    aws: &Aws,
    api_id: Option<&str>,
    stage_hint: Option<&str>,
    facts: &mut AwsFacts,
) -> Result<(), Stop> {
    let id = if let Some(id) = api_id {
        if let Err(e) = aws.apigateway.get_rest_api().rest_api_id(id).send().await {
            let e = sdk("apigateway:GET /restapis/{id}", e);
            return Err(if e.is_not_found() {
                Stop::NoSuchApi(id.to_owned())
            } else {
                e.into()
            });
        }
        id.to_owned()
    } else {
        let found = find_rest_apis(aws, PETSTORE_NAME).await?;
        match found.as_slice() {
            [] => return Ok(()),
            [one] => one.clone(),
            _ => return Err(Stop::Ambiguous(found)),
        }
    };
    let name = aws
        .apigateway
        .get_rest_api()
        .rest_api_id(&id)
        .send()
        .await
        .map_err(|e| sdk("apigateway:GET /restapis/{id}", e))?
        .name
        .unwrap_or_default();
    let mut api = RestApiFacts {
        id: id.clone(),
        name,
        ..RestApiFacts::default()
    };
    for (path, resource) in resources(aws, &id).await? {
        if let Some(rid) = &resource.id {
            api.resource_ids.insert(path.clone(), rid.clone());
        }
        let methods = resource
            .resource_methods
            .unwrap_or_default()
            .into_iter()
            .map(|(verb, m)| {
                let facts = MethodFacts {
                    authorization_type: m.authorization_type.unwrap_or_else(|| "NONE".into()),
                    authorizer_id: m.authorizer_id,
                    api_key_required: m.api_key_required.unwrap_or(false),
                };
                (verb, facts)
            })
            .collect();
        api.methods.insert(path, methods);
    }
    stage(aws, &mut api, stage_hint).await?;
    facts.authorizer = authorizer(aws, &api, &mut facts.authorizer_count).await?;
    facts.rest_api = Some(api);
    Ok(())
}

async fn stage(aws: &Aws, api: &mut RestApiFacts, hint: Option<&str>) -> Result<(), AwsError> {
    let out = aws
        .apigateway
        .get_stages()
        .rest_api_id(&api.id)
        .send()
        .await
        .map_err(|e| sdk("apigateway:GET /restapis/{id}/stages", e))?;
    let mut stages: Vec<(String, String)> = out
        .item
        .unwrap_or_default()
        .into_iter()
        .filter_map(|s| Some((s.stage_name?, s.deployment_id.unwrap_or_default())))
        .collect();
    stages.sort();
    api.stages = stages.iter().map(|(n, _)| n.clone()).collect();
    let chosen = hint
        .and_then(|h| stages.iter().find(|(n, _)| n == h))
        .or_else(|| stages.iter().find(|(n, _)| n == "test"))
        .or_else(|| stages.first());
    let Some((name, deployment_id)) = chosen.cloned() else {
        return Ok(());
    };
    let deployment = aws
        .apigateway
        .get_deployment()
        .rest_api_id(&api.id)
        .deployment_id(&deployment_id)
        .embed("apisummary")
        .send()
        .await
        .map_err(|e| sdk("apigateway:GET /restapis/{id}/deployments/{id}", e))?;
    let served = deployment.api_summary.map(|summary| {
        summary
            .into_iter()
            .map(|(path, methods)| {
                let methods: BTreeMap<String, (String, bool)> = methods
                    .into_iter()
                    .map(|(verb, snap)| {
                        let auth = snap.authorization_type.unwrap_or_else(|| "NONE".into());
                        (verb, (auth, snap.api_key_required))
                    })
                    .collect();
                (path, methods)
            })
            .collect()
    });
    api.stage = Some(StageFacts {
        name,
        deployment_id,
        served,
    });
    Ok(())
}

/// The authorizer `GET /pets` uses; else the tutorial's by name; else the only one.
async fn authorizer(
    aws: &Aws,
    api: &RestApiFacts,
    count: &mut usize,
) -> Result<Option<AuthorizerFacts>, AwsError> {
    let out = aws
        .apigateway
        .get_authorizers()
        .rest_api_id(&api.id)
        .limit(500)
        .send()
        .await
        .map_err(|e| sdk("apigateway:GET /restapis/{id}/authorizers", e))?;
    let all = out.items.unwrap_or_default();
    *count = all.len();
    let used = api
        .methods
        .get("/pets")
        .and_then(|m| m.get("GET"))
        .and_then(|m| m.authorizer_id.clone());
    let chosen = used
        .and_then(|id| all.iter().find(|a| a.id.as_deref() == Some(id.as_str())))
        .or_else(|| {
            all.iter()
                .find(|a| a.name() == Some(DEFAULT_AUTHORIZER_NAME))
        })
        .or_else(|| if all.len() == 1 { all.first() } else { None });
    Ok(chosen.map(|a| AuthorizerFacts {
        id: a.id.clone().unwrap_or_default(),
        name: a.name.clone().unwrap_or_default(),
        kind: a
            .r#type
            .as_ref()
            .map_or_else(String::new, |t| t.as_str().to_owned()),
        function_arn: a
            .authorizer_uri
            .as_deref()
            .and_then(|uri| uri.split("/functions/").nth(1))
            .and_then(|rest| rest.strip_suffix("/invocations"))
            .map(str::to_owned),
        credentials: a.authorizer_credentials.clone(),
        identity_source: a.identity_source.clone(),
        validation: a.identity_validation_expression.clone(),
        ttl_secs: a.authorizer_result_ttl_in_seconds.unwrap_or(300),
    }))
}
