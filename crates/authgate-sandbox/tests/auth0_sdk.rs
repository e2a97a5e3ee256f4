//! The sandbox tenant driven by code nobody here wrote: Auth0's official Python SDK
//! (auth0-python, generated from Auth0's API definition) runs `tests/auth0_sdk/drive.py`
//! against it. Needs auth0-python in the Python of `AUTHGATE_MOTO_PYTHON` (scripts/test.sh
//! installs it in .venv); skips saying so unless `AUTHGATE_REQUIRE_MOTO=1`.

// Test helpers panic on what they cannot set up, with the reason as the message.
#![allow(clippy::expect_used)]

use std::process::Command;

use authgate_sandbox::{MANAGEMENT_CLIENT_ID, MANAGEMENT_CLIENT_SECRET};
use serde_json::{Value, json};

const NOT_INSTALLED: i32 = 3;

fn skip_or_fail(message: &str) {
    assert!(
        std::env::var("AUTHGATE_REQUIRE_MOTO").as_deref() != Ok("1"),
        "{message} (AUTHGATE_REQUIRE_MOTO=1)"
    );
    eprintln!("skipped: {message}");
}

async fn management_token(base: &str) -> String {
    let grant: Value = authgate_core::http::client()
        .post(format!("{base}/oauth/token"))
        .json(&json!({
            "grant_type": "client_credentials",
            "client_id": MANAGEMENT_CLIENT_ID,
            "client_secret": MANAGEMENT_CLIENT_SECRET,
            "audience": format!("{base}/api/v2/"),
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    grant["access_token"].as_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auth0s_python_sdk_manages_apis_grants_roles_and_users() {
    let Ok(python) = std::env::var("AUTHGATE_MOTO_PYTHON") else {
        skip_or_fail(
            "AUTHGATE_MOTO_PYTHON is not set: this test needs auth0-python. Run \
             `bash scripts/test.sh` (it creates .venv with auth0-python and sets it).",
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sandbox = authgate_sandbox::server::start(dir.path(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let base = sandbox.base_url().to_owned();
    let token = management_token(&base).await;
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/auth0_sdk/drive.py");
    // The token goes to the child by its environment, never onto a command line.
    let output = tokio::task::spawn_blocking(move || {
        Command::new(&python)
            .args([script, &base])
            .env("AUTHGATE_MANAGEMENT_TOKEN", token)
            .output()
            .unwrap_or_else(|e| panic!("cannot run {python}: {e}"))
    })
    .await
    .unwrap();
    sandbox.shutdown().await;
    let stdout = String::from_utf8_lossy(&output.stdout);
    println!("{stdout}");
    if output.status.code() == Some(NOT_INSTALLED) {
        skip_or_fail("auth0-python is not installed: run `bash scripts/test.sh`");
        return;
    }
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("all checks passed"), "{stdout}");
}
