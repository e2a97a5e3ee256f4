//! A real browser signs in: headless Chromium opens `verification_uri_complete`, continues
//! with the prefilled code, types the writer's email and password, confirms; the device's
//! next poll returns a token whose `permissions` are the writer's. Every form post is the
//! browser's own (with its `Origin` and `Sec-Fetch-Site`), so the guard's same-origin rule
//! is exercised as a person meets it.

use reqwest::StatusCode;
use serde_json::json;

use super::cdp::Browser;
use super::fixture::{PASSWORD, Tenant, claims};

#[tokio::test]
async fn chromium_signs_in_on_the_activate_page_and_the_poll_gets_the_users_permissions() {
    let tenant = Tenant::start().await;
    let started = tenant.started("openid profile email").await;
    let (status, body) = tenant.poll(&started.device_code).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::FORBIDDEN, Some("authorization_pending"))
    );

    let profile = tempfile::tempdir().unwrap();
    let mut browser = Browser::launch(profile.path()).await;
    let complete = started.body["verification_uri_complete"].as_str().unwrap();
    browser
        .call("Page.navigate", json!({ "url": complete }))
        .await;
    let shown = browser.wait_for_title("Device activation").await;
    assert!(shown.contains("Sandbox only."), "{shown}");
    let prefilled = browser
        .eval("document.getElementById('user_code').value")
        .await;
    assert_eq!(prefilled, started.user_code.as_str());
    browser.click("button[type=submit]").await;

    browser.wait_for_title("Sign in").await;
    browser.type_into("email", "writer@authgate.test").await;
    browser.type_into("password", PASSWORD).await;
    browser.click("button[type=submit]").await;

    let consent = browser.wait_for_title("Authorize device").await;
    assert!(consent.contains("writer@authgate.test"), "{consent}");
    assert!(consent.contains("write:pets"), "{consent}");
    browser.click("button[value=accept]").await;
    let done = browser.wait_for_title("Device connected").await;
    assert!(done.contains("you're all set"), "{done}");
    drop(browser);

    // The device waited its interval, as a client does after a pending answer.
    tenant.skew(6).await;
    let (status, body) = tenant.poll(&started.device_code).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let access = claims(body["access_token"].as_str().unwrap());
    assert_eq!(access["permissions"], json!(["read:pets", "write:pets"]));
    assert_eq!(access["scope"], "openid profile email");
    let id = claims(body["id_token"].as_str().unwrap());
    assert_eq!(id["email"], "writer@authgate.test");
}
