//! The control plane as the data plane sees it ([`ControlPlane`]): a stage's deployment as
//! a [`DeployedApi`] snapshot (built once per change and shared), and running functions.

use std::collections::BTreeMap;
use std::sync::Arc;

use futures::future::BoxFuture;

use crate::aws::apigateway::function_arn;
use crate::aws::invoke_role;
use crate::aws::lambda::run_function;
use crate::aws::model::{Authorizer, GatewayResponse, Integration, Method, Resource, RestApi};
use crate::aws::state::AwsState;
use crate::aws::wire::ACCOUNT_ID;
use crate::gateway::{
    ControlPlane, DeployedApi, DeployedAuthorizer, DeployedGatewayResponse, DeployedIntegration,
    DeployedMethod, DeployedResource, FunctionError, FunctionResult,
};

impl ControlPlane for AwsState {
    fn deployed(&self, api_id: &str, stage: &str) -> Option<Arc<DeployedApi>> {
        self.snapshot_or_build(api_id, stage, || {
            self.read(|s| Ok(snapshot(s.doc.rest_apis.get(api_id), stage)))
                .ok()
                .flatten()
        })
    }

    fn invoke<'a>(
        &'a self,
        function_arn: &'a str,
        event: serde_json::Value,
    ) -> BoxFuture<'a, Result<FunctionResult, FunctionError>> {
        Box::pin(async move { run_function(self, function_arn, &event).await })
    }

    fn authorizer_access(
        &self,
        api_id: &str,
        stage: &str,
        authorizer_id: &str,
    ) -> Result<(), String> {
        self.read(|s| {
            let api = s.doc.rest_apis.get(api_id);
            let authorizer = api
                .and_then(|a| a.deployments.get(&a.stages.get(stage)?.deployment_id))
                .and_then(|d| d.authorizers.get(authorizer_id));
            Ok(authorizer.map(|a| {
                let function = a.authorizer_uri.as_deref().and_then(function_arn);
                invoke_role::check(
                    &s.doc,
                    a.authorizer_credentials.as_deref(),
                    function.unwrap_or_default(),
                )
            }))
        })
        .ok()
        .flatten()
        .unwrap_or(Ok(()))
    }
}

fn snapshot(api: Option<&RestApi>, stage_name: &str) -> Option<DeployedApi> {
    let api = api?;
    let stage = api.stages.get(stage_name)?;
    let deployment = api.deployments.get(&stage.deployment_id)?;
    Some(DeployedApi {
        api_id: api.id.clone(),
        stage: stage.stage_name.clone(),
        deployment_id: deployment.id.clone(),
        region: api.region.clone(),
        account_id: ACCOUNT_ID.to_owned(),
        resources: deployment.resources.iter().map(resource).collect(),
        authorizers: deployment
            .authorizers
            .iter()
            .map(|(id, a)| (id.clone(), authorizer(a)))
            .collect(),
        stage_variables: stage.variables.clone(),
        gateway_responses: deployment
            .gateway_responses
            .iter()
            .map(|(kind, r)| (kind.clone(), gateway_response(r)))
            .collect(),
    })
}

fn gateway_response(r: &GatewayResponse) -> DeployedGatewayResponse {
    DeployedGatewayResponse {
        status_code: r.status_code.as_deref().and_then(|s| s.parse().ok()),
        response_parameters: r.response_parameters.clone(),
        response_templates: r.response_templates.clone(),
    }
}

fn resource(r: &Resource) -> DeployedResource {
    DeployedResource {
        id: r.id.clone(),
        path: r.path.clone(),
        methods: r
            .methods
            .iter()
            .map(|(verb, m)| (verb.clone(), method(m)))
            .collect(),
    }
}

fn method(m: &Method) -> DeployedMethod {
    DeployedMethod {
        authorization_type: m.authorization_type.clone(),
        authorizer_id: m.authorizer_id.clone(),
        api_key_required: m.api_key_required,
        integration: m.integration.as_ref().map(integration),
    }
}

fn integration(i: &Integration) -> DeployedIntegration {
    DeployedIntegration {
        kind: i.kind.clone(),
        http_method: i.http_method.clone(),
        uri: i.uri.clone(),
        request_parameters: i.request_parameters.clone(),
        request_templates: i.request_templates.clone(),
        responses: i
            .integration_responses
            .iter()
            .map(|(code, r)| (code.clone(), r.response_templates.clone()))
            .collect::<BTreeMap<_, _>>(),
        response_headers: i
            .integration_responses
            .iter()
            .map(|(code, r)| (code.clone(), static_headers(&r.response_parameters)))
            .collect(),
    }
}

/// `method.response.header.X` ← `'value'` pairs; mappings from the backend's own headers
/// (`integration.response.header.Y`) are not carried (the sandbox's backends send none that
/// the example API maps).
fn static_headers(parameters: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    parameters
        .iter()
        .filter_map(|(target, source)| {
            let name = target.strip_prefix("method.response.header.")?;
            let value = source.strip_prefix('\'')?.strip_suffix('\'')?;
            Some((name.to_owned(), value.to_owned()))
        })
        .collect()
}

fn authorizer(a: &Authorizer) -> DeployedAuthorizer {
    DeployedAuthorizer {
        id: a.id.clone(),
        name: a.name.clone(),
        kind: a.kind.clone(),
        function_arn: a
            .authorizer_uri
            .as_deref()
            .and_then(function_arn)
            .unwrap_or_default()
            .to_owned(),
        identity_source: a.identity_source.clone().unwrap_or_default(),
        validation_expression: a.identity_validation_expression.clone(),
        ttl_secs: u32::try_from(a.authorizer_result_ttl_in_seconds).unwrap_or(0),
    }
}
