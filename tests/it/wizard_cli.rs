//! `authgate setup` / `status --json` / `teardown` as a user runs them (the built binary):
//! Auth0 is the sandbox tenant (a foreground `authgate sandbox` on a free loopback port) and
//! AWS is moto server (`AWS_ENDPOINT_URL`). moto has no data plane, so the invoke-URL calls
//! fail there; the test checks that setup stops on them with what/cause/fix and resumes.

use crate::support::cli;
// Shared with sandbox_e2e, which also reads the base URL.
use crate::aws_moto::harness;
use crate::support::foreground;

use std::path::Path;
use std::process::Output;

use serde_json::Value;

use authgate_providers::aws::apigateway::find_rest_apis;
use harness::Moto;

fn authgate(dir: &Path, moto: &str, args: &[&str]) -> Output {
    let mut command = cli::command(dir);
    command
        .env("AWS_ENDPOINT_URL", moto)
        .env("AWS_REGION", "eu-west-1");
    cli::output(&mut command, args)
}

fn status(dir: &Path, moto: &str) -> Value {
    let out = authgate(dir, moto, &["status", "--json"]);
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).expect("status --json prints JSON")
}

fn resource<'a>(status: &'a Value, key: &str) -> &'a Value {
    status["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["key"] == key)
        .unwrap_or_else(|| panic!("{key} missing from {status}"))
}

/// What setup creates in a fresh sandbox tenant and moto (the roles are seeded: found).
const ALL: [&str; 10] = [
    "auth0.resource_server",
    "auth0.test_client",
    "auth0.client_grant",
    "auth0.writer_client",
    "auth0.writer_grant",
    "aws.rest_api",
    "aws.stage",
    "aws.role",
    "aws.function",
    "aws.authorizer",
];

