//! The browser checks on the tutorial done by hand, for a page at one origin: each mistake
//! planted with the AWS CLI (an authorizer on `OPTIONS`, an authorized `ANY` with no
//! `OPTIONS`, `Authorization` left out of the preflight's allowed headers, a 401 without
//! CORS, a CORS change not deployed) is found where it was made with a fix that names the
//! setting; the learner runs the fix's own commands (copied into bash) and check passes.

use std::path::Path;

use serde_json::{Value, json};

use super::{HandStack, assert_all_pass, assert_root_cause, find};

const PAGE: &str = "http://127.0.0.1:5180";

fn check(stack: &HandStack) -> (i32, Value) {
    stack.check(&["--browser-origin", PAGE])
}

/// The commands of a check's fix, as a learner copies them: continuation lines joined,
/// comment lines left out.
fn commands(check: &Value) -> Vec<String> {
    let fix = check["fix"].as_str().unwrap_or_else(|| panic!("{check:#}"));
    let cli = fix.split_once("\ncli: ").unwrap().1;
    let mut out = Vec::new();
    let mut current = String::new();
    for line in cli.lines() {
        if current.is_empty() && line.trim_start().starts_with('#') {
            continue;
        }
        if let Some(head) = line.strip_suffix('\\') {
            current.push_str(head);
            continue;
        }
        current.push_str(line);
        out.push(std::mem::take(&mut current));
    }
    out
}

/// Runs one command of a fix in bash, `aws` being the CLI the tests use.
async fn run_fix(stack: &HandStack, command: &str) {
    assert!(command.starts_with("aws --endpoint-url "), "{command}");
    let out = tokio::process::Command::new("bash")
        .arg("-c")
        .arg(format!("aws() {{ \"$FIX_AWS\" \"$@\"; }}\n{command}"))
        .current_dir(stack.dir.path())
        .env("FIX_AWS", Path::new(stack.program()))
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .env_remove("AWS_PROFILE")
        .output()
        .await
        .unwrap();
    assert!(
        out.status.success(),
        "{command}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs every command of `id`'s fix, or only those that `keep` lets through.
async fn apply_fix(stack: &HandStack, report: &Value, id: &str, keep: impl Fn(&str) -> bool) {
    for command in commands(find(report, id)).iter().filter(|c| keep(c)) {
        run_fix(stack, command).await;
    }
}

fn what<'a>(report: &'a Value, id: &str) -> &'a str {
    find(report, id)["what"].as_str().unwrap()
}

fn deploying(command: &str) -> bool {
    command.contains(" create-deployment ")
}

#[tokio::test]
async fn browser_mistakes_planted_by_hand_are_found_and_fixed_with_the_fix_s_commands() {
    let Some(stack) = HandStack::build().await else {
        return;
    };
    // No --browser-origin, no state file, no CORS gateway response: not set up for a browser.
    let (code, report) = stack.check(&[]);
    assert_all_pass(code, &report);
    assert!(
        what(&report, "step4.cors.gateway_responses").starts_with("not set up for a browser"),
        "{report:#}"
    );

    // For a page: PetStore's OPTIONS answer the preflight, but API Gateway's own 401 and 403
    // have no CORS header.
    let (code, report) = check(&stack);
    let header = "gatewayresponse.header.Access-Control-Allow-Origin";
    assert_root_cause(code, &report, "step4.cors.gateway_responses", header);
    let text = what(&report, "step4.cors.gateway_responses");
    assert!(
        text.contains("401 (UNAUTHORIZED) is API Gateway's default")
            && text.contains("no Access-Control-Allow-Origin"),
        "{text}"
    );
    // The learner puts the gateway response and forgets to deploy.
    apply_fix(&stack, &report, "step4.cors.gateway_responses", |c| {
        !deploying(c)
    })
    .await;
    let (code, report) = check(&stack);
    assert_root_cause(code, &report, "step4.cors.deployed", "create-deployment");
    let text = what(&report, "step4.cors.deployed");
    assert!(
        text.contains("the 401") && text.contains("not deployed"),
        "{text}"
    );
    apply_fix(&stack, &report, "step4.cors.deployed", |_| true).await;
    let (code, report) = check(&stack);
    assert_all_pass(code, &report);
    // Without the flag the origin is read off the gateway response the learner put.
    let (code, report) = stack.check(&[]);
    assert_all_pass(code, &report);
    let text = what(&report, "step4.cors.gateway_responses");
    assert!(
        text.contains(PAGE) && text.contains("allowed by the DEFAULT_4XX gateway response"),
        "{text}"
    );

    authorizer_on_options(&stack).await;
    authorization_not_allowed(&stack).await;
    authorized_any(&stack).await;
}

