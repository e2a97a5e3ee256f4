//! The `PetStore` definition as API Gateway imports it: every method of the `OpenAPI`
//! document with its request parameters, method responses and `x-amazon-apigateway-integration`,
//! in the terms of the explicit resources (`AWS::ApiGateway::Method`, `aws_api_gateway_*`).
//! Request and response models are documentation in this definition and are not carried.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// The definition could not be read as API Gateway's `OpenAPI` with integrations.
#[derive(Debug, thiserror::Error)]
#[error("the API definition is not usable: {0}")]
pub struct DefinitionError(String);

impl authgate_core::hint::Hint for DefinitionError {
    fn fix(&self) -> String {
        "this is a bug in authgate's bundled PetStore definition; report it".into()
    }
}

/// One method of the definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// `/pets/{petId}`.
    pub path: String,
    /// `GET`.
    pub verb: String,
    pub operation_id: Option<String>,
    /// `method.request.querystring.page` → required.
    pub request_parameters: BTreeMap<String, bool>,
    /// Status code → `method.response.header.*` names.
    pub method_responses: BTreeMap<String, Vec<String>>,
    pub integration: Integration,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Integration {
    /// `HTTP`, `MOCK`, …
    pub kind: String,
    pub http_method: Option<String>,
    pub uri: Option<String>,
    pub passthrough: Option<String>,
    pub request_parameters: BTreeMap<String, String>,
    pub request_templates: BTreeMap<String, String>,
    pub responses: Vec<IntegrationResponse>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntegrationResponse {
    pub status: String,
    /// `None` for the `default` response.
    pub selection_pattern: Option<String>,
    pub parameters: BTreeMap<String, String>,
    pub templates: BTreeMap<String, String>,
}

/// The parsed document.
#[derive(Debug, Clone, PartialEq)]
pub struct Definition {
    pub document: Value,
    pub routes: Vec<Route>,
}

fn strings(value: &Value) -> BTreeMap<String, String> {
    value
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
        .collect()
}

fn route(path: &str, verb: &str, op: &Value) -> Result<Route, DefinitionError> {
    let i = &op["x-amazon-apigateway-integration"];
    if !i.is_object() {
        return Err(DefinitionError(format!(
            "{verb} {path} has no x-amazon-apigateway-integration"
        )));
    }
    let mut request_parameters = BTreeMap::new();
    for p in op["parameters"].as_array().into_iter().flatten() {
        let place = match p["in"].as_str() {
            Some("query") => "querystring",
            Some(other) => other,
            None => continue,
        };
        let name = p["name"].as_str().unwrap_or_default();
        let required = p["required"].as_bool().unwrap_or(false);
        request_parameters.insert(format!("method.request.{place}.{name}"), required);
    }
    let method_responses = op["responses"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(status, r)| {
            let headers = r["headers"].as_object().into_iter().flatten();
            let names = headers
                .map(|(h, _)| format!("method.response.header.{h}"))
                .collect();
            (status.clone(), names)
        })
        .collect();
    let mut responses: Vec<IntegrationResponse> = i["responses"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(key, r)| IntegrationResponse {
            status: r["statusCode"].as_str().unwrap_or("200").to_owned(),
            selection_pattern: (key != "default").then(|| key.clone()),
            parameters: strings(&r["responseParameters"]),
            templates: strings(&r["responseTemplates"]),
        })
        .collect();
    responses.sort_by(|a, b| a.status.cmp(&b.status));
    let upper = |key: &str| i[key].as_str().map(str::to_uppercase);
    Ok(Route {
        path: path.to_owned(),
        verb: verb.to_uppercase(),
        operation_id: op["operationId"].as_str().map(str::to_owned),
        request_parameters,
        method_responses,
        integration: Integration {
            kind: upper("type").unwrap_or_else(|| "MOCK".into()),
            http_method: upper("httpMethod"),
            uri: i["uri"].as_str().map(str::to_owned),
            passthrough: upper("passthroughBehavior"),
            request_parameters: strings(&i["requestParameters"]),
            request_templates: strings(&i["requestTemplates"]),
            responses,
        },
    })
}

const VERBS: [&str; 8] = [
    "get",
    "put",
    "post",
    "delete",
    "options",
    "head",
    "patch",
    "x-amazon-apigateway-any-method",
];

impl Definition {
    pub fn parse(text: &str) -> Result<Self, DefinitionError> {
        let document: Value =
            serde_json::from_str(text).map_err(|e| DefinitionError(e.to_string()))?;
        let mut routes = Vec::new();
        for (path, item) in document["paths"].as_object().into_iter().flatten() {
            for (verb, op) in item.as_object().into_iter().flatten() {
                if VERBS.contains(&verb.as_str()) {
                    routes.push(route(path, verb, op)?);
                }
            }
        }
        routes.sort_by(|a, b| (&a.path, &a.verb).cmp(&(&b.path, &b.verb)));
        Ok(Self { document, routes })
    }

    /// `(VERB, /path)` of every method.
    pub fn routes(&self) -> Vec<(String, String)> {
        self.routes
            .iter()
            .map(|r| (r.verb.clone(), r.path.clone()))
            .collect()
    }

    /// Every path below `/` with its parent and last segment, parents first.
    pub fn resources(&self) -> Vec<(String, String, String)> {
        let mut paths: Vec<&str> = self.routes.iter().map(|r| r.path.as_str()).collect();
        let mut all = std::collections::BTreeSet::new();
        for path in paths.drain(..) {
            let mut at = String::new();
            for segment in path.split('/').filter(|s| !s.is_empty()) {
                let parent = if at.is_empty() {
                    "/".to_owned()
                } else {
                    at.clone()
                };
                at = format!("{at}/{segment}");
                all.insert((at.clone(), parent, segment.to_owned()));
            }
        }
        let mut all: Vec<_> = all.into_iter().collect();
        all.sort_by_key(|(path, _, _)| path.matches('/').count());
        all
    }

    /// The document with `f` applied to each method object: `(path, VERB, method)`.
    pub fn edited(&self, mut f: impl FnMut(&str, &str, &mut Map<String, Value>)) -> Value {
        let mut document = self.document.clone();
        if let Some(paths) = document["paths"].as_object_mut() {
            for (path, item) in paths.iter_mut() {
                for (verb, op) in item.as_object_mut().into_iter().flatten() {
                    if let (true, Some(op)) = (VERBS.contains(&verb.as_str()), op.as_object_mut()) {
                        f(path, &verb.to_uppercase(), op);
                    }
                }
            }
        }
        document
    }

    /// The document without the methods `drop` names (`(VERB, /path)`).
    pub fn without(&self, drop: &[(String, String)]) -> Value {
        let mut document = self.document.clone();
        if let Some(paths) = document["paths"].as_object_mut() {
            for (verb, path) in drop {
                if let Some(item) = paths.get_mut(path).and_then(Value::as_object_mut) {
                    item.remove(&verb.to_lowercase());
                }
            }
        }
        document
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use authgate_core::tutorial::PETSTORE_OPENAPI;

    #[test]
    fn the_petstore_reads_as_six_methods_with_their_integrations() {
        let d = Definition::parse(PETSTORE_OPENAPI).unwrap();
        let routes: Vec<String> = d.routes().iter().map(|(v, p)| format!("{v} {p}")).collect();
        assert_eq!(
            routes,
            [
                "GET /",
                "GET /pets",
                "OPTIONS /pets",
                "POST /pets",
                "GET /pets/{petId}",
                "OPTIONS /pets/{petId}"
            ]
        );
        let get_pets = &d.routes[1];
        assert_eq!(get_pets.integration.kind, "HTTP");
        assert_eq!(
            get_pets.integration.passthrough.as_deref(),
            Some("WHEN_NO_MATCH")
        );
        assert_eq!(
            get_pets
                .request_parameters
                .get("method.request.querystring.page"),
            Some(&false)
        );
        assert_eq!(
            get_pets.method_responses["200"],
            ["method.response.header.Access-Control-Allow-Origin"]
        );
        let pet = &d.routes[4];
        assert_eq!(
            pet.request_parameters.get("method.request.path.petId"),
            Some(&true)
        );
        assert_eq!(
            d.resources(),
            [
                ("/pets".into(), "/".into(), "pets".into()),
                ("/pets/{petId}".into(), "/pets".into(), "{petId}".into())
            ]
        );
    }

    #[test]
    fn methods_can_be_left_out() {
        let d = Definition::parse(PETSTORE_OPENAPI).unwrap();
        let doc = d.without(&[("GET".into(), "/pets".into())]);
        assert!(doc["paths"]["/pets"]["get"].is_null());
        assert!(doc["paths"]["/pets"]["post"].is_object());
    }
}
