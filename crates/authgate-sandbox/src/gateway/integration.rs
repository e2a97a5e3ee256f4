//! Executes one method's integration for a request, as API Gateway does after authorization:
//! `MOCK` answers from its templates; `HTTP`/`HTTP_PROXY` to the `PetStore` demo host are served
//! by the in-process replica ([`crate::petstore`]); `AWS_PROXY` runs a sandbox Lambda function
//! with the REST proxy event ([`lambda_proxy`], called by the pipeline); anything that would
//! need the internet or another AWS service answers 502 saying so.

mod error;
mod http;
pub mod lambda_proxy;
mod mock;

use std::collections::BTreeMap;

use serde_json::json;

use super::DeployedIntegration;
use super::request::IntegrationRequest;

/// What the integration answered, before API Gateway adds its own headers.
#[derive(Debug, Clone, PartialEq)]
pub struct IntegrationResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl IntegrationResponse {
    pub(crate) fn new(status: u16, content_type: &str, body: Vec<u8>) -> Self {
        Self {
            status,
            headers: vec![("Content-Type".to_owned(), content_type.to_owned())],
            body,
        }
    }

    /// A JSON `{"message": ...}` answer.
    pub(crate) fn message(status: u16, message: &str) -> Self {
        let body = json!({ "message": message }).to_string().into_bytes();
        Self::new(status, "application/json", body)
    }

    /// API Gateway's 500 for a broken integration setup, with the sandbox's explanation in a
    /// field AWS does not send (`sandboxDetail`), so the cause is visible.
    pub(crate) fn configuration_error(detail: &str) -> Self {
        tracing::warn!(detail, "integration configuration error");
        let body = json!({ "message": "Internal server error", "sandboxDetail": detail });
        Self::new(500, "application/json", body.to_string().into_bytes())
    }

    /// The first header with this name, compared case-insensitively.
    #[cfg(test)]
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Runs `integration` for `request`. Never fails: every problem is an HTTP answer, the way
/// API Gateway reports integration problems to the caller.
pub fn execute(
    integration: &DeployedIntegration,
    request: &IntegrationRequest,
) -> IntegrationResponse {
    match integration.kind.to_ascii_uppercase().as_str() {
        "MOCK" => with_mapped_headers(integration, mock::execute(integration, request)),
        "HTTP" => with_mapped_headers(integration, http::execute(integration, request, false)),
        "HTTP_PROXY" => http::execute(integration, request, true),
        other => IntegrationResponse::message(
            502,
            &format!(
                "The authgate sandbox is offline and cannot run {other} integrations (they call \
                 AWS services). It runs MOCK integrations, AWS_PROXY integrations to its own \
                 Lambda functions and HTTP/HTTP_PROXY integrations to the PetStore demo backend. \
                 Test this method against real AWS."
            ),
        ),
    }
}

/// Adds the static headers the integration response for this status maps (CORS, mostly).
/// Proxy integrations pass the backend's answer through, as in API Gateway.
fn with_mapped_headers(
    integration: &DeployedIntegration,
    mut response: IntegrationResponse,
) -> IntegrationResponse {
    let for_status = integration
        .response_headers
        .get(&response.status.to_string())
        .or_else(|| {
            let mut all = integration.response_headers.values();
            all.next()
                .filter(|_| integration.response_headers.len() == 1)
        });
    for (name, value) in for_status.into_iter().flatten() {
        response
            .headers
            .retain(|(k, _)| !k.eq_ignore_ascii_case(name));
        response.headers.push((name.clone(), value.clone()));
    }
    response
}

/// The integration response (templates by content type) configured for `status`, or, when
/// there is just one, that one: it is the default mapping (selection patterns are not in the
/// deployment snapshot).
fn response_for(
    integration: &DeployedIntegration,
    status: u16,
) -> Option<(u16, &BTreeMap<String, String>)> {
    if let Some(templates) = integration.responses.get(&status.to_string()) {
        return Some((status, templates));
    }
    if integration.responses.len() == 1 {
        let (code, templates) = integration.responses.iter().next()?;
        return Some((code.parse().ok()?, templates));
    }
    None
}

#[cfg(test)]
mod tests;
