//! The console's "Enable CORS" on each secured resource: an `OPTIONS` method without an
//! authorizer (a browser's preflight carries no credentials, so an authorizer would answer
//! 401) whose `MOCK` integration answers 200 with `Access-Control-Allow-Origin`, `-Headers`
//! (with `Authorization`) and `-Methods`; and `Access-Control-Allow-Origin` on the secured
//! methods' own answers. Proxy integrations pass their backend's headers through: the backend
//! must send it, which is said, not changed.

use std::collections::{BTreeSet, HashMap};

use aws_sdk_apigateway::types::IntegrationType;

use super::{ALLOW_HEADERS, CorsSpec, quoted};
use crate::aws::apigateway::resources;
use crate::aws::authorizer::replace;
use crate::aws::error::{AwsError, sdk};
use crate::aws::{Aws, Report};

mod at;

pub use at::remove_preflights;
use at::{At, put_integration_response, put_method, put_method_response, put_mock};

const ORIGIN: &str = "method.response.header.Access-Control-Allow-Origin";
const HEADERS: &str = "method.response.header.Access-Control-Allow-Headers";
const METHODS: &str = "method.response.header.Access-Control-Allow-Methods";
const EVERY_VERB: [&str; 7] = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];

/// What `ensure_preflights` found and did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PreflightRecord {
    /// Resource paths that answer a preflight now.
    pub resources: Vec<String>,
    /// Of those, the ones whose `OPTIONS` method was created now.
    pub created: Vec<String>,
    /// What changed, one line each (empty: nothing to do).
    pub changed: Vec<String>,
    /// Secured methods with a proxy integration: their backend must send the header.
    pub proxies: Vec<String>,
}

/// Every secured resource answers a preflight from `spec.origin`; secured methods allow it.
pub async fn ensure_preflights(
    aws: &Aws,
    spec: &CorsSpec<'_>,
    report: &dyn Report,
) -> Result<PreflightRecord, AwsError> {
    let mut by_path: Vec<_> = resources(aws, spec.api_id).await?.into_iter().collect();
    by_path.sort_by(|a, b| a.0.cmp(&b.0));
    let mut record = PreflightRecord::default();
    for (path, resource) in &by_path {
        let Some(id) = resource.id.as_deref() else {
            continue;
        };
        let verbs: BTreeSet<&str> = resource
            .resource_methods()
            .map(|m| m.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let secured: Vec<&str> = verbs
            .iter()
            .copied()
            .filter(|v| *v != "OPTIONS" && spec.scope.wants(path, v))
            .collect();
        if secured.is_empty() {
            continue;
        }
        let mut allowed: BTreeSet<&str> = verbs.iter().copied().filter(|v| *v != "ANY").collect();
        if verbs.contains("ANY") {
            allowed.extend(EVERY_VERB);
        }
        allowed.insert("OPTIONS");
        let allowed = allowed.into_iter().collect::<Vec<_>>().join(",");
        let options = At {
            api: spec.api_id,
            resource: id,
            verb: "OPTIONS",
        };
        let fixes = ensure_options(aws, &options, spec.origin, &allowed).await?;
        match fixes {
            None => {
                report.line(format!("OPTIONS {path}: created (MOCK, no authorizer)"));
                record.created.push(path.clone());
                record.changed.push(format!("OPTIONS {path}: created"));
            }
            Some(fixes) if fixes.is_empty() => {
                report.line(format!("OPTIONS {path}: already answers the preflight"));
            }
            Some(fixes) => {
                let line = format!("OPTIONS {path}: {}", fixes.join(", "));
                report.line(line.clone());
                record.changed.push(line);
            }
        }
        for verb in secured {
            let at = At {
                api: spec.api_id,
                resource: id,
                verb,
            };
            match allow_origin(aws, &at, spec.origin).await? {
                Allow::Proxy => {
                    report.line(format!(
                        "{verb} {path}: proxy integration; its backend must send \
                         Access-Control-Allow-Origin"
                    ));
                    record.proxies.push(format!("{verb} {path}"));
                }
                Allow::Changed => {
                    let line =
                        format!("{verb} {path}: Access-Control-Allow-Origin {}", spec.origin);
                    report.line(line.clone());
                    record.changed.push(line);
                }
                Allow::Unchanged => {}
            }
        }
        record.resources.push(path.clone());
    }
    Ok(record)
}

/// Makes `OPTIONS` what the console makes; `None` when it had to be created, else the fixes.
async fn ensure_options(
    aws: &Aws,
    at: &At<'_>,
    origin: &str,
    allowed: &str,
) -> Result<Option<Vec<&'static str>>, AwsError> {
    let values = HashMap::from([
        (ORIGIN.to_owned(), quoted(origin)),
        (HEADERS.to_owned(), quoted(ALLOW_HEADERS)),
        (METHODS.to_owned(), quoted(allowed)),
    ]);
    let Some(method) = at.get(aws).await? else {
        put_method(aws, at).await?;
        put_mock(aws, at).await?;
        put_method_response(aws, at, "200", &values, false).await?;
        put_integration_response(aws, at, "200", values, None).await?;
        return Ok(None);
    };
    let mut fixes = Vec::new();
    if method.authorization_type() != Some("NONE") {
        aws.apigateway
            .update_method()
            .rest_api_id(at.api)
            .resource_id(at.resource)
            .http_method(at.verb)
            .patch_operations(replace("/authorizationType", "NONE"))
            .send()
            .await
            .map_err(|e| sdk("apigateway:PATCH .../methods/OPTIONS", e))?;
        fixes.push("authorizer removed (a preflight carries no token)");
    }
    let integration = method.method_integration();
    if integration.and_then(|i| i.r#type()) != Some(&IntegrationType::Mock) {
        put_mock(aws, at).await?;
        fixes.push("MOCK integration");
    }
    let response = method.method_responses().and_then(|r| r.get("200"));
    let declared = response.and_then(|r| r.response_parameters());
    if !values
        .keys()
        .all(|k| declared.is_some_and(|d| d.contains_key(k)))
    {
        put_method_response(aws, at, "200", &values, response.is_some()).await?;
        fixes.push("method response 200 declares the CORS headers");
    }
    let mapped = integration
        .and_then(|i| i.integration_responses())
        .and_then(|r| r.get("200"))
        .and_then(|r| r.response_parameters());
    if !values
        .iter()
        .all(|(k, v)| mapped.and_then(|m| m.get(k)) == Some(v))
    {
        put_integration_response(aws, at, "200", values, None).await?;
        fixes.push("Access-Control-Allow-Origin, -Headers (with Authorization), -Methods");
    }
    Ok(Some(fixes))
}

