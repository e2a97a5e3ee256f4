//! The whole conformance corpus (`tests/conformance/*.json`) run through the bundled JS
//! authorizer with node: one node process per case (a warm Lambda instance), a loopback JWKS
//! server per case that counts requests and serves `jwks_responses[serve]` per step.
//!
//! node ≥ 20 is required: without it this test fails (CI installs node), it never skips.

use crate::parity;

use std::path::{Path, PathBuf};

use futures::StreamExt;
use serde_json::Value;

use parity::jwks_server::JwksServer;
use parity::node_case::NodeCase;

fn corpus_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    files
}

/// Runs one case; returns the number of steps run, or every mismatch found.
async fn run_case(path: PathBuf) -> Result<usize, String> {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{name}: {e}"))?;
    let case: Value = serde_json::from_str(&text).map_err(|e| format!("{name}: {e}"))?;
    let steps = case["steps"].as_array().cloned().unwrap_or_default();
    let responses = case["jwks_responses"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let server = JwksServer::start(responses).await;
    let env = case["env"].as_object().cloned().unwrap_or_default();
    let mut node = NodeCase::spawn(&env, &server.jwks_uri())?;
    let loaded = node.loaded().await?;
    let mut failures = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        let expect = &step["expect"];
        let at = format!("{name} step {i}");
        if let Err(load_error) = &loaded {
            if expect["outcome"] != "config_error" {
                failures.push(format!("{at}: module failed to load: {load_error}"));
            }
            continue;
        }
        if expect["outcome"] == "config_error" {
            failures.push(format!("{at}: expected config_error, the module loaded"));
            continue;
        }
        server.serve(step["serve"].as_u64().unwrap_or(0));
        let result = node.invoke(&step["now"], &step["event"]).await?;
        failures.extend(parity::check::step(&at, step, &result, &server));
    }
    node.finish().await;
    if failures.is_empty() {
        Ok(steps.len())
    } else {
        Err(failures.join("\n"))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bundled_authorizer_agrees_with_the_whole_corpus() {
    parity::node_case::require_node_20().await;
    let files = corpus_files();
    assert!(!files.is_empty(), "no corpus files in tests/conformance");
    // Cases run concurrently: each has its own server and node process, and the `hang`
    // cases spend 5 s waiting for the JWKS timeout.
    let results: Vec<(PathBuf, Result<usize, String>)> = futures::stream::iter(files)
        .map(|path| async move { (path.clone(), run_case(path).await) })
        .buffer_unordered(6)
        .collect()
        .await;
    let mut steps = 0;
    let mut failures = Vec::new();
    for (path, result) in &results {
        match result {
            Ok(n) => steps += n,
            Err(e) => failures.push(format!("{}:\n{e}", path.display())),
        }
    }
    println!(
        "authorizer parity: {} cases, {steps} steps run through node",
        results.len()
    );
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// Four overlapping cold invocations share one JWKS fetch (single flight), and all allow.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_invocations_share_one_jwks_fetch() {
    parity::node_case::require_node_20().await;
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/conformance/allow_stage_scope_default.json");
    let case: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let step = &case["steps"][0];
    assert_eq!(step["expect"]["outcome"], "allow", "{}", path.display());
    let server = JwksServer::start(case["jwks_responses"].as_array().unwrap().clone()).await;
    let env = case["env"].as_object().unwrap().clone();
    let mut node = NodeCase::spawn(&env, &server.jwks_uri()).unwrap();
    node.loaded().await.unwrap().unwrap();
    let events = vec![step["event"].clone(); 4];
    let answer = node
        .invoke_concurrently(&step["now"], &events)
        .await
        .unwrap();
    let outcomes: Vec<&Value> = answer["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["outcome"])
        .collect();
    assert_eq!(outcomes, [&Value::from("allow"); 4], "{answer}");
    assert_eq!(
        server.jwks_fetches(),
        1,
        "one fetch for four concurrent cold requests"
    );
    node.finish().await;
}

/// A JWKS key that carries only `x5c` (no `n`/`e`) is used, like the Rust core does.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_jwks_key_with_only_x5c_verifies() {
    parity::node_case::require_node_20().await;
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let key_pem = std::fs::read(fixtures.join("rsa-test-key.pem")).unwrap();
    let cert_pem = std::fs::read_to_string(fixtures.join("rsa-test-cert.pem")).unwrap();
    let cert_der_b64: String = cert_pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    let now = 1_790_000_000_i64;
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::RS256);
    header.kid = Some("x5c-only".into());
    let claims = serde_json::json!({
        "iss": "https://tenant.example/", "aud": "https://petstore.example",
        "sub": "x5c@clients", "exp": now + 600,
    });
    let key = jsonwebtoken::EncodingKey::from_rsa_pem(&key_pem).unwrap();
    let token = jsonwebtoken::encode(&header, &claims, &key).unwrap();
    let jwks = serde_json::json!({"status": 200, "body": {"keys": [
        {"kty": "RSA", "kid": "x5c-only", "use": "sig", "x5c": [cert_der_b64]}
    ]}});
    let server = JwksServer::start(vec![jwks]).await;
    let env = serde_json::json!({"TOKEN_ISSUER": "https://tenant.example/", "AUDIENCE": "https://petstore.example"});
    let mut node = NodeCase::spawn(env.as_object().unwrap(), &server.jwks_uri()).unwrap();
    node.loaded().await.unwrap().unwrap();
    let event = serde_json::json!({
        "type": "TOKEN", "authorizationToken": format!("Bearer {token}"),
        "methodArn": "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets",
    });
    let result = node.invoke(&now.into(), &event).await.unwrap();
    assert_eq!(result["outcome"], "allow", "{result}");
    assert_eq!(result["response"]["principalId"], "x5c@clients");
    node.finish().await;
}

/// An oversize JWKS that declares its Content-Length is refused too (the corpus's `oversize`
/// is streamed without one, so that case covers the streamed-size cap).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversize_jwks_with_content_length_is_refused() {
    parity::node_case::require_node_20().await;
    let server = JwksServer::start(vec![serde_json::json!({"oversize_with_length": true})]).await;
    let env =
        serde_json::json!({"TOKEN_ISSUER": "https://t.example/", "AUDIENCE": "https://a.example"});
    let mut node = NodeCase::spawn(env.as_object().unwrap(), &server.jwks_uri()).unwrap();
    node.loaded().await.unwrap().unwrap();
    // Well-formed enough to reach the key lookup: RS256 with a kid.
    let token = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsifQ.e30.AAAA";
    let event = serde_json::json!({
        "type": "TOKEN", "authorizationToken": format!("Bearer {token}"),
        "methodArn": "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets",
    });
    let result = node.invoke(&1_790_000_000.into(), &event).await.unwrap();
    assert_eq!(result["outcome"], "unauthorized", "{result}");
    assert!(
        result["logs"][0]
            .as_str()
            .unwrap()
            .contains("jwks_unavailable"),
        "{result}"
    );
    assert_eq!(server.jwks_fetches(), 1);
    node.finish().await;
}
