//! Find-or-create, then patch drift: the API, the test client and its grant. Every function
//! converges from any starting point, so a rerun after a crash creates no duplicates.

mod client_grant;
mod login_app;
mod resource_server;
mod test_client;

use super::encode_segment as encode;
use serde_json::Value;

pub use client_grant::ensure_client_grant;
pub use login_app::{DEVICE_CODE_GRANT, ensure_login_app};
pub use resource_server::ensure_resource_server;
pub use test_client::ensure_test_client;

use super::objects::{ClientGrant, ProvisionSpec, ResourceServer, TestClient};
use super::{Auth0Error, Management, Provisioned};

/// What step 1 ensured.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Provisioning {
    pub api: Provisioned<ResourceServer>,
    pub test_client: Provisioned<TestClient>,
    pub grant: Provisioned<ClientGrant>,
}

/// The API, the test client and its grant, in that order.
pub async fn provision(m: &Management, spec: &ProvisionSpec) -> Result<Provisioning, Auth0Error> {
    let api = ensure_resource_server(m, &spec.api).await?;
    let test_client = ensure_test_client(m, &spec.test_client_name, &spec.api.identifier).await?;
    let grant = ensure_client_grant(
        m,
        &test_client.value.client_id,
        &spec.api.identifier,
        &spec.api.scopes,
    )
    .await?;
    Ok(Provisioning {
        api,
        test_client,
        grant,
    })
}

fn parse<T: serde::de::DeserializeOwned>(what: &str, value: Value) -> Result<T, Auth0Error> {
    serde_json::from_value(value).map_err(|e| Auth0Error::Unexpected {
        what: what.to_owned(),
        detail: e.to_string(),
    })
}

fn verb(created: bool) -> &'static str {
    if created { "Created" } else { "Found" }
}
