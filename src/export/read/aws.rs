//! The AWS side read back: the REST API and which of its methods the authorizer secures, the
//! stage, the IAM role with its trust and managed policies, the function's configuration and
//! code (`GetFunction`, the zip downloaded), the authorizer's settings.

use std::collections::{BTreeMap, BTreeSet};

use super::gone;
use crate::export::api::Definition;
use crate::export::snapshot::{
    Authorizer, AwsPart, EXPORTED_ENV, Function, IamRole, RestApi, Stage, TENANT_ENV,
};
use crate::flow::failure::OrFail;
use crate::flow::outcome::ActionFailure;
use crate::state::{ResourceKey, State};
use authgate_core::tutorial::PETSTORE_OPENAPI;
use authgate_providers::aws::apigateway::resources;
use authgate_providers::aws::iam::{attached_policies, parse_policy_document};
use authgate_providers::aws::lambda::deployed_code::read_deployed_code;
use authgate_providers::aws::sdk;
use authgate_providers::aws::{Aws, AwsError};

const WHAT: &str = "reading the AWS resource";

/// `Ok(None)` for a not-found answer.
fn found<T>(result: Result<T, AwsError>) -> Result<Option<T>, ActionFailure> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(e).or_fail(WHAT),
    }
}

fn must<T>(result: Result<T, AwsError>, key: ResourceKey, id: &str) -> Result<T, ActionFailure> {
    found(result)?.ok_or_else(|| gone(key, id))
}

/// Which methods use the recorded authorizer, and how the live API differs from the
/// definition it was imported from.
async fn routes(
    aws: &Aws,
    api_id: &str,
    authorizer_id: &str,
) -> Result<(Vec<(String, String)>, Vec<String>), ActionFailure> {
    let by_path = must(resources(aws, api_id).await, ResourceKey::RestApi, api_id)?;
    let mut live = BTreeSet::new();
    let mut secured = Vec::new();
    for (path, resource) in &by_path {
        for (verb, method) in resource.resource_methods().into_iter().flatten() {
            live.insert((verb.clone(), path.clone()));
            if method.authorization_type() == Some("CUSTOM")
                && method.authorizer_id() == Some(authorizer_id)
            {
                secured.push((verb.clone(), path.clone()));
            }
        }
    }
    secured.sort();
    let definition =
        Definition::parse(PETSTORE_OPENAPI).or_fail("reading the PetStore definition")?;
    let defined: BTreeSet<(String, String)> = definition.routes().into_iter().collect();
    let mut differences: Vec<String> = live
        .difference(&defined)
        .map(|(v, p)| format!("{v} {p} is on the live API but not in the definition: not exported"))
        .collect();
    differences.extend(
        defined.difference(&live).map(|(v, p)| {
            format!("{v} {p} is in the definition but not on the live API: exported")
        }),
    );
    Ok((secured, differences))
}

async fn role(aws: &Aws, name: &str) -> Result<IamRole, ActionFailure> {
    let got = aws.iam.get_role().role_name(name).send().await;
    let live = must(
        got.map_err(|e| sdk("iam:GetRole", e)),
        ResourceKey::Role,
        name,
    )?;
    let trust_policy = live
        .role()
        .and_then(|r| parse_policy_document(r.assume_role_policy_document()?))
        .unwrap_or_else(authgate_providers::aws::iam::trust_policy);
    let mut managed_policies = attached_policies(aws, name).await.or_fail(WHAT)?;
    managed_policies.sort();
    Ok(IamRole {
        name: name.to_owned(),
        trust_policy,
        managed_policies,
    })
}

