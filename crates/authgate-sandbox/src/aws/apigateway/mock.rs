//! What an integration answers in the console's method test: `MOCK` integrations (the
//! request template's `statusCode` picks the integration response), and the response
//! mapping shared with `HTTP` integrations (selection pattern, templates, header values).

use std::collections::BTreeMap;

use crate::aws::model::{Integration, IntegrationResponse};

/// A method's answer: status, headers, body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    pub headers: BTreeMap<String, String>,
    pub body: String,
}

/// Runs a `MOCK` integration for `stage` (what `$context.stage` becomes in templates).
pub fn mock(integration: &Integration, stage: &str) -> Answer {
    let template = integration
        .request_templates
        .get("application/json")
        .or_else(|| integration.request_templates.values().next());
    let status = template
        .and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok())
        .and_then(|v| v["statusCode"].as_u64())
        .unwrap_or(200);
    respond(integration, &status.to_string(), String::new(), stage)
}

/// Maps an integration's result (`selector`: the backend status code) to the method's
/// answer through the matching integration response. No match: the backend body passes.
pub fn respond(
    integration: &Integration,
    selector: &str,
    backend_body: String,
    stage: &str,
) -> Answer {
    let Some(response) = select(&integration.integration_responses, selector) else {
        return Answer {
            status: selector.parse().unwrap_or(200),
            headers: BTreeMap::new(),
            body: backend_body,
        };
    };
    let mut headers = BTreeMap::new();
    for (target, source) in &response.response_parameters {
        let Some(name) = target.strip_prefix("method.response.header.") else {
            continue;
        };
        // Only static values ('text/html') are mapped; integration.response.* needs the
        // data plane's mapping engine.
        if let Some(value) = source.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
            headers.insert(name.to_owned(), value.to_owned());
        }
    }
    let template = response
        .response_templates
        .get("application/json")
        .map(|t| ("application/json", t))
        .or_else(|| {
            response
                .response_templates
                .iter()
                .next()
                .map(|(k, v)| (k.as_str(), v))
        });
    let body = match template {
        Some((content_type, text)) => {
            headers
                .entry("Content-Type".to_owned())
                .or_insert_with(|| content_type.to_owned());
            text.replace("$context.stage", stage)
        }
        None => backend_body,
    };
    Answer {
        status: response.status_code.parse().unwrap_or(200),
        headers,
        body,
    }
}

/// The response whose selection pattern matches, else the default one.
fn select<'a>(
    responses: &'a BTreeMap<String, IntegrationResponse>,
    selector: &str,
) -> Option<&'a IntegrationResponse> {
    let matching = responses.values().find(|r| {
        r.selection_pattern.as_deref().is_some_and(|p| {
            regex::Regex::new(&format!("^(?:{p})$")).is_ok_and(|re| re.is_match(selector))
        })
    });
    matching.or_else(|| responses.values().find(|r| r.selection_pattern.is_none()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::apigateway::openapi::import;
    use authgate_core::tutorial::PETSTORE_OPENAPI;

    fn petstore_method(path: &str, verb: &str) -> Integration {
        let api = import(PETSTORE_OPENAPI.as_bytes(), "us-east-1", "REGIONAL")
            .unwrap()
            .api;
        let resource = api.resources.values().find(|r| r.path == path).unwrap();
        resource.methods[verb].integration.clone().unwrap()
    }

    #[test]
    fn the_welcome_page_is_the_mock_template_with_the_stage() {
        let answer = mock(&petstore_method("/", "GET"), "test");
        assert_eq!(answer.status, 200);
        assert_eq!(answer.headers["Content-Type"], "text/html");
        assert!(answer.body.contains("<h1>PetStore</h1>"), "{}", answer.body);
        assert!(answer.body.contains("/test/pets"), "{}", answer.body);
    }

    #[test]
    fn cors_preflight_headers_come_from_static_parameters() {
        let answer = mock(&petstore_method("/pets", "OPTIONS"), "test");
        assert_eq!(
            answer.headers["Access-Control-Allow-Methods"],
            "POST,GET,OPTIONS"
        );
        assert_eq!(answer.body, "");
    }

    #[test]
    fn selection_patterns_pick_the_response() {
        let mut integration = petstore_method("/pets", "GET");
        integration.integration_responses.insert(
            "404".into(),
            IntegrationResponse {
                status_code: "404".into(),
                selection_pattern: Some("4\\d\\d".into()),
                response_parameters: BTreeMap::new(),
                response_templates: BTreeMap::new(),
            },
        );
        assert_eq!(respond(&integration, "404", "gone".into(), "s").status, 404);
        let ok = respond(&integration, "200", "[1]".into(), "s");
        assert_eq!((ok.status, ok.body.as_str()), (200, "[1]"));
        assert_eq!(ok.headers["Access-Control-Allow-Origin"], "*");
    }
}
