//! The sandbox's errors in each protocol's shape, parsed by the SDK into its typed
//! variants (which the providers' `is_not_found()` and friends rely on).

use authgate_providers::aws::iam::trust_policy;
use aws_sdk_apigateway::error::ProvideErrorMetadata as _;
use aws_sdk_lambda::primitives::Blob;
use aws_sdk_lambda::types::FunctionCode;

use super::backend::{Backend, Sandbox};
use super::harness::zip_with;
use super::steps::SOURCE;

#[tokio::test]
async fn not_found_and_conflicts_are_the_sdks_typed_errors() {
    let backend = Backend::Sandbox(Sandbox::start().await);
    let aws = backend.aws().await;

    let api = aws
        .apigateway
        .get_rest_api()
        .rest_api_id("nope")
        .send()
        .await;
    assert!(
        api.unwrap_err()
            .into_service_error()
            .is_not_found_exception()
    );
    let stage = aws
        .apigateway
        .get_stage()
        .rest_api_id("nope")
        .stage_name("test")
        .send()
        .await;
    assert!(
        stage
            .unwrap_err()
            .into_service_error()
            .is_not_found_exception()
    );

    let role = aws.iam.get_role().role_name("nobody").send().await;
    assert!(
        role.unwrap_err()
            .into_service_error()
            .is_no_such_entity_exception()
    );
    let create_role = || {
        aws.iam
            .create_role()
            .role_name("twice")
            .assume_role_policy_document(trust_policy().to_string())
            .send()
    };
    create_role().await.unwrap();
    let again = create_role().await.unwrap_err().into_service_error();
    assert!(again.is_entity_already_exists_exception(), "{again:?}");

    let function = aws.lambda.get_function().function_name("none").send().await;
    assert!(
        function
            .unwrap_err()
            .into_service_error()
            .is_resource_not_found_exception()
    );
    let (zip, _) = zip_with(SOURCE);
    let create_function = |role: &str| {
        aws.lambda
            .create_function()
            .function_name("twice")
            .runtime(aws_sdk_lambda::types::Runtime::from("nodejs24.x"))
            .role(role)
            .handler("index.handler")
            .code(
                FunctionCode::builder()
                    .zip_file(Blob::new(zip.clone()))
                    .build(),
            )
            .send()
    };
    let unknown_role = create_function("arn:aws:iam::000000000000:role/nobody")
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        unknown_role.is_invalid_parameter_value_exception(),
        "{unknown_role:?}"
    );
    assert!(
        unknown_role
            .message()
            .unwrap()
            .contains("cannot be assumed")
    );
    let arn = "arn:aws:iam::000000000000:role/twice";
    create_function(arn).await.unwrap();
    let again = create_function(arn).await.unwrap_err().into_service_error();
    assert!(again.is_resource_conflict_exception(), "{again:?}");
}

#[tokio::test]
async fn what_the_sandbox_lacks_is_named_in_an_aws_shaped_error() {
    let backend = Backend::Sandbox(Sandbox::start().await);
    let aws = backend.aws().await;
    let keys = aws.apigateway.get_api_keys().send().await.unwrap_err();
    let message = keys
        .into_service_error()
        .message()
        .unwrap_or_default()
        .to_owned();
    assert!(
        message.contains("only the AWS calls authgate makes"),
        "{message}"
    );
    assert!(message.contains("/apikeys"), "{message}");
    let users = aws
        .iam
        .list_users()
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert_eq!(users.code(), Some("InvalidAction"));
    assert!(
        users.message().unwrap().contains("iam:ListUsers"),
        "{users:?}"
    );
}
