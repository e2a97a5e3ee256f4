//! The sandbox keeps APIs, stages, roles and functions (with their code) across a restart.

use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Mutex;

use authgate_providers::aws::apigateway::{StageSpec, ensure_rest_api, ensure_stage};
use authgate_providers::aws::iam::ensure_role;
use authgate_providers::aws::lambda::invoke::{invoke, token_event};
use authgate_providers::aws::lambda::{FunctionSpec, ensure_function};
use authgate_providers::aws::{Aws, AwsSettings};
use authgate_sandbox::server;

use super::FAST;
use super::harness::zip_with;
use super::steps::{SOURCE, env};

async fn clients(base_url: &str) -> Aws {
    Aws::connect(&AwsSettings {
        profile: None,
        region: Some("eu-west-1".into()),
        endpoint: Some(base_url.to_owned()),
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn a_restart_keeps_everything_and_functions_still_run() {
    let dir = tempfile::tempdir().unwrap();
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, 0));
    let report = Mutex::new(Vec::new());
    let first = server::start(dir.path(), addr).await.unwrap();
    let aws = clients(first.base_url()).await;
    let api = ensure_rest_api(&aws, None, &report).await.unwrap();
    let stage = ensure_stage(&aws, &api.id, &StageSpec::default(), &report)
        .await
        .unwrap();
    let role = ensure_role(&aws, "Kept", &report).await.unwrap();
    let (zip, sha) = zip_with(SOURCE);
    let spec = FunctionSpec {
        name: "kept",
        runtime: "nodejs24.x",
        handler: "index.handler",
        role_arn: &role.arn,
        zip: &zip,
        zip_sha256_b64: &sha,
        env: env(),
    };
    let function = ensure_function(&aws, &spec, FAST, &report).await.unwrap();
    first.shutdown().await;

    let second = server::start(dir.path(), addr).await.unwrap();
    let aws = clients(second.base_url()).await;
    let again = ensure_rest_api(&aws, Some(&api.id), &report).await.unwrap();
    assert!(!again.created && again.id == api.id);
    let stage_again = ensure_stage(&aws, &api.id, &StageSpec::default(), &report)
        .await
        .unwrap();
    assert_eq!(stage_again.deployment_id, stage.deployment_id);
    assert!(!ensure_role(&aws, "Kept", &report).await.unwrap().created);
    let kept = ensure_function(&aws, &spec, FAST, &report).await.unwrap();
    assert!(
        !kept.created && !kept.code_updated && !kept.config_updated,
        "{kept:?}"
    );
    let arn = "arn:aws:execute-api:eu-west-1:000000000000:a/test/GET/pets";
    let ran = invoke(&aws, &function.name, &token_event("Bearer x.y.z", arn))
        .await
        .unwrap();
    assert_eq!(ran.function_error, None, "{}", ran.payload);
    assert!(ran.payload.contains(arn), "{}", ran.payload);
}