/// The function's configuration and code; of its environment only what authgate sets.
async fn function(aws: &Aws, name: &str, state: &State) -> Result<Function, ActionFailure> {
    let http = authgate_core::http::client_builder()
        .build()
        .unwrap_or_default();
    let code = must(
        read_deployed_code(aws, &http, name).await,
        ResourceKey::Function,
        name,
    )?;
    let mut env = BTreeMap::new();
    let mut left_out_env = Vec::new();
    for (key, value) in code.env {
        if TENANT_ENV.contains(&key.as_str()) {
            continue;
        }
        if EXPORTED_ENV.contains(&key.as_str()) {
            env.insert(key, value);
        } else {
            left_out_env.push(key);
        }
    }
    Ok(Function {
        name: code.name,
        runtime: code.runtime,
        handler: code.handler,
        timeout_secs: code.timeout_secs.unwrap_or(30),
        memory_mb: code.memory_mb.unwrap_or(128),
        env,
        left_out_env,
        zip: code.zip,
        custom_source: state
            .inputs
            .as_ref()
            .and_then(|i| i.authorizer.as_ref())
            .map(|a| a.path.clone()),
    })
}

async fn authorizer(aws: &Aws, api_id: &str, id: &str) -> Result<Authorizer, ActionFailure> {
    let got = aws
        .apigateway
        .get_authorizer()
        .rest_api_id(api_id)
        .authorizer_id(id)
        .send()
        .await;
    let live = must(
        got.map_err(|e| sdk("apigateway:GET /restapis/{id}/authorizers/{id}", e)),
        ResourceKey::Authorizer,
        id,
    )?;
    Ok(Authorizer {
        name: live.name().unwrap_or_default().to_owned(),
        identity_source: live
            .identity_source()
            .unwrap_or(authgate_providers::aws::authorizer::IDENTITY_SOURCE)
            .to_owned(),
        validation: live
            .identity_validation_expression()
            .unwrap_or_default()
            .to_owned(),
        ttl_secs: live.authorizer_result_ttl_in_seconds().unwrap_or(300),
        uses_role: live.authorizer_credentials().is_some(),
    })
}

pub(super) async fn read(aws: &Aws, state: &State) -> Result<AwsPart, ActionFailure> {
    let r = &state.resources;
    let (
        Some(api),
        Some(recorded_authorizer),
        Some(recorded_stage),
        Some(recorded_role),
        Some(recorded_function),
    ) = (&r.rest_api, &r.authorizer, &r.stage, &r.role, &r.function)
    else {
        return Err(ActionFailure::new(
            "the AWS side is not complete",
            "the state file lacks the REST API, stage, role, function or authorizer",
            "run `authgate setup`",
        ));
    };
    let got = aws
        .apigateway
        .get_rest_api()
        .rest_api_id(&api.id)
        .send()
        .await;
    let live_api = must(
        got.map_err(|e| sdk("apigateway:GET /restapis/{id}", e)),
        ResourceKey::RestApi,
        &api.id,
    )?;
    let (secured, differences) = routes(aws, &api.id, &recorded_authorizer.id).await?;
    let got = aws
        .apigateway
        .get_stage()
        .rest_api_id(&recorded_stage.details.api_id)
        .stage_name(&recorded_stage.id)
        .send()
        .await;
    let live_stage = must(
        got.map_err(|e| sdk("apigateway:GET /restapis/{id}/stages/{name}", e)),
        ResourceKey::Stage,
        &recorded_stage.id,
    )?;
    Ok(AwsPart {
        rest_api: RestApi {
            name: live_api.name().unwrap_or("PetStore").to_owned(),
            description: live_api.description().unwrap_or_default().to_owned(),
            definition: PETSTORE_OPENAPI.to_owned(),
            differences,
        },
        stage: Stage {
            name: recorded_stage.id.clone(),
            description: live_stage.description().unwrap_or_default().to_owned(),
        },
        role: role(aws, &recorded_role.id).await?,
        function: function(aws, &recorded_function.id, state).await?,
        authorizer: authorizer(
            aws,
            &recorded_authorizer.details.api_id,
            &recorded_authorizer.id,
        )
        .await?,
        secured,
    })
}
