//! Ensuring the Native application users log in with through the device flow (RFC 8628):
//! public (no secret, `token_endpoint_auth_method: none`), OIDC conformant, with the
//! device-code and refresh-token grants. Found again on reruns by its `client_metadata` tag.

use reqwest::Method;
use serde_json::{Value, json};

use super::{encode, string_field, verb};
use crate::auth0::objects::LoginApp;
use crate::auth0::{Auth0Error, Management, Provisioned};

/// The grant type RFC 8628 defines; Auth0 names it the same in `grant_types`.
pub const DEVICE_CODE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

/// The settings the device flow needs; drift in any of them is patched back.
fn desired() -> [(&'static str, Value); 4] {
    [
        ("app_type", json!("native")),
        ("grant_types", json!([DEVICE_CODE_GRANT, "refresh_token"])),
        ("token_endpoint_auth_method", json!("none")),
        ("oidc_conformant", json!(true)),
    ]
}

fn is_our_login_app(client: &Value, audience: &str) -> bool {
    let meta = &client["client_metadata"];
    meta["created_by"] == "authgate"
        && meta["authgate_role"] == "login-app"
        && meta["authgate_audience"] == audience
}

async fn find(m: &Management, audience: &str) -> Result<Option<Value>, Auth0Error> {
    const PER_PAGE: usize = 100;
    const MAX_PAGES: usize = 20;
    for page in 0..MAX_PAGES {
        let path = format!(
            "/api/v2/clients?per_page={PER_PAGE}&page={page}&fields=client_id,name,app_type,\
             grant_types,token_endpoint_auth_method,oidc_conformant,client_metadata&include_fields=true"
        );
        let list = m.call(Method::GET, &path, "read:clients", None).await?;
        let clients = list.as_array().cloned().unwrap_or_default();
        if let Some(found) = clients.iter().find(|c| is_our_login_app(c, audience)) {
            return Ok(Some(found.clone()));
        }
        if clients.len() < PER_PAGE {
            break;
        }
    }
    Ok(None)
}

/// Finds authgate's login application for `audience` or creates it, then patches drift.
pub async fn ensure_login_app(
    m: &Management,
    name: &str,
    audience: &str,
) -> Result<Provisioned<LoginApp>, Auth0Error> {
    let Some(found) = find(m, audience).await? else {
        let mut body = json!({
            "name": name,
            "jwt_configuration": { "alg": "RS256" },
            "client_metadata": {
                "created_by": "authgate", "authgate_role": "login-app", "authgate_audience": audience,
            },
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
        let app = login_app(&created)?;
        m.report(format!(
            "Created login application {} ({})",
            app.name, app.client_id
        ));
        return Ok(Provisioned::created(app));
    };
    let mut drift = serde_json::Map::new();
    if found["name"] != name {
        drift.insert("name".into(), json!(name));
    }
    for (key, value) in desired() {
        if found[key] != value {
            drift.insert(key.into(), value);
        }
    }
    let patched: Vec<String> = drift.keys().cloned().collect();
    let app = login_app(&found)?;
    if !drift.is_empty() {
        m.report(format!(
            "Patching login application drift: {}",
            patched.join(", ")
        ));
        let path = format!("/api/v2/clients/{}", encode(&app.client_id));
        m.call(
            Method::PATCH,
            &path,
            "update:clients",
            Some(&Value::Object(drift)),
        )
        .await?;
    }
    m.report(format!(
        "{} login application {} ({})",
        verb(false),
        app.name,
        app.client_id
    ));
    Ok(Provisioned::reused(
        LoginApp {
            name: name.to_owned(),
            ..app
        },
        patched,
    ))
}

fn login_app(value: &Value) -> Result<LoginApp, Auth0Error> {
    let field = |k: &str| string_field(value, k, "client");
    Ok(LoginApp {
        client_id: field("client_id")?,
        name: field("name")?,
    })
}
