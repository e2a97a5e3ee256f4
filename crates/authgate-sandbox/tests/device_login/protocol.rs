//! `/oauth/device/code` and the device-code grant on `/oauth/token`: Auth0's answers.

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::fixture::{AUDIENCE, Tenant, claims};

#[tokio::test]
async fn a_device_code_answer_has_auth0s_shape() {
    let tenant = Tenant::start().await;
    let response = tenant
        .http
        .post(format!("{}/oauth/device/code", tenant.base))
        .json(&json!({"client_id": tenant.native_id, "scope": "openid", "audience": AUDIENCE}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body: Value = response.json().await.unwrap();
    let user_code = body["user_code"].as_str().unwrap();
    assert!(
        regex::Regex::new("^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$")
            .unwrap()
            .is_match(user_code),
        "{body}"
    );
    let uri = format!("{}/activate", tenant.base);
    assert_eq!(body["verification_uri"], uri.as_str());
    assert_eq!(
        body["verification_uri_complete"],
        format!("{uri}?user_code={user_code}").as_str()
    );
    assert_eq!(body["expires_in"], 900);
    assert_eq!(body["interval"], 5);
    assert!(body["device_code"].as_str().unwrap().len() >= 32);

    let discovery: Value = tenant
        .http
        .get(format!("{}/.well-known/openid-configuration", tenant.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        discovery["device_authorization_endpoint"],
        format!("{}/oauth/device/code", tenant.base).as_str()
    );
    assert!(
        discovery["grant_types_supported"]
            .as_array()
            .unwrap()
            .contains(&json!("urn:ietf:params:oauth:grant-type:device_code"))
    );
}

#[tokio::test]
async fn clients_without_the_grant_and_unknown_apis_are_refused_as_auth0_does() {
    let tenant = Tenant::start().await;
    let (status, body) = tenant.device_code(&tenant.m2m_id, "openid").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        body,
        json!({
            "error": "unauthorized_client",
            "error_description": "Grant type 'urn:ietf:params:oauth:grant-type:device_code' not allowed for the client.",
            "error_uri": "https://auth0.com/docs/clients/client-grant-types",
        })
    );
    let response = tenant
        .http
        .post(format!("{}/oauth/device/code", tenant.base))
        .form(&[
            ("client_id", tenant.native_id.as_str()),
            ("audience", "https://nope"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error_description"], "Service not found: https://nope");
    let (status, body) = tenant.device_code("", "openid").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_request");
}

#[tokio::test]
async fn polling_is_pending_then_slow_down_when_too_fast() {
    let tenant = Tenant::start().await;
    let started = tenant.started("openid").await;
    let (status, body) = tenant.poll(&started.device_code).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(
        body,
        json!({"error": "authorization_pending", "error_description": "User has yet to authorize device code."})
    );
    let (status, body) = tenant.poll(&started.device_code).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        body,
        json!({"error": "slow_down", "error_description": "You are polling faster than the specified interval of 5 seconds."})
    );
    tenant.skew(6).await;
    let (status, body) = tenant.poll(&started.device_code).await;
    assert_eq!(
        (status, &body["error"]),
        (StatusCode::FORBIDDEN, &json!("authorization_pending"))
    );
}

#[tokio::test]
async fn an_expired_code_is_reported_once_then_invalid() {
    let tenant = Tenant::start().await;
    let started = tenant.started("openid").await;
    tenant.skew(901).await;
    let (status, body) = tenant.poll(&started.device_code).await;
    assert_eq!(
        (status, &body["error"]),
        (StatusCode::FORBIDDEN, &json!("expired_token"))
    );
    tenant.skew(910).await;
    let (status, body) = tenant.poll(&started.device_code).await;
    assert_eq!(
        (status, &body["error"]),
        (StatusCode::FORBIDDEN, &json!("invalid_grant"))
    );
    // The page no longer takes the code either.
    let (status, _) = tenant
        .activate(&[("step", "code"), ("user_code", &started.user_code)])
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_denied_login_answers_access_denied_once() {
    let tenant = Tenant::start().await;
    let started = tenant.started("openid").await;
    tenant
        .sign_in_and(&started.user_code, "reader@authgate.test", "deny")
        .await;
    let (status, body) = tenant.poll(&started.device_code).await;
    assert_eq!(
        (status, &body["error"]),
        (StatusCode::FORBIDDEN, &json!("access_denied"))
    );
    tenant.skew(6).await;
    let (status, body) = tenant.poll(&started.device_code).await;
    assert_eq!(
        (status, &body["error"]),
        (StatusCode::FORBIDDEN, &json!("invalid_grant"))
    );
}

#[tokio::test]
async fn an_approved_login_gets_the_users_permissions_once() {
    let tenant = Tenant::start().await;
    let started = tenant
        .started("openid profile email offline_access read:pets write:pets")
        .await;
    tenant
        .sign_in_and(&started.user_code, "reader@authgate.test", "accept")
        .await;
    let (status, body) = tenant.poll(&started.device_code).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 86_400);
    // RBAC: requested API scopes only as far as the user's roles grant them.
    assert_eq!(body["scope"], "openid profile email read:pets");
    assert!(body.get("refresh_token").is_none());

    let access = claims(body["access_token"].as_str().unwrap());
    assert_eq!(access["iss"], format!("{}/", tenant.base).as_str());
    assert!(
        access["sub"].as_str().unwrap().starts_with("auth0|"),
        "{access}"
    );
    assert_eq!(
        access["aud"],
        json!([AUDIENCE, format!("{}/userinfo", tenant.base)])
    );
    assert_eq!(access["azp"], tenant.native_id.as_str());
    assert_eq!(access["scope"], "openid profile email read:pets");
    assert_eq!(access["permissions"], json!(["read:pets"]));
    assert!(access["exp"].as_i64().unwrap() > access["iat"].as_i64().unwrap());
    let header = authgate_core::jwt::decode_unverified(body["access_token"].as_str().unwrap())
        .unwrap()
        .0;
    let jwks: Value = tenant
        .http
        .get(format!("{}/.well-known/jwks.json", tenant.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(header["alg"], "RS256");
    assert_eq!(jwks["keys"][0]["kid"], header["kid"]);

    let id = claims(body["id_token"].as_str().unwrap());
    assert_eq!(id["aud"], tenant.native_id.as_str());
    assert_eq!(id["sub"], access["sub"]);
    assert_eq!(id["email"], "reader@authgate.test");
    assert!(id["name"].is_string());
    assert!(id.get("nonce").is_none());

    tenant.skew(6).await;
    let (status, body) = tenant.poll(&started.device_code).await;
    assert_eq!(
        (status, &body["error"]),
        (StatusCode::FORBIDDEN, &json!("invalid_grant"))
    );
}

#[tokio::test]
async fn m2m_tokens_keep_scope_and_get_permissions_too() {
    let tenant = Tenant::start().await;
    let body: Value = tenant
        .http
        .post(format!("{}/oauth/token", tenant.base))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", &tenant.m2m_id),
            ("client_secret", &tenant.m2m_secret),
            ("audience", AUDIENCE),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let access = claims(body["access_token"].as_str().unwrap());
    assert_eq!(access["scope"], "read:pets");
    assert_eq!(access["permissions"], json!(["read:pets"]));
    assert_eq!(access["gty"], "client-credentials");
}
