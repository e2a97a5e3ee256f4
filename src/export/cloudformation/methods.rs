//! The definition's paths and methods as `AWS::ApiGateway::Resource` and
//! `AWS::ApiGateway::Method` resources, the secured ones with `AuthorizationType: CUSTOM`.

use serde_json::{Map, Value, json};

use crate::export::api::{Definition, Route};
use crate::export::names::{logical, path_part};
use crate::export::yaml::{get_att, reference};

/// The logical id of the resource for `path` (`/` is the API's root).
fn parent(path: &str) -> Value {
    if path == "/" {
        get_att("RestApi", "RootResourceId")
    } else {
        reference(&format!("Resource{}", path_part(path, false)))
    }
}

/// `AWS::ApiGateway::Resource` per path below `/`, parents first.
pub fn resources(definition: &Definition) -> Vec<(String, Value)> {
    definition
        .resources()
        .into_iter()
        .map(|(path, parent_path, segment)| {
            let id = format!("Resource{}", path_part(&path, false));
            let props = json!({
                "RestApiId": reference("RestApi"),
                "ParentId": parent(&parent_path),
                "PathPart": segment,
            });
            (id, props)
        })
        .collect()
}

fn object<V: Into<Value> + Clone>(map: &std::collections::BTreeMap<String, V>) -> Value {
    Value::Object(
        map.iter()
            .map(|(k, v)| (k.clone(), v.clone().into()))
            .collect(),
    )
}

/// One method's properties.
pub fn method(route: &Route, secured: bool) -> Value {
    let i = &route.integration;
    let mut integration = Map::new();
    integration.insert("Type".into(), json!(i.kind));
    let mut put = |key: &str, value: Option<Value>| {
        if let Some(value) = value {
            integration.insert(key.into(), value);
        }
    };
    put(
        "IntegrationHttpMethod",
        i.http_method.clone().map(Value::from),
    );
    put("Uri", i.uri.clone().map(Value::from));
    put(
        "PassthroughBehavior",
        i.passthrough.clone().map(Value::from),
    );
    let non_empty = |v: Value| (v.as_object().is_some_and(|m| !m.is_empty())).then_some(v);
    put(
        "RequestParameters",
        non_empty(object(&i.request_parameters)),
    );
    put("RequestTemplates", non_empty(object(&i.request_templates)));
    let responses: Vec<Value> = i
        .responses
        .iter()
        .map(|r| {
            let mut out = Map::new();
            out.insert("StatusCode".into(), json!(r.status));
            if let Some(pattern) = &r.selection_pattern {
                out.insert("SelectionPattern".into(), json!(pattern));
            }
            if let Some(v) = non_empty(object(&r.parameters)) {
                out.insert("ResponseParameters".into(), v);
            }
            if let Some(v) = non_empty(object(&r.templates)) {
                out.insert("ResponseTemplates".into(), v);
            }
            Value::Object(out)
        })
        .collect();
    put(
        "IntegrationResponses",
        (!responses.is_empty()).then(|| json!(responses)),
    );
    let method_responses: Vec<Value> = route
        .method_responses
        .iter()
        .map(|(status, headers)| {
            let params: Map<String, Value> =
                headers.iter().map(|h| (h.clone(), json!(false))).collect();
            if params.is_empty() {
                json!({ "StatusCode": status })
            } else {
                json!({ "StatusCode": status, "ResponseParameters": params })
            }
        })
        .collect();
    let mut props = json!({
        "RestApiId": reference("RestApi"),
        "ResourceId": parent(&route.path),
        "HttpMethod": route.verb,
        "AuthorizationType": if secured { "CUSTOM" } else { "NONE" },
        "ApiKeyRequired": false,
        "Integration": Value::Object(integration),
        "MethodResponses": method_responses,
    });
    if secured {
        props["AuthorizerId"] = reference("Authorizer");
    }
    if let Some(op) = &route.operation_id {
        props["OperationName"] = json!(op);
    }
    if !route.request_parameters.is_empty() {
        props["RequestParameters"] = object(&route.request_parameters);
    }
    props
}

/// `(logical id, properties)` of every method.
pub fn methods(definition: &Definition, secured: &[(String, String)]) -> Vec<(String, Value)> {
    definition
        .routes
        .iter()
        .map(|r| {
            let is_secured = secured.iter().any(|(v, p)| *v == r.verb && *p == r.path);
            (
                format!("Method{}", logical(&r.verb, &r.path)),
                method(r, is_secured),
            )
        })
        .collect()
}
