//! The issue's proof in a real browser: headless Chromium on a page of another loopback
//! origin calls the secured API with `fetch`. Before step 4's browser actions the 401 and the
//! 403 are hidden from the page ("Failed to fetch"); after them it reads 401, 403 and 200
//! with their bodies.

use std::sync::Mutex;

use axum::response::Html;
use axum::routing::get;
use serde_json::{Value, json};

use authgate_providers::aws::cors::{CorsSpec, ensure_gateway_responses, ensure_preflights};
use authgate_providers::aws::secure::SecureScope;

use super::stack::Stack;
use crate::support::browser::Browser;

/// A page at `http://127.0.0.1:PORT/`; its origin.
async fn serve_page() -> String {
    let app = axum::Router::new().route(
        "/",
        get(|| async { Html("<!doctype html><title>caller</title><p>calls the API</p>") }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    origin
}

/// What the page's `fetch` of `url` sees: `{status, body}` or `{error}`.
async fn fetch(browser: &mut Browser, url: &str, token: Option<&str>) -> Value {
    let headers = token.map_or_else(|| json!({}), |t| json!({ "Authorization": t }));
    let expression = format!(
        "fetch({url}, {{ headers: {headers} }}).then(\
           async r => ({{ status: r.status, body: await r.text() }}),\
           e => ({{ error: String(e) }}))",
        url = json!(url),
    );
    let result = browser
        .call(
            "Runtime.evaluate",
            json!({ "expression": expression, "awaitPromise": true, "returnByValue": true }),
        )
        .await;
    result["result"]["value"].clone()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_page_reads_the_401_and_403_only_after_step_4s_browser_actions() {
    let s = Stack::start().await;
    let origin = serve_page().await;
    let profile = tempfile::tempdir().unwrap();
    let mut browser = Browser::launch(profile.path()).await;
    browser
        .call("Page.navigate", json!({ "url": format!("{origin}/") }))
        .await;
    browser.wait_for_title("caller").await;
    let pets = s.url("/pets");

    let hidden = fetch(&mut browser, &pets, None).await;
    assert_eq!(hidden["error"], "TypeError: Failed to fetch", "{hidden}");
    let hidden = fetch(&mut browser, &pets, Some("Bearer deny")).await;
    assert_eq!(hidden["error"], "TypeError: Failed to fetch", "{hidden}");

    let report = Mutex::new(Vec::new());
    let spec = CorsSpec {
        api_id: &s.api_id,
        origin: &origin,
        scope: SecureScope::Pets,
    };
    ensure_preflights(&s.aws, &spec, &report).await.unwrap();
    ensure_gateway_responses(&s.aws, &s.api_id, &origin, &report)
        .await
        .unwrap();
    s.redeploy().await;

    let unauthorized = fetch(&mut browser, &pets, None).await;
    assert_eq!(
        unauthorized,
        json!({ "status": 401, "body": r#"{"message":"Unauthorized"}"# })
    );
    let denied = fetch(&mut browser, &pets, Some("Bearer deny")).await;
    assert_eq!(
        denied,
        json!({
            "status": 403,
            "body": r#"{"message":"User is not authorized to access this resource with an explicit deny"}"#
        })
    );
    let allowed = fetch(&mut browser, &pets, Some("Bearer allow")).await;
    assert_eq!(allowed["status"], 200, "{allowed}");
    let listed: Value = serde_json::from_str(allowed["body"].as_str().unwrap()).unwrap();
    assert_eq!(listed[0]["type"], "dog", "{listed}");
}
