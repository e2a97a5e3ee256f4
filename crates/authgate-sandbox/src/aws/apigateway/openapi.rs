//! `ImportRestApi`: an `OpenAPI` 3.0 / Swagger 2.0 definition (JSON) with
//! `x-amazon-apigateway-integration` extensions becomes resources, methods and integrations,
//! as API Gateway builds them.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::aws::model::{
    Integration, IntegrationResponse, Method, MethodResponse, Resource, RestApi,
};
use crate::aws::store::{gateway_id, now_epoch};
use crate::aws::wire::Fault;

const VERBS: &[(&str, &str)] = &[
    ("get", "GET"),
    ("put", "PUT"),
    ("post", "POST"),
    ("delete", "DELETE"),
    ("options", "OPTIONS"),
    ("head", "HEAD"),
    ("patch", "PATCH"),
    ("x-amazon-apigateway-any-method", "ANY"),
];

#[derive(Debug)]
pub struct Imported {
    pub api: RestApi,
    pub warnings: Vec<String>,
}

pub fn import(body: &[u8], region: &str, endpoint_type: &str) -> Result<Imported, Fault> {
    let doc: Value = serde_json::from_slice(body).map_err(|e| {
        Fault::bad_request(format!(
            "the sandbox imports OpenAPI 3.0 / Swagger 2.0 definitions written in JSON; this \
             body is not JSON ({e})"
        ))
    })?;
    let version_ok = doc["openapi"].as_str().is_some_and(|v| v.starts_with("3."))
        || doc["swagger"].as_str() == Some("2.0");
    if !version_ok {
        return Err(Fault::bad_request(
            "Invalid OpenAPI input: expected `openapi: 3.x` or `swagger: 2.0`",
        ));
    }
    let name = doc["info"]["title"]
        .as_str()
        .filter(|t| !t.is_empty())
        .ok_or_else(|| Fault::bad_request("Invalid OpenAPI input: info.title is required"))?;
    let mut warnings = Vec::new();
    let mut resources = BTreeMap::new();
    let root = new_resource(None, None, "/".to_owned());
    let root_id = root.id.clone();
    resources.insert(root.id.clone(), root);
    let paths = doc["paths"].as_object().cloned().unwrap_or_default();
    for (path, item) in &paths {
        let id = ensure_path(&mut resources, &root_id, path);
        let shared = item["parameters"].as_array().cloned().unwrap_or_default();
        // `ensure_path` returns the id of a resource it found or inserted.
        #[allow(clippy::expect_used)]
        let resource = resources.get_mut(&id).expect("just ensured");
        for (key, verb) in VERBS {
            let Some(op) = item.get(*key) else { continue };
            let method = method(verb, op, &shared);
            if method.integration.is_none() {
                warnings.push(format!("No integration defined for method {verb} {path}"));
            }
            resource.methods.insert((*verb).to_owned(), method);
        }
    }
    let api = RestApi {
        id: gateway_id(),
        name: name.to_owned(),
        description: doc["info"]["description"].as_str().map(str::to_owned),
        created_date: now_epoch(),
        region: region.to_owned(),
        endpoint_type: endpoint_type.to_owned(),
        resources,
        authorizers: BTreeMap::new(),
        deployments: BTreeMap::new(),
        stages: BTreeMap::new(),
        gateway_responses: BTreeMap::new(),
    };
    Ok(Imported { api, warnings })
}

fn new_resource(parent: Option<&str>, part: Option<&str>, path: String) -> Resource {
    Resource {
        id: gateway_id(),
        parent_id: parent.map(str::to_owned),
        path_part: part.map(str::to_owned),
        path,
        methods: BTreeMap::new(),
    }
}

/// The id of the resource at `path`, creating it and any missing ancestors.
fn ensure_path(resources: &mut BTreeMap<String, Resource>, root: &str, path: &str) -> String {
    let mut parent = root.to_owned();
    let mut current = String::new();
    for part in path.split('/').filter(|p| !p.is_empty()) {
        current = format!("{current}/{part}");
        let existing = resources
            .values()
            .find(|r| r.path == current)
            .map(|r| r.id.clone());
        parent = existing.unwrap_or_else(|| {
            let resource = new_resource(Some(&parent), Some(part), current.clone());
            let id = resource.id.clone();
            resources.insert(id.clone(), resource);
            id
        });
    }
    parent
}

