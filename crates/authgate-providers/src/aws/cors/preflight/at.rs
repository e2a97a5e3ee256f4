//! One method of one resource, and the SDK calls that build an `OPTIONS` method the way the
//! console's "Enable CORS" does: the method, its `MOCK` integration, the method response that
//! declares the headers and the integration response that maps their static values.

use std::collections::HashMap;

use aws_sdk_apigateway::operation::get_method::GetMethodOutput;
use aws_sdk_apigateway::types::IntegrationType;

use crate::aws::apigateway::resources;
use crate::aws::error::{AwsError, sdk};
use crate::aws::{Aws, Report};

/// One method of one resource.
pub(super) struct At<'a> {
    pub api: &'a str,
    pub resource: &'a str,
    pub verb: &'a str,
}

impl At<'_> {
    pub async fn get(&self, aws: &Aws) -> Result<Option<GetMethodOutput>, AwsError> {
        let got = aws
            .apigateway
            .get_method()
            .rest_api_id(self.api)
            .resource_id(self.resource)
            .http_method(self.verb)
            .send()
            .await;
        match got {
            Ok(method) => Ok(Some(method)),
            Err(e) => {
                let e = sdk("apigateway:GET .../methods/{verb}", e);
                if e.is_not_found() { Ok(None) } else { Err(e) }
            }
        }
    }
}

pub(super) async fn put_method(aws: &Aws, at: &At<'_>) -> Result<(), AwsError> {
    aws.apigateway
        .put_method()
        .rest_api_id(at.api)
        .resource_id(at.resource)
        .http_method(at.verb)
        .authorization_type("NONE")
        .send()
        .await
        .map_err(|e| sdk("apigateway:PUT .../methods/OPTIONS", e))?;
    Ok(())
}

pub(super) async fn put_mock(aws: &Aws, at: &At<'_>) -> Result<(), AwsError> {
    aws.apigateway
        .put_integration()
        .rest_api_id(at.api)
        .resource_id(at.resource)
        .http_method(at.verb)
        .r#type(IntegrationType::Mock)
        .request_templates("application/json", "{\"statusCode\": 200}")
        .send()
        .await
        .map_err(|e| sdk("apigateway:PUT .../methods/OPTIONS/integration", e))?;
    Ok(())
}

/// Declares `headers` on the method response `status`, replacing the one there when it
/// `exists` (its other headers are in `headers` too).
pub(super) async fn put_method_response(
    aws: &Aws,
    at: &At<'_>,
    status: &str,
    headers: &HashMap<String, String>,
    exists: bool,
) -> Result<(), AwsError> {
    if exists {
        aws.apigateway
            .delete_method_response()
            .rest_api_id(at.api)
            .resource_id(at.resource)
            .http_method(at.verb)
            .status_code(status)
            .send()
            .await
            .map_err(|e| sdk("apigateway:DELETE .../methods/{verb}/responses/{status}", e))?;
    }
    aws.apigateway
        .put_method_response()
        .rest_api_id(at.api)
        .resource_id(at.resource)
        .http_method(at.verb)
        .status_code(status)
        .set_response_parameters(Some(headers.keys().map(|k| (k.clone(), false)).collect()))
        .send()
        .await
        .map_err(|e| sdk("apigateway:PUT .../methods/{verb}/responses/{status}", e))?;
    Ok(())
}

/// Puts the integration response `status` with `parameters`, keeping what `current` had
/// (selection pattern, templates).
pub(super) async fn put_integration_response(
    aws: &Aws,
    at: &At<'_>,
    status: &str,
    parameters: HashMap<String, String>,
    current: Option<&aws_sdk_apigateway::types::IntegrationResponse>,
) -> Result<(), AwsError> {
    aws.apigateway
        .put_integration_response()
        .rest_api_id(at.api)
        .resource_id(at.resource)
        .http_method(at.verb)
        .status_code(status)
        .set_selection_pattern(current.and_then(|r| r.selection_pattern().map(str::to_owned)))
        .set_response_templates(current.and_then(|r| r.response_templates().cloned()))
        .set_response_parameters(Some(parameters))
        .send()
        .await
        .map_err(|e| sdk("apigateway:PUT .../integration/responses/{status}", e))?;
    Ok(())
}

/// Teardown: the `OPTIONS` methods authgate created (on an API it did not create).
pub async fn remove_preflights(
    aws: &Aws,
    api_id: &str,
    paths: &[String],
    report: &dyn Report,
) -> Result<(), AwsError> {
    let by_path = resources(aws, api_id).await?;
    for path in paths {
        let Some(id) = by_path.get(path).and_then(|r| r.id.as_deref()) else {
            report.line(format!("OPTIONS {path}: already gone"));
            continue;
        };
        let deleted = aws
            .apigateway
            .delete_method()
            .rest_api_id(api_id)
            .resource_id(id)
            .http_method("OPTIONS")
            .send()
            .await;
        match deleted {
            Ok(_) => report.line(format!("OPTIONS {path}: deleted")),
            Err(e) => {
                let e = sdk("apigateway:DELETE .../methods/OPTIONS", e);
                if !e.is_not_found() {
                    return Err(e);
                }
                report.line(format!("OPTIONS {path}: already gone"));
            }
        }
    }
    Ok(())
}