/// Steps 3–4 from a new process, twice (the token is fetched again: it was never saved),
/// each stopping at step 5's first call; then a plain rerun resumes where the runs left off.
fn steps_3_to_5_then_resume(dir: &Path, m: &str) {
    for _ in 0..2 {
        let out = authgate(dir, m, &["setup", "--yes", "--from-step", "3"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains("✓ Allow, for arn:aws:execute-api:"), "{err}");
        assert!(err.contains("stopped at `call_without_token`"), "{err}");
    }
    // A plain rerun resumes at the first action not finished (step 2's call, still failing
    // behind moto), without running step 3 again.
    let resumed = authgate(dir, m, &["setup", "--yes"]);
    let err = String::from_utf8_lossy(&resumed.stderr);
    assert_eq!(resumed.status.code(), Some(1), "{err}");
    assert!(err.contains("stopped at `call_invoke_url`"), "{err}");
    assert!(!err.contains("▶ step 3"), "step 3 finished: {err}");
}

#[tokio::test]
async fn setup_resumes_status_reports_and_teardown_removes_everything_once() {
    let Some(moto) = Moto::start().await else {
        return;
    };
    let aws = authgate_providers::aws::Aws::connect(&authgate_providers::aws::AwsSettings {
        profile: None,
        region: Some("eu-west-1".to_owned()),
        endpoint: Some(moto.endpoint.clone()),
    })
    .await
    .expect("SDK clients for moto");
    let dir = tempfile::tempdir().unwrap();
    let _sandbox = foreground::sandbox(dir.path());
    let m = moto.endpoint.as_str();

    // Steps 1–2 work; GET / on the invoke URL has no data plane behind moto.
    let first = authgate(dir.path(), m, &["setup", "--yes"]);
    assert_eq!(first.status.code(), Some(1));
    let err = String::from_utf8_lossy(&first.stderr);
    assert!(err.contains("✓ token verified"), "{err}");
    assert!(err.contains("✗ GET "), "{err}");
    assert!(err.contains("cause:") && err.contains("fix:"), "{err}");
    assert!(err.contains("stopped at `call_invoke_url`"), "{err}");
    let s = status(dir.path(), m);
    assert_eq!(s["target"], "sandbox");
    assert_eq!(resource(&s, "aws.rest_api")["created"], true);
    assert_eq!(resource(&s, "aws.role")["exists"], false);
    assert!(s["verifier"]["issuer"].as_str().unwrap().ends_with('/'));

    steps_3_to_5_then_resume(dir.path(), m);
    let s = status(dir.path(), m);
    for key in ALL {
        let r = resource(&s, key);
        assert_eq!(
            (r["exists"].as_bool(), r["created"].as_bool()),
            (Some(true), Some(true)),
            "{key}: {r}"
        );
    }
    for key in ["auth0.reader_role", "auth0.writer_role"] {
        let r = resource(&s, key);
        assert_eq!(
            (r["exists"].as_bool(), r["created"].as_bool()),
            (Some(true), Some(false)),
            "the sandbox seeds the roles, so step 1 finds them: {key}: {r}"
        );
    }
    assert_eq!(
        find_rest_apis(&aws, "PetStore").await.unwrap().len(),
        1,
        "no duplicate API"
    );
    let state = std::fs::read_to_string(dir.path().join(".authgate/state.toml")).unwrap();
    assert!(!state.contains("eyJ"), "no token in the state file");

    // Teardown: refuses without --yes off a terminal, then deletes, then has nothing to do.
    let refused = authgate(dir.path(), m, &["teardown"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--yes"));
    let gone = authgate(dir.path(), m, &["teardown", "--yes"]);
    let out = String::from_utf8_lossy(&gone.stdout);
    assert!(gone.status.success(), "{out}");
    assert_eq!(
        out.lines()
            .filter(|l| l.starts_with('✓') && l.ends_with(": deleted"))
            .count(),
        8,
        "{out}"
    );
    for what in [
        "REST API",
        "Lambda function",
        "IAM role",
        "Auth0 writer client grant",
        "Auth0 writer application",
        "Auth0 client grant",
        "Auth0 test application",
        "Auth0 API",
    ] {
        assert!(out.contains(what), "{what} in {out}");
    }
    assert!(find_rest_apis(&aws, "PetStore").await.unwrap().is_empty());
    assert!(
        aws.iam
            .get_role()
            .role_name("Auth0Integration")
            .send()
            .await
            .is_err()
    );
    let s = status(dir.path(), m);
    assert!(
        ALL.iter().all(|k| resource(&s, k)["exists"] == false),
        "{s}"
    );
    let again = authgate(dir.path(), m, &["teardown", "--yes"]);
    assert!(again.status.success());
    assert!(String::from_utf8_lossy(&again.stdout).contains("nothing to delete"));
}

/// A state file in the previous format (version 2, every kind of resource) still drives
/// `status --offline` and teardown's plan without rewriting it, then a whole teardown.
#[test]
fn a_version_2_state_file_still_drives_status_and_teardown() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(".authgate/state.toml");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let v2 = include_str!("../fixtures/state-v2.toml");
    std::fs::write(&path, v2).unwrap();
    let unused = "http://127.0.0.1:9";

    let out = authgate(dir.path(), unused, &["status", "--offline", "--json"]);
    assert!(out.status.success());
    let s: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["target"], "sandbox");
    assert_eq!(
        (s["actions_done"].as_u64(), s["drift"].is_null()),
        (Some(10), true)
    );
    assert!(
        s["invoke_url"]
            .as_str()
            .unwrap()
            .ends_with("/a1b2c3d4e5/test/_user_request_")
    );
    let v2_kinds = ALL.iter().filter(|k| !k.starts_with("auth0.writer_"));
    for key in v2_kinds.chain(&["aws.secured_methods"]) {
        assert_eq!(resource(&s, key)["exists"], true, "{key}: {s}");
    }
    assert_eq!(resource(&s, "aws.role")["created"], false);
    let authorizer = &resource(&s, "aws.authorizer")["details"];
    assert_eq!(authorizer["ttl_secs"], "300", "{authorizer}");
    assert_eq!(authorizer["api_id"], "a1b2c3d4e5");

    let refused = authgate(dir.path(), unused, &["teardown"]);
    assert_eq!(refused.status.code(), Some(2));
    let err = String::from_utf8_lossy(&refused.stderr);
    for what in [
        "API Gateway REST API (with its stages and authorizer) a1b2c3d4e5",
        "Lambda function jwtRsaCustomAuthorizer",
        "Auth0 client grant cgr_2HkQ9wRbT4mXcV7e",
        "Auth0 test application Wq3kTz8sNf1bLm0vYc6xRj2hGd5pAe7u",
        "Auth0 API 67b0f4c2e1d3a5f6b7c8d9e0",
        "keeping aws.role Auth0Integration",
    ] {
        assert!(err.contains(what), "{what} in {err}");
    }
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        v2,
        "read, not rewritten"
    );

    // And teardown runs to the end on it: against a private sandbox (no AWS_ENDPOINT_URL)
    // that holds none of these objects, each is gone, the file is migrated to version 4,
    // and only the reused role stays recorded.
    let done = authgate(dir.path(), "", &["teardown", "--yes"]);
    assert!(done.status.success());
    let after: toml::Table = std::fs::read_to_string(&path).unwrap().parse().unwrap();
    assert_eq!(after["version"].as_integer(), Some(4), "{after}");
    let left: Vec<&String> = after["resources"].as_table().unwrap().keys().collect();
    assert_eq!(left, ["aws.role"], "{after}");
}
