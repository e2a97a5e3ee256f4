//! Ensuring the Native application users log in with through the device flow (RFC 8628):
//! public (no secret, `token_endpoint_auth_method: none`), OIDC conformant, with the
//! device-code and refresh-token grants. Found again on reruns by its `client_metadata` tag.

use reqwest::Method;
use serde_json::{Value, json};

use super::{Desired, client_tag, drifted, encode, is_tagged, patch_drift, string_field, verb};
use crate::auth0::objects::LoginApp;
use crate::auth0::{Auth0Error, Management, Provisioned};

/// The grant type RFC 8628 defines; Auth0 names it the same in `grant_types`.
pub const DEVICE_CODE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

/// The settings the device flow needs: the create body, the rerun's patch and the drift check.
pub(crate) fn desired() -> Desired {
    vec![
        ("app_type", json!("native")),
        ("grant_types", json!([DEVICE_CODE_GRANT, "refresh_token"])),
        ("token_endpoint_auth_method", json!("none")),
        ("oidc_conformant", json!(true)),
    ]
}

const TAG: &str = "login-app";

async fn find(m: &Management, audience: &str) -> Result<Option<Value>, Auth0Error> {
    let path = "/api/v2/clients?fields=client_id,name,app_type,grant_types,\
                token_endpoint_auth_method,oidc_conformant,client_metadata&include_fields=true";
    m.find_paged(path, "read:clients", |c| is_tagged(c, TAG, audience))
        .await
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
            "client_metadata": client_tag(TAG, audience),
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
    let mut shape = desired();
    shape.push(("name", json!(name)));
    let app = login_app(&found)?;
    let path = format!("/api/v2/clients/{}", encode(&app.client_id));
    let drift = drifted(&found, shape);
    let (patched, _) = patch_drift(m, &path, "update:clients", "login application", drift).await?;
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

/// The application's id and name from a client object.
pub(super) fn login_app(value: &Value) -> Result<LoginApp, Auth0Error> {
    let field = |k: &str| string_field(value, k, "client");
    Ok(LoginApp {
        client_id: field("client_id")?,
        name: field("name")?,
    })
}
