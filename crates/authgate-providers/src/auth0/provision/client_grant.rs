//! Ensuring the client grant of the test client for the API's audience.

use reqwest::Method;
use serde_json::{Value, json};

use super::{encode, parse, verb};
use crate::auth0::objects::ClientGrant;
use crate::auth0::{Auth0Error, Management, Provisioned};

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
