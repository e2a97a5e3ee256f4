//! The AWS CLI, pointed at the sandbox with `--endpoint-url`, reads what authgate created
//! (as a learner would: `aws --endpoint-url … apigateway get-rest-apis`).

use std::sync::Mutex;

use authgate_providers::aws::apigateway::ensure_rest_api;
use authgate_providers::aws::iam::ensure_role;
use authgate_providers::aws::lambda::{FunctionSpec, ensure_function};
use serde_json::Value;

use super::FAST;
use super::backend::{Backend, Sandbox};
use super::harness::zip_with;
use super::steps::{SOURCE, env};

/// The AWS CLI, or `None` (the test is skipped, saying why).
fn cli() -> Option<String> {
    let program = crate::support::aws_cli::program();
    if program.is_none() {
        eprintln!("skipped: no AWS CLI; `bash scripts/test.sh` installs one into .venv");
    }
    program
}

async fn run(program: &str, endpoint: &str, args: &[&str]) -> Value {
    crate::support::aws_cli::run(program, endpoint, "eu-west-1", args).await
}

#[tokio::test]
async fn the_aws_cli_reads_what_authgate_created() {
    let Some(program) = cli() else { return };
    let backend = Backend::Sandbox(Sandbox::start().await);
    let aws = backend.aws().await;
    let report = Mutex::new(Vec::new());
    let api = ensure_rest_api(&aws, None, &report).await.unwrap();
    let role = ensure_role(&aws, "CliRole", &report).await.unwrap();
    let (zip, sha) = zip_with(SOURCE);
    let spec = FunctionSpec {
        name: "cli-function",
        runtime: "nodejs24.x",
        handler: "index.handler",
        role_arn: &role.arn,
        zip: &zip,
        zip_sha256_b64: &sha,
        env: env(),
    };
    ensure_function(&aws, &spec, FAST, &report).await.unwrap();
    let endpoint = backend.endpoint();

    let apis = run(&program, endpoint, &["apigateway", "get-rest-apis"]).await;
    assert_eq!(apis["items"][0]["id"], api.id.as_str(), "{apis}");
    assert_eq!(apis["items"][0]["name"], "PetStore");
    let resources = run(
        &program,
        endpoint,
        &["apigateway", "get-resources", "--rest-api-id", &api.id],
    )
    .await;
    assert_eq!(
        resources["items"].as_array().unwrap().len(),
        3,
        "{resources}"
    );
    let functions = run(&program, endpoint, &["lambda", "list-functions"]).await;
    assert_eq!(functions["Functions"][0]["FunctionName"], "cli-function");
    assert_eq!(functions["Functions"][0]["CodeSha256"], sha.as_str());
    let got = run(
        &program,
        endpoint,
        &["iam", "get-role", "--role-name", "CliRole"],
    )
    .await;
    assert_eq!(got["Role"]["Arn"], role.arn.as_str());
    let trust = &got["Role"]["AssumeRolePolicyDocument"];
    assert_eq!(trust["Statement"][0]["Action"], "sts:AssumeRole", "{got}");
    let me = run(&program, endpoint, &["sts", "get-caller-identity"]).await;
    assert_eq!(me["Account"], "000000000000");
}
