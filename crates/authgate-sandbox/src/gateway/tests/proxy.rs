//! What the backend sees: an `AWS_PROXY` function gets the REST proxy event with
//! `requestContext.authorizer` (principal, stringified context, latency); an `HTTP`
//! integration maps `context.authorizer.<key>` into its request; a malformed proxy answer is
//! API Gateway's 502.

use std::collections::BTreeMap;

use super::*;
use crate::gateway::DeployedIntegration;

const BACKEND: &str = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/\
arn:aws:lambda:us-east-1:123456789012:function:backend/invocations";

fn proxy_api() -> DeployedApi {
    let mut api = fixtures::petstore_api(Some(fixtures::authorizer(0)));
    for resource in &mut api.resources {
        let integration = resource
            .methods
            .get_mut("GET")
            .and_then(|m| m.integration.as_mut())
            .unwrap();
        if resource.path == "/pets/{petId}" {
            *integration = DeployedIntegration {
                kind: "AWS_PROXY".into(),
                http_method: Some("POST".into()),
                uri: Some(BACKEND.into()),
                request_parameters: BTreeMap::new(),
                request_templates: BTreeMap::new(),
                responses: BTreeMap::new(),
                response_headers: BTreeMap::new(),
            };
        }
        if resource.path == "/pets" {
            integration.request_parameters.insert(
                "integration.request.querystring.type".into(),
                "context.authorizer.pet".into(),
            );
        }
    }
    api
}

#[tokio::test]
async fn a_proxy_backend_gets_the_authorizers_answer_stringified() {
    let server = Server::serve(proxy_api()).await;
    let response = server
        .client
        .get(server.url("/pets/7?colour=red&colour=blue"))
        .header("Authorization", "Bearer allow.typed")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    let event = response.json::<Value>().await.unwrap()["event"].clone();
    let authorizer = &event["requestContext"]["authorizer"];
    assert!(authorizer["integrationLatency"].is_u64(), "{authorizer}");
    let mut without_latency = authorizer.clone();
    without_latency
        .as_object_mut()
        .unwrap()
        .remove("integrationLatency");
    assert_eq!(
        without_latency,
        json!({"principalId": "auth0|typed", "scope": "read:pets", "count": "3",
               "admin": "false", "ratio": "0.5", "pet": "fish"})
    );
    assert_eq!(event["resource"], "/pets/{petId}");
    assert_eq!(event["path"], "/pets/7");
    assert_eq!(event["httpMethod"], "GET");
    assert_eq!(event["pathParameters"], json!({"petId": "7"}));
    assert_eq!(event["queryStringParameters"], json!({"colour": "blue"}));
    assert_eq!(
        event["multiValueQueryStringParameters"],
        json!({"colour": ["red", "blue"]})
    );
    assert_eq!(event["headers"]["authorization"], "Bearer allow.typed");
    assert_eq!(event["requestContext"]["stage"], STAGE);
    assert_eq!(event["requestContext"]["path"], "/test/pets/7");
    assert_eq!(event["requestContext"]["resourcePath"], "/pets/{petId}");
    assert_eq!(event["body"], Value::Null);
    assert_eq!(event["isBase64Encoded"], false);
}

#[tokio::test]
async fn an_http_integration_maps_an_authorizer_context_value() {
    let server = Server::serve(proxy_api()).await;
    let (status, _, body) = server.get("/pets", Some("Bearer allow.typed")).await;
    assert_eq!(status, 200);
    let pets: Value = serde_json::from_str(&body).unwrap();
    assert!(
        pets.as_array().unwrap().iter().all(|p| p["type"] == "fish"),
        "{pets}"
    );
}

#[tokio::test]
async fn a_malformed_proxy_answer_is_a_502() {
    let server = Server::serve(proxy_api()).await;
    let (status, kind, body) = server.get("/pets/bad", Some("Bearer allow.typed")).await;
    assert_eq!(
        (status, kind.as_str(), body.as_str()),
        (
            502,
            "InternalServerErrorException",
            r#"{"message": "Internal server error"}"#
        )
    );
}
