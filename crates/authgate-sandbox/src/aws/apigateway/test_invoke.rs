//! `TestInvokeMethod`, the console's "Test" on a method: runs the method's integration as
//! it is now (not as deployed), without authorization, and returns status, body and log.

use std::collections::BTreeMap;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use super::lookup::{api, body, resource};
use super::mock::{self, Answer};
use crate::aws::model::Integration;
use crate::aws::state::AwsState;
use crate::aws::wire::Fault;
use crate::petstore;
use authgate_core::loopback::is_loopback_url;

/// The stage name API Gateway uses in console tests.
pub const TEST_STAGE: &str = "test-invoke-stage";

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct TestInvoke {
    body: Option<String>,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    path_with_query_string: Option<String>,
}

/// Console-style log lines (`Thu Nov 23 22:00:00 UTC 2026 : …`).
pub struct ExecutionLog(String);

impl ExecutionLog {
    pub fn new(request_id: &str) -> Self {
        Self(format!("Execution log for request {request_id}\n"))
    }
    pub fn line(&mut self, text: &str) {
        use std::fmt::Write as _;
        let now = jiff::Timestamp::now().strftime("%a %b %d %H:%M:%S UTC %Y");
        let _ = writeln!(self.0, "{now} : {text}");
    }
    pub fn into_text(self) -> String {
        self.0
    }
}

pub async fn run(
    State(state): State<AwsState>,
    Path((id, resource_id, verb)): Path<(String, String, String)>,
    bytes: Bytes,
) -> Result<Response, Fault> {
    let request: TestInvoke = body(&bytes)?;
    let verb = verb.to_ascii_uppercase();
    let (path, integration) = state.read(|s| {
        let resource = resource(api(&s.doc, &id)?, &resource_id)?;
        let method = super::lookup::method(api(&s.doc, &id)?, &resource_id, &verb)?;
        Ok((resource.path.clone(), method.integration.clone()))
    })?;
    let started = Instant::now();
    let request_id = crate::aws::store::uuid_like();
    let mut log = ExecutionLog::new(&request_id);
    log.line(&format!("Starting execution for request: {request_id}"));
    log.line(&format!("HTTP Method: {verb}, Resource Path: {path}"));
    let request_body = request.body.unwrap_or_default();
    log.line(&format!(
        "Method request body before transformations: {request_body}"
    ));
    let actual = request
        .path_with_query_string
        .unwrap_or_else(|| path.clone());
    let answer = match &integration {
        None => {
            log.line(
                "Execution failed due to configuration error: No integration defined for method",
            );
            Answer {
                status: 500,
                headers: BTreeMap::new(),
                body: json!({ "message": "Internal server error" }).to_string(),
            }
        }
        Some(i) if i.kind == "MOCK" => mock::mock(i, TEST_STAGE),
        Some(i) => {
            http(
                i,
                &verb,
                &path,
                &actual,
                &request_body,
                &request.headers,
                &mut log,
            )
            .await
        }
    };
    log.line(&format!(
        "Method response body after transformations: {}",
        answer.body
    ));
    log.line(&format!("Method completed with status: {}", answer.status));
    let multi: BTreeMap<_, _> = answer
        .headers
        .iter()
        .map(|(k, v)| (k.clone(), vec![v.clone()]))
        .collect();
    Ok(axum::Json(json!({
        "status": answer.status,
        "body": answer.body,
        "headers": answer.headers,
        "multiValueHeaders": multi,
        "log": log.into_text(),
        "latency": i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX),
    }))
    .into_response())
}

/// `HTTP` / `HTTP_PROXY`: the `PetStore` demo host is answered offline, loopback backends
/// are called, anything else is refused (the sandbox works offline).
async fn http(
    integration: &Integration,
    verb: &str,
    template: &str,
    actual: &str,
    body: &str,
    headers: &BTreeMap<String, String>,
    log: &mut ExecutionLog,
) -> Answer {
    let (actual_path, query) = actual.split_once('?').unwrap_or((actual, ""));
    let mut uri = integration.uri.clone().unwrap_or_default();
    for (name, value) in path_parameters(template, actual_path) {
        uri = uri.replace(&format!("{{{name}}}"), &value);
    }
    if !query.is_empty() {
        uri = format!("{uri}?{query}");
    }
    let backend_verb = integration
        .http_method
        .clone()
        .unwrap_or_else(|| verb.to_owned());
    log.line(&format!("Endpoint request URI: {uri}"));
    let parsed = url::Url::parse(&uri).ok();
    let (status, backend_body) = match parsed.as_ref().and_then(|u| Some((u, u.host_str()?))) {
        Some((url, host)) if petstore::is_demo_host(host) => {
            let query: Vec<(String, String)> = url.query_pairs().into_owned().collect();
            let reply = petstore::handle(&backend_verb, url.path(), &query, body.as_bytes());
            (
                reply.status,
                String::from_utf8_lossy(&reply.body).into_owned(),
            )
        }
        Some(_) if is_loopback_url(&uri) => call(&backend_verb, &uri, body, headers).await,
        _ => {
            let message = format!(
                "the sandbox runs offline and does not call {uri}; only the PetStore demo \
                 backend and loopback backends are reachable"
            );
            log.line(&format!("Execution failed: {message}"));
            return Answer {
                status: 502,
                headers: BTreeMap::new(),
                body: json!({ "message": message }).to_string(),
            };
        }
    };
    log.line(&format!(
        "Endpoint response body before transformations: {backend_body}"
    ));
    if integration.kind == "HTTP_PROXY" {
        return Answer {
            status,
            headers: BTreeMap::new(),
            body: backend_body,
        };
    }
    mock::respond(integration, &status.to_string(), backend_body, TEST_STAGE)
}

async fn call(
    verb: &str,
    uri: &str,
    body: &str,
    headers: &BTreeMap<String, String>,
) -> (u16, String) {
    let method = reqwest::Method::from_bytes(verb.as_bytes()).unwrap_or(reqwest::Method::GET);
    let mut request = authgate_core::http::client()
        .request(method, uri)
        .timeout(std::time::Duration::from_secs(29))
        .body(body.to_owned());
    for (name, value) in headers {
        request = request.header(name, value);
    }
    match request.send().await {
        Ok(response) => {
            let status = response.status().as_u16();
            (status, response.text().await.unwrap_or_default())
        }
        Err(e) => (
            502,
            json!({ "message": format!("backend {uri}: {e}") }).to_string(),
        ),
    }
}

/// `{petId}` → `1` for template `/pets/{petId}` and path `/pets/1`.
fn path_parameters(template: &str, actual: &str) -> Vec<(String, String)> {
    template
        .split('/')
        .zip(actual.split('/'))
        .filter_map(|(t, a)| {
            let name = t.strip_prefix('{')?.strip_suffix('}')?;
            Some((name.trim_end_matches('+').to_owned(), a.to_owned()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::path_parameters;

    #[test]
    fn path_parameters_come_from_the_template() {
        assert_eq!(
            path_parameters("/pets/{petId}", "/pets/7"),
            [("petId".to_owned(), "7".to_owned())]
        );
        assert!(path_parameters("/pets", "/pets").is_empty());
    }
}
