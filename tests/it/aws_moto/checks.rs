//! After two runs: no duplicates, drift repaired, teardown leaves nothing (twice).

use std::sync::Mutex;

use authgate_providers::aws::Aws;
use authgate_providers::aws::apigateway::{
    PETSTORE_NAME, StageSpec, ensure_rest_api, find_rest_apis, resources,
};
use authgate_providers::aws::authorizer::{AuthorizerSpec, ensure_authorizer};
use authgate_providers::aws::lambda::{FunctionSpec, ensure_function};
use authgate_providers::aws::secure::{SecureScope, SecureSpec, secure};
use authgate_providers::aws::teardown::{TeardownPlan, teardown};
use aws_sdk_apigateway::types::{Op, PatchOperation};
use aws_sdk_lambda::types::Environment;

use super::FAST;
use super::backend::Backend;
use super::harness::zip_with;
use super::steps::{Run, SOURCE, env};

pub async fn assert_nothing_duplicated(aws: &Aws, run: &Run) {
    assert_eq!(
        find_rest_apis(aws, PETSTORE_NAME).await.unwrap(),
        std::slice::from_ref(&run.api.id)
    );
    let authorizers = aws
        .apigateway
        .get_authorizers()
        .rest_api_id(&run.api.id)
        .send()
        .await
        .unwrap();
    assert_eq!(authorizers.items().len(), 1);
    let functions = aws.lambda.list_functions().send().await.unwrap();
    assert_eq!(functions.functions().len(), 1);
    let roles = aws.iam.list_roles().send().await.unwrap();
    let ours = roles
        .roles()
        .iter()
        .filter(|r| r.role_name == run.role.name);
    assert_eq!(ours.count(), 1);
    // One deployment for step 2, one for step 4; the rerun added none.
    let deployments = aws
        .apigateway
        .get_deployments()
        .rest_api_id(&run.api.id)
        .send()
        .await
        .unwrap();
    assert_eq!(deployments.items().len(), 2);
}

/// Changes made behind authgate's back (console, CLI) are put back on the next run.
#[allow(clippy::too_many_lines)]
pub async fn drift_is_repaired(backend: &Backend, aws: &Aws, run: &Run) {
    let report = Mutex::new(Vec::new());
    let mut tampered = env();
    tampered.insert("AUDIENCE".into(), "https://somebody-else.example".into());
    aws.lambda
        .update_function_configuration()
        .function_name(&run.function.name)
        .environment(
            Environment::builder()
                .set_variables(Some(tampered.into_iter().collect()))
                .build(),
        )
        .send()
        .await
        .unwrap();
    let (zip, sha) = zip_with(SOURCE);
    let spec = FunctionSpec {
        name: &run.function.name,
        runtime: "nodejs24.x",
        handler: "index.handler",
        role_arn: &run.role.arn,
        zip: &zip,
        zip_sha256_b64: &sha,
        env: env(),
    };
    let fixed = ensure_function(aws, &spec, FAST, &report).await.unwrap();
    assert!(
        fixed.config_updated && !fixed.code_updated && !fixed.created,
        "{fixed:?}"
    );
    let now = aws
        .lambda
        .get_function_configuration()
        .function_name(&run.function.name)
        .send()
        .await
        .unwrap();
    let vars = now.environment().unwrap().variables().unwrap();
    assert_eq!(vars["AUDIENCE"], "https://petstore.example");

    // New code (a new bundle) is uploaded; the configuration is left alone.
    let (zip, sha) = zip_with("export const handler = async () => 'v2';\n");
    let spec = FunctionSpec {
        zip: &zip,
        zip_sha256_b64: &sha,
        ..spec
    };
    let fixed = ensure_function(aws, &spec, FAST, &report).await.unwrap();
    assert!(fixed.code_updated && !fixed.config_updated, "{fixed:?}");

    // Authorizer TTL changed, GET /pets opened up again: patched, redeployed, cache flushed.
    aws.apigateway
        .update_authorizer()
        .rest_api_id(&run.api.id)
        .authorizer_id(&run.authorizer.id)
        .patch_operations(patch("/authorizerResultTtlInSeconds", "3600"))
        .send()
        .await
        .unwrap();
    let pets = resources(aws, &run.api.id).await.unwrap()["/pets"]
        .id
        .clone()
        .unwrap();
    aws.apigateway
        .update_method()
        .rest_api_id(&run.api.id)
        .resource_id(pets)
        .http_method("GET")
        .patch_operations(patch("/authorizationType", "NONE"))
        .send()
        .await
        .unwrap();
    let authorizer = ensure_authorizer(
        aws,
        &AuthorizerSpec {
            api_id: &run.api.id,
            name: &run.authorizer.name,
            function_arn: &run.function.arn,
            role_arn: &run.role.arn,
            ttl_secs: 300,
        },
        &report,
    )
    .await
    .unwrap();
    assert!(authorizer.updated && !authorizer.created);
    let flushes_before = backend.flushes(&run.api.id, "test").await;
    let stage = StageSpec::default();
    let secured = secure(
        aws,
        &SecureSpec {
            api_id: &run.api.id,
            authorizer_id: &authorizer.id,
            scope: SecureScope::Pets,
            stage: &stage,
            authorizer_changed: authorizer.changed(),
            remembered_deployment: Some(&run.secured.deployment_id),
        },
        &report,
    )
    .await
    .unwrap();
    assert_eq!(secured.changed, ["GET /pets"]);
    assert!(secured.redeployed && secured.cache_flushed);
    assert_ne!(secured.deployment_id, run.secured.deployment_id);
    assert_eq!(
        backend.flushes(&run.api.id, "test").await,
        flushes_before + 1
    );
}

