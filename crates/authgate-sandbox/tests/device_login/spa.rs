//! A single-page application's sign-in: `/authorize` (reached by a navigation from another
//! origin), the sign-in form (its own origin's posts only), the code exchange at
//! `/oauth/token` with the PKCE verifier, CORS for the application's web origin alone.

use aws_lc_rs::digest::{SHA256, digest};
use base64::Engine as _;
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::fixture::{AUDIENCE, PASSWORD, Tenant};
use authgate_sandbox::{MANAGEMENT_CLIENT_ID, MANAGEMENT_CLIENT_SECRET};

pub const PAGE: &str = "http://127.0.0.1:5180";
const VERIFIER: &str = "a-verifier-of-forty-three-characters-or-more-0123456789";

pub fn challenge(verifier: &str) -> String {
    let hashed = digest(&SHA256, verifier.as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(hashed.as_ref())
}

/// A Single Page Application whose callback and web origin are `PAGE`.
pub async fn spa(t: &Tenant) -> String {
    let token: Value = t
        .http
        .post(format!("{}/oauth/token", t.base))
        .json(&json!({
            "grant_type": "client_credentials", "client_id": MANAGEMENT_CLIENT_ID,
            "client_secret": MANAGEMENT_CLIENT_SECRET, "audience": format!("{}/api/v2/", t.base),
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let created: Value = t
        .http
        .post(format!("{}/api/v2/clients", t.base))
        .bearer_auth(token["access_token"].as_str().unwrap())
        .json(&json!({
            "name": "authgate web", "app_type": "spa", "grant_types": ["authorization_code"],
            "token_endpoint_auth_method": "none", "callbacks": [format!("{PAGE}/")],
            "web_origins": [PAGE], "allowed_logout_urls": [format!("{PAGE}/")],
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    created["client_id"].as_str().unwrap().to_owned()
}

fn authorize_query(client_id: &str, redirect: &str) -> Vec<(&'static str, String)> {
    vec![
        ("response_type", "code".into()),
        ("client_id", client_id.into()),
        ("redirect_uri", redirect.into()),
        ("scope", "openid profile read:pets".into()),
        ("audience", AUDIENCE.into()),
        ("state", "xyz".into()),
        ("code_challenge", challenge(VERIFIER)),
        ("code_challenge_method", "S256".into()),
    ]
}

/// Signs the reader in through the form; the code from the redirect.
async fn sign_in(t: &Tenant, client_id: &str) -> String {
    let mut form = authorize_query(client_id, &format!("{PAGE}/"));
    form.push(("email", "reader@authgate.test".into()));
    form.push(("password", PASSWORD.into()));
    let posted = t
        .http
        .post(format!("{}/authorize", t.base))
        .header("Origin", &t.base)
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), StatusCode::SEE_OTHER);
    let location = url::Url::parse(posted.headers()["location"].to_str().unwrap()).unwrap();
    assert_eq!(location.origin().ascii_serialization(), PAGE);
    let pairs: Vec<(String, String)> = location.query_pairs().into_owned().collect();
    assert!(pairs.contains(&("state".into(), "xyz".into())), "{pairs:?}");
    pairs.into_iter().find(|(k, _)| k == "code").unwrap().1
}

async fn exchange(
    t: &Tenant,
    client_id: &str,
    code: &str,
    verifier: &str,
    origin: &str,
) -> reqwest::Response {
    t.http
        .post(format!("{}/oauth/token", t.base))
        .header("Origin", origin)
        .form(&[
            ("grant_type", "authorization_code"),
            ("client_id", client_id),
            ("code", code),
            ("code_verifier", verifier),
            ("redirect_uri", &format!("{PAGE}/")),
        ])
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_sign_in_page_is_a_navigation_target_without_script() {
    let t = Tenant::start().await;
    let client_id = spa(&t).await;
    let query = authorize_query(&client_id, &format!("{PAGE}/"));
    let page = t
        .http
        .get(format!("{}/authorize", t.base))
        .query(&query)
        .header("Sec-Fetch-Site", "same-site")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains(&format!("form-action 'self' {PAGE}")), "{csp}");
    assert!(csp.contains("default-src 'none'"), "{csp}");
    let html = page.text().await.unwrap();
    assert!(
        !html.contains("<script"),
        "no script on the sandbox's pages"
    );
    assert!(html.contains("name=\"password\""));

    let mismatch = authorize_query(&client_id, "http://127.0.0.1:6666/");
    let refused = t
        .http
        .get(format!("{}/authorize", t.base))
        .query(&mismatch)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("Callback URL mismatch")
    );

    // Another origin's post of the form is refused before it is read (CSRF).
    let mut form = query.clone();
    form.push(("email", "reader@authgate.test".into()));
    form.push(("password", PASSWORD.into()));
    let forged = t
        .http
        .post(format!("{}/authorize", t.base))
        .header("Origin", "http://127.0.0.1:7777")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_code_is_exchanged_once_with_its_verifier_and_cors_for_the_web_origin() {
    let t = Tenant::start().await;
    let client_id = spa(&t).await;

    let code = sign_in(&t, &client_id).await;
    let wrong = exchange(
        &t,
        &client_id,
        &code,
        "another-verifier-of-forty-three-characters-00",
        PAGE,
    )
    .await;
    assert_eq!(wrong.status(), StatusCode::FORBIDDEN);
    assert_eq!(wrong.headers()["access-control-allow-origin"], PAGE);
    let body: Value = wrong.json().await.unwrap();
    assert_eq!(body["error_description"], "Failed PKCE verification");

    let code = sign_in(&t, &client_id).await;
    let ok = exchange(&t, &client_id, &code, VERIFIER, PAGE).await;
    assert_eq!(ok.status(), StatusCode::OK);
    assert_eq!(ok.headers()["access-control-allow-origin"], PAGE);
    let tokens: Value = ok.json().await.unwrap();
    let access = tokens["access_token"].as_str().unwrap();
    let claims = access.split('.').nth(1).unwrap();
    let claims: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(claims)
            .unwrap(),
    )
    .unwrap();
    assert!(
        claims["sub"].as_str().unwrap().starts_with("auth0|"),
        "{claims}"
    );
    assert_eq!(claims["permissions"], json!(["read:pets"]));
    assert!(tokens["id_token"].is_string());
    let again = exchange(&t, &client_id, &code, VERIFIER, PAGE).await;
    assert_eq!(again.status(), StatusCode::FORBIDDEN, "a code works once");

    // An origin the application does not allow gets its answer without CORS headers.
    let code = sign_in(&t, &client_id).await;
    let elsewhere = exchange(&t, &client_id, &code, VERIFIER, "http://127.0.0.1:7777").await;
    assert!(
        !elsewhere
            .headers()
            .contains_key("access-control-allow-origin")
    );
    // A page may not use any other grant.
    let secret_from_a_page = t
        .http
        .post(format!("{}/oauth/token", t.base))
        .header("Origin", PAGE)
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "x"),
            ("client_secret", "y"),
            ("audience", AUDIENCE),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(secret_from_a_page.status(), StatusCode::FORBIDDEN);
    assert!(
        !secret_from_a_page
            .headers()
            .contains_key("access-control-allow-origin")
    );
}
