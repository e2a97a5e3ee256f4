//! Runs every case of the conformance corpus (tests/conformance/*.json, format and pinned
//! semantics in tests/conformance/README.md) against the Rust core, with a JWKS server on
//! 127.0.0.1:0 that serves what each step asks for and counts requests.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use authgate::domain::jwt::{TokenEvent, Verifier, VerifierConfig};
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

struct Jwks {
    responses: Vec<Value>,
    serve: AtomicUsize,
    jwks_fetches: AtomicUsize,
    other_fetches: AtomicUsize,
}

async fn serve_jwks(State(jwks): State<Arc<Jwks>>) -> Response {
    jwks.jwks_fetches.fetch_add(1, Ordering::SeqCst);
    let response = &jwks.responses[jwks.serve.load(Ordering::SeqCst)];
    if response["hang"] == true {
        std::future::pending::<()>().await;
    }
    if response["oversize"] == true {
        let pad = "A".repeat(1024 * 1024 + 1);
        return (
            [("content-type", "application/json")],
            json!({"keys": [], "pad": pad}).to_string(),
        )
            .into_response();
    }
    let status =
        StatusCode::from_u16(u16::try_from(response["status"].as_u64().unwrap()).unwrap()).unwrap();
    match (response.get("body"), response.get("raw")) {
        (Some(body), _) => (
            status,
            [("content-type", "application/json")],
            body.to_string(),
        )
            .into_response(),
        (None, Some(raw)) => (status, raw.as_str().unwrap().to_owned()).into_response(),
        _ => panic!("jwks response without body/raw: {response}"),
    }
}

async fn serve_other(State(jwks): State<Arc<Jwks>>) -> StatusCode {
    jwks.other_fetches.fetch_add(1, Ordering::SeqCst);
    StatusCode::NOT_FOUND
}

async fn start(responses: Vec<Value>) -> (Arc<Jwks>, String) {
    let jwks = Arc::new(Jwks {
        responses,
        serve: AtomicUsize::new(0),
        jwks_fetches: AtomicUsize::new(0),
        other_fetches: AtomicUsize::new(0),
    });
    let app = Router::new()
        .route("/.well-known/jwks.json", axum::routing::get(serve_jwks))
        .fallback(serve_other)
        .with_state(jwks.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://{}/.well-known/jwks.json",
        listener.local_addr().unwrap()
    );
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (jwks, url)
}

/// Runs one case; returns the number of steps checked.
async fn run_case(case: &Value) -> usize {
    let name = case["name"].as_str().unwrap();
    let (jwks, url) = start(case["jwks_responses"].as_array().unwrap().clone()).await;
    let env = case["env"].clone();
    let config = VerifierConfig::from_env(|var| match var {
        "JWKS_URI" => Some(url.clone()),
        other => env.get(other).and_then(Value::as_str).map(str::to_owned),
    });
    let steps = case["steps"].as_array().unwrap();
    let verifier = match config.and_then(Verifier::new) {
        Ok(verifier) => verifier,
        Err(error) => {
            for step in steps {
                assert_eq!(
                    step["expect"]["outcome"], "config_error",
                    "{name}: unexpected config error: {error}"
                );
            }
            return steps.len();
        }
    };
    for (i, step) in steps.iter().enumerate() {
        let expect = &step["expect"];
        assert_ne!(
            expect["outcome"], "config_error",
            "{name} step {i}: the verifier was built"
        );
        jwks.serve.store(
            usize::try_from(step["serve"].as_u64().unwrap()).unwrap(),
            Ordering::SeqCst,
        );
        let event: TokenEvent = serde_json::from_value(step["event"].clone()).unwrap();
        let decision = verifier
            .authorize(&event, step["now"].as_i64().unwrap())
            .await;
        let at = format!(
            "{name} step {i} ({}: {})",
            decision.outcome.as_str(),
            decision.message
        );
        assert_eq!(decision.outcome.as_str(), expect["outcome"], "{at}");
        assert_eq!(
            json!(decision.reason.map(|r| r.code())),
            expect["reason"],
            "{at}"
        );
        if let Some(fetches) = expect.get("jwks_fetches") {
            assert_eq!(
                json!(jwks.jwks_fetches.load(Ordering::SeqCst)),
                *fetches,
                "{at}: jwks_fetches"
            );
        }
        if let Some(fetches) = expect.get("other_fetches") {
            assert_eq!(
                json!(jwks.other_fetches.load(Ordering::SeqCst)),
                *fetches,
                "{at}: other_fetches"
            );
        }
        if let Some(response) = expect.get("response") {
            assert_eq!(decision.response.as_ref(), Some(response), "{at}: response");
        }
    }
    steps.len()
}

#[tokio::test]
async fn conformance_corpus_against_the_rust_core() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    paths.sort();
    assert!(
        paths.len() >= 40,
        "expected the generated corpus in {}",
        dir.display()
    );
    let cases: Vec<Value> = paths
        .iter()
        .map(|p| serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap())
        .collect();
    // Cases are independent (one server and one verifier each): run them concurrently so the
    // one `hang` case's 5 s timeout overlaps the rest.
    let handles: Vec<_> = cases
        .into_iter()
        .map(|case| tokio::spawn(async move { run_case(&case).await }))
        .collect();
    let mut steps = 0;
    for handle in handles {
        steps += handle
            .await
            .expect("a case failed (its assertion message is above)");
    }
    println!(
        "conformance: {} cases, {steps} steps passed against the Rust core",
        paths.len()
    );
}

#[test]
fn every_reason_code_of_the_readme_is_exercised() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance");
    let mut seen = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|ext| ext == "json") {
            let case: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
            for step in case["steps"].as_array().unwrap() {
                if let Some(reason) = step["expect"]["reason"].as_str() {
                    seen.insert(reason.to_owned());
                }
            }
        }
    }
    for code in authgate::domain::jwt::Reason::ALL.map(|r| r.code()) {
        assert!(
            code == "policy_denied" || seen.contains(code),
            "no case expects `{code}`"
        );
    }
}
