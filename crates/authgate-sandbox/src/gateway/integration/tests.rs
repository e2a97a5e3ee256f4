use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::*;

const PETS_URI: &str = "http://petstore-demo-endpoint.execute-api.com/petstore/pets";

fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// The example API's `GET /` (as in assets/petstore.json).
fn welcome_mock() -> DeployedIntegration {
    DeployedIntegration {
        kind: "MOCK".into(),
        http_method: None,
        uri: None,
        request_parameters: BTreeMap::new(),
        request_templates: map(&[("application/json", "{\"statusCode\": 200}")]),
        responses: BTreeMap::from([(
            "200".to_owned(),
            map(&[("text/html", "<a href=\"/$context.stage/pets\">pets</a>")]),
        )]),
        response_headers: BTreeMap::new(),
    }
}

fn http(kind: &str, method: &str, uri: &str, params: &[(&str, &str)]) -> DeployedIntegration {
    DeployedIntegration {
        kind: kind.into(),
        http_method: Some(method.into()),
        uri: Some(uri.into()),
        request_parameters: map(params),
        request_templates: BTreeMap::new(),
        responses: BTreeMap::from([("200".to_owned(), BTreeMap::new())]),
        response_headers: BTreeMap::new(),
    }
}

fn request(method: &str) -> IntegrationRequest {
    IntegrationRequest {
        method: method.into(),
        stage: "test".into(),
        request_id: "req-1".into(),
        ..IntegrationRequest::default()
    }
}

fn json_body(response: &IntegrationResponse) -> Value {
    serde_json::from_slice(&response.body).expect("JSON body")
}

#[test]
fn mock_answers_with_the_template_of_the_selected_status() {
    let response = execute(&welcome_mock(), &request("GET"));
    assert_eq!(response.status, 200);
    assert_eq!(response.header("content-type"), Some("text/html"));
    assert_eq!(response.body, b"<a href=\"/test/pets\">pets</a>");
}

#[test]
fn mock_status_without_an_integration_response_is_a_500_that_says_why() {
    let mut mock = welcome_mock();
    mock.request_templates = map(&[("application/json", "{\"statusCode\": 404}")]);
    mock.responses.insert("500".into(), BTreeMap::new());
    let response = execute(&mock, &request("GET"));
    assert_eq!(response.status, 500);
    assert!(
        json_body(&response)["sandboxDetail"]
            .as_str()
            .unwrap()
            .contains("404")
    );
    mock.request_templates = map(&[("application/json", "not json")]);
    assert_eq!(execute(&mock, &request("GET")).status, 500);
}

#[test]
fn mock_with_two_responses_selects_by_status_code() {
    let mut mock = welcome_mock();
    mock.request_templates = map(&[("application/json", "{\"statusCode\": \"418\"}")]);
    mock.responses.insert(
        "418".into(),
        map(&[("application/json", "{\"teapot\": true}")]),
    );
    let response = execute(&mock, &request("GET"));
    assert_eq!(response.status, 418);
    assert_eq!(json_body(&response), json!({"teapot": true}));
}

#[test]
fn http_get_pet_fills_the_path_parameter_from_its_mapping() {
    let integration = http(
        "HTTP",
        "GET",
        &format!("{PETS_URI}/{{petId}}"),
        &[(
            "integration.request.path.petId",
            "method.request.path.petId",
        )],
    );
    let mut req = request("GET");
    req.path_params.insert("petId".into(), "1".into());
    let response = execute(&integration, &req);
    assert_eq!(response.status, 200);
    assert_eq!(
        json_body(&response),
        json!({"id": 1, "type": "dog", "price": 249.99})
    );
}

