//! Ensuring the roles that give users the API's permissions: find by exact name or create
//! (`/api/v2/roles`), then make the role's permissions on this API exactly the wanted ones
//! (`/api/v2/roles/{id}/permissions`, Auth0's `resource_server_identifier` +
//! `permission_name`). Permissions on other APIs are left alone.

use reqwest::Method;
use serde_json::{Value, json};

use super::{encode, string_field, verb};
use crate::auth0::objects::{Role, RoleSpec};
use crate::auth0::{Auth0Error, Management, Provisioned};

pub async fn ensure_role(
    m: &Management,
    spec: &RoleSpec,
    audience: &str,
) -> Result<Provisioned<Role>, Auth0Error> {
    let (id, created) = if let Some(id) = find_role(m, &spec.name).await? {
        (id, false)
    } else {
        let body = json!({ "name": spec.name, "description": spec.description });
        match m
            .call(Method::POST, "/api/v2/roles", "create:roles", Some(&body))
            .await
        {
            Ok(role) => (string_field(&role, "id", "role")?, true),
            // Created meanwhile (names are unique): use that one.
            Err(e) if e.status() == Some(409) => match find_role(m, &spec.name).await? {
                Some(id) => (id, false),
                None => return Err(e),
            },
            Err(e) => return Err(e),
        }
    };
    m.report(format!("{} role {} ({id})", verb(created), spec.name));
    let path = format!("/api/v2/roles/{}/permissions", encode(&id));
    let have = permissions_on(m, &path, audience).await?;
    let lacking: Vec<&String> = spec
        .permissions
        .iter()
        .filter(|p| !have.contains(p))
        .collect();
    let extra: Vec<&String> = have
        .iter()
        .filter(|p| !spec.permissions.contains(p))
        .collect();
    let body = |names: &[&String]| {
        let list: Vec<Value> = names
            .iter()
            .map(|name| json!({ "resource_server_identifier": audience, "permission_name": name }))
            .collect();
        json!({ "permissions": list })
    };
    if !lacking.is_empty() {
        m.report(format!("Adding {} to role {}", join(&lacking), spec.name));
        m.call(Method::POST, &path, "update:roles", Some(&body(&lacking)))
            .await?;
    }
    if !extra.is_empty() {
        m.report(format!("Removing {} from role {}", join(&extra), spec.name));
        m.call(Method::DELETE, &path, "update:roles", Some(&body(&extra)))
            .await?;
    }
    let role = Role {
        id,
        name: spec.name.clone(),
        permissions: spec.permissions.clone(),
    };
    // A new role's first permissions are part of creating it, not drift.
    if created {
        return Ok(Provisioned::created(role));
    }
    let patched = if lacking.is_empty() && extra.is_empty() {
        Vec::new()
    } else {
        vec!["permissions".to_owned()]
    };
    Ok(Provisioned::reused(role, patched))
}

/// The id of the role named exactly `name` (`name_filter` matches parts of names too).
async fn find_role(m: &Management, name: &str) -> Result<Option<String>, Auth0Error> {
    let filter: String = url::form_urlencoded::byte_serialize(name.as_bytes()).collect();
    let path = format!("/api/v2/roles?name_filter={filter}");
    match m
        .find_paged(&path, "read:roles", |r| r["name"] == name)
        .await?
    {
        Some(role) => string_field(&role, "id", "role").map(Some),
        None => Ok(None),
    }
}

/// The permission names on the API `audience` of the role whose permissions list is `path`
/// (`/api/v2/roles/{id}/permissions`): what ensuring the role makes exact, and what the drift
/// check compares with what it recorded.
pub(crate) async fn permissions_on(
    m: &Management,
    path: &str,
    audience: &str,
) -> Result<Vec<String>, Auth0Error> {
    let mut names = Vec::new();
    m.find_paged(path, "read:roles", |p| {
        if p["resource_server_identifier"] == audience
            && let Some(name) = p["permission_name"].as_str()
        {
            names.push(name.to_owned());
        }
        false
    })
    .await?;
    Ok(names)
}

fn join(names: &[&String]) -> String {
    names
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<&str>>()
        .join(", ")
}