enum Allow {
    Changed,
    Unchanged,
    Proxy,
}

/// `Access-Control-Allow-Origin` on the method's default (or 200) integration response.
async fn allow_origin(aws: &Aws, at: &At<'_>, origin: &str) -> Result<Allow, AwsError> {
    let Some(method) = at.get(aws).await? else {
        return Ok(Allow::Unchanged);
    };
    let Some(integration) = method.method_integration() else {
        return Ok(Allow::Unchanged);
    };
    if matches!(
        integration.r#type(),
        Some(IntegrationType::AwsProxy | IntegrationType::HttpProxy)
    ) {
        return Ok(Allow::Proxy);
    }
    let responses = integration
        .integration_responses()
        .cloned()
        .unwrap_or_default();
    let default = responses
        .iter()
        .find(|(_, r)| r.selection_pattern().is_none_or(str::is_empty))
        .or_else(|| responses.get_key_value("200"));
    let status = default.map_or("200", |(code, _)| code.as_str()).to_owned();
    let current = default.map(|(_, r)| r);
    let wanted = quoted(origin);
    if current
        .and_then(|r| r.response_parameters())
        .and_then(|p| p.get(ORIGIN))
        == Some(&wanted)
    {
        return Ok(Allow::Unchanged);
    }
    let response = method.method_responses().and_then(|r| r.get(&status));
    let declared = response
        .and_then(|r| r.response_parameters())
        .cloned()
        .unwrap_or_default();
    if !declared.contains_key(ORIGIN) {
        let mut all: HashMap<String, String> = declared
            .keys()
            .map(|k| (k.clone(), String::new()))
            .collect();
        all.insert(ORIGIN.to_owned(), String::new());
        put_method_response(aws, at, &status, &all, response.is_some()).await?;
    }
    let mut parameters = current
        .and_then(|r| r.response_parameters())
        .cloned()
        .unwrap_or_default();
    parameters.insert(ORIGIN.to_owned(), wanted);
    put_integration_response(aws, at, &status, parameters, current).await?;
    Ok(Allow::Changed)
}
