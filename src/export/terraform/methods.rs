//! The secured methods of `aws.tf`: each as `aws_api_gateway_method` (CUSTOM, the authorizer),
//! `aws_api_gateway_integration`, and a method response and integration response per status,
//! as the definition declares them (the rest of the definition is the REST API's body).

use serde_json::json;

use super::build::{API, expr, resource, value};
use crate::export::ExportError;
use crate::export::api::Route;
use crate::export::names::{sanitize, snake};

fn resource_id(path: &str) -> String {
    if path == "/" {
        format!("{API}.root_resource_id")
    } else {
        format!("data.aws_api_gateway_resource.{}.id", sanitize(path))
    }
}

fn object<V: Clone + Into<serde_json::Value>>(
    map: &std::collections::BTreeMap<String, V>,
) -> serde_json::Value {
    serde_json::Value::Object(
        map.iter()
            .map(|(k, v)| (k.clone(), v.clone().into()))
            .collect(),
    )
}

/// The blocks of one secured method, and the names of the resources the deployment hashes.
pub(super) fn method(
    body: &mut hcl::BodyBuilder,
    route: &Route,
) -> Result<Vec<String>, ExportError> {
    let name = snake(&route.verb, &route.path);
    let rid = expr(&resource_id(&route.path))?;
    let http_method = expr(&format!("aws_api_gateway_method.{name}.http_method"))?;
    let mut m = resource("aws_api_gateway_method", &name)
        .add_attribute(("rest_api_id", expr(&format!("{API}.id"))?))
        .add_attribute(("resource_id", rid.clone()))
        .add_attribute(("http_method", route.verb.as_str()))
        .add_attribute(("authorization", "CUSTOM"))
        .add_attribute((
            "authorizer_id",
            expr("aws_api_gateway_authorizer.auth0.id")?,
        ))
        .add_attribute(("api_key_required", false));
    if let Some(op) = &route.operation_id {
        m = m.add_attribute(("operation_name", op.as_str()));
    }
    if !route.request_parameters.is_empty() {
        m = m.add_attribute((
            "request_parameters",
            value(object(&route.request_parameters))?,
        ));
    }
    let i = &route.integration;
    let mut integration = resource("aws_api_gateway_integration", &name)
        .add_attribute(("rest_api_id", expr(&format!("{API}.id"))?))
        .add_attribute(("resource_id", rid.clone()))
        .add_attribute(("http_method", http_method.clone()))
        .add_attribute(("type", i.kind.as_str()));
    for (key, v) in [
        ("integration_http_method", &i.http_method),
        ("uri", &i.uri),
        ("passthrough_behavior", &i.passthrough),
    ] {
        if let Some(v) = v {
            integration = integration.add_attribute((key, v.as_str()));
        }
    }
    if !i.request_parameters.is_empty() {
        integration = integration
            .add_attribute(("request_parameters", value(object(&i.request_parameters))?));
    }
    if !i.request_templates.is_empty() {
        integration =
            integration.add_attribute(("request_templates", value(object(&i.request_templates))?));
    }
    *body = std::mem::take(body)
        .add_block(m.build())
        .add_block(integration.build());
    let mut hashed = vec![
        format!("aws_api_gateway_method.{name}"),
        format!("aws_api_gateway_integration.{name}"),
    ];
    for (status, headers) in &route.method_responses {
        let params: serde_json::Map<String, serde_json::Value> =
            headers.iter().map(|h| (h.clone(), json!(false))).collect();
        let mut r = resource(
            "aws_api_gateway_method_response",
            &format!("{name}_{status}"),
        )
        .add_attribute(("rest_api_id", expr(&format!("{API}.id"))?))
        .add_attribute(("resource_id", rid.clone()))
        .add_attribute(("http_method", http_method.clone()))
        .add_attribute(("status_code", status.as_str()));
        if !params.is_empty() {
            r = r.add_attribute((
                "response_parameters",
                value(serde_json::Value::Object(params))?,
            ));
        }
        *body = std::mem::take(body).add_block(r.build());
    }
    for response in &i.responses {
        let rname = format!("{name}_{}", response.status);
        let mut r = resource("aws_api_gateway_integration_response", &rname)
            .add_attribute(("rest_api_id", expr(&format!("{API}.id"))?))
            .add_attribute(("resource_id", rid.clone()))
            .add_attribute(("http_method", http_method.clone()))
            .add_attribute((
                "status_code",
                expr(&format!(
                    "aws_api_gateway_method_response.{rname}.status_code"
                ))?,
            ));
        if let Some(pattern) = &response.selection_pattern {
            r = r.add_attribute(("selection_pattern", pattern.as_str()));
        }
        if !response.parameters.is_empty() {
            r = r.add_attribute(("response_parameters", value(object(&response.parameters))?));
        }
        if !response.templates.is_empty() {
            r = r.add_attribute(("response_templates", value(object(&response.templates))?));
        }
        r = r.add_attribute((
            "depends_on",
            expr(&format!("[aws_api_gateway_integration.{name}]"))?,
        ));
        *body = std::mem::take(body).add_block(r.build());
        hashed.push(format!("aws_api_gateway_integration_response.{rname}"));
    }
    Ok(hashed)
}
