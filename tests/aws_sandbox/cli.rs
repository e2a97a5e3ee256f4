//! The AWS CLI, pointed at the sandbox with `--endpoint-url`, reads what authgate created
//! (as a learner would: `aws --endpoint-url … apigateway get-rest-apis`).

use std::sync::Mutex;

use authgate::domain::aws::apigateway::ensure_rest_api;
use authgate::domain::aws::iam::ensure_role;
use authgate::domain::aws::lambda::{FunctionSpec, ensure_function};
use serde_json::Value;

use super::FAST;
use super::backend::{Backend, Sandbox};
use super::harness::zip_with;
use super::steps::{SOURCE, env};

/// `AUTHGATE_AWS_CLI` (scripts/test.sh installs awscli into .venv), else `aws` on PATH.
async fn cli() -> Option<String> {
    let program = std::env::var("AUTHGATE_AWS_CLI").unwrap_or_else(|_| "aws".to_owned());
    let works = tokio::process::Command::new(&program)
        .arg("--version")
        .output()
        .await
        .is_ok_and(|o| o.status.success());
    if !works {
        eprintln!(
            "skipped: no AWS CLI ({program}); `bash scripts/test.sh` installs one into .venv"
        );
    }
    works.then_some(program)
}

async fn run(program: &str, endpoint: &str, args: &[&str]) -> Value {
    let out = tokio::process::Command::new(program)
        .args([
            "--endpoint-url",
            endpoint,
            "--region",
            "eu-west-1",
            "--output",
            "json",
        ])
        .args(args)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .env_remove("AWS_PROFILE")
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "aws {args:?}: {}\n{stdout}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("aws {args:?}: {e}: {stdout}"))
}

#[tokio::test]
async fn the_aws_cli_reads_what_authgate_created() {
    let Some(program) = cli().await else { return };
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
