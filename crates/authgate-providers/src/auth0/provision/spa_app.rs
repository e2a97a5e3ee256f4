//! Ensuring the Single Page Application `authgate web` signs users in with (Authorization
//! Code + PKCE): public (no secret, `token_endpoint_auth_method: none`), its callback,
//! web origin and logout URL the page's loopback URL. Found again by its `client_metadata`
//! tag; a rerun from another port adds that page's URLs (others stay).

use serde_json::{Value, json};

use super::public_app;
use super::{Desired, drifted};
use crate::auth0::objects::LoginApp;
use crate::auth0::{Auth0Error, Management, Provisioned};

/// The application's name in the tenant.
pub const SPA_APP_NAME: &str = "authgate PetStore (web page)";

/// The fixed settings; drift in any of them is patched back.
fn desired() -> Desired {
    vec![
        ("app_type", json!("spa")),
        (
            "grant_types",
            json!(["authorization_code", "refresh_token"]),
        ),
        ("token_endpoint_auth_method", json!("none")),
        ("oidc_conformant", json!(true)),
    ]
}

/// The URL lists the page needs: `(field, value)`; a value missing from the list is added.
fn urls(origin: &str) -> [(&'static str, String); 3] {
    [
        ("callbacks", format!("{origin}/")),
        ("web_origins", origin.to_owned()),
        ("allowed_logout_urls", format!("{origin}/")),
    ]
}

const TAG: &str = "web-page";
const WHAT: &str = "web-page application";
/// The settings `desired` and `urls` compare.
const FIELDS: &str = "app_type,grant_types,token_endpoint_auth_method,oidc_conformant,\
                      callbacks,web_origins,allowed_logout_urls";

/// Finds authgate's web-page application for `audience` or creates it, then patches drift
/// and adds the URLs of the page at `origin`.
pub async fn ensure_spa_app(
    m: &Management,
    audience: &str,
    origin: &str,
) -> Result<Provisioned<LoginApp>, Auth0Error> {
    let found = public_app::find(m, TAG, audience, FIELDS).await?;
    let Some(found) = found else {
        let mut settings = desired();
        settings.extend(urls(origin).map(|(key, value)| (key, json!([value]))));
        return public_app::create(m, (SPA_APP_NAME, TAG, audience), settings, WHAT).await;
    };
    let mut drift = drifted(&found, desired());
    for (key, value) in urls(origin) {
        let mut list: Vec<Value> = found[key].as_array().cloned().unwrap_or_default();
        if !list.iter().any(|v| v == value.as_str()) {
            list.push(json!(value));
            drift.insert(key.into(), Value::Array(list));
        }
    }
    let (app, patched) = public_app::patch(m, &found, drift, WHAT).await?;
    Ok(Provisioned::reused(app, patched))
}

/// How the application `client` differs from what `ensure_spa_app` leaves for the pages at
/// `origins`: each fixed setting, and each page's callback, web origin and logout URL.
pub fn spa_app_differences(client: &Value, origins: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = desired()
        .into_iter()
        .filter(|(key, value)| client[*key] != *value)
        .map(|(key, value)| format!("{key} is {} (authgate set {value})", client[key]))
        .collect();
    for origin in origins {
        for (key, value) in urls(origin) {
            let listed = client[key]
                .as_array()
                .is_some_and(|list| list.iter().any(|v| v == value.as_str()));
            if !listed {
                out.push(format!("{key} lacks {value} (authgate web's page)"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_removed_callback_and_a_changed_grant_are_differences() {
        let page = "http://127.0.0.1:5180";
        let mut client = json!({
            "app_type": "spa",
            "grant_types": ["authorization_code", "refresh_token"],
            "token_endpoint_auth_method": "none",
            "oidc_conformant": true,
            "callbacks": [format!("{page}/")],
            "web_origins": [page],
            "allowed_logout_urls": [format!("{page}/"), "http://other/"],
        });
        assert_eq!(spa_app_differences(&client, &[page]), Vec::<String>::new());
        client["callbacks"] = json!([]);
        client["token_endpoint_auth_method"] = json!("client_secret_post");
        let found = spa_app_differences(&client, &[page]);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with("token_endpoint_auth_method is \"client_secret_post\""));
        assert_eq!(
            found[1],
            format!("callbacks lacks {page}/ (authgate web's page)")
        );
    }
}
