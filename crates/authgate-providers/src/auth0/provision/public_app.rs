//! What the two public applications share (the device flow's login application and
//! `authgate web`'s page): found again by their `client_metadata` tag, created with RS256,
//! the tag and their settings, their drift patched back, each step reported.

use reqwest::Method;
use serde_json::{Map, Value, json};

use super::{Desired, client_tag, encode, is_tagged, patch_drift, string_field, verb};
use crate::auth0::objects::LoginApp;
use crate::auth0::{Auth0Error, Management, Provisioned};

/// The application tagged `tag` for `audience`, read with `fields` (the settings compared).
pub(super) async fn find(
    m: &Management,
    tag: &str,
    audience: &str,
    fields: &str,
) -> Result<Option<Value>, Auth0Error> {
    let path = format!(
        "/api/v2/clients?fields=client_id,name,{fields},client_metadata&include_fields=true"
    );
    m.find_paged(&path, "read:clients", |c| is_tagged(c, tag, audience))
        .await
}

/// Creates the application `name` tagged `tag` for `audience` with `settings`; `what` names
/// it in the report.
pub(super) async fn create(
    m: &Management,
    (name, tag, audience): (&str, &str, &str),
    settings: Desired,
    what: &str,
) -> Result<Provisioned<LoginApp>, Auth0Error> {
    let mut body = json!({
        "name": name,
        "jwt_configuration": { "alg": "RS256" },
        "client_metadata": client_tag(tag, audience),
    });
    for (key, value) in settings {
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
    m.report(format!("Created {what} {} ({})", app.name, app.client_id));
    Ok(Provisioned::created(app))
}

/// Patches the `drift` of the application `found`; the application and what was patched.
pub(super) async fn patch(
    m: &Management,
    found: &Value,
    drift: Map<String, Value>,
    what: &str,
) -> Result<(LoginApp, Vec<String>), Auth0Error> {
    let app = login_app(found)?;
    let path = format!("/api/v2/clients/{}", encode(&app.client_id));
    let (patched, _) = patch_drift(m, &path, "update:clients", what, drift).await?;
    m.report(format!(
        "{} {what} {} ({})",
        verb(false),
        app.name,
        app.client_id
    ));
    Ok((app, patched))
}

/// The application's id and name from a client object.
fn login_app(value: &Value) -> Result<LoginApp, Auth0Error> {
    let field = |k: &str| string_field(value, k, "client");
    Ok(LoginApp {
        client_id: field("client_id")?,
        name: field("name")?,
    })
}
