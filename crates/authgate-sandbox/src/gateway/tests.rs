//! The pipeline over real HTTP on 127.0.0.1, with a fake control plane whose "function"
//! decides by the token it is given and records every invocation.

use std::sync::Arc;

use serde_json::{Value, json};

use super::fixtures::{self, API, FakeControlPlane, STAGE, returns};
use super::*;
use crate::clock::SandboxClock;
use authgate_core::policy::{MethodArn, PolicyScope, allow_response};

mod cache;
mod clock;
mod proxy;
mod responses;

/// The fake authorizer function: the token's text says what it returns.
/// A proxy event (an `AWS_PROXY` backend) gets its `requestContext` echoed as the body.
fn function(event: &Value) -> Result<FunctionResult, FunctionError> {
    if event.get("requestContext").is_some() {
        if event["pathParameters"]["petId"] == "bad" {
            return returns(json!({"statusCode": 200, "body": {"not": "a string"}}));
        }
        return returns(json!({
            "statusCode": 200,
            "headers": {"Content-Type": "application/json", "Access-Control-Allow-Origin": "*"},
            "body": json!({"event": event}).to_string(),
        }));
    }
    let arn = MethodArn::parse(event["methodArn"].as_str().unwrap()).unwrap();
    let context = json!({"scope": "read:pets"});
    match event["authorizationToken"].as_str().unwrap_or_default() {
        "Bearer allow.stage" => returns(allow_response(
            "user-1",
            &PolicyScope::Stage.resource(&arn),
            &context,
        )),
        "Bearer allow.method" => returns(allow_response(
            "user-1",
            &PolicyScope::Method.resource(&arn),
            &context,
        )),
        "Bearer deny.two" => {
            let mut response = allow_response("user-1", &arn.stage_wildcard(), &context);
            response["policyDocument"]["Statement"]
                .as_array_mut()
                .unwrap()
                .push(json!({"Action": "execute-api:Invoke", "Effect": "Deny", "Resource": arn.with_route("GET", "pets/2")}));
            returns(response)
        }
        "Bearer malformed" => returns(json!({"policyDocument": {"Statement": []}})),
        "Bearer allow.typed" => returns(allow_response(
            "auth0|typed",
            &arn.stage_wildcard(),
            &json!({"scope": "read:pets", "count": 3, "admin": false, "ratio": 0.5, "pet": "fish"}),
        )),
        "Bearer object.context" => {
            let mut response = allow_response("user-1", &arn.stage_wildcard(), &context);
            response["context"]["claims"] = json!({"sub": "user-1"});
            returns(response)
        }
        "Bearer boom" => Err(FunctionError::failed(
            "Error",
            "Invalid token",
            String::new(),
        )),
        _ => Err(FunctionError::failed(
            "Error",
            "Unauthorized",
            String::new(),
        )),
    }
}

struct Server {
    base: String,
    control: Arc<FakeControlPlane>,
    cache: AuthorizerCache,
    client: reqwest::Client,
}

impl Server {
    async fn start(ttl_secs: u32) -> Self {
        Self::serve(fixtures::petstore_api(Some(fixtures::authorizer(ttl_secs)))).await
    }

