//! Integrations and integration responses: `Put/Get/DeleteIntegration`,
//! `Put/Get/DeleteIntegrationResponse`. The types the data plane runs are accepted (`MOCK`,
//! `HTTP`, `HTTP_PROXY`, `AWS_PROXY` to a Lambda function); the rest is `NotImplemented`.

use std::collections::BTreeMap;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use super::lookup::{api, api_mut, body};
use super::lookup::{method, method_mut};
use super::{checks, views};
use crate::aws::model::{Integration, IntegrationResponse};
use crate::aws::state::AwsState;
use crate::aws::unknown::unknown;
use crate::aws::wire::Fault;
use crate::gateway::integration::lambda_proxy::function_arn;

pub fn routes() -> Router<AwsState> {
    Router::new()
        .route(
            "/restapis/{api}/resources/{resource}/methods/{verb}/integration",
            get(read).put(put).delete(delete).fallback(unknown),
        )
        .route(
            "/restapis/{api}/resources/{resource}/methods/{verb}/integration/responses/{status}",
            get(read_response)
                .put(put_response)
                .delete(delete_response)
                .fallback(unknown),
        )
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PutIntegration {
    #[serde(rename = "type")]
    kind: Option<String>,
    /// The CLI's `--integration-http-method`.
    http_method: Option<String>,
    uri: Option<String>,
    connection_type: Option<String>,
    credentials: Option<String>,
    #[serde(default)]
    request_parameters: BTreeMap<String, String>,
    #[serde(default)]
    request_templates: BTreeMap<String, String>,
    passthrough_behavior: Option<String>,
    content_handling: Option<String>,
    timeout_in_millis: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PutIntegrationResponse {
    selection_pattern: Option<String>,
    #[serde(default)]
    response_parameters: BTreeMap<String, String>,
    #[serde(default)]
    response_templates: BTreeMap<String, String>,
}

/// The integration a `PutIntegration` describes, or why API Gateway (or the sandbox) refuses it.
fn integration(request: PutIntegration) -> Result<Integration, Fault> {
    let kind = request
        .kind
        .ok_or_else(|| Fault::bad_request("Integration type is required"))?
        .to_ascii_uppercase();
    match kind.as_str() {
        "MOCK" | "HTTP" | "HTTP_PROXY" | "AWS_PROXY" => {}
        "AWS" => {
            return Err(Fault::not_implemented(
                "integrations of type AWS (non-proxy calls to AWS services, with VTL mapping); \
                 use AWS_PROXY to a Lambda function",
            ));
        }
        other => {
            return Err(Fault::bad_request(format!(
                "Invalid integration type specified: {other}. Valid options are HTTP, \
                 HTTP_PROXY, AWS, AWS_PROXY, MOCK"
            )));
        }
    }
    if request.connection_type.as_deref() == Some("VPC_LINK") {
        return Err(Fault::not_implemented("VPC_LINK connections"));
    }
    let http_method = request.http_method.map(|m| m.to_ascii_uppercase());
    if kind == "MOCK" {
        checks::templates(&request.request_templates, "the MOCK integration")?;
    } else {
        let Some(verb) = &http_method else {
            return Err(Fault::bad_request(
                "Enumeration value for HttpMethod must be non-empty",
            ));
        };
        checks::verb(verb)?;
        let uri = request.uri.as_deref().unwrap_or_default();
        if kind == "AWS_PROXY" {
            if !uri.starts_with("arn:aws:apigateway:") {
                return Err(Fault::bad_request("Invalid ARN specified in the request"));
            }
            if function_arn(uri).is_none() {
                return Err(Fault::not_implemented(&format!(
                    "AWS_PROXY integrations to {uri} (the sandbox runs Lambda functions: \
                     arn:aws:apigateway:REGION:lambda:path/2015-03-31/functions/ARN/invocations)"
                )));
            }
            if verb != "POST" {
                return Err(Fault::bad_request(
                    "Lambda proxy integrations call the function with POST: set the \
                     integration HTTP method to POST",
                ));
            }
        } else if !(uri.starts_with("http://") || uri.starts_with("https://")) {
            return Err(Fault::bad_request(
                "Invalid HTTP endpoint specified for URI",
            ));
        }
        if kind == "HTTP" && !request.request_templates.is_empty() {
            return Err(Fault::not_implemented(
                "request mapping templates on HTTP integrations (a VTL body transformation)",
            ));
        }
    }
    checks::integration_request_parameters(&request.request_parameters)?;
    if let Some(ms) = request.timeout_in_millis
        && !(50..=29_000).contains(&ms)
    {
        return Err(Fault::bad_request(
            "Timeout should be between 50 ms and 29000 ms",
        ));
    }
    Ok(Integration {
        kind,
        http_method,
        uri: request.uri,
        request_parameters: request.request_parameters,
        request_templates: request.request_templates,
        passthrough_behavior: Some(
            request
                .passthrough_behavior
                .unwrap_or_else(|| "WHEN_NO_MATCH".to_owned()),
        ),
        credentials: request.credentials,
        content_handling: request.content_handling,
        timeout_in_millis: request.timeout_in_millis,
        integration_responses: BTreeMap::new(),
    })
}

fn no_integration() -> Fault {
    Fault::not_found("No integration defined for method")
}

async fn read(
    State(state): State<AwsState>,
    Path((id, resource_id, verb)): Path<(String, String, String)>,
) -> Result<Response, Fault> {
    state.read(|s| {
        let method = method(api(&s.doc, &id)?, &resource_id, &verb)?;
        let integration = method.integration.as_ref().ok_or_else(no_integration)?;
        Ok(axum::Json(views::integration(integration)).into_response())
    })
}

async fn put(
    State(state): State<AwsState>,
    Path((id, resource_id, verb)): Path<(String, String, String)>,
    bytes: Bytes,
) -> Result<Response, Fault> {
    let mut created = integration(body(&bytes)?)?;
    state.write(|s| {
        let target = method_mut(api_mut(&mut s.doc, &id)?, &resource_id, &verb)?;
        // A replaced integration keeps its integration responses, as on API Gateway.
        if let Some(old) = target.integration.take() {
            created.integration_responses = old.integration_responses;
        }
        let view = views::integration(&created);
        target.integration = Some(created);
        Ok((StatusCode::CREATED, axum::Json(view)).into_response())
    })
}

async fn delete(
    State(state): State<AwsState>,
    Path((id, resource_id, verb)): Path<(String, String, String)>,
) -> Result<Response, Fault> {
    state.write(|s| {
        let target = method_mut(api_mut(&mut s.doc, &id)?, &resource_id, &verb)?;
        target.integration.take().ok_or_else(no_integration)?;
        Ok(StatusCode::NO_CONTENT.into_response())
    })
}

async fn read_response(
    State(state): State<AwsState>,
    Path((id, resource_id, verb, status)): Path<(String, String, String, String)>,
) -> Result<Response, Fault> {
    state.read(|s| {
        let method = method(api(&s.doc, &id)?, &resource_id, &verb)?;
        let integration = method.integration.as_ref().ok_or_else(no_integration)?;
        let found = integration
            .integration_responses
            .get(&status)
            .ok_or_else(|| Fault::not_found("Invalid Response status code specified"))?;
        Ok(axum::Json(views::integration_response(found)).into_response())
    })
}

async fn put_response(
    State(state): State<AwsState>,
    Path((id, resource_id, verb, status)): Path<(String, String, String, String)>,
    bytes: Bytes,
) -> Result<Response, Fault> {
    let request: PutIntegrationResponse = body(&bytes)?;
    checks::status_code(&status)?;
    checks::templates(&request.response_templates, "the integration response")?;
    if let Some(pattern) = &request.selection_pattern
        && regex::Regex::new(pattern).is_err()
    {
        return Err(Fault::bad_request(format!(
            "Invalid selection pattern specified: {pattern}"
        )));
    }
    state.write(|s| {
        let target = method_mut(api_mut(&mut s.doc, &id)?, &resource_id, &verb)?;
        let declared = target
            .method_responses
            .get(&status)
            .map(|r| r.response_parameters.clone())
            .ok_or_else(|| Fault::bad_request("No method response exists for method."))?;
        checks::integration_response_parameters(&request.response_parameters, &declared)?;
        let integration = target.integration.as_mut().ok_or_else(no_integration)?;
        let created = IntegrationResponse {
            status_code: status.clone(),
            selection_pattern: request.selection_pattern.filter(|p| !p.is_empty()),
            response_parameters: request.response_parameters,
            response_templates: request.response_templates,
        };
        let view = views::integration_response(&created);
        integration.integration_responses.insert(status, created);
        Ok((StatusCode::CREATED, axum::Json(view)).into_response())
    })
}

async fn delete_response(
    State(state): State<AwsState>,
    Path((id, resource_id, verb, status)): Path<(String, String, String, String)>,
) -> Result<Response, Fault> {
    state.write(|s| {
        let target = method_mut(api_mut(&mut s.doc, &id)?, &resource_id, &verb)?;
        let integration = target.integration.as_mut().ok_or_else(no_integration)?;
        integration
            .integration_responses
            .remove(&status)
            .ok_or_else(|| Fault::not_found("Invalid Response status code specified"))?;
        Ok(StatusCode::NO_CONTENT.into_response())
    })
}
