//! Runs every case of the conformance corpus (tests/conformance/*.json, format and pinned
//! semantics in tests/conformance/README.md) against the Rust core, with a JWKS server on
//! 127.0.0.1:0 that serves what each step asks for and counts requests.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use authgate_core::corpus::{self, Case, JwksResponse};
use authgate_core::jwt::{Reason, Verifier, VerifierConfig};
use authgate_core::policy;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

struct JwksServer {
    responses: Vec<JwksResponse>,
    serve: AtomicUsize,
    jwks_fetches: AtomicUsize,
    other_fetches: AtomicUsize,
}

async fn serve_jwks(State(jwks): State<Arc<JwksServer>>) -> Response {
    jwks.jwks_fetches.fetch_add(1, Ordering::SeqCst);
    let response = &jwks.responses[jwks.serve.load(Ordering::SeqCst)];
    if response.hang {
        std::future::pending::<()>().await;
    }
    if response.oversize {
        let pad = "A".repeat(1024 * 1024 + 1);
        return (
            [("content-type", "application/json")],
            json!({"keys": [], "pad": pad}).to_string(),
        )
            .into_response();
    }
    let status = StatusCode::from_u16(response.status.expect("a status")).unwrap();
    match (&response.body, &response.raw) {
        (Some(body), _) => (
            status,
            [("content-type", "application/json")],
            body.to_string(),
        )
            .into_response(),
        (None, Some(raw)) => (status, raw.clone()).into_response(),
        _ => panic!("jwks response without body/raw: {response:?}"),
    }
}

async fn serve_other(State(jwks): State<Arc<JwksServer>>) -> StatusCode {
    jwks.other_fetches.fetch_add(1, Ordering::SeqCst);
    StatusCode::NOT_FOUND
}

async fn start(responses: Vec<JwksResponse>) -> (Arc<JwksServer>, String) {
    let jwks = Arc::new(JwksServer {
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
async fn run_case(case: &Case) -> usize {
    let name = &case.name;
    let (jwks, url) = start(case.jwks_responses.clone()).await;
    let config = VerifierConfig::from_env(|var| match var {
        "JWKS_URI" => Some(url.clone()),
        other => case.env.get(other).cloned(),
    });
    let steps = &case.steps;
    let verifier = match config.and_then(Verifier::new) {
        Ok(verifier) => verifier,
        Err(error) => {
            for step in steps {
                assert_eq!(
                    step.expect.outcome, "config_error",
                    "{name}: unexpected config error: {error}"
                );
            }
            return steps.len();
        }
    };
    for (i, step) in steps.iter().enumerate() {
        let expect = &step.expect;
        assert_ne!(
            expect.outcome, "config_error",
            "{name} step {i}: the verifier was built"
        );
        jwks.serve.store(step.serve, Ordering::SeqCst);
        let decision = verifier.authorize(&step.event, step.now).await;
        let at = format!(
            "{name} step {i} ({}: {})",
            decision.outcome.as_str(),
            decision.message
        );
        assert_eq!(decision.outcome.as_str(), expect.outcome, "{at}");
        assert_eq!(
            decision.reason.map(Reason::code),
            expect.reason.as_deref(),
            "{at}"
        );
        if let Some(fetches) = expect.jwks_fetches {
            let seen = jwks.jwks_fetches.load(Ordering::SeqCst);
            assert_eq!(seen, fetches, "{at}: jwks_fetches");
        }
        if let Some(fetches) = expect.other_fetches {
            let seen = jwks.other_fetches.load(Ordering::SeqCst);
            assert_eq!(seen, fetches, "{at}: other_fetches");
        }
        if let Some(response) = &expect.response {
            assert_eq!(decision.response.as_ref(), Some(response), "{at}: response");
        }
        for (method_arn, effect) in expect.policy_effects(&step.event.method_arn) {
            let document = decision.policy_document().expect("a policy to evaluate");
            let seen = policy::evaluate(document, method_arn).as_str();
            assert_eq!(seen, effect, "{at}: the policy on {method_arn}");
        }
    }
    steps.len()
}

fn corpus_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance")
}

#[tokio::test]
async fn conformance_corpus_against_the_rust_core() {
    let cases = corpus::load_dir(&corpus_dir()).unwrap();
    assert!(
        cases.len() >= 40,
        "expected the generated corpus in {}",
        corpus_dir().display()
    );
    let count = cases.len();
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
    println!("conformance: {count} cases, {steps} steps passed against the Rust core");
}

#[test]
fn every_reason_code_of_the_readme_is_exercised() {
    let seen: std::collections::BTreeSet<String> = corpus::load_dir(&corpus_dir())
        .unwrap()
        .iter()
        .flat_map(|case| case.steps.iter().filter_map(|s| s.expect.reason.clone()))
        .collect();
    for code in Reason::ALL.map(Reason::code) {
        assert!(
            code == "policy_denied" || seen.contains(code),
            "no case expects `{code}`"
        );
    }
}