    /// Serves `api` with the fake function above.
    async fn serve(api: DeployedApi) -> Self {
        let control = FakeControlPlane::new(api, function);
        let cache = AuthorizerCache::new(SandboxClock::new());
        let app = router(control.clone(), cache.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self {
            base,
            control,
            cache,
            client: authgate_core::http::client(),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}/restapis/{API}/{STAGE}/_user_request_{path}", self.base)
    }

    /// Status, `x-amzn-ErrorType` and body of `GET path` with an optional Authorization.
    async fn get(&self, path: &str, authorization: Option<&str>) -> (u16, String, String) {
        let mut request = self.client.get(self.url(path));
        if let Some(value) = authorization {
            request = request.header("Authorization", value);
        }
        let response = request.send().await.unwrap();
        assert!(response.headers().contains_key("x-amzn-requestid"));
        let error_type = response
            .headers()
            .get("x-amzn-errortype")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        (
            response.status().as_u16(),
            error_type,
            response.text().await.unwrap(),
        )
    }

    fn invocations(&self) -> usize {
        self.control.invocation_count()
    }
}

#[tokio::test]
async fn no_route_and_no_stage_are_api_gateways_403s() {
    let server = Server::start(300).await;
    let (status, kind, body) = server.get("/cats", None).await;
    assert_eq!(
        (status, kind.as_str()),
        (403, "MissingAuthenticationTokenException")
    );
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap(),
        json!({"message": "Missing Authentication Token"})
    );
    let response = server
        .client
        .delete(server.url("/pets/1"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 403);
    let other_stage = format!("{}/restapis/{API}/prod/_user_request_/pets", server.base);
    let response = server.client.get(other_stage).send().await.unwrap();
    assert_eq!(response.status().as_u16(), 403);
    assert_eq!(response.text().await.unwrap(), r#"{"message":"Forbidden"}"#);
    assert_eq!(server.invocations(), 0);
}

#[tokio::test]
async fn the_open_root_is_the_mock_welcome_page() {
    let server = Server::start(300).await;
    for path in ["", "/"] {
        let response = server.client.get(server.url(path)).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 200);
        assert_eq!(response.headers()["content-type"], "text/html");
        assert_eq!(response.text().await.unwrap(), "<h1>test</h1>");
    }
}

#[tokio::test]
async fn missing_or_invalid_headers_are_401_without_invoking_the_function() {
    let server = Server::start(300).await;
    for header in [
        None,
        Some(""),
        Some("Basic dXNlcjpwYXNz"),
        Some("bearer abc"),
        Some("Bearer garbage!"),
        Some("Bearer two words"),
    ] {
        let (status, kind, body) = server.get("/pets", header).await;
        assert_eq!(
            (status, kind.as_str(), body.as_str()),
            (
                401,
                "UnauthorizedException",
                r#"{"message":"Unauthorized"}"#
            ),
            "{header:?}"
        );
    }
    assert_eq!(server.invocations(), 0);
}

#[tokio::test]
async fn bearer_garbage_passes_the_tutorials_regex_so_the_function_decides() {
    // `garbage` is made of characters `^Bearer [-0-9a-zA-Z\._]*$` allows: API Gateway invokes
    // the function, which throws "Unauthorized". Failures are not cached.
    let server = Server::start(300).await;
    for _ in 0..2 {
        assert_eq!(server.get("/pets", Some("Bearer garbage")).await.0, 401);
    }
    assert_eq!(server.invocations(), 2);
}

#[tokio::test]
async fn the_event_is_a_token_event_with_this_requests_method_arn() {
    let server = Server::start(0).await;
    assert_eq!(
        server.get("/pets/", Some("Bearer allow.stage")).await.0,
        200
    );
    let (arn, event) = server.control.invocations.lock().unwrap()[0].clone();
    assert_eq!(arn, fixtures::FUNCTION);
    assert_eq!(
        event,
        json!({
            "type": "TOKEN",
            "authorizationToken": "Bearer allow.stage",
            "methodArn": "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/test/GET/pets",
        })
    );
}

#[tokio::test]
async fn an_allowed_request_reaches_the_petstore_replica() {
    let server = Server::start(300).await;
    let (status, _, body) = server.get("/pets/1", Some("Bearer allow.stage")).await;
    assert_eq!(status, 200);
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap(),
        json!({"id": 1, "type": "dog", "price": 249.99})
    );
    let (status, _, body) = server
        .get("/pets?type=fish&page=2", Some("Bearer allow.stage"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        serde_json::from_str::<Value>(&body).unwrap()[0],
        json!({"id": 12, "type": "fish", "price": 0.99})
    );
    let posted = server
        .client
        .post(server.url("/pets"))
        .header("Authorization", "Bearer allow.stage")
        .body(r#"{"type":"dog","price":249.99}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status().as_u16(), 200);
    assert_eq!(posted.json::<Value>().await.unwrap()["message"], "success");
}

#[tokio::test]
async fn function_errors_and_malformed_results_are_500_with_a_null_message() {
    let server = Server::start(300).await;
    for token in ["Bearer boom", "Bearer malformed", "Bearer object.context"] {
        let (status, kind, body) = server.get("/pets", Some(token)).await;
        assert_eq!(
            (status, kind.as_str()),
            (500, "AuthorizerConfigurationException"),
            "{token}"
        );
        assert_eq!(body, r#"{"message": null}"#);
    }
    assert_eq!(server.invocations(), 3);
}
