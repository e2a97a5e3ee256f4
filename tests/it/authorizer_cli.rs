//! `authgate authorizer bundle|event|run` as a user runs them (the built binary), with a
//! loopback JWKS. The corpus token used here expired in 2026-09 (its `now` is fixed), so the
//! local run answers 401 `expired`: that exercises node, the env file and the exit codes.

use crate::parity::jwks_server;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

use authgate_core::bundle::Bundle;
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

/// A fresh RS256 token and its JWKS, minted by node (the real clock, unlike the corpus).
fn mint_with_node() -> Value {
    let script = r#"
        import { generateKeyPairSync, sign } from "node:crypto";
        const k = generateKeyPairSync("rsa", { modulusLength: 2048 });
        const jwk = { ...k.publicKey.export({ format: "jwk" }), kid: "cli", use: "sig" };
        const b64 = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
        const now = Math.floor(Date.now() / 1000);
        const input = `${b64({ alg: "RS256", kid: "cli" })}.${b64({ iss: "https://tenant.example/",
            aud: "https://petstore.example", sub: "cli@clients", exp: now + 600, scope: "read:pets" })}`;
        const sig = sign("RSA-SHA256", Buffer.from(input), k.privateKey).toString("base64url");
        console.log(JSON.stringify({ jwks: { keys: [jwk] }, token: `${input}.${sig}` }));
    "#;
    let out = Command::new("node")
        .args(["--input-type=module", "-e", script])
        .output()
        .expect("node >= 20 is required for this test");
    assert!(out.status.success(), "{out:?}");
    serde_json::from_slice(&out.stdout).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_allows_a_valid_token_and_prints_the_policy_message() {
    let minted = mint_with_node();
    let server = JwksServer::start(vec![
        serde_json::json!({"status": 200, "body": minted["jwks"]}),
    ])
    .await;
    let dir = tempfile::tempdir().unwrap();
    let env = format!(
        "TOKEN_ISSUER=https://tenant.example/\nJWKS_URI={}\nAUDIENCE=https://petstore.example\n",
        server.jwks_uri()
    );
    std::fs::write(dir.path().join(".env"), env).unwrap();
    let token = minted["token"].as_str().unwrap().to_owned();
    let arn = "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets";
    let path = dir.path().to_owned();
    let out = tokio::task::spawn_blocking(move || {
        let event = authgate(
            &path,
            &[
                "authorizer",
                "event",
                "--token",
                &token,
                "--method-arn",
                arn,
            ],
        );
        assert!(event.status.success(), "{event:?}");
        authgate(
            &path,
            &[
                "authorizer",
                "run",
                "--event",
                "event.json",
                "--env",
                ".env",
            ],
        )
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let message = stdout
        .split("Message\n------\n")
        .nth(1)
        .expect("a Message block");
    let policy: Value = serde_json::from_str(message).unwrap();
    assert_eq!(policy["principalId"], "cli@clients");
    let statement = &policy["policyDocument"]["Statement"][0];
    assert_eq!(statement["Effect"], "Allow");
    assert_eq!(
        statement["Resource"],
        "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/*/*"
    );
    assert_eq!(policy["context"]["scope"], "read:pets");
    assert!(stdout.contains(r#""decision":"allow""#), "{stdout}");
    assert!(
        !stdout.contains(minted["token"].as_str().unwrap()),
        "the token must be masked"
    );
}

/// `verify`, `inspect` and `authorizer event` keep no state: run somewhere, they leave no
/// `.authgate/` (not even a log) behind. A directory that has one keeps its log there.
#[test]
fn stateless_commands_leave_the_directory_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let jwks = dir.path().join("jwks.json");
    std::fs::write(&jwks, r#"{"keys":[]}"#).unwrap();
    let jwks = jwks.to_str().unwrap();
    let verifier = [
        "--issuer",
        "https://tenant.example/",
        "--audience",
        "https://api.example",
        "--jwks-file",
        jwks,
    ];
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_authgate"))
            .current_dir(dir.path())
            .args(args)
            .env_remove("TOKEN_ISSUER")
            .env_remove("JWKS_URI")
            .env_remove("AUDIENCE")
            .stdin(std::process::Stdio::null())
            .output()
            .expect("running authgate")
    };
    let verify = run(&[&["verify"][..], &verifier, &["Bearer a.b.c"]].concat());
    assert_eq!(verify.status.code(), Some(1), "{verify:?}");
    let inspect = run(&[&["inspect", "--json"][..], &verifier, &["a.b.c"]].concat());
    assert!(inspect.status.code().is_some(), "{inspect:?}");
    assert!(
        !dir.path().join(".authgate").exists(),
        "a stateless command created .authgate/ in the directory it ran in"
    );
    std::fs::create_dir(dir.path().join(".authgate")).unwrap();
    run(&[&["verify"][..], &verifier, &["Bearer a.b.c"]].concat());
    assert!(dir.path().join(".authgate/authgate.log").exists());
}
