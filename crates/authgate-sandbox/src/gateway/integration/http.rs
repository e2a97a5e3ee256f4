//! `HTTP` and `HTTP_PROXY` integrations. The backend URL is built as API Gateway builds it
//! (path placeholders and query strings from `requestParameters`; a proxy integration also
//! passes the whole query string), then the `PetStore` demo host is served by the local replica
//! and every other host gets a 502: the sandbox never reaches the internet.

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

use super::error::IntegrationError;
use super::{IntegrationResponse, response_for};
use crate::gateway::DeployedIntegration;
use crate::gateway::request::IntegrationRequest;
use crate::petstore;

/// Characters escaped in a path parameter value: a value is one segment, so `/` is escaped.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

pub fn execute(
    integration: &DeployedIntegration,
    request: &IntegrationRequest,
    proxy: bool,
) -> IntegrationResponse {
    let url = match backend_url(integration, request, proxy) {
        Ok(url) => url,
        Err(error) => return IntegrationResponse::configuration_error(&error.to_string()),
    };
    let host = url.host_str().unwrap_or_default();
    if !petstore::is_demo_host(host) {
        return offline(url.as_str());
    }
    let method = integration
        .http_method
        .as_deref()
        .filter(|m| !m.eq_ignore_ascii_case("ANY"))
        .unwrap_or(&request.method)
        .to_ascii_uppercase();
    let query: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let reply = petstore::handle(&method, url.path(), &query, &request.body);
    let status = if proxy {
        reply.status
    } else {
        response_for(integration, reply.status).map_or(reply.status, |(status, _)| status)
    };
    IntegrationResponse::new(status, reply.content_type, reply.body)
}

fn offline(url: &str) -> IntegrationResponse {
    IntegrationResponse::message(
        502,
        &format!(
            "The authgate sandbox is offline: it does not reach the internet, so it cannot call \
             {url}. Only the PetStore demo backend (http://{}/petstore/...) is served, by a local \
             replica. Point the integration there, or test this API on real AWS.",
            petstore::DEMO_HOST
        ),
    )
}

/// The integration URI with its `{placeholders}` filled and its query string added.
fn backend_url(
    integration: &DeployedIntegration,
    request: &IntegrationRequest,
    proxy: bool,
) -> Result<url::Url, IntegrationError> {
    let template = integration.uri.as_deref().ok_or(IntegrationError::NoUri)?;
    let mut filled = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').map(|c| open + c).ok_or_else(|| {
            IntegrationError::UnclosedBrace {
                template: template.to_owned(),
            }
        })?;
        filled.push_str(&rest[..open]);
        let name = &rest[open + 1..close];
        let value = path_value(integration, request, name.trim_end_matches('+'), proxy)
            .ok_or_else(|| IntegrationError::UnmappedParameter {
                template: template.to_owned(),
                name: name.to_owned(),
            })?;
        if name.ends_with('+') {
            // A greedy parameter keeps its slashes.
            for (i, segment) in value.split('/').enumerate() {
                if i > 0 {
                    filled.push('/');
                }
                filled.extend(utf8_percent_encode(segment, SEGMENT));
            }
        } else {
            filled.extend(utf8_percent_encode(&value, SEGMENT));
        }
        rest = &rest[close + 1..];
    }
    filled.push_str(rest);
    let mut url = match url::Url::parse(&filled) {
        Ok(url) => url,
        Err(source) => {
            return Err(IntegrationError::NotAUrl {
                uri: filled,
                source,
            });
        }
    };
    let mut pairs: Vec<(String, String)> = Vec::new();
    if proxy {
        pairs.extend(request.query.iter().cloned());
    }
    for (target, source) in &integration.request_parameters {
        if let Some(name) = target.strip_prefix("integration.request.querystring.")
            && let Some(value) = source_value(request, source)
        {
            pairs.retain(|(k, _)| k != name);
            pairs.push((name.to_owned(), value));
        }
    }
    if !pairs.is_empty() {
        url.query_pairs_mut().extend_pairs(&pairs);
    }
    Ok(url)
}

/// The value of `{name}` in the URI: its `integration.request.path.{name}` mapping, or for a
/// proxy integration the same-named path parameter.
fn path_value(
    integration: &DeployedIntegration,
    request: &IntegrationRequest,
    name: &str,
    proxy: bool,
) -> Option<String> {
    let mapped = integration
        .request_parameters
        .get(&format!("integration.request.path.{name}"))
        .or_else(|| {
            integration
                .request_parameters
                .get(&format!("integration.request.path.{name}+"))
        });
    match mapped {
        Some(source) => source_value(request, source),
        None if proxy => request.path_params.get(name).cloned(),
        None => None,
    }
}

/// A `requestParameters` source: `method.request.{path|querystring|header}.X`, a `'literal'`,
/// `context.authorizer.X` and the other `context.*` / `stageVariables.*` values.
fn source_value(request: &IntegrationRequest, source: &str) -> Option<String> {
    crate::gateway::template::parameter(source, request)
}
