//! The `oauth2` crate's device flow (the one the wizard uses) against the sandbox: it reads
//! the device authorization answer, polls at the given interval and takes the token.

use std::time::Duration;

use oauth2::basic::BasicClient;
use oauth2::{
    ClientId, DeviceAuthorizationUrl, Scope, StandardDeviceAuthorizationResponse,
    TokenResponse as _, TokenUrl,
};
use serde_json::json;

use super::fixture::{AUDIENCE, Tenant, claims};

#[tokio::test]
async fn the_oauth2_crates_device_flow_completes_against_the_sandbox() {
    let tenant = Tenant::start().await;
    let client = BasicClient::new(ClientId::new(tenant.native_id.clone()))
        .set_token_uri(TokenUrl::new(format!("{}/oauth/token", tenant.base)).unwrap())
        .set_device_authorization_url(
            DeviceAuthorizationUrl::new(format!("{}/oauth/device/code", tenant.base)).unwrap(),
        );
    let http = oauth2::reqwest::Client::builder()
        .redirect(oauth2::reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let details: StandardDeviceAuthorizationResponse = client
        .exchange_device_code()
        .add_scope(Scope::new("openid".into()))
        .add_scope(Scope::new("email".into()))
        .add_extra_param("audience", AUDIENCE)
        .request_async(&http)
        .await
        .unwrap();
    assert_eq!(details.interval(), Duration::from_secs(5));
    let user_code = details.user_code().secret().clone();
    let complete = details
        .verification_uri_complete()
        .unwrap()
        .secret()
        .clone();
    assert!(complete.ends_with(&user_code), "{complete}");

    let sign_in = tenant.sign_in_and(&user_code, "writer@authgate.test", "accept");
    let poll = client.exchange_device_access_token(&details).request_async(
        &http,
        tokio::time::sleep,
        Some(Duration::from_secs(60)),
    );
    let ((), token) = tokio::join!(sign_in, poll);
    let token = token.unwrap();
    let access = claims(token.access_token().secret());
    assert_eq!(access["permissions"], json!(["read:pets", "write:pets"]));
    assert_eq!(access["scope"], "openid email");
}
