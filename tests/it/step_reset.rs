//! `teardown --from-step N`, a learner's reset of one step: after a setup on a foreground
//! sandbox, resetting step 4 opens `GET /pets` again (200 without a token) and keeps what
//! steps 1–3 made; `check` then fails at step 4 and `setup` runs only step 4's actions again,
//! so the 401 is back. Resetting from step 3 deletes the authorizer, the function and its role
//! but keeps the API; `setup` converges again and `check` passes.

use std::path::Path;

use serde_json::Value;

use crate::support::{cli, foreground};

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The recorded objects, by state key.
fn recorded(dir: &Path) -> Vec<String> {
    let status: Value =
        serde_json::from_str(&stdout(&cli::run_ok(dir, &["status", "--json"]))).unwrap();
    let mut keys: Vec<String> = status["drift"]
        .as_array()
        .expect("a live check")
        .iter()
        .map(|r| r["key"].as_str().unwrap().to_owned())
        .collect();
    keys.sort();
    keys
}

fn invoke_url(setup: &std::process::Output) -> String {
    stdout(setup)
        .lines()
        .find_map(|line| line.strip_prefix("invoke URL: "))
        .expect("an invoke URL in setup's summary")
        .trim_end_matches('/')
        .to_owned()
}

async fn get_pets(invoke: &str) -> u16 {
    let http = authgate_core::http::client();
    let response = http.get(format!("{invoke}/pets")).send().await.unwrap();
    response.status().as_u16()
}

fn check_code(dir: &Path) -> (i32, String) {
    let out = cli::run(dir, &["check", "--json"]);
    (out.status.code().unwrap_or(-1), stdout(&out))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reset_step_opens_again_and_setup_redoes_only_it() {
    let dir = tempfile::tempdir().unwrap();
    let _sandbox = foreground::sandbox(dir.path());
    let setup = cli::run_ok(dir.path(), &["setup", "--yes"]);
    let invoke = invoke_url(&setup);
    assert_eq!(get_pets(&invoke).await, 401);
    let before = recorded(dir.path());
    assert!(
        before.contains(&"aws.secured_methods".to_owned()),
        "{before:?}"
    );

    let reset = cli::run_ok(dir.path(), &["teardown", "--from-step", "4", "--yes"]);
    let said = String::from_utf8_lossy(&reset.stderr);
    assert!(
        said.contains("reset steps 4 to 5 (steps 1 to 3 stay)"),
        "{said}"
    );
    assert!(stdout(&reset).contains("open again"), "{}", stdout(&reset));
    assert_eq!(
        get_pets(&invoke).await,
        200,
        "step 4 undone: the stage is open"
    );
    let after: Vec<String> = recorded(dir.path());
    assert!(
        !after.contains(&"aws.secured_methods".to_owned()),
        "{after:?}"
    );
    for kept in [
        "aws.function",
        "aws.authorizer",
        "aws.rest_api",
        "auth0.resource_server",
    ] {
        assert!(after.contains(&kept.to_owned()), "{kept} kept: {after:?}");
    }
    let (code, report) = check_code(dir.path());
    assert_eq!(code, 1, "{report}");
    let report: Value = serde_json::from_str(&report).unwrap();
    let failed: Vec<u64> = report["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["ok"] == false)
        .map(|s| s["step"].as_u64().unwrap())
        .collect();
    assert_eq!(
        failed.first(),
        Some(&4),
        "step 4 is where it fails: {failed:?}"
    );

    let again = cli::run_ok(dir.path(), &["setup", "--yes"]);
    let progress = String::from_utf8_lossy(&again.stderr);
    assert!(progress.contains("▶ step 4"), "{progress}");
    assert!(
        !progress.contains("▶ step 2"),
        "steps 1–3 are not rerun:\n{progress}"
    );
    assert_eq!(get_pets(&invoke).await, 401);

    let reset = cli::run_ok(dir.path(), &["teardown", "--from-step", "3", "--yes"]);
    let after = recorded(dir.path());
    for gone in [
        "aws.function",
        "aws.role",
        "aws.authorizer",
        "aws.secured_methods",
    ] {
        assert!(
            !after.contains(&gone.to_owned()),
            "{gone} gone: {after:?}\n{}",
            stdout(&reset)
        );
    }
    assert!(after.contains(&"aws.rest_api".to_owned()), "{after:?}");
    cli::run_ok(dir.path(), &["setup", "--yes"]);
    assert_eq!(get_pets(&invoke).await, 401);
    let (code, report) = check_code(dir.path());
    assert_eq!(code, 0, "{report}");
}
