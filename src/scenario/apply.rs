//! Each primitive: what it finds (from `check`'s discovery), the undo it records first, and
//! the change it makes (`reset`'s side is in `undo.rs`).

use super::file::Break;
use super::ops::Ops;
use super::record::Undo;
use crate::check::facts::{Browser, Facts};
use crate::flow::ActionFailure;
use authgate_providers::auth0::Secret;

/// What a primitive needs that discovery did not find.
fn missing(what: &str) -> ActionFailure {
    ActionFailure::new(
        format!("the setup has no {what} to break"),
        "a scenario starts from the working tutorial",
        "finish the tutorial first (authgate check says what is missing), then start it again",
    )
}

/// The undo for `b`, worked out before anything changes (so a failure half-way can still be
/// reset).
pub fn undo_for(b: &Break, f: &Facts) -> Result<Vec<Undo>, ActionFailure> {
    let aws = &f.aws;
    let api = || aws.rest_api.as_ref().ok_or_else(|| missing("REST API"));
    let stage = || {
        api()?
            .stage
            .as_ref()
            .map(|s| s.name.clone())
            .ok_or_else(|| missing("stage"))
    };
    let authorizer = || aws.authorizer.as_ref().ok_or_else(|| missing("authorizer"));
    let function = || {
        aws.function
            .as_ref()
            .ok_or_else(|| missing("authorizer function"))
    };
    Ok(match b {
        Break::SetFunctionEnv { name, .. } | Break::UnsetFunctionEnv { name } => {
            vec![Undo::FunctionEnv {
                function: function()?.name.clone(),
                name: name.clone(),
                previous: function()?.env.get(name).cloned(),
            }]
        }
        Break::PatchAuthorizer { path, .. } => {
            let z = authorizer()?;
            let previous = match path.as_str() {
                "/identityValidationExpression" => z.validation.clone().unwrap_or_default(),
                "/authorizerResultTtlInSeconds" => z.ttl_secs.to_string(),
                "/identitySource" => z.identity_source.clone().unwrap_or_default(),
                "/authorizerCredentials" => z.credentials.clone().unwrap_or_default(),
                other => {
                    return Err(ActionFailure::new(
                        format!("patch_authorizer cannot undo {other}"),
                        "reset restores only the fields it read before the change",
                        "use one of /identityValidationExpression, /authorizerResultTtlInSeconds, /identitySource, /authorizerCredentials",
                    ));
                }
            };
            vec![Undo::Authorizer {
                api_id: api()?.id.clone(),
                authorizer_id: z.id.clone(),
                path: path.clone(),
                previous,
                stage: stage()?,
            }]
        }
        Break::SecureWithoutRedeploy { .. } => vec![Undo::Deploy {
            api_id: api()?.id.clone(),
            stage: stage()?,
        }],
        Break::DetachRolePolicy { policy } => {
            let role = aws
                .role
                .as_ref()
                .ok_or_else(|| missing("authorizer role"))?;
            vec![Undo::AttachRolePolicy {
                role: role.name.clone(),
                policy: policy.clone(),
            }]
        }
        Break::SetSigningAlg { .. } => {
            let api = f.auth0.api.as_ref().ok_or_else(|| missing("Auth0 API"))?;
            vec![Undo::SigningAlg {
                auth0_api_id: api.id.clone(),
                previous: api.signing_alg.clone(),
            }]
        }
        Break::DropGrantPermission { permission } => f
            .auth0
            .granted
            .iter()
            .filter(|c| c.scopes.contains(permission))
            .map(|c| Undo::GrantScopes {
                grant_id: c.grant_id.clone(),
                scopes: c.scopes.clone(),
            })
            .collect(),
        Break::MoveClock { .. } => vec![Undo::Clock {
            previous_secs: f.auth0.clock_skew_secs.unwrap_or(0),
        }],
        Break::RotateKeys {} => vec![Undo::FreshEnvironments {
            function: function()?.name.clone(),
        }],
        Break::DropGatewayCors { response_type } => vec![Undo::GatewayCors {
            api_id: api()?.id.clone(),
            response_type: response_type.clone(),
            value: format!("'{}'", gateway_origin(f, response_type)?),
            stage: stage()?,
        }],
    })
}

/// The `Access-Control-Allow-Origin` that `response_type` carries now.
fn gateway_origin(f: &Facts, response_type: &str) -> Result<String, ActionFailure> {
    let origin = match &f.aws.browser {
        Browser::Set(b) => b
            .responses
            .as_ref()
            .ok()
            .and_then(|all| all.get(response_type).cloned().flatten()),
        Browser::NotSet(_) => None,
    };
    origin.ok_or_else(|| {
        missing(&format!(
            "{response_type} gateway response with Access-Control-Allow-Origin (run step 4's browser actions)"
        ))
    })
}

