//! Ensuring authgate's M2M clients (the read-only test client and the writer client), each
//! found again on reruns by its `client_metadata` tag; the secret is re-read through the
//! Management API, never stored.

use reqwest::Method;
use serde_json::{Value, json};

use super::{encode, string_field, verb};
use crate::auth0::objects::TestClient;
use crate::auth0::{Auth0Error, Management, Provisioned, Secret};

/// Which of authgate's M2M clients: the tag value and the noun the report uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientRole {
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

/// The `client_metadata` tag that marks authgate's `role` client for `audience`.
fn is_ours(client: &Value, role: ClientRole, audience: &str) -> bool {
    let meta = &client["client_metadata"];
    meta["created_by"] == "authgate"
        && meta["authgate_role"] == role.tag()
        && meta["authgate_audience"] == audience
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
    const PER_PAGE: usize = 100;
    const MAX_PAGES: usize = 20;
    let mut found = None;
    for page in 0..MAX_PAGES {
        let path = format!(
            "/api/v2/clients?per_page={PER_PAGE}&page={page}&fields=client_id,name,app_type,grant_types,client_metadata&include_fields=true"
        );
        let list = m.call(Method::GET, &path, "read:clients", None).await?;
        let clients = list.as_array().cloned().unwrap_or_default();
        found = clients.iter().find(|c| is_ours(c, role, audience)).cloned();
        if found.is_some() || clients.len() < PER_PAGE {
            break;
        }
    }
    let Some(found) = found else {
        let body = json!({
            "name": name, "app_type": "non_interactive", "grant_types": ["client_credentials"],
            "token_endpoint_auth_method": "client_secret_post", "oidc_conformant": true,
            "jwt_configuration": { "alg": "RS256" },
            "client_metadata": { "created_by": "authgate", "authgate_role": role.tag(), "authgate_audience": audience },
        });
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
    let mut drift = serde_json::Map::new();
    if found["name"] != name {
        drift.insert("name".into(), json!(name));
    }
    if found["app_type"] != "non_interactive" {
        drift.insert("app_type".into(), json!("non_interactive"));
    }
    if found["grant_types"] != json!(["client_credentials"]) {
        drift.insert("grant_types".into(), json!(["client_credentials"]));
    }
    let patched: Vec<String> = drift.keys().cloned().collect();
    if !drift.is_empty() {
        m.report(format!(
            "Patching {} drift: {}",
            role.noun(),
            patched.join(", ")
        ));
        let path = format!("/api/v2/clients/{}", encode(&id));
        m.call(
            Method::PATCH,
            &path,
            "update:clients",
            Some(&Value::Object(drift)),
        )
        .await?;
    }
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
