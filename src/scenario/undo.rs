//! `reset`'s side of each primitive: one recorded undo put back through the same calls.

use super::ops::Ops;
use super::record::Undo;
use crate::flow::ActionFailure;

/// Puts one break back.
pub async fn undo(ops: &Ops<'_>, u: &Undo) -> Result<(), ActionFailure> {
    match u {
        Undo::FunctionEnv {
            function,
            name,
            previous,
        } => {
            ops.edit_env(function, |env| match previous {
                Some(value) => {
                    env.insert(name.clone(), value.clone());
                }
                None => {
                    env.remove(name);
                }
            })
            .await
        }
        Undo::Authorizer {
            api_id,
            authorizer_id,
            path,
            previous,
            stage,
        } => {
            ops.patch_authorizer(api_id, authorizer_id, path, previous)
                .await?;
            ops.deploy(api_id, stage).await
        }
        Undo::Deploy { api_id, stage } => ops.deploy(api_id, stage).await,
        Undo::AttachRolePolicy { role, policy } => ops.role_policy(role, policy, true).await,
        Undo::SigningAlg {
            auth0_api_id,
            previous,
        } => {
            let path = format!("/api/v2/resource-servers/{auth0_api_id}");
            ops.auth0_patch(
                &path,
                "update:resource_servers",
                serde_json::json!({ "signing_alg": previous }),
            )
            .await
        }
        Undo::GrantScopes { grant_id, scopes } => {
            let path = format!("/api/v2/client-grants/{grant_id}");
            ops.auth0_patch(
                &path,
                "update:client_grants",
                serde_json::json!({ "scope": scopes }),
            )
            .await
        }
        Undo::Clock { previous_secs } => ops.clock(*previous_secs).await.map(|_| ()),
        Undo::FreshEnvironments { function } => ops.refresh_function(function).await,
        Undo::GatewayCors {
            api_id,
            response_type,
            value,
            stage,
        } => {
            ops.gateway_cors(api_id, response_type, Some(value)).await?;
            ops.deploy(api_id, stage).await
        }
    }
}
