//! One clock skew for the tenant and the gateway, with both routers on one port.

use serde_json::{Value, json};

use super::function;
use crate::clock::SandboxClock;
use crate::gateway::{AuthorizerCache, fixtures, router};
use crate::tenant::{self, MANAGEMENT_CLIENT_ID, MANAGEMENT_CLIENT_SECRET, TenantState};
use authgate_core::jwt::decode_unverified;

#[tokio::test]
async fn the_skew_hook_moves_token_issuance_and_shares_the_port_with_the_tenant() {
    let dir = tempfile::tempdir().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let state = TenantState::open(dir.path(), &base).unwrap();
    let control = fixtures::FakeControlPlane::new(fixtures::petstore_api(None), function);
    let app =
        tenant::router(state.clone()).merge(router(control, AuthorizerCache::new(state.clock())));
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = authgate_core::http::client();

    let skewed: Value = client
        .post(format!("{base}/sandbox/clock-skew"))
        .json(&json!({"skew_secs": -90_000}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(skewed["skew_secs"], -90_000);
    let token: Value = client
        .post(format!("{base}/oauth/token"))
        .json(&json!({
            "grant_type": "client_credentials",
            "client_id": MANAGEMENT_CLIENT_ID,
            "client_secret": MANAGEMENT_CLIENT_SECRET,
            "audience": state.management_audience(),
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let (_, claims) = decode_unverified(token["access_token"].as_str().unwrap()).unwrap();
    let real_now = SandboxClock::new().now_secs();
    let iat = claims["iat"].as_i64().unwrap();
    assert!(
        (real_now - 90_000 - iat).abs() <= 2,
        "iat {iat}, now {real_now}"
    );
    assert!(
        claims["exp"].as_i64().unwrap() < real_now,
        "issued already expired"
    );

    // The gateway on the same port answers too.
    let root = format!(
        "{base}/restapis/{}/{}/_user_request_/",
        fixtures::API,
        fixtures::STAGE
    );
    assert_eq!(
        client.get(root).send().await.unwrap().status().as_u16(),
        200
    );
}
