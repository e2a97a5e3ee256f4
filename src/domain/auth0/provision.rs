//! Find-or-create, then patch drift: the API, the test client and its grant. Every function
//! converges from any starting point, so a rerun after a crash creates no duplicates.

use reqwest::Method;
use serde_json::{Value, json};

use super::objects::{ApiSpec, ClientGrant, ProvisionSpec, ResourceServer, TestClient};
use super::{Auth0Error, Management, Provisioned, Secret, validate_api_identifier};

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

fn encode(segment: &str) -> String {
    url::form_urlencoded::byte_serialize(segment.as_bytes()).collect()
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

pub async fn ensure_resource_server(
    m: &Management,
    spec: &ApiSpec,
) -> Result<Provisioned<ResourceServer>, Auth0Error> {
    validate_api_identifier(&spec.identifier)?;
    let by_identifier = format!("/api/v2/resource-servers/{}", encode(&spec.identifier));
    let existing = match m
        .call(Method::GET, &by_identifier, "read:resource_servers", None)
        .await
    {
        Ok(found) => Some(found),
        Err(e) if e.status() == Some(404) => None,
        Err(e) => return Err(e),
    };
    let scopes: Vec<Value> = spec
        .scopes
        .iter()
        .map(|s| json!({ "value": s, "description": s }))
        .collect();
    let found = match existing {
        Some(found) => found,
        None => {
            let body = json!({
                "name": spec.name, "identifier": spec.identifier, "signing_alg": "RS256",
                "token_dialect": spec.dialect.as_str(), "scopes": scopes,
            });
            match m
                .call(
                    Method::POST,
                    "/api/v2/resource-servers",
                    "create:resource_servers",
                    Some(&body),
                )
                .await
            {
                Ok(created) => {
                    let api: ResourceServer = parse("resource server", created)?;
                    m.report(format!("Created API {} ({})", api.name, api.identifier));
                    return Ok(Provisioned::created(api));
                }
                // Someone created it between our GET and POST: reuse it.
                Err(e) if e.status() == Some(409) => {
                    m.call(Method::GET, &by_identifier, "read:resource_servers", None)
                        .await?
                }
                Err(e) => return Err(e),
            }
        }
    };
    let mut drift = serde_json::Map::new();
    if found["name"] != spec.name.as_str() {
        drift.insert("name".into(), json!(spec.name));
    }
    if found["signing_alg"] != "RS256" {
        drift.insert("signing_alg".into(), json!("RS256"));
    }
    if found["token_dialect"] != spec.dialect.as_str() {
        drift.insert("token_dialect".into(), json!(spec.dialect.as_str()));
    }
    let declared = found["scopes"].as_array().cloned().unwrap_or_default();
    let lacking: Vec<Value> = scopes
        .into_iter()
        .filter(|s| !declared.iter().any(|d| d["value"] == s["value"]))
        .collect();
    if !lacking.is_empty() {
        drift.insert(
            "scopes".into(),
            Value::Array(declared.into_iter().chain(lacking).collect()),
        );
    }
    let api: ResourceServer = parse("resource server", found)?;
    m.report(format!("Found API {} ({})", api.name, api.identifier));
    if drift.is_empty() {
        return Ok(Provisioned::reused(api, Vec::new()));
    }
    let patched: Vec<String> = drift.keys().cloned().collect();
    m.report(format!("Patching API drift: {}", patched.join(", ")));
    let path = format!("/api/v2/resource-servers/{}", encode(&api.id));
    let updated = m
        .call(
            Method::PATCH,
            &path,
            "update:resource_servers",
            Some(&Value::Object(drift)),
        )
        .await?;
    Ok(Provisioned::reused(
        parse("resource server", updated)?,
        patched,
    ))
}

/// The `client_metadata` tag that marks authgate's test client for `audience`.
fn is_our_test_client(client: &Value, audience: &str) -> bool {
    let meta = &client["client_metadata"];
    meta["created_by"] == "authgate"
        && meta["authgate_role"] == "test-client"
        && meta["authgate_audience"] == audience
}

pub async fn ensure_test_client(
    m: &Management,
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
        found = clients
            .iter()
            .find(|c| is_our_test_client(c, audience))
            .cloned();
        if found.is_some() || clients.len() < PER_PAGE {
            break;
        }
    }
    let Some(found) = found else {
        let body = json!({
            "name": name, "app_type": "non_interactive", "grant_types": ["client_credentials"],
            "token_endpoint_auth_method": "client_secret_post", "oidc_conformant": true,
            "jwt_configuration": { "alg": "RS256" },
            "client_metadata": { "created_by": "authgate", "authgate_role": "test-client", "authgate_audience": audience },
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
            "Created test client {} ({})",
            client.name, client.client_id
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
            "Patching test client drift: {}",
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
        "{} test client {} ({})",
        verb(false),
        client.name,
        client.client_id
    ));
    Ok(Provisioned::reused(client, patched))
}

fn test_client(value: &Value) -> Result<TestClient, Auth0Error> {
    let field = |k: &str| {
        value[k]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| Auth0Error::Unexpected {
                what: "client".into(),
                detail: format!("the response has no `{k}`"),
            })
    };
    Ok(TestClient {
        client_id: field("client_id")?,
        name: field("name")?,
        secret: Secret::new(field("client_secret")?),
    })
}

pub async fn ensure_client_grant(
    m: &Management,
    client_id: &str,
    audience: &str,
    scopes: &[String],
) -> Result<Provisioned<ClientGrant>, Auth0Error> {
    let query: String = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("client_id", client_id)
        .append_pair("audience", audience)
        .finish();
    let list_path = format!("/api/v2/client-grants?{query}");
    let mut created = false;
    let mut list = m
        .call(Method::GET, &list_path, "read:client_grants", None)
        .await?;
    if list.as_array().is_none_or(Vec::is_empty) {
        // `scope` is sent explicitly: Auth0 rejects a grant without it.
        let body = json!({ "client_id": client_id, "audience": audience, "scope": scopes });
        match m
            .call(
                Method::POST,
                "/api/v2/client-grants",
                "create:client_grants",
                Some(&body),
            )
            .await
        {
            Ok(grant) => {
                created = true;
                list = json!([grant]);
            }
            Err(e) if e.status() == Some(409) => {
                list = m
                    .call(Method::GET, &list_path, "read:client_grants", None)
                    .await?;
            }
            Err(e) => return Err(e),
        }
    }
    let first = list
        .as_array()
        .and_then(|a| a.first())
        .cloned()
        .unwrap_or(Value::Null);
    let grant: ClientGrant = parse("client grant", first)?;
    m.report(format!(
        "{} client grant {} for {}",
        verb(created),
        grant.id,
        grant.audience
    ));
    if created {
        return Ok(Provisioned::created(grant));
    }
    let mut have = grant.scope.clone();
    let mut want = scopes.to_vec();
    have.sort();
    want.sort();
    if have == want {
        return Ok(Provisioned::reused(grant, Vec::new()));
    }
    m.report(format!(
        "Patching client grant scopes to [{}]",
        scopes.join(", ")
    ));
    let path = format!("/api/v2/client-grants/{}", encode(&grant.id));
    let updated = m
        .call(
            Method::PATCH,
            &path,
            "update:client_grants",
            Some(&json!({ "scope": scopes })),
        )
        .await?;
    Ok(Provisioned::reused(
        parse("client grant", updated)?,
        vec!["scope".into()],
    ))
}
