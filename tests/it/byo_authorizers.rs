//! Bring your own authorizer: code written by somebody else, in the shapes real users ship,
//! runs in the sandbox. For each fixture of tests/fixtures/authorizers/ the tutorial's stack
//! is set up with `authgate --sandbox setup --yes`, its authorizer function is replaced with
//! the AWS CLI (runtime, handler, zip), and the invoke URL answers no token → 401, a forged
//! or malformed token → 401 (the function ran and said why), a valid token → 200.
//! nodejs24.x refuses the callback-style handler at init: 500 at the gateway, and the
//! function's log says why.
//!
//! Needs the fixtures' dependencies (`bash scripts/build-authorizer-fixtures.sh`) and an AWS
//! CLI (`AUTHGATE_AWS_CLI`); without them the tests skip, or fail under
//! `AUTHGATE_REQUIRE_FIXTURES=1`.

pub mod fixture;
use crate::support::foreground;
mod stack;

use fixture::{Fixture, python_runtime};
use stack::Stack;

/// Deploys `fixture` on `runtime` and makes the three calls; `forged_says` is what the
/// fixture's own log line says about the forged token (so the code that ran was the
/// fixture's, not the bundled authorizer).
async fn three_calls(fixture: Fixture, runtime: &str, forged_says: &str) {
    if !fixture.ready() {
        return;
    }
    let Some(stack) = Stack::start() else { return };
    stack.deploy(fixture, runtime).await;
    stack.uncached().await;

    let (status, body) = stack.get_pets(None).await;
    assert_eq!(
        (status, body.as_str()),
        (401, r#"{"message":"Unauthorized"}"#),
        "no token"
    );

    let before = stack.invocations().await;
    let forged = format!("Bearer {}", stack.forged_token());
    let (status, body) = stack.get_pets(Some(&forged)).await;
    assert_eq!(status, 401, "forged token on {runtime}: {body}");
    let (status, body) = stack.get_pets(Some("Bearer not.a.jwt")).await;
    assert_eq!(status, 401, "malformed token on {runtime}: {body}");
    assert_eq!(
        stack.invocations().await,
        before + 2,
        "each rejected token ran the function"
    );
    let log = stack.function_log().await.to_string();
    assert!(
        log.contains(forged_says),
        "the {fixture:?} fixture's log should say {forged_says:?}: {log}"
    );

    let bearer = format!("Bearer {}", stack.token);
    let (status, body) = stack.get_pets(Some(&bearer)).await;
    assert_eq!(status, 200, "valid token on {runtime}: {body}");
    let pets: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert!(pets.as_array().is_some_and(|p| !p.is_empty()), "{body}");
    assert_eq!(stack.invocations().await, before + 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn node_classic_on_nodejs20() {
    let says = "authorizer: rejected: invalid signature";
    three_calls(Fixture::NodeClassic, "nodejs20.x", says).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn node_classic_on_nodejs22() {
    let says = "authorizer: rejected: invalid signature";
    three_calls(Fixture::NodeClassic, "nodejs22.x", says).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn python_pyjwt_on_the_machines_python() {
    let says = "authorizer: rejected: InvalidSignatureError";
    three_calls(Fixture::PythonPyjwt, &python_runtime(), says).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn provided_shell_bootstrap_on_al2023() {
    three_calls(
        Fixture::ProvidedShell,
        "provided.al2023",
        "authorizer: bad signature",
    )
    .await;
}

/// AWS's nodejs24.x runs async handlers only: the tutorial-style `(event, context,
/// callback)` handler fails at init, which the gateway answers with a 500.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn node_classic_on_nodejs24_fails_at_init() {
    if !Fixture::NodeClassic.ready() {
        return;
    }
    let Some(stack) = Stack::start() else { return };
    stack.deploy(Fixture::NodeClassic, "nodejs24.x").await;
    stack.uncached().await;

    let (status, _) = stack.get_pets(None).await;
    assert_eq!(
        status, 401,
        "no token: the gateway answers before any function runs"
    );
    let bearer = format!("Bearer {}", stack.token);
    let (status, body) = stack.get_pets(Some(&bearer)).await;
    assert_eq!(
        status, 500,
        "a valid token, but the function cannot start: {body}"
    );
    let log = stack.function_log().await.to_string();
    assert!(
        log.contains("Runtime.CallbackHandlerDeprecated"),
        "the log should say why the function did not start: {log}"
    );
}
