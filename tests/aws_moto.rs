//! Steps 2–4 and teardown against moto server (the AWS wire protocol on loopback), run
//! twice to prove reruns converge, with drift introduced behind our back in between.
//! moto has no data plane: the invoke-URL calls (GET /, GET /pets/1) are covered by unit
//! tests and the sandbox, not here. Calls moto lacks (`UpdateMethod`, `TestInvokeMethod`,
//! `TestInvokeAuthorizer`, Lambda `Invoke`) come from `tests/moto/server.py`: they record what
//! we send and answer in AWS's documented shapes, so those checks are control-plane only.

#[path = "aws_moto/checks.rs"]
mod checks;
#[path = "aws_moto/harness.rs"]
mod harness;
#[path = "aws_moto/steps.rs"]
mod steps;

use std::sync::Mutex;
use std::time::Duration;

use authgate::domain::aws::iam::ensure_role;
use authgate::domain::aws::lambda::{FunctionSpec, authorizer_env, ensure_function};
use authgate::domain::aws::retry::Backoff;
use harness::{Moto, zip_with};

pub const FAST: Backoff = Backoff {
    first: Duration::from_millis(1),
    max_step: Duration::from_millis(5),
    budget: Duration::from_millis(200),
};

#[tokio::test]
async fn steps_two_to_four_converge_and_teardown_leaves_nothing() {
    let moto = Moto::start().await;
    let aws = moto.aws().await;
    let first = steps::run_all(&moto, &aws, None).await;
    assert!(
        first.all_created(),
        "first run creates everything: {first:#?}"
    );
    let second = steps::run_all(&moto, &aws, Some(&first)).await;
    steps::assert_rerun_changed_nothing(&first, &second);
    checks::assert_nothing_duplicated(&aws, &first).await;
    checks::drift_is_repaired(&moto, &aws, &first).await;
    checks::teardown_twice(&aws, &first).await;
    checks::remembered_api_gone_is_recreated(&aws, &first).await;
}

#[tokio::test]
async fn create_function_retries_while_the_new_role_propagates() {
    let moto = Moto::start().await;
    let aws = moto.aws().await;
    let report = Mutex::new(Vec::new());
    let role = ensure_role(&aws, "PropagationRole", &report).await.unwrap();
    let (zip, sha) = zip_with("export const handler = async () => ({});\n");
    let spec = FunctionSpec {
        name: "propagation",
        runtime: "nodejs24.x",
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
    assert!(err.hint().contains("propagating"), "{}", err.hint());
}

#[tokio::test]
async fn every_method_but_options_can_be_secured() {
    use authgate::domain::aws::apigateway::{StageSpec, ensure_rest_api, ensure_stage};
    use authgate::domain::aws::authorizer::{AuthorizerSpec, MAX_TTL_SECS, ensure_authorizer};
    use authgate::domain::aws::secure::{SecureScope, SecureSpec, secure};

    let moto = Moto::start().await;
    let aws = moto.aws().await;
    let report = Mutex::new(Vec::new());
    let api = ensure_rest_api(&aws, None, &report).await.unwrap();
    let stage = StageSpec::default();
    ensure_stage(&aws, &api.id, &stage, &report).await.unwrap();
    let role = ensure_role(&aws, "ScopeRole", &report).await.unwrap();
    let function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:any";
    let mut spec = AuthorizerSpec {
        api_id: &api.id,
        name: "scope-authorizer",
        function_arn,
        role_arn: &role.arn,
        ttl_secs: MAX_TTL_SECS + 1,
    };
    let err = ensure_authorizer(&aws, &spec, &report).await.unwrap_err();
    assert!(err.to_string().contains("3601"), "{err}");
    spec.ttl_secs = MAX_TTL_SECS;
    let authorizer = ensure_authorizer(&aws, &spec, &report).await.unwrap();
    assert!(authorizer.warning.as_deref().unwrap().contains("403"));

    let secured = secure(
        &aws,
        &SecureSpec {
            api_id: &api.id,
            authorizer_id: &authorizer.id,
            scope: SecureScope::AllButOptions,
            stage: &stage,
            authorizer_changed: true,
            remembered_deployment: None,
        },
        &report,
    )
    .await
    .unwrap();
    assert_eq!(
        secured.methods,
        ["GET /", "GET /pets", "POST /pets", "GET /pets/{petId}"]
    );
    let patched = moto.recorded("UpdateMethod").await;
    assert_eq!(patched.len(), 4);
    assert!(patched.iter().all(|p| p["httpMethod"] != "OPTIONS"));
    let ops = &patched[0]["patchOperations"];
    assert_eq!(ops[0]["path"], "/authorizationType");
    assert_eq!(ops[0]["value"], "CUSTOM");
    assert_eq!(ops[1]["value"], authorizer.id.as_str());
    assert_eq!(ops[2]["path"], "/apiKeyRequired");
    assert_eq!(ops[2]["value"], "false");
}
