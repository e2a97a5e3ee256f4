//! Mistakes planted by hand in the hand-built tutorial, each found where it was made and
//! fixed the way a learner would (not by `scenario reset`).

use reqwest::Method;
use serde_json::{Value, json};

use super::by_hand::{LAMBDA_ROLE, ROLE, VALIDATION};
use super::{HandStack, assert_all_pass, assert_no_secret, assert_root_cause, find};

#[tokio::test]
async fn the_tutorial_by_hand_passes_and_auth0_and_function_mistakes_are_found_and_fixed() {
    let Some(stack) = HandStack::build().await else {
        return;
    };
    let (code, report) = stack.check(&[]);
    assert_all_pass(code, &report);
    assert_stable_shape(&report);
    // With --token, in text and JSON: no token and no client secret in anything printed.
    let token = stack.token().await;
    let text = crate::support::cli::run(stack.dir.path(), &["check", "--token", &token]);
    assert!(text.status.success());
    let (_, with_token) = stack.check(&["--token", &token]);
    let printed = format!(
        "{}{}{with_token}",
        String::from_utf8_lossy(&text.stdout),
        String::from_utf8_lossy(&text.stderr)
    );
    assert!(printed.contains("step5.call.token"), "{printed}");
    assert_no_secret(
        &printed,
        &[&token, token.rsplit('.').next().unwrap(), &stack.client.1],
    );

    let base = stack.base().to_owned();
    for (name, value, id) in [
        ("TOKEN_ISSUER", base.clone(), "step3.function_env.issuer"),
        (
            "AUDIENCE",
            "https://pets.by-hand.example/v2".to_owned(),
            "step3.function_env.audience",
        ),
        (
            "JWKS_URI",
            format!("{base}/jwks.json"),
            "step3.function_env.jwks_uri",
        ),
    ] {
        stack.set_env(&[(name, &value)]).await;
        let (code, report) = stack.check(&[]);
        assert_root_cause(code, &report, id, name);
        // The call fails as following from it, unless the stage answered from its policy
        // cache (the sandbox's tokens are identical within a second), which it then says.
        let call = find(&report, "step5.call.token");
        let cached = call["what"].as_str().unwrap().contains("policy cache");
        assert!(call["follows_from"] == id || cached, "{call:#}");
        stack.set_env(&[]).await;
        let (code, report) = stack.check(&[]);
        assert_all_pass(code, &report);
    }

    let api = format!("/api/v2/resource-servers/{}", stack.auth0_api_id);
    stack
        .auth0(Method::PATCH, &api, &json!({"signing_alg": "HS256"}))
        .await;
    let (code, report) = stack.check(&[]);
    assert_root_cause(code, &report, "step1.api.signing_alg", "signing_alg");
    assert_eq!(
        find(&report, "step1.token.valid")["follows_from"],
        "step1.api.signing_alg"
    );
    stack
        .auth0(Method::PATCH, &api, &json!({"signing_alg": "RS256"}))
        .await;
    let (code, report) = stack.check(&[]);
    assert_all_pass(code, &report);

    // An expired token: the tenant's clock (the sandbox's teaching hook) runs a day behind.
    let skew = |secs: i64| {
        let http = authgate_core::http::client();
        let url = format!("{base}/sandbox/clock-skew");
        async move {
            let r = http
                .post(url)
                .json(&json!({"skew_secs": secs}))
                .send()
                .await
                .unwrap();
            assert!(r.status().is_success());
        }
    };
    skew(-90_000).await;
    let (code, report) = stack.check(&[]);
    assert_eq!(code, 1);
    let valid = find(&report, "step1.token.valid");
    assert_eq!(
        (&valid["status"], &valid["follows_from"]),
        (&json!("fail"), &Value::Null)
    );
    let what = valid["what"].as_str().unwrap();
    assert!(
        what.contains("expired") && what.contains("clock-skew"),
        "{what}"
    );
    skew(0).await;
    let (code, report) = stack.check(&[]);
    assert_all_pass(code, &report);
}