/// Makes the change.
pub async fn apply(
    ops: &Ops<'_>,
    b: &Break,
    f: &Facts,
    token: Option<&Secret>,
) -> Result<(), ActionFailure> {
    let fill = |value: &str| fill(value, f);
    match b {
        Break::SetFunctionEnv { name, value } => {
            let fun = f
                .aws
                .function
                .as_ref()
                .ok_or_else(|| missing("authorizer function"))?;
            let value = fill(value);
            ops.edit_env(&fun.name, |env| {
                env.insert(name.clone(), value);
            })
            .await
        }
        Break::UnsetFunctionEnv { name } => {
            let fun = f
                .aws
                .function
                .as_ref()
                .ok_or_else(|| missing("authorizer function"))?;
            ops.edit_env(&fun.name, |env| {
                env.remove(name);
            })
            .await
        }
        Break::PatchAuthorizer { path, value } => {
            let (api, z) = ids(f)?;
            ops.patch_authorizer(&api, &z, path, &fill(value)).await?;
            ops.deploy(&api, &stage(f)?).await
        }
        Break::SecureWithoutRedeploy { method, path } => {
            let (api, z) = ids(f)?;
            let resource = f
                .aws
                .rest_api
                .as_ref()
                .and_then(|a| a.resource_ids.get(path))
                .ok_or_else(|| missing(path))?;
            ops.set_method(&api, resource, method, None).await?;
            ops.deploy(&api, &stage(f)?).await?;
            ops.set_method(&api, resource, method, Some(&z)).await
        }
        Break::DetachRolePolicy { policy } => {
            let role = f
                .aws
                .role
                .as_ref()
                .ok_or_else(|| missing("authorizer role"))?;
            ops.role_policy(&role.name, policy, false).await
        }
        Break::SetSigningAlg { alg } => {
            let api = f.auth0.api.as_ref().ok_or_else(|| missing("Auth0 API"))?;
            let path = format!("/api/v2/resource-servers/{}", api.id);
            ops.auth0_patch(
                &path,
                "update:resource_servers",
                serde_json::json!({ "signing_alg": alg }),
            )
            .await
        }
        Break::DropGrantPermission { permission } => {
            for c in f
                .auth0
                .granted
                .iter()
                .filter(|c| c.scopes.contains(permission))
            {
                let kept: Vec<&String> = c.scopes.iter().filter(|s| *s != permission).collect();
                let path = format!("/api/v2/client-grants/{}", c.grant_id);
                ops.auth0_patch(
                    &path,
                    "update:client_grants",
                    serde_json::json!({ "scope": kept }),
                )
                .await?;
            }
            Ok(())
        }
        Break::MoveClock { secs } => ops.clock(*secs).await.map(|_| ()),
        Break::DropGatewayCors { response_type } => {
            let api = f.aws.rest_api.as_ref().ok_or_else(|| missing("REST API"))?;
            ops.gateway_cors(&api.id, response_type, None).await?;
            ops.deploy(&api.id, &stage(f)?).await
        }
        Break::RotateKeys {} => {
            // Fresh environments fetch the JWKS on their first call (a Test with a valid
            // token, now), then the key changes: the next tokens carry a kid the warm function
            // has not seen, and it may not fetch again for 30 s.
            if let Some(fun) = &f.aws.function {
                ops.refresh_function(&fun.name).await?;
            }
            if let (Ok((api, z)), Some(token)) = (ids(f), token) {
                let header = format!("Bearer {}", token.expose());
                let _ = authgate_providers::aws::authorizer::test_authorizer(
                    ops.aws, &api, &z, &header,
                )
                .await;
            }
            ops.rotate_keys().await
        }
    }
}

fn ids(f: &Facts) -> Result<(String, String), ActionFailure> {
    let api = f.aws.rest_api.as_ref().ok_or_else(|| missing("REST API"))?;
    let z = f
        .aws
        .authorizer
        .as_ref()
        .ok_or_else(|| missing("authorizer"))?;
    Ok((api.id.clone(), z.id.clone()))
}

fn stage(f: &Facts) -> Result<String, ActionFailure> {
    f.aws
        .rest_api
        .as_ref()
        .and_then(|a| a.stage.as_ref())
        .map(|s| s.name.clone())
        .ok_or_else(|| missing("stage"))
}

/// A break's value with `{tenant}`, `{issuer}`, `{jwks_uri}`, `{audience}` filled in.
fn fill(value: &str, f: &Facts) -> String {
    let audience = f.auth0.api.as_ref().map_or("", |a| a.identifier.as_str());
    value
        .replace("{tenant}", f.auth0.base_url.trim_end_matches('/'))
        .replace("{issuer}", &f.auth0.issuer)
        .replace("{jwks_uri}", &f.auth0.jwks_uri)
        .replace("{audience}", audience)
}
