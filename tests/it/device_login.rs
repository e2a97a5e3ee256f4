//! The proof of the device login: after `setup`, `authgate --sandbox token --user`
//! waits for a sign-in; a headless Chromium opens the verification page, the code filled
//! in, signs in as a seeded user and accepts; the poll completes and the token printed on
//! stdout is that user's, and it is what the gateway's authorizer judges.

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::browser::Browser;
use crate::support::{cli, foreground};

const PASSWORD: &str = "authgate-sandbox";

/// `authgate --sandbox token --user` in `dir`, and the `verification_uri_complete` its
/// stderr shows (the rest of stderr keeps being drained, echoed for a failing test).
fn start_login(dir: &std::path::Path) -> (Child, String) {
    let mut child = cli::command(dir)
        .args(["token", "--user"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting authgate token --user");
    let stderr = child.stderr.take().expect("piped");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            eprintln!("token --user: {line}");
            if let Some(rest) = line.trim().strip_prefix("or open ") {
                let url = rest
                    .split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_owned();
                let _ = tx.send(url);
            }
        }
    });
    let url = rx
        .recv_timeout(Duration::from_mins(1))
        .expect("token --user showed no verification URL within a minute");
    (child, url)
}

/// Chromium signs in on the page as `email` and accepts.
async fn approve(url: &str, email: &str) {
    let profile = tempfile::tempdir().unwrap();
    let mut browser = Browser::launch(profile.path()).await;
    browser.call("Page.navigate", json!({ "url": url })).await;
    browser.wait_for_title("Device activation").await;
    browser.click("button[type=submit]").await;
    browser.wait_for_title("Sign in").await;
    browser.type_into("email", email).await;
    browser.type_into("password", PASSWORD).await;
    browser.click("button[type=submit]").await;
    let consent = browser.wait_for_title("Authorize device").await;
    assert!(consent.contains(email), "{consent}");
    browser.click("button[value=accept]").await;
    browser.wait_for_title("Device connected").await;
}

/// The token `child` printed once its poll completed.
fn printed_token(child: Child) -> String {
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "token --user failed: {:?}",
        out.status
    );
    let token = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    assert_eq!(token.split('.').count(), 3, "one JWT on stdout: {token}");
    token
}

fn claims(token: &str) -> Value {
    authgate_core::jwt::decode_unverified(token)
        .expect("a JWT")
        .1
}

async fn call(method: reqwest::Method, url: &str, token: &str) -> StatusCode {
    authgate_core::http::client()
        .request(method, url)
        .bearer_auth(token)
        .json(&json!({ "type": "dog", "price": 249.99 }))
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test(flavor = "multi_thread")]
async fn chromium_approves_the_login_and_the_users_token_decides_the_calls() {
    let dir = tempfile::tempdir().unwrap();
    let _sandbox = foreground::sandbox(dir.path());
    let setup = cli::run_ok(dir.path(), &["setup", "--yes"]);
    let said = String::from_utf8_lossy(&setup.stderr);
    assert!(
        said.contains("Log in as a user: skipped") && said.contains("token --user"),
        "setup says how to log in instead of waiting: {said}"
    );
    let stdout = String::from_utf8_lossy(&setup.stdout);
    let invoke = stdout
        .lines()
        .find_map(|l| l.strip_prefix("invoke URL: "))
        .expect("setup prints the invoke URL")
        .trim()
        .to_owned();
    let pets = format!("{invoke}/pets");

    let (child, url) = start_login(dir.path());
    assert!(url.contains("/activate?user_code="), "{url}");
    approve(&url, "writer@authgate.test").await;
    let token = tokio::task::spawn_blocking(move || printed_token(child))
        .await
        .unwrap();
    let writer = claims(&token);
    let sub = writer["sub"].as_str().unwrap_or_default();
    assert!(sub.starts_with("auth0|"), "a user's subject: {writer}");
    assert_eq!(
        writer["permissions"],
        json!(["read:pets", "write:pets"]),
        "{writer}"
    );
    assert_eq!(writer["scope"], "openid profile email", "{writer}");
    assert_eq!(
        call(reqwest::Method::GET, &pets, &token).await,
        StatusCode::OK
    );
    assert_eq!(
        call(reqwest::Method::POST, &pets, &token).await,
        StatusCode::OK
    );
    assert_eq!(
        call(reqwest::Method::GET, &pets, "not-a-token").await,
        StatusCode::UNAUTHORIZED,
        "the gateway's authorizer is in front"
    );
    // Still to come with step 1's RBAC settings and the authorizer's REQUIRED_PERMISSIONS
    // (other branches): `permissions` in the token, and POST /pets 403 for the reader.
    if let Some(permissions) = writer.get("permissions") {
        assert_eq!(permissions, &json!(["read:pets", "write:pets"]));
    }
}