#[tokio::test]
async fn gateway_mistakes_are_found_and_fixed_the_learners_way() {
    let Some(stack) = HandStack::build().await else {
        return;
    };
    let api = stack.api_id.clone();
    let expression = "/identityValidationExpression";
    stack.patch_authorizer(expression, "^Bearer [0-9]*$").await;
    stack.deploy().await;
    let (code, report) = stack.check(&[]);
    assert_root_cause(
        code,
        &report,
        "step3.authorizer.validation",
        "identityValidationExpression",
    );
    stack.patch_authorizer(expression, VALIDATION).await;
    stack.deploy().await;
    assert_pass(&stack);

    // Secured in the API, but the stage still serves the open method.
    stack.set_get_pets("NONE").await;
    stack.deploy().await;
    stack.set_get_pets("CUSTOM").await;
    let (code, report) = stack.check(&[]);
    assert_root_cause(code, &report, "step4.stage.deployed", "create-deployment");
    assert_eq!(
        find(&report, "step5.call.no_token")["follows_from"],
        "step4.stage.deployed"
    );
    stack.deploy().await;
    assert_pass(&stack);

    let role = ["--role-name", ROLE, "--policy-arn", LAMBDA_ROLE];
    stack
        .aws(&[&["iam", "detach-role-policy"], &role[..]].concat())
        .await;
    let (code, report) = stack.check(&[]);
    assert_root_cause(code, &report, "step3.role.invoke", "AWSLambdaRole");
    // The call gets 500, or (a token identical to the last check's, minted in the same
    // second) the policy cached before the role broke: then it is no pass either.
    let token = find(&report, "step5.call.token");
    let what = token["what"].as_str().unwrap();
    assert!(
        what.contains("500") || what.contains("answered from the stage's policy cache"),
        "{token:#}"
    );
    assert_eq!(token["ok"], false, "{token:#}");
    assert_eq!(token["follows_from"], "step3.role.invoke", "{token:#}");
    stack
        .aws(&[&["iam", "attach-role-policy"], &role[..]].concat())
        .await;
    assert_pass(&stack);

    let lambda_only = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
    .to_string();
    let update = [
        "iam",
        "update-assume-role-policy",
        "--role-name",
        ROLE,
        "--policy-document",
    ];
    stack
        .aws(&[&update[..], &[lambda_only.as_str()]].concat())
        .await;
    let (code, report) = stack.check(&[]);
    assert_root_cause(
        code,
        &report,
        "step3.role.trust",
        "apigateway.amazonaws.com",
    );
    let tutorial = authgate_providers::aws::iam::trust_policy().to_string();
    stack
        .aws(&[&update[..], &[tutorial.as_str()]].concat())
        .await;
    assert_pass(&stack);

    // The cache trap: a policy for one method, cached for 300 s. The learner turns the cache
    // off (the other fix, a stage-wide policy, is what `scenario reset` would do).
    stack.set_env(&[("POLICY_SCOPE", "method")]).await;
    let (code, report) = stack.check(&[]);
    assert_root_cause(
        code,
        &report,
        "step4.cache.policy_scope",
        "authorizerResultTtlInSeconds",
    );
    stack
        .patch_authorizer("/authorizerResultTtlInSeconds", "0")
        .await;
    stack
        .aws(&[
            "apigateway",
            "create-deployment",
            "--rest-api-id",
            &api,
            "--stage-name",
            "test",
        ])
        .await;
    assert_pass(&stack);

    several_apis(&stack, &api).await;
}

/// Two APIs named `PetStore`: check lists them and asks which (exit 2); `--api-id` picks one.
async fn several_apis(stack: &HandStack, api: &str) {
    let body = format!(
        "fileb://{}",
        stack.dir.path().join("petstore.json").display()
    );
    let other = stack
        .aws(&["apigateway", "import-rest-api", "--body", &body])
        .await;
    let other = other["id"].as_str().unwrap();
    let out = crate::support::cli::run(stack.dir.path(), &["check"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains(api) && err.contains(other) && err.contains("--api-id"),
        "{err}"
    );
    let (code, report) = stack.check(&["--api-id", api]);
    assert_all_pass(code, &report);
    let out = crate::support::cli::run(stack.dir.path(), &["check", "--api-id", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("fix:"));
}

fn assert_pass(stack: &HandStack) {
    let (code, report) = stack.check(&[]);
    assert_all_pass(code, &report);
}

/// The README's `--json` shape, key for key.
fn assert_stable_shape(report: &Value) {
    let keys = |v: &Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(report), ["ok", "steps", "target"]);
    assert_eq!(report["target"], "sandbox");
    let steps = report["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 5);
    for (i, step) in steps.iter().enumerate() {
        assert_eq!(keys(step), ["checks", "ok", "step", "title"]);
        assert_eq!(step["step"], i + 1);
        for check in step["checks"].as_array().unwrap() {
            assert_eq!(
                keys(check),
                ["fix", "follows_from", "hint", "id", "ok", "status", "what"]
            );
        }
    }
}
