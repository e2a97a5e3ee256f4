//! Ensuring the API (resource server): find by identifier or create, then patch drift.

use reqwest::Method;
use serde_json::{Value, json};

use super::{Desired, drifted, encode, parse, patch_drift};
use crate::auth0::objects::{ApiSpec, ResourceServer};
use crate::auth0::{Auth0Error, Management, Provisioned, validate_api_identifier};

/// What authgate sets on the API whatever the settings (the authorizer verifies RS256 only):
/// the part of [`desired`] the drift check compares, since the state records no settings.
pub(crate) fn always() -> Desired {
    vec![("signing_alg", json!("RS256"))]
}

/// The API's whole shape for `spec` (its scopes aside, which are merged, never replaced): the
/// create body, the rerun's patch, and through [`always`] the drift check.
fn desired(spec: &ApiSpec) -> Desired {
    let mut shape = always();
    shape.extend([
        ("name", json!(spec.name)),
        ("token_dialect", json!(spec.dialect.as_str())),
        ("enforce_policies", json!(spec.rbac)),
    ]);
    shape
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
        .permissions
        .iter()
        .map(|p| json!({ "value": p.value, "description": p.description }))
        .collect();
    let found = if let Some(found) = existing {
        found
    } else {
        let mut body = json!({ "identifier": spec.identifier, "scopes": scopes });
        for (key, value) in desired(spec) {
            body[key] = value;
        }
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
    let mut drift = drifted(&found, desired(spec));
    let declared = found["scopes"].as_array().cloned().unwrap_or_default();
    if let Some(merged) = merge_scopes(&declared, &scopes) {
        drift.insert("scopes".into(), Value::Array(merged));
    }
    let api: ResourceServer = parse("resource server", found)?;
    m.report(format!("Found API {} ({})", api.name, api.identifier));
    let path = format!("/api/v2/resource-servers/{}", encode(&api.id));
    let scope = "update:resource_servers";
    match patch_drift(m, &path, scope, "API", drift).await? {
        (patched, Some(updated)) => Ok(Provisioned::reused(
            parse("resource server", updated)?,
            patched,
        )),
        (_, None) => Ok(Provisioned::reused(api, Vec::new())),
    }
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
