//! API Gateway's JSON shapes for what the sandbox stores (nulls left out, as AWS does).

use serde_json::{Map, Value, json};

use crate::aws::model::{
    Authorizer, Deployment, Integration, IntegrationResponse, Method, MethodResponse, Resource,
    RestApi, Stage,
};

pub fn rest_api(api: &RestApi) -> Value {
    let root = api
        .resources
        .values()
        .find(|r| r.path == "/")
        .map(|r| r.id.clone());
    clean(json!({
        "id": api.id,
        "name": api.name,
        "description": api.description,
        "createdDate": api.created_date,
        "apiKeySource": "HEADER",
        "endpointConfiguration": { "types": [api.endpoint_type] },
        "disableExecuteApiEndpoint": false,
        "rootResourceId": root,
    }))
}

/// Methods are always embedded (a superset of what `embed=methods` asks for).
pub fn resource(resource: &Resource) -> Value {
    let methods: Map<String, Value> = resource
        .methods
        .iter()
        .map(|(verb, m)| (verb.clone(), method(m)))
        .collect();
    clean(json!({
        "id": resource.id,
        "parentId": resource.parent_id,
        "pathPart": resource.path_part,
        "path": resource.path,
        "resourceMethods": if methods.is_empty() { Value::Null } else { Value::Object(methods) },
    }))
}

pub fn method(method: &Method) -> Value {
    let responses: Map<String, Value> = method
        .method_responses
        .iter()
        .map(|(code, r)| (code.clone(), method_response(r)))
        .collect();
    clean(json!({
        "httpMethod": method.http_method,
        "authorizationType": method.authorization_type,
        "authorizerId": method.authorizer_id,
        "apiKeyRequired": method.api_key_required,
        "requestParameters": method.request_parameters,
        "methodResponses": responses,
        "methodIntegration": method.integration.as_ref().map(integration),
    }))
}

pub fn method_response(response: &MethodResponse) -> Value {
    let mut value = to_json(response);
    for key in ["responseParameters", "responseModels"] {
        if value[key].as_object().is_some_and(Map::is_empty) {
            value[key] = Value::Null;
        }
    }
    clean(value)
}

pub fn integration(integration: &Integration) -> Value {
    let mut value = to_json(integration);
    if value["timeoutInMillis"].is_null() {
        value["timeoutInMillis"] = json!(29_000);
    }
    if value["integrationResponses"]
        .as_object()
        .is_some_and(Map::is_empty)
    {
        value["integrationResponses"] = Value::Null;
    }
    if let Some(responses) = value["integrationResponses"].as_object_mut() {
        for response in responses.values_mut() {
            *response = integration_response_value(response.take());
        }
    }
    for key in ["requestParameters", "requestTemplates"] {
        if value[key].as_object().is_some_and(Map::is_empty) {
            value[key] = Value::Null;
        }
    }
    if value["type"] != "MOCK" {
        value["connectionType"] = json!("INTERNET");
    }
    clean(value)
}

pub fn integration_response(response: &IntegrationResponse) -> Value {
    integration_response_value(to_json(response))
}

fn integration_response_value(mut value: Value) -> Value {
    for key in ["responseParameters", "responseTemplates"] {
        if value[key].as_object().is_some_and(Map::is_empty) {
            value[key] = Value::Null;
        }
    }
    clean(value)
}

pub fn authorizer(authorizer: &Authorizer) -> Value {
    clean(to_json(authorizer))
}

pub fn deployment(deployment: &Deployment) -> Value {
    clean(json!({
        "id": deployment.id,
        "description": deployment.description,
        "createdDate": deployment.created_date,
    }))
}

pub fn stage(stage: &Stage) -> Value {
    let mut value = to_json(stage);
    value["cacheClusterEnabled"] = json!(false);
    value["tracingEnabled"] = json!(false);
    clean(value)
}

/// `{"item": [...]}`: API Gateway's list shape (everything on one page).
pub fn items(items: impl IntoIterator<Item = Value>) -> Value {
    json!({ "item": items.into_iter().collect::<Vec<_>>() })
}

/// Drops `null` members, recursively.
fn clean(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, clean(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(clean).collect()),
        other => other,
    }
}

/// The model as JSON. Its types derive `Serialize` with string keys and no custom
/// serialiser, so serialising them cannot fail.
fn to_json(model: &impl serde::Serialize) -> Value {
    #[allow(clippy::expect_used)]
    serde_json::to_value(model).expect("the model serialises")
}