fn patch(path: &str, value: &str) -> PatchOperation {
    PatchOperation::builder()
        .op(Op::Replace)
        .path(path)
        .value(value)
        .build()
}

pub async fn teardown_twice(aws: &Aws, run: &Run) {
    let report = Mutex::new(Vec::new());
    let plan =
        TeardownPlan::from_records(Some(&run.api), Some(&run.function), Some(&run.role), false);
    let first = teardown(aws, &plan, &report).await.unwrap();
    assert_eq!(first.deleted.len(), 3, "{first:?}");
    assert!(first.already_gone.is_empty());

    let api = aws
        .apigateway
        .get_rest_api()
        .rest_api_id(&run.api.id)
        .send()
        .await;
    assert!(
        api.unwrap_err()
            .into_service_error()
            .is_not_found_exception()
    );
    let function = aws
        .lambda
        .get_function()
        .function_name(&run.function.name)
        .send()
        .await;
    assert!(
        function
            .unwrap_err()
            .into_service_error()
            .is_resource_not_found_exception()
    );
    let role = aws.iam.get_role().role_name(&run.role.name).send().await;
    assert!(
        role.unwrap_err()
            .into_service_error()
            .is_no_such_entity_exception()
    );
    assert!(
        aws.lambda
            .list_functions()
            .send()
            .await
            .unwrap()
            .functions()
            .is_empty()
    );
    assert!(find_rest_apis(aws, PETSTORE_NAME).await.unwrap().is_empty());

    let second = teardown(aws, &plan, &report).await.unwrap();
    assert!(second.deleted.is_empty(), "{second:?}");
    assert_eq!(second.already_gone.len(), 3);
}

/// The state file remembers an API that no longer exists: it is imported again.
pub async fn remembered_api_gone_is_recreated(aws: &Aws, run: &Run) {
    let report = Mutex::new(Vec::new());
    let api = ensure_rest_api(aws, Some(&run.api.id), &report)
        .await
        .unwrap();
    assert!(api.created);
    assert_ne!(api.id, run.api.id);
    let lines = report.lock().unwrap();
    assert!(lines.iter().any(|l| l.contains("is gone")), "{lines:?}");
}