fn method(verb: &str, op: &Value, shared: &[Value]) -> Method {
    let mut request_parameters = BTreeMap::new();
    for param in shared
        .iter()
        .chain(op["parameters"].as_array().into_iter().flatten())
    {
        let place = match param["in"].as_str() {
            Some("path") => "path",
            Some("query") => "querystring",
            Some("header") => "header",
            _ => continue,
        };
        if let Some(name) = param["name"].as_str() {
            let required = param["required"].as_bool().unwrap_or(place == "path");
            request_parameters.insert(format!("method.request.{place}.{name}"), required);
        }
    }
    let method_responses = op["responses"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(code, _)| *code != "default")
        .map(|(code, response)| {
            let headers = response["headers"].as_object().into_iter().flatten();
            let response_parameters = headers
                .map(|(name, _)| (format!("method.response.header.{name}"), false))
                .collect();
            let response = MethodResponse {
                status_code: code.clone(),
                response_parameters,
                response_models: BTreeMap::new(),
            };
            (code.clone(), response)
        })
        .collect();
    Method {
        http_method: verb.to_owned(),
        authorization_type: "NONE".to_owned(),
        authorizer_id: None,
        api_key_required: false,
        request_parameters,
        method_responses,
        integration: op.get("x-amazon-apigateway-integration").map(integration),
    }
}

fn integration(spec: &Value) -> Integration {
    let upper = |v: &Value| v.as_str().map(str::to_ascii_uppercase);
    let mut integration_responses = BTreeMap::new();
    for (pattern, response) in spec["responses"].as_object().into_iter().flatten() {
        let status_code = response["statusCode"]
            .as_str()
            .map(str::to_owned)
            .or_else(|| response["statusCode"].as_u64().map(|c| c.to_string()))
            .unwrap_or_else(|| "200".to_owned());
        integration_responses.insert(
            status_code.clone(),
            IntegrationResponse {
                status_code,
                selection_pattern: (pattern != "default").then(|| pattern.clone()),
                response_parameters: strings(&response["responseParameters"]),
                response_templates: strings(&response["responseTemplates"]),
            },
        );
    }
    Integration {
        kind: upper(&spec["type"]).unwrap_or_else(|| "MOCK".to_owned()),
        http_method: upper(&spec["httpMethod"]),
        uri: spec["uri"].as_str().map(str::to_owned),
        request_parameters: strings(&spec["requestParameters"]),
        request_templates: strings(&spec["requestTemplates"]),
        passthrough_behavior: upper(&spec["passthroughBehavior"]),
        credentials: spec["credentials"].as_str().map(str::to_owned),
        content_handling: None,
        timeout_in_millis: None,
        integration_responses,
    }
}

fn strings(value: &Value) -> BTreeMap<String, String> {
    value
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_owned())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use authgate_core::tutorial::PETSTORE_OPENAPI;

    #[test]
    fn the_bundled_petstore_imports_as_api_gateway_builds_it() {
        let imported = import(PETSTORE_OPENAPI.as_bytes(), "eu-west-1", "REGIONAL").unwrap();
        assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
        let api = imported.api;
        assert_eq!(api.name, "PetStore");
        let by_path: BTreeMap<_, _> = api.resources.values().map(|r| (&*r.path, r)).collect();
        assert_eq!(
            by_path.keys().copied().collect::<Vec<_>>(),
            ["/", "/pets", "/pets/{petId}"]
        );
        let pet = by_path["/pets/{petId}"];
        assert_eq!(pet.path_part.as_deref(), Some("{petId}"));
        assert_eq!(pet.parent_id.as_deref(), Some(&*by_path["/pets"].id));
        let get = &pet.methods["GET"];
        assert_eq!(get.authorization_type, "NONE");
        assert!(get.request_parameters["method.request.path.petId"]);
        let integration = get.integration.as_ref().unwrap();
        assert_eq!(integration.kind, "HTTP");
        assert_eq!(integration.http_method.as_deref(), Some("GET"));
        assert_eq!(
            integration.request_parameters["integration.request.path.petId"],
            "method.request.path.petId"
        );
        let root = &by_path["/"].methods["GET"];
        let mock = root.integration.as_ref().unwrap();
        assert_eq!(mock.kind, "MOCK");
        assert_eq!(mock.passthrough_behavior.as_deref(), Some("WHEN_NO_MATCH"));
        let default = &mock.integration_responses["200"];
        assert_eq!(default.selection_pattern, None);
        assert!(default.response_templates["text/html"].contains("PetStore"));
        let listing = &by_path["/pets"].methods["GET"].request_parameters;
        assert!(!listing["method.request.querystring.type"]);
        assert_eq!(by_path["/pets"].methods.len(), 3);
    }

    #[test]
    fn what_is_not_an_openapi_definition_is_refused_clearly() {
        let yaml = import(b"openapi: 3.0.1\n", "us-east-1", "REGIONAL").unwrap_err();
        assert!(yaml.message.contains("JSON"), "{}", yaml.message);
        let untitled = import(br#"{"openapi":"3.0.1","info":{}}"#, "us-east-1", "EDGE");
        assert!(untitled.unwrap_err().message.contains("title"));
        let warned = import(
            br#"{"swagger":"2.0","info":{"title":"T"},"paths":{"/a/b":{"get":{}}}}"#,
            "us-east-1",
            "EDGE",
        )
        .unwrap();
        assert_eq!(
            warned.warnings,
            ["No integration defined for method GET /a/b"]
        );
        assert_eq!(warned.api.resources.len(), 3, "/, /a and /a/b");
    }
}