#[test]
fn http_non_proxy_forwards_only_mapped_query_parameters() {
    let integration = http(
        "HTTP",
        "GET",
        PETS_URI,
        &[(
            "integration.request.querystring.type",
            "method.request.querystring.type",
        )],
    );
    let mut req = request("GET");
    req.query = vec![("type".into(), "cat".into()), ("page".into(), "2".into())];
    let pets = json_body(&execute(&integration, &req));
    // `type` arrives, `page` (not mapped) does not: the first page of cats.
    assert_eq!(pets[0], json!({"id": 2, "type": "cat", "price": 124.99}));
    let proxy = http("HTTP_PROXY", "GET", PETS_URI, &[]);
    let pets = json_body(&execute(&proxy, &req));
    assert_eq!(pets[0]["id"], 11);
}

#[test]
fn http_post_passes_the_body_and_non_proxy_maps_errors_to_the_default_response() {
    let integration = http("HTTP", "POST", PETS_URI, &[]);
    let mut req = request("POST");
    req.body = br#"{"type":"dog","price":249.99}"#.to_vec();
    let response = execute(&integration, &req);
    assert_eq!(response.status, 200);
    assert_eq!(json_body(&response)["message"], "success");
    // The demo answers 400; the only (default) integration response maps it to 200, as AWS.
    req.body = b"oops".to_vec();
    assert_eq!(execute(&integration, &req).status, 200);
    let proxy = http("HTTP_PROXY", "POST", PETS_URI, &[]);
    assert_eq!(execute(&proxy, &req).status, 400);
}

#[test]
fn other_hosts_and_aws_integrations_are_a_502_that_explains_the_sandbox_is_offline() {
    let integration = http("HTTP_PROXY", "GET", "https://api.example.com/things", &[]);
    let response = execute(&integration, &request("GET"));
    assert_eq!(response.status, 502);
    let message = json_body(&response)["message"].as_str().unwrap().to_owned();
    assert!(message.contains("offline") && message.contains("https://api.example.com/things"));
    let mut lambda = http("AWS_PROXY", "POST", "arn:aws:apigateway:...", &[]);
    lambda.kind = "AWS_PROXY".into();
    assert_eq!(execute(&lambda, &request("GET")).status, 502);
}

#[test]
fn an_unmapped_placeholder_is_a_configuration_error() {
    let integration = http("HTTP", "GET", &format!("{PETS_URI}/{{petId}}"), &[]);
    let response = execute(&integration, &request("GET"));
    assert_eq!(response.status, 500);
    assert!(
        json_body(&response)["sandboxDetail"]
            .as_str()
            .unwrap()
            .contains("petId")
    );
}

#[test]
fn path_values_are_escaped_as_one_segment() {
    let integration = http(
        "HTTP",
        "GET",
        &format!("{PETS_URI}/{{petId}}"),
        &[(
            "integration.request.path.petId",
            "method.request.path.petId",
        )],
    );
    let mut req = request("GET");
    req.path_params.insert("petId".into(), "1/../../x".into());
    // Stays inside /petstore/pets/: the replica sees one odd id, not another path.
    assert_eq!(execute(&integration, &req).status, 200);
    assert_eq!(
        json_body(&execute(&integration, &req))["message"]
            .as_str()
            .map(|m| m.contains("ids are positive")),
        Some(true)
    );
}

#[test]
fn integration_responses_map_static_headers_but_proxies_pass_through() {
    let cors = BTreeMap::from([("Access-Control-Allow-Origin".to_owned(), "*".to_owned())]);
    let mut mock = welcome_mock();
    mock.response_headers = BTreeMap::from([("200".to_owned(), cors.clone())]);
    let response = execute(&mock, &request("GET"));
    assert_eq!(response.header("access-control-allow-origin"), Some("*"));

    let uri = "http://petstore-demo-endpoint.execute-api.com/petstore/pets";
    let mut proxy = http("HTTP_PROXY", "GET", uri, &[]);
    proxy.response_headers = BTreeMap::from([("200".to_owned(), cors)]);
    let response = execute(&proxy, &request("GET"));
    assert_eq!(response.status, 200);
    assert_eq!(response.header("access-control-allow-origin"), None);
}
