//! The real-account path: `check` with AWS = moto server (`AWS_ENDPOINT_URL`) and Auth0 = the
//! sandbox's tenant, after `setup` made the tutorial there. moto answers the control plane
//! (so the settings are graded), but runs no code and serves no invoke URL: those checks are
//! "not checkable here", never a pass, and with no failure check exits 2.

use serde_json::Value;

use super::{failed, find};
use crate::aws_moto::harness::Moto;
use crate::support::{cli, foreground};

#[tokio::test]
async fn against_moto_the_control_plane_is_graded_and_the_rest_is_not_checkable_here() {
    let Some(moto) = Moto::start().await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let _sandbox = foreground::sandbox(dir.path());
    let run = |args: &[&str]| {
        let mut command = cli::command(dir.path());
        command
            .env("AWS_ENDPOINT_URL", &moto.endpoint)
            .env("AWS_REGION", "eu-west-1");
        cli::output(&mut command, args)
    };
    // moto has no data plane: setup stops at the first invoke-URL call, then goes on.
    run(&["setup", "--yes"]);
    run(&["setup", "--yes", "--from-step", "3"]);
    let out = run(&["check", "--json"]);
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(failed(&report), Vec::<String>::new(), "{report:#}");
    assert_eq!(
        out.status.code(),
        Some(2),
        "not checkable, none failed: exit 2"
    );
    assert_eq!(report["target"], "aws");
    for id in [
        "step1.api.exists",
        "step1.token.valid",
        "step2.api.imported",
        "step2.stage.deployed",
        "step3.authorizer.type",
        "step3.authorizer.validation",
        "step3.function_env.issuer",
        "step3.function_env.audience",
        "step3.role.trust",
        "step3.role.invoke",
        "step4.methods.secured",
        "step4.cors.preflight_open",
        "step4.cors.allow_headers",
        "step4.cors.gateway_responses",
    ] {
        assert_eq!(
            find(&report, id)["status"],
            "pass",
            "{id}: {:#}",
            find(&report, id)
        );
    }
    // Step 4's browser actions ran against moto too: graded from its configuration.
    let cors = find(&report, "step4.cors.gateway_responses")["what"]
        .as_str()
        .unwrap();
    assert!(cors.contains("step 4's browser origin"), "{cors}");
    for id in [
        "step2.call.root",
        "step2.call.pet",
        "step3.authorizer.test_invoke",
        "step4.stage.deployed",
        "step4.cache.policy_scope",
        "step4.cors.deployed",
        "step5.call.no_token",
        "step5.call.token",
    ] {
        let c = find(&report, id);
        assert_eq!(
            (&c["status"], &c["ok"]),
            (&Value::from("not_checkable"), &Value::Bool(false)),
            "{id}"
        );
        assert!(
            c["what"]
                .as_str()
                .unwrap()
                .starts_with("not checkable here"),
            "{c:#}"
        );
    }
    // A mistake moto can show: the issuer without its slash, set with the SDK as a user would.
    drop_issuer_slash(&moto.endpoint).await;
    let junit = dir.path().join("check.xml");
    let junit_arg = junit.display().to_string();
    let out = run(&["check", "--json", "--junit", &junit_arg]);
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(failed(&report), ["step3.function_env.issuer"], "{report:#}");
    if let Some(read) = super::junit::read(&junit) {
        super::junit::assert_matches(&read, &report);
    }
    let out = run(&["check", "--json", "--step", "3"]);
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(failed(&report), ["step3.function_env.issuer"], "{report:#}");
    assert_eq!(
        report["steps"].as_array().unwrap().len(),
        1,
        "--step 3 only"
    );
}

async fn drop_issuer_slash(endpoint: &str) {
    let aws = authgate_providers::aws::Aws::connect(&authgate_providers::aws::AwsSettings {
        profile: None,
        region: Some("eu-west-1".to_owned()),
        endpoint: Some(endpoint.to_owned()),
    })
    .await
    .unwrap();
    let config = aws
        .lambda
        .get_function_configuration()
        .function_name("jwtRsaCustomAuthorizer")
        .send()
        .await
        .unwrap();
    let mut vars = config.environment.unwrap().variables.unwrap();
    let issuer = vars["TOKEN_ISSUER"].trim_end_matches('/').to_owned();
    vars.insert("TOKEN_ISSUER".to_owned(), issuer);
    aws.lambda
        .update_function_configuration()
        .function_name("jwtRsaCustomAuthorizer")
        .environment(
            aws_sdk_lambda::types::Environment::builder()
                .set_variables(Some(vars))
                .build(),
        )
        .send()
        .await
        .unwrap();
}
