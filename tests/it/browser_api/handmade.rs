//! A resource built by hand through the SDK, as a learner follows the console: an `OPTIONS`
//! method answered by a `MOCK` (the preflight never reaches the authorizer, as its log shows),
//! and a `GET` whose `AWS_PROXY` integration runs a Python function that echoes
//! `requestContext.authorizer`; then what lies beyond the sandbox's subset, named.

use aws_sdk_apigateway::types::IntegrationType;

use super::stack::{ECHO, ORIGIN, Stack};

#[tokio::test]
async fn a_mock_preflight_and_a_proxy_backend_built_by_hand() {
    let s = Stack::start().await;
    let gw = &s.aws.apigateway;
    let root = s.resource("/").await;
    let whoami = gw
        .create_resource()
        .rest_api_id(&s.api_id)
        .parent_id(&root)
        .path_part("whoami")
        .send()
        .await
        .unwrap();
    let whoami = whoami.id().unwrap().to_owned();
    put_mock_preflight(&s, &whoami).await;
    put_echo_backend(&s, &whoami).await;
    s.redeploy().await;
    the_preflight_skips_the_authorizer_and_the_backend_sees_the_caller(&s).await;
    beyond_the_subset_is_named(&s, &whoami).await;
}

/// OPTIONS as the console's "Enable CORS" makes it.
async fn put_mock_preflight(s: &Stack, whoami: &str) {
    let gw = &s.aws.apigateway;
    // OPTIONS: no authorizer, a MOCK answering 204 with the CORS headers.
    gw.put_method()
        .rest_api_id(&s.api_id)
        .resource_id(whoami)
        .http_method("OPTIONS")
        .authorization_type("NONE")
        .send()
        .await
        .unwrap();
    gw.put_integration()
        .rest_api_id(&s.api_id)
        .resource_id(whoami)
        .http_method("OPTIONS")
        .r#type(IntegrationType::Mock)
        .request_templates("application/json", "{\"statusCode\": 204}")
        .send()
        .await
        .unwrap();
    let header = |name: &str| format!("method.response.header.{name}");
    gw.put_method_response()
        .rest_api_id(&s.api_id)
        .resource_id(whoami)
        .http_method("OPTIONS")
        .status_code("204")
        .response_parameters(header("Access-Control-Allow-Origin"), false)
        .response_parameters(header("Access-Control-Allow-Headers"), false)
        .response_parameters(header("Access-Control-Allow-Methods"), false)
        .send()
        .await
        .unwrap();
    let response = gw
        .put_integration_response()
        .rest_api_id(&s.api_id)
        .resource_id(whoami)
        .http_method("OPTIONS")
        .status_code("204")
        .response_parameters(header("Access-Control-Allow-Origin"), format!("'{ORIGIN}'"))
        .response_parameters(
            header("Access-Control-Allow-Headers"),
            "'Content-Type,Authorization'",
        )
        .response_parameters(header("Access-Control-Allow-Methods"), "'GET,OPTIONS'")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status_code(), Some("204"));
    let read = gw
        .get_integration_response()
        .rest_api_id(&s.api_id)
        .resource_id(whoami)
        .http_method("OPTIONS")
        .status_code("204")
        .send()
        .await
        .unwrap();
    assert_eq!(
        read.response_parameters().unwrap()[&header("Access-Control-Allow-Methods")],
        "'GET,OPTIONS'"
    );
}

async fn put_echo_backend(s: &Stack, whoami: &str) {
    let gw = &s.aws.apigateway;
    // GET: the authorizer, then a Python function that echoes requestContext.authorizer.
    let echo = Stack::function(&s.aws, &s.role_arn, "echoBackend", ECHO).await;
    gw.put_method()
        .rest_api_id(&s.api_id)
        .resource_id(whoami)
        .http_method("GET")
        .authorization_type("CUSTOM")
        .authorizer_id(&s.authorizer_id)
        .send()
        .await
        .unwrap();
    let uri =
        format!("arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/{echo}/invocations");
    gw.put_integration()
        .rest_api_id(&s.api_id)
        .resource_id(whoami)
        .http_method("GET")
        .r#type(IntegrationType::AwsProxy)
        .integration_http_method("POST")
        .uri(&uri)
        .send()
        .await
        .unwrap();
    let integration = gw
        .get_integration()
        .rest_api_id(&s.api_id)
        .resource_id(whoami)
        .http_method("GET")
        .send()
        .await
        .unwrap();
    assert_eq!(integration.uri(), Some(uri.as_str()));
}

async fn the_preflight_skips_the_authorizer_and_the_backend_sees_the_caller(s: &Stack) {
    let runs = s.authorizer_runs().await;
    let preflight = s
        .http
        .request(reqwest::Method::OPTIONS, s.url("/whoami"))
        .header("Origin", ORIGIN)
        .header("Access-Control-Request-Method", "GET")
        .header("Access-Control-Request-Headers", "authorization")
        .send()
        .await
        .unwrap();
    assert_eq!(preflight.status().as_u16(), 204);
    assert_eq!(preflight.headers()["access-control-allow-origin"], ORIGIN);
    assert_eq!(
        preflight.headers()["access-control-allow-headers"],
        "Content-Type,Authorization"
    );
    assert_eq!(
        s.authorizer_runs().await,
        runs,
        "the preflight never reaches the authorizer"
    );

    let echoed = s.call("GET", "/whoami", Some("Bearer allow")).await;
    assert_eq!(echoed.status, 200, "{}", echoed.body);
    assert_eq!(s.authorizer_runs().await, runs + 1);
    let body = echoed.json();
    let authorizer = &body["authorizer"];
    assert_eq!(authorizer["principalId"], "user-1");
    assert_eq!(authorizer["scope"], "read:pets");
    assert_eq!(authorizer["count"], "3", "numbers arrive as strings");
    assert_eq!(authorizer["admin"], "true", "booleans arrive as strings");
    assert!(authorizer["integrationLatency"].is_u64(), "{authorizer}");
    assert_eq!(
        (body["resource"].as_str(), body["path"].as_str()),
        (Some("/whoami"), Some("/whoami"))
    );
}

async fn beyond_the_subset_is_named(s: &Stack, whoami: &str) {
    let gw = &s.aws.apigateway;
    // Beyond the subset: named, not guessed.
    let vtl = gw
        .put_integration()
        .rest_api_id(&s.api_id)
        .resource_id(whoami)
        .http_method("OPTIONS")
        .r#type(IntegrationType::Mock)
        .request_templates("application/json", "#set($s = 200){\"statusCode\": $s}")
        .send()
        .await
        .unwrap_err();
    let message = format!("{}", aws_sdk_apigateway::error::DisplayErrorContext(&vtl));
    assert!(
        message.contains("NotImplemented") && message.contains("#set"),
        "{message}"
    );
    let gone = gw
        .delete_resource()
        .rest_api_id(&s.api_id)
        .resource_id(whoami)
        .send()
        .await;
    assert!(gone.is_ok());
    assert_eq!(
        s.call("GET", "/whoami", Some("Bearer allow")).await.status,
        200,
        "still deployed"
    );
}
