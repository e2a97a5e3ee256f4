//! The Auth0 side read back: the API with its permissions, the test and writer clients with
//! what their grants allow, the roles and their permissions, the login application. Clients
//! are read with `fields=` that leave the secret out: it never reaches this process.

use reqwest::Method;
use serde_json::Value;

use super::gone;
use crate::export::snapshot::{Api, Auth0Part, M2mClient, Role};
use crate::flow::Session;
use crate::flow::failure::OrFail;
use crate::flow::outcome::ActionFailure;
use crate::state::{ResourceKey, State};
use authgate_providers::auth0::{ApiPermission, Auth0Error, Management, encode_segment};

const WHAT: &str = "reading the Auth0 object";

/// One object by its Management API path; 404 is `None`.
async fn get(m: &Management, path: &str, scope: &str) -> Result<Option<Value>, Auth0Error> {
    match m.call(Method::GET, path, scope, None).await {
        Ok(value) => Ok(Some(value)),
        Err(e) if e.status() == Some(404) => Ok(None),
        Err(e) => Err(e),
    }
}

async fn must(
    m: &Management,
    key: ResourceKey,
    id: &str,
    path: &str,
    scope: &str,
) -> Result<Value, ActionFailure> {
    get(m, path, scope)
        .await
        .or_fail(WHAT)?
        .ok_or_else(|| gone(key, id))
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str().map(str::to_owned))
        .collect()
}

fn text(value: &Value, key: &str) -> String {
    value[key].as_str().unwrap_or_default().to_owned()
}

type Recorded<'a, D> = &'a Option<crate::state::Record<D>>;

/// The test or writer client and what its grant allows; the secret is never asked for.
async fn client(
    m: &Management,
    tag: &'static str,
    keys: (ResourceKey, ResourceKey),
    client: Recorded<'_, crate::state::TestClientDetails>,
    grant: Recorded<'_, crate::state::ClientGrantDetails>,
) -> Result<Option<M2mClient>, ActionFailure> {
    let Some(client) = client else {
        return Ok(None);
    };
    let path = format!(
        "/api/v2/clients/{}?fields=client_id,name&include_fields=true",
        encode_segment(&client.id)
    );
    let found = must(m, keys.0, &client.id, &path, "read:clients").await?;
    let scopes = match grant {
        Some(grant) => {
            let path = format!("/api/v2/client-grants/{}", encode_segment(&grant.id));
            let found = must(m, keys.1, &grant.id, &path, "read:client_grants").await?;
            strings(&found["scope"])
        }
        None => Vec::new(),
    };
    Ok(Some(M2mClient {
        tag,
        name: text(&found, "name"),
        scopes,
    }))
}

/// A role and its permissions on the API `audience`.
async fn role(
    m: &Management,
    key: ResourceKey,
    role: Recorded<'_, crate::state::Auth0RoleDetails>,
    audience: &str,
) -> Result<Option<Role>, ActionFailure> {
    let Some(role) = role else {
        return Ok(None);
    };
    let path = format!("/api/v2/roles/{}", encode_segment(&role.id));
    let found = must(m, key, &role.id, &path, "read:roles").await?;
    let list_path = format!("{path}/permissions?per_page=100");
    let list = must(m, key, &role.id, &list_path, "read:roles").await?;
    let mut permissions: Vec<String> = list
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| p["resource_server_identifier"] == audience)
        .filter_map(|p| p["permission_name"].as_str().map(str::to_owned))
        .collect();
    permissions.sort();
    Ok(Some(Role {
        name: text(&found, "name"),
        description: text(&found, "description"),
        permissions,
    }))
}

pub(super) async fn read(session: &mut Session, state: &State) -> Result<Auth0Part, ActionFailure> {
    let m = session.management().await?;
    let r = &state.resources;
    let Some(rs) = &r.resource_server else {
        return Err(gone(ResourceKey::ResourceServer, "(none recorded)"));
    };
    let path = format!("/api/v2/resource-servers/{}", encode_segment(&rs.id));
    let found = must(
        &m,
        ResourceKey::ResourceServer,
        &rs.id,
        &path,
        "read:resource_servers",
    )
    .await?;
    let api = Api {
        name: text(&found, "name"),
        identifier: text(&found, "identifier"),
        signing_alg: found["signing_alg"].as_str().unwrap_or("RS256").to_owned(),
        token_dialect: found["token_dialect"]
            .as_str()
            .unwrap_or("access_token")
            .to_owned(),
        rbac: found["enforce_policies"].as_bool().unwrap_or(false),
        scopes: serde_json::from_value::<Vec<ApiPermission>>(found["scopes"].clone())
            .unwrap_or_default(),
    };
    let test = (ResourceKey::TestClient, ResourceKey::ClientGrant);
    let writer = (ResourceKey::WriterClient, ResourceKey::WriterGrant);
    let clients = [
        client(&m, "test-client", test, &r.test_client, &r.client_grant).await?,
        client(
            &m,
            "writer-client",
            writer,
            &r.writer_client,
            &r.writer_grant,
        )
        .await?,
    ];
    let roles = [
        role(&m, ResourceKey::ReaderRole, &r.reader_role, &api.identifier).await?,
        role(&m, ResourceKey::WriterRole, &r.writer_role, &api.identifier).await?,
    ];
    let login_app = match &r.login_app {
        Some(app) => {
            let path = format!(
                "/api/v2/clients/{}?fields=client_id,name&include_fields=true",
                encode_segment(&app.id)
            );
            get(&m, &path, "read:clients")
                .await
                .or_fail(WHAT)?
                .map(|found| text(&found, "name"))
        }
        None => None,
    };
    Ok(Auth0Part {
        api,
        clients: clients.into_iter().flatten().collect(),
        roles: roles.into_iter().flatten().collect(),
        login_app,
    })
}
