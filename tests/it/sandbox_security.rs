//! A hostile web page against a running sandbox: what a browser can send without a CORS
//! preflight (form posts, `text/plain` posts, `Origin: null`, a rebound `Host`) must create
//! nothing and run nothing, while SDK calls and the data plane keep working. First as raw
//! requests shaped like a browser's, then in a real headless Chromium ([`browser`]).

mod browser;
use crate::support::foreground;
mod payload;

use std::net::{Ipv4Addr, SocketAddr};

use authgate_providers::aws::{Aws, AwsSettings};
use authgate_sandbox::server;
use reqwest::header::{CONTENT_TYPE, HOST, ORIGIN};

const EVIL: &str = "http://evil.example";

async fn sdk(base_url: &str) -> Aws {
    Aws::connect(&AwsSettings::sandbox(base_url)).await.unwrap()
}

/// What a browser sends, and what it gets back.
struct Attempt {
    status: u16,
    allow_origin: Option<String>,
    body: String,
}

async fn send(request: reqwest::RequestBuilder) -> Attempt {
    let response = request.send().await.unwrap();
    Attempt {
        status: response.status().as_u16(),
        allow_origin: response
            .headers()
            .get("access-control-allow-origin")
            .map(|v| v.to_str().unwrap().to_owned()),
        body: response.text().await.unwrap(),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hostile_page_creates_nothing_and_runs_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let marker = dir.path().join("pwned");
    let sandbox = server::start(
        &dir.path().join("sandbox"),
        SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
    )
    .await
    .unwrap();
    let base = sandbox.base_url().to_owned();
    let port = base.rsplit(':').next().unwrap().to_owned();
    let http = authgate_core::http::client();
    let create = payload::create_function_body("pwned", &marker);

    // An HTML form posting to IAM (no JavaScript needed).
    let form = send(
        http.post(format!("{base}/"))
            .header(ORIGIN, EVIL)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(payload::create_role_form("pwned")),
    )
    .await;
    assert_eq!(form.status, 403, "{}", form.body);
    assert!(
        form.body.contains("<Code>AccessDenied</Code>"),
        "{}",
        form.body
    );
    assert!(
        form.body.contains("cross-origin request refused"),
        "{}",
        form.body
    );

    // text/plain posts to CreateFunction and Invoke, from a page and from a sandboxed
    // iframe or file:// page (Origin: null).
    for origin in [EVIL, "null"] {
        let created = send(
            http.post(format!("{base}/2015-03-31/functions"))
                .header(ORIGIN, origin)
                .header(CONTENT_TYPE, "text/plain")
                .body(create.clone()),
        )
        .await;
        assert_eq!(created.status, 403, "{origin}: {}", created.body);
        let invoked = send(
            http.post(format!("{base}/2015-03-31/functions/pwned/invocations"))
                .header(ORIGIN, origin)
                .header(CONTENT_TYPE, "text/plain")
                .body("{}"),
        )
        .await;
        assert_eq!(invoked.status, 403, "{origin}: {}", invoked.body);
    }

    // No Origin at all (an old browser's form) still lacks a SigV4 header.
    let unsigned = send(
        http.post(format!("{base}/2015-03-31/functions"))
            .header(CONTENT_TYPE, "text/plain")
            .body(create.clone()),
    )
    .await;
    assert_eq!(unsigned.status, 403);
    assert!(unsigned.body.contains("SigV4"), "{}", unsigned.body);

    // DNS rebinding: evil.example resolves to 127.0.0.1, so the Host is foreign.
    for path in [
        "/api/v2/clients",
        "/.well-known/jwks.json",
        "/sandbox/authorizer-cache",
    ] {
        let rebound = send(
            http.get(format!("{base}{path}"))
                .header(HOST, format!("evil.example:{port}")),
        )
        .await;
        assert_eq!(rebound.status, 403, "{path}: {}", rebound.body);
        assert!(rebound.body.contains("DNS rebinding"), "{}", rebound.body);
    }

    // A cross-origin token request: refused, and nothing in the answer lets the page read it.
    let token = send(
        http.post(format!("{base}/oauth/token"))
            .header(ORIGIN, EVIL)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(payload::token_form()),
    )
    .await;
    assert_eq!(token.status, 403, "{}", token.body);
    assert_eq!(token.allow_origin, None);
    assert!(!token.body.contains("access_token"), "{}", token.body);

    // A teaching hook posted as text/plain from the sandbox's own origin.
    let hook = send(
        http.post(format!("{base}/sandbox/rotate-keys"))
            .header(CONTENT_TYPE, "text/plain")
            .body("{}"),
    )
    .await;
    assert_eq!(hook.status, 415, "{}", hook.body);

    let aws = sdk(&base).await;
    payload::assert_nothing_created(&aws, "pwned").await;
    assert!(!marker.exists(), "the hostile code ran");

    // The control: the same code through the SDK is created and runs, so the refusals above
    // are what stopped it.
    payload::create_and_invoke_with_sdk(&aws, "legit", &marker).await;
    assert!(marker.exists(), "the payload itself works");
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hostile_page_in_headless_chromium_creates_nothing_and_runs_nothing() {
    browser::hostile_page_in_chromium().await;
}
