//! The same gateway responses and preflight with the AWS CLI, as a learner types them
//! (`aws --endpoint-url http://127.0.0.1:PORT apigateway put-gateway-response …`).

use serde_json::Value;

use super::stack::{ORIGIN, Stack};

fn cli() -> Option<String> {
    let program = crate::support::aws_cli::program();
    if program.is_none() {
        eprintln!("skipped: no AWS CLI; `bash scripts/test.sh` installs one into .venv");
    }
    program
}

async fn aws(program: &str, s: &Stack, args: &[&str]) -> Value {
    let mut full = vec!["apigateway"];
    full.extend_from_slice(args);
    full.extend_from_slice(&["--rest-api-id", &s.api_id]);
    crate::support::aws_cli::run(program, s.endpoint(), "eu-west-1", &full).await
}

async fn redeploy(program: &str, s: &Stack) {
    let out = aws(program, s, &["create-deployment", "--stage-name", "test"]).await;
    assert!(out["id"].is_string(), "{out}");
}

#[tokio::test]
async fn gateway_responses_with_the_aws_cli() {
    let Some(program) = cli() else { return };
    let s = Stack::start().await;
    let all = aws(&program, &s, &["get-gateway-responses"]).await;
    let items = all["items"].as_array().unwrap();
    assert_eq!(items.len(), 21, "{all}");
    let access_denied = items
        .iter()
        .find(|r| r["responseType"] == "ACCESS_DENIED")
        .unwrap();
    assert_eq!(access_denied["statusCode"], "403");
    assert_eq!(access_denied["defaultResponse"], true);

    // JSON, not the shorthand: the shorthand splits 'Content-Type,Authorization' at its comma.
    let headers = format!(
        r#"{{"gatewayresponse.header.Access-Control-Allow-Origin":"'{ORIGIN}'",
            "gatewayresponse.header.Access-Control-Allow-Headers":"'Content-Type,Authorization'"}}"#
    );
    let put = aws(
        &program,
        &s,
        &[
            "put-gateway-response",
            "--response-type",
            "DEFAULT_4XX",
            "--response-parameters",
            &headers,
            "--response-templates",
            r#"{"application/json":"{\"message\":$context.error.messageString,\"requestId\":\"$context.requestId\"}"}"#,
        ],
    )
    .await;
    assert_eq!(put["defaultResponse"], false, "{put}");
    redeploy(&program, &s).await;

    // The 401 without a token inherits DEFAULT_4XX: the page can read it now.
    let unauthorized = s.call("GET", "/pets", None).await;
    assert_eq!(unauthorized.status, 401);
    assert_eq!(
        unauthorized.header("access-control-allow-origin"),
        Some(ORIGIN)
    );
    let body = unauthorized.json();
    assert_eq!(body["message"], "Unauthorized");
    assert_eq!(
        body["requestId"].as_str(),
        unauthorized.header("x-amzn-requestid")
    );
    // And the 403 of a Deny.
    let denied = s.call("GET", "/pets", Some("Bearer deny")).await;
    assert_eq!(denied.status, 403);
    assert_eq!(denied.header("access-control-allow-origin"), Some(ORIGIN));
    assert_eq!(
        denied.json()["message"],
        "User is not authorized to access this resource with an explicit deny"
    );

    let read = aws(
        &program,
        &s,
        &["get-gateway-response", "--response-type", "DEFAULT_4XX"],
    )
    .await;
    assert_eq!(
        read["responseParameters"]["gatewayresponse.header.Access-Control-Allow-Origin"],
        format!("'{ORIGIN}'")
    );
    let patched = aws(
        &program,
        &s,
        &[
            "update-gateway-response",
            "--response-type",
            "DEFAULT_4XX",
            "--patch-operations",
            "op=remove,path=/responseParameters/gatewayresponse.header.Access-Control-Allow-Headers",
        ],
    )
    .await;
    assert_eq!(
        patched["responseParameters"].as_object().unwrap().len(),
        1,
        "{patched}"
    );
}

#[tokio::test]
async fn an_options_method_with_the_aws_cli_skips_the_authorizer() {
    let Some(program) = cli() else { return };
    let s = Stack::start().await;
    let pets = s.resource("/pets").await;
    let on = |verb: &'static str| ["--resource-id", pets.as_str(), "--http-method", verb];
    // The PetStore's own OPTIONS is replaced by one made as the console's "Enable CORS" does.
    let deleted = tokio::process::Command::new(&program)
        .args(["--endpoint-url", s.endpoint(), "--region", "eu-west-1"])
        .args(["apigateway", "delete-method", "--rest-api-id", &s.api_id])
        .args(on("OPTIONS"))
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .status()
        .await
        .unwrap();
    assert!(deleted.success());
    let mut put = vec!["put-method", "--authorization-type", "NONE"];
    put.extend(on("OPTIONS"));
    assert_eq!(aws(&program, &s, &put).await["authorizationType"], "NONE");
    let mut integration = vec![
        "put-integration",
        "--type",
        "MOCK",
        "--request-templates",
        r#"{"application/json":"{\"statusCode\": 200}"}"#,
    ];
    integration.extend(on("OPTIONS"));
    assert_eq!(aws(&program, &s, &integration).await["type"], "MOCK");
    let declared = "method.response.header.Access-Control-Allow-Origin=false,\
                    method.response.header.Access-Control-Allow-Headers=false,\
                    method.response.header.Access-Control-Allow-Methods=false";
    let mut response = vec![
        "put-method-response",
        "--status-code",
        "200",
        "--response-parameters",
        declared,
    ];
    response.extend(on("OPTIONS"));
    aws(&program, &s, &response).await;
    let values = format!(
        r#"{{"method.response.header.Access-Control-Allow-Origin":"'{ORIGIN}'","method.response.header.Access-Control-Allow-Headers":"'Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token'","method.response.header.Access-Control-Allow-Methods":"'GET,POST,OPTIONS'"}}"#
    );
    let mut mapped = vec![
        "put-integration-response",
        "--status-code",
        "200",
        "--response-parameters",
        &values,
    ];
    mapped.extend(on("OPTIONS"));
    aws(&program, &s, &mapped).await;
    redeploy(&program, &s).await;

    let runs = s.authorizer_runs().await;
    let preflight = s
        .http
        .request(reqwest::Method::OPTIONS, s.url("/pets"))
        .header("Origin", ORIGIN)
        .header("Access-Control-Request-Method", "GET")
        .header("Access-Control-Request-Headers", "authorization")
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status().as_u16(), 200);
    assert_eq!(preflight.headers()["access-control-allow-origin"], ORIGIN);
    assert!(
        preflight.headers()["access-control-allow-headers"]
            .to_str()
            .unwrap()
            .contains("Authorization")
    );
    assert_eq!(s.authorizer_runs().await, runs);
    assert_eq!(
        s.call("GET", "/pets", Some("Bearer allow")).await.status,
        200
    );
    assert_eq!(s.authorizer_runs().await, runs + 1);
}
