//! Steps 2–4 and teardown against moto server (the AWS wire protocol on loopback), run
//! twice to prove reruns converge, with drift introduced behind our back in between.
//! moto has no data plane: the invoke-URL calls (GET /, GET /pets/1) are covered by unit
//! tests and the sandbox, not here. Calls moto lacks (`UpdateMethod`, `TestInvokeMethod`,
//! `TestInvokeAuthorizer`, Lambda `Invoke`) come from `tests/moto/server.py`: they record what
//! we send and answer in AWS's documented shapes, so those checks are control-plane only.

pub mod backend;
pub mod checks;
pub mod harness;
pub mod scenarios;
pub mod steps;

use std::sync::Mutex;

use authgate_core::hint::Hint;
use authgate_providers::aws::iam::ensure_role;
use authgate_providers::aws::lambda::{FunctionSpec, authorizer_env, ensure_function};
use backend::Backend;
use harness::{Moto, zip_with};

pub use harness::FAST;

#[tokio::test]
async fn steps_two_to_four_converge_and_teardown_leaves_nothing() {
    let Some(moto) = Moto::start().await else {
        return;
    };
    let backend = Backend::Moto(moto);
    Box::pin(scenarios::converge_and_teardown(&backend)).await;
}

#[tokio::test]
async fn every_method_but_options_can_be_secured() {
    let Some(moto) = Moto::start().await else {
        return;
    };
    let backend = Backend::Moto(moto);
    scenarios::every_method_but_options(&backend).await;
}

/// moto only: its extension can fail `CreateFunction` as if IAM were still propagating.
#[tokio::test]
async fn create_function_retries_while_the_new_role_propagates() {
    let Some(moto) = Moto::start().await else {
        return;
    };
    let backend = Backend::Moto(moto);
    let Backend::Moto(moto) = &backend else {
        unreachable!("started as moto")
    };
    let aws = backend.aws().await;
    let report = Mutex::new(Vec::new());
    let role = ensure_role(&aws, "PropagationRole", &report).await.unwrap();
    let (zip, sha) = zip_with("export const handler = async () => ({});\n");
    let spec = FunctionSpec {
        name: "propagation",
        runtime: "nodejs24.x",
        handler: "index.handler",
        role_arn: &role.arn,
        zip: &zip,
        zip_sha256_b64: &sha,
        env: authorizer_env("https://t.example/", "https://t.example/jwks", "aud", None),
    };

    moto.fail_create_function(2).await;
    let record = ensure_function(&aws, &spec, FAST, &report).await.unwrap();
    assert!(record.created);
    let lines = report.lock().unwrap().clone();
    let retries = lines
        .iter()
        .filter(|l| l.contains("IAM propagation"))
        .count();
    assert_eq!(retries, 2, "{lines:#?}");

    // Past the budget, the error is AWS's own, with a hint about propagation.
    moto.fail_create_function(1000).await;
    let spec = FunctionSpec {
        name: "propagation-2",
        ..spec
    };
    let err = ensure_function(&aws, &spec, FAST, &report)
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InvalidParameterValueException"), "{err}");
    assert!(err.fix().contains("propagating"), "{}", err.fix());
}
