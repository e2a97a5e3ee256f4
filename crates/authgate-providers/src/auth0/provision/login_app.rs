//! Ensuring the Native application users log in with through the device flow (RFC 8628):
//! public (no secret, `token_endpoint_auth_method: none`), OIDC conformant, with the
//! device-code and refresh-token grants. Found again on reruns by its `client_metadata` tag.

use serde_json::json;

use super::public_app;
use super::{Desired, drifted};
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
const WHAT: &str = "login application";
/// The settings `desired` compares.
const FIELDS: &str = "app_type,grant_types,token_endpoint_auth_method,oidc_conformant";

/// Finds authgate's login application for `audience` or creates it, then patches drift.
pub async fn ensure_login_app(
    m: &Management,
    name: &str,
    audience: &str,
) -> Result<Provisioned<LoginApp>, Auth0Error> {
    let found = public_app::find(m, TAG, audience, FIELDS).await?;
    let Some(found) = found else {
        return public_app::create(m, (name, TAG, audience), desired(), WHAT).await;
    };
    let mut shape = desired();
    shape.push(("name", json!(name)));
    let (app, patched) = public_app::patch(m, &found, drifted(&found, shape), WHAT).await?;
    Ok(Provisioned::reused(
        LoginApp {
            name: name.to_owned(),
            ..app
        },
        patched,
    ))
}
