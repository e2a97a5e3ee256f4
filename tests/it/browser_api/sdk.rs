//! Gateway responses through the AWS SDK (the calls the console and the CLI make), observed
//! on the sandbox's invoke URL: the defaults, a customised type, `DEFAULT_4XX` inheritance,
//! a template, patch and delete; the nested-context 500.

use aws_sdk_apigateway::types::{GatewayResponseType, Op, PatchOperation};

use super::stack::{ORIGIN, Stack};

const TEMPLATE: &str = "{\"message\":$context.error.messageString}";
const ACAO: &str = "gatewayresponse.header.Access-Control-Allow-Origin";

#[tokio::test]
async fn gateway_responses_reach_the_invoke_url_after_a_deployment() {
    let s = Stack::start().await;
    every_type_is_listed_with_its_default(&s).await;
    a_put_response_reaches_the_401_after_a_deployment(&s).await;
    default_4xx_reaches_the_403_of_a_deny(&s).await;
    a_response_is_patched_read_and_deleted(&s).await;
}

async fn every_type_is_listed_with_its_default(s: &Stack) {
    let gw = &s.aws.apigateway;
    let all = gw
        .get_gateway_responses()
        .rest_api_id(&s.api_id)
        .send()
        .await
        .unwrap();
    let items = all.items();
    assert_eq!(items.len(), 21);
    assert!(
        items
            .iter()
            .all(aws_sdk_apigateway::types::GatewayResponse::default_response)
    );
    let unauthorized = items
        .iter()
        .find(|r| r.response_type() == Some(&GatewayResponseType::Unauthorized))
        .unwrap();
    assert_eq!(unauthorized.status_code(), Some("401"));
    assert_eq!(
        unauthorized.response_templates().unwrap()["application/json"],
        TEMPLATE
    );
    let default_4xx = items
        .iter()
        .find(|r| r.response_type() == Some(&GatewayResponseType::Default4Xx))
        .unwrap();
    assert_eq!(default_4xx.status_code(), None);
}

async fn a_put_response_reaches_the_401_after_a_deployment(s: &Stack) {
    let gw = &s.aws.apigateway;
    // Without gateway responses a 401 carries no CORS header: a page cannot read it.
    let before = s.call("GET", "/pets", None).await;
    assert_eq!(
        (before.status, before.header("access-control-allow-origin")),
        (401, None)
    );

    let put = gw
        .put_gateway_response()
        .rest_api_id(&s.api_id)
        .response_type(GatewayResponseType::Unauthorized)
        .response_parameters(ACAO, format!("'{ORIGIN}'"))
        .response_templates("application/json", TEMPLATE)
        .send()
        .await
        .unwrap();
    assert!(!put.default_response());
    let undeployed = s.call("GET", "/pets", None).await;
    assert_eq!(
        undeployed.header("access-control-allow-origin"),
        None,
        "not before a deployment"
    );
    s.redeploy().await;
    let after = s.call("GET", "/pets", None).await;
    assert_eq!(after.status, 401);
    assert_eq!(after.header("access-control-allow-origin"), Some(ORIGIN));
    assert_eq!(
        after.header("x-amzn-errortype"),
        Some("UnauthorizedException")
    );
    assert_eq!(after.body, r#"{"message":"Unauthorized"}"#);
}

async fn default_4xx_reaches_the_403_of_a_deny(s: &Stack) {
    let gw = &s.aws.apigateway;
    // DEFAULT_4XX reaches the 403 of an explicit Deny, with its template.
    let denied = s.call("GET", "/pets", Some("Bearer deny")).await;
    assert_eq!(
        (denied.status, denied.body.as_str()),
        (
            403,
            r#"{"Message":"User is not authorized to access this resource with an explicit deny"}"#
        )
    );
    gw.put_gateway_response()
        .rest_api_id(&s.api_id)
        .response_type(GatewayResponseType::Default4Xx)
        .response_parameters(ACAO, "'*'")
        .response_templates(
            "application/json",
            r#"{"error":$context.error.messageString,"type":"$context.error.responseType"}"#,
        )
        .send()
        .await
        .unwrap();
    s.redeploy().await;
    let denied = s.call("GET", "/pets", Some("Bearer deny")).await;
    assert_eq!(denied.status, 403);
    assert_eq!(denied.header("access-control-allow-origin"), Some("*"));
    assert_eq!(
        denied.header("x-amzn-errortype"),
        Some("AccessDeniedException")
    );
    assert_eq!(
        denied.json(),
        serde_json::json!({
            "error": "User is not authorized to access this resource with an explicit deny",
            "type": "ACCESS_DENIED"
        })
    );
    let missing = s.call("GET", "/nothing-here", None).await;
    assert_eq!(missing.status, 403);
    assert_eq!(missing.json()["type"], "MISSING_AUTHENTICATION_TOKEN");
    // UNAUTHORIZED has its own response, so DEFAULT_4XX does not apply to it.
    assert_eq!(
        s.call("GET", "/pets", None)
            .await
            .header("access-control-allow-origin"),
        Some(ORIGIN)
    );
}

async fn a_response_is_patched_read_and_deleted(s: &Stack) {
    let gw = &s.aws.apigateway;
    // Patch, read back, delete (back to the default), delete again (not found).
    let patched = gw
        .update_gateway_response()
        .rest_api_id(&s.api_id)
        .response_type(GatewayResponseType::Unauthorized)
        .patch_operations(
            PatchOperation::builder()
                .op(Op::Replace)
                .path("/statusCode")
                .value("418")
                .build(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(patched.status_code(), Some("418"));
    let read = gw
        .get_gateway_response()
        .rest_api_id(&s.api_id)
        .response_type(GatewayResponseType::Unauthorized)
        .send()
        .await
        .unwrap();
    assert_eq!(
        (read.status_code(), read.default_response()),
        (Some("418"), false)
    );
    let delete = || {
        gw.delete_gateway_response()
            .rest_api_id(&s.api_id)
            .response_type(GatewayResponseType::Unauthorized)
            .send()
    };
    delete().await.unwrap();
    let again = delete().await.unwrap_err();
    assert!(again.into_service_error().is_not_found_exception());
}

#[tokio::test]
async fn an_authorizer_context_with_an_object_is_a_500() {
    let s = Stack::start().await;
    let nested = s.call("GET", "/pets", Some("Bearer nested")).await;
    assert_eq!(nested.status, 500);
    assert_eq!(
        nested.header("x-amzn-errortype"),
        Some("AuthorizerConfigurationException")
    );
    assert_eq!(nested.body, r#"{"message": null}"#);
    s.aws
        .apigateway
        .put_gateway_response()
        .rest_api_id(&s.api_id)
        .response_type(GatewayResponseType::Default5Xx)
        .response_parameters(ACAO, "'*'")
        .send()
        .await
        .unwrap();
    s.redeploy().await;
    let nested = s.call("GET", "/pets", Some("Bearer nested")).await;
    assert_eq!(nested.status, 500);
    assert_eq!(nested.header("access-control-allow-origin"), Some("*"));
    assert_eq!(
        nested.body, r#"{"message": null}"#,
        "headers only: AWS's body stays"
    );
}
