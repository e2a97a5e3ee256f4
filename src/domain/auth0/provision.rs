//! Find-or-create, then patch drift: the API, the test client and its grant, the writer
//! client and its grant, and the roles for user logins. Every function converges from any
//! starting point, so a rerun after a crash creates no duplicates.

mod client_grant;
mod login_app;
mod resource_server;
mod roles;
mod spa_app;
mod test_client;

use super::encode_segment as encode;
use serde_json::Value;

pub use client_grant::ensure_client_grant;
pub use login_app::{DEVICE_CODE_GRANT, ensure_login_app};
pub use resource_server::ensure_resource_server;
pub use roles::ensure_role;
pub use spa_app::{SPA_APP_NAME, ensure_spa_app, spa_app_differences};
pub use test_client::{ensure_test_client, ensure_writer_client};

use super::objects::{ClientGrant, ProvisionSpec, ResourceServer, Role, RoleSpec, TestClient};
use super::{Auth0Error, Management, Provisioned};

/// What step 1 ensured.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Provisioning {
    pub api: Provisioned<ResourceServer>,
    pub test_client: Provisioned<TestClient>,
    pub grant: Provisioned<ClientGrant>,
    pub writer_client: Provisioned<TestClient>,
    pub writer_grant: Provisioned<ClientGrant>,
    /// `pets-reader`, then `pets-writer`.
    pub roles: Vec<Provisioned<Role>>,
}

/// Everything in step 1's order: the API, the test client and its grant, the writer client
/// and its grant (every permission of the API), then the roles.
pub async fn provision(m: &Management, spec: &ProvisionSpec) -> Result<Provisioning, Auth0Error> {
    let audience = &spec.api.identifier;
    let api = ensure_resource_server(m, &spec.api).await?;
    let test_client = ensure_test_client(m, &spec.test_client_name, audience).await?;
    let grant = ensure_client_grant(
        m,
        &test_client.value.client_id,
        audience,
        &spec.test_client_permissions,
    )
    .await?;
    let writer_client = ensure_writer_client(m, &spec.writer_client_name, audience).await?;
    let writer_grant = ensure_client_grant(
        m,
        &writer_client.value.client_id,
        audience,
        &spec.api.permission_names(),
    )
    .await?;
    let mut roles = Vec::new();
    for role in RoleSpec::for_api(&spec.api.permissions) {
        roles.push(ensure_role(m, &role, audience).await?);
    }
    Ok(Provisioning {
        api,
        test_client,
        grant,
        writer_client,
        writer_grant,
        roles,
    })
}

fn parse<T: serde::de::DeserializeOwned>(what: &str, value: Value) -> Result<T, Auth0Error> {
    serde_json::from_value(value).map_err(|e| Auth0Error::Unexpected {
        what: what.to_owned(),
        detail: e.to_string(),
    })
}

/// The string `key` of a Management API answer about a `what` (a client, a role).
fn string_field(value: &Value, key: &str, what: &str) -> Result<String, Auth0Error> {
    value[key]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| Auth0Error::Unexpected {
            what: what.to_owned(),
            detail: format!("the response has no `{key}`"),
        })
}

fn verb(created: bool) -> &'static str {
    if created { "Created" } else { "Found" }
}
