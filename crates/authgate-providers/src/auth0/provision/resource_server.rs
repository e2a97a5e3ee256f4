//! Ensuring the API (resource server): find by identifier or create, then patch drift.

use reqwest::Method;
use serde_json::{Value, json};

use super::{encode, parse};
use crate::auth0::objects::{ApiSpec, ResourceServer};
use crate::auth0::{Auth0Error, Management, Provisioned, validate_api_identifier};

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
        .permissions
        .iter()
        .map(|p| json!({ "value": p.value, "description": p.description }))
        .collect();
    let found = if let Some(found) = existing {
        found
    } else {
        let body = json!({
            "name": spec.name, "identifier": spec.identifier, "signing_alg": "RS256",
            "token_dialect": spec.dialect.as_str(), "scopes": scopes,
            "enforce_policies": spec.rbac,
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
    if found["enforce_policies"].as_bool().unwrap_or(false) != spec.rbac {
        drift.insert("enforce_policies".into(), json!(spec.rbac));
    }
    let declared = found["scopes"].as_array().cloned().unwrap_or_default();
    if let Some(merged) = merge_scopes(&declared, &scopes) {
        drift.insert("scopes".into(), Value::Array(merged));
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

/// The API's scopes with ours added or their descriptions corrected, or `None` when nothing
/// differs. Scopes the settings do not name are kept: someone else may rely on them.
fn merge_scopes(declared: &[Value], wanted: &[Value]) -> Option<Vec<Value>> {
    let mut merged = declared.to_vec();
    let mut changed = false;
    for want in wanted {
        match merged.iter_mut().find(|d| d["value"] == want["value"]) {
            Some(have) if have["description"] == want["description"] => {}
            Some(have) => {
                *have = want.clone();
                changed = true;
            }
            None => {
                merged.push(want.clone());
                changed = true;
            }
        }
    }
    changed.then_some(merged)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_are_added_and_described_but_never_dropped() {
        let declared = [
            json!({ "value": "read:pets", "description": "read:pets" }),
            json!({ "value": "admin:pets", "description": "Theirs" }),
        ];
        let wanted = [
            json!({ "value": "read:pets", "description": "Read the pets" }),
            json!({ "value": "write:pets", "description": "Add pets" }),
        ];
        let merged = merge_scopes(&declared, &wanted).unwrap();
        assert_eq!(
            merged,
            [wanted[0].clone(), declared[1].clone(), wanted[1].clone()]
        );
        assert_eq!(merge_scopes(&merged, &wanted), None);
    }
}
