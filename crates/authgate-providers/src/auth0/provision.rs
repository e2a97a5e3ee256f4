//! Find-or-create, then patch drift: the API, the test client and its grant, the writer
//! client and its grant, and the roles for user logins. Every function converges from any
//! starting point, so a rerun after a crash creates no duplicates.

mod client_grant;
mod login_app;
mod public_app;
mod resource_server;
mod roles;
mod spa_app;
mod test_client;

use super::encode_segment as encode;
use reqwest::Method;
use serde_json::{Map, Value, json};

pub use client_grant::ensure_client_grant;
pub(crate) use login_app::desired as login_app_desired;
pub use login_app::ensure_login_app;
pub(crate) use resource_server::always as resource_server_always;
pub use resource_server::ensure_resource_server;
pub use roles::ensure_role;
pub(crate) use roles::permissions_on as role_permissions_on;
pub use spa_app::{SPA_APP_NAME, ensure_spa_app, spa_app_differences};
pub(crate) use test_client::desired as m2m_client_desired;
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

/// An object's desired shape: the fields authgate sets, each with its value. One list per
/// object serves its create body, the rerun's patch and the drift check.
pub(crate) type Desired = Vec<(&'static str, Value)>;

/// The fields of `desired` that `found` holds otherwise, with the value to put back. A
/// missing boolean counts as `false` (Auth0 leaves some false flags out of its answers).
pub(crate) fn drifted(found: &Value, desired: Desired) -> Map<String, Value> {
    desired
        .into_iter()
        .filter(|(key, want)| {
            let have = &found[*key];
            have != want && !(have.is_null() && *want == Value::Bool(false))
        })
        .map(|(key, want)| (key.to_owned(), want))
        .collect()
}

/// Sends the drifted fields back (`PATCH`) onto `path`, saying which (`Patching {what} drift: …`).
/// Returns their names and Auth0's answer (`None` when nothing drifted).
async fn patch_drift(
    m: &Management,
    path: &str,
    scope: &str,
    what: &str,
    drift: Map<String, Value>,
) -> Result<(Vec<String>, Option<Value>), Auth0Error> {
    let patched: Vec<String> = drift.keys().cloned().collect();
    if drift.is_empty() {
        return Ok((patched, None));
    }
    m.report(format!("Patching {what} drift: {}", patched.join(", ")));
    let answer = m
        .call(Method::PATCH, path, scope, Some(&Value::Object(drift)))
        .await?;
    Ok((patched, Some(answer)))
}

/// The `client_metadata` tag that marks authgate's client with `role` for `audience`.
fn client_tag(role: &str, audience: &str) -> Value {
    json!({ "created_by": "authgate", "authgate_role": role, "authgate_audience": audience })
}

/// Whether `client` carries [`client_tag`]`(role, audience)`.
fn is_tagged(client: &Value, role: &str, audience: &str) -> bool {
    let meta = &client["client_metadata"];
    meta["created_by"] == "authgate"
        && meta["authgate_role"] == role
        && meta["authgate_audience"] == audience
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
