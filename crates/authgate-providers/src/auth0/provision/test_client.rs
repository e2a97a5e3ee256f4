//! Ensuring authgate's M2M clients (the read-only test client and the writer client), each
//! found again on reruns by its `client_metadata` tag; the secret is re-read through the
//! Management API, never stored.

use reqwest::Method;
use serde_json::{Value, json};

use super::{Desired, client_tag, drifted, encode, is_tagged, patch_drift, string_field, verb};
use crate::auth0::objects::TestClient;
use crate::auth0::{Auth0Error, Management, Provisioned, Secret};

/// Which of authgate's M2M clients: the tag value and the noun the report uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ClientRole {
    /// The test client, granted the test permissions (read-only by default).
    Test,
    /// The writer client, granted every permission of the API.
    Writer,
}

impl ClientRole {
    fn tag(self) -> &'static str {
        match self {
            Self::Test => "test-client",
            Self::Writer => "writer-client",
        }
    }
    fn noun(self) -> &'static str {
        match self {
            Self::Test => "test client",
            Self::Writer => "writer client",
        }
    }
}

/// What an M2M client is: the create body, the rerun's patch and the drift check.
pub(crate) fn desired() -> Desired {
    vec![
        ("app_type", json!("non_interactive")),
        ("grant_types", json!(["client_credentials"])),
        ("token_endpoint_auth_method", json!("client_secret_post")),
        ("oidc_conformant", json!(true)),
    ]
}

pub async fn ensure_test_client(
    m: &Management,
    name: &str,
    audience: &str,
) -> Result<Provisioned<TestClient>, Auth0Error> {
    ensure_m2m_client(m, ClientRole::Test, name, audience).await
}

pub async fn ensure_writer_client(
    m: &Management,
    name: &str,
    audience: &str,
) -> Result<Provisioned<TestClient>, Auth0Error> {
    ensure_m2m_client(m, ClientRole::Writer, name, audience).await
}

async fn ensure_m2m_client(
    m: &Management,
    role: ClientRole,
    name: &str,
    audience: &str,
) -> Result<Provisioned<TestClient>, Auth0Error> {
    let path = "/api/v2/clients?fields=client_id,name,app_type,grant_types,\
                token_endpoint_auth_method,oidc_conformant,client_metadata&include_fields=true";
    let found = m
        .find_paged(path, "read:clients", |c| is_tagged(c, role.tag(), audience))
        .await?;
    let Some(found) = found else {
        let mut body = json!({
            "name": name,
            "jwt_configuration": { "alg": "RS256" },
            "client_metadata": client_tag(role.tag(), audience),
        });
        for (key, value) in desired() {
            body[key] = value;
        }
        let created = m
            .call(
                Method::POST,
                "/api/v2/clients",
                "create:clients",
                Some(&body),
            )
            .await?;
        let client = test_client(&created)?;
        m.report(format!(
            "Created {} {} ({})",
            role.noun(),
            client.name,
            client.client_id
        ));
        return Ok(Provisioned::created(client));
    };
    let id = found["client_id"].as_str().unwrap_or_default().to_owned();
    let mut shape = desired();
    shape.push(("name", json!(name)));
    let path = format!("/api/v2/clients/{}", encode(&id));
    let drift = drifted(&found, shape);
    let (patched, _) = patch_drift(m, &path, "update:clients", role.noun(), drift).await?;
    // The secret is never stored; read it again (needs read:client_keys).
    let path = format!(
        "/api/v2/clients/{}?fields=client_id,name,client_secret&include_fields=true",
        encode(&id)
    );
    let full = m.call(Method::GET, &path, "read:clients", None).await?;
    if full["client_secret"].as_str().is_none() {
        return Err(Auth0Error::InsufficientScope {
            scope: "read:client_keys".into(),
            method: "GET".into(),
            path: format!("/api/v2/clients/{id}"),
        });
    }
    let client = test_client(&full)?;
    m.report(format!(
        "{} {} {} ({})",
        verb(false),
        role.noun(),
        client.name,
        client.client_id
    ));
    Ok(Provisioned::reused(client, patched))
}

fn test_client(value: &Value) -> Result<TestClient, Auth0Error> {
    let field = |k: &str| string_field(value, k, "client");
    Ok(TestClient {
        client_id: field("client_id")?,
        name: field("name")?,
        secret: Secret::new(field("client_secret")?),
    })
}
