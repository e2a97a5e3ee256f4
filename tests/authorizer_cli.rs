//! `authgate authorizer bundle|event|run` as a user runs them (the built binary), with a
//! loopback JWKS. The corpus token used here expired in 2026-09 (its `now` is fixed), so the
//! local run answers 401 `expired`: that exercises node, the env file and the exit codes.

#[allow(dead_code)] // shared with authorizer_parity.rs, which uses all of it
#[path = "parity/jwks_server.rs"]
mod jwks_server;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

use authgate::domain::bundle::Bundle;
use jwks_server::JwksServer;

fn authgate(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_authgate"))
        .current_dir(dir)
        .args(["--state-dir", ".authgate"])
        .args(args)
        .env_remove("TOKEN_ISSUER")
        .env_remove("JWKS_URI")
        .env_remove("AUDIENCE")
        .output()
        .expect("running authgate")
}

fn corpus_case() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/conformance/allow_stage_scope_default.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn bundle_writes_the_deterministic_zip_and_its_digests() {
    let dir = tempfile::tempdir().unwrap();
    let out = authgate(
        dir.path(),
        &["authorizer", "bundle", "-o", "custom-authorizer.zip"],
    );
    assert!(out.status.success(), "{out:?}");
    let written = std::fs::read(dir.path().join("custom-authorizer.zip")).unwrap();
    let bundle = Bundle::build().unwrap();
    assert_eq!(written, bundle.bytes);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains(&bundle.sha256_hex()), "{stdout}");
    assert!(stdout.contains(&bundle.code_sha256()), "{stdout}");
}

#[cfg(unix)]
#[test]
fn event_is_private_prefixed_once_and_warns() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let arn = "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets";
    for token in ["abc.def.ghi", "Bearer abc.def.ghi"] {
        let out = authgate(
            dir.path(),
            &["authorizer", "event", "--token", token, "--method-arn", arn],
        );
        assert!(out.status.success(), "{out:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("live access token"));
        let path = dir.path().join("event.json");
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let event: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(event["type"], "TOKEN");
        assert_eq!(event["authorizationToken"], "Bearer abc.def.ghi");
        assert_eq!(event["methodArn"], arn);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_reports_the_decision_masks_the_token_and_exits_by_outcome() {
    let case = corpus_case();
    let step = &case["steps"][0];
    let server = JwksServer::start(case["jwks_responses"].as_array().unwrap().clone()).await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("event.json"), step["event"].to_string()).unwrap();
    let env = format!(
        "# test\nTOKEN_ISSUER={}\nJWKS_URI=\"{}\"\nAUDIENCE='{}'\n",
        case["env"]["TOKEN_ISSUER"].as_str().unwrap(),
        server.jwks_uri(),
        case["env"]["AUDIENCE"].as_str().unwrap()
    );
    std::fs::write(dir.path().join(".env"), env).unwrap();
    let path = dir.path().to_owned();
    let run = move |args: &'static [&'static str]| {
        let path = path.clone();
        tokio::task::spawn_blocking(move || authgate(&path, args))
    };

    let out = run(&[
        "authorizer",
        "run",
        "--event",
        "event.json",
        "--env",
        ".env",
    ])
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("Reason   expired"), "{stdout}");
    assert!(
        stdout.contains("Message\n------\nError: Unauthorized"),
        "{stdout}"
    );
    assert!(
        stdout.contains("\"sub\""),
        "claims are shown decoded: {stdout}"
    );
    let token = step["event"]["authorizationToken"]
        .as_str()
        .unwrap()
        .trim_start_matches("Bearer ");
    let payload = token.split('.').nth(1).unwrap();
    assert!(!stdout.contains(payload), "the token must be masked");
    assert_eq!(server.jwks_fetches(), 1);

    let out = run(&["authorizer", "run", "--event", "event.json"])
        .await
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "no config: {out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("TOKEN_ISSUER is required"));

    let out = run(&[
        "authorizer",
        "run",
        "--event",
        "missing.json",
        "--env",
        ".env",
    ])
    .await
    .unwrap();
    assert_eq!(out.status.code(), Some(2), "bad event file: {out:?}");
}

#[test]
fn run_without_node_fails_with_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("event.json"), "{}").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_authgate"))
        .current_dir(dir.path())
        .args([
            "--state-dir",
            ".authgate",
            "authorizer",
            "run",
            "--event",
            "event.json",
        ])
        .env("AUTHGATE_NODE", dir.path().join("no-such-node"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("install Node.js 20 or newer"));
}