/// (a) An authorizer on `OPTIONS /pets`: the preflight gets 401.
async fn authorizer_on_options(stack: &HandStack) {
    let authorizer = format!(
        "op=replace,path=/authorizerId,value={}",
        stack.authorizer_id
    );
    stack
        .aws(&[
            "apigateway",
            "update-method",
            "--rest-api-id",
            &stack.api_id,
            "--resource-id",
            &stack.pets_id,
            "--http-method",
            "OPTIONS",
            "--patch-operations",
            "op=replace,path=/authorizationType,value=CUSTOM",
            &authorizer,
        ])
        .await;
    stack.deploy().await;
    let (code, report) = check(stack);
    let setting = "path=/authorizationType,value=NONE";
    assert_root_cause(code, &report, "step4.cors.preflight_open", setting);
    let text = what(&report, "step4.cors.preflight_open");
    assert!(
        text.contains("OPTIONS /pets uses authorization CUSTOM")
            && text.contains("the stage answers its preflight: 401"),
        "{text}"
    );
    // The learner takes the authorizer off (the fix's first command) and does not deploy.
    apply_fix(stack, &report, "step4.cors.preflight_open", |c| {
        c.contains(" update-method ")
    })
    .await;
    let (code, report) = check(stack);
    assert_root_cause(code, &report, "step4.cors.deployed", "create-deployment");
    let text = what(&report, "step4.cors.deployed");
    assert!(
        text.contains("OPTIONS /pets is NONE in the API but CUSTOM on the stage"),
        "{text}"
    );
    stack.deploy().await;
    let (code, report) = check(stack);
    assert_all_pass(code, &report);
}

/// (c) The preflight's `Access-Control-Allow-Headers` without `Authorization`.
async fn authorization_not_allowed(stack: &HandStack) {
    let header = |name: &str| format!("method.response.header.{name}");
    let parameters = json!({
        header("Access-Control-Allow-Origin"): "'*'",
        header("Access-Control-Allow-Headers"): "'Content-Type,X-Amz-Date'",
        header("Access-Control-Allow-Methods"): "'GET,OPTIONS,POST'",
    })
    .to_string();
    stack
        .aws(&[
            "apigateway",
            "put-integration-response",
            "--rest-api-id",
            &stack.api_id,
            "--resource-id",
            &stack.pets_id,
            "--http-method",
            "OPTIONS",
            "--status-code",
            "200",
            "--response-parameters",
            &parameters,
        ])
        .await;
    stack.deploy().await;
    let (code, report) = check(stack);
    let setting = "'Content-Type,X-Amz-Date,Authorization,";
    assert_root_cause(code, &report, "step4.cors.allow_headers", setting);
    let text = what(&report, "step4.cors.allow_headers");
    assert!(
        text.contains("Content-Type,X-Amz-Date without Authorization"),
        "{text}"
    );
    apply_fix(stack, &report, "step4.cors.allow_headers", |_| true).await;
    let (code, report) = check(stack);
    assert_all_pass(code, &report);
}

/// (b) `ANY /pets/{petId}` with the authorizer and no `OPTIONS`: ANY answers the preflight.
async fn authorized_any(stack: &HandStack) {
    let resources = stack
        .aws(&[
            "apigateway",
            "get-resources",
            "--rest-api-id",
            &stack.api_id,
        ])
        .await;
    let pet = resources["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["path"] == "/pets/{petId}")
        .and_then(|r| r["id"].as_str())
        .unwrap()
        .to_owned();
    let on = |verb: &'static str| {
        [
            "--rest-api-id",
            stack.api_id.as_str(),
            "--resource-id",
            pet.as_str(),
            "--http-method",
            verb,
        ]
    };
    stack
        .aws(&[&["apigateway", "delete-method"], &on("OPTIONS")[..]].concat())
        .await;
    let any = [
        "--authorization-type",
        "CUSTOM",
        "--authorizer-id",
        &stack.authorizer_id,
    ];
    stack
        .aws(&[&["apigateway", "put-method"], &on("ANY")[..], &any[..]].concat())
        .await;
    let mock = [
        "--type",
        "MOCK",
        "--request-templates",
        r#"{"application/json":"{\"statusCode\": 200}"}"#,
    ];
    stack
        .aws(
            &[
                &["apigateway", "put-integration"],
                &on("ANY")[..],
                &mock[..],
            ]
            .concat(),
        )
        .await;
    stack.deploy().await;
    let (code, report) = check(stack);
    let setting = "--http-method OPTIONS --authorization-type NONE";
    assert_root_cause(code, &report, "step4.cors.any_method", setting);
    let text = what(&report, "step4.cors.any_method");
    assert!(
        text.contains("ANY /pets/{petId} uses authorization CUSTOM")
            && text.contains("the stage answers its preflight: 401"),
        "{text}"
    );
    let fix = commands(find(&report, "step4.cors.any_method"));
    assert!(
        fix.iter().all(|c| !c.contains('<')),
        "every placeholder filled: {fix:#?}"
    );
    apply_fix(stack, &report, "step4.cors.any_method", |_| true).await;
    let (code, report) = check(stack);
    assert_all_pass(code, &report);
}
