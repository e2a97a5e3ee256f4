//! `DEFAULT_4XX` and `DEFAULT_5XX` with the CORS headers: API Gateway's own answers (401 with
//! no token, 403 of a Deny, 500 of a broken authorizer) then carry
//! `Access-Control-Allow-Origin`, so the page can read them. The console's "Enable CORS" offers
//! the same two checkboxes.

use std::collections::HashMap;

use aws_sdk_apigateway::types::GatewayResponseType;

use super::{ALLOW_HEADERS, DEFAULT_TEMPLATE, quoted};
use crate::aws::error::{AwsError, sdk};
use crate::aws::{Aws, Report};

/// The two response types step 4 customises.
pub const CORS_RESPONSE_TYPES: [&str; 2] = ["DEFAULT_4XX", "DEFAULT_5XX"];

/// What `ensure_gateway_responses` found and did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GatewayCorsRecord {
    /// The types put now (empty: they already carried these headers).
    pub changed: Vec<String>,
}

/// `gatewayresponse.header.*` → `'value'` for the page at `origin`.
pub fn wanted_parameters(origin: &str) -> HashMap<String, String> {
    [
        ("Access-Control-Allow-Origin", origin),
        ("Access-Control-Allow-Headers", ALLOW_HEADERS),
        (
            "Access-Control-Allow-Methods",
            "DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT",
        ),
    ]
    .into_iter()
    .map(|(name, value)| (format!("gatewayresponse.header.{name}"), quoted(value)))
    .collect()
}

/// Puts `DEFAULT_4XX` and `DEFAULT_5XX` with the CORS headers and the default template where
/// they differ; other parameters someone added are kept.
pub async fn ensure_gateway_responses(
    aws: &Aws,
    api_id: &str,
    origin: &str,
    report: &dyn Report,
) -> Result<GatewayCorsRecord, AwsError> {
    let wanted = wanted_parameters(origin);
    let mut changed = Vec::new();
    for kind in CORS_RESPONSE_TYPES {
        let current = aws
            .apigateway
            .get_gateway_response()
            .rest_api_id(api_id)
            .response_type(GatewayResponseType::from(kind))
            .send()
            .await;
        let (mut parameters, templates, default) = match current {
            Ok(r) => (
                r.response_parameters().cloned().unwrap_or_default(),
                r.response_templates().cloned().unwrap_or_default(),
                r.default_response(),
            ),
            Err(e) => {
                let e = sdk("apigateway:GET .../gatewayresponses/{type}", e);
                // moto answers 404 for a type nobody customised; AWS lists the default.
                if !e.is_not_found() {
                    return Err(e);
                }
                (HashMap::new(), HashMap::new(), true)
            }
        };
        let has_template = templates
            .get("application/json")
            .is_some_and(|t| !t.is_empty());
        let missing = wanted.iter().any(|(k, v)| parameters.get(k) != Some(v));
        if !default && !missing && has_template {
            report.line(format!("{kind}: already carries the CORS headers"));
            continue;
        }
        parameters.extend(wanted.clone());
        let template = templates
            .get("application/json")
            .filter(|t| !t.is_empty())
            .cloned()
            .unwrap_or_else(|| DEFAULT_TEMPLATE.to_owned());
        aws.apigateway
            .put_gateway_response()
            .rest_api_id(api_id)
            .response_type(GatewayResponseType::from(kind))
            .set_response_parameters(Some(parameters))
            .response_templates("application/json", template)
            .send()
            .await
            .map_err(|e| sdk("apigateway:PUT .../gatewayresponses/{type}", e))?;
        report.line(format!(
            "{kind}: Access-Control-Allow-Origin {origin}, -Headers, -Methods"
        ));
        changed.push(kind.to_owned());
    }
    Ok(GatewayCorsRecord { changed })
}

/// Teardown: the types back to API Gateway's defaults. Already default is fine.
pub async fn remove_gateway_responses(
    aws: &Aws,
    api_id: &str,
    kinds: &[String],
    report: &dyn Report,
) -> Result<(), AwsError> {
    for kind in kinds {
        let removed = aws
            .apigateway
            .delete_gateway_response()
            .rest_api_id(api_id)
            .response_type(GatewayResponseType::from(kind.as_str()))
            .send()
            .await;
        match removed {
            Ok(_) => report.line(format!("{kind}: back to API Gateway's default")),
            Err(e) => {
                let e = sdk("apigateway:DELETE .../gatewayresponses/{type}", e);
                if !e.is_not_found() {
                    return Err(e);
                }
                report.line(format!("{kind}: already the default"));
            }
        }
    }
    Ok(())
}

/// One gateway response's `Access-Control-Allow-Origin`: removed (`None`), or set to a
/// mapping value (`'http://127.0.0.1:5180'`). Takes effect at the next deployment.
pub async fn set_allow_origin(
    aws: &Aws,
    api_id: &str,
    response_type: &str,
    value: Option<&str>,
) -> Result<(), AwsError> {
    use aws_sdk_apigateway::types::{Op, PatchOperation};
    let op = PatchOperation::builder()
        .op(if value.is_some() { Op::Add } else { Op::Remove })
        .path("/responseParameters/gatewayresponse.header.Access-Control-Allow-Origin")
        .set_value(value.map(str::to_owned))
        .build();
    aws.apigateway
        .update_gateway_response()
        .rest_api_id(api_id)
        .response_type(GatewayResponseType::from(response_type))
        .patch_operations(op)
        .send()
        .await
        .map_err(|e| sdk("apigateway:PATCH .../gatewayresponses/{type}", e))?;
    Ok(())
}
