//! Gateway responses on the invoke URL: AWS's default bodies byte for byte, a customised
//! type, inheritance from `DEFAULT_4XX` / `DEFAULT_5XX`, status overrides, header mappings
//! and templates with `$context` variables.

use std::collections::BTreeMap;

use super::*;
use crate::gateway::DeployedGatewayResponse;

const CORS: &str = "gatewayresponse.header.Access-Control-Allow-Origin";

fn response(
    status: Option<u16>,
    parameters: &[(&str, &str)],
    template: Option<&str>,
) -> DeployedGatewayResponse {
    DeployedGatewayResponse {
        status_code: status,
        response_parameters: parameters
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        response_templates: template
            .map(|t| BTreeMap::from([("application/json".to_owned(), t.to_owned())]))
            .unwrap_or_default(),
    }
}

async fn server_with(responses: &[(&str, DeployedGatewayResponse)]) -> Server {
    let mut api = fixtures::petstore_api(Some(fixtures::authorizer(0)));
    api.stage_variables
        .insert("team".to_owned(), "pets".to_owned());
    for (kind, custom) in responses {
        api.gateway_responses
            .insert((*kind).to_owned(), custom.clone());
    }
    Server::serve(api).await
}

/// Status, the CORS header, `x-amzn-ErrorType` and the body.
async fn call(server: &Server, path: &str, token: Option<&str>) -> (u16, String, String, String) {
    let mut request = server
        .client
        .get(server.url(path))
        .header("Origin", "http://127.0.0.1:7777");
    if let Some(token) = token {
        request = request.header("Authorization", token);
    }
    let response = request.send().await.unwrap();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    let (cors, kind) = (
        header("access-control-allow-origin"),
        header("x-amzn-errortype"),
    );
    let status = response.status().as_u16();
    (status, cors, kind, response.text().await.unwrap())
}

#[tokio::test]
async fn without_gateway_responses_the_bodies_are_aws_defaults() {
    let server = server_with(&[]).await;
    let cases = [
        (
            "/pets",
            None,
            401,
            "UnauthorizedException",
            r#"{"message":"Unauthorized"}"#,
        ),
        (
            "/pets/2",
            Some("Bearer deny.two"),
            403,
            "AccessDeniedException",
            r#"{"Message":"User is not authorized to access this resource with an explicit deny"}"#,
        ),
        (
            "/cats",
            None,
            403,
            "MissingAuthenticationTokenException",
            r#"{"message":"Missing Authentication Token"}"#,
        ),
        (
            "/pets",
            Some("Bearer object.context"),
            500,
            "AuthorizerConfigurationException",
            r#"{"message": null}"#,
        ),
    ];
    for (path, token, status, kind, body) in cases {
        let got = call(&server, path, token).await;
        assert_eq!(
            got,
            (status, String::new(), kind.to_owned(), body.to_owned()),
            "{path} {token:?}"
        );
    }
}

#[tokio::test]
async fn a_customised_unauthorized_reaches_the_401_with_its_header() {
    let custom = response(
        None,
        &[(CORS, "'http://127.0.0.1:7777'")],
        Some(crate::gateway::responses::DEFAULT_TEMPLATE),
    );
    let server = server_with(&[("UNAUTHORIZED", custom)]).await;
    let got = call(&server, "/pets", None).await;
    assert_eq!(
        got,
        (
            401,
            "http://127.0.0.1:7777".to_owned(),
            "UnauthorizedException".to_owned(),
            r#"{"message":"Unauthorized"}"#.to_owned()
        )
    );
    // Other types are untouched: the 403 keeps AWS's default.
    let (status, cors, _, _) = call(&server, "/pets/2", Some("Bearer deny.two")).await;
    assert_eq!((status, cors.as_str()), (403, ""));
}

#[tokio::test]
async fn default_4xx_is_inherited_by_a_403_and_default_5xx_by_a_500() {
    let template = crate::gateway::responses::DEFAULT_TEMPLATE;
    let server = server_with(&[
        (
            "DEFAULT_4XX",
            response(None, &[(CORS, "'*'")], Some(template)),
        ),
        (
            "DEFAULT_5XX",
            response(
                None,
                &[(CORS, "method.request.header.Origin")],
                Some(template),
            ),
        ),
    ])
    .await;
    let denied = call(&server, "/pets/2", Some("Bearer deny.two")).await;
    assert_eq!(
        denied,
        (
            403,
            "*".to_owned(),
            "AccessDeniedException".to_owned(),
            r#"{"message":"User is not authorized to access this resource with an explicit deny"}"#
                .to_owned()
        )
    );
    let (status, cors, _, _) = call(&server, "/cats", None).await;
    assert_eq!((status, cors.as_str()), (403, "*"));
    let nested = call(&server, "/pets", Some("Bearer object.context")).await;
    assert_eq!(
        nested,
        (
            500,
            "http://127.0.0.1:7777".to_owned(),
            "AuthorizerConfigurationException".to_owned(),
            r#"{"message":null}"#.to_owned()
        )
    );
}

#[tokio::test]
async fn headers_only_keep_the_default_body_and_a_parent_status_applies_to_its_children() {
    let server = server_with(&[("DEFAULT_4XX", response(Some(400), &[(CORS, "'*'")], None))]).await;
    let denied = call(&server, "/pets", Some("Bearer deny.two")).await;
    assert_eq!(denied.0, 200, "GET /pets is allowed by deny.two's policy");
    let denied = call(&server, "/pets/2", Some("Bearer deny.two")).await;
    assert_eq!(
        denied,
        (
            400,
            "*".to_owned(),
            "AccessDeniedException".to_owned(),
            r#"{"Message":"User is not authorized to access this resource with an explicit deny"}"#
                .to_owned()
        )
    );
    assert_eq!(call(&server, "/pets", None).await.0, 400);
}

#[tokio::test]
async fn templates_substitute_the_error_the_request_and_stage_variables() {
    let template = r#"{"error":$context.error.messageString,"type":"$context.error.responseType","stage":"$context.stage","id":"$context.requestId","team":"$stageVariables.team","origin":"$method.request.header.Origin"}"#;
    let server = server_with(&[(
        "UNAUTHORIZED",
        response(
            Some(418),
            &[("gatewayresponse.header.X-Stage", "context.stage")],
            Some(template),
        ),
    )])
    .await;
    let response = server
        .client
        .get(server.url("/pets"))
        .header("Origin", "o")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 418);
    assert_eq!(response.headers()["x-stage"], STAGE);
    let id = response.headers()["x-amzn-requestid"]
        .to_str()
        .unwrap()
        .to_owned();
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body,
        json!({"error": "Unauthorized", "type": "UNAUTHORIZED", "stage": STAGE, "id": id,
               "team": "pets", "origin": "o"})
    );
}
